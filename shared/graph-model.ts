/** Wire types of the link graph: entities as nodes, aggregated messages/calls/transactions between them as edges. */

/**
 * What an edge stands for: `message` one-to-one messages, `group` messages in a group chat (sender to each other
 * member), `call` calls, `transaction` transfers between the parties of a ledger row.
 */
export const GRAPH_EDGE_KINDS = ['message', 'group', 'call', 'transaction'] as const;
export type GraphEdgeKind = (typeof GRAPH_EDGE_KINDS)[number];

export interface GraphNodeWire {
  /** Identity entity id (the same id the timeline's entity filter takes). */
  id: number;
  /** Display name as the entity card chooses it (hostile text: show it with VisibleText). */
  label: string;
  /** Events in the filter where the entity is a party (sender, caller, other party, payer, payee). */
  activity: number;
  /** Distinct neighbours in the whole filtered graph (more than are shown when the view is capped). */
  degree: number;
}

export interface GraphEdgeWire {
  /** The smaller entity id; edges are undirected. */
  source: number;
  target: number;
  kind: GraphEdgeKind;
  /** Records behind the edge (messages, calls or transactions). */
  weight: number;
  /** First and last instant of those records (ISO-8601 UTC), null when none was dated. */
  first: string | null;
  last: string | null;
}

export interface GraphWire {
  nodes: GraphNodeWire[];
  edges: GraphEdgeWire[];
  /** The whole filtered graph, before the node cap. */
  total: { nodes: number; edges: number };
  /** True when nodes or edges were left out to respect the cap (the strongest edges are kept). */
  truncated: boolean;
  notes: string[];
}

export interface GraphPathWire {
  from: number;
  to: number;
  /** Hops of the shortest path, or null when the two are not connected (within maxLength). */
  length: number | null;
  /** Each path as the entity ids along it, from `from` to `to`. */
  paths: number[][];
  /** The nodes and edges on those paths. */
  nodes: GraphNodeWire[];
  edges: GraphEdgeWire[];
  /** True when there were more shortest paths than maxPaths. */
  truncated: boolean;
  notes: string[];
}

/** Edge colour per kind, the same on screen, in exported images and in reports (distinct for colour-blind readers too). */
export const GRAPH_EDGE_COLOURS: Record<GraphEdgeKind, string> = {
  message: '#1f77b4',
  group: '#9467bd',
  call: '#2ca02c',
  transaction: '#ff7f0e',
};

export const GRAPH_EDGE_LABELS: Record<GraphEdgeKind, string> = {
  message: 'one-to-one messages',
  group: 'group messages',
  call: 'calls',
  transaction: 'transactions',
};
