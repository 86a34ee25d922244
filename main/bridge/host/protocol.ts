/** Messages between a host (bridge or Electron main) and the engine worker that owns the case. */
import type { Result } from '../../../shared/errors';
import type { CaseRef, CaseSummary, HostMode, JobState, SourceEntry } from '../../../shared/model';
import type { ReportTarget } from '../../../shared/report-contract';
import type { NewCaseInput } from '../../engine/case';

/** How many job cancel flags the shared buffer holds (job N uses slot N mod this). */
export const CANCEL_SLOTS = 1024;

export interface WorkerConfig {
  mode: HostMode;
  casesFolder: string | null;
  evidenceRoots: string[];
  openCase?: string;
  examiner?: string;
  staging: boolean;
  /** Browser mode: where reports are written (default: the cases folder). */
  reportsFolder?: string;
}

export interface WorkerData {
  config: WorkerConfig;
  cancelFlags: SharedArrayBuffer;
  /** When started through the TypeScript boot loader: the module to run. */
  entry?: string;
}

/** Operations only the host may ask for (results of native dialogs, uploads): no renderer channel reaches them. */
export interface HostOps {
  registerSources: { args: { paths: string[] }; result: SourceEntry[] };
  registerStaged: { args: { path: string; size: number; name: string }; result: SourceEntry };
  registerCase: { args: { path: string }; result: CaseRef };
  createCaseAt: { args: { path: string; input: NewCaseInput }; result: CaseSummary };
  registerReportTarget: { args: { path: string }; result: ReportTarget };
  shutdown: { args: Record<string, never>; result: null };
}
export type HostOp = keyof HostOps;

export type ToWorker =
  | { type: 'call'; id: number; channel: string; payload: unknown }
  | { type: 'op'; id: number; op: HostOp; args: unknown }
  | { type: 'cancel'; jobId: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'start-failed'; error: Result<never> & { ok: false } }
  | { type: 'reply'; id: number; result: Result<unknown> }
  | { type: 'job'; job: JobState };

export function jobSlot(jobId: string): number {
  const n = Number(/^j(\d+)$/.exec(jobId)?.[1] ?? -1);
  return n >= 0 ? n % CANCEL_SLOTS : -1;
}
