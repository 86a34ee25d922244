/**
 * SQL for the event stream: keyset ranges driven by one filter index (the rest checked on the row), exact
 * totals for choosing that index, the rows and record details of a page, pre-aggregated quarter-hour counts,
 * and conversation neighbours. Keys are bound as BigInt and read back as decimal text, never as JS numbers.
 */
import type Database from 'better-sqlite3';
import { SLOTS, TS_MAX, TS_MIN, UNDATED_BASE, parseKey } from '../../timeline/keys';

type Db = Database.Database;
type Stmt = Database.Statement;

/** Filter values in SQL terms. null = no constraint on that dimension; lists are never empty here. */
export interface FilterSql {
  kinds: string[] | null;
  evidence: number[] | null;
  accounts: number[] | null;
  tags: string[] | null;
  hasAttachment: boolean | null;
}

export type DriverName = 'all' | 'kind' | 'evidence' | 'party' | 'tag' | 'attachment';

/** Per-value arms (each an ordered index range with its own LIMIT) up to this many; beyond, one IN-loop + sort. */
const MAX_ARMS = 48;

const cache = new WeakMap<Db, Map<string, Stmt>>();

/** Prepared statements by SQL text (filter shapes repeat as the examiner pages). */
export function prepared(db: Db, sql: string, bigints = false): Stmt {
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  const key = `${bigints ? 'B' : 'N'}${sql}`;
  let s = m.get(key);
  if (!s) {
    s = db.prepare(sql);
    if (bigints) s.safeIntegers(true);
    if (m.size > 500) m.clear();
    m.set(key, s);
  }
  return s;
}

/** Drop a connection's cached statements (the benchmark does, to see every statement a read-out prepares). */
export function forgetPrepared(db: Db): void {
  cache.delete(db);
}

const jsonList = (v: readonly (string | number)[]) => JSON.stringify(v);
const IN_JSON = 'IN (SELECT value FROM json_each(?))';

/** WHERE fragments on alias e for every dimension except the driving one. */
export function residualSql(f: FilterSql, driver: DriverName, params: unknown[]): string {
  const out: string[] = [];
  if (f.kinds && driver !== 'kind') {
    out.push(`e.kind ${IN_JSON}`);
    params.push(jsonList(f.kinds));
  }
  if (f.evidence && driver !== 'evidence') {
    out.push(`e.evidence_id ${IN_JSON}`);
    params.push(jsonList(f.evidence));
  }
  if (f.accounts && driver !== 'party') {
    out.push(`(e.actor_account_id ${IN_JSON} OR e.counterpart_account_id ${IN_JSON})`);
    params.push(jsonList(f.accounts), jsonList(f.accounts));
  }
  if (f.tags && driver !== 'tag') {
    out.push(`e.id IN (SELECT event_id FROM event_tags WHERE tag ${IN_JSON})`);
    params.push(jsonList(f.tags));
  }
  if (f.hasAttachment !== null && !(driver === 'attachment' && f.hasAttachment)) {
    out.push('e.has_attachment = ?');
    params.push(f.hasAttachment ? 1 : 0);
  }
  return out.map((s) => ` AND ${s}`).join('');
}

interface Arm {
  /** FROM … WHERE head, ending before the key range; `id` is the key column expression. */
  from: string;
  id: string;
  params: unknown[];
}

function arms(f: FilterSql, driver: DriverName): Arm[] {
  switch (driver) {
    case 'all':
      return [{ from: 'FROM events e NOT INDEXED WHERE 1', id: 'e.id', params: [] }];
    case 'attachment':
      return [{ from: 'FROM events e INDEXED BY events_with_attachment WHERE e.has_attachment = 1', id: 'e.id', params: [] }];
    case 'kind': {
      const kinds = f.kinds!;
      if (kinds.length > MAX_ARMS) return [{ from: `FROM events e INDEXED BY events_by_kind WHERE e.kind ${IN_JSON}`, id: 'e.id', params: [jsonList(kinds)] }];
      return kinds.map((k) => ({ from: 'FROM events e INDEXED BY events_by_kind WHERE e.kind = ?', id: 'e.id', params: [k] }));
    }
    case 'evidence': {
      const ev = f.evidence!;
      if (ev.length > MAX_ARMS) return [{ from: `FROM events e INDEXED BY events_by_evidence WHERE e.evidence_id ${IN_JSON}`, id: 'e.id', params: [jsonList(ev)] }];
      return ev.map((v) => ({ from: 'FROM events e INDEXED BY events_by_evidence WHERE e.evidence_id = ?', id: 'e.id', params: [v] }));
    }
    case 'party': {
      const acc = f.accounts!;
      if (acc.length * 2 > MAX_ARMS) {
        return [
          { from: `FROM events e INDEXED BY events_by_actor WHERE e.actor_account_id ${IN_JSON}`, id: 'e.id', params: [jsonList(acc)] },
          { from: `FROM events e INDEXED BY events_by_counterpart WHERE e.counterpart_account_id ${IN_JSON}`, id: 'e.id', params: [jsonList(acc)] },
        ];
      }
      return acc.flatMap((a) => [
        { from: 'FROM events e INDEXED BY events_by_actor WHERE e.actor_account_id = ?', id: 'e.id', params: [a] },
        { from: 'FROM events e INDEXED BY events_by_counterpart WHERE e.counterpart_account_id = ?', id: 'e.id', params: [a] },
      ]);
    }
    case 'tag':
      return f.tags!.map((t) => ({ from: 'FROM event_tags g JOIN events e ON e.id = g.event_id WHERE g.tag = ?', id: 'g.event_id', params: [t] }));
    default: {
      const never: never = driver;
      throw new Error(`unknown driver ${String(never)}`);
    }
  }
}

export interface KeyRange {
  /** Half-open: lo <= key < hi. */
  lo: bigint;
  hi: bigint;
}

/** SQL selecting the keys matching a filter in a range, unordered (for IN-membership and counts). */
export function filterKeySetSql(f: FilterSql, driver: DriverName, r: KeyRange): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts = arms(f, driver).map((a) => {
    params.push(...a.params, r.lo, r.hi);
    const s = `SELECT ${a.id} AS id ${a.from} AND ${a.id} >= ? AND ${a.id} < ?${residualSql(f, driver, params)}`;
    return s;
  });
  return { sql: parts.length === 1 ? parts[0]! : parts.join(' UNION '), params };
}

/** Up to `limit` keys matching the filter in the range, in key order (descending when `desc`). */
export function streamKeys(db: Db, f: FilterSql, driver: DriverName, r: KeyRange, desc: boolean, limit: number): bigint[] {
  const dir = desc ? 'DESC' : 'ASC';
  const params: unknown[] = [];
  const parts = arms(f, driver).map((a) => {
    params.push(...a.params, r.lo, r.hi);
    const head = `SELECT ${a.id} AS id ${a.from} AND ${a.id} >= ? AND ${a.id} < ?${residualSql(f, driver, params)} ORDER BY ${a.id} ${dir} LIMIT ?`;
    params.push(limit);
    return head;
  });
  let sql: string;
  if (parts.length === 1) sql = parts[0]!;
  else {
    sql = `SELECT id FROM (${parts.map((p) => `SELECT id FROM (${p})`).join(' UNION ')}) ORDER BY id ${dir} LIMIT ?`;
    params.push(limit);
  }
  return prepared(db, sql, true).pluck().all(...params) as bigint[];
}

/** Number of events matching the filter in the range (scans the driving index). */
export function countKeys(db: Db, f: FilterSql, driver: DriverName, r: KeyRange): number {
  const q = filterKeySetSql(f, driver, r);
  const sql = `SELECT COUNT(*) FROM (${q.sql})`;
  return Number(prepared(db, sql).pluck().get(...q.params));
}

// ------------------------------------------------------------------------------------------ estimates

export interface DimensionCounts {
  all: number;
  kind: number | null;
  evidence: number | null;
  party: number | null;
  tag: number | null;
  attachment: number | null;
}

/** Exact totals per filter dimension (ignoring the time range, which narrows every index alike). */
export function dimensionCounts(db: Db, f: FilterSql, datedOnly: boolean): DimensionCounts {
  const dated = datedOnly ? ' AND dated = 1' : '';
  const sum = (sql: string, ...p: unknown[]) => Number(prepared(db, sql).pluck().get(...p) ?? 0);
  return {
    all: sum(`SELECT SUM(n) FROM event_totals WHERE 1${dated}`),
    kind: f.kinds ? sum(`SELECT SUM(n) FROM event_totals WHERE kind ${IN_JSON}${dated}`, jsonList(f.kinds)) : null,
    evidence: f.evidence ? sum(`SELECT SUM(n) FROM event_totals WHERE evidence_id ${IN_JSON}${dated}`, jsonList(f.evidence)) : null,
    party: f.accounts
      ? f.kinds
        ? sum(`SELECT SUM(n) FROM event_party_counts WHERE account_id ${IN_JSON} AND kind ${IN_JSON}`, jsonList(f.accounts), jsonList(f.kinds))
        : sum(`SELECT SUM(n) FROM event_party_counts WHERE account_id ${IN_JSON}`, jsonList(f.accounts))
      : null,
    tag: f.tags ? sum(`SELECT COUNT(*) FROM event_tags WHERE tag ${IN_JSON}`, jsonList(f.tags)) : null,
    attachment: f.hasAttachment === true ? sum(`SELECT SUM(with_attachment) FROM event_totals WHERE 1${dated}`) : null,
  };
}

/** accounts.id → evidence item, for pruning an account filter against an evidence filter. */
export function accountEvidence(db: Db, accounts: number[]): Map<number, number> {
  const rows = prepared(db, `SELECT id, evidence_id FROM accounts WHERE id ${IN_JSON}`).all(jsonList(accounts)) as { id: number; evidence_id: number }[];
  return new Map(rows.map((r) => [r.id, r.evidence_id]));
}

export function existingEvidence(db: Db, ids: number[]): number[] {
  return prepared(db, `SELECT id FROM evidence WHERE id ${IN_JSON} ORDER BY id`).pluck().all(jsonList(ids)) as number[];
}

/** First and last dated key in the case, or null when nothing is dated (two rowid seeks, never a scan). */
export function datedKeyBounds(db: Db): { first: bigint; last: bigint } | null {
  const first = prepared(db, 'SELECT CAST(id AS TEXT) FROM events WHERE id < ? ORDER BY id LIMIT 1').pluck().get(UNDATED_BASE) as string | undefined;
  const last = prepared(db, 'SELECT CAST(id AS TEXT) FROM events WHERE id < ? ORDER BY id DESC LIMIT 1').pluck().get(UNDATED_BASE) as string | undefined;
  return first === undefined || last === undefined ? null : { first: parseKey(first), last: parseKey(last) };
}

export interface CoverageRow {
  indexed: number;
  unindexed: number[];
  dated: number;
  undated: number;
  outOfRange: number;
}

/** How much of the case the event stream covers (for the notes every read-out carries). */
export function coverage(db: Db): CoverageRow {
  const r = prepared(db, 'SELECT COUNT(*) AS indexed, COALESCE(SUM(dated), 0) AS dated, COALESCE(SUM(undated), 0) AS undated, COALESCE(SUM(out_of_range), 0) AS oor FROM event_index_runs').get() as {
    indexed: number;
    dated: number;
    undated: number;
    oor: number;
  };
  const unindexed = prepared(db, 'SELECT id FROM evidence WHERE id NOT IN (SELECT evidence_id FROM event_index_runs) ORDER BY id').pluck().all() as number[];
  return { indexed: r.indexed, unindexed, dated: r.dated, undated: r.undated, outOfRange: r.oor };
}

/**
 * A fingerprint of what is in the event and search indexes: both change only when an evidence item is indexed or
 * the stream is rebuilt, and each of those writes event_index_runs (one row per item, with the time it ran).
 * Read-side caches (ranked windows, quarter counts) are valid while it stays the same.
 */
export function eventIndexState(db: Db): string {
  return prepared(db, "SELECT COUNT(*) || ':' || COALESCE(MAX(evidence_id), 0) || ':' || COALESCE(SUM(dated + undated), 0) || ':' || COALESCE(MAX(ts_utc), '') FROM event_index_runs").pluck().get() as string;
}

// ------------------------------------------------------------------------------------------ histogram

/** Event kinds as small integers in quarterCountArrays' codes (the kinds migration 3's CHECK allows). */
export const QUARTER_KIND_CODES = ['message', 'call', 'contact', 'transaction', 'row', 'file'] as const;

/**
 * The whole-case quarter-hour counts as two aligned arrays: code = quarter * 8 + kind code, and n. Built as JSON
 * inside SQLite and parsed in one call — several times cheaper than handing 200,000 rows to JS one by one.
 * Both aggregates read the same rows in the same order, so the arrays stay aligned (their order is not relied on).
 */
export function quarterCountArrays(db: Db): { codes: number[]; counts: number[] } {
  const kindCode = `CASE kind ${QUARTER_KIND_CODES.map((k, i) => `WHEN '${k}' THEN ${i}`).join(' ')} ELSE 7 END`;
  const [codes, counts] = prepared(db, `SELECT json_group_array(quarter * 8 + ${kindCode}), json_group_array(n) FROM event_quarters`).raw().get() as [string, string];
  return { codes: JSON.parse(codes) as number[], counts: JSON.parse(counts) as number[] };
}

/**
 * Event counts for many quarter-hour ranges at once ([qLo, qHi) each, summed over the selected kinds / evidence
 * items): one primary-key range per bucket inside SQLite, so a whole-case histogram never ships the quarters to JS.
 */
export function quarterRangeSums(db: Db, ranges: readonly (readonly [number, number])[], kinds: string[] | null, evidence: number[] | null): number[] {
  // Parameters number in text order: the subquery's lists come before the bucket list.
  const params: unknown[] = [];
  let inner: string;
  if (evidence) {
    inner = `SELECT SUM(n) FROM event_quarters_by_evidence q WHERE q.evidence_id ${IN_JSON} AND q.quarter >= b.value ->> 0 AND q.quarter < b.value ->> 1`;
    params.push(jsonList(evidence));
  } else {
    inner = 'SELECT SUM(n) FROM event_quarters q WHERE q.quarter >= b.value ->> 0 AND q.quarter < b.value ->> 1';
  }
  if (kinds) {
    inner += ` AND q.kind ${IN_JSON}`;
    params.push(jsonList(kinds));
  }
  params.push(JSON.stringify(ranges));
  return prepared(db, `SELECT COALESCE((${inner}), 0) AS n FROM json_each(?) b ORDER BY b.key`).pluck().all(...params) as number[];
}

// ------------------------------------------------------------------------------------------ page rows

export interface EventRow {
  key: string;
  kind: string;
  evidence_id: number;
  record_id: number;
  chat_id: number | null;
  actor_account_id: number | null;
  counterpart_account_id: number | null;
  has_attachment: number;
  ts_utc: number | null;
}

/** The event rows of a page (the names around them are fetched once per distinct id by the callers below). */
export function eventRows(db: Db, keys: readonly bigint[]): EventRow[] {
  if (keys.length === 0) return [];
  return prepared(
    db,
    `SELECT CAST(e.id AS TEXT) AS key, e.kind, e.evidence_id, e.record_id, e.chat_id, e.actor_account_id, e.counterpart_account_id, e.has_attachment, e.ts_utc
     FROM events e WHERE e.id IN (SELECT value FROM json_each(?))`,
  ).all(`[${keys.join(',')}]`) as EventRow[];
}

export interface PageNames {
  evidence: Map<number, { file_name: string; owner: string | null }>;
  chats: Map<number, string | null>;
  accounts: Map<number, { display: string | null; entity_id: number | null }>;
}

/** File names, chat names, account names and entities for a page: one lookup per distinct id. */
export function pageNames(db: Db, evidence: readonly number[], chats: readonly number[], accounts: readonly number[]): PageNames {
  const ev = evidence.length ? (prepared(db, `SELECT id, file_name, owner FROM evidence WHERE id ${IN_JSON}`).all(jsonList(evidence)) as { id: number; file_name: string; owner: string | null }[]) : [];
  const ch = chats.length ? (prepared(db, `SELECT id, name FROM chats WHERE id ${IN_JSON}`).all(jsonList(chats)) as { id: number; name: string | null }[]) : [];
  const ac = accounts.length
    ? (prepared(db, `SELECT a.id, a.display, n.entity_id FROM accounts a LEFT JOIN identity_nodes n ON n.account_id = a.id WHERE a.id ${IN_JSON}`).all(jsonList(accounts)) as {
        id: number;
        display: string | null;
        entity_id: number | null;
      }[])
    : [];
  return {
    evidence: new Map(ev.map((r) => [r.id, { file_name: r.file_name, owner: r.owner }])),
    chats: new Map(ch.map((r) => [r.id, r.name])),
    accounts: new Map(ac.map((r) => [r.id, { display: r.display, entity_id: r.entity_id }])),
  };
}

const PROV = 'x.id, x.src_member, x.src_line, x.src_line_end, x.src_path, x.flags';
const TIME = 'x.ts_raw, x.ts_local, x.ts_zone, x.ts_flags';

const DETAIL_SQL: Record<string, string> = {
  message: `SELECT ${PROV}, ${TIME}, x.kind AS mkind, x.body, x.sender_raw, x.direction, x.recipients_json, x.attachments_json FROM messages x`,
  call: `SELECT ${PROV}, ${TIME}, x.direction, x.duration_s, x.media, x.counterpart_raw, x.contact_name, x.caller_raw FROM calls x`,
  contact: `SELECT ${PROV}, ${TIME}, x.name, x.identifiers_json, x.fields_json FROM contacts x`,
  transaction: `SELECT ${PROV}, ${TIME}, x.amount, x.currency, x.from_json, x.to_json, x.reference, x.description FROM transactions x`,
  row: `SELECT ${PROV}, NULL AS ts_raw, NULL AS ts_local, NULL AS ts_zone, NULL AS ts_flags, x.sheet, x.row_number, x.cells_json FROM sheet_rows x`,
  file: `SELECT ${PROV}, NULL AS ts_raw, NULL AS ts_local, NULL AS ts_zone, NULL AS ts_flags, x.member, x.size, x.sha256, x.status, x.reason FROM attachments x`,
};

/** Record details (text, raw time, provenance) for events of one kind, by record id. */
export function recordDetails(db: Db, kind: string, ids: readonly number[]): Map<number, Record<string, unknown>> {
  const base = DETAIL_SQL[kind];
  if (!base || ids.length === 0) return new Map();
  const rows = prepared(db, `${base} WHERE x.id IN (SELECT value FROM json_each(?))`).all(jsonList(ids)) as (Record<string, unknown> & { id: number })[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** The event key of a record, or null when it is not in the event stream. */
export function eventKeyOfRecord(db: Db, kind: string, recordId: number): bigint | null {
  const table = { message: 'messages', call: 'calls', contact: 'contacts', transaction: 'transactions' }[kind];
  let ts: number | null = null;
  let evidence: number | null = null;
  if (table) {
    const r = prepared(db, `SELECT ts_utc, evidence_id FROM ${table} WHERE id = ?`).get(recordId) as { ts_utc: number | null; evidence_id: number } | undefined;
    if (!r) return null;
    ts = r.ts_utc;
    evidence = r.evidence_id;
  } else {
    const t = { row: 'sheet_rows', file: 'attachments' }[kind];
    if (!t) return null;
    const r = prepared(db, `SELECT evidence_id FROM ${t} WHERE id = ?`).get(recordId) as { evidence_id: number } | undefined;
    if (!r) return null;
    evidence = r.evidence_id;
  }
  let k: string | undefined;
  if (ts !== null && ts >= TS_MIN && ts < TS_MAX) {
    const lo = BigInt(ts) * SLOTS;
    k = prepared(db, 'SELECT CAST(id AS TEXT) FROM events WHERE id >= ? AND id < ? AND kind = ? AND record_id = ?').pluck().get(lo, lo + SLOTS, kind, recordId) as string | undefined;
  } else {
    k = prepared(db, 'SELECT CAST(id AS TEXT) FROM events INDEXED BY events_by_evidence WHERE evidence_id = ? AND id >= ? AND kind = ? AND record_id = ?').pluck().get(evidence, UNDATED_BASE, kind, recordId) as
      | string
      | undefined;
  }
  return k === undefined ? null : parseKey(k);
}

// ------------------------------------------------------------------------------------------ conversation

export interface MessagePlace {
  id: number;
  chat_id: number | null;
  ts_utc: number | null;
  seq: number;
  evidence_id: number;
}

export function messagePlace(db: Db, id: number): MessagePlace | undefined {
  return prepared(db, 'SELECT id, chat_id, ts_utc, seq, evidence_id FROM messages WHERE id = ?').get(id) as MessagePlace | undefined;
}

/** Message ids in the same chat just before (nearest first) or after a message, in (time, source position) order. */
export function chatNeighbours(db: Db, at: MessagePlace, side: 'before' | 'after', limit: number): number[] {
  if (at.chat_id === null) return [];
  if (at.ts_utc === null) {
    // Undated messages keep their source order among themselves.
    const sql =
      side === 'before'
        ? 'SELECT id FROM messages WHERE chat_id = ? AND ts_utc IS NULL AND seq < ? ORDER BY seq DESC LIMIT ?'
        : 'SELECT id FROM messages WHERE chat_id = ? AND ts_utc IS NULL AND seq > ? ORDER BY seq LIMIT ?';
    return prepared(db, sql).pluck().all(at.chat_id, at.seq, limit) as number[];
  }
  const sql =
    side === 'before'
      ? 'SELECT id FROM messages WHERE chat_id = ? AND ts_utc IS NOT NULL AND (ts_utc, seq) < (?, ?) ORDER BY ts_utc DESC, seq DESC LIMIT ?'
      : 'SELECT id FROM messages WHERE chat_id = ? AND (ts_utc, seq) > (?, ?) ORDER BY ts_utc, seq LIMIT ?';
  return prepared(db, sql).pluck().all(at.chat_id, at.ts_utc, at.seq, limit) as number[];
}

export function chatInfo(db: Db, chatId: number): { id: number; name: string | null; platform: string; chat_kind: string | null; evidence_id: number; messages: number } | undefined {
  return prepared(db, 'SELECT c.id, c.name, c.platform, c.chat_kind, c.evidence_id, (SELECT COUNT(*) FROM messages WHERE chat_id = c.id) AS messages FROM chats c WHERE c.id = ?').get(chatId) as
    | { id: number; name: string | null; platform: string; chat_kind: string | null; evidence_id: number; messages: number }
    | undefined;
}
