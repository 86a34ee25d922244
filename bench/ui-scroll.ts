/**
 * bench/ui-scroll: the timeline of a 1,000,000-event case in browser mode (Chromium via playwright-core).
 * Reports (1) frame times while scrolling continuously through the list (target p95 < 16.7 ms) — the main thread's
 * work per frame, since headless Chromium paces frames at 60 Hz whatever they cost — against a reference measured
 * in the same run on the same page:
 * frames with the list at rest (what the browser and machine cost with no scrolling at all), and the same scroll
 * over a 10,000-event case (the same pages fetched, a hundred times fewer events); and (2) how soon the first timeline rows are on screen after the case is open (target
 * < 1 s): when the Case view's Open completes (the engine's open with its quick_check reported beside it) and when
 * the window loads on an already open case.
 *
 *   node --import tsx bench/ui-scroll.ts [--events 1000000] [--frames 600] [--px 180]
 *
 * The generated cases are kept in bench/out/ (gitignored) and reused by later runs. Absolute frame times depend on
 * the machine's load (software rendering, shared cores); the ratios are what to compare between runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { buildLargeCase } from '../e2e/helpers/large-case';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { events: { type: 'string' }, frames: { type: 'string' }, px: { type: 'string' } } });
const EVENTS = Number(values.events ?? 1_000_000);
const FRAMES = Number(values.frames ?? 600);
const PX = Number(values.px ?? 180);
const OUT = join(root, 'bench', 'out');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** What the in-page callbacks use of the page's globals (this file is type-checked without the DOM library). */
interface PageGlobals {
  document: { querySelector(s: string): unknown; querySelectorAll(s: string): { length: number }; addEventListener(t: string, f: () => void, o: object): void };
  requestAnimationFrame(cb: (now: number) => void): number;
  performance: { now(): number };
}
interface Scroller {
  scrollTop: number;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function caseFile(n: number): Promise<string> {
  const dir = join(OUT, `ui-scroll-${n}`);
  const file = join(dir, `bench-${n}.tl`);
  if (existsSync(file)) return file;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t = Date.now();
  process.stdout.write(`generating a ${n.toLocaleString('en')}-event case (once; kept in ${dir}) … `);
  await buildLargeCase(dir, n, `bench-${n}.tl`);
  process.stdout.write(`${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  return file;
}

interface Served {
  url: string;
  stop(): Promise<void>;
  /** ms from spawning the server to its URL line (the engine opening the case, quick_check included). */
  startMs: number;
}

function serve(args: string[]): Promise<Served> {
  const t0 = Date.now();
  const proc = spawn(process.execPath, [join(root, 'dist', 'bridge', 'serve.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((ok, fail) => {
    proc.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('URL '));
      if (line)
        ok({
          url: line.slice(4).trim(),
          startMs: Date.now() - t0,
          stop: () =>
            new Promise<void>((done) => {
              if (proc.exitCode !== null || proc.signalCode !== null) return done();
              proc.once('exit', () => done());
              proc.kill('SIGTERM');
            }),
        });
    });
    proc.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
  });
}

/**
 * Scroll the list by `px` every frame for `frames` frames. Returns per frame the interval between animation frames
 * (vsync-locked in headless Chromium, so never below ~16.7 ms) and the main thread's work in that frame: a
 * MessageChannel ping runs whenever the thread is free, and every gap between pings longer than 1 ms is time the
 * thread spent on something else (the app's scroll handling, React, style, layout, paint — or the OS running others).
 */
async function scrollFrames(page: Page, frames: number, px: number): Promise<{ deltas: number[]; work: number[]; rows: number }> {
  return page.evaluate(
    ({ frames, px }) =>
      new Promise<{ deltas: number[]; work: number[]; rows: number }>((resolve) => {
        const g = globalThis as unknown as PageGlobals & { MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(x: number): void } } };
        const el = g.document.querySelector('[data-testid=timeline-scroll]') as Scroller;
        const deltas: number[] = [];
        const work: number[] = [];
        let busy = 0;
        let lastPing = g.performance.now();
        let running = true;
        const ch = new g.MessageChannel();
        ch.port1.onmessage = () => {
          const now = g.performance.now();
          const gap = now - lastPing;
          if (gap > 1) busy += gap;
          lastPing = now;
          if (running) ch.port2.postMessage(0);
        };
        ch.port2.postMessage(0);
        let last = g.performance.now();
        let n = 0;
        let travelled = 0;
        const step = (now: number) => {
          deltas.push(now - last);
          work.push(busy);
          busy = 0;
          last = now;
          const before = el.scrollTop;
          el.scrollTop = before + px;
          travelled += el.scrollTop - before;
          if (++n < frames) g.requestAnimationFrame(step);
          else {
            running = false;
            resolve({ deltas: deltas.slice(2), work: work.slice(2), rows: Math.round(travelled / 26) });
          }
        };
        g.requestAnimationFrame(step);
      }),
    { frames, px },
  );
}

/**
 * Injected before the app loads. tsx compiles this file with esbuild's keepNames, which wraps named inner functions
 * in `__name(…)`; callbacks handed to page.evaluate run in the page, so it gets a no-op `__name`. And it records when
 * the case appears in the top bar (the open completed) and when the first timeline row appears.
 */
const NO_NAME = {
  content: `globalThis.__name = (f) => f;
globalThis.__marks = {};
document.addEventListener('click', () => { globalThis.__marks.clicked ??= performance.now(); }, { capture: true });
new MutationObserver(() => {
  const m = globalThis.__marks, now = performance.now();
  if (m.caseShown === undefined && document.querySelector('.topbar .case-label strong')) m.caseShown = now;
  if (m.firstRow === undefined && document.querySelector('.row[data-key]')) requestAnimationFrame(() => { m.firstRow ??= performance.now(); });
}).observe(document, { subtree: true, childList: true });`,
};

interface Marks {
  clicked?: number;
  caseShown?: number;
  firstRow?: number;
}

async function marks(page: Page): Promise<Marks> {
  await page.waitForFunction(() => (globalThis as unknown as { __marks: Marks }).__marks.firstRow !== undefined, undefined, { timeout: 120_000 });
  return page.evaluate(() => ({ ...(globalThis as unknown as { __marks: Marks }).__marks }));
}

async function measure(label: string, file: string) {
  const folder = join(file, '..');
  // 1. The window loads on a case the server already opened.
  const servers: Served[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const a = await serve(['--case', file, '--cases', folder]);
    servers.push(a);
    const page = await browser.newPage({ viewport: { width: 1500, height: 920 } });
    await page.addInitScript(NO_NAME);
    await page.goto(a.url);
    const atLoad = await marks(page);
    // Let the histogram and the first pages settle before measuring frames.
    await page.waitForTimeout(1500);
    const idle = await scrollFrames(page, 120, 0);
    const scroll = await scrollFrames(page, FRAMES, PX);
    await page.close();
    await a.stop();

    // 2. The case is opened from the Case view (the engine opens and checks it, then the timeline shows).
    const b = await serve(['--cases', folder]);
    servers.push(b);
    const page2 = await browser.newPage({ viewport: { width: 1500, height: 920 } });
    await page2.addInitScript(NO_NAME);
    await page2.goto(b.url);
    const open = page2.getByRole('button', { name: `Open ${file.slice(file.lastIndexOf('/') + 1)}` });
    await open.waitFor();
    await page2.evaluate(() => ((globalThis as unknown as { __marks: Marks }).__marks.clicked = undefined));
    await open.click();
    const viaUi = await marks(page2);
    await page2.close();
    await b.stop();
    const deltas = scroll.deltas;
    const r = {
      p50: pct(scroll.work, 50),
      p95: pct(scroll.work, 95),
      max: Math.max(...scroll.work),
      intervalP95: pct(deltas, 95),
      idleP50: pct(idle.work, 50),
      idleP95: pct(idle.work, 95),
      afterOpen: viaUi.firstRow! - viaUi.caseShown!,
      openWait: viaUi.caseShown! - (viaUi.clicked ?? viaUi.caseShown!),
      atLoad: atLoad.firstRow!,
      engineStart: a.startMs,
      rows: scroll.rows,
    };
    console.log(`${label}:`);
    console.log(`  at rest     ${idle.work.length} frames: main-thread work per frame p50 ${r.idleP50.toFixed(1)} ms, p95 ${r.idleP95.toFixed(1)} ms (reference)`);
    console.log(
      `  scrolling   ${deltas.length} frames, ${r.rows.toLocaleString('en')} rows: work per frame p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms (p95 − at-rest p95 = ${(r.p95 - r.idleP95).toFixed(1)} ms); frame interval p95 ${r.intervalP95.toFixed(1)} ms`,
    );
    console.log(`  first rows  ${r.afterOpen.toFixed(0)} ms after Open completed (the open itself, with quick_check: ${r.openWait.toFixed(0)} ms); ${r.atLoad.toFixed(0)} ms after loading the window on the open case; server start with --case ${r.engineStart} ms`);
    return r;
  } finally {
    await browser.close();
    // A server left running would keep the case locked for the next run.
    for (const srv of servers) await srv.stop();
  }
}

if (!existsSync(join(root, 'dist', 'bridge', 'serve.mjs')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const REF = 10_000;
const refFile = await caseFile(REF);
const bigFile = await caseFile(EVENTS);
for (const f of readdirSync(join(bigFile, '..'))) if (f.endsWith('-wal') || f.endsWith('-shm')) rmSync(join(bigFile, '..', f));

console.log(`ui-scroll: ${FRAMES} frames of continuous scrolling, ${PX} px (~${Math.round(PX / 26)} rows) per frame, Chromium headless, software rendering`);
const ref = await measure(`${REF.toLocaleString('en')} events (reference)`, refFile);
const big = await measure(`${EVENTS.toLocaleString('en')} events`, bigFile);
console.log(`ratio scrolling work p95, ${EVENTS.toLocaleString('en')} events / ${REF.toLocaleString('en')} events: ${(big.p95 / ref.p95).toFixed(2)} (1.0 = case size does not change the cost of a frame)`);
console.log(`target frame p95 < 16.7 ms (main-thread work per frame while scrolling): ${big.p95 < 16.7 ? 'met' : 'NOT met'} (${big.p95.toFixed(1)} ms; at rest on this machine now: ${big.idleP95.toFixed(1)} ms)`);
console.log(`target first rows < 1 s after the case is open: ${big.afterOpen < 1000 ? 'met' : 'NOT met'} (${big.afterOpen.toFixed(0)} ms)`);
