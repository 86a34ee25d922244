/** The engine in the host's own thread, for tests: no isolation from long imports, identical behaviour otherwise. */
import type { JobState } from '../../../shared/model';
import { toThreadlineError } from '../../engine/errors';
import { createService } from '../service/dispatch';
import type { Engine } from './engine-client';
import type { HostOps, WorkerConfig } from './protocol';

/** The same engine in this thread (tests): no isolation from long imports, identical behaviour otherwise. */
export function inProcessEngine(config: WorkerConfig): Engine {
  const listeners = new Set<(job: JobState) => void>();
  const service = createService({ ...config, onJob: (j) => listeners.forEach((l) => l(j)) });
  return {
    call: (channel, payload) => service.dispatch(channel, payload),
    async op(name, args) {
      try {
        const a = args as never;
        switch (name) {
          case 'registerSources':
            return { ok: true, value: await service.registerSources((a as HostOps['registerSources']['args']).paths) } as never;
          case 'registerStaged': {
            const s = a as HostOps['registerStaged']['args'];
            return { ok: true, value: service.registerStaged(s.path, s.size, s.name) } as never;
          }
          case 'registerCase':
            return { ok: true, value: service.registerCase((a as HostOps['registerCase']['args']).path) } as never;
          case 'createCaseAt': {
            const c = a as HostOps['createCaseAt']['args'];
            return { ok: true, value: service.createCaseAt(c.path, c.input) } as never;
          }
          case 'registerReportTarget':
            return { ok: true, value: service.registerReportTarget((a as HostOps['registerReportTarget']['args']).path) } as never;
          case 'shutdown':
            service.close();
            return { ok: true, value: null } as never;
          default: {
            const never: never = name;
            throw new Error(`unknown host operation ${String(never)}`);
          }
        }
      } catch (err) {
        return { ok: false, error: toThreadlineError(err).toInfo() };
      }
    },
    onJob(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      service.close();
    },
  };
}
