/**
 * The import job's side of parsing in a worker thread: `parseBatches` has the shape of importer.parse() and
 * either runs the parser in this thread (small files, injected importers) or in parse-worker.ts, pipelined with
 * the job's writes under credit-based backpressure. Errors, cancellation and a dead worker surface here as the
 * job would see them in-thread (see parse-wire.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ThreadlineError } from '../errors';
import { importerById } from '../importers/registry';
import type { Importer, ImporterContext } from '../importers/types';
import type { ImportRecord } from '../model/records';
import { errorFromWire, type FromParseWorker, type ParseWorkerData, type ToParseWorker } from './parse-wire';

/** Where parsing runs: `auto` = a worker for files of at least WORKER_MIN_BYTES, `worker` / `thread` force one. */
export type ParsePlace = 'auto' | 'worker' | 'thread';

/**
 * Below this size the worker does not pay: starting it (a fresh isolate loading every importer) costs ~0.3 s CPU
 * and 0.4-1 s until the first batch, and structured clone adds ~10 µs CPU per record (about half of it on the
 * writing thread). Measured 2026-11-30 on the idle 2-core machine, bundled, parse+write stage worker/thread:
 * WhatsApp 27 MB 1.07, 55 MB 0.71; SMS XML 17 MB 1.23, 51 MB 0.92; vCard 21 MB 1.02. On a saturated machine the
 * worker never pays. bench/parse-worker.ts measures both paths in one run.
 */
export const WORKER_MIN_BYTES = 40 * 1024 * 1024;

/** Batches the worker may run ahead of the writes: enough to keep both cores busy, few enough to keep RSS flat. */
export const WORKER_CREDIT = 4;

/** After an early stop the worker gets this long to close its files before it is terminated. */
const ABORT_GRACE_MS = 2000;

export interface ParseBatchesOptions {
  /** The file name the job reports errors under (as the examiner named it). */
  label: string;
  /** True when the job was given its own importer list (tests): those cannot be looked up by id in a worker. */
  injected: boolean;
  /** Explicit choice; else THREADLINE_PARSE_WORKER (auto | always | never), else auto. */
  place?: ParsePlace;
}

/** The batches of `importer` over ctx.file, parsed in this thread or a worker (same records, same errors). */
export function parseBatches(importer: Importer, ctx: ImporterContext, o: ParseBatchesOptions): AsyncIterable<ImportRecord[]> {
  const place = o.place ?? placeFromEnv();
  const byId = importerById(importer.id) === importer;
  if (place === 'thread' || o.injected || !byId) return importer.parse(ctx);
  const script = parseWorkerScript();
  if (place === 'auto' && (ctx.file.size < WORKER_MIN_BYTES || !script)) return importer.parse(ctx);
  if (!script) {
    throw new ThreadlineError('INTERNAL', 'The parse worker script is missing next to this build.', { file: o.label, hint: 'Rebuild Threadline (npm run build), or unset THREADLINE_PARSE_WORKER.' });
  }
  // In auto mode a worker that cannot even start (a packaging fault) falls back to this thread; forced, it fails.
  return parseInWorker(importer.id, ctx, o.label, script, place === 'auto' ? () => importer.parse(ctx) : undefined);
}

function placeFromEnv(): ParsePlace {
  const v = process.env.THREADLINE_PARSE_WORKER;
  if (v === 'always') return 'worker';
  if (v === 'never') return 'thread';
  return 'auto';
}

/** Parse workers this module started, and those not yet exited (tests: the worker path was taken, none leaked). */
export const parseWorkerStats = { started: 0, ready: 0, running: 0 };

let scriptOverride: { url: URL; entry?: string } | null = null;

/** Tests: start this script instead (a prebuilt bundle, or a worker that crashes); null restores the default. */
export function overrideParseWorkerScript(script: { url: URL; entry?: string } | null): void {
  scriptOverride = script;
}

/** The worker next to this module: parse-worker.mjs beside a bundle, or the TypeScript source through the tsx boot loader. */
export function parseWorkerScript(): { url: URL; entry?: string } | null {
  if (scriptOverride) return scriptOverride;
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('../../bridge/host/worker-boot.mjs', here), entry: new URL('./parse-worker.ts', here).href };
  const url = new URL('./parse-worker.mjs', here);
  return existsSync(fileURLToPath(url)) ? { url } : null;
}

type Event = FromParseWorker | { type: 'crash'; message: string } | { type: 'exit'; code: number };

/** Run importer `importerId` in a worker thread and yield its batches in order, granting one credit per batch written. */
export async function* parseInWorker(
  importerId: string,
  ctx: ImporterContext,
  label: string,
  script: { url: URL; entry?: string },
  ifNotStarted?: () => AsyncIterable<ImportRecord[]>,
): AsyncGenerator<ImportRecord[]> {
  const { file, options, sniff, signal } = ctx;
  if (signal.aborted) throw cancelled(label);
  const data: ParseWorkerData = { importerId, path: file.pathGiven, size: file.size, options, sniff, credit: WORKER_CREDIT };
  if (script.entry) data.entry = script.entry;
  const worker = new Worker(script.url, { workerData: data });
  parseWorkerStats.started++;
  parseWorkerStats.running++;
  const events: Event[] = [];
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  // Listeners stay attached after the generator ends: a late 'error' without a listener would crash the host.
  worker.on('message', (m: FromParseWorker) => (events.push(m), notify()));
  worker.on('messageerror', (err: Error) => (events.push({ type: 'crash', message: `a batch could not be received (${err.message})` }), notify()));
  worker.on('error', (err: Error) => (events.push({ type: 'crash', message: err.message }), notify()));
  worker.on('exit', (code: number) => {
    parseWorkerStats.running--;
    events.push({ type: 'exit', code });
    notify();
  });
  signal.addEventListener('abort', notify);
  let finished = false;
  let ready = false;
  try {
    for (;;) {
      if (signal.aborted) throw cancelled(label);
      const ev = events.shift();
      if (!ev) {
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      if (!ready && ifNotStarted && (ev.type === 'crash' || ev.type === 'exit')) {
        finished = true;
        yield* ifNotStarted();
        return;
      }
      switch (ev.type) {
        case 'ready':
          ready = true;
          parseWorkerStats.ready++;
          break;
        case 'batch':
          yield ev.records;
          // Granted only once the job asks for the next batch, i.e. after it has written this one.
          worker.postMessage({ type: 'credit', n: 1 } satisfies ToParseWorker);
          break;
        case 'done':
          finished = true;
          return;
        case 'error':
          finished = true;
          throw errorFromWire(ev.error);
        case 'crash':
          finished = true;
          throw new ThreadlineError('INTERNAL', `The parser's worker thread failed: ${ev.message}`, { file: label, hint: 'Nothing of this file was kept. Import it again; if it fails the same way, set THREADLINE_PARSE_WORKER=never and report this as a bug.' });
        case 'exit':
          finished = true;
          throw new ThreadlineError('INTERNAL', `The parser's worker thread stopped (exit code ${ev.code}) before it finished the file.`, { file: label, hint: 'Nothing of this file was kept. Import it again; if it fails the same way, set THREADLINE_PARSE_WORKER=never and report this as a bug.' });
        default: {
          const never: never = ev;
          throw new Error(`unknown parse worker event ${JSON.stringify(never)}`);
        }
      }
    }
  } finally {
    signal.removeEventListener('abort', notify);
    if (!finished) {
      // Cancelled, or the job failed writing: let the parser close its streams, then make sure the thread ends.
      worker.postMessage({ type: 'abort' } satisfies ToParseWorker);
      setTimeout(() => void worker.terminate(), ABORT_GRACE_MS).unref();
    }
  }
}

function cancelled(label: string): ThreadlineError {
  return new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled; nothing of this file was kept.', { file: label, hint: 'Start the import again when ready.' });
}
