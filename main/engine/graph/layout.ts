/**
 * Deterministic layout for report images: ForceAtlas2 run synchronously for a fixed number of iterations from
 * initial positions seeded by entity id, over nodes and edges inserted in a fixed order. The same graph always
 * gives the same coordinates (FA2 itself has no randomness), so the same case state gives a byte-identical SVG.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { seedPosition } from '../../../shared/seeded';

export { seedPosition };

export interface LayoutInput {
  nodes: readonly { id: number; activity: number }[];
  edges: readonly { source: number; target: number; weight: number }[];
}



/** Node positions by entity id after `iterations` of ForceAtlas2. */
export function layoutGraph(input: LayoutInput, iterations: number): Map<number, { x: number; y: number }> {
  const g = new Graph({ type: 'undirected', multi: false });
  const nodes = [...input.nodes].sort((a, b) => a.id - b.id);
  const spread = Math.max(10, Math.sqrt(nodes.length) * 10);
  for (const n of nodes) g.addNode(String(n.id), { ...seedPosition(n.id, spread), size: 1 + Math.log2(1 + n.activity) });
  // Edges of several kinds between one pair pull as one edge with their summed weight.
  const pairs = new Map<string, { s: number; t: number; w: number }>();
  for (const e of input.edges) {
    const k = `${e.source}|${e.target}`;
    const p = pairs.get(k);
    if (p) p.w += e.weight;
    else pairs.set(k, { s: e.source, t: e.target, w: e.weight });
  }
  for (const p of [...pairs.values()].sort((a, b) => a.s - b.s || a.t - b.t)) {
    if (g.hasNode(String(p.s)) && g.hasNode(String(p.t))) g.addEdge(String(p.s), String(p.t), { weight: Math.log2(1 + p.w) });
  }
  const out = new Map<number, { x: number; y: number }>();
  if (g.order === 0) return out;
  // The same settings as the screen's layout worker (renderer/features/graph/graph-model.ts layoutSettings).
  const settings = { ...forceAtlas2.inferSettings(g), gravity: 1, barnesHutOptimize: g.order > 1000 };
  const pos = forceAtlas2(g, { iterations, settings, getEdgeWeight: 'weight' });
  for (const n of nodes) {
    const p = pos[String(n.id)]!;
    out.set(n.id, { x: p.x, y: p.y });
  }
  return out;
}
