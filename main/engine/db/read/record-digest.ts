/**
 * The content digest of an evidence item's records: one SHA-256 per record table over every row the import
 * wrote for that item (in row-id order, every column the importer set), so `verify` can tell whether any
 * stored message, call, attachment hash … was edited, added or removed after the import.
 *
 * Computed by the import job inside its transaction, just before its `evidence-imported` audit entry (which
 * records it), and recomputed by `verify`. Both sides read the rows back through the same query and encoder,
 * so what is compared is exactly what SQLite stores (a lone surrogate written into a TEXT column, for one, is
 * stored as other characters than the string the importer produced; hashing the importer's values would
 * then raise a false alarm).
 *
 * Not covered, on purpose: tables that examiner decisions or re-indexing legitimately change later (identity
 * nodes/edges/entities, events and search indexes, annotations). They are derived from the covered rows.
 */
import { createHash, type Hash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** Bumped if the encoding or the covered columns ever change; verify reads the version an item was sealed with. */
export const RECORD_DIGEST_VERSION = 1;

/** A REAL column, rendered by printf (stable across SQLite versions, unlike JSON's float rendering); NULL stays null. */
const REAL = (col: string) => `CASE WHEN ${col} IS NULL THEN NULL ELSE printf('%!.17g', ${col}) END`;

const PROV = 'evidence_id, seq, src_member, src_line, src_line_end, src_path, src_offset, flags, raw, CASE WHEN raw_bytes IS NULL THEN NULL ELSE hex(raw_bytes) END';
const TIME = 'ts_utc, ts_raw, ts_local, ts_zone, ts_flags';

interface TableSpec {
  /** Name in the digest (the table name). */
  name: string;
  /** The owning evidence id. */
  owner: string;
  /** The columns as json_array arguments (blobs through hex(), reals through printf('%!.17g'), which SQLite renders with at most 16 significant digits: see selectSql). */
  cols: string;
  from: string;
  /** The row-id column(s) that order rows; the first also bounds the rows of one import. */
  order: string;
}

// Columns as written by RecordWriter (main/engine/db/write/records.ts) and insertEvidence; columns added by
// later migrations are not listed, so a schema change elsewhere never alters old digests.
const TABLES: readonly TableSpec[] = [
  {
    name: 'evidence',
    owner: 'id',
    cols: 'id, path_given, path_resolved, file_name, size, sha256, sha1, md5, mtime_utc, format, layout, importer_version, tz, date_order, region, owner, options_json, accounting_json, facts_json, examiner, imported_utc, duplicate_of',
    from: 'evidence',
    order: 'id',
  },
  { name: 'chats', owner: 'evidence_id', cols: `id, key, platform, name, chat_kind, ext_id, ${PROV}`, from: 'chats', order: 'id' },
  { name: 'accounts', owner: 'evidence_id', cols: `id, key, platform, display, is_owner, implicit, ${PROV}`, from: 'accounts', order: 'id' },
  {
    name: 'account_identifiers',
    owner: 'a.evidence_id',
    cols: 'i.id, i.account_id, i.kind, i.value_raw, i.platform, i.label',
    from: 'account_identifiers i JOIN accounts a ON a.id = i.account_id',
    order: 'i.id',
  },
  { name: 'chat_members', owner: 'c.evidence_id', cols: 'm.chat_id, m.account_id', from: 'chat_members m JOIN chats c ON c.id = m.chat_id', order: 'm.chat_id, m.account_id' },
  {
    name: 'messages',
    owner: 'evidence_id',
    cols: `id, chat_id, sender_account_id, sender_raw, direction, recipients_json, ${TIME}, kind, body, ext_id, reply_to, forwarded_from, attachments_json, entities_json, ${PROV}`,
    from: 'messages',
    order: 'id',
  },
  {
    name: 'calls',
    owner: 'evidence_id',
    cols: `id, chat_id, account_id, ${TIME}, direction, ${REAL('duration_s')}, media, counterpart_raw, contact_name, caller_raw, ${PROV}`,
    from: 'calls',
    order: 'id',
  },
  { name: 'contacts', owner: 'evidence_id', cols: `id, name, identifiers_json, fields_json, ${TIME}, ${PROV}`, from: 'contacts', order: 'id' },
  { name: 'sheet_rows', owner: 'evidence_id', cols: `id, key, sheet, row_number, cells_json, is_header, ${PROV}`, from: 'sheet_rows', order: 'id' },
  {
    name: 'transactions',
    owner: 'evidence_id',
    cols: `id, row_id, ${TIME}, amount, currency, from_json, to_json, reference, description, ${PROV}`,
    from: 'transactions',
    order: 'id',
  },
  { name: 'attachments', owner: 'evidence_id', cols: `id, member, size, sha256, status, reason, ${PROV}`, from: 'attachments', order: 'id' },
  { name: 'skipped_units', owner: 'evidence_id', cols: `id, outcome, count, reason, ${PROV}`, from: 'skipped_units', order: 'id' },
];

/** The tables a digest covers, in digest order (for verify's and the README's wording). */
export const DIGEST_TABLES: readonly string[] = TABLES.map((t) => t.name);

export interface TableDigest {
  rows: number;
  sha256: string;
}

export interface RecordDigest {
  v: number;
  /** SHA-256 over the per-table digests (canonical text `name rows sha256` per non-empty table, in table order). */
  sha256: string;
  /** Per table with at least one row of the item. */
  tables: Record<string, TableDigest>;
}

/** Row-id bounds of one import: the highest id of each table (and chat id for members) before it wrote. */
export type ImportMark = Record<string, number>;

/**
 * One canonical line per row, built by SQLite itself: json_array(...) of the covered columns (owner evidence id
 * included, blobs as hex, reals through printf). Building it in SQL costs a fifth of materialising every column
 * in JS (bench/records-digest.ts); the exact text is pinned by test/engine/verify-records.test.ts, so a SQLite
 * upgrade that changed JSON rendering would fail CI instead of raising false alarms in old cases.
 */
function selectSql(spec: TableSpec, where: string): string {
  return `SELECT ${spec.owner}, json_array(${spec.owner}, ${spec.cols}) FROM ${spec.from} ${where} ORDER BY ${spec.order}`;
}

class TableHasher {
  rows = 0;
  private readonly hash: Hash = createHash('sha256');
  add(line: string): void {
    this.rows++;
    this.hash.update(line);
    this.hash.update('\n');
  }
  finish(): TableDigest {
    return { rows: this.rows, sha256: this.hash.digest('hex') };
  }
}

function seal(tables: Record<string, TableDigest>): RecordDigest {
  const h = createHash('sha256');
  for (const name of DIGEST_TABLES) {
    const t = tables[name];
    if (t && t.rows > 0) h.update(`${name} ${t.rows} ${t.sha256}\n`);
  }
  return { v: RECORD_DIGEST_VERSION, sha256: h.digest('hex'), tables };
}

/** Taken at the start of an import's transaction: every row the import writes has a larger id than these. */
export function importMark(db: Database.Database): ImportMark {
  const max = (t: string) => (db.prepare(`SELECT MAX(id) AS m FROM ${t}`).get() as { m: number | null }).m ?? 0;
  const mark: ImportMark = {};
  for (const t of ['evidence', 'chats', 'accounts', 'account_identifiers', 'messages', 'calls', 'contacts', 'sheet_rows', 'transactions', 'attachments', 'skipped_units']) mark[t] = max(t);
  return mark;
}

function boundColumn(spec: TableSpec): { col: string; markOf: string } {
  if (spec.name === 'chat_members') return { col: 'm.chat_id', markOf: 'chats' };
  return { col: spec.order, markOf: spec.name };
}

/**
 * The digest of the rows one import wrote (call inside its transaction, after all its writes). Reads only the
 * rows past the mark (a row-id range scan), so its cost does not grow with the rest of the case.
 */
export function digestImportedRecords(db: Database.Database, evidenceId: number, mark: ImportMark): RecordDigest {
  const tables: Record<string, TableDigest> = {};
  for (const spec of TABLES) {
    const { col, markOf } = boundColumn(spec);
    const hasher = new TableHasher();
    const stmt = db.prepare(selectSql(spec, `WHERE ${col} > ?`)).raw(true);
    for (const row of stmt.iterate(mark[markOf] ?? 0) as IterableIterator<[number, string]>) {
      if (row[0] === evidenceId) hasher.add(row[1]);
    }
    if (hasher.rows > 0) tables[spec.name] = hasher.finish();
  }
  return seal(tables);
}

/** The canonical lines one table holds for one item, in digest order (for tests and for a closer look at a mismatch). */
export function recordLines(db: Database.Database, table: string, evidenceId: number): string[] {
  const spec = TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`not a digested table: ${table}`);
  return (db.prepare(selectSql(spec, `WHERE ${spec.owner} = ?`)).raw(true).all(evidenceId) as [number, string][]).map((r) => r[1]);
}

export interface CaseDigests {
  /** Digest per evidence item that owns at least one row. */
  byEvidence: Map<number, RecordDigest>;
  /** Rows whose evidence id names no evidence item, by table. */
  orphans: Record<string, number>;
}

/** Every item's digest in one streaming pass over each table (verify): memory is one hash state per item and table. */
export function digestAllRecords(db: Database.Database): CaseDigests {
  const known = new Set((db.prepare('SELECT id FROM evidence').pluck().all() as number[]));
  const perItem = new Map<number, Map<string, TableHasher>>();
  const orphans: Record<string, number> = {};
  for (const spec of TABLES) {
    const stmt = db.prepare(selectSql(spec, '')).raw(true);
    for (const row of stmt.iterate() as IterableIterator<[number, string]>) {
      const ev = row[0];
      if (!known.has(ev)) {
        orphans[spec.name] = (orphans[spec.name] ?? 0) + 1;
        continue;
      }
      let tables = perItem.get(ev);
      if (!tables) perItem.set(ev, (tables = new Map()));
      let h = tables.get(spec.name);
      if (!h) tables.set(spec.name, (h = new TableHasher()));
      h.add(row[1]);
    }
  }
  const byEvidence = new Map<number, RecordDigest>();
  for (const [ev, hashers] of perItem) {
    const tables: Record<string, TableDigest> = {};
    for (const name of DIGEST_TABLES) {
      const h = hashers.get(name);
      if (h) tables[name] = h.finish();
    }
    byEvidence.set(ev, seal(tables));
  }
  return { byEvidence, orphans };
}

/** Tables whose digest differs between what the import sealed and what the case holds now (empty = same). */
export function digestDifferences(sealed: RecordDigest, now: RecordDigest | undefined): { table: string; sealedRows: number; rowsNow: number }[] {
  const out: { table: string; sealedRows: number; rowsNow: number }[] = [];
  for (const name of DIGEST_TABLES) {
    const a = sealed.tables[name];
    const b = now?.tables[name];
    if ((a?.sha256 ?? null) !== (b?.sha256 ?? null)) out.push({ table: name, sealedRows: a?.rows ?? 0, rowsNow: b?.rows ?? 0 });
  }
  return out;
}
