/**
 * Bulk reads for suggestions: the name rows of a thousand folded names, the postings of their tokens and which
 * new nodes have a look-alike twin, each in one statement per chunk instead of one (or three) per name. An address
 * book of 100,000 distinct names otherwise pays a round trip per name and token to learn that nothing is alike.
 * The first two return exactly what the per-value reads in db/read/identity.ts return, in the same order; the third
 * only filters out nodes a look-alike check would find no other node for (test/identity/suggest-scale.test.ts).
 */
import type { SqlDb } from '../db/case-db';
import type { NameRow } from '../db/read/identity';

type Statement = ReturnType<SqlDb['prepare']>;

/** Values bound per statement (as one JSON array). */
export const BULK_CHUNK = 1000;

const cache = new WeakMap<SqlDb, Map<string, Statement>>();
function stmt(db: SqlDb, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += BULK_CHUNK) out.push(values.slice(i, i + BULK_CHUNK));
  return out;
}

/**
 * For each folded name: its rows (name row and the node's entity, by id) when at most `cap` rows carry it, or
 * 'common' when more do — what namesWithNorm(db, norm, cap + 1) tells, without reading a common name's rows.
 */
export function namesByNorm(db: SqlDb, norms: readonly string[], cap: number): Map<string, NameRow[] | 'common'> {
  const out = new Map<string, NameRow[] | 'common'>();
  const n = Math.floor(cap);
  const count = stmt(db, `SELECT j.value AS norm, (SELECT COUNT(*) FROM (SELECT 1 FROM identity_names x WHERE x.norm = j.value LIMIT ${n + 1})) AS n FROM json_each(?) j`);
  const rows = stmt(db, 'SELECT nm.*, n.entity_id FROM json_each(?) j JOIN identity_names nm ON nm.norm = j.value JOIN identity_nodes n ON n.id = nm.node_id ORDER BY nm.id');
  for (const part of chunks(norms)) {
    const few: string[] = [];
    for (const c of count.all(JSON.stringify(part)) as { norm: string; n: number }[]) {
      if (c.n > n) out.set(c.norm, 'common');
      else {
        out.set(c.norm, []);
        few.push(c.norm);
      }
    }
    if (few.length) for (const r of rows.all(JSON.stringify(few)) as NameRow[]) (out.get(r.norm) as NameRow[]).push(r);
  }
  return out;
}

/** For each token: the first `limit` folded names holding it, in the index's order — normsWithToken(db, token, limit) for many. */
export function tokenPostings(db: SqlDb, tokens: readonly string[], limit: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const s = stmt(db, `SELECT j.value AS token, (SELECT json_group_array(norm) FROM (SELECT t.norm FROM identity_name_tokens t WHERE t.token = j.value LIMIT ${Math.floor(limit)})) AS norms FROM json_each(?) j`);
  for (const part of chunks(tokens)) for (const r of s.all(JSON.stringify(part)) as { token: string; norms: string }[]) out.set(r.token, JSON.parse(r.norms) as string[]);
  return out;
}

/** The nodes whose look-alike key another valid identifier node shares (the only ones a look-alike check can pair). */
export function nodesWithLookalikeTwin(db: SqlDb, ids: readonly number[]): Set<number> {
  const s = stmt(
    db,
    "SELECT n.id FROM json_each(?) j JOIN identity_nodes n ON n.id = j.value WHERE n.match_key IS NOT NULL AND EXISTS (SELECT 1 FROM identity_nodes o WHERE o.match_key = n.match_key AND o.id != n.id AND o.type = 'identifier' AND o.valid = 1)",
  ).pluck();
  const out = new Set<number>();
  for (const part of chunks(ids)) for (const id of s.all(JSON.stringify(part)) as number[]) out.add(id);
  return out;
}
