/**
 * The engine service one host (the engine worker, or in-process for tests) runs: session state, the handler map,
 * and `dispatch(channel, payload)` — validate with the contract's zod schema, run the handler, and always answer
 * with a Result (errors never cross the boundary as exceptions or stack traces).
 */
import { isChannel, type Channel } from '../../../shared/channels';
import { parseRequest } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import type { HostMode, JobState, SourceEntry } from '../../../shared/model';
import { toThreadlineError } from '../../engine/errors';
import { CaseSession } from './cases';
import { createHandlers, type Handlers, type ServiceState } from './handlers';
import { JobQueue } from './jobs';
import { ReportJobs, reportsFolder } from './report-jobs';
import { SourceRegistry } from './sources';

export interface ServiceConfig {
  mode: HostMode;
  /** Folder where new cases are created and existing ones listed (browser mode). */
  casesFolder: string | null;
  /** Evidence folders offered for import (browser mode). */
  evidenceRoots: readonly string[];
  /** A case to open at start. */
  openCase?: string | undefined;
  examiner?: string | undefined;
  staging?: boolean;
  onJob?: (job: JobState) => void;
  cancelRequested?: (jobId: string) => boolean;
  /** Browser mode: where reports are written (default: the cases folder). */
  reportsFolder?: string | undefined;
}

export interface EngineService {
  dispatch(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Host-only operations that no renderer channel exposes (dialog results, uploads, shutdown). */
  registerSources(paths: readonly string[]): Promise<SourceEntry[]>;
  registerStaged(path: string, size: number, name: string): SourceEntry;
  registerCase(path: string): ReturnType<CaseSession['refFor']>;
  createCaseAt(path: string, input: Parameters<CaseSession['create']>[1]): ReturnType<CaseSession['create']>;
  /** A report file chosen in the host's save dialog, as an opaque target id. */
  registerReportTarget(path: string): ReturnType<ReportJobs['registerTarget']>;
  close(): void;
  readonly state: ServiceState;
}

export function createService(cfg: ServiceConfig): EngineService {
  const cases = new CaseSession(cfg.casesFolder);
  const sources = new SourceRegistry(cfg.evidenceRoots);
  const jobs = new JobQueue({
    currentCase: () => cases.case,
    pathOf: (id) => sources.pathOf(id),
    setInFlight: (n) => {
      cases.inFlightAbove = n;
    },
    publish: (j) => cfg.onJob?.(j),
    ...(cfg.cancelRequested ? { cancelRequested: cfg.cancelRequested } : {}),
  });
  const reports = new ReportJobs({ currentCase: () => cases.case, folder: cfg.mode === 'browser' ? reportsFolder(cfg.reportsFolder, cfg.casesFolder) : null, importsBusy: () => jobs.busy });
  const state: ServiceState = { mode: cfg.mode, cases, sources, jobs, staging: cfg.staging === true, reports };
  const handlers: Handlers = createHandlers(state);
  if (cfg.openCase) {
    cases.open(cfg.openCase, cfg.examiner);
  }

  async function dispatch(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) return { ok: false, error: { code: 'NOT_FOUND', message: `There is no channel "${channel.slice(0, 80)}".`, hint: 'The window and the engine are from different versions; restart Threadline.' } };
    return run(channel, payload);
  }

  async function run<K extends Channel>(channel: K, payload: unknown): Promise<Result<unknown>> {
    const req = parseRequest(channel, payload);
    if (!req.ok) return req;
    try {
      const handler = handlers[channel] as (r: unknown) => unknown;
      return { ok: true, value: await handler(req.value) };
    } catch (err) {
      return { ok: false, error: toThreadlineError(err).toInfo() };
    }
  }

  return {
    dispatch,
    registerSources: (paths) => sources.registerChosen(paths),
    registerStaged: (path, size, name) => sources.register(path, size, 'staging', name, true),
    registerCase: (path) => cases.refFor(path),
    createCaseAt: (path, input) => cases.create(path, input),
    registerReportTarget: (path) => reports.registerTarget(path),
    close: () => cases.close(),
    state,
  };
}
