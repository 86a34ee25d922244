/**
 * SQL for the link graph: events aggregated into entity-to-entity counts (one-to-one messages and calls, group
 * messages fanned out to the chat's other members, ledger transactions between their parties), activity per
 * entity, and the rows entity labels are chosen from. Every query aggregates events in SQLite first (by account
 * pair, by chat and sender, by transaction), so JS only sees distinct pairs, never one row per event.
 */
import type Database from 'better-sqlite3';

type Db = Database.Database;

/** Which events count, in SQL terms. null = no constraint on that dimension; lists are never empty here. */
export interface GraphScope {
  /** Half-open event-key range (dated keys are ts * 2^20 + slot), or null for every event including undated ones. */
  lo: bigint | null;
  hi: bigint | null;
  /** Event kinds that can make edges: message, call, transaction. */
  kinds: readonly ('message' | 'call' | 'transaction')[];
  evidence: readonly number[] | null;
  tags: readonly string[] | null;
  hasAttachment: boolean | null;
}

/** Group chats with more members than this are not fanned out into sender-to-member edges (a broadcast channel
 * with thousands of members would add millions of edges that say little about who talks to whom). */
export const GROUP_FANOUT_MAX = 250;

const IN_JSON = 'IN (SELECT value FROM json_each(?))';
/** The first undated event key (2^62): dated keys are below it. */
const UNDATED_SQL = '4611686018427387904';

/** WHERE fragments on alias e for the scope's time range, evidence, tags and attachment dimensions. */
function scopeSql(s: GraphScope, params: unknown[]): string {
  const out: string[] = [];
  if (s.lo !== null) {
    out.push('e.id >= ?');
    params.push(s.lo);
  }
  if (s.hi !== null) {
    out.push('e.id < ?');
    params.push(s.hi);
  }
  if (s.evidence) {
    out.push(`e.evidence_id ${IN_JSON}`);
    params.push(JSON.stringify(s.evidence));
  }
  if (s.tags) {
    out.push(`e.id IN (SELECT event_id FROM event_tags WHERE tag ${IN_JSON})`);
    params.push(JSON.stringify(s.tags));
  }
  if (s.hasAttachment !== null) {
    out.push('e.has_attachment = ?');
    params.push(s.hasAttachment ? 1 : 0);
  }
  return out.map((x) => ` AND ${x}`).join('');
}

/** Messages are most of a case: walk events_by_kind only when a time range narrows it, else scan the table once. */
function kindScan(s: GraphScope): string {
  return s.lo === null && s.hi === null ? 'NOT INDEXED' : 'INDEXED BY events_by_kind';
}

export interface PartyPairRow {
  kind: 'message' | 'call';
  /** Account of the actor (sender, caller). */
  a: number;
  /** Account of the other party, or null (a group message). */
  c: number | null;
  n: number;
  first: number | null;
  last: number | null;
}

/**
 * Messages and calls by (kind, actor account, other-party account). Accounts become entities in JS through
 * accountEntities (one small map), which is cheaper than joining and grouping every pair again in SQL.
 */
export function partyPairs(db: Db, s: GraphScope): PartyPairRow[] {
  const kinds = s.kinds.filter((k) => k === 'message' || k === 'call');
  if (kinds.length === 0) return [];
  const params: unknown[] = [];
  // With a time range, one indexed kind range per kind (a range scan of events_by_kind); without one, a single pass
  // over the table, which beats an index walk that must look every row up.
  const cols = 'e.kind, e.actor_account_id AS a, e.counterpart_account_id AS c, e.id';
  let arms: string[];
  if (s.lo === null && s.hi === null) {
    params.push(JSON.stringify(kinds));
    arms = [`SELECT ${cols} FROM events e NOT INDEXED WHERE e.kind ${IN_JSON} AND e.actor_account_id IS NOT NULL${scopeSql(s, params)}`];
  } else {
    arms = kinds.map((k) => {
      params.push(k);
      return `SELECT ${cols} FROM events e INDEXED BY events_by_kind WHERE e.kind = ? AND e.actor_account_id IS NOT NULL${scopeSql(s, params)}`;
    });
  }
  // Event keys below 2^62 are dated (ts = key >> 20); MIN/MAX over keys, converted once per pair.
  const sql = `
    SELECT kind, a, c, COUNT(*) AS n,
      CASE WHEN MIN(id) < ${UNDATED_SQL} THEN MIN(id) >> 20 END AS first,
      MAX(CASE WHEN id < ${UNDATED_SQL} THEN id END) >> 20 AS last
    FROM (${arms.join(' UNION ALL ')}) GROUP BY kind, a, c`;
  return db.prepare(sql).all(...params) as PartyPairRow[];
}

/** accounts.id → entity, for every account the linker has placed. */
export function accountEntities(db: Db): Map<number, number> {
  const rows = db.prepare("SELECT account_id, entity_id FROM identity_nodes WHERE type = 'account'").raw().all() as [number, number][];
  return new Map(rows);
}

export interface EntityPairRow {
  ea: number;
  eb: number;
  n: number;
  first: number | null;
  last: number | null;
}

/**
 * Group messages (no single other party): each sender's messages in a chat, paired with every other member's
 * entity of that chat. Chats above GROUP_FANOUT_MAX members are left out (see groupChatsTooLarge).
 */
export function groupPairs(db: Db, s: GraphScope): EntityPairRow[] {
  if (!s.kinds.includes('message')) return [];
  const params: unknown[] = [];
  const where = scopeSql(s, params);
  params.push(GROUP_FANOUT_MAX);
  const sql = `
    WITH gm AS (
      SELECT e.chat_id, e.actor_account_id AS a, COUNT(*) AS n, MIN(e.ts_utc) AS first, MAX(e.ts_utc) AS last
      FROM events e ${kindScan(s)}
      WHERE e.kind = 'message' AND e.counterpart_account_id IS NULL AND e.actor_account_id IS NOT NULL AND e.chat_id IS NOT NULL${where}
      GROUP BY e.chat_id, e.actor_account_id
    ),
    small AS (SELECT chat_id FROM chat_members WHERE chat_id IN (SELECT chat_id FROM gm) GROUP BY chat_id HAVING COUNT(*) <= ?),
    -- A member entity once per (chat, sender), however many of its accounts are in the chat.
    pm AS (
      SELECT DISTINCT gm.chat_id, gm.a, nm.entity_id AS em
      FROM gm JOIN small USING (chat_id) JOIN chat_members cm ON cm.chat_id = gm.chat_id AND cm.account_id != gm.a
      JOIN identity_nodes nm ON nm.account_id = cm.account_id
    )
    SELECT na.entity_id AS ea, pm.em AS eb, SUM(gm.n) AS n, MIN(gm.first) AS first, MAX(gm.last) AS last
    FROM pm JOIN gm ON gm.chat_id = pm.chat_id AND gm.a = pm.a JOIN identity_nodes na ON na.account_id = gm.a
    WHERE na.entity_id != pm.em
    GROUP BY na.entity_id, pm.em`;
  return db.prepare(sql).all(...params) as EntityPairRow[];
}

/** Group chats in scope that have messages but too many members to fan out. */
export function groupChatsTooLarge(db: Db, s: GraphScope): number {
  if (!s.kinds.includes('message')) return 0;
  const params: unknown[] = [];
  const where = scopeSql(s, params);
  params.push(GROUP_FANOUT_MAX);
  const sql = `
    SELECT COUNT(*) FROM (
      SELECT cm.chat_id FROM chat_members cm
      WHERE cm.chat_id IN (SELECT DISTINCT e.chat_id FROM events e ${kindScan(s)}
        WHERE e.kind = 'message' AND e.counterpart_account_id IS NULL AND e.actor_account_id IS NOT NULL AND e.chat_id IS NOT NULL${where})
      GROUP BY cm.chat_id HAVING COUNT(*) > ?)`;
  return db.prepare(sql).pluck().get(...params) as number;
}

// Transaction parties: the entities of each transaction's payer and payee identifiers (one row per distinct entity
// and role). identity_occurrences has no index by record, so this reads the (few) transaction-party rows in one pass.
const TX_PARTIES = (where: string) => `
  tx AS (SELECT e.record_id, e.ts_utc AS ts FROM events e INDEXED BY events_by_kind WHERE e.kind = 'transaction'${where}),
  p AS MATERIALIZED (
    SELECT DISTINCT o.src_id, o.role, n.entity_id FROM identity_occurrences o JOIN identity_nodes n ON n.id = o.node_id
    WHERE o.src_table = 'transactions' AND o.role IN ('tx-from', 'tx-to') AND o.src_id IN (SELECT record_id FROM tx)
  )`;

/** Transactions by (payer entity, payee entity). */
export function transactionPairs(db: Db, s: GraphScope): EntityPairRow[] {
  if (!s.kinds.includes('transaction')) return [];
  const params: unknown[] = [];
  const sql = `
    WITH ${TX_PARTIES(scopeSql(s, params))}
    SELECT f.entity_id AS ea, t.entity_id AS eb, COUNT(*) AS n, MIN(tx.ts) AS first, MAX(tx.ts) AS last
    FROM tx JOIN p f ON f.src_id = tx.record_id AND f.role = 'tx-from' JOIN p t ON t.src_id = tx.record_id AND t.role = 'tx-to'
    WHERE f.entity_id != t.entity_id
    GROUP BY f.entity_id, t.entity_id`;
  return db.prepare(sql).all(...params) as EntityPairRow[];
}

/** Transactions per entity that was payer or payee (each transaction once per entity). */
export function transactionActivity(db: Db, s: GraphScope): { entity: number; n: number }[] {
  if (!s.kinds.includes('transaction')) return [];
  const params: unknown[] = [];
  const sql = `WITH ${TX_PARTIES(scopeSql(s, params))} SELECT entity_id AS entity, COUNT(DISTINCT src_id) AS n FROM p GROUP BY entity_id`;
  return db.prepare(sql).all(...params) as { entity: number; n: number }[];
}

/** Latest audit sequence number: every change to records or links is audited, so it versions cached graphs. */
export function graphStateVersion(db: Db): number {
  return (db.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_log').pluck().get() as number) ?? 0;
}

// ------------------------------------------------------------------------------------------------ labels

export interface LabelNameRow {
  entity_id: number;
  norm: string;
  name: string;
  /** 1 when the name is one a source shows (not written in a message beside a number). */
  shown: number;
  n: number;
  first: number;
}

/** Display names per entity, counted per folded form and kind of source (the row's name is its first spelling). */
export function labelNames(db: Db, entities: readonly number[]): LabelNameRow[] {
  if (entities.length === 0) return [];
  // SQLite takes bare columns (name) from the row that MIN(nm.id) picked: the first spelling of that form.
  return db
    .prepare(
      `SELECT n.entity_id, nm.norm, nm.name, (nm.src_table != 'messages') AS shown, COUNT(*) AS n, MIN(nm.id) AS first
       FROM identity_names nm JOIN identity_nodes n ON n.id = nm.node_id
       WHERE n.entity_id ${IN_JSON} GROUP BY n.entity_id, nm.norm, (nm.src_table != 'messages')`,
    )
    .all(JSON.stringify(entities)) as LabelNameRow[];
}

export interface LabelNodeRow {
  id: number;
  entity_id: number;
  type: 'identifier' | 'account';
  value: string | null;
  valid: number;
  display: string | null;
  key: string | null;
}

/** Every node of the entities (id order): identifiers and accounts, for labels when no display name was seen. */
export function labelNodes(db: Db, entities: readonly number[]): LabelNodeRow[] {
  if (entities.length === 0) return [];
  return db
    .prepare(
      `SELECT n.id, n.entity_id, n.type, n.value, n.valid, a.display, a.key FROM identity_nodes n LEFT JOIN accounts a ON a.id = n.account_id
       WHERE n.entity_id ${IN_JSON} ORDER BY n.id`,
    )
    .all(JSON.stringify(entities)) as LabelNodeRow[];
}

/** Names examiners gave (decisions in force), newest first, with the entity their node belongs to now. */
export function givenNames(db: Db, entities: readonly number[]): { entity_id: number; name: string }[] {
  if (entities.length === 0) return [];
  return db
    .prepare(
      `SELECT n.entity_id, d.name FROM identity_decisions d JOIN identity_nodes n ON n.id = d.a_node
       WHERE d.kind = 'name' AND d.name IS NOT NULL AND d.id NOT IN (SELECT undoes FROM identity_decisions WHERE undoes IS NOT NULL)
         AND n.entity_id ${IN_JSON}
       ORDER BY d.id DESC`,
    )
    .all(JSON.stringify(entities)) as { entity_id: number; name: string }[];
}

/** Entities that exist (have at least one node). */
export function existingEntities(db: Db, entities: readonly number[]): number[] {
  if (entities.length === 0) return [];
  return db.prepare(`SELECT DISTINCT entity_id FROM identity_nodes WHERE entity_id ${IN_JSON} ORDER BY entity_id`).pluck().all(JSON.stringify(entities)) as number[];
}
