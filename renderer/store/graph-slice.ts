/**
 * The link graph: loads the capped view for the timeline's current filter (time range, kinds, evidence, tags,
 * attachments — so a timeline filter redraws the graph), merges expanded neighbours, keeps the selection, finds
 * paths when two entities are selected, and pivots the selection into the timeline's entity filter.
 */
import type { StateCreator } from 'zustand';
import { GRAPH_EDGE_KINDS } from '../../shared/graph-model';
import { unpackGraph } from '../../shared/graph-pack';
import { call, errorInfo } from '../api';
import { graphFilterOf } from '../features/graph/graph-filter';
import { EMPTY_FILTER } from '../lib/filter';
import { extrasAfterReload } from './graph-extras';
import type { GraphSlice } from './graph-types';
import type { Store } from './types';

export const DEFAULT_GRAPH_NODES = 500;

export const createGraphSlice: StateCreator<Store, [], [], GraphSlice> = (set, get) => {
  const kinds = () => (get().graphEdgeKinds.length === GRAPH_EDGE_KINDS.length ? {} : { edgeKinds: get().graphEdgeKinds });

  const findPath = async (ids: number[]) => {
    if (ids.length !== 2) {
      set({ graphPath: null });
      return;
    }
    const generation = get().graphGeneration;
    try {
      const p = await call('graph.path', { filter: graphFilterOf(get()), ...kinds(), from: ids[0]!, to: ids[1]!, maxPaths: 20, maxLength: 8 });
      if (get().graphGeneration === generation && get().graphSelection.join() === ids.join()) set({ graphPath: p });
    } catch (err) {
      set({ graphError: errorInfo(err) });
    }
  };

  return {
    graph: null,
    graphExtra: { nodes: [], edges: [] },
    graphLoading: false,
    graphError: null,
    graphSelection: [],
    graphPath: null,
    graphEdgeKinds: [...GRAPH_EDGE_KINDS],
    graphMaxNodes: DEFAULT_GRAPH_NODES,
    graphFilterKey: null,
    graphGeneration: 0,

    async loadGraph() {
      if (!get().summary) return;
      const generation = get().graphGeneration + 1;
      const filter = graphFilterOf(get());
      set({ graphGeneration: generation, graphLoading: true, graphError: null, graphFilterKey: JSON.stringify(filter), graphPath: null, graphExtra: extrasAfterReload(get().graphExtra) });
      try {
        performance.mark('graph:request');
        const packed = await call('graph.view', { filter, ...kinds(), maxNodes: get().graphMaxNodes });
        performance.mark('graph:received');
        const g = unpackGraph(packed);
        // Marks for bench/graph (where the first-render time goes): request → received → answer (unpacked) → built → drawn.
        performance.mark('graph:answer');
        if (get().graphGeneration !== generation) return;
        const ids = new Set(g.nodes.map((n) => n.id));
        const kept = get().graphSelection.filter((id) => ids.has(id));
        set({ graph: g, graphSelection: kept });
        if (kept.length === 2) void findPath(kept);
      } catch (err) {
        if (get().graphGeneration === generation) set({ graphError: errorInfo(err), graph: null });
      } finally {
        if (get().graphGeneration === generation) set({ graphLoading: false });
      }
    },

    clearGraphError() {
      set({ graphError: null });
    },

    async expandNeighbours(entity) {
      const generation = get().graphGeneration;
      try {
        const r = unpackGraph(await call('graph.neighbours', { filter: graphFilterOf(get()), ...kinds(), entity, limit: 200 }));
        if (get().graphGeneration !== generation) return;
        const have = new Set([...(get().graph?.nodes ?? []), ...get().graphExtra.nodes].map((n) => n.id));
        const edgeKey = (e: { source: number; target: number; kind: string }) => `${e.kind}|${e.source}|${e.target}`;
        const haveEdges = new Set([...(get().graph?.edges ?? []), ...get().graphExtra.edges].map(edgeKey));
        set({
          graphExtra: {
            nodes: [...get().graphExtra.nodes, ...r.nodes.filter((n) => !have.has(n.id))],
            edges: [...get().graphExtra.edges, ...r.edges.filter((e) => !haveEdges.has(edgeKey(e)))],
          },
        });
        if (r.truncated) set({ graphError: { code: 'LIMIT_EXCEEDED', message: r.notes.join(' '), hint: 'Narrow the filter (time range, kinds) to see the rest.' } });
      } catch (err) {
        set({ graphError: errorInfo(err) });
      }
    },

    selectGraphNodes(ids) {
      const uniq = [...new Set(ids)];
      set({ graphSelection: uniq, graphPath: null });
      void findPath(uniq);
    },

    toggleGraphNode(id, additive) {
      const sel = get().graphSelection;
      const next = additive ? (sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id]) : sel.length === 1 && sel[0] === id ? [] : [id];
      get().selectGraphNodes(next);
    },

    setGraphEdgeKinds(k) {
      set({ graphEdgeKinds: GRAPH_EDGE_KINDS.filter((x) => k.includes(x)) });
      void get().loadGraph();
    },

    setGraphMaxNodes(n) {
      set({ graphMaxNodes: n });
      void get().loadGraph();
    },

    async showGraphSelectionInTimeline() {
      const ids = get().graphSelection;
      if (ids.length === 0) return;
      // Only the entity dimension changes: the time range, kinds and evidence the graph was drawn for stay.
      set({ view: 'timeline', zoom: null, filter: { ...EMPTY_FILTER, ...get().filter, entities: [...ids] } });
      // The filter chips name their entities from the entity list.
      if (get().entities.length === 0) void get().loadEntities();
      await get().reloadTimeline();
      void get().loadHistogram();
    },
  };
};
