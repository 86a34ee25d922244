/**
 * The link graph in browser mode on the demo seizure: the graph draws the whole case, two entities selected show the
 * shortest paths between them, "Show in timeline" filters the timeline to exactly those entities' events, a timeline
 * filter redraws the graph, and the view exports as SVG (names escaped) and PNG. Screenshots go to e2e/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoApp, type AppSession } from './helpers/app-session';
import { haveChromium, SCREENSHOTS, shot, type Watched } from './helpers/browser';

const tab = (page: Page, name: string) => page.locator('nav.views').getByRole('button', { name, exact: true });
const status = (page: Page) => page.getByTestId('graph-status');
/** The page's document, as the in-page callbacks use it (this file is type-checked without the DOM library). */
interface PageDoc {
  document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
}
const layoutDone = (page: Page) =>
  page.waitForFunction(() => (globalThis as unknown as PageDoc).document.querySelector('[data-testid=graph-status]')?.getAttribute('data-layout') === 'done', null, { timeout: 60_000 });

interface WireEvent {
  key: string;
  actor: { entity: number | null } | null;
  counterpart: { entity: number | null } | null;
}

describe.skipIf(!haveChromium())('link graph on the demo seizure', () => {
  let session: AppSession | undefined;
  let app: Watched;
  let page: Page;
  let options: string[] = [];
  const picked: number[] = [];

  beforeAll(async () => {
    session = await openDemoApp({ tmpPrefix: 'threadline-e2e-graph-', timeoutMs: 20_000 });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  it('opens with Alt+6 and draws every entity linked by messages, calls and transactions', async () => {
    await page.keyboard.press('Alt+6');
    await page.getByRole('region', { name: 'Graph' }).waitFor();
    await layoutDone(page);
    expect(await status(page).innerText()).toMatch(/^(\d+) of \1 entities, (\d+) of \2 links · layout (settled|stopped) after \d+ iterations$/);
    const nodes = Number(await page.getByTestId('graph-canvas').getAttribute('data-nodes'));
    expect(nodes).toBeGreaterThan(20);
    expect(await page.locator('.graph-canvas canvas').count()).toBeGreaterThan(2);
    options = await page.locator('#graph-node-options option').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(options.length).toBe(nodes);
    await shot(page, 'graph-01-demo');
  });

  it('selects two entities and shows the shortest paths between them', async () => {
    const pick = page.getByLabel('Select entity');
    for (const name of ['Somchai Agent TH', 'Pornthip KBank']) {
      const opt = options.find((o) => o.startsWith(`${name} (N`));
      expect(opt, name).toBeDefined();
      picked.push(Number(/\(N(\d+)\)$/.exec(opt!)![1]));
      await pick.fill(opt!);
      await pick.press('Enter');
    }
    await expect.poll(() => page.getByTestId('graph-selected').count()).toBe(2);
    const paths = page.getByTestId('graph-paths');
    await paths.waitFor();
    await expect.poll(() => paths.innerText()).toMatch(/\d+ shortest paths? of 2 links/);
    // Each path runs from the first to the second selected entity through one intermediary.
    const items = await paths.locator('ol li').allInnerTexts();
    expect(items.length).toBeGreaterThan(0);
    for (const p of items) expect(p).toMatch(/^Somchai Agent TH → .+ → Pornthip KBank$/);
    await page.waitForTimeout(500);
    await shot(page, 'graph-02-path');
  });

  it('exports the view as SVG and PNG', async () => {
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
    expect(svgDownload.suggestedFilename()).toMatch(/-graph\.svg$/);
    const svg = readFileSync((await svgDownload.path())!, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('>Somchai Agent TH</text>');
    expect(svg).not.toMatch(/<script|href=|on\w+=/i);
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    await pngDownload.saveAs(join(SCREENSHOTS, 'graph-export.png'));
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('"Show in timeline" filters the timeline to exactly those entities', async () => {
    await page.getByRole('button', { name: 'Show in timeline' }).click();
    await page.locator('.row[data-key]').first().waitFor();
    await expect.poll(() => page.locator('.entity-filter .chip').count()).toBe(2);
    const chips = await page.locator('.entity-filter .chip').allInnerTexts();
    expect(chips.join(' ')).toContain(`N${picked[0]}`);
    expect(chips.join(' ')).toContain(`N${picked[1]}`);
    // The rows on screen are the first events the engine gives for those two entities, and every one has one of
    // them as a party.
    const res = await page.evaluate(async (entities) => {
      const r = await fetch('/api/timeline.page', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ filter: { entities }, displayTz: 'UTC', limit: 20, position: { type: 'start' } }),
      });
      return (await r.json()) as { ok: boolean; value: { events: WireEvent[] } };
    }, picked);
    expect(res.ok).toBe(true);
    const events = res.value.events;
    expect(events.length).toBeGreaterThan(3);
    for (const e of events) expect([e.actor?.entity, e.counterpart?.entity].some((x) => x !== undefined && x !== null && picked.includes(x))).toBe(true);
    const keys = await page.locator('.row[data-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')!));
    const sorted = [...keys].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    expect(sorted.slice(0, 3)).toEqual(events.slice(0, 3).map((e) => e.key));
    await shot(page, 'graph-03-timeline-filtered');
  });

  it('a timeline filter redraws the graph (calls only)', async () => {
    await page.locator('.entity-filter .chip').first().click();
    await page.locator('.entity-filter .chip').first().click();
    await page.locator('.filter-bar .chip', { hasText: /^call$/ }).click();
    await tab(page, 'Graph').click();
    await layoutDone(page);
    await expect.poll(() => page.locator('.graph-filter .chip.on').allInnerTexts()).toEqual(['call']);
    const text = await status(page).innerText();
    const [, shown, total] = /^(\d+) of (\d+) entities/.exec(text)!;
    expect(Number(shown)).toBe(Number(total));
    expect(Number(await page.getByTestId('graph-canvas').getAttribute('data-nodes'))).toBeLessThan(options.length);
    await shot(page, 'graph-04-calls-only');
    expect(app.errors).toEqual([]);
    expect(app.foreign).toEqual([]);
  });
});
