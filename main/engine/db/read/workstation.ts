/**
 * Reads the workstation's overview panels need that no read-out command has: case-wide event totals by kind
 * (from the small event_totals table, so a million-event case answers at once), declared evidence zones,
 * skipped/rejected units with their raw text, and audit entries newest first.
 */
import type Database from 'better-sqlite3';
import type { StoredAuditEntry } from '../../audit/chain';

type Db = Database.Database;

export interface EventTotals {
  events: number;
  undated: number;
  byKind: Record<string, number>;
}

export function eventTotals(db: Db): EventTotals {
  const rows = db
    .prepare('SELECT kind, SUM(n) AS n, SUM(CASE WHEN dated = 0 THEN n ELSE 0 END) AS undated FROM event_totals GROUP BY kind')
    .all() as { kind: string; n: number; undated: number }[];
  const byKind: Record<string, number> = {};
  let events = 0;
  let undated = 0;
  for (const r of rows) {
    byKind[r.kind] = r.n;
    events += r.n;
    undated += r.undated;
  }
  return { events, undated, byKind };
}

/** Distinct zones declared on evidence items, most used first. */
export function evidenceZones(db: Db): string[] {
  return (db.prepare('SELECT tz FROM evidence GROUP BY tz ORDER BY COUNT(*) DESC, tz').all() as { tz: string }[]).map((r) => r.tz);
}

export interface SkippedRow {
  outcome: 'rejected' | 'skipped';
  count: number;
  reason: string;
  file_name: string;
  src_member: string | null;
  src_line: number | null;
  src_line_end: number | null;
  src_path: string | null;
  raw: string | null;
}

/** Skipped and rejected units of one item in source order, with the raw text each kept. */
export function skippedUnits(db: Db, evidenceId: number, limit: number): SkippedRow[] {
  return db
    .prepare(
      `SELECT s.outcome, s.count, s.reason, e.file_name, s.src_member, s.src_line, s.src_line_end, s.src_path, s.raw
       FROM skipped_units s JOIN evidence e ON e.id = s.evidence_id WHERE s.evidence_id = ? ORDER BY s.seq LIMIT ?`,
    )
    .all(evidenceId, limit) as SkippedRow[];
}

/** An audit row for the log view: as stored, without the previous hash. */
export type AuditListRow = Omit<StoredAuditEntry, 'prev_hash'>;

/** Audit entries newest first, a page at a time (before a sequence number). */
export function auditPage(db: Db, limit: number, beforeSeq: number | null): AuditListRow[] {
  return db
    .prepare('SELECT seq, ts_utc, examiner, tool_version, action, details_json, hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as AuditListRow[];
}

/** The highest evidence id (0 when none), to tell committed items from one an import is still writing. */
export function maxEvidenceId(db: Db): number {
  return (db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM evidence').get() as { m: number }).m;
}
