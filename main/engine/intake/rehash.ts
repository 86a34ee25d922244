/**
 * The post-parse re-hash (SHA-256 of the source, read afresh) run on another thread, so it overlaps the import
 * job's linking and indexing instead of following them. The job starts it once parsing is done and awaits it
 * before it commits; if the thread cannot deliver, the hash is computed in this thread as before.
 */
import { Worker } from 'node:worker_threads';
import { sha256File } from './hash';

/** Below this size a thread costs more than it saves (starting one takes ~80 ms of wall time, mostly off-thread). */
export const REHASH_WORKER_MIN_BYTES = 4 * 1024 * 1024;

/**
 * The worker's whole program, evaluated as a script: no bundle file to ship beside each entry point, and nothing
 * of the evidence is interpolated into it (the path arrives as workerData).
 */
const REHASH_PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
(async () => {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(workerData.path, { flags: 'r', highWaterMark: 1 << 20 })) {
    h.update(chunk);
    size += chunk.length;
  }
  parentPort.postMessage({ size, sha256: h.digest('hex') });
})().catch((err) => parentPort.postMessage({ error: String((err && err.message) || err) }));
`;

/** Re-hashes this module delivered from a worker (tests: the thread path was taken). */
export const rehashStats = { inWorker: 0, inThread: 0 };

/** Tests: replace the worker's program (one that fails, exits or hangs); null restores it. */
let programOverride: string | null = null;
export function overrideRehashProgram(program: string | null): void {
  programOverride = program;
}

type Hashed = { size: number; sha256: string };

/**
 * Starts re-hashing `path` now and settles like sha256File: with the hash, or rejected with the reading error
 * (file gone, unreadable). Files under REHASH_WORKER_MIN_BYTES are hashed in this thread when awaited.
 */
export function startRehash(path: string, size: number): Promise<Hashed> {
  const result = size < REHASH_WORKER_MIN_BYTES ? inThread(path) : viaWorker(path);
  // The job awaits this only on its success path; a failed import must not leave an unhandled rejection behind.
  result.catch(() => undefined);
  return result;
}

function viaWorker(path: string): Promise<Hashed> {
  let worker: Worker;
  try {
    worker = new Worker(programOverride ?? REHASH_PROGRAM, { eval: true, workerData: { path } });
  } catch {
    return inThread(path);
  }
  const fromWorker = new Promise<Hashed>((resolve, reject) => {
    worker.once('message', (m: Hashed | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the re-hash thread ended (exit code ${code}) without a result`)));
  });
  // Whatever failed over there (a reading error included), this thread's own read is the answer that counts.
  return fromWorker.then(
    (h) => (rehashStats.inWorker++, h),
    () => inThread(path),
  );
}

function inThread(path: string): Promise<Hashed> {
  rehashStats.inThread++;
  return sha256File(path);
}
