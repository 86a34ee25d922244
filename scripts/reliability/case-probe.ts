/**
 * What the reliability suites check of a case after something went wrong: integrity_check, the audit chain,
 * the row count of every table, and that each evidence item is whole (its rows equal what its import recorded).
 */
import { verifyChain, type ChainVerdict } from '../../main/engine/audit/chain';
import type { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import type { SqlDb } from '../../main/engine/db/case-db';
import { evidenceCounts, listEvidence, type EvidenceCounts } from '../../main/engine/db/read/evidence';

export interface CaseState {
  integrity: string[];
  chain: ChainVerdict;
  /** Row count of every table in the file (FTS shadow tables included, FTS virtual tables themselves not), by name. */
  counts: Record<string, number>;
  auditSeq: number;
}

export function allTables(db: SqlDb): string[] {
  // Virtual (FTS5) tables are skipped: counting one reads its external content through a view; their shadow
  // tables (`*_data`, `*_idx`, `*_docsize` …) are plain tables and are counted instead.
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);
}

/** `quick` uses PRAGMA quick_check (no index cross-checks) for the per-input checks of long runs. */
export function caseState(db: SqlDb, quick = false): CaseState {
  const counts: Record<string, number> = {};
  for (const t of allTables(db)) {
    // Virtual-table shadow names are plain identifiers; quote anyway.
    counts[t] = (db.prepare(`SELECT COUNT(*) AS n FROM "${t.replace(/"/g, '""')}"`).get() as { n: number }).n;
  }
  const integrity = (db.pragma(quick ? 'quick_check' : 'integrity_check') as Record<string, string>[]).map((r) => Object.values(r)[0]!);
  const chain = verifyChain(auditRows(db));
  const last = db.prepare('SELECT MAX(seq) AS s FROM audit_log').get() as { s: number | null };
  return { integrity, chain, counts, auditSeq: last.s ?? 0 };
}

/** Problems found comparing a case after a refused operation with the state before it (empty = unchanged). */
export function unchangedProblems(before: CaseState, after: CaseState, allowAuditActions: string[], db: SqlDb): string[] {
  const problems: string[] = [];
  if (after.integrity.length !== 1 || after.integrity[0] !== 'ok') problems.push(`integrity_check: ${after.integrity.slice(0, 3).join('; ')}`);
  if (!after.chain.ok) problems.push(`audit chain broken at ${after.chain.firstBadSeq}: ${after.chain.problem}`);
  for (const [t, n] of Object.entries(before.counts)) {
    if (t === 'audit_log') continue;
    if (after.counts[t] !== n) problems.push(`table ${t}: ${n} rows before, ${after.counts[t] ?? 'missing'} after`);
  }
  for (const t of Object.keys(after.counts)) if (!(t in before.counts)) problems.push(`table ${t} appeared`);
  const added = db.prepare('SELECT action FROM audit_log WHERE seq > ? ORDER BY seq').all(before.auditSeq) as { action: string }[];
  for (const a of added) if (!allowAuditActions.includes(a.action)) problems.push(`unexpected audit entry "${a.action}"`);
  return problems;
}

export interface WholeCheck {
  items: number;
  problems: string[];
}

const COUNT_KEYS: [keyof EvidenceCounts, string][] = [
  ['messages', 'messages'],
  ['calls', 'calls'],
  ['contacts', 'contacts'],
  ['transactions', 'transactions'],
  ['rows', 'rows'],
  ['chats', 'chats'],
  ['accounts', 'accounts'],
  ['attachments', 'attachments'],
];

/**
 * Every evidence item is whole: it has its `evidence-imported` audit entry (same id and SHA-256), its rows per
 * table equal the `written` counts that entry recorded, its rejected/skipped units equal its accounting, and no
 * record row points at an item that does not exist.
 */
export function wholeItems(db: SqlDb): WholeCheck {
  const problems: string[] = [];
  const imported = new Map<number, { sha256: string; written: Record<string, number> }>();
  for (const r of db.prepare("SELECT details_json FROM audit_log WHERE action = 'evidence-imported'").all() as { details_json: string }[]) {
    const d = JSON.parse(r.details_json) as { evidence: number; sha256: string; written: Record<string, number> };
    imported.set(d.evidence, { sha256: d.sha256, written: d.written });
  }
  const items = listEvidence(db);
  for (const ev of items) {
    const a = imported.get(ev.id);
    if (!a) {
      problems.push(`E${ev.id} has no evidence-imported audit entry`);
      continue;
    }
    if (a.sha256 !== ev.sha256) problems.push(`E${ev.id} sha256 differs from its audit entry`);
    const counts = evidenceCounts(db, ev.id);
    for (const [k, w] of COUNT_KEYS) {
      const want = a.written[w] ?? 0;
      if (counts[k] !== want) problems.push(`E${ev.id} ${k}: ${counts[k]} rows, import recorded ${want}`);
    }
    const acc = JSON.parse(ev.accounting_json) as { rejected?: number; skipped?: number };
    if ((acc.rejected ?? 0) !== counts.rejected) problems.push(`E${ev.id} rejected units ${counts.rejected}, accounting ${acc.rejected}`);
    if ((acc.skipped ?? 0) !== counts.skipped) problems.push(`E${ev.id} skipped units ${counts.skipped}, accounting ${acc.skipped}`);
  }
  for (const id of imported.keys()) if (!items.some((e) => e.id === id)) problems.push(`audit records E${id} imported but the item is absent`);
  for (const t of ['chats', 'accounts', 'messages', 'calls', 'contacts', 'sheet_rows', 'transactions', 'attachments', 'skipped_units']) {
    const n = (db.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE evidence_id NOT IN (SELECT id FROM evidence)`).get() as { n: number }).n;
    if (n) problems.push(`${n} ${t} rows belong to no evidence item`);
  }
  return { items: items.length, problems };
}

/** integrity_check + chain + whole items, as one list of problems (empty = the case is sound). */
export function soundProblems(c: Case): string[] {
  const s = caseState(c.db);
  const problems: string[] = [];
  if (s.integrity.length !== 1 || s.integrity[0] !== 'ok') problems.push(`integrity_check: ${s.integrity.slice(0, 3).join('; ')}`);
  if (!s.chain.ok) problems.push(`audit chain broken at ${s.chain.firstBadSeq}: ${s.chain.problem}`);
  problems.push(...wholeItems(c.db).problems);
  return problems;
}
