/**
 * Keeping the derived entity labels right after an examiner decision: join two entities (a new link), or
 * recompute one entity's components from its active edges (a cut or an undone link). Local work only.
 */
import type { SqlDb } from '../db/case-db';
import { activeEdgePairsOfEntity, allActiveEdges } from '../db/read/identity';
import type { IdentityWriter } from '../db/write/identity';
import { componentsOf, MinRootDsu } from './dsu';

/** Joins two entities into the one with the smaller id; returns it. */
export function joinEntities(w: IdentityWriter, a: number, b: number): number {
  if (a === b) return a;
  const [root, other] = a < b ? [a, b] : [b, a];
  w.relabelEntity(other, root);
  return root;
}

/** Recomputes an entity's components; returns the entity ids it now consists of (one unless it fell apart). */
export function recomputeEntity(db: SqlDb, w: IdentityWriter, entityId: number): number[] {
  const nodes = (db.prepare('SELECT id FROM identity_nodes WHERE entity_id = ? ORDER BY id').all(entityId) as { id: number }[]).map((r) => r.id);
  const comp = componentsOf(nodes, activeEdgePairsOfEntity(db, entityId));
  const roots = new Set<number>();
  for (const [node, root] of comp) {
    roots.add(root);
    if (root !== entityId) w.relabelNode(node, root);
  }
  return [...roots].sort((x, y) => x - y);
}

/**
 * Recomputes every entity from all active edges and corrects labels that differ: a consistency check
 * (`threadline link --recompute`). Returns how many nodes had a wrong label.
 */
export function recomputeAll(db: SqlDb, w: IdentityWriter): { nodes: number; relabelled: number; entities: number } {
  const max = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM identity_nodes').get() as { n: number }).n;
  const dsu = new MinRootDsu(max + 1);
  for (const e of allActiveEdges(db)) dsu.union(e.a, e.b);
  let relabelled = 0;
  let nodes = 0;
  const entities = new Set<number>();
  for (const r of db.prepare('SELECT id, entity_id FROM identity_nodes ORDER BY id').all() as { id: number; entity_id: number }[]) {
    nodes++;
    const root = dsu.find(r.id);
    entities.add(root);
    if (root !== r.entity_id) {
      w.relabelNode(r.id, root);
      relabelled++;
    }
  }
  return { nodes, relabelled, entities: entities.size };
}
