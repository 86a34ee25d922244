/**
 * The compact (columnar) wire form of a link-graph view: one array per field instead of one object per node and
 * edge, edge ends as indexes into the node arrays, kinds as small ints, instants as UTC ms. A 10,000-entity,
 * 50,000-link view is a few MB less JSON to write, send and parse than the object form; both ends convert with
 * packGraph / unpackGraph, so every other module keeps working on GraphWire objects.
 */
import { GRAPH_EDGE_KINDS, type GraphEdgeKind, type GraphEdgeWire, type GraphNodeWire, type GraphWire } from './graph-model';

export interface GraphPackedWire {
  format: 'columnar-1';
  /** Per node (same index in every array): entity id, label (hostile text), activity, degree. */
  ids: number[];
  labels: string[];
  activity: number[];
  degree: number[];
  /** Per edge: indexes into the node arrays (not entity ids), index into GRAPH_EDGE_KINDS, weight. */
  source: number[];
  target: number[];
  kind: number[];
  weight: number[];
  /** First dated record as UTC ms, and last − first in ms; null when no record behind the edge was dated. */
  first: (number | null)[];
  span: (number | null)[];
  total: { nodes: number; edges: number };
  truncated: boolean;
  notes: string[];
}

/** An edge with its first and last instants as UTC ms, the engine's own form (GraphEdgeWire carries ISO strings). */
export interface GraphEdgeMs {
  source: number;
  target: number;
  kind: GraphEdgeKind;
  weight: number;
  first: number | null;
  last: number | null;
}

/** A view whose edges carry UTC ms: what the engine has before it formats instants for the object form. */
export type GraphMsView = Omit<GraphWire, 'edges'> & { edges: readonly GraphEdgeMs[] };

/** Edges whose ends are not among the nodes cannot be packed (they would point nowhere): a bug upstream. */
export function packGraph(g: GraphWire): GraphPackedWire {
  const parse = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  return packGraphMs({ ...g, edges: g.edges.map((e) => ({ ...e, first: parse(e.first), last: parse(e.last) })) });
}

/**
 * packGraph for a view whose instants are already UTC ms. The bridge packs the engine's view with this: formatting
 * 100,000 instants as ISO strings only to parse them back was a fifth of a 50,000-link answer.
 */
export function packGraphMs(g: GraphMsView): GraphPackedWire {
  const index = new Map<number, number>();
  const n = g.nodes.length;
  const out: GraphPackedWire = {
    format: 'columnar-1',
    ids: new Array<number>(n),
    labels: new Array<string>(n),
    activity: new Array<number>(n),
    degree: new Array<number>(n),
    source: [],
    target: [],
    kind: [],
    weight: [],
    first: [],
    span: [],
    total: g.total,
    truncated: g.truncated,
    notes: g.notes,
  };
  g.nodes.forEach((x, i) => {
    index.set(x.id, i);
    out.ids[i] = x.id;
    out.labels[i] = x.label;
    out.activity[i] = x.activity;
    out.degree[i] = x.degree;
  });
  for (const e of g.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) throw new Error(`graph edge ${e.source}–${e.target} has an end that is not a node of the view`);
    const { first, last } = e;
    out.source.push(s);
    out.target.push(t);
    out.kind.push(GRAPH_EDGE_KINDS.indexOf(e.kind));
    out.weight.push(e.weight);
    out.first.push(first);
    out.span.push(first === null || last === null ? null : last - first);
  }
  return out;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The object form back, exactly as packGraph was given it (first/last only when both were dated, as the engine gives them). */
export function unpackGraph(p: GraphPackedWire): GraphWire {
  const nodes: GraphNodeWire[] = p.ids.map((id, i) => ({ id, label: p.labels[i]!, activity: p.activity[i]!, degree: p.degree[i]! }));
  const edges: GraphEdgeWire[] = new Array<GraphEdgeWire>(p.source.length);
  for (let j = 0; j < p.source.length; j++) {
    const first = p.first[j] ?? null;
    const span = p.span[j] ?? null;
    const kind = GRAPH_EDGE_KINDS[p.kind[j]!];
    if (kind === undefined) throw new Error(`graph edge ${j} has unknown kind ${String(p.kind[j])}`);
    edges[j] = { source: p.ids[p.source[j]!]!, target: p.ids[p.target[j]!]!, kind, weight: p.weight[j]!, first: iso(first), last: iso(first === null || span === null ? null : first + span) };
  }
  return { nodes, edges, total: p.total, truncated: p.truncated, notes: p.notes };
}
