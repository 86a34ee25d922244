/**
 * The graph the view draws: wire nodes and edges into a graphology multigraph with sigma's attributes (size by
 * activity, width by weight, colour by kind), seeded positions (the same seeding as the report layout), and the
 * packed matrices the ForceAtlas2 worker iterates on. Labels are hostile text: sigma draws them on a canvas, so
 * they carry visible marks (⟨RLO⟩) instead of the characters that would reorder or hide text.
 */
import { MultiUndirectedGraph } from 'graphology';
import { GRAPH_EDGE_COLOURS, type GraphEdgeWire, type GraphNodeWire } from '../../../shared/graph-model';
import { visibleSegments } from '../../lib/visible-text';
import { NODE_MASS, NODE_SIZE, NODE_X, NODE_Y, PPE, PPN } from './layout-protocol';
import { seedPosition } from '../../../shared/seeded';

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  /** The name as the source wrote it (for the side panel, which shows it with VisibleText). */
  name: string;
  activity: number;
  degree: number;
}

export interface EdgeAttrs {
  size: number;
  color: string;
  kind: GraphEdgeWire['kind'];
  weight: number;
  first: string | null;
  last: string | null;
}

export type ViewGraph = MultiUndirectedGraph<NodeAttrs, EdgeAttrs>;

export const NODE_COLOUR = '#4b5563';

/** A name as one line of plain text with invisible and direction-changing characters as marks. */
export function markedLabel(name: string, max = 40): string {
  const s = visibleSegments(name, 'mark')
    .map((x) => (x.t === 'text' ? x.s : x.t === 'mark' ? `⟨${x.label}⟩` : ' '))
    .join('');
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}


export { seedPosition };

export const edgeKey = (e: Pick<GraphEdgeWire, 'kind' | 'source' | 'target'>) => `${e.kind}|${e.source}|${e.target}`;

/**
 * Build the drawable graph; `near` places new nodes next to an existing one (expanded neighbours). Called with the
 * nodes alone for a big graph while its layout runs, then again with every edge (see GraphView): `maxWeight` is then
 * taken over `edges` either way, so a link's width does not depend on when it was added.
 */
export function buildViewGraph(nodes: readonly GraphNodeWire[], edges: readonly GraphEdgeWire[], old?: ViewGraph): ViewGraph {
  const g: ViewGraph = new MultiUndirectedGraph<NodeAttrs, EdgeAttrs>();
  const spread = Math.max(10, Math.sqrt(nodes.length) * 10);
  // Loops, not Math.max(...array): 50,000 spread arguments are slow and can overflow the stack.
  let maxActivity = 1;
  for (const n of nodes) if (n.activity > maxActivity) maxActivity = n.activity;
  let maxWeight = 1;
  for (const e of edges) if (e.weight > maxWeight) maxWeight = e.weight;
  const logMaxWeight = Math.log(1 + maxWeight);
  const keys = new Set<string>();
  for (const n of nodes) {
    const key = String(n.id);
    const prev = old?.hasNode(key) ? old.getNodeAttributes(key) : null;
    const p = prev ? { x: prev.x, y: prev.y } : seedPosition(n.id, spread);
    g.addNode(key, { ...p, size: 3 + 12 * Math.sqrt(n.activity / maxActivity), color: NODE_COLOUR, label: markedLabel(n.label), name: n.label, activity: n.activity, degree: n.degree });
    keys.add(key);
  }
  for (const e of edges) {
    const s = String(e.source);
    const t = String(e.target);
    if (!keys.has(s) || !keys.has(t)) continue;
    g.addEdgeWithKey(edgeKey(e), s, t, { size: 1 + 4 * (Math.log(1 + e.weight) / logMaxWeight), color: GRAPH_EDGE_COLOURS[e.kind], kind: e.kind, weight: e.weight, first: e.first, last: e.last });
  }
  // Nodes new to an expanded graph start beside a neighbour that already has a place.
  if (old) {
    g.forEachNode((key, a) => {
      if (old.hasNode(key)) return;
      const anchor = g.neighbors(key).find((k) => old.hasNode(k));
      if (!anchor) return;
      const p = old.getNodeAttributes(anchor);
      const r = seedPosition(Number(key), 1);
      a.x = p.x + r.x * 5;
      a.y = p.y + r.y * 5;
    });
  }
  return g;
}

/**
 * ForceAtlas2's packed matrices for the graph (node order = graph order; mass = 1 + weighted degree). The links are
 * the graph's own, or `edges` when given (a big graph is laid out before its links are added to what sigma draws).
 */
export function layoutMatrices(g: ViewGraph, edges?: readonly GraphEdgeWire[]): { nodes: Float32Array; edges: Float32Array; order: string[] } {
  const order = g.nodes();
  const n = order.length;
  // By entity id (numbers, not the graph's string keys): 50,000 edges are read here on the way to the first frame.
  const index = new Map<number, number>();
  const nodes = new Float32Array(n * PPN);
  order.forEach((k, i) => {
    const a = g.getNodeAttributes(k);
    index.set(Number(k), i);
    nodes[i * PPN + NODE_X] = a.x;
    nodes[i * PPN + NODE_Y] = a.y;
    nodes[i * PPN + NODE_MASS] = 1;
    nodes[i * PPN + 7] = 1; // convergence
    nodes[i * PPN + NODE_SIZE] = 1;
  });
  // Parallel edges of several kinds pull as one: one entry per (source, target) node pair, summing the weights.
  const pairs = new Map<number, [number, number, number]>();
  const add = (s: number, t: number, weight: number) => {
    const si = index.get(s);
    const ti = index.get(t);
    if (si === undefined || ti === undefined) return;
    const k = si * n + ti;
    const p = pairs.get(k);
    if (p) p[2] += weight;
    else pairs.set(k, [si * PPN, ti * PPN, weight]);
  };
  if (edges) for (const e of edges) add(e.source, e.target, e.weight);
  else g.forEachEdge((_e, a, s, t) => add(Number(s), Number(t), a.weight));
  const out = new Float32Array(pairs.size * PPE);
  let j = 0;
  for (const [s, t, w] of pairs.values()) {
    const weight = Math.log2(1 + w);
    out[j] = s;
    out[j + 1] = t;
    out[j + 2] = weight;
    nodes[s + NODE_MASS] = nodes[s + NODE_MASS]! + weight;
    nodes[t + NODE_MASS] = nodes[t + NODE_MASS]! + weight;
    j += PPE;
  }
  return { nodes, edges: out, order };
}

/** ForceAtlas2 settings for a graph of this size (graphology's inferSettings, Barnes-Hut from 1,000 nodes). */
export function layoutSettings(order: number): Record<string, unknown> {
  return {
    linLogMode: false,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    scalingRatio: 10,
    strongGravityMode: true,
    gravity: 1,
    slowDown: 1 + Math.log(Math.max(order, 1)),
    barnesHutOptimize: order > 1000,
    barnesHutTheta: 0.5,
  };
}
