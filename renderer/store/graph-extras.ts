/** Expanded-neighbour extras of the graph view, and what a reload leaves of them. */
import type { GraphEdgeWire, GraphNodeWire } from '../../shared/graph-model';

export interface GraphExtras {
  nodes: GraphNodeWire[];
  edges: GraphEdgeWire[];
}

/**
 * A reload drops the extras, but hands back the same object when there were none: a new (equal) object makes the
 * view rebuild and re-lay out the graph it is about to replace while the request runs, competing with it for the CPU.
 */
export function extrasAfterReload(extra: GraphExtras): GraphExtras {
  return extra.nodes.length === 0 && extra.edges.length === 0 ? extra : { nodes: [], edges: [] };
}
