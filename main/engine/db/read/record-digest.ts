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
  /** `rows` lines already joined by '\n' (UTF-8 bytes, no final newline): the same bytes as add() on each. */
  addJoined(rows: number, lines: Buffer): void {
    this.rows += rows;
    this.hash.update(lines);
    this.hash.update(NEWLINE);
  }
  finish(): TableDigest {
    return { rows: this.rows, sha256: this.hash.digest('hex') };
  }
}

const NEWLINE = Buffer.from('\n');

/**
 * Row ids per chunk of the digest's read: SQLite joins each chunk's lines itself and hands them over as one blob,
 * so the rows cross into JS as bytes (no string per row, no UTF-16 round trip): at 1 M WhatsApp messages 1.3 s
 * instead of 2.5 s (bench/out/tmp/dig7.ts). 4,096 measured best of 1 k-64 k (a ~1.5 MB blob per chunk).
 */
const CHUNK_IDS = 4096;

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
 * One item's rows of one table whose bound column lies in (lo, hi]: their count and their lines joined by '\n',
 * as bytes. The subquery reads them in digest order (its ORDER BY is the bound column's own order, a range scan
 * of the row ids), and group_concat joins them in the order it is fed (the subquery is not flattened into an
 * aggregate: SQLite's rule for ORDER BY subqueries). `+owner` keeps SQLite on that range instead of the owner's
 * index, which would read the whole item for every chunk. Pinned against the row-by-row lines by
 * test/engine/verify-records.test.ts.
 */
function chunkSql(spec: TableSpec): string {
  const { col } = boundColumn(spec);
  return `SELECT count(*), CAST(group_concat(line, char(10)) AS BLOB) FROM (SELECT json_array(${spec.owner}, ${spec.cols}) AS line FROM ${spec.from} WHERE ${col} > ? AND ${col} <= ? AND +${spec.owner} = ? ORDER BY ${spec.order})`;
}

/** Hashes one item's rows of one table chunk by chunk, in digest order, from a starting bound. */
class RangeDigest {
  readonly hasher = new TableHasher();
  constructor(
    /** chunkStatement() of the table. */
    private readonly stmt: Database.Statement,
    private readonly evidenceId: number,
    /** The bound up to which rows are hashed. */
    public done: number,
  ) {}
  /** Hashes the rows with bound in (done, upTo]; `whole`: only complete chunks (the rest stays for a later call). */
  to(upTo: number, whole = false): void {
    while (this.done < upTo) {
      const hi = this.done + CHUNK_IDS;
      if (whole && hi > upTo) return;
      const [rows, lines] = this.stmt.get(this.done, Math.min(hi, upTo), this.evidenceId) as [number, Buffer | null];
      if (rows > 0) this.hasher.addJoined(rows, lines!);
      this.done = Math.min(hi, upTo);
    }
  }
  result(): TableDigest | null {
    return this.hasher.rows > 0 ? this.hasher.finish() : null;
  }
}

function chunkStatement(db: Database.Database, spec: TableSpec): Database.Statement {
  return db.prepare(chunkSql(spec)).raw(true);
}

/**
 * Record tables the import only ever inserts into (RecordWriter never updates or deletes their rows), so a chunk
 * of them can be hashed as soon as it is written: accounts (display, owner flag) and transactions (row links) are
 * updated later in an import and are hashed at the end. Whatever this list says, verify recomputes every table
 * from the stored rows, so a row changed after it was hashed would show as a mismatch in tests, not pass unseen.
 */
const INSERT_ONLY = new Set(['messages', 'calls', 'contacts', 'sheet_rows']);

/**
 * The records digest of one import, read while the import writes: `advance()` after each batch hashes the
 * insert-only tables' complete chunks while their pages are still in SQLite's page cache (read back at the end,
 * a million messages' pages come out of a half-gigabyte WAL: 2.1-2.3 s, against 1.5-1.7 s this way); `finish()`
 * hashes the rest. The same bytes, in the same order, as digestImportedRecords over the finished import.
 * (Hashing the chunks on another thread was tried: the import's thread spent as long handing them over.)
 */
export class ImportDigest {
  private readonly ranges = new Map<string, RangeDigest>();
  private readonly maxId = new Map<string, Database.Statement>();
  constructor(db: Database.Database, evidenceId: number, mark: ImportMark) {
    for (const spec of TABLES) {
      const { col, markOf } = boundColumn(spec);
      this.ranges.set(spec.name, new RangeDigest(chunkStatement(db, spec), evidenceId, mark[markOf] ?? 0));
      this.maxId.set(spec.name, db.prepare(`SELECT MAX(${col}) FROM ${spec.from}`).pluck());
    }
  }
  private upTo(name: string): number {
    return (this.maxId.get(name)!.get() as number | null) ?? 0;
  }
  /** Hash the complete chunks of the insert-only tables written so far. */
  advance(): void {
    for (const name of INSERT_ONLY) {
      const r = this.ranges.get(name)!;
      const upTo = this.upTo(name);
      if (upTo - r.done >= CHUNK_IDS) r.to(upTo, true);
    }
  }
  /** Hash everything not yet hashed (call after the import's last write) and seal. */
  finish(): RecordDigest {
    const tables: Record<string, TableDigest> = {};
    for (const spec of TABLES) {
      const r = this.ranges.get(spec.name)!;
      r.to(this.upTo(spec.name));
      const d = r.result();
      if (d) tables[spec.name] = d;
    }
    return seal(tables);
  }
}

/**
 * The digest of the rows one import wrote (call inside its transaction, after all its writes). Reads only the
 * rows past the mark (a row-id range scan), so its cost does not grow with the rest of the case.
 */
export function digestImportedRecords(db: Database.Database, evidenceId: number, mark: ImportMark): RecordDigest {
  return new ImportDigest(db, evidenceId, mark).finish();
}

/** The canonical lines one table holds for one item, in digest order (for tests and for a closer look at a mismatch). */
export function recordLines(db: Database.Database, table: string, evidenceId: number): string[] {
  const spec = TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`not a digested table: ${table}`);
  return (db.prepare(selectSql(spec, `WHERE ${spec.owner} = ?`)).raw(true).all(evidenceId) as [number, string][]).map((r) => r[1]);
}

/** The digest of one table's rows for one item, one line at a time (the reference the chunked read is tested against). */
export function digestTableByLines(db: Database.Database, table: string, evidenceId: number): TableDigest | null {
  const hasher = new TableHasher();
  for (const line of recordLines(db, table, evidenceId)) hasher.add(line);
  return hasher.rows > 0 ? hasher.finish() : null;
}

export interface CaseDigests {
  /** Digest per evidence item that owns at least one row. */
  byEvidence: Map<number, RecordDigest>;
  /** Rows whose evidence id names no evidence item, by table. */
  orphans: Record<string, number>;
}

/**
 * Every item's digest (verify), read the way the import read it: per item and table, the range of its rows in
 * chunks. Memory is one chunk at a time.
 */
export function digestAllRecords(db: Database.Database): CaseDigests {
  const items = db.prepare('SELECT id FROM evidence ORDER BY id').pluck().all() as number[];
  const byEvidence = new Map<number, RecordDigest>();
  const orphans: Record<string, number> = {};
  const perItem = new Map<number, Record<string, TableDigest>>();
  for (const spec of TABLES) {
    const { col } = boundColumn(spec);
    const range = db.prepare(`SELECT MIN(${col}), MAX(${col}) FROM ${spec.from} WHERE ${spec.owner} = ?`).raw(true);
    const chunks = chunkStatement(db, spec);
    for (const ev of items) {
      const [lo, hi] = range.get(ev) as [number | null, number | null];
      if (lo === null || hi === null) continue;
      const r = new RangeDigest(chunks, ev, lo - 1);
      r.to(hi);
      const d = r.result();
      if (!d) continue;
      let tables = perItem.get(ev);
      if (!tables) perItem.set(ev, (tables = {}));
      tables[spec.name] = d;
    }
    const stray = db.prepare(`SELECT COUNT(*) FROM ${spec.from} WHERE ${spec.owner} IS NULL OR ${spec.owner} NOT IN (SELECT id FROM evidence)`).pluck().get() as number;
    if (stray > 0) orphans[spec.name] = stray;
  }
  for (const [ev, tables] of perItem) byEvidence.set(ev, seal(tables));
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
