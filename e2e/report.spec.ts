/**
 * The report builder in browser mode on the demo seizure: filter the timeline, take that filter into the report,
 * preview it (the evidence hashes are in the sandboxed preview), export HTML and PDF into the `--reports` folder,
 * and check that each file exists and hashes to the SHA-256 the view shows, with its manifest beside it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoApp, type AppSession } from './helpers/app-session';
import { haveChromium, shot, type Watched } from './helpers/browser';
import { demoManifest, threadline } from './helpers/demo-case';

const manifest = demoManifest();
const tab = (page: Page, name: string) => page.locator('nav.views').getByRole('button', { name, exact: true });
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(!haveChromium())('report builder on the demo seizure', () => {
  let reports: string;
  let session: AppSession | undefined;
  let app: Watched;
  let page: Page;
  let hashes: string[];

  beforeAll(async () => {
    session = await openDemoApp({
      tmpPrefix: 'threadline-e2e-report-',
      timeoutMs: 20_000,
      examiner: 'Insp. E2E Reporter',
      caseFolder: 'cases',
      serveArgs: ({ dir, file }) => {
        // Read before the server opens (and locks) the case.
        hashes = (JSON.parse(threadline(['info', file, '--json'])) as { evidence: { sha256: string }[] }).evidence.map((e) => e.sha256);
        reports = join(dir, 'reports');
        return ['--cases', join(dir, 'cases'), '--reports', reports, '--examiner', 'Insp. E2E Reporter'];
      },
    });
    ({ app, page } = session);
  });

  afterAll(() => session?.close());

  it('takes the timeline filter into the report and previews it with every evidence hash', async () => {
    expect(hashes.length).toBe(manifest.files.length);
    await tab(page, 'Timeline').click();
    await page.locator('.row[data-key]').first().waitFor();
    await page.locator('.filter-bar .chip', { hasText: /^message$/ }).click();
    await expect.poll(() => page.locator('.filter-bar .chip.on').allInnerTexts()).toEqual(['message']);

    await page.keyboard.press('Alt+8');
    await page.getByRole('heading', { name: 'Report', exact: true }).waitFor();
    await expect.poll(() => page.locator('[data-testid=report-filter]').innerText()).toBe('kinds: message');
    await page.getByRole('button', { name: 'Preview' }).click();
    const frame = page.frameLocator('[data-testid=report-frame]');
    await frame.locator('h1').first().waitFor();
    const text = await frame.locator('body').innerText();
    for (const h of hashes) expect(text).toContain(h);
    expect(text).toContain('Kinds: message');
    expect(await page.locator('[data-testid=report-frame]').getAttribute('sandbox')).toBe('');
    // The preview is inert: the report has no script, and the sandbox would not run one.
    expect(await frame.locator('script').count()).toBe(0);
    await shot(page, '20-report-preview');
  });

  for (const format of ['html', 'pdf'] as const) {
    it(`exports ${format.toUpperCase()}: the file exists, hashes to the SHA-256 shown, and has its manifest`, async () => {
      await page.locator('.report-options .chip', { hasText: new RegExp(`^${format.toUpperCase()}$`) }).click();
      await page.locator('input[name=reportFileName]').fill(`e2e-report-${format}`);
      await page.getByRole('button', { name: `Export ${format.toUpperCase()}` }).click();
      const job = page.locator('[data-testid=report-job]');
      try {
        // Done, and done with THIS export: the previous format's finished job stays on screen until the new one shows.
        const doneFile = async () => {
          const state = await job.getAttribute('data-state', { timeout: 1_000 }).catch(() => null);
          if (state !== 'done') return state;
          return page.locator('[data-testid=report-file]').innerText({ timeout: 1_000 }).catch(() => null);
        };
        await expect.poll(doneFile, { timeout: 120_000 }).toBe(`e2e-report-${format}.${format}`);
      } catch (err) {
        await shot(page, `21-report-failed-${format}`);
        throw err;
      }
      const name = await page.locator('[data-testid=report-file]').innerText();
      expect(name).toBe(`e2e-report-${format}.${format}`);
      const file = join(reports, name);
      expect(existsSync(file)).toBe(true);
      const shown = (await page.locator('[data-testid=report-sha256]').innerText()).trim();
      expect(shown).toBe(sha256(file));
      const onDisk = readFileSync(`${file}.sha256.json`, 'utf8');
      expect(JSON.parse(onDisk)).toMatchObject({ file: name, sha256: shown, format, options: { filter: { kinds: ['message'] } } });
      expect((await page.locator('[data-testid=report-manifest]').innerText()).trim()).toBe(onDisk.trim());
      if (format === 'pdf') expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      else for (const h of hashes) expect(readFileSync(file, 'utf8')).toContain(h);
      await shot(page, `21-report-exported-${format}`);
    });
  }

  it('asked nothing of any other origin and threw no page errors', () => {
    expect(app.foreign).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
