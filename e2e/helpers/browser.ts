/**
 * Chromium for browser-mode tests (playwright-core with the system /usr/bin/chromium, never a downloaded browser),
 * with every request the page makes recorded: a test fails if the renderer asks for anything but its own origin.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './serve';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
export const SCREENSHOTS = resolve(ROOT, 'e2e', 'screenshots');

export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Watched {
  page: Page;
  /** Requests to any origin other than the app's own. */
  foreign: string[];
  /** Uncaught errors in the page. */
  errors: string[];
}

/** A new page on `url` with its requests and errors recorded; `initScript` runs before the app's own code (benches). */
export async function openApp(browser: Browser, url: string, viewport = { width: 1500, height: 920 }, initScript?: string): Promise<Watched> {
  const origin = new URL(url).origin;
  const page = await browser.newPage({ viewport });
  if (initScript) await page.addInitScript({ content: initScript });
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(`${origin}/`) && !u.startsWith('data:')) foreign.push(u);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, foreign, errors };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}
