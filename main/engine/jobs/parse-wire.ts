/**
 * What crosses between the import job and its parse worker (parse-in-worker.ts <-> parse-worker.ts): the start
 * data, the messages each way, and errors in a form that rebuilds to exactly what the job would have caught
 * in-thread (same code, message, file, line, hint; plain errors keep their message and `code`).
 */
import { ThreadlineError } from '../errors';
import type { ImportOptions, SniffResult } from '../importers/types';
import type { ImportRecord } from '../model/records';
import { isErrorCode } from '../../../shared/errors';

export interface ParseWorkerData {
  /** Set only when starting from TypeScript source: worker-boot.mjs registers tsx, then imports this module. */
  entry?: string;
  importerId: string;
  /** The path as the examiner gave it (the worker shares the process's working directory). */
  path: string;
  size: number;
  options: ImportOptions;
  sniff: SniffResult;
  /** Batches the worker may post before the job has taken any (the backpressure window). */
  credit: number;
}

/** Job -> worker: `credit` after the job has written one batch; `abort` when the job stops early. */
export type ToParseWorker = { type: 'credit'; n: number } | { type: 'abort' };

/** Worker -> job: `ready` once its modules loaded, then batches; `done` or `error` is the last message. */
export type FromParseWorker = { type: 'ready' } | { type: 'batch'; records: ImportRecord[] } | { type: 'done' } | { type: 'error'; error: WireError };

export type WireError =
  | { kind: 'threadline'; code: string; message: string; file?: string; line?: number; hint?: string }
  | { kind: 'other'; message: string; code?: string; name?: string; stack?: string };

/** Flatten anything a parser threw for postMessage, keeping every field the job's error handling reads. */
export function errorToWire(err: unknown): WireError {
  if (err instanceof ThreadlineError) {
    const w: WireError = { kind: 'threadline', code: err.code, message: err.message };
    if (err.file !== undefined) w.file = err.file;
    if (err.line !== undefined) w.line = err.line;
    if (err.hint !== undefined) w.hint = err.hint;
    return w;
  }
  // The same reading as toThreadlineError: `message` if there is one, else the thrown value as a string.
  const e = err as { code?: unknown; message?: unknown; name?: unknown; stack?: unknown } | null | undefined;
  const w: WireError = { kind: 'other', message: typeof e?.message === 'string' ? e.message : String(err) };
  if (typeof e?.code === 'string') w.code = e.code;
  if (typeof e?.name === 'string') w.name = e.name;
  if (typeof e?.stack === 'string') w.stack = e.stack;
  return w;
}

/** Rebuild the thrown value on the job's side; the job then converts it exactly as it converts an in-thread throw. */
export function errorFromWire(w: WireError): Error {
  if (w.kind === 'threadline') {
    const where: { file?: string; line?: number; hint?: string } = {};
    if (w.file !== undefined) where.file = w.file;
    if (w.line !== undefined) where.line = w.line;
    if (w.hint !== undefined) where.hint = w.hint;
    // An unknown code cannot come from this build's importers; keep the text rather than lose it.
    if (isErrorCode(w.code)) return new ThreadlineError(w.code, w.message, where);
    return new ThreadlineError('INTERNAL', `${w.code}: ${w.message}`, where);
  }
  const e = new Error(w.message) as Error & { code?: string };
  if (w.code !== undefined) e.code = w.code;
  if (w.name !== undefined) e.name = w.name;
  if (w.stack !== undefined) e.stack = w.stack;
  return e;
}

/**
 * Copy byte views that share a larger buffer (a read chunk, Buffer's pool) into their own: structured clone
 * copies a view's whole underlying ArrayBuffer, which for a 1 MiB read chunk per record would swamp the channel.
 */
export function compactBytes(batch: ImportRecord[]): void {
  for (const rec of batch) {
    const r = rec as { rawBytes?: unknown; raw?: unknown };
    if (r.rawBytes instanceof Uint8Array && r.rawBytes.byteLength !== r.rawBytes.buffer.byteLength) r.rawBytes = new Uint8Array(r.rawBytes);
    if (r.raw instanceof Uint8Array && r.raw.byteLength !== r.raw.buffer.byteLength) r.raw = new Uint8Array(r.raw);
  }
}
