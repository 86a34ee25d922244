/** Named selectors for the link graph's slice. */
import type { Store } from './types';

export const selectGraph = (s: Store) => s.graph;
export const selectGraphExtra = (s: Store) => s.graphExtra;
export const selectGraphLoading = (s: Store) => s.graphLoading;
export const selectGraphError = (s: Store) => s.graphError;
export const selectGraphSelection = (s: Store) => s.graphSelection;
export const selectGraphPath = (s: Store) => s.graphPath;
export const selectGraphEdgeKinds = (s: Store) => s.graphEdgeKinds;
export const selectGraphMaxNodes = (s: Store) => s.graphMaxNodes;
export const selectGraphFilterKey = (s: Store) => s.graphFilterKey;
