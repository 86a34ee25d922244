/**
 * `verify`: SQLite integrity_check, the audit chain recomputed, every evidence item's records re-digested
 * against the digest its import sealed in the audit log, and the sources re-hashed against intake.
 */
import type { Case } from './case';
import { verifyChain, type ChainVerdict } from './audit/chain';
import { auditRows } from './db/audit-store';
import { listEvidence } from './db/read/evidence';
import { digestAllRecords, digestDifferences, DIGEST_TABLES, RECORD_DIGEST_VERSION, type RecordDigest } from './db/read/record-digest';
import { recheckSource } from './intake/recheck';

export interface SourceCheck {
  evidence: number;
  file: string;
  expected: string;
  status: 'match' | 'mismatch' | 'not-found';
  checkedPath?: string;
  actual?: string;
}

/** One evidence item's records against the digest its import sealed in the audit log. */
export interface RecordsCheck {
  evidence: number;
  file: string;
  /**
   * match: every covered row is as imported. mismatch: rows were edited, added or removed (see tables).
   * not-covered: imported before records were digested (or by a newer digest version) — not checked.
   * no-import-entry: the item has no `evidence-imported` audit entry at all.
   * unreadable: the rows could not be read (a damaged case file; integrity_check says more).
   */
  status: 'match' | 'mismatch' | 'not-covered' | 'no-import-entry' | 'unreadable';
  /** For a mismatch: each table whose rows differ, with its row count at import and now. */
  tables?: { table: string; sealedRows: number; rowsNow: number }[];
  /** For unreadable: what SQLite said. */
  problem?: string;
}

function findingsOf(integrity: { ok: boolean; messages: string[] }, chain: ChainVerdict, records: RecordsCheck[], orphanRows: Record<string, number>, sources: SourceCheck[]): string[] {
  const out: string[] = [];
  if (!integrity.ok) out.push(`integrity_check failed: ${integrity.messages.slice(0, 3).join('; ')}`);
  if (!chain.ok) out.push(`audit chain broken at entry ${chain.firstBadSeq}: ${chain.problem}`);
  for (const r of records) {
    if (r.status === 'mismatch') out.push(`E${r.evidence} records changed since import: ${(r.tables ?? []).map((t) => `${t.table} (${t.sealedRows} rows at import, ${t.rowsNow} now)`).join(', ')}`);
    else if (r.status === 'no-import-entry') out.push(`E${r.evidence} has no evidence-imported audit entry`);
    else if (r.status === 'unreadable') out.push(`E${r.evidence} records unreadable: ${r.problem ?? ''}`);
  }
  for (const [t, n] of Object.entries(orphanRows)) out.push(`${t}: ${n} rows belong to no evidence item`);
  for (const s of sources) if (s.status === 'mismatch') out.push(`E${s.evidence} source differs from its intake SHA-256 (${s.checkedPath ?? s.file})`);
  return out;
}

export interface VerifyReport {
  ok: boolean;
  /** Every failure in one line each, naming the evidence item (E<n>) or audit entry — empty when ok. */
  findings: string[];
  integrity: { ok: boolean; messages: string[] };
  chain: ChainVerdict;
  sources: SourceCheck[];
  /** Per evidence item: its record rows against the digest sealed at import. */
  records: RecordsCheck[];
  /** Record rows whose evidence item does not exist, by table (should be none). */
  orphanRows: Record<string, number>;
  /** What the records check covers, in words (printed by the CLI). */
  recordsCoverage: string;
}

export const RECORDS_COVERAGE = `records: every row an import wrote (${DIGEST_TABLES.join(', ')}), digested per evidence item; identity links and decisions, timeline and search indexes, and annotations change after import and are not covered`;

/** The digest each item's import sealed, from the audit log (the chain check says whether the log is intact). */
function sealedDigests(c: Case): Map<number, RecordDigest | null> {
  const out = new Map<number, RecordDigest | null>();
  for (const r of c.db.prepare("SELECT details_json FROM audit_log WHERE action = 'evidence-imported' ORDER BY seq").all() as { details_json: string }[]) {
    let d: { evidence?: unknown; records_digest?: RecordDigest };
    try {
      d = JSON.parse(r.details_json) as typeof d;
    } catch {
      continue; // a damaged entry: the chain check reports it
    }
    if (typeof d.evidence === 'number') out.set(d.evidence, d.records_digest && d.records_digest.v === RECORD_DIGEST_VERSION ? d.records_digest : null);
  }
  return out;
}

function checkRecords(c: Case, evidence: { id: number; file_name: string }[]): { records: RecordsCheck[]; orphanRows: Record<string, number> } {
  const sealed = sealedDigests(c);
  let now: ReturnType<typeof digestAllRecords>;
  try {
    now = digestAllRecords(c.db);
  } catch (err) {
    // A damaged file (the b-tree of a record table): integrity_check reports the damage itself.
    const why = (err as Error).message;
    return { records: evidence.map((ev) => ({ evidence: ev.id, file: ev.file_name, status: 'unreadable', problem: why })), orphanRows: {} };
  }
  const records = evidence.map((ev): RecordsCheck => {
    if (!sealed.has(ev.id)) return { evidence: ev.id, file: ev.file_name, status: 'no-import-entry' };
    const s = sealed.get(ev.id);
    if (!s) return { evidence: ev.id, file: ev.file_name, status: 'not-covered' };
    const tables = digestDifferences(s, now.byEvidence.get(ev.id));
    return tables.length ? { evidence: ev.id, file: ev.file_name, status: 'mismatch', tables } : { evidence: ev.id, file: ev.file_name, status: 'match' };
  });
  return { records, orphanRows: now.orphans };
}

export async function verifyCase(c: Case, opts: { sourcesDir?: string } = {}): Promise<VerifyReport> {
  let messages: string[];
  try {
    messages = (c.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } catch (err) {
    // Damage bad enough that integrity_check cannot run is still a finding, not a crash.
    messages = [(err as Error).message];
  }
  const integrity = { ok: messages.length === 1 && messages[0] === 'ok', messages };
  const chain = verifyChain(auditRows(c.db));

  const items = listEvidence(c.db);
  const { records, orphanRows } = checkRecords(c, items);
  const sources: SourceCheck[] = [];
  for (const ev of items) {
    const r = await recheckSource(ev, opts.sourcesDir);
    sources.push({ evidence: ev.id, file: ev.file_name, expected: ev.sha256, status: r.status, ...(r.checkedPath !== null ? { checkedPath: r.checkedPath } : {}), ...(r.actual !== null ? { actual: r.actual } : {}) });
  }
  const findings = findingsOf(integrity, chain, records, orphanRows, sources);
  const ok = findings.length === 0;
  c.audit('case-verified', {
    ok,
    integrity_ok: integrity.ok,
    chain_ok: chain.ok,
    chain_head: chain.ok ? chain.head : null,
    first_bad_seq: chain.ok ? null : chain.firstBadSeq,
    records: records.map((r) => ({ evidence: r.evidence, status: r.status, tables: r.tables?.map((t) => t.table) ?? null })),
    orphan_rows: orphanRows,
    sources: sources.map((s) => ({ evidence: s.evidence, status: s.status, path: s.checkedPath ?? null })),
  });
  return { ok, findings, integrity, chain, sources, records, orphanRows, recordsCoverage: RECORDS_COVERAGE };
}
