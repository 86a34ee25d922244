/**
 * Child processes for the crash harness and storage-fault checks: the engine child and the real CLI. Each script
 * is bundled once per run with esbuild (node_modules left external), so a child starts in a fraction of the time
 * tsx needs — the harness spawns hundreds of them. Falls back to tsx when bundling fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './demo-seizure';

export const CHILD = join(ROOT, 'scripts', 'reliability', 'child.ts');
export const CLI_ENTRY = join(ROOT, 'main', 'cli', 'index.ts');
/** The import job's parser worker: bundled beside the child as parse-worker.mjs, where the job looks for it. */
const PARSE_WORKER = join(ROOT, 'main', 'engine', 'jobs', 'parse-worker.ts');

export interface Running {
  proc: ChildProcess;
  /** Output lines so far. */
  lines: string[];
  stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a stdout line matches. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
}

const bundles = new Map<string, string[]>();

/**
 * Bundle `script` into node_modules/.cache (inside the repository, so bare imports resolve; world-readable, so a
 * non-root child can load it) and return the node arguments that run it.
 */
export async function prepare(script: string): Promise<string[]> {
  const known = bundles.get(script);
  if (known) return known;
  let argv: string[];
  try {
    // One folder per harness run, so concurrent runs never share a parse-worker.mjs.
    const dir = join(ROOT, 'node_modules', '.cache', 'threadline-reliability', String(process.pid));
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const outfile = join(dir, `${basename(script, '.ts')}.mjs`);
    const options = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' } as const;
    await build({ ...options, entryPoints: [script], outfile });
    // The bundle imports with THREADLINE_PARSE_WORKER=always must find the worker beside it, as in the shipped build.
    await build({ ...options, entryPoints: [PARSE_WORKER], outfile: join(dir, 'parse-worker.mjs') });
    if (bundles.size === 0) process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    argv = [outfile];
  } catch {
    argv = ['--import', 'tsx', script];
  }
  bundles.set(script, argv);
  return argv;
}

/** Start SCRIPT (bundled by `prepare`, else through tsx) with ARGS, optionally through a wrapper such as `unshare` or `setpriv`. */
export function start(script: string, args: string[], opts: { wrapper?: string[]; stdin?: 'pipe' | 'ignore'; env?: Record<string, string> } = {}): Running {
  const argv = [...(bundles.get(script) ?? ['--import', 'tsx', script]), ...args];
  const [cmd, ...pre] = opts.wrapper?.length ? [...opts.wrapper, process.execPath] : [process.execPath];
  const proc = spawn(cmd!, [...pre, ...argv], { cwd: ROOT, stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'], ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}) });
  const lines: string[] = [];
  let err = '';
  let partial = '';
  const waiters: { re: RegExp; done: (l: string) => void }[] = [];
  proc.stdout!.on('data', (b: Buffer) => {
    partial += b.toString('utf8');
    let i: number;
    while ((i = partial.indexOf('\n')) !== -1) {
      const l = partial.slice(0, i);
      partial = partial.slice(i + 1);
      lines.push(l);
      for (const w of [...waiters]) if (w.re.test(l)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(l);
      }
    }
  });
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => proc.once('exit', (code, signal) => done({ code, signal })));
  return {
    proc,
    lines,
    stderr: () => err,
    exited,
    waitFor(re, timeoutMs = 120_000) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((done, fail) => {
        const t = setTimeout(() => fail(new Error(`no line matching ${String(re)} within ${timeoutMs} ms; stderr: ${err.slice(0, 400)}`)), timeoutMs);
        waiters.push({ re, done: (l) => (clearTimeout(t), done(l)) });
        void exited.then(() => {
          clearTimeout(t);
          fail(new Error(`exited before a line matching ${String(re)}; stderr: ${err.slice(0, 400)}`));
        });
      });
    },
  };
}

/** Run to completion. */
export async function runToEnd(script: string, args: string[], opts: { wrapper?: string[] } = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  await prepare(script);
  const t = Date.now();
  const r = start(script, args, opts);
  const { code } = await r.exited;
  return { code, stdout: r.lines.join('\n'), stderr: r.stderr(), ms: Date.now() - t };
}
