/**
 * Keeping the derived entity labels right after an examiner decision: join two entities (a new link), or
 * recompute one entity's components from its active edges (a cut or an undone link). Local work only.
 */
import type { SqlDb } from '../db/case-db';
import { activeEdgePairsOfEntity, allActiveEdges, allNodeEntities, maxNodeId, nodeIdsOfEntity, orphanOccurrences } from '../db/read/identity';
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
  const nodes = nodeIdsOfEntity(db, entityId);
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
 * (`threadline link --recompute`). Returns how many nodes had a wrong label, and how many occurrences point
 * at a node or evidence item that does not exist (always 0 unless the file was edited by hand).
 */
export function recomputeAll(db: SqlDb, w: IdentityWriter): { nodes: number; relabelled: number; entities: number; orphanOccurrences: number } {
  const dsu = new MinRootDsu(maxNodeId(db) + 1);
  for (const e of allActiveEdges(db)) dsu.union(e.a, e.b);
  let relabelled = 0;
  let nodes = 0;
  const entities = new Set<number>();
  for (const r of allNodeEntities(db)) {
    nodes++;
    const root = dsu.find(r.id);
    entities.add(root);
    if (root !== r.entity_id) {
      w.relabelNode(r.id, root);
      relabelled++;
    }
  }
  return { nodes, relabelled, entities: entities.size, orphanOccurrences: orphanOccurrences(db) };
}
