/**
 * Reads for the identity workbench: per-entity aggregates in one SQL pass each (for a sortable, searchable list of
 * 100k entities without building every explanation), an entity's event activity, and open-suggestion counts.
 */
import type Database from 'better-sqlite3';
import { stmt, type NameRow, type NodeRow } from './identity';

type Db = Database.Database;

/**
 * Changes whenever entities can have changed: every import, link run and decision is audited (same transaction),
 * and the event index is rebuilt only through imports. Cheap: four index look-ups.
 */
export function workbenchStamp(db: Db): string {
  const r = stmt(
    db,
    `SELECT (SELECT COALESCE(MAX(seq), 0) FROM audit_log) AS a, (SELECT COALESCE(MAX(id), 0) FROM identity_decisions) AS d,
            (SELECT COALESCE(MAX(id), 0) FROM identity_nodes) AS n, (SELECT COUNT(*) FROM event_index_runs) AS x`,
  ).get() as { a: number; d: number; n: number; x: number };
  return `${r.a}.${r.d}.${r.n}.${r.x}`;
}

export interface EntityNodeStats {
  entity_id: number;
  nodes: number;
  identifiers: number;
  accounts: number;
  /** 1 when an account or an identifier seen in use (not merely mentioned) belongs to it. */
  in_use: number;
}

/**
 * Every aggregate below takes `only`: null for every entity (building the index), or a few entity ids (patching
 * it after a decision, which changes only the entities it names).
 */
const ONLY = (col: string, only: readonly number[] | null) => (only === null ? '' : ` AND ${col} IN (SELECT value FROM json_each(@only))`);
const params = (only: readonly number[] | null) => (only === null ? {} : { only: JSON.stringify(only) });

export function entityNodeStats(db: Db, only: readonly number[] | null = null): EntityNodeStats[] {
  return stmt(
    db,
    `SELECT entity_id, COUNT(*) AS nodes, SUM(type = 'identifier') AS identifiers, SUM(type = 'account') AS accounts,
            MAX(type = 'account' OR used = 1) AS in_use
     FROM identity_nodes WHERE true${ONLY('entity_id', only)} GROUP BY entity_id ORDER BY entity_id`,
  ).all(params(only)) as EntityNodeStats[];
}

/** Distinct evidence items each entity is seen in use in (its accounts' items and its identifiers' non-mention occurrences). */
export function entityEvidenceCounts(db: Db, only: readonly number[] | null = null): Map<number, number> {
  const rows = stmt(
    db,
    `SELECT entity_id, COUNT(*) AS n FROM (
       SELECT n.entity_id, o.evidence_id FROM identity_nodes n JOIN identity_occurrences o ON o.node_id = n.id WHERE o.role != 'mentioned'${ONLY('n.entity_id', only)}
       UNION
       SELECT n.entity_id, a.evidence_id FROM identity_nodes n JOIN accounts a ON a.id = n.account_id WHERE true${ONLY('n.entity_id', only)}
     ) GROUP BY entity_id`,
  ).all(params(only)) as { entity_id: number; n: number }[];
  return new Map(rows.map((r) => [r.entity_id, r.n]));
}

/**
 * Timeline events each entity is a party to, as the timeline's entity filter finds them (actor or counterpart is
 * one of its accounts): the per-account party counts summed, less the events between two of its own accounts,
 * which that sum counts twice.
 */
export function entityActivity(db: Db, only: readonly number[] | null = null): Map<number, number> {
  const sums = stmt(db, `SELECT n.entity_id, SUM(p.n) AS n FROM identity_nodes n JOIN event_party_counts p ON p.account_id = n.account_id WHERE true${ONLY('n.entity_id', only)} GROUP BY n.entity_id`).all(
    params(only),
  ) as { entity_id: number; n: number }[];
  const out = new Map(sums.map((r) => [r.entity_id, r.n]));
  // Only entities with two or more accounts can talk to themselves; the scan is limited to their events.
  const self = stmt(
    db,
    `SELECT na.entity_id, COUNT(*) AS n
     FROM identity_nodes na
     JOIN events e ON e.actor_account_id = na.account_id
     JOIN identity_nodes nb ON nb.account_id = e.counterpart_account_id
     WHERE na.account_id IS NOT NULL AND e.counterpart_account_id != e.actor_account_id AND nb.entity_id = na.entity_id
       AND na.entity_id IN (SELECT entity_id FROM identity_nodes WHERE type = 'account'${ONLY('entity_id', only)} GROUP BY entity_id HAVING COUNT(*) > 1)
     GROUP BY na.entity_id`,
  ).all(params(only)) as { entity_id: number; n: number }[];
  for (const r of self) out.set(r.entity_id, (out.get(r.entity_id) ?? 0) - r.n);
  return out;
}

/** Open suggestions whose two sides are still different entities, counted per entity. */
export function openSuggestionCounts(db: Db, only: readonly number[] | null = null): Map<number, number> {
  const sql = `SELECT na.entity_id AS a, nb.entity_id AS b FROM identity_suggestions s
     JOIN identity_nodes na ON na.id = s.a_node JOIN identity_nodes nb ON nb.id = s.b_node
     WHERE s.status = 'open' AND na.entity_id != nb.entity_id`;
  const rows = (
    only === null
      ? stmt(db, sql).all()
      : stmt(db, `${sql} AND (na.entity_id IN (SELECT value FROM json_each(@only)) OR nb.entity_id IN (SELECT value FROM json_each(@only)))`).all(params(only))
  ) as { a: number; b: number }[];
  const out = new Map<number, number>();
  for (const r of rows) {
    out.set(r.a, (out.get(r.a) ?? 0) + 1);
    out.set(r.b, (out.get(r.b) ?? 0) + 1);
  }
  return out;
}

const PARTY_EVENTS = `SELECT id FROM events WHERE actor_account_id IN (SELECT value FROM json_each(@acc))
   UNION SELECT id FROM events WHERE counterpart_account_id IN (SELECT value FROM json_each(@acc))`;

/** Events with any of these accounts as a party: how many, and the first and last dated one (UTC ms). */
export function partyEventSpan(db: Db, accountIds: readonly number[]): { n: number; first: number | null; last: number | null } {
  if (accountIds.length === 0) return { n: 0, first: null, last: null };
  return stmt(db, `SELECT COUNT(*) AS n, MIN(e.ts_utc) AS first, MAX(e.ts_utc) AS last FROM events e WHERE e.id IN (${PARTY_EVENTS})`).get({
    acc: JSON.stringify(accountIds),
  }) as { n: number; first: number | null; last: number | null };
}

/** Dated party events counted in `count` equal buckets of `width` ms starting at `from`. */
export function partyEventBuckets(db: Db, accountIds: readonly number[], from: number, width: number, count: number): number[] {
  const out = new Array<number>(count).fill(0);
  if (accountIds.length === 0 || width <= 0) return out;
  const rows = stmt(
    db,
    `SELECT MIN(CAST(@last AS INTEGER), CAST((e.ts_utc - @from) / @width AS INTEGER)) AS b, COUNT(*) AS n FROM events e
     WHERE e.id IN (${PARTY_EVENTS}) AND e.ts_utc IS NOT NULL AND e.ts_utc >= @from GROUP BY 1`,
  ).all({ acc: JSON.stringify(accountIds), from, width, last: count - 1 }) as { b: number; n: number }[];
  for (const r of rows) out[r.b] = (out[r.b] ?? 0) + r.n;
  return out;
}

/** Party events per account (exact, from the index's per-account counts). */
export function accountEventCounts(db: Db, accountIds: readonly number[]): Map<number, number> {
  if (accountIds.length === 0) return new Map();
  const rows = stmt(db, 'SELECT account_id, SUM(n) AS n FROM event_party_counts WHERE account_id IN (SELECT value FROM json_each(?)) GROUP BY account_id').all(JSON.stringify(accountIds)) as {
    account_id: number;
    n: number;
  }[];
  return new Map(rows.map((r) => [r.account_id, r.n]));
}

export interface SuggestionPageRow {
  id: number;
  a_entity: number;
  b_entity: number;
}

/**
 * One page of open suggestions between different entities (optionally naming one entity), best score first then by id. `after` (the last row of the previous page) pages by
 * key: a decision taken between two pages removes rows before the cursor, which would make an offset skip rows.
 */
export function openSuggestionPage(
  db: Db,
  entity: number | null,
  offset: number,
  limit: number,
  after: { score: number; id: number } | null = null,
): { total: number; ids: number[]; last: { score: number; id: number } | null } {
  const where = `s.status = 'open' AND na.entity_id != nb.entity_id${entity === null ? '' : ' AND (na.entity_id = @e OR nb.entity_id = @e)'}`;
  const from = 'FROM identity_suggestions s JOIN identity_nodes na ON na.id = s.a_node JOIN identity_nodes nb ON nb.id = s.b_node';
  const params = entity === null ? {} : { e: entity };
  const total = (stmt(db, `SELECT COUNT(*) AS n ${from} WHERE ${where}`).get(params) as { n: number }).n;
  // Written as a range on score first, so the queue index (score DESC, id) is entered at the cursor, not scanned to it.
  const keyset = after === null ? '' : ' AND s.score <= @afterScore AND (s.score < @afterScore OR s.id > @afterId)';
  const rows = stmt(db, `SELECT s.id, s.score ${from} WHERE ${where}${keyset} ORDER BY s.score DESC, s.id LIMIT @limit OFFSET @offset`).all({
    ...params,
    ...(after === null ? {} : { afterScore: after.score, afterId: after.id }),
    limit,
    offset,
  }) as { id: number; score: number }[];
  const tail = rows[rows.length - 1];
  return { total, ids: rows.map((r) => r.id), last: tail ? { score: tail.score, id: tail.id } : null };
}

/** Decision ids, newest first: all of them, or those about one entity's nodes (and their undos). */
export function recentDecisionIds(db: Db, entity: number | null, limit: number): number[] {
  if (entity === null) return stmt(db, 'SELECT id FROM identity_decisions ORDER BY id DESC LIMIT ?').pluck().all(limit) as number[];
  return stmt(
    db,
    `SELECT d.id FROM identity_decisions d
     WHERE d.a_node IN (SELECT id FROM identity_nodes WHERE entity_id = @e) OR d.b_node IN (SELECT id FROM identity_nodes WHERE entity_id = @e)
     ORDER BY d.id DESC LIMIT @limit`,
  )
    .pluck()
    .all({ e: entity, limit }) as number[];
}

/**
 * Every node with its account's columns, in node-id order (a plain table scan: cheaper than walking the entity
 * index, which jumps around the table; the caller groups by entity).
 */
export function allNodesInIdOrder(db: Db, only: readonly number[] | null = null): NodeRow[] {
  return stmt(
    db,
    `SELECT n.id, n.type, n.kind, n.value, n.valid, n.flags, n.match_key, n.account_id, n.used, n.entity_id,
       a.evidence_id AS acc_evidence, a.platform AS acc_platform, a.key AS acc_key, a.display AS acc_display, a.is_owner AS acc_owner
     FROM identity_nodes n LEFT JOIN accounts a ON a.id = n.account_id WHERE true${ONLY('n.entity_id', only)} ORDER BY n.id`,
  ).all(params(only)) as NodeRow[];
}

/** Display names of the given entities' nodes (all of them when `only` is null), oldest first. */
export function namesOfEntities(db: Db, only: readonly number[] | null = null): NameRow[] {
  return stmt(db, `SELECT nm.*, n.entity_id FROM identity_names nm JOIN identity_nodes n ON n.id = nm.node_id WHERE true${ONLY('n.entity_id', only)} ORDER BY nm.id`).all(params(only)) as NameRow[];
}
