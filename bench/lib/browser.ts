/**
 * Browser-mode set-up shared by the UI benches (bench/ui-scroll.ts, bench/graph.ts): the serve bridge on a case,
 * system Chromium, and a page at the benches' window size with a no-op `__name` injected before the app loads.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, haveChromium, launch, openApp, type Watched } from '../../e2e/helpers/browser';
import { ROOT, serve, type Served } from '../../e2e/helpers/serve';

export { CHROMIUM, launch, type Served, type Watched };

/**
 * tsx compiles bench files with esbuild's keepNames, which wraps named inner functions in `__name(…)`; callbacks
 * handed to page.evaluate run in the page, so it needs a no-op `__name`. Prepended to any init script of a bench.
 */
export const NO_NAME = 'globalThis.__name = (f) => f;';

/** The window size every bench measures at (the e2e specs' too). */
export const VIEWPORT = { width: 1500, height: 920 };

/** Exit with what to do when the bundles or Chromium are missing (a bench needs both). */
export function requireBuildAndChromium(): void {
  if (!existsSync(join(ROOT, 'dist', 'bridge', 'serve.mjs')) || !existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) {
    console.error('Build first: npm run build');
    process.exit(1);
  }
  if (!haveChromium()) {
    console.error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    process.exit(1);
  }
}

/**
 * `node dist/bridge/serve.mjs …args` for a bench: its errors shown as they come, and no hurry for the URL line
 * (opening a million-event case runs quick_check first). `startMs` is the time to that line.
 */
export function serveBench(args: string[]): Promise<Served> {
  return serve(args, 10 * 60_000, { inheritStderr: true });
}

/**
 * A new page at VIEWPORT on `url`, NO_NAME (and `initScript` after it) run before the app's own code; page errors and
 * requests to other origins recorded from the start.
 */
export function openBenchPage(browser: Browser, url: string, initScript = ''): Promise<Watched> {
  return openApp(browser, url, VIEWPORT, initScript ? `${NO_NAME}\n${initScript}` : NO_NAME);
}
