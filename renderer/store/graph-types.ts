/** The link graph's slice of the store (kept apart from types.ts so that file only gains one import and one `&`). */
import type { ErrorInfo } from '../../shared/errors';
import type { GraphEdgeKind, GraphEdgeWire, GraphNodeWire, GraphPathWire, GraphWire } from '../../shared/graph-model';

export interface GraphSlice {
  /** The capped view for the current filter. */
  graph: GraphWire | null;
  /** Nodes and edges added by "expand neighbours", merged over the view. */
  graphExtra: { nodes: GraphNodeWire[]; edges: GraphEdgeWire[] };
  graphLoading: boolean;
  graphError: ErrorInfo | null;
  /** Selected entity ids (click selects one; shift/ctrl-click adds). */
  graphSelection: number[];
  /** Shortest paths between the two selected entities. */
  graphPath: GraphPathWire | null;
  graphEdgeKinds: GraphEdgeKind[];
  graphMaxNodes: number;
  /** The wire filter (JSON) the graph was loaded for: a different timeline filter means a reload. */
  graphFilterKey: string | null;
  /** Bumped on every reload so a slow answer for an earlier filter is dropped. */
  graphGeneration: number;
  loadGraph(): Promise<void>;
  clearGraphError(): void;
  expandNeighbours(entity: number): Promise<void>;
  selectGraphNodes(ids: number[]): void;
  toggleGraphNode(id: number, additive: boolean): void;
  setGraphEdgeKinds(kinds: GraphEdgeKind[]): void;
  setGraphMaxNodes(n: number): void;
  /** Pivot: the selection becomes the timeline's entity filter, and the timeline opens. */
  showGraphSelectionInTimeline(): Promise<void>;
}
