/**
 * The desktop app itself, with Playwright's Electron driver — run where Electron's binary exists; here (binary
 * download skipped) every test is skipped with the reason. Checks the hardening a page can observe: the preload's
 * API has one function per channel and nothing else, no Node in the page, the app:// origin, navigation away denied.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../shared/channels';
import { ROOT } from './helpers/serve';

// Not require('electron'): when the binary is missing, that tries to download it (no network in tests).
const { electronBinary } = (await import(pathToFileURL(join(ROOT, 'scripts', 'electron-binary.mjs')).href)) as { electronBinary(root: string): string | null };
const binary = electronBinary(ROOT);
const reason = "Electron's binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1); browser mode covers the views";

describe.skipIf(!binary || !existsSync(join(ROOT, 'dist', 'app', 'main.mjs')))(`the Electron app${binary ? '' : ` — skipped: ${reason}`}`, () => {
  it('opens the workstation on app:// with the hardened preload API only', async () => {
    const app = await electron.launch({ executablePath: binary!, args: [ROOT, '--case', join(ROOT, 'out', 'demo', 'demo-case.tl')], cwd: ROOT });
    try {
      const page = await app.firstWindow();
      await page.locator('.topbar').waitFor();
      expect(page.url()).toMatch(/^app:\/\/threadline\//);
      const shape = await page.evaluate(() => {
        const g = globalThis as unknown as { threadline?: Record<string, unknown>; require?: unknown; process?: unknown };
        return { keys: Object.keys(g.threadline ?? {}).sort(), allFunctions: Object.values(g.threadline ?? {}).every((f) => typeof f === 'function'), node: typeof g.require !== 'undefined' || typeof g.process !== 'undefined' };
      });
      expect(shape).toEqual({ keys: [...CHANNELS].sort(), allFunctions: true, node: false });
      await page.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/threadline\//);
    } finally {
      await app.close();
    }
  });
});

describe.skipIf(!!binary)('the Electron app', () => {
  it.skip(`skipped: ${reason}`, () => undefined);
});
