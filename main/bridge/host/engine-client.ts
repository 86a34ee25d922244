/**
 * The host's handle on the engine: `call(channel, payload)` for renderer requests and `op(...)` for host-only
 * operations. Normally the engine runs in a worker thread (startEngineWorker); tests may run it in-process
 * (in-process-engine.ts). Job progress is mirrored on the host side, so `job.status` answers at once even while the
 * worker is deep inside a synchronous step of an import, and cancel sets a shared flag the import polls.
 */
import { Worker } from 'node:worker_threads';
import type { Result } from '../../../shared/errors';
import type { JobState } from '../../../shared/model';
import { CANCEL_SLOTS, jobSlot, type FromWorker, type HostOp, type HostOps, type ToWorker, type WorkerConfig, type WorkerData } from './protocol';

export interface Engine {
  call(channel: string, payload: unknown): Promise<Result<unknown>>;
  op<K extends HostOp>(op: K, args: HostOps[K]['args']): Promise<Result<HostOps[K]['result']>>;
  /** Subscribe to job updates (progress, completion); returns an unsubscribe function. */
  onJob(listener: (job: JobState) => void): () => void;
  close(): Promise<void>;
}

function disconnected(message: string): Result<never> {
  return { ok: false, error: { code: 'DISCONNECTED', message, hint: 'Restart Threadline; the case file is safe (every import is one transaction).' } };
}

/** The worker script next to this module: the .mjs bundle in dist/, or the TypeScript source through the tsx boot loader. */
export function defaultWorkerScript(): { url: URL; entry?: string } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./worker-boot.mjs', here), entry: new URL('./engine-worker.ts', here).href };
  return { url: new URL('./engine-worker.mjs', here) };
}

export interface WorkerEngineOptions {
  config: WorkerConfig;
  script?: { url: URL; entry?: string };
}

/** Start the engine in a worker thread; resolves once the worker has opened the case (if any) and is ready. */
export function startEngineWorker(o: WorkerEngineOptions): Promise<Engine> {
  const script = o.script ?? defaultWorkerScript();
  const cancelFlags = new SharedArrayBuffer(CANCEL_SLOTS * 4);
  const flags = new Int32Array(cancelFlags);
  const data: WorkerData = { config: o.config, cancelFlags, ...(script.entry ? { entry: script.entry } : {}) };
  const worker = new Worker(script.url, { workerData: data });
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const mirror = new Map<string, JobState>();
  const listeners = new Set<(job: JobState) => void>();
  let nextId = 1;
  let dead: string | null = null;

  const fail = (why: string) => {
    dead = why;
    for (const resolve of pending.values()) resolve(disconnected(why));
    pending.clear();
  };

  return new Promise<Engine>((resolveStart, rejectStart) => {
    let started = false;
    worker.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'ready':
          started = true;
          resolveStart(engine);
          break;
        case 'start-failed':
          rejectStart(Object.assign(new Error(m.error.error.message), { info: m.error.error }));
          break;
        case 'reply': {
          const r = pending.get(m.id);
          pending.delete(m.id);
          r?.(m.result);
          break;
        }
        case 'job':
          mirror.set(m.job.id, m.job);
          for (const l of listeners) l(m.job);
          break;
        default: {
          const never: never = m;
          throw new Error(`unknown worker message ${JSON.stringify(never)}`);
        }
      }
    });
    worker.on('error', (err) => {
      fail(`The engine stopped: ${err.message}`);
      if (!started) rejectStart(err);
    });
    worker.on('exit', (code) => {
      fail(`The engine exited (code ${code}).`);
      if (!started) rejectStart(new Error(`engine worker exited with code ${code} before it was ready`));
    });

    const post = (m: ToWorker) => worker.postMessage(m);
    const request = <T>(make: (id: number) => ToWorker): Promise<Result<T>> => {
      if (dead) return Promise.resolve(disconnected(dead));
      const id = nextId++;
      return new Promise<Result<T>>((res) => {
        pending.set(id, res as (r: Result<unknown>) => void);
        post(make(id));
      });
    };

    const engine: Engine = {
      call(channel, payload) {
        // Answered here from the mirror: the worker may be inside a long synchronous step of that very job.
        if (channel === 'job.status' && payload && typeof payload === 'object') {
          const job = mirror.get(String((payload as { jobId?: unknown }).jobId));
          if (job) return Promise.resolve({ ok: true, value: job });
        }
        if (channel === 'job.cancel' && payload && typeof payload === 'object') {
          const jobId = String((payload as { jobId?: unknown }).jobId);
          const slot = jobSlot(jobId);
          if (slot >= 0 && mirror.has(jobId)) Atomics.store(flags, slot, 1);
        }
        return request((id) => ({ type: 'call', id, channel, payload }));
      },
      op(name, args) {
        return request((id) => ({ type: 'op', id, op: name, args }));
      },
      onJob(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        if (!dead) {
          await request((id) => ({ type: 'op', id, op: 'shutdown', args: {} }));
          await worker.terminate();
        }
      },
    };
  });
}
