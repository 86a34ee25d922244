/**
 * The link graph: entities as nodes (size by activity), messages / group messages / calls / transactions between
 * them as edges (width by weight, colour by kind), drawn by sigma (WebGL) and laid out by ForceAtlas2 in a worker.
 * It is drawn for the timeline's filter (time range, kinds, evidence), so a timeline filter redraws it; selecting
 * entities here becomes the timeline's entity filter with "Show in timeline". Two selected entities show the
 * shortest paths between them.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import Sigma from 'sigma';
import { EdgeLineProgram, EdgeRectangleProgram, NodeCircleProgram, NodePointProgram } from 'sigma/rendering';
import { GRAPH_EDGE_COLOURS, GRAPH_EDGE_KINDS, GRAPH_EDGE_LABELS, type GraphEdgeWire, type GraphNodeWire } from '../../../shared/graph-model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import {
  selectGraph,
  selectGraphEdgeKinds,
  selectGraphError,
  selectGraphExtra,
  selectGraphFilterKey,
  selectGraphLoading,
  selectGraphMaxNodes,
  selectGraphPath,
  selectGraphSelection,
} from '../../store/graph-selectors';
import { selectSummary } from '../../store/selectors';
import { GraphFilterBar } from './GraphFilterBar';
import { graphFilterKey } from './graph-filter';
import { download, viewPng, viewSvg, type Drawn } from './graph-export';
import { drawPolicy } from './draw-policy';
import { edgesWhenStill, type EdgesWhenStill } from './edges-when-still';
import { lazyPicking, type LazyPicking } from './lazy-picking';
import { softwareWebGl } from './software-gl';
import { attachProbe } from './graph-probe';
import { guardDragClicks } from './drag-click-guard';
import { quietLayers } from './quiet-layers';
import { skipUnheardWheelHitTests } from './unheard-wheel';
import { buildViewGraph, edgeKey, layoutMatrices, layoutSettings, type EdgeAttrs, type NodeAttrs, type ViewGraph } from './graph-model';
import type { LayoutProgress, LayoutStart } from './layout-protocol';
import './graph.css';

const NODE_CAPS = [200, 500, 2_000, 10_000];
/** Entities offered in the picker's list. */
const PICK_OPTIONS = 500;
const SELECTED = '#dc2626';
const DIM = '#d1d5db';
const EXPORT_WAITS = 'The links are drawn when the layout is done; export then.';

type LayoutState = { state: 'idle' } | { state: 'running'; iterations: number } | { state: 'done'; iterations: number; converged: boolean; ms: number };

export function GraphView() {
  const summary = useStore(selectSummary);
  const graph = useStore(selectGraph);
  const extra = useStore(selectGraphExtra);
  const loading = useStore(selectGraphLoading);
  const error = useStore(selectGraphError);
  const selection = useStore(selectGraphSelection);
  const path = useStore(selectGraphPath);
  const edgeKinds = useStore(selectGraphEdgeKinds);
  const maxNodes = useStore(selectGraphMaxNodes);
  const loadedKey = useStore(selectGraphFilterKey);
  const wantedKey = useStore(graphFilterKey);

  const container = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<Sigma<NodeAttrs, EdgeAttrs> | null>(null);
  const graphRef = useRef<ViewGraph | null>(null);
  const stillRef = useRef<EdgesWhenStill | null>(null);
  const pickingRef = useRef<LazyPicking | null>(null);
  const highlight = useRef<{ selected: Set<string>; pathNodes: Set<string>; pathEdges: Set<string> }>({ selected: new Set(), pathNodes: new Set(), pathEdges: new Set() });
  const [layout, setLayout] = useState<LayoutState>({ state: 'idle' });
  const [pick, setPick] = useState('');
  /** A big graph's links are added when its layout is done: until then an export would leave them out. */
  const [edgesPending, setEdgesPending] = useState(false);

  // The timeline's filter decides what the graph shows: load again whenever it differs from what was loaded.
  useEffect(() => {
    if (summary && wantedKey !== loadedKey) void actions().loadGraph();
  }, [summary, wantedKey, loadedKey]);

  // Base view + expanded neighbours + whatever the paths run through (they may lie outside the capped view). A path
  // inside what is drawn changes only the highlighting: the graph (and its layout) is rebuilt only when it adds to it.
  const base = useMemo(() => {
    const nodes = new Map<number, GraphNodeWire>();
    const edges = new Map<string, GraphEdgeWire>();
    for (const n of [...(graph?.nodes ?? []), ...extra.nodes]) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of [...(graph?.edges ?? []), ...extra.edges]) edges.set(edgeKey(e), e);
    return { nodes, edges };
  }, [graph, extra]);
  const pathAdds = useMemo(
    () => ({ nodes: (path?.nodes ?? []).filter((n) => !base.nodes.has(n.id)), edges: (path?.edges ?? []).filter((e) => !base.edges.has(edgeKey(e))) }),
    [base, path],
  );
  const addKey = `${pathAdds.nodes.map((n) => n.id).join()}|${pathAdds.edges.map(edgeKey).join()}`;
  const data = useMemo(
    () => ({ nodes: [...base.nodes.values(), ...pathAdds.nodes], edges: [...base.edges.values(), ...pathAdds.edges] }),
    // pathAdds is fully described by addKey: a new path with nothing new to draw keeps the same graph.
    [base, addKey],
  );

  // Build the drawable graph and its renderer; run the layout in the worker.
  useEffect(() => {
    const el = container.current;
    if (!el || data.nodes.length === 0) return;
    const policy = drawPolicy(data.nodes.length, data.edges.length, { softwareGl: softwareWebGl() });
    // A big graph is drawn nodes first: its 50,000 links are neither built into the graph nor handed to sigma
    // until the layout is done (building and indexing them is most of a first render; drawn while the nodes
    // still move, they would only be a hairball redrawn at every position update). See draw-policy.ts.
    const edgesLater = policy.hideEdgesWhileLayout;
    const g = buildViewGraph(data.nodes, edgesLater ? [] : data.edges, graphRef.current ?? undefined);
    graphRef.current = g;
    setEdgesPending(edgesLater);
    performance.mark('graph:built');
    const h = highlight.current;
    const focus = () => h.selected.size > 0 || h.pathNodes.size > 0;
    const still = policy.edgesWhenStillMs > 0 ? edgesWhenStill(policy.edgesWhenStillMs) : null;
    const picking = lazyPicking(policy.pickingWhenStillMs, { movingScale: policy.movingScale });
    const sigma = new Sigma<NodeAttrs, EdgeAttrs>(g, el, {
      renderEdgeLabels: false,
      enableEdgeEvents: policy.enableEdgeEvents,
      zIndex: true,
      labelFont: 'Noto Sans, DejaVu Sans, sans-serif',
      labelRenderedSizeThreshold: policy.labelRenderedSizeThreshold,
      // Large graphs drop edges and labels while the camera moves, so panning and zooming stay fluid.
      hideEdgesOnMove: policy.hideEdgesOnMove,
      hideLabelsOnMove: policy.hideLabelsOnMove,
      defaultEdgeType: policy.edgeType,
      // Every program that has a picking pass draws it lazily (lazy-picking.ts); the big graph's links have none.
      edgeProgramClasses: { thin: still?.program ?? EdgeLineProgram, line: picking.program(EdgeRectangleProgram<NodeAttrs, EdgeAttrs>) },
      defaultNodeType: policy.nodeType,
      nodeProgramClasses: { point: picking.program(NodePointProgram<NodeAttrs, EdgeAttrs>), circle: picking.program(NodeCircleProgram<NodeAttrs, EdgeAttrs>) },
      nodeReducer: (key, a) => {
        if (h.selected.has(key)) return { ...a, color: SELECTED, highlighted: true, forceLabel: true, zIndex: 3 };
        if (h.pathNodes.has(key)) return { ...a, color: '#111827', forceLabel: true, zIndex: 2 };
        if (focus()) return { ...a, color: DIM, label: null, zIndex: 0 };
        return a;
      },
      edgeReducer: (key, a) => {
        if (h.pathEdges.has(key)) return { ...a, size: Math.max(a.size, 2.5), zIndex: 2 };
        if (focus()) return { ...a, color: '#e5e7eb', zIndex: 0 };
        return a;
      },
    });
    sigmaRef.current = sigma;
    const unfollow = still?.follow(sigma);
    const unpick = picking.follow(sigma);
    const quiet = quietLayers(sigma);
    const unprobe = attachProbe(el, sigma, picking, quiet);
    const unguard = guardDragClicks(el, sigma);
    const unwheel = skipUnheardWheelHitTests(sigma);
    stillRef.current = still;
    pickingRef.current = picking;
    el.dataset.edgeType = policy.edgeType;
    el.dataset.nodeType = policy.nodeType;
    performance.mark('graph:drawn');
    sigma.on('clickNode', ({ node, event }) => {
      const o = event.original as MouseEvent;
      actions().toggleGraphNode(Number(node), o.shiftKey || o.ctrlKey || o.metaKey);
    });
    sigma.on('clickEdge', ({ edge }) => {
      const [s, t] = sigma.getGraph().extremities(edge);
      actions().selectGraphNodes([Number(s), Number(t)]);
    });
    sigma.on('doubleClickNode', ({ node, preventSigmaDefault }) => {
      preventSigmaDefault();
      void actions().expandNeighbours(Number(node));
    });

    setLayout({ state: 'running', iterations: 0 });
    let worker: Worker | null = null;
    // The layout starts once the first frame is on screen (the frame after next): on two shared cores a worker
    // iterating from the start competes with the main thread and the GPU process for that very frame.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        performance.mark('graph:shown');
        worker = startLayout();
      });
    });
    const startLayout = (): Worker => {
      const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
      const m = layoutMatrices(g, data.edges);
      const start: LayoutStart = { type: 'start', nodes: m.nodes, edges: m.edges, settings: layoutSettings(g.order), postEveryMs: policy.postEveryMs, budgetMs: policy.budgetMs, maxIterations: policy.maxIterations };
      const index = new Map(m.order.map((k, i) => [k, i]));
      w.onmessage = (e: MessageEvent<LayoutProgress>) => {
        const xy = e.data.xy;
        // One batch update (one event, one redraw) rather than an event per node.
        g.updateEachNodeAttributes(
          (key, a) => {
            const i = index.get(key)!;
            a.x = xy[2 * i]!;
            a.y = xy[2 * i + 1]!;
            return a;
          },
          { attributes: ['x', 'y'] },
        );
        if (e.data.done) {
          w.terminate();
          if (edgesLater) {
            // Now the links, once: the whole graph at the settled positions, indexed and drawn in one refresh.
            const whole = buildViewGraph(data.nodes, data.edges, g);
            graphRef.current = whole;
            sigma.setGraph(whole);
            setEdgesPending(false);
          }
        }
        setLayout(e.data.done ? { state: 'done', iterations: e.data.iterations, converged: e.data.converged, ms: Math.round(e.data.elapsedMs) } : { state: 'running', iterations: e.data.iterations });
      };
      w.postMessage(start, [m.nodes.buffer, m.edges.buffer]);
      return w;
    };
    return () => {
      cancelAnimationFrame(frame);
      worker?.terminate();
      unfollow?.();
      unprobe();
      unguard();
      unwheel();
      quiet.stop();
      unpick();
      stillRef.current = null;
      pickingRef.current = null;
      sigma.kill();
      sigmaRef.current = null;
    };
  }, [data]);

  // Selection and paths only change what the reducers draw.
  useEffect(() => {
    const h = highlight.current;
    h.selected = new Set(selection.map(String));
    h.pathNodes = new Set((path?.paths ?? []).flat().map(String));
    h.pathEdges = new Set((path?.edges ?? []).map(edgeKey));
    sigmaRef.current?.refresh();
  }, [selection, path, data]);

  const byId = useMemo(() => new Map(data.nodes.map((n) => [n.id, n])), [data]);
  const name = (id: number) => byId.get(id)?.label ?? `entity ${id}`;

  const drawn = (): Drawn => {
    const s = sigmaRef.current!;
    return { node: (k) => s.getNodeDisplayData(k) ?? {}, edge: (k) => s.getEdgeDisplayData(k) ?? {} };
  };
  const fileBase = `${summary?.caseNumber ?? 'case'}-graph`.replace(/[^\w.-]+/g, '_');
  const exportSvg = () => {
    const s = sigmaRef.current;
    const g = graphRef.current;
    if (!s || !g) return;
    download(new Blob([viewSvg(s, g, drawn(), `Link graph — ${summary?.caseNumber ?? ''}`)], { type: 'image/svg+xml' }), `${fileBase}.svg`);
  };
  const exportPng = async () => {
    const s = sigmaRef.current;
    if (!s) return;
    // The PNG copies what sigma draws now: links included even if the camera has only just stopped.
    stillRef.current?.settle();
    pickingRef.current?.settle();
    download(await viewPng(s), `${fileBase}.png`);
  };
  const addPick = () => {
    const m = /\(N(\d+)\)\s*$/.exec(pick) ?? /^N?(\d+)$/.exec(pick.trim());
    if (!m) return;
    const id = Number(m[1]);
    if (byId.has(id) && !selection.includes(id)) actions().selectGraphNodes([...selection, id]);
    setPick('');
  };

  const toggleKind = (k: (typeof GRAPH_EDGE_KINDS)[number]) => actions().setGraphEdgeKinds(edgeKinds.includes(k) ? edgeKinds.filter((x) => x !== k) : [...edgeKinds, k]);

  return (
    <section className="graph-view" aria-label="Graph">
      <GraphFilterBar />
      <div className="graph-toolbar">
        <fieldset className="kinds">
          <legend>Links</legend>
          {GRAPH_EDGE_KINDS.map((k) => (
            <label key={k} className={edgeKinds.includes(k) ? 'chip on' : 'chip'}>
              <input type="checkbox" checked={edgeKinds.includes(k)} onChange={() => toggleKind(k)} />
              <span className="swatch" style={{ background: GRAPH_EDGE_COLOURS[k] }} />
              {GRAPH_EDGE_LABELS[k]}
            </label>
          ))}
        </fieldset>
        <label>
          Most entities{' '}
          <select aria-label="Most entities" value={maxNodes} onChange={(e) => actions().setGraphMaxNodes(Number(e.target.value))}>
            {NODE_CAPS.map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString('en')}
              </option>
            ))}
          </select>
        </label>
        <span className="entity-pick">
          <input
            list="graph-node-options"
            placeholder="Select entity…"
            aria-label="Select entity"
            value={pick}
            onChange={(e) => setPick(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') addPick();
            }}
          />
          <datalist id="graph-node-options">
            {/* The most active first (the server sorts by activity); more options only cost DOM work on big graphs, and any entity can be typed as N123. */}
            {data.nodes.slice(0, PICK_OPTIONS).map((n) => (
              <option key={n.id} value={`${n.label} (N${n.id})`} />
            ))}
          </datalist>
        </span>
        <button onClick={exportPng} disabled={!graph || data.nodes.length === 0 || edgesPending} title={edgesPending ? EXPORT_WAITS : undefined}>
          Export PNG
        </button>
        <button onClick={exportSvg} disabled={!graph || data.nodes.length === 0 || edgesPending} title={edgesPending ? EXPORT_WAITS : undefined}>
          Export SVG
        </button>
        <span className="muted small graph-status" data-testid="graph-status" data-layout={layout.state}>
          {loading ? 'Loading…' : graph ? `${graph.nodes.length.toLocaleString('en')} of ${graph.total.nodes.toLocaleString('en')} entities, ${graph.edges.length.toLocaleString('en')} of ${graph.total.edges.toLocaleString('en')} links` : ''}
          {layout.state === 'running' ? ` · laying out (${layout.iterations})${edgesPending ? ', links drawn when done' : ''}` : layout.state === 'done' ? ` · layout ${layout.converged ? 'settled' : 'stopped'} after ${layout.iterations} iterations` : ''}
        </span>
      </div>
      {error ? <ErrorNotice error={error} onClose={() => actions().clearGraphError()} /> : null}
      {graph?.notes.length ? (
        <ul className="graph-notes" aria-label="Graph notes">
          {graph.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <div className="graph-body">
        <div className="graph-canvas" ref={container} data-testid="graph-canvas" data-nodes={data.nodes.length} data-edges={data.edges.length}>
          {graph && data.nodes.length === 0 && !loading ? <p className="graph-empty">No messages, calls or transactions link entities in this filter.</p> : null}
        </div>
        <aside className="graph-side" aria-label="Selection">
          <h3>Selection</h3>
          {selection.length === 0 ? <p className="muted small">Click an entity (shift-click to add more), or click a link to select both ends. Double-click expands neighbours.</p> : null}
          <ul className="graph-selection">
            {selection.map((id) => {
              const n = byId.get(id);
              return (
                <li key={id} data-testid="graph-selected" data-entity={id}>
                  <div className="name">
                    <VisibleText text={name(id)} oneLine /> <span className="muted small">N{id}</span>
                  </div>
                  {n ? (
                    <div className="muted small">
                      {n.activity.toLocaleString('en')} events · {n.degree.toLocaleString('en')} linked entities
                    </div>
                  ) : null}
                  <button onClick={() => void actions().expandNeighbours(id)}>Expand neighbours</button>{' '}
                  <button className="link" onClick={() => actions().selectGraphNodes(selection.filter((x) => x !== id))}>
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="graph-actions">
            <button className="primary" disabled={selection.length === 0} onClick={() => void actions().showGraphSelectionInTimeline()}>
              Show in timeline
            </button>{' '}
            {selection.length ? (
              <button className="link" onClick={() => actions().selectGraphNodes([])}>
                Clear
              </button>
            ) : null}
          </div>
          {path ? (
            <div className="graph-paths" data-testid="graph-paths">
              <h4>
                Paths between <VisibleText text={name(path.from)} oneLine /> and <VisibleText text={name(path.to)} oneLine />
              </h4>
              {path.length === null ? (
                <p className="muted small">Not connected in this filter.</p>
              ) : (
                <p className="small">
                  {path.paths.length} shortest path{path.paths.length === 1 ? '' : 's'} of {path.length} link{path.length === 1 ? '' : 's'}
                  {path.truncated ? ' (more not shown)' : ''}
                </p>
              )}
              <ol>
                {path.paths.map((p) => (
                  <li key={p.join('>')}>
                    {p.map((id, i) => (
                      <span key={id}>
                        {i ? ' → ' : ''}
                        <VisibleText text={name(id)} oneLine />
                      </span>
                    ))}
                  </li>
                ))}
              </ol>
              {path.notes.map((n) => (
                <p key={n} className="muted small">
                  {n}
                </p>
              ))}
            </div>
          ) : null}
        </aside>
      </div>
    </section>
  );
}
