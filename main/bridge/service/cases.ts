/**
 * The case this session has open, and the case files it can offer: those in the cases folder (browser mode),
 * the one named on the command line, and those chosen in a native dialog (Electron). Like evidence files,
 * cases are named to the renderer by opaque ids; a new case is created from a bare file name inside the folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { CaseRef, CaseSummary } from '../../../shared/model';
import { Case, type NewCaseInput } from '../../engine/case';
import { auditHead } from '../../engine/db/audit-store';
import { datedKeyBounds } from '../../engine/db/read/timeline';
import { eventTotals, evidenceZones, maxEvidenceId } from '../../engine/db/read/workstation';
import { ThreadlineError } from '../../engine/errors';
import { ensureEventsIndexed } from '../../engine/timeline/index-state';
import { instantOfKey } from '../../engine/timeline/keys';
import { coverageNotes } from '../../engine/timeline/page';

export const CASE_EXTENSION = '.tl';

export class CaseSession {
  private current: Case | null = null;
  private readonly ids = new Map<string, string>();
  private readonly paths = new Map<string, string>();
  /** Evidence ids above this are being written by a running import (not committed yet): listings hide them. */
  inFlightAbove: number | null = null;

  constructor(readonly folder: string | null) {}

  get case(): Case | null {
    return this.current;
  }

  /** The open case, or NO_CASE_OPEN with what to do. */
  require(): Case {
    if (!this.current) throw new ThreadlineError('NO_CASE_OPEN', 'No case is open.', { hint: 'Open or create a case in the Case view first.' });
    return this.current;
  }

  refFor(path: string): CaseRef {
    const full = resolve(path);
    let id = this.ids.get(full);
    if (!id) {
      id = `c${randomBytes(12).toString('hex')}`;
      this.ids.set(full, id);
      this.paths.set(id, full);
    }
    let size = 0;
    let modified = '';
    try {
      const st = statSync(full);
      size = st.size;
      modified = st.mtime.toISOString();
    } catch {
      // listed but gone (moved away): shown, and opening it explains
    }
    return { id, name: basename(full), location: dirname(full), size, modified, open: this.current?.file === full };
  }

  pathOf(id: string): string {
    const p = this.paths.get(id);
    if (!p) throw new ThreadlineError('NOT_FOUND', 'That case is not one this session offered (the list may be from before a restart).', { hint: 'Reload the list of cases and choose again.' });
    return p;
  }

  /** Case files in the cases folder (newest first), plus any registered otherwise. */
  available(): CaseRef[] {
    const found = new Set<string>();
    if (this.folder) {
      let names: string[] = [];
      try {
        names = readdirSync(this.folder);
      } catch {
        names = [];
      }
      for (const n of names) if (extname(n) === CASE_EXTENSION) found.add(resolve(this.folder, n));
    }
    for (const p of this.ids.keys()) found.add(p);
    return [...found].map((p) => this.refFor(p)).sort((a, b) => b.modified.localeCompare(a.modified) || a.name.localeCompare(b.name));
  }

  /** Where a new case of this bare file name goes in the cases folder. */
  pathForNew(fileName: string): string {
    if (!this.folder) {
      throw new ThreadlineError('BAD_ARGUMENT', 'No folder for new cases was given.', { hint: 'Start Threadline with --cases DIR (browser mode), or use the desktop app.' });
    }
    const name = extname(fileName).toLowerCase() === CASE_EXTENSION ? fileName : `${fileName}${CASE_EXTENSION}`;
    if (name !== basename(name)) throw new ThreadlineError('BAD_ARGUMENT', 'The case file name must be a plain name, not a path.', { hint: 'Use a name such as TH-2026-0142.tl.' });
    mkdirSync(this.folder, { recursive: true });
    return join(this.folder, name);
  }

  create(path: string, input: NewCaseInput): CaseSummary {
    this.close();
    this.current = Case.create(path, input);
    return this.summary();
  }

  open(path: string, examiner: string | undefined): CaseSummary {
    const full = resolve(path);
    if (this.current && this.current.file === full && (examiner === undefined || examiner === this.current.examiner)) return this.summary();
    this.close();
    const c = Case.open(full, examiner ? { examiner } : {});
    try {
      // Items imported before the timeline index existed are indexed once (audited) so every view sees them.
      ensureEventsIndexed(c);
    } catch (err) {
      c.close();
      throw err;
    }
    this.current = c;
    return this.summary();
  }

  close(): void {
    this.current?.close();
    this.current = null;
    this.inFlightAbove = null;
  }

  summary(): CaseSummary {
    const c = this.require();
    const head = auditHead(c.db);
    // A running import writes its events only in its last, synchronous step before COMMIT, so totals never
    // include uncommitted events; its evidence row does exist early and is left out of the count.
    const totals = eventTotals(c.db);
    const bounds = datedKeyBounds(c.db);
    const first = bounds ? instantOfKey(bounds.first) : null;
    const last = bounds ? instantOfKey(bounds.last) : null;
    const evidenceCount = Math.min(maxEvidenceId(c.db), this.inFlightAbove ?? Number.MAX_SAFE_INTEGER);
    return {
      ref: this.refFor(c.file),
      ...c.metadata(),
      actingExaminer: c.examiner,
      audit: { entries: head?.seq ?? 0, head: head?.hash ?? null },
      counts: {
        evidence: evidenceCount,
        events: totals.events,
        messages: totals.byKind.message ?? 0,
        calls: totals.byKind.call ?? 0,
        contacts: totals.byKind.contact ?? 0,
        transactions: totals.byKind.transaction ?? 0,
        rows: totals.byKind.row ?? 0,
        undated: totals.undated,
      },
      span: { first: first === null ? null : new Date(first).toISOString(), last: last === null ? null : new Date(last).toISOString() },
      evidenceZones: evidenceZones(c.db),
      notes: coverageNotes(c.db),
    };
  }
}
