/**
 * Annotations on entities and evidence items in browser mode on the demo seizure: tag, bookmark and note the most
 * active entity from its card and an evidence item from its row in the Evidence view; see both in the bookmarks panel
 * (grouped by kind) and open each from there; reload the page and see everything still there; the audit log holds
 * the entity note with its target. Screenshots go to e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoApp, type AppSession } from './helpers/app-session';
import { haveChromium, shot, type Watched } from './helpers/browser';

const tab = (page: Page, name: string) => page.locator('nav.views').getByRole('button', { name, exact: true });
/** Hostile on purpose: the note must show as text, never as markup. */
const ENTITY_NOTE = 'Recruiter: asks victims to deposit <img src=x onerror=alert(1)>';
const EVIDENCE_NOTE = 'Exported by the suspect himself, per the seizure record';

describe.skipIf(!haveChromium())('annotations on entities and evidence items', () => {
  let session: AppSession | undefined;
  let app: Watched;
  let page: Page;
  let entity = 0;
  let entityName = '';

  beforeAll(async () => {
    session = await openDemoApp({ tmpPrefix: 'threadline-e2e-annot-targets-', timeoutMs: 20_000 });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  const entityPane = () => page.getByTestId('entity-annotations');
  const evidencePane = () => page.getByTestId('evidence-annotations');

  async function addTag(pane: () => ReturnType<Page['getByTestId']>, name: string, colour?: string): Promise<void> {
    await pane().getByLabel('Tag name').fill(name);
    if (colour) await pane().getByLabel('Tag colour').selectOption(colour);
    await pane().getByRole('button', { name: 'Add tag' }).click();
    await pane().locator(`.tag-chip[data-tag="${name}"]`).waitFor();
  }

  async function addNote(pane: () => ReturnType<Page['getByTestId']>, text: string): Promise<void> {
    await pane().getByLabel('New note').fill(text);
    await pane().getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => pane().locator('.note-item').first().innerText()).toContain(text);
  }

  it("tags, bookmarks and notes an entity from its card", async () => {
    await expect.poll(() => tab(page, 'Entities').isEnabled()).toBe(true);
    await page.keyboard.press('Alt+5');
    await page.locator('[data-testid=entity-row]').first().click();
    await page.getByTestId('entity-card').waitFor();
    entity = Number(await page.getByTestId('entity-card').getAttribute('data-entity'));
    entityName = await page.getByTestId('card-name').innerText();
    expect(entity).toBeGreaterThan(0);
    expect(await entityPane().getAttribute('data-target')).toBe(`entity:${entity}`);

    await addTag(entityPane, 'suspect', 'vermillion');
    expect(await entityPane().locator('.tag-chip[data-tag="suspect"]').getAttribute('class')).toContain('tc-vermillion');
    await entityPane().getByRole('button', { name: /Bookmark/ }).click();
    await expect.poll(() => entityPane().getByRole('button', { name: /Bookmark/ }).getAttribute('aria-pressed')).toBe('true');
    await addNote(entityPane, ENTITY_NOTE);
    // Shown as text: no <img> element made from the note.
    expect(await entityPane().locator('.note-item img').count()).toBe(0);
    // The entity's row in the list carries its marks: the star, the tag's colour, a note.
    const marks = page.locator(`[data-testid=entity-row][data-entity="${entity}"] [data-testid=row-marks]`);
    await expect.poll(() => marks.getAttribute('title')).toBe('bookmarked · tags: suspect · 1 note(s)');
    expect(await marks.locator('.dot.tc-vermillion').count()).toBe(1);
    await entityPane().scrollIntoViewIfNeeded();
    await shot(page, 'annotations-targets-01-entity-card');
  });

  it('tags and notes an evidence item from its row; the row shows its marks', async () => {
    await page.keyboard.press('Alt+2');
    const row = page.locator('[data-testid=evidence-item][data-evidence="1"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'E1', exact: true }).click();
    await evidencePane().waitFor();
    expect(await evidencePane().getAttribute('data-target')).toBe('evidence:1');
    await addTag(evidencePane, 'exhibit-B', 'sky');
    // An existing tag is offered again (the datalist), and takes its colour.
    await addTag(evidencePane, 'suspect');
    await addNote(evidencePane, EVIDENCE_NOTE);
    await expect.poll(() => row.getByTestId('evidence-marks').locator('.tag-chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))).toEqual(['exhibit-B', 'suspect']);
    expect(await row.getByTestId('evidence-marks').innerText()).toContain('✎');
    await evidencePane().scrollIntoViewIfNeeded();
    await shot(page, 'annotations-targets-02-evidence-row');
  });

  it('lists both in the bookmarks panel, grouped by kind, and opens each where it lives', async () => {
    await page.keyboard.press('Alt+7');
    await page.getByRole('region', { name: 'Bookmarks' }).waitFor();
    const entities = page.getByRole('region', { name: 'Entities' }).getByTestId('bookmark-item');
    const evidence = page.getByRole('region', { name: 'Evidence items' }).getByTestId('bookmark-item');
    await expect.poll(() => entities.count()).toBe(1);
    await expect.poll(() => evidence.count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Events' }).count()).toBe(0);
    expect(await entities.first().getAttribute('data-target')).toBe(`N${entity}`);
    expect(await entities.first().locator('.bm-star').count()).toBe(1);
    expect(await entities.first().locator('.bm-title').innerText()).toBe(entityName);
    expect(await entities.first().innerText()).toContain(ENTITY_NOTE);
    expect(await entities.first().getByTestId('bookmark-citation').innerText()).toMatch(new RegExp(`^entity N${entity}, anchored to identity node \\d+`));
    expect(await evidence.first().getAttribute('data-target')).toBe('E1');
    expect(await evidence.first().locator('.tag-chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))).toEqual(['exhibit-B', 'suspect']);
    expect(await evidence.first().getByTestId('bookmark-citation').innerText()).toMatch(/^E1 .+\.txt \(SHA-256 [0-9a-f]{64}\)$/);
    // The tag filter: "exhibit-B" keeps the evidence item only.
    await page.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: /exhibit-B/ }).click();
    await expect.poll(() => entities.count()).toBe(0);
    expect(await evidence.count()).toBe(1);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => entities.count()).toBe(1);
    await shot(page, 'annotations-targets-03-bookmarks');

    // The entity opens on its card; the evidence item on its row, detail open.
    await page.keyboard.press('Alt+1');
    await page.keyboard.press('Alt+7');
    await entities.first().locator('.bm-open').click();
    await expect.poll(() => page.getByTestId('entity-card').getAttribute('data-entity')).toBe(String(entity));
    await entityPane().locator('.tag-chip[data-tag="suspect"]').waitFor();
    await page.keyboard.press('Alt+7');
    await evidence.first().locator('.bm-open').click();
    await expect.poll(() => evidencePane().getAttribute('data-target')).toBe('evidence:1');
    expect(await page.locator('[data-testid=evidence-item][data-evidence="1"]').getByRole('button', { name: 'E1', exact: true }).getAttribute('aria-expanded')).toBe('true');
  });

  it('keeps everything after a reload, and the audit log holds the entity note with its target', async () => {
    await page.reload();
    await page.locator('.topbar .case-label[title]').waitFor();
    await page.keyboard.press('Alt+7');
    const items = page.getByTestId('bookmark-item');
    await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-target')))).toEqual([`N${entity}`, 'E1']);
    expect(await items.nth(0).innerText()).toContain(ENTITY_NOTE);
    expect(await items.nth(1).innerText()).toContain(EVIDENCE_NOTE);
    await shot(page, 'annotations-targets-04-after-reload');

    await page.keyboard.press('Alt+1');
    const noteRow = page.locator('tr', { has: page.locator('td', { hasText: /^annotation-note-added$/ }) }).first();
    await noteRow.waitFor();
    const details = JSON.parse((await noteRow.locator('td.ellipsis').getAttribute('title'))!) as Record<string, unknown>;
    // The latest note is the evidence item's; both are in the log, each with its target.
    const all = await page.locator('tr', { has: page.locator('td', { hasText: /^annotation-note-added$/ }) }).locator('td.ellipsis').evaluateAll((els) => els.map((e) => JSON.parse(e.getAttribute('title')!) as Record<string, unknown>));
    expect(all.map((d) => [d.target, d.text])).toEqual(
      expect.arrayContaining([
        ['entity', ENTITY_NOTE],
        ['evidence', EVIDENCE_NOTE],
      ]),
    );
    expect(all.find((d) => d.target === 'entity')).toMatchObject({ entity, text: ENTITY_NOTE });
    expect(details.target).toBeDefined();
    expect(app.errors).toEqual([]);
    expect(app.foreign).toEqual([]);
  });
});
