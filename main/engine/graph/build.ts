/**
 * The link graph of a case: the filter read into an event scope, the per-pair counts from SQL folded into
 * undirected weighted edges per kind, a node cap that keeps the strongest edges, and one cached full graph per
 * case connection (keyed by filter and audit head) so expanding neighbours and finding paths do not re-aggregate.
 */
import { GRAPH_EDGE_KINDS } from '../../../shared/graph-model';
import type { SqlDb } from '../db/case-db';
import { accountEntities, existingEntities, graphStateVersion, groupChatsTooLarge, groupPairs, partyPairs, transactionActivity, transactionPairs, GROUP_FANOUT_MAX, type GraphScope } from '../db/read/graph';
import { existingEvidence } from '../db/read/timeline';
import { ThreadlineError } from '../errors';
import { keyAtInstant } from '../timeline/keys';
import { isEventKind } from '../timeline/types';
import { entityLabels } from './labels';
import type { FullGraph, GraphEdge, GraphEdgeKind, GraphFilter, GraphView, ViewOptions } from './types';

export const DEFAULT_MAX_NODES = 2_000;
export const DEFAULT_MAX_EDGES = 100_000;

const EDGE_EVENT_KINDS = ['message', 'call', 'transaction'] as const;

interface ResolvedGraphFilter {
  scope: GraphScope;
  focus: number[] | null;
  /** Provably empty (no kind that can make an edge, an empty list). */
  empty: boolean;
  notes: string[];
}

function positiveInts(xs: readonly number[] | undefined, what: string): number[] | undefined {
  if (xs === undefined) return undefined;
  for (const x of xs) {
    if (!Number.isSafeInteger(x) || x < 1) throw new ThreadlineError('BAD_ARGUMENT', `${what} "${String(x)}" is not a positive whole number.`, { hint: `Give ${what} ids as numbers, e.g. 3 or 3,7.` });
  }
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Check the filter and read it into SQL terms; contradictions become notes, not silent emptiness. */
export function resolveGraphFilter(db: SqlDb, f: GraphFilter): ResolvedGraphFilter {
  const notes: string[] = [];
  for (const [v, what] of [[f.from, 'start'], [f.to, 'end']] as const) {
    if (v !== undefined && !Number.isFinite(v)) throw new ThreadlineError('BAD_ARGUMENT', `The ${what} of the time range is not a valid instant.`, { hint: 'Use an ISO-8601 instant with a zone.' });
  }
  if (f.from !== undefined && f.to !== undefined && f.from >= f.to) {
    throw new ThreadlineError('BAD_ARGUMENT', `The time range is empty: it starts at ${new Date(f.from).toISOString()} and ends at ${new Date(f.to).toISOString()}.`, {
      hint: 'The end of the range is exclusive and must come after the start.',
    });
  }
  let kinds: ('message' | 'call' | 'transaction')[] = [...EDGE_EVENT_KINDS];
  if (f.kinds !== undefined) {
    for (const k of f.kinds) if (!isEventKind(k)) throw new ThreadlineError('BAD_ARGUMENT', `Unknown event kind "${String(k)}".`, { hint: 'Kinds are message, call, contact, transaction, row, file.' });
    kinds = EDGE_EVENT_KINDS.filter((k) => f.kinds!.includes(k));
    if (kinds.length === 0) notes.push('Only messages, calls and transactions connect entities: the chosen kinds draw no graph.');
  }
  const evidence = positiveInts(f.evidence, 'evidence item') ?? null;
  if (evidence) {
    const known = existingEvidence(db, evidence);
    const missing = evidence.filter((e) => !known.includes(e));
    if (missing.length) throw new ThreadlineError('NOT_FOUND', `There is no evidence item ${missing.map((m) => `E${m}`).join(', ')} in this case.`, { hint: 'List the evidence items with `threadline info CASE`.' });
  }
  let focus = positiveInts(f.entities, 'entity') ?? null;
  if (focus) {
    const known = existingEntities(db, focus);
    const unknown = focus.filter((e) => !known.includes(e));
    if (unknown.length) notes.push(`No entity ${unknown.join(', ')} in this case (links may have changed): left out of the focus.`);
    focus = known;
  }
  const tags = f.tags === undefined ? null : [...new Set(f.tags.map((t) => t.trim()).filter((t) => t.length > 0))];
  const timed = f.from !== undefined || f.to !== undefined;
  const scope: GraphScope = {
    lo: f.from !== undefined ? keyAtInstant(f.from) : timed ? keyAtInstant(-(2 ** 43)) : null,
    // A time range leaves undated events out (they have no instant to fall inside it).
    hi: f.to !== undefined ? keyAtInstant(f.to) : timed ? keyAtInstant(2 ** 42) : null,
    kinds,
    evidence,
    tags,
    hasAttachment: f.hasAttachment ?? null,
  };
  const empty = kinds.length === 0 || (evidence !== null && evidence.length === 0) || (tags !== null && tags.length === 0) || (focus !== null && focus.length === 0);
  return { scope, focus, empty, notes };
}

const KIND_INDEX: Record<GraphEdgeKind, number> = { message: 0, group: 1, call: 2, transaction: 3 };
/** A number while the ids fit (no string per pair to build and hash: most of the fold's time at 50,000 edges), else a string. */
const pairKey = (kind: GraphEdgeKind, a: number, b: number): number | string => (a < 2 ** 26 && b < 2 ** 24 ? (a * 2 ** 24 + b) * 4 + KIND_INDEX[kind] : `${kind}|${a}|${b}`);
const minNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Strongest first; ties in a fixed order so the same case state always gives the same graph. */
export function compareEdges(x: GraphEdge, y: GraphEdge): number {
  return y.weight - x.weight || x.source - y.source || x.target - y.target || GRAPH_EDGE_KINDS.indexOf(x.kind) - GRAPH_EDGE_KINDS.indexOf(y.kind);
}

/** Aggregate the whole filtered graph (no cap). */
export function buildFullGraph(db: SqlDb, f: GraphFilter): FullGraph {
  const r = resolveGraphFilter(db, f);
  const notes = [...r.notes];
  const activity = new Map<number, number>();
  const edges = new Map<number | string, GraphEdge>();
  const addActivity = (e: number, n: number) => activity.set(e, (activity.get(e) ?? 0) + n);
  const addEdge = (kind: GraphEdgeKind, x: number, y: number, n: number, first: number | null, last: number | null) => {
    if (x === y) return;
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    const k = pairKey(kind, a, b);
    const e = edges.get(k);
    if (e) {
      e.weight += n;
      e.first = minNull(e.first, first);
      e.last = maxNull(e.last, last);
    } else edges.set(k, { source: a, target: b, kind, weight: n, first, last });
  };
  if (!r.empty) {
    const entityOf = accountEntities(db);
    for (const p of partyPairs(db, r.scope)) {
      // Accounts the linker has not placed (none, after a complete import) have no entity and are left out.
      const ea = entityOf.get(p.a);
      if (ea === undefined) continue;
      addActivity(ea, p.n);
      const ec = p.c === null ? undefined : entityOf.get(p.c);
      if (ec === undefined) continue;
      // An exchange between two accounts of one entity is that entity's activity once, and no edge.
      if (ec !== ea) addActivity(ec, p.n);
      // A message with a single other party is one-to-one; group messages have none (groupPairs fans them out).
      addEdge(p.kind, ea, ec, p.n, p.first, p.last);
    }
    for (const p of groupPairs(db, r.scope)) addEdge('group', p.ea, p.eb, p.n, p.first, p.last);
    const tooLarge = groupChatsTooLarge(db, r.scope);
    if (tooLarge) notes.push(`${tooLarge} group chat(s) with more than ${GROUP_FANOUT_MAX} members are not drawn as sender-to-member edges; their senders' activity still counts.`);
    for (const p of transactionPairs(db, r.scope)) addEdge('transaction', p.ea, p.eb, p.n, p.first, p.last);
    for (const a of transactionActivity(db, r.scope)) addActivity(a.entity, a.n);
  }
  let list = [...edges.values()];
  if (r.focus) {
    const focus = new Set(r.focus);
    list = list.filter((e) => focus.has(e.source) || focus.has(e.target));
    const keep = new Set<number>(r.focus.filter((e) => activity.has(e)));
    for (const e of list) keep.add(e.source).add(e.target);
    for (const id of [...activity.keys()]) if (!keep.has(id)) activity.delete(id);
  }
  list.sort(compareEdges);
  // Edge ends always count as nodes (an entity only ever a group member has edges but no events as a party).
  for (const e of list) {
    if (!activity.has(e.source)) activity.set(e.source, 0);
    if (!activity.has(e.target)) activity.set(e.target, 0);
  }
  return { activity, edges: list, degree: degrees(list), notes };
}

function degrees(edges: readonly GraphEdge[]): Map<number, number> {
  const nb = new Map<number, Set<number>>();
  const add = (a: number, b: number) => {
    let s = nb.get(a);
    if (!s) nb.set(a, (s = new Set()));
    s.add(b);
  };
  for (const e of edges) {
    add(e.source, e.target);
    add(e.target, e.source);
  }
  return new Map([...nb].map(([k, s]) => [k, s.size]));
}

const cache = new WeakMap<SqlDb, { key: string; graph: FullGraph }>();

/** The full graph for a filter, reused while the case's audit head (every change is audited) stays the same. */
export function fullGraph(db: SqlDb, f: GraphFilter): FullGraph {
  const key = `${graphStateVersion(db)}|${JSON.stringify(f, Object.keys(f).sort())}`;
  const hit = cache.get(db);
  if (hit && hit.key === key) return hit.graph;
  const graph = buildFullGraph(db, f);
  cache.set(db, { key, graph });
  return graph;
}

function kindFilter(edges: readonly GraphEdge[], kinds: readonly GraphEdgeKind[] | undefined): readonly GraphEdge[] {
  if (!kinds) return edges;
  const k = new Set(kinds);
  return edges.filter((e) => k.has(e.kind));
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const edgeToWire = (e: GraphEdge): GraphView['edges'][number] => ({ source: e.source, target: e.target, kind: e.kind, weight: e.weight, first: iso(e.first), last: iso(e.last) });

/** Nodes as the wire carries them, with labels. */
function wireNodes(db: SqlDb, g: FullGraph, nodeIds: readonly number[]): GraphView['nodes'] {
  const labels = entityLabels(db, nodeIds);
  return nodeIds.map((id) => ({ id, label: labels.get(id) ?? `entity ${id}`, activity: g.activity.get(id) ?? 0, degree: g.degree.get(id) ?? 0 }));
}

/** Nodes and edges as the wire carries them, with labels. */
export function toWire(db: SqlDb, g: FullGraph, nodeIds: readonly number[], edges: readonly GraphEdge[]): Pick<GraphView, 'nodes' | 'edges'> {
  return { nodes: wireNodes(db, g, nodeIds), edges: edges.map(edgeToWire) };
}

/**
 * Pick at most maxNodes nodes: walk the edges strongest first, taking an edge's ends while there is room, then
 * keep every edge between taken nodes (strongest first, up to maxEdges); `isolated` entities (events but no edge
 * of the kinds shown) fill what room is left, in the order given.
 */
export function capGraph(g: FullGraph, edgesIn: readonly GraphEdge[], isolated: readonly number[], maxNodes: number, maxEdges: number): { nodes: number[]; edges: GraphEdge[] } {
  const taken = new Set<number>();
  for (const e of edgesIn) {
    if (taken.size >= maxNodes) break;
    const need = (taken.has(e.source) ? 0 : 1) + (taken.has(e.target) ? 0 : 1);
    if (taken.size + need > maxNodes) continue;
    taken.add(e.source).add(e.target);
  }
  const edges: GraphEdge[] = [];
  for (const e of edgesIn) {
    if (edges.length >= maxEdges) break;
    if (taken.has(e.source) && taken.has(e.target)) edges.push(e);
  }
  for (const id of isolated) {
    if (taken.size >= maxNodes) break;
    taken.add(id);
  }
  const nodes = [...taken].sort((a, b) => (g.activity.get(b) ?? 0) - (g.activity.get(a) ?? 0) || a - b);
  return { nodes, edges };
}

/** The graph a view shows: the filtered graph capped to the strongest edges, labelled. */
export function graphView(db: SqlDb, f: GraphFilter, o: ViewOptions = {}): GraphView {
  const v = graphViewMs(db, f, o);
  return { ...v, edges: v.edges.map(edgeToWire) };
}

/** graphView with the edges' instants left as UTC ms (what the bridge packs; see packGraphMs). */
export function graphViewMs(db: SqlDb, f: GraphFilter, o: ViewOptions = {}): Omit<GraphView, 'edges'> & { edges: GraphEdge[] } {
  const g = fullGraph(db, f);
  const edgesIn = kindFilter(g.edges, o.edgeKinds);
  const maxNodes = o.maxNodes ?? DEFAULT_MAX_NODES;
  const maxEdges = o.maxEdges ?? DEFAULT_MAX_EDGES;
  // A plain loop: flatMap's 100,000 two-element arrays for a 50,000-link graph were most of a cached view's garbage.
  const ends = new Set<number>();
  for (const e of edgesIn) ends.add(e.source).add(e.target);
  // Entities with events but no link of the kinds shown, most active first.
  const isolated = [...g.activity].filter(([id, n]) => n > 0 && !ends.has(id)).sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  const { nodes, edges } = capGraph(g, edgesIn, isolated, maxNodes, maxEdges);
  const totalNodes = ends.size + isolated.length;
  const truncated = nodes.length < totalNodes || edges.length < edgesIn.length;
  const notes = [...g.notes];
  if (truncated) notes.push(`Showing ${nodes.length.toLocaleString('en')} of ${totalNodes.toLocaleString('en')} entities and ${edges.length.toLocaleString('en')} of ${edgesIn.length.toLocaleString('en')} links: the strongest links were kept.`);
  return { nodes: wireNodes(db, g, nodes), edges, total: { nodes: totalNodes, edges: edgesIn.length }, truncated, notes };
}

/** One entity and its neighbours in the filtered graph, strongest links first (at most `limit` neighbours). */
export function graphNeighbours(db: SqlDb, f: GraphFilter, entity: number, o: { limit: number; edgeKinds?: readonly GraphEdgeKind[] }): GraphView {
  const g = fullGraph(db, f);
  const notes = [...g.notes];
  if (!g.activity.has(entity)) {
    notes.push(`Entity ${entity} has no messages, calls or transactions in this filter.`);
    return { nodes: [], edges: [], total: { nodes: 0, edges: 0 }, truncated: false, notes };
  }
  const touching = kindFilter(g.edges, o.edgeKinds).filter((e) => e.source === entity || e.target === entity);
  const neighbours: number[] = [];
  const seen = new Set<number>([entity]);
  for (const e of touching) {
    const other = e.source === entity ? e.target : e.source;
    if (seen.has(other)) continue;
    if (neighbours.length >= o.limit) continue;
    seen.add(other);
    neighbours.push(other);
  }
  const all = new Set(touching.map((e) => (e.source === entity ? e.target : e.source)));
  const edges = touching.filter((e) => seen.has(e.source) && seen.has(e.target));
  const truncated = neighbours.length < all.size;
  if (truncated) notes.push(`Showing the ${neighbours.length} most strongly linked of ${all.size} neighbours.`);
  return { ...toWire(db, g, [entity, ...neighbours], edges), total: { nodes: all.size + 1, edges: touching.length }, truncated, notes };
}
