/**
 * Browser mode on the demo case: the identity workbench as a case lead uses it — find entities, work the
 * suggestions queue (confirm with a justification, see the two entities become one in the list), open "Why
 * linked?" on the examiner's link and on an automatic one, undo the decision and see them apart again, follow an
 * identifier to its source record in the timeline — asserting what is on screen, with screenshots.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoApp, type AppSession } from './helpers/app-session';
import { haveChromium, shot, type Watched } from './helpers/browser';
import { ROOT } from './helpers/serve';

const EXAMINER = 'Insp. E2E Identity';
const tab = (page: Page, name: string) => page.locator('nav.views').getByRole('button', { name, exact: true });

describe.skipIf(!haveChromium())('the identity workbench on the demo case', () => {
  let session: AppSession | undefined;
  let app: Watched;
  let page: Page;
  let total = 0;
  /** The first suggestion: its id and its two sides (entity ids, and the identifier side B was proposed on). */
  let sugg = { id: '', a: 0, b: 0, bValue: '' };
  let decision = '';

  const listIds = async () => (await page.locator('[data-testid=entity-row]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-entity'))))).sort((x, y) => x - y);
  const countText = () => page.getByTestId('entity-count').innerText();
  const search = async (q: string) => {
    await page.getByLabel('Search entities').fill(q);
    await page.getByLabel('Search entities').press('Enter');
  };

  beforeAll(async () => {
    session = await openDemoApp({ tmpPrefix: 'threadline-e2e-idw-', timeoutMs: 15_000, serveArgs: () => ['--examiner', EXAMINER, '--evidence', join(ROOT, 'resources', 'demo')] });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  it('opens with Alt+5 on a list sorted by activity, most active first', async () => {
    await tab(page, 'Timeline').waitFor();
    await expect.poll(() => tab(page, 'Entities').isEnabled()).toBe(true);
    await page.keyboard.press('Alt+5');
    await page.getByTestId('identity-workbench').waitFor();
    await page.locator('[data-testid=entity-row]').first().waitFor();
    await expect.poll(countText).toMatch(/^\d+ entities/);
    total = Number((await countText()).split(' ')[0]);
    expect(total).toBeGreaterThan(20);
    const activity = await page.locator('[data-testid=entity-row] .idw-row-2 .idw-stat:first-child').allInnerTexts();
    const n = activity.map((t) => Number(t.replace(/\D/g, '')));
    expect(n.length).toBeGreaterThan(5);
    expect([...n].sort((x, y) => y - x)).toEqual(n);
    await page.locator('[data-testid=entity-row]').first().click();
    await page.getByTestId('entity-card').waitFor();
    expect(await page.getByTestId('card-name').innerText()).toBe(await page.locator('[data-testid=entity-row] .idw-name').first().innerText());
    await expect.poll(() => page.getByTestId('card-activity').innerText()).toBe(`${n[0]} events`);
    await shot(page, 'identity-01-list-card');
  });

  it('marks invisible characters in a name visibly: ⟨RLO⟩ and an "invisible chars" badge', async () => {
    await search('rotcerid');
    await expect.poll(() => page.locator('[data-testid=entity-row]').count()).toBe(1);
    const row = page.locator('[data-testid=entity-row]').first();
    expect(await row.locator('.idw-name').innerText()).toContain('⟨RLO⟩');
    expect(await row.locator('.idw-flag[data-flag=invisible-chars]').innerText()).toBe('invisible chars');
    await row.click();
    await expect.poll(() => page.getByTestId('card-name').innerText()).toContain('⟨RLO⟩');
    await page.getByTestId('lookalike-note').waitFor();
    await shot(page, 'identity-02-invisible');
    await search('');
    await expect.poll(countText).toBe(`${total} entities`);
  });

  it('shows the suggestions queue: both sides, score, rule and reasons', async () => {
    await page.getByRole('tab', { name: /^Suggestions \(\d+\)$/ }).click();
    const first = page.locator('[data-testid=suggestion]').first();
    await first.waitFor();
    sugg.id = (await first.getAttribute('data-suggestion'))!;
    const sides = first.locator('[data-testid=suggestion-side]');
    expect(await sides.count()).toBe(2);
    sugg.a = Number(await sides.nth(0).getAttribute('data-entity'));
    sugg.b = Number(await sides.nth(1).getAttribute('data-entity'));
    sugg.bValue = (await sides.nth(1).getAttribute('data-node-value'))!;
    expect(sugg.a).not.toBe(sugg.b);
    expect(await first.locator('.idw-score').innerText()).toMatch(/^0\.\d\d$/);
    expect((await first.locator('.idw-reasons li').first().innerText()).length).toBeGreaterThan(20);
    expect(await sides.nth(0).getByTestId('side-name').innerText()).not.toBe('');
    await shot(page, 'identity-03-suggestions');
  });

  it('confirms the suggestion only with a justification, and the two entities merge in the list', async () => {
    await search(sugg.bValue);
    await expect.poll(listIds).toEqual([sugg.b]);

    const s = page.locator(`[data-testid=suggestion][data-suggestion="${sugg.id}"]`);
    await s.getByRole('button', { name: 'Confirm…' }).click();
    const submit = s.getByRole('button', { name: 'Confirm: same person' });
    await s.getByLabel('Justification').fill('same');
    expect(await submit.isDisabled()).toBe(true);
    expect(await s.locator('.idw-justify').innerText()).toContain(`recorded in the audit log as ${EXAMINER}`);
    await s.getByLabel('Justification').fill('He gives this Telegram handle as his own in the chat; the same handle is on the seized Telegram export.');
    expect(await submit.isDisabled()).toBe(false);
    await shot(page, 'identity-04-justify');
    await submit.click();

    const banner = page.getByTestId('last-decision');
    await banner.waitFor();
    decision = (await banner.getAttribute('data-decision'))!;
    const merged = Math.min(sugg.a, sugg.b);
    expect(await banner.innerText()).toContain(`(confirmed) recorded in the audit log: entities ${[sugg.a, sugg.b].sort((x, y) => x - y).join(', ')} → ${merged}`);
    // The identifier now belongs to the merged entity; one entity fewer overall.
    await expect.poll(listIds).toEqual([merged]);
    await search('');
    await expect.poll(countText).toBe(`${total - 1} entities`);
    await expect.poll(() => page.locator(`[data-testid=suggestion][data-suggestion="${sugg.id}"]`).count()).toBe(0);
  });

  it('says why linked: the examiner decision with justification, who and when; an automatic link with rule and identifier', async () => {
    await page.getByRole('tab', { name: 'Entity' }).click();
    const card = page.getByTestId('entity-card');
    await expect.poll(() => card.getAttribute('data-entity')).toBe(String(Math.min(sugg.a, sugg.b)));
    const mine = card.locator('[data-testid=link][data-rule=examiner-confirmed]');
    await expect.poll(() => mine.count()).toBe(1);
    await mine.getByText('Why linked?').click();
    const why = mine.getByTestId('why-linked');
    await expect.poll(() => why.innerText()).toContain(`Examiner decision ${decision} (confirm) by ${EXAMINER}`);
    expect(await why.innerText()).toContain('He gives this Telegram handle as his own in the chat');
    expect(await why.innerText()).toContain('Rule examiner-confirmed: An examiner confirmed a suggestion');

    const auto = card.locator('[data-testid=link]:not([data-rule^=examiner])').first();
    await auto.getByText('Why linked?').click();
    const autoWhy = auto.getByTestId('why-linked');
    const rule = (await auto.getAttribute('data-rule'))!;
    await expect.poll(() => autoWhy.innerText()).toContain(`Rule ${rule}:`);
    expect(await autoWhy.innerText()).toMatch(/Shared identifier: \S+ \S+/);
    expect(await autoWhy.innerText()).toMatch(/Stated in: E\d+ \S+/);
    await mine.scrollIntoViewIfNeeded();
    await shot(page, 'identity-05-why-linked');
  });

  it('undoes the decision with a justification, and the two entities are apart again', async () => {
    const banner = page.getByTestId('last-decision');
    await banner.getByRole('button', { name: 'Undo…' }).click();
    await banner.getByLabel('Justification').fill('Confirmed too early: wait for the Telegram subscriber records.');
    await banner.getByRole('button', { name: `Undo decision #${decision}` }).click();
    await expect.poll(() => banner.innerText()).toContain('(undone)');
    await search(sugg.bValue);
    await expect.poll(listIds).toEqual([sugg.b]);
    await search('');
    await expect.poll(countText).toBe(`${total} entities`);
    await page.getByRole('tab', { name: 'Decisions' }).click();
    const confirmed = page.locator(`[data-testid=decision][data-decision="${decision}"]`);
    await expect.poll(() => confirmed.innerText()).toContain(`undone by #${Number(decision) + 1}`);
    expect(await page.locator('[data-testid=decision]').first().getAttribute('data-kind')).toBe('undo');
    await page.getByRole('tab', { name: /^Suggestions/ }).click();
    await page.locator(`[data-testid=suggestion][data-suggestion="${sugg.id}"]`).waitFor();
    await page.getByRole('tab', { name: 'Decisions' }).click();
    await shot(page, 'identity-06-undone');
  });

  it('opens the record an identifier was seen in, in the timeline', async () => {
    await page.locator(`[data-testid=decision][data-decision="${decision}"] .idw-decision-head`).waitFor();
    await search(sugg.bValue);
    await expect.poll(listIds).toEqual([sugg.b]);
    await page.locator('[data-testid=entity-row]').first().click();
    const open = page.getByTestId('entity-card').getByTestId('open-record').first();
    await open.waitFor();
    const cite = await open.innerText();
    await open.click();
    await page.locator('.row.selected').waitFor();
    const src = await page.locator('.row.selected .c-src').innerText();
    expect(cite.startsWith(src.split(/[:\s]/)[0]!)).toBe(true);
    await shot(page, 'identity-07-open-record');
  });

  it('asked for nothing but its own origin and threw no errors', () => {
    expect(app.foreign).toEqual([]);
    expect(app.errors.join('\n')).toBe('');
  });
});
