/**
 * SQL for full-text search: FTS5 matches walked in event-key order (newest first is a native descending rowid
 * scan), timeline filters applied either on the joined event row or as membership in the filter's key set,
 * bm25 ranking inside a key window, set algebra across the word and trigram indexes, bounded substring scans,
 * and candidate names for fuzzy search.
 */
import type Database from 'better-sqlite3';
import type { AccountSummaryWire } from '../../../../shared/model';
import { filterKeySetSql, prepared, residualSql, type DriverName, type FilterSql, type KeyRange } from './timeline';

type Db = Database.Database;

export type FtsTable = 'search_words' | 'search_grams';

/** How timeline filters reach an FTS query: checked on each match's event row, or the filter's keys as a set. */
export type FtsFilter = { mode: 'join'; sql: FilterSql } | { mode: 'member'; sql: FilterSql; driver: DriverName } | null;

// Two snippet calls with different private-use markers: a marker is wherever the two outputs differ, so text
// that itself contains these code points is never mistaken for a highlight.
export const SNIPPET_MARKS = { a: ['\uE000', '\uE001', '\uE002'], b: ['\uE003', '\uE004', '\uE005'] } as const;
const mark = (c: string) => `char(${c.codePointAt(0)})`;

function snippetCols(table: FtsTable): string {
  const tokens = table === 'search_grams' ? 48 : 16;
  const [a1, a2, a3] = SNIPPET_MARKS.a;
  const [b1, b2, b3] = SNIPPET_MARKS.b;
  return `, snippet(${table}, -1, ${mark(a1)}, ${mark(a2)}, ${mark(a3)}, ${tokens}) AS a, snippet(${table}, -1, ${mark(b1)}, ${mark(b2)}, ${mark(b3)}, ${tokens}) AS b`;
}

/** bm25 with names weighted double: a name hit says more than a word in a long message. */
const BM25 = (table: FtsTable) => `bm25(${table}, 1.0, 2.0, 1.0)`;

function filterParts(filter: FtsFilter, range: KeyRange, params: unknown[]): { join: string; where: string } {
  if (filter === null) return { join: '', where: '' };
  if (filter.mode === 'join') return { join: ' JOIN events e ON e.id = f.rowid', where: residualSql(filter.sql, 'all', params) };
  const set = filterKeySetSql(filter.sql, filter.driver, range);
  params.push(...set.params);
  // The unary + keeps SQLite from handing the IN list to FTS5 as one rowid lookup per key (slow for common terms).
  return { join: '', where: ` AND +f.rowid IN (${set.sql})` };
}

export interface FtsHit {
  key: bigint;
  a?: string;
  b?: string;
  score?: number;
}

/** Matches in [lo, hi) in key order, at most `limit`, optionally with snippet pairs. */
export function ftsKeys(db: Db, table: FtsTable, match: string, range: KeyRange, desc: boolean, limit: number, filter: FtsFilter, snippets: boolean): FtsHit[] {
  const params: unknown[] = [match, range.lo, range.hi];
  const head = `SELECT f.rowid AS key${snippets ? snippetCols(table) : ''} FROM ${table} f`;
  const fp = filterParts(filter, range, params);
  const sql = `${head}${fp.join} WHERE ${table} MATCH ? AND f.rowid >= ? AND f.rowid < ?${fp.where} ORDER BY f.rowid ${desc ? 'DESC' : 'ASC'} LIMIT ?`;
  params.push(limit);
  return prepared(db, sql, true).all(...params) as FtsHit[];
}

/** The key of the n-th match (1-based) in key order, or null when there are fewer. */
export function ftsNthKey(db: Db, table: FtsTable, match: string, range: KeyRange, desc: boolean, nth: number, filter: FtsFilter): bigint | null {
  const params: unknown[] = [match, range.lo, range.hi];
  const fp = filterParts(filter, range, params);
  const sql = `SELECT f.rowid FROM ${table} f${fp.join} WHERE ${table} MATCH ? AND f.rowid >= ? AND f.rowid < ?${fp.where} ORDER BY f.rowid ${desc ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ?`;
  params.push(nth - 1);
  const k = prepared(db, sql, true).pluck().get(...params) as bigint | undefined;
  return k ?? null;
}

/**
 * Matches in [lo, hi) by bm25 (best first, newer first on ties), continuing after (score, key) when given.
 * No snippets here: a sort evaluates every selected column of every candidate, so snippets would be made for
 * the whole window; ftsSnippets makes them for the page only.
 */
export function ftsRanked(db: Db, table: FtsTable, match: string, range: KeyRange, limit: number, filter: FtsFilter, after: { score: number; key: bigint } | null): FtsHit[] {
  const params: unknown[] = [match, range.lo, range.hi];
  const fp = filterParts(filter, range, params);
  let cont = '';
  if (after) {
    cont = ` AND (${BM25(table)} > ? OR (${BM25(table)} = ? AND f.rowid < ?))`;
    params.push(after.score, after.score, after.key);
  }
  const sql = `SELECT f.rowid AS key, ${BM25(table)} AS score FROM ${table} f${fp.join}
    WHERE ${table} MATCH ? AND f.rowid >= ? AND f.rowid < ?${fp.where}${cont} ORDER BY score, f.rowid DESC LIMIT ?`;
  params.push(limit);
  return prepared(db, sql, true).all(...params) as FtsHit[];
}

/** Snippet pairs for a few matches: one pass over the matches between the smallest and largest key, snippets only for these. */
export function ftsSnippets(db: Db, table: FtsTable, match: string, keys: readonly bigint[]): Map<bigint, { a: string; b: string }> {
  const out = new Map<bigint, { a: string; b: string }>();
  if (keys.length === 0) return out;
  let lo = keys[0]!;
  let hi = keys[0]!;
  for (const k of keys) {
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  const tokens = table === 'search_grams' ? 48 : 16;
  const [a1, a2, a3] = SNIPPET_MARKS.a;
  const [b1, b2, b3] = SNIPPET_MARKS.b;
  const wanted = 'f.rowid IN (SELECT value FROM json_each(?))';
  const sql = `SELECT key, a, b FROM (SELECT f.rowid AS key,
      CASE WHEN ${wanted} THEN snippet(${table}, -1, ${mark(a1)}, ${mark(a2)}, ${mark(a3)}, ${tokens}) END AS a,
      CASE WHEN ${wanted} THEN snippet(${table}, -1, ${mark(b1)}, ${mark(b2)}, ${mark(b3)}, ${tokens}) END AS b
    FROM ${table} f WHERE ${table} MATCH ? AND f.rowid >= ? AND f.rowid <= ?) WHERE a IS NOT NULL`;
  const list = `[${keys.join(',')}]`;
  for (const r of prepared(db, sql, true).all(list, list, match, lo, hi) as { key: bigint; a: string; b: string }[]) out.set(r.key, { a: r.a, b: r.b });
  return out;
}

/** Number of matches in [lo, hi) (walks the term's postings in that range). */
export function ftsCount(db: Db, table: FtsTable, match: string, range: KeyRange, filter: FtsFilter): number {
  const params: unknown[] = [match, range.lo, range.hi];
  const fp = filterParts(filter, range, params);
  const sql = `SELECT COUNT(*) FROM ${table} f${fp.join} WHERE ${table} MATCH ? AND f.rowid >= ? AND f.rowid < ?${fp.where}`;
  return Number(prepared(db, sql).pluck().get(...params));
}

// ------------------------------------------------------------------------------------------ set algebra

export type KeySetExpr =
  | { op: 'and' | 'or' | 'not'; left: KeySetExpr; right: KeySetExpr }
  | { op: 'fts'; table: FtsTable; match: string }
  /** Substring scan over the unspaced-script documents (for terms too short for the trigram index). */
  | { op: 'scan'; text: string; columns: ('body' | 'names' | 'files')[] };

function keySetSql(e: KeySetExpr, range: KeyRange, params: unknown[]): string {
  switch (e.op) {
    case 'fts':
      params.push(e.match, range.lo, range.hi);
      return `SELECT rowid AS id FROM ${e.table} WHERE ${e.table} MATCH ? AND rowid >= ? AND rowid < ?`;
    case 'scan': {
      params.push(range.lo, range.hi);
      const cond = e.columns.map((c) => {
        params.push(e.text);
        return `instr(lower(d.${c}), lower(?)) > 0`;
      });
      return `SELECT g.id AS id FROM search_gram_docs g JOIN search_docs d ON d.id = g.id WHERE g.id >= ? AND g.id < ? AND (${cond.join(' OR ')})`;
    }
    case 'and':
    case 'or':
    case 'not': {
      const l = keySetSql(e.left, range, params);
      const r = keySetSql(e.right, range, params);
      const op = e.op === 'and' ? 'INTERSECT' : e.op === 'or' ? 'UNION' : 'EXCEPT';
      return `SELECT id FROM (${l}) ${op} SELECT id FROM (${r})`;
    }
    default: {
      const never: never = e;
      throw new Error(`unknown key set ${JSON.stringify(never)}`);
    }
  }
}

/** Keys of an expression over both indexes in [lo, hi), filtered on the event row, in key order. */
export function compoundKeys(db: Db, e: KeySetExpr, range: KeyRange, desc: boolean, limit: number, filter: FilterSql | null): bigint[] {
  const params: unknown[] = [];
  const inner = keySetSql(e, range, params);
  const where = filter ? residualSql(filter, 'all', params) : '';
  const sql = `SELECT x.id FROM (${inner}) x${filter ? ' JOIN events e ON e.id = x.id' : ''} WHERE 1${where} ORDER BY x.id ${desc ? 'DESC' : 'ASC'} LIMIT ?`;
  params.push(limit);
  return prepared(db, sql, true).pluck().all(...params) as bigint[];
}

/** Number of keys of an expression in [lo, hi), filtered on the event row. */
export function compoundCount(db: Db, e: KeySetExpr, range: KeyRange, filter: FilterSql | null): number {
  const params: unknown[] = [];
  const inner = keySetSql(e, range, params);
  const where = filter ? residualSql(filter, 'all', params) : '';
  return Number(prepared(db, `SELECT COUNT(*) FROM (${inner}) x${filter ? ' JOIN events e ON e.id = x.id' : ''} WHERE 1${where}`).pluck().get(...params));
}

/**
 * The range holding at most `docs` unspaced-script documents next to the range's starting edge (its top when
 * descending), so a substring scan stays bounded; `complete` when that is the whole range.
 */
export function gramDocWindow(db: Db, range: KeyRange, desc: boolean, docs: number): { range: KeyRange; complete: boolean } {
  const sql = desc
    ? 'SELECT id FROM search_gram_docs WHERE id >= ? AND id < ? ORDER BY id DESC LIMIT 1 OFFSET ?'
    : 'SELECT id FROM search_gram_docs WHERE id >= ? AND id < ? ORDER BY id ASC LIMIT 1 OFFSET ?';
  const edge = prepared(db, sql, true).pluck().get(range.lo, range.hi, docs) as bigint | undefined;
  if (edge === undefined) return { range, complete: true };
  return desc ? { range: { lo: edge + 1n, hi: range.hi }, complete: false } : { range: { lo: range.lo, hi: edge }, complete: false };
}

// ------------------------------------------------------------------------------------------ names

export interface NameRow {
  name: string;
  source: 'account' | 'contact' | 'chat';
  ref: number;
  evidence: number;
}

/** Names sharing trigrams with the query, best bm25 first (the candidate set fuzzy matching re-ranks). */
export function nameCandidatesByTrigrams(db: Db, match: string, limit: number): NameRow[] {
  return prepared(db, 'SELECT name, source, ref, evidence FROM search_names WHERE search_names MATCH ? ORDER BY rank LIMIT ?').all(match, limit) as NameRow[];
}

/** Names containing a short string (under three characters the trigram index cannot help; the table is small). */
export function nameCandidatesBySubstring(db: Db, text: string, limit: number): NameRow[] {
  return prepared(db, 'SELECT name, source, ref, evidence FROM search_names WHERE instr(lower(name), lower(?)) > 0 LIMIT ?').all(text, limit) as NameRow[];
}

/** An account with its event count: the row shape is the wire shape. */
export type AccountSummary = AccountSummaryWire;

export function accountSummaries(db: Db, ids: readonly number[]): AccountSummary[] {
  if (ids.length === 0) return [];
  return prepared(
    db,
    `SELECT a.id, a.evidence_id, a.platform, a.display, a.is_owner, n.entity_id,
       COALESCE((SELECT SUM(c.n) FROM event_party_counts c WHERE c.account_id = a.id), 0) AS events
     FROM accounts a LEFT JOIN identity_nodes n ON n.account_id = a.id WHERE a.id IN (SELECT value FROM json_each(?)) ORDER BY a.id`,
  ).all(JSON.stringify(ids)) as AccountSummary[];
}

/** Examiner-given entity names (identity decisions of kind `name`, not undone). */
export function entityGivenNames(db: Db): { entity_id: number; name: string }[] {
  return prepared(
    db,
    `SELECT n.entity_id, d.name FROM identity_decisions d JOIN identity_nodes n ON n.id = d.a_node
     WHERE d.kind = 'name' AND d.name IS NOT NULL AND d.id NOT IN (SELECT undoes FROM identity_decisions WHERE undoes IS NOT NULL)`,
  ).all() as { entity_id: number; name: string }[];
}

// ------------------------------------------------------------------------------------------ identifiers

export interface IdentifierNodeRow {
  id: number;
  kind: string;
  value: string;
  entity_id: number;
  occurrences: number;
}

export function identifierNode(db: Db, kind: string, value: string): IdentifierNodeRow | undefined {
  return prepared(
    db,
    `SELECT n.id, n.kind, n.value, n.entity_id, (SELECT COALESCE(SUM(o.count), 0) FROM identity_occurrences o WHERE o.node_id = n.id) AS occurrences
     FROM identity_nodes n WHERE n.type = 'identifier' AND n.kind = ? AND n.value = ? AND n.valid = 1`,
  ).get(kind, value) as IdentifierNodeRow | undefined;
}

export interface OccurrenceSummary {
  role: string;
  src_table: string;
  src_id: number;
  raw: string;
  evidence_id: number;
  count: number;
}

/** Where an identifier node was written, first `limit` occurrences (raw forms as the sources wrote them). */
export function identifierOccurrences(db: Db, nodeId: number, limit: number): OccurrenceSummary[] {
  return prepared(db, 'SELECT role, src_table, src_id, raw, evidence_id, count FROM identity_occurrences WHERE node_id = ? ORDER BY id LIMIT ?').all(nodeId, limit) as OccurrenceSummary[];
}

/** The other valid identifiers and the accounts in an entity. */
export function entityMembers(db: Db, entityId: number): { id: number; type: string; kind: string | null; value: string | null; account_id: number | null }[] {
  return prepared(db, 'SELECT id, type, kind, value, account_id FROM identity_nodes WHERE entity_id = ? AND (type = \'account\' OR valid = 1) ORDER BY type, kind, value, account_id').all(entityId) as {
    id: number;
    type: string;
    kind: string | null;
    value: string | null;
    account_id: number | null;
  }[];
}

export function unlinkedEvidence(db: Db): number[] {
  return prepared(db, 'SELECT id FROM evidence WHERE id NOT IN (SELECT evidence_id FROM identity_runs) ORDER BY id').pluck().all() as number[];
}
