/**
 * The import queue: one import at a time on the open case (one writer, one transaction per item), each with
 * live progress and cancellation. Cancel aborts the job's AbortSignal and is also checked at every progress
 * report, so hashing, parsing and the final linking step all stop at their next step and roll back.
 */
import type { ErrorInfo } from '../../../shared/errors';
import type { ImportOptionsWire, ImportSummary, JobState, SourceEntry } from '../../../shared/model';
import type { Case } from '../../engine/case';
import { maxEvidenceId } from '../../engine/db/read/workstation';
import { ThreadlineError, toThreadlineError } from '../../engine/errors';
import { importEvidence, type ImportProgress, type ImportRequest, type ImportResult } from '../../engine/jobs/import';

export interface JobContext {
  /** The case to import into when the job starts (it may be closed by then). */
  currentCase(): Case | null;
  pathOf(sourceId: string): string;
  /** Marks evidence ids above `n` as not yet committed (null when no import runs). */
  setInFlight(n: number | null): void;
  /** Called on every state change (throttled for record counts). */
  publish(job: JobState): void;
  /** Extra cancellation check (the worker's shared cancel flags). */
  cancelRequested?(jobId: string): boolean;
}

interface JobRecord {
  state: JobState;
  controller: AbortController;
  caseFile: string;
}

/** Record-count updates are published at most this often; phase changes always. */
const PUBLISH_EVERY_MS = 100;

export function summariseImport(r: ImportResult): ImportSummary {
  return {
    evidenceId: r.evidenceId,
    file: r.file,
    format: r.format,
    importerVersion: r.importerVersion,
    layout: r.layout,
    hashes: { ...r.hashes },
    tz: r.tz,
    dateOrder: r.dateOrder,
    region: r.region,
    owner: r.owner,
    accounting: { ...r.accounting, reasons: { ...r.accounting.reasons }, records: { ...r.accounting.records } },
    written: { ...r.written },
    timeFlags: { ...r.timeFlags },
    firstUtc: r.firstUtc,
    lastUtc: r.lastUtc,
    duplicateOf: r.duplicateOf,
    durationMs: r.durationMs,
    identity: {
      occurrences: r.identity.occurrences,
      accounts: r.identity.accounts,
      entitiesJoined: r.identity.entitiesJoined,
      links: { ...(r.identity.links as Record<string, number>) },
      suggestions: { ...(r.identity.suggestions as Record<string, number>) },
    },
  };
}

export class JobQueue {
  private readonly jobs = new Map<string, JobRecord>();
  private seq = 0;
  private running: JobRecord | null = null;

  constructor(private readonly ctx: JobContext) {}

  get busy(): boolean {
    return this.running !== null || [...this.jobs.values()].some((j) => j.state.state === 'queued');
  }

  nextId(): string {
    return `j${++this.seq}`;
  }

  enqueue(source: SourceEntry, options: ImportOptionsWire, caseFile: string, id = this.nextId()): JobState {
    const state: JobState = {
      id,
      kind: 'import',
      source,
      options,
      state: 'queued',
      phase: null,
      bytes: null,
      totalBytes: null,
      records: null,
      queuedAt: new Date().toISOString(),
      startedAt: null,
      endedAt: null,
      result: null,
      error: null,
    };
    this.jobs.set(id, { state, controller: new AbortController(), caseFile });
    this.ctx.publish({ ...state });
    queueMicrotask(() => void this.pump());
    return { ...state };
  }

  status(id: string): JobState {
    return { ...this.get(id).state };
  }

  list(): JobState[] {
    return [...this.jobs.values()].map((j) => ({ ...j.state }));
  }

  cancel(id: string): JobState {
    const j = this.get(id);
    if (j.state.state === 'queued') this.finish(j, 'cancelled', null, cancelledError(j.state.source.name));
    else if (j.state.state === 'running') j.controller.abort();
    return { ...j.state };
  }

  /** Forget finished jobs of a case that was closed (their results are in the case's audit log). */
  clearFinished(): void {
    for (const [id, j] of this.jobs) if (j.state.state !== 'queued' && j.state.state !== 'running') this.jobs.delete(id);
  }

  private get(id: string): JobRecord {
    const j = this.jobs.get(id);
    if (!j) throw new ThreadlineError('NOT_FOUND', `There is no import job ${id} in this session.`, { hint: 'Reload the Evidence view.' });
    return j;
  }

  private finish(j: JobRecord, state: 'done' | 'failed' | 'cancelled', result: ImportSummary | null, error: ErrorInfo | null): void {
    j.state.state = state;
    j.state.endedAt = new Date().toISOString();
    j.state.result = result;
    j.state.error = error;
    this.ctx.publish({ ...j.state });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const next = [...this.jobs.values()].find((j) => j.state.state === 'queued');
    if (!next) return;
    this.running = next;
    try {
      await this.run(next);
    } finally {
      this.running = null;
      this.ctx.setInFlight(null);
    }
    void this.pump();
  }

  private async run(j: JobRecord): Promise<void> {
    const s = j.state;
    const c = this.ctx.currentCase();
    if (!c || c.file !== j.caseFile) {
      this.finish(j, 'failed', null, { code: 'NO_CASE_OPEN', message: 'The case this import was queued for is no longer open.', hint: 'Open the case again and re-start the import.' });
      return;
    }
    s.state = 'running';
    s.startedAt = new Date().toISOString();
    this.ctx.publish({ ...s });
    this.ctx.setInFlight(maxEvidenceId(c.db));
    let lastPublish = 0;
    const cancelled = () => j.controller.signal.aborted || this.ctx.cancelRequested?.(s.id) === true;
    const onProgress = (p: ImportProgress) => {
      if (cancelled()) {
        j.controller.abort();
        // Thrown from inside the job's own step (hashing, between batches, before linking or commit): the
        // import rolls back and audits the cancellation like any other failure.
        throw cancelledError(s.source.name);
      }
      const phaseChanged = p.phase !== s.phase;
      s.phase = p.phase;
      if (p.bytes !== undefined) s.bytes = p.bytes;
      if (p.totalBytes !== undefined) s.totalBytes = p.totalBytes;
      if (p.records !== undefined) s.records = p.records;
      const now = Date.now();
      if (phaseChanged || now - lastPublish >= PUBLISH_EVERY_MS) {
        lastPublish = now;
        this.ctx.publish({ ...s });
      }
    };
    const o = s.options;
    const req: ImportRequest = { path: this.ctx.pathOf(s.source.id), signal: j.controller.signal, onProgress, tz: o.tz };
    if (o.format && o.format !== 'auto') req.format = o.format;
    if (o.dateOrder) req.dateOrder = o.dateOrder;
    if (o.region) req.region = o.region;
    if (o.owner) req.owner = o.owner;
    if (o.mapping.length) {
      const m = Object.create(null) as Record<string, string>;
      for (const [k, v] of o.mapping) m[k] = v;
      req.mapping = m;
    }
    if (o.allowDuplicate) req.allowDuplicate = true;
    try {
      const r = await importEvidence(c, req);
      this.finish(j, 'done', summariseImport(r), null);
    } catch (err) {
      const e = toThreadlineError(err, { file: s.source.name });
      this.finish(j, e.code === 'IMPORT_CANCELLED' ? 'cancelled' : 'failed', null, e.toInfo());
    }
  }
}

function cancelledError(name: string): ThreadlineError {
  return new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled; nothing of this file was kept.', { file: name, hint: 'Start the import again when ready.' });
}
