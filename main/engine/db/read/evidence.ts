/** Evidence items as the read-out commands show them: hashes, format, zone, counts. */
import type Database from 'better-sqlite3';
import type { EvidenceItem } from '../../../../shared/model';
import type { NewEvidence } from '../write/evidence';

/** An evidence row as stored: what intake wrote (NewEvidence) plus what the import completed. */
export interface EvidenceRow extends NewEvidence {
  id: number;
  accounting_json: string;
  facts_json: string;
}

export interface EvidenceCounts {
  messages: number;
  calls: number;
  contacts: number;
  transactions: number;
  rows: number;
  chats: number;
  accounts: number;
  attachments: number;
  rejected: number;
  skipped: number;
}

export function listEvidence(db: Database.Database): EvidenceRow[] {
  return db.prepare('SELECT * FROM evidence ORDER BY id').all() as EvidenceRow[];
}

/** One evidence item as the CLI's `info --json` and the workstation (shared/model EvidenceItem) show it: one mapping, so the two never drift. */
export type EvidenceSummary = Omit<EvidenceItem, 'accounting'> & {
  /** The importer's accounting as stored (seen / parsed / skipped / rejected and reasons), or null if absent. */
  accounting: unknown;
};

export function evidenceSummary(db: Database.Database, e: EvidenceRow): EvidenceSummary {
  return {
    id: e.id,
    file: e.file_name,
    pathGiven: e.path_given,
    pathResolved: e.path_resolved,
    size: e.size,
    sha256: e.sha256,
    sha1: e.sha1,
    md5: e.md5,
    format: e.format,
    importerVersion: e.importer_version,
    layout: e.layout,
    tz: e.tz,
    dateOrder: e.date_order,
    region: e.region,
    owner: e.owner,
    examiner: e.examiner,
    imported: e.imported_utc,
    duplicateOf: e.duplicate_of,
    counts: evidenceCounts(db, e.id),
    accounting: e.accounting_json ? (JSON.parse(e.accounting_json) as unknown) : null,
  };
}

export function evidenceCounts(db: Database.Database, id: number): EvidenceCounts {
  const one = (sql: string) => (db.prepare(sql).get(id) as { n: number | null }).n ?? 0;
  return {
    messages: one('SELECT COUNT(*) n FROM messages WHERE evidence_id = ?'),
    calls: one('SELECT COUNT(*) n FROM calls WHERE evidence_id = ?'),
    contacts: one('SELECT COUNT(*) n FROM contacts WHERE evidence_id = ?'),
    transactions: one('SELECT COUNT(*) n FROM transactions WHERE evidence_id = ?'),
    rows: one('SELECT COUNT(*) n FROM sheet_rows WHERE evidence_id = ?'),
    chats: one('SELECT COUNT(*) n FROM chats WHERE evidence_id = ?'),
    accounts: one('SELECT COUNT(*) n FROM accounts WHERE evidence_id = ?'),
    attachments: one('SELECT COUNT(*) n FROM attachments WHERE evidence_id = ?'),
    rejected: one("SELECT SUM(count) n FROM skipped_units WHERE evidence_id = ? AND outcome = 'rejected'"),
    skipped: one("SELECT SUM(count) n FROM skipped_units WHERE evidence_id = ? AND outcome = 'skipped'"),
  };
}

export function tableCounts(db: Database.Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['evidence', 'chats', 'accounts', 'account_identifiers', 'messages', 'calls', 'contacts', 'sheet_rows', 'transactions', 'attachments', 'skipped_units', 'audit_log']) {
    out[t] = (db.prepare(`SELECT COUNT(*) n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}
