/** Shapes of the link graph inside the engine: the filter it takes, the full aggregated graph, a capped view. */
import type { GraphEdgeKind, GraphEdgeWire, GraphNodeWire } from '../../../shared/graph-model';
import type { GraphEdgeMs } from '../../../shared/graph-pack';
import type { EventKind } from '../timeline/types';

export type { GraphEdgeKind };

/** The timeline filter fields a graph honours (UTC ms instants). `entities` keeps only edges touching them. */
export interface GraphFilter {
  from?: number;
  to?: number;
  kinds?: EventKind[];
  evidence?: number[];
  entities?: number[];
  tags?: string[];
  hasAttachment?: boolean;
}

/** An edge as the engine builds it (smaller entity id first: edges are undirected; instants as UTC ms). */
export type GraphEdge = GraphEdgeMs;

/** Every entity and edge the filter yields, before any cap; edges strongest first. */
export interface FullGraph {
  activity: Map<number, number>;
  edges: GraphEdge[];
  /** Distinct neighbours per entity. */
  degree: Map<number, number>;
  notes: string[];
}

export interface GraphView {
  nodes: GraphNodeWire[];
  edges: GraphEdgeWire[];
  total: { nodes: number; edges: number };
  truncated: boolean;
  notes: string[];
}

export interface ViewOptions {
  /** At most this many nodes (default 2,000); the strongest edges decide which. */
  maxNodes?: number;
  /** At most this many edges (default 100,000). */
  maxEdges?: number;
  /** Only these edge kinds (default all). */
  edgeKinds?: readonly GraphEdgeKind[];
}
