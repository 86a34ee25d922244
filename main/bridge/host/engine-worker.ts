/**
 * The engine worker: owns the open case (the only connection to it) and runs every channel's handler, so long
 * imports never block the bridge's HTTP loop or the Electron window. Progress is pushed to the host as it
 * happens; cancellation arrives through a shared flag the import checks at every step, even mid-batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Result } from '../../../shared/errors';
import { toThreadlineError } from '../../engine/errors';
import { createService, type EngineService } from '../service/dispatch';
import { jobSlot, type FromWorker, type HostOps, type ToWorker, type WorkerData } from './protocol';

const port = parentPort;
if (!port) throw new Error('engine-worker must run as a worker thread');
const data = workerData as WorkerData;
const flags = new Int32Array(data.cancelFlags);
const send = (m: FromWorker) => port.postMessage(m);

let service: EngineService;
try {
  service = createService({
    mode: data.config.mode,
    casesFolder: data.config.casesFolder,
    evidenceRoots: data.config.evidenceRoots,
    openCase: data.config.openCase,
    examiner: data.config.examiner,
    staging: data.config.staging,
    reportsFolder: data.config.reportsFolder,
    onJob: (job) => {
      const slot = jobSlot(job.id);
      // A new job starts with its flag clear (the slot may have served an earlier job).
      if (job.state === 'queued' && slot >= 0) Atomics.store(flags, slot, 0);
      send({ type: 'job', job });
    },
    cancelRequested: (jobId) => {
      const slot = jobSlot(jobId);
      return slot >= 0 && Atomics.load(flags, slot) === 1;
    },
  });
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'start-failed', error: { ok: false, error: toThreadlineError(err).toInfo() } });
  throw err;
}

async function op(name: keyof HostOps, args: unknown): Promise<unknown> {
  switch (name) {
    case 'registerSources':
      return service.registerSources((args as HostOps['registerSources']['args']).paths);
    case 'registerStaged': {
      const a = args as HostOps['registerStaged']['args'];
      return service.registerStaged(a.path, a.size, a.name);
    }
    case 'registerCase':
      return service.registerCase((args as HostOps['registerCase']['args']).path);
    case 'createCaseAt': {
      const a = args as HostOps['createCaseAt']['args'];
      return service.createCaseAt(a.path, a.input);
    }
    case 'registerReportTarget':
      return service.registerReportTarget((args as HostOps['registerReportTarget']['args']).path);
    case 'shutdown':
      service.close();
      return null;
    default: {
      const never: never = name;
      throw new Error(`unknown host operation ${String(never)}`);
    }
  }
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'call':
      void service.dispatch(m.channel, m.payload).then((result) => send({ type: 'reply', id: m.id, result }));
      break;
    case 'op':
      void (async () => {
        let result: Result<unknown>;
        try {
          result = { ok: true, value: await op(m.op, m.args) };
        } catch (err) {
          result = { ok: false, error: toThreadlineError(err).toInfo() };
        }
        send({ type: 'reply', id: m.id, result });
      })();
      break;
    case 'cancel':
      void service.dispatch('job.cancel', { jobId: m.jobId });
      break;
    default: {
      const never: never = m;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
});
