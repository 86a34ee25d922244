/**
 * The Electron main process: single instance, a hardened window on the app:// scheme, every permission and every
 * foreign request refused, navigation and new windows denied, spellcheck (a network download) off, and the engine
 * in a worker thread so imports never freeze the window. Policies come from ./security (pure, unit-tested).
 */
import { app, BrowserWindow, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngineWorker, type Engine } from '../bridge/host/engine-client';
import { registerIpc } from './ipc';
import { contentType, resolveAppPath } from './security/app-protocol';
import { CHROMIUM_SWITCHES } from './security/chromium-switches';
import { contentSecurityPolicy } from './security/csp';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, allowNavigation, windowOpenDecision } from './security/navigation';
import { permissionDecision, shouldCancelRequest } from './security/requests';
import { webPreferences } from './security/window-options';

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload.cjs');
const CSP = contentSecurityPolicy({ self: APP_ORIGIN, connectSelf: false });

app.enableSandbox();
// Before ready: app:// behaves like a real origin (standard, secure) so the CSP's 'self' means it.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

let win: BrowserWindow | null = null;
let engine: Engine | null = null;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function serveApp(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const file = url.host === APP_HOST ? resolveAppPath(rendererRoot, url.pathname) : null;
  const body = file ? await readFile(file).catch(() => null) : null;
  if (!file || !body) return new Response('Not found', { status: 404 });
  return new Response(body, { headers: { 'Content-Type': contentType(file), 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' } });
}

function harden(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: shouldCancelRequest(details.url) }));
  ses.setSpellCheckerEnabled(false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (!allowNavigation(url, contents.getURL())) e.preventDefault();
    });
    contents.on('will-redirect', (e, url) => {
      if (!allowNavigation(url, contents.getURL())) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => windowOpenDecision(url));
  });
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1500,
    height: 940,
    minWidth: 1000,
    minHeight: 640,
    show: false,
    backgroundColor: '#f4f5f7',
    title: 'Threadline',
    webPreferences: webPreferences(preloadPath, { devTools: !app.isPackaged }),
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

// Before ready: Chromium reads its switches at start.
for (const [name, value] of CHROMIUM_SWITCHES) {
  if (value === undefined) app.commandLine.appendSwitch(name);
  else app.commandLine.appendSwitch(name, value);
}

if (!app.requestSingleInstanceLock()) {
  // A second copy would fight over the case lock; the first window comes forward instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(async () => {
    harden();
    protocol.handle(APP_SCHEME, serveApp);
    const casesFolder = join(app.getPath('documents'), 'Threadline cases');
    const openCase = argValue('--case');
    engine = await startEngineWorker({
      config: { mode: 'electron', casesFolder, evidenceRoots: [], staging: false, ...(openCase ? { openCase } : {}) },
      script: { url: new URL('./engine-worker.mjs', import.meta.url) },
    });
    registerIpc(engine, () => win, casesFolder);
    createWindow();
  });

  app.on('window-all-closed', () => {
    void (engine?.close() ?? Promise.resolve()).finally(() => app.quit());
  });
}
