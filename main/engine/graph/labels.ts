/**
 * Entity labels for graph nodes, chosen the way the entity card chooses a name (identity/explain.ts chooseName):
 * the examiner's name decision, else the most frequent display name a source shows (names written in messages only
 * when nothing else exists), else the first valid identifier, else the first account's display name or key.
 * Batched over the nodes of one view instead of one entity at a time.
 */
import type { SqlDb } from '../db/case-db';
import { givenNames, labelNames, labelNodes } from '../db/read/graph';

export function entityLabels(db: SqlDb, entities: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  if (entities.length === 0) return out;
  for (const g of givenNames(db, entities)) if (!out.has(g.entity_id)) out.set(g.entity_id, g.name);

  const names = new Map<number, { shown: boolean; n: number; first: number; name: string }[]>();
  for (const r of labelNames(db, entities)) {
    if (out.has(r.entity_id)) continue;
    let l = names.get(r.entity_id);
    if (!l) names.set(r.entity_id, (l = []));
    l.push({ shown: r.shown === 1, n: r.n, first: r.first, name: r.name });
  }
  for (const [ent, rows] of names) {
    const shown = rows.filter((r) => r.shown);
    const pool = shown.length ? shown : rows;
    // The same folded form can appear as shown and as message-only; within the pool, counts are per form.
    pool.sort((a, b) => b.n - a.n || a.first - b.first);
    out.set(ent, pool[0]!.name);
  }

  const missing = entities.filter((e) => !out.has(e));
  if (missing.length) {
    const byEntity = new Map<number, ReturnType<typeof labelNodes>>();
    for (const n of labelNodes(db, missing)) {
      let l = byEntity.get(n.entity_id);
      if (!l) byEntity.set(n.entity_id, (l = []));
      l.push(n);
    }
    for (const e of missing) {
      const nodes = byEntity.get(e) ?? [];
      const id = nodes.find((n) => n.type === 'identifier' && n.valid === 1) ?? nodes.find((n) => n.type === 'identifier');
      if (id?.value) out.set(e, id.value);
      else {
        const acc = nodes.find((n) => n.type === 'account');
        out.set(e, acc?.display ?? acc?.key ?? `entity ${e}`);
      }
    }
  }
  return out;
}
