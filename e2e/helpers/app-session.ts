/**
 * One browser-mode session for a spec: a temporary folder, the serve bridge started on what the spec puts in it,
 * and Chromium on the app's URL (every request and page error recorded) — closed again with one call. openDemoApp
 * is the common case: the demo seizure built as a case file, served with `--case`, and the page ready for view keys.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, type Watched } from './browser';
import { buildDemoCase } from './demo-case';
import { serve, type Served } from './serve';

export interface AppSession {
  /** The session's temporary folder (removed by close). */
  dir: string;
  url: string;
  served: Served;
  browser: Browser;
  /** The page with the requests and errors it made. */
  app: Watched;
  page: Page;
  /** Close the browser, stop the server, remove the folder. */
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Prefix of the temporary folder's name (says which spec left it, should one survive a crash). */
  tmpPrefix: string;
  /** Default timeout of the page's actions and waits. */
  timeoutMs: number;
}

/** Start the server with the arguments `setup` returns (it may first write a case into the folder), then open the app. */
export async function openServedApp(opts: SessionOptions, setup: (dir: string) => string[] | Promise<string[]>): Promise<AppSession> {
  const dir = mkdtempSync(join(tmpdir(), opts.tmpPrefix));
  let served: Served | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    served = await serve(await setup(dir));
    browser = await launch();
    const app = await openApp(browser, served.url);
    app.page.setDefaultTimeout(opts.timeoutMs);
    return { dir, url: served.url, served, browser, app, page: app.page, close };
  } catch (err) {
    // A half-started session would keep a server, a browser and the case lock alive after the spec fails.
    await close();
    throw err;
  }
}

export interface DemoAppOptions extends SessionOptions {
  /** Who creates the case (`threadline new --examiner`); buildDemoCase's default when left out. */
  examiner?: string;
  /** A subfolder of the session folder to build the case in (for a spec that also serves it as the cases folder). */
  caseFolder?: string;
  /** More server arguments after `--case <file>`; called once the case is built, before the server starts. */
  serveArgs?: (where: { dir: string; file: string }) => string[];
}

export interface DemoAppSession extends AppSession {
  /** The demo case file. */
  file: string;
}

/** The demo seizure as a case, served with `--case`, the app open on it with the case summary loaded. */
export async function openDemoApp(opts: DemoAppOptions): Promise<DemoAppSession> {
  let file = '';
  const session = await openServedApp(opts, (dir) => {
    const folder = opts.caseFolder ? join(dir, opts.caseFolder) : dir;
    mkdirSync(folder, { recursive: true });
    file = buildDemoCase(folder, opts.examiner);
    return ['--case', file, ...(opts.serveArgs?.({ dir, file }) ?? [])];
  });
  try {
    // The label is always there; its title appears once the case summary has loaded (before that, view keys are ignored).
    await session.page.locator('.topbar .case-label[title]').waitFor();
  } catch (err) {
    await session.close();
    throw err;
  }
  return { ...session, file };
}
