/**
 * Browser mode on a large generated case (50,000 events): the timeline opens at once, scrolls through pages it
 * fetches as it goes (the rows stay in time order), jumps to a date, filters by text, and moves by keyboard.
 * The million-event scroll with frame times is bench/ui-scroll.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServedApp, type AppSession } from './helpers/app-session';
import { haveChromium, shot, type Watched } from './helpers/browser';
import { buildLargeCase } from './helpers/large-case';

const N = 50_000;

/** The number in "#123 …" that every generated message starts with, per visible row. */
async function rowNumbers(page: Page): Promise<number[]> {
  const texts = await page.locator('.row[data-key] .c-text').allInnerTexts();
  return texts.map((t) => Number(/#(\d+)/.exec(t)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
}

async function rowKeys(page: Page): Promise<bigint[]> {
  const keys = await page.locator('.row[data-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')!));
  return keys.map((k) => BigInt(k));
}

const ascending = (xs: bigint[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);

describe.skipIf(!haveChromium())(`browser mode on a ${N.toLocaleString('en')}-event case`, () => {
  let session: AppSession | undefined;
  let app: Watched;
  let page: Page;

  beforeAll(async () => {
    session = await openServedApp({ tmpPrefix: 'threadline-e2e-large-', timeoutMs: 15_000 }, async (dir) => ['--case', await buildLargeCase(dir, N)]);
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  it('opens on the timeline with the case summary in the top bar', async () => {
    await page.locator('.row[data-key]').first().waitFor();
    expect(await page.locator('.topbar .case-label').innerText()).toContain(`LARGE-${N}`);
    expect((await rowNumbers(page)).slice(0, 3)).toEqual([0, 1, 2]);
    await expect.poll(() => page.getByTestId('histogram').locator('rect.hbar').count()).toBeGreaterThan(20);
  });

  it('scrolls far down, fetching pages as it goes, rows always in time order', async () => {
    const list = page.getByTestId('timeline-scroll');
    for (let i = 0; i < 40; i++) {
      await list.evaluate((el) => el.scrollBy(0, el.clientHeight * 2));
      await page.waitForTimeout(40);
    }
    await expect.poll(async () => Math.min(...(await rowNumbers(page)))).toBeGreaterThan(1500);
    expect(ascending(await rowKeys(page))).toBe(true);
    await shot(page, '12-large-scrolled');
  });

  it('jumps to a date (read in the display zone) and scrolls back up across the jump', async () => {
    await page.getByLabel(/^Jump to date/).fill('2025-01-15 12:00');
    await page.getByRole('button', { name: 'Go' }).click();
    await expect.poll(() => page.locator('.row.selected .c-time').innerText()).toMatch(/^2025-01-15 12:0\d:\d\d/);
    const at = (await rowNumbers(page))[0]!;
    const list = page.getByTestId('timeline-scroll');
    for (let i = 0; i < 6; i++) {
      await list.evaluate((el) => el.scrollBy(0, -el.clientHeight));
      await page.waitForTimeout(60);
    }
    await expect.poll(async () => Math.min(...(await rowNumbers(page)))).toBeLessThan(at);
    expect(ascending(await rowKeys(page))).toBe(true);
  });

  it('filters by text and moves through the rows with j and Enter', async () => {
    await page.getByLabel('Text filter').fill('bonus');
    await page.getByLabel('Text filter').press('Enter');
    await expect.poll(async () => {
      const t = await page.locator('.row[data-key] .c-text').allInnerTexts();
      return t.length > 0 && t.every((x) => x.includes('bonus'));
    }).toBe(true);
    await page.locator('.row[data-key]').first().click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const rows = page.locator('.row[data-key]');
    expect(await rows.nth(2).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('conversation').locator('.detail-head').innerText()).toMatch(/Team \d/);
    await shot(page, '13-large-filtered');
  });

  it('asked for nothing but its own origin and threw no errors', () => {
    expect(app.foreign).toEqual([]);
    expect(app.errors.join('\n')).toBe('');
  });
});
