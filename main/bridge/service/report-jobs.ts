/**
 * The report export queue: one report at a time on the open case, each with progress and cancel, written through
 * the engine's exportReport (atomic write, SHA-256 in the audit log, sidecar manifest). Where a report may go is
 * decided here, never by the renderer: a bare file name inside the session's reports folder (browser mode), or a
 * file the examiner chose in a native save dialog (desktop), named to the renderer by an opaque id.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { ErrorInfo } from '../../../shared/errors';
import type { ReportExportWire, ReportFormatWire, ReportJobState, ReportOptionsWire, ReportTarget } from '../../../shared/report-contract';
import type { Case } from '../../engine/case';
import { ThreadlineError, toThreadlineError } from '../../engine/errors';
import { exportReport, type ReportProgress } from '../../engine/reports';
import { engineReportOptions } from './report-options';

export interface ReportJobContext {
  currentCase(): Case | null;
  /** Browser mode: where reports are written (`--reports DIR`, else the cases folder); null in the desktop app. */
  folder: string | null;
  /** Whether an import is queued or running (its commit would change the state the report describes). */
  importsBusy(): boolean;
  /** Called on every state change. */
  publish?(job: ReportJobState): void;
}

interface JobRecord {
  state: ReportJobState;
  path: string;
  caseFile: string;
  options: ReportOptionsWire;
  cancel: boolean;
}

export type ReportTargetRequest = { type: 'folder'; fileName: string } | { type: 'chosen'; id: string };

const EXTENSIONS: Record<ReportFormatWire, string[]> = { pdf: ['.pdf'], html: ['.html', '.htm'], xlsx: ['.xlsx'], csv: ['.csv'] };

/** The file name with the format's extension (added when missing, so `report` becomes `report.pdf`). */
export function withExtension(name: string, format: ReportFormatWire): string {
  const lower = name.toLowerCase();
  return EXTENSIONS[format].some((e) => lower.endsWith(e)) ? name : `${name}${EXTENSIONS[format][0]}`;
}

function cancelledError(): ThreadlineError {
  return new ThreadlineError('REPORT_CANCELLED', 'The report was cancelled; nothing was written and nothing was added to the audit log.', { hint: 'Export it again when ready.' });
}

export class ReportJobs {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly targets = new Map<string, string>();
  private seq = 0;
  private running: JobRecord | null = null;

  constructor(private readonly ctx: ReportJobContext) {}

  get folder(): string | null {
    return this.ctx.folder;
  }

  get busy(): boolean {
    return this.running !== null || [...this.jobs.values()].some((j) => j.state.state === 'queued');
  }

  /** A file chosen in a native save dialog (desktop): remembered here, named to the renderer by an opaque id. */
  registerTarget(path: string): ReportTarget {
    const id = `t${randomBytes(12).toString('hex')}`;
    this.targets.set(id, resolve(path));
    return { id, name: basename(path) };
  }

  /** Where a report goes: only a plain file name inside the reports folder, or a path the host's dialog chose. */
  resolveTarget(t: ReportTargetRequest, format: ReportFormatWire): string {
    if (t.type === 'chosen') {
      const p = this.targets.get(t.id);
      if (!p) throw new ThreadlineError('NOT_FOUND', 'That report file was not chosen in this session.', { hint: 'Choose where to save the report again.' });
      return p;
    }
    if (!this.ctx.folder) {
      throw new ThreadlineError('BAD_ARGUMENT', 'This session has no folder for reports.', { hint: 'Choose where to save the report in the save dialog, or start browser mode with --reports DIR.' });
    }
    mkdirSync(this.ctx.folder, { recursive: true });
    const name = withExtension(t.fileName, format);
    const path = resolve(this.ctx.folder, name);
    // The schema already refuses separators; this is the belt to those braces.
    if (dirname(path) !== resolve(this.ctx.folder)) throw new ThreadlineError('BAD_ARGUMENT', `"${t.fileName}" is not a plain file name.`, { hint: 'Use a name without folders, e.g. TH-2026-0142-report.pdf.' });
    return path;
  }

  start(options: ReportOptionsWire, format: ReportFormatWire, target: ReportTargetRequest): ReportJobState {
    const c = this.ctx.currentCase();
    if (!c) throw new ThreadlineError('NO_CASE_OPEN', 'No case is open.', { hint: 'Open a case first.' });
    if (this.ctx.importsBusy()) {
      throw new ThreadlineError('JOB_RUNNING', 'An import is running or queued; a report made now would describe a case that is about to change.', { hint: 'Wait for the imports to finish, then export the report.' });
    }
    if (this.busy) throw new ThreadlineError('JOB_RUNNING', 'A report is already being made.', { hint: 'Wait for it to finish or cancel it, then export again.' });
    const path = this.resolveTarget(target, format);
    // Options are checked now (bad zone, bad date), so a mistake is reported at once rather than as a failed job.
    engineReportOptions(options);
    const id = `r${++this.seq}`;
    const state: ReportJobState = {
      id,
      kind: 'report',
      format,
      fileName: basename(path),
      state: 'queued',
      phase: 'queued',
      done: null,
      total: null,
      queuedAt: new Date().toISOString(),
      startedAt: null,
      endedAt: null,
      result: null,
      error: null,
    };
    const rec: JobRecord = { state, path, caseFile: c.file, options, cancel: false };
    this.jobs.set(id, rec);
    this.publish(rec);
    this.running = rec;
    // Started on the next turn so the caller has the job's id before the first progress report.
    setImmediate(() => void this.run(rec));
    return { ...state };
  }

  status(id: string): ReportJobState {
    return { ...this.get(id).state };
  }

  cancel(id: string): ReportJobState {
    const j = this.get(id);
    if (j.state.state === 'queued' || j.state.state === 'running') j.cancel = true;
    return { ...j.state };
  }

  /** Wait for the running report (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  private get(id: string): JobRecord {
    const j = this.jobs.get(id);
    if (!j) throw new ThreadlineError('NOT_FOUND', `There is no report job ${id} in this session.`, { hint: 'Reload the Report view.' });
    return j;
  }

  private publish(j: JobRecord): void {
    this.ctx.publish?.({ ...j.state });
  }

  private finish(j: JobRecord, state: 'done' | 'failed' | 'cancelled', result: ReportExportWire | null, error: ErrorInfo | null): void {
    j.state.state = state;
    j.state.endedAt = new Date().toISOString();
    j.state.result = result;
    j.state.error = error;
    this.publish(j);
  }

  private async run(j: JobRecord): Promise<void> {
    try {
      await this.runOne(j);
    } finally {
      this.running = null;
    }
  }

  private async runOne(j: JobRecord): Promise<void> {
    const s = j.state;
    if (j.cancel) return this.finish(j, 'cancelled', null, cancelledError().toInfo());
    const c = this.ctx.currentCase();
    if (!c || c.file !== j.caseFile) {
      return this.finish(j, 'failed', null, { code: 'NO_CASE_OPEN', message: 'The case this report was asked for is no longer open.', hint: 'Open the case again and export the report.' });
    }
    s.state = 'running';
    s.startedAt = new Date().toISOString();
    this.publish(j);
    const onProgress = (p: ReportProgress) => {
      // Thrown inside the engine's own step: exportReport writes and audits only after rendering, so a
      // cancelled report leaves no file, no manifest and no audit entry.
      if (j.cancel) throw cancelledError();
      s.phase = p.phase;
      s.done = p.done ?? null;
      s.total = p.total ?? null;
      this.publish(j);
    };
    try {
      const r = await exportReport(c, { ...engineReportOptions(j.options), out: j.path, format: s.format, onProgress });
      let manifest = '';
      try {
        manifest = readFileSync(r.manifest, 'utf8');
      } catch {
        // exportReport reports a manifest it could not write as an error; a read failure here leaves it empty.
      }
      this.finish(
        j,
        'done',
        {
          fileName: basename(r.file),
          folder: dirname(r.file),
          format: r.format,
          sha256: r.sha256,
          size: r.size,
          pages: r.pages,
          manifestName: basename(r.manifest),
          manifest,
          chainHead: r.chainHead,
          auditSeq: r.auditSeq,
          events: r.events,
          verificationOk: r.verificationOk,
        },
        null,
      );
    } catch (err) {
      const e = toThreadlineError(err, { file: s.fileName });
      this.finish(j, e.code === 'REPORT_CANCELLED' ? 'cancelled' : 'failed', null, e.toInfo());
    }
  }
}

/** Where reports go in browser mode: `--reports DIR`, else the cases folder. */
export function reportsFolder(explicit: string | null | undefined, casesFolder: string | null): string | null {
  if (explicit) return resolve(explicit);
  return casesFolder ? resolve(casesFolder) : null;
}
