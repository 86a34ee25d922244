/**
 * Annotations in browser mode on the demo seizure: tag three events from the timeline's side pane (a new tag with a
 * chosen colour, then the same tag again), bookmark one with `b`, add a note, and see all three in the bookmarks
 * panel with their tags, note, citation and display-zone time; the tag filter narrows both the panel and the
 * timeline; clicking an event in the panel opens it in the timeline. Screenshots go to e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoApp, type AppSession } from './helpers/app-session';
import { haveChromium, shot, type Watched } from './helpers/browser';

const tab = (page: Page, name: string) => page.locator('nav.views').getByRole('button', { name, exact: true });
const pane = (page: Page) => page.getByTestId('event-annotations');
/** Timeline rows (not the header). Rows sit in recycled slots, so they are found by event id, not position. */
const ROWS = '.event-list .list-body .row';

describe.skipIf(!haveChromium())('annotations on the demo seizure', () => {
  let session: AppSession | undefined;
  let app: Watched;
  let page: Page;
  const tagged: string[] = [];

  beforeAll(async () => {
    session = await openDemoApp({ tmpPrefix: 'threadline-e2e-annot-', timeoutMs: 20_000 });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  /** Public ids and keys of the loaded rows, in time order. */
  async function loadedRows(): Promise<{ id: string; key: string }[]> {
    const rows = await page.locator(ROWS).evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id')!, key: e.getAttribute('data-key')! })));
    return rows.sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
  }

  /** Select a timeline row by event id; its annotations pane appears beside the list. */
  async function selectRow(id: string): Promise<string> {
    await page.locator(`${ROWS}[data-id="${id}"]`).click();
    await expect.poll(() => page.getByTestId('event-detail').innerText()).toContain(id);
    await pane(page).waitFor();
    return id;
  }

  async function addTag(name: string, colour?: string): Promise<void> {
    await pane(page).getByLabel('Tag name').fill(name);
    if (colour) await pane(page).getByLabel('Tag colour').selectOption(colour);
    await pane(page).getByRole('button', { name: 'Add tag' }).click();
    await pane(page).locator(`.tag-chip[data-tag="${name}"]`).waitFor();
  }

  it('tags three events from the side pane, bookmarks one with b and adds a note', async () => {
    await tab(page, 'Timeline').click();
    await page.locator(ROWS).nth(8).waitFor();
    const rows = await loadedRows();

    tagged.push(await selectRow(rows[1]!.id));
    await addTag('exhibit-A', 'vermillion');
    expect(await pane(page).locator('.tag-chip[data-tag="exhibit-A"]').getAttribute('class')).toContain('tc-vermillion');

    tagged.push(await selectRow(rows[3]!.id));
    await addTag('exhibit-A');
    // b toggles the bookmark on the selected event (focus off the inputs).
    await page.locator(`${ROWS}[data-id="${tagged[1]}"]`).click();
    await page.keyboard.press('b');
    await expect.poll(() => pane(page).getByRole('button', { name: /Bookmark/ }).getAttribute('aria-pressed')).toBe('true');

    tagged.push(await selectRow(rows[5]!.id));
    await addTag('exhibit-A');
    await addTag('money', 'blue');
    await pane(page).getByLabel('New note').fill('Asks the victim to move the money <b>today</b>');
    await pane(page).getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => pane(page).locator('.note-item').first().innerText()).toContain('Asks the victim to move the money <b>today</b>');

    // The rows show their marks: three tagged, one with a star.
    for (const id of tagged) await page.locator(`${ROWS}[data-id="${id}"] [data-testid=row-marks]`).waitFor();
    expect(await page.locator(`${ROWS}[data-id="${tagged[1]}"] [data-testid=row-marks]`).innerText()).toContain('★');
    await shot(page, 'annotations-01-timeline');
  });

  it('shows the three events in the bookmarks panel with tags, note, citation and display time', async () => {
    await page.keyboard.press('Alt+7');
    await page.getByRole('region', { name: 'Bookmarks' }).waitFor();
    const items = page.getByTestId('bookmark-item');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-target')))).toEqual(tagged);
    for (let i = 0; i < 3; i++) {
      const item = items.nth(i);
      expect(await item.locator('.tag-chip[data-tag="exhibit-A"]').count()).toBe(1);
      // Citation: evidence item + file + line/row/path; time with its offset in the display zone.
      expect(await item.getByTestId('bookmark-citation').innerText()).toMatch(/^E\d+ \S.*/);
      expect(await item.locator('.bm-time').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/);
    }
    expect(await items.nth(1).locator('.bm-star').count()).toBe(1);
    const third = await items.nth(2).innerText();
    expect(third).toContain('money');
    expect(third).toContain('Asks the victim to move the money <b>today</b>');
    expect(await items.nth(2).locator('b').count()).toBe(0);
    await shot(page, 'annotations-02-bookmarks');

    // Filter the panel by a tag.
    await page.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: /money/ }).click();
    await expect.poll(() => items.count()).toBe(1);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => items.count()).toBe(3);
  });

  it('edits the note (kept as a new version) and opens an event in the timeline from the panel', async () => {
    const items = page.getByTestId('bookmark-item');
    await items.nth(2).getByRole('button', { name: 'Edit' }).click();
    await items.nth(2).getByLabel(/Edit note/).fill('Asks the victim to move the money today (edited)');
    await items.nth(2).getByRole('button', { name: 'Save new version' }).click();
    await expect.poll(() => items.nth(2).innerText()).toContain('edited');
    await items.nth(2).locator('.note-history summary').click();
    expect(await items.nth(2).locator('.note-history li').count()).toBe(2);
    await shot(page, 'annotations-03-note-history');

    await items.nth(0).locator('.bm-open').click();
    await page.locator('.event-list').waitFor();
    await expect.poll(() => page.locator(`${ROWS}.selected`).getAttribute('data-id')).toBe(tagged[0]);
  });

  it('filters the timeline by tag, and the case view lists the audited annotations', async () => {
    await page.locator('details.tag-filter summary').click();
    await page.getByRole('checkbox', { name: 'Tag exhibit-A' }).check();
    await expect.poll(async () => (await page.locator(ROWS).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).sort()).toEqual([...tagged].sort());
    await shot(page, 'annotations-04-tag-filter');
    await tab(page, 'Case').click();
    await expect.poll(() => page.locator('body').innerText()).toContain('annotation-note-edited');
  });
});
