/**
 * Browser mode on the demo seizure, as an examiner works: create a case, import every demo file with the settings
 * its MANIFEST entry declares (per device: zone, day/month order, phone region, owner), watch the imports, filter
 * the timeline, search a Thai number written the local way, open a conversation, switch the display zone — and
 * check what is on screen at each step. Screenshots of every view go to e2e/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServedApp, type AppSession } from './helpers/app-session';
import { haveChromium, shot, type Watched } from './helpers/browser';
import { ROOT, type Served } from './helpers/serve';

interface ManifestFile {
  path: string;
  import: { tz: string; region: string; owner: string; dateOrder?: string };
  counts: Record<string, number>;
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'resources', 'demo', 'MANIFEST.json'), 'utf8')) as { files: ManifestFile[] };
const fileName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** A view tab in the top bar (the views' own buttons may share its name). */
const tab = (page: Page, name: string) => page.locator('nav.views').getByRole('button', { name, exact: true });

describe.skipIf(!haveChromium())('browser mode on the demo seizure', () => {
  let session: AppSession | undefined;
  let served: Served;
  let app: Watched;
  let page: Page;

  beforeAll(async () => {
    session = await openServedApp({ tmpPrefix: 'threadline-e2e-', timeoutMs: 15_000 }, (dir) => ['--cases', join(dir, 'cases'), '--evidence', join(ROOT, 'resources', 'demo')]);
    ({ served, app, page } = session);
  });

  afterAll(() => session?.close());

  it('prints one URL line with a token, and refuses the page without it', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const res = await fetch(served.origin + '/');
    expect(res.status).toBe(401);
  });

  it('creates a case', async () => {
    await page.getByRole('heading', { name: 'Create a case' }).waitFor();
    await page.locator('input[name=caseNumber]').fill('E2E-2025-0001');
    await page.locator('input[name=examiner]').fill('Insp. E2E Tester');
    await page.locator('input[name=title]').fill('Demo seizure <b>not bold</b>');
    await page.locator('input[name=tz]').fill('Asia/Bangkok');
    await page.locator('select[name=region]').selectOption('TH');
    await expect.poll(() => page.locator('input[name=fileName]').inputValue()).toBe('E2E-2025-0001.tl');
    await shot(page, '01-case-create');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('heading', { name: 'Evidence files' }).waitFor();
    // The title is shown as text: markup in it is never interpreted.
    await expect.poll(() => page.locator('.topbar .case-label').innerText()).toContain('Demo seizure <b>not bold</b>');
  });

  it('copies a dropped file into the staging folder and marks it as a copy', async () => {
    const dt = await page.evaluateHandle(() => {
      // Types of the page's globals are not in this file's (Node) type library.
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: string[], name: string) => unknown };
      const d = new g.DataTransfer();
      d.items.add(new g.File(['01/02/2021, 10:00 - Ann: a\n'], 'dropped chat.txt'));
      return d;
    });
    await page.dispatchEvent('section.sources', 'drop', { dataTransfer: dt });
    const row = page.locator('[data-testid=source-file][data-name="dropped chat.txt"]');
    await row.waitFor();
    expect(await row.locator('.badge.warn').innerText()).toBe('copy');
    expect(await row.locator('.badge.warn').getAttribute('title')).toContain('not the original');
    await page.getByLabel('Select dropped chat.txt', { exact: true }).uncheck();
  });

  it('imports every demo file with its declared settings, showing progress', async () => {
    for (const f of manifest.files) {
      const name = fileName(f.path);
      await page.getByLabel(`Select ${f.path}`, { exact: true }).check();
      await page.locator('input[name=tz]').fill(f.import.tz);
      await page.locator('select[name=dateOrder]').selectOption(f.import.dateOrder ?? '');
      await page.locator('select[name=region]').selectOption(f.import.region);
      await page.locator('input[name=owner]').fill(f.import.owner);
      await page.getByRole('button', { name: 'Apply to 1 selected' }).click();
      const row = page.locator(`[data-testid=source-file][data-name="${name}"]`);
      await expect.poll(() => row.locator('.file-settings').innerText()).toContain(f.import.tz);
      await page.getByLabel(`Select ${f.path}`, { exact: true }).uncheck();
    }
    // A dry-run check of the spreadsheet shows the column mapping the importer proposes.
    const xlsx = page.locator('[data-testid=source-file][data-name="客户登记表 2025Q1.xlsx"]');
    await xlsx.getByRole('button', { name: 'Check' }).click();
    await xlsx.locator('table caption', { hasText: 'Column mapping' }).waitFor();
    await expect.poll(() => xlsx.locator('[data-testid=check-result]').innerText()).toContain('Detected: Excel workbook');
    await shot(page, '02-evidence-check');

    for (const f of manifest.files) await page.getByLabel(`Select ${f.path}`, { exact: true }).check();
    await page.getByRole('button', { name: `Import ${manifest.files.length} selected` }).click();
    // Progress: the queue is on screen while it runs.
    await page.locator('[data-testid=job]').first().waitFor();
    const live = await page.locator('[data-testid=job][data-state=queued], [data-testid=job][data-state=running]').count();
    expect(live).toBeGreaterThan(0);
    await shot(page, '03-evidence-progress');
    await expect.poll(() => page.locator('[data-testid=job][data-state=done]').count(), { timeout: 120_000, interval: 500 }).toBe(manifest.files.length);
    expect(await page.locator('[data-testid=job][data-state=failed]').count()).toBe(0);
    // Each finished import shows its hashes and accounting.
    const jessica = page.locator('[data-testid=job][data-name="WhatsApp Chat with Jessica.txt"]');
    await expect.poll(() => jessica.innerText()).toMatch(/SHA-256 [0-9a-f]{64}/);
    await expect.poll(() => jessica.locator('[data-testid=job-accounting]').innerText()).toContain('113 lines seen: 113 parsed');
    await expect.poll(() => page.locator('[data-testid=evidence-item]').count()).toBe(manifest.files.length);
    // Every file now in the case is marked as such in the file list; the dropped file that was not imported is not.
    await expect.poll(() => page.locator('[data-testid=already-imported]').count()).toBe(manifest.files.length);
    expect(await page.locator('[data-testid=source-file][data-name="WhatsApp Chat with Jessica.txt"] [data-testid=already-imported]').innerText()).toMatch(/^in case as E\d+$/);
    expect(await page.locator('[data-testid=source-file][data-name="dropped chat.txt"] [data-testid=already-imported]').count()).toBe(0);
    await shot(page, '04-evidence-done');
  });

  it('shows the timeline with every time labelled with its zone, and filters it', async () => {
    await tab(page, 'Timeline').click();
    await page.locator('.row[data-key]').first().waitFor();
    expect(await page.locator('.row.head .c-time').innerText()).toBe('Time (Asia/Bangkok)');
    expect(await page.locator('.row[data-key] .c-time .off').first().innerText()).toBe('+07:00');
    // Every row cites its source.
    const sources = await page.locator('.row[data-key] .c-src').allInnerTexts();
    expect(sources.length).toBeGreaterThan(10);
    for (const s of sources) expect(s).toMatch(/\S+(:\d+|\$\.|row)/);
    await shot(page, '05-timeline');

    await page.locator('.filter-bar .chip', { hasText: /^call$/ }).click();
    await expect.poll(async () => [...new Set(await page.locator('.row[data-key] .c-kind').allInnerTexts())]).toEqual(['call']);
    await shot(page, '06-timeline-calls');
    await page.getByRole('button', { name: /Clear filters/ }).click();
    await expect.poll(async () => new Set(await page.locator('.row[data-key] .c-kind').allInnerTexts()).size).toBeGreaterThan(1);

    // The entity filter asks the index for what is typed, and its chip names the entity.
    const box = page.getByLabel('Filter by entity');
    await box.fill('Somchai');
    const option = page.locator('#entity-options option[value*="Somchai"]').first();
    await expect.poll(() => option.count()).toBe(1);
    await box.fill((await option.getAttribute('value'))!);
    await box.press('Enter');
    await expect.poll(() => page.locator('.entity-filter .chip').first().innerText()).toMatch(/^Somchai.*\(N\d+\)\s+×$/);
    await page.getByRole('button', { name: /Clear filters/ }).click();
  });

  it('finds a Thai number written the local way (091 585 7380) as +66915857380, with where it was written', async () => {
    await tab(page, 'Search').click();
    await page.getByLabel('Search', { exact: true }).fill('091 585 7380');
    await page.keyboard.press('Enter');
    const ident = page.locator('[data-testid=identifier-hit]');
    await ident.first().waitFor();
    await expect.poll(() => ident.first().innerText()).toContain('+66915857380');
    await expect.poll(() => ident.first().innerText()).toContain('+66 91 585 7380');
    await shot(page, '07-search-phone');
    await ident.getByRole('button', { name: 'Show its events in the timeline' }).click();
    await page.locator('.row[data-key]').first().waitFor();
    await expect.poll(() => page.locator('.entity-filter .chip').count()).toBe(1);
    // Named on its chip, though the filter never listed it before.
    await expect.poll(() => page.locator('.entity-filter .chip').first().innerText()).toMatch(/\S.* \(N\d+\)\s+×$/);
  });

  it('shows hidden characters visibly: a U+202E in a contact name is a ⟨RLO⟩ badge', async () => {
    await tab(page, 'Search').click();
    await page.getByLabel('Search', { exact: true }).fill('rotcerid');
    await page.keyboard.press('Enter');
    const hit = page.locator('[data-testid=search-hit]').first();
    await hit.waitFor();
    await expect.poll(() => hit.innerText()).toContain('⟨RLO⟩');
    expect(await hit.locator('mark').count()).toBeGreaterThan(0);
  });

  it('opens a text hit in the timeline and its conversation', async () => {
    await page.getByLabel('Search', { exact: true }).fill('passports');
    await page.keyboard.press('Enter');
    const hit = page.locator('[data-testid=search-hit]', { hasText: 'Keep the passports' }).first();
    await hit.waitFor();
    expect(await hit.locator('mark').first().innerText()).toMatch(/passports/i);
    await shot(page, '08-search-text');
    await hit.getByRole('button').first().click();
    const conv = page.locator('[data-testid=conversation]');
    await conv.waitFor();
    await expect.poll(() => conv.locator('.detail-head').innerText()).toContain('陈总 Boss');
    await expect.poll(() => conv.locator('.msg.target').innerText()).toContain('Keep the passports in the office safe.');
    await expect.poll(() => page.locator('[data-testid=citation]').innerText()).toMatch(/WhatsApp Chat with 陈总 Boss\.txt:\d+/);
    await shot(page, '09-conversation');
  });

  it('switches the display zone: every time on screen moves to UTC and says so', async () => {
    const before = await page.locator('.row.selected .c-time').innerText();
    await page.locator('#display-tz-quick').selectOption('UTC');
    await expect.poll(() => page.locator('.row.head .c-time').innerText()).toBe('Time (UTC)');
    await expect.poll(() => page.locator('.row.selected .c-time .off').innerText()).toBe('+00:00');
    const after = await page.locator('.row.selected .c-time').innerText();
    const wall = (s: string) => Date.parse(`${s.slice(0, 19).replace(' ', 'T')}Z`);
    expect(wall(before) - wall(after)).toBe(7 * 3_600_000);
    await expect.poll(() => page.locator('[data-testid=conversation] .detail-head').innerText()).toContain('times in UTC');
    await shot(page, '10-timeline-utc');
  });

  it('shows the case summary and audit log', async () => {
    await tab(page, 'Case').click();
    await expect.poll(() => page.getByTestId('count-evidence').innerText()).toBe(String(manifest.files.length));
    await expect.poll(() => page.locator('.case-summary').innerText()).toContain('evidence-imported');
    await shot(page, '11-case-summary');
  });

  it('asks which format a file it cannot recognise is, offering every importer, and imports nothing of it', async () => {
    await tab(page, 'Evidence').click();
    const dt = await page.evaluateHandle(() => {
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: string[], name: string) => unknown };
      const d = new g.DataTransfer();
      d.items.add(new g.File(['not an export of any kind\n'], 'unknown.bin'));
      return d;
    });
    await page.dispatchEvent('section.sources', 'drop', { dataTransfer: dt });
    await page.locator('[data-testid=source-file][data-name="unknown.bin"]').waitFor();
    await page.getByRole('button', { name: 'Select none' }).click();
    await page.getByLabel('Select unknown.bin', { exact: true }).check();
    await page.getByRole('button', { name: 'Import 1 selected' }).click();
    const job = page.locator('[data-testid=job][data-name="unknown.bin"]');
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    const options = await job.locator('.question select option').allInnerTexts();
    expect(options[0]).toBe('Detect from content');
    expect(options).toContain('Excel workbook (XLSX)');
    expect(options.length).toBeGreaterThanOrEqual(8);
    await expect.poll(() => page.locator('[data-testid=evidence-item]').count()).toBe(manifest.files.length);
  });

  it('asked for nothing but its own origin and threw no errors', () => {
    expect(app.foreign).toEqual([]);
    expect(app.errors.join('\n')).toBe('');
  });
});
