/**
 * How the graph view draws a graph of a given size. Small graphs get the full treatment (thick edges, edge clicks,
 * live layout). Big ones (thousands of nodes, tens of thousands of edges, often on software WebGL) are drawn so a
 * frame stays cheap: 1-px line edges, no edge picking layer (it draws every edge a second time), labels only on
 * large nodes, nodes as points (not instanced: see nodeType), edges and labels hidden (and on software WebGL nodes
 * drawn at half resolution) while the camera moves, and
 * edges left out while ForceAtlas2 runs, with the layout posting positions rarely, so the whole graph is built and
 * drawn once, when the layout is done.
 */

export interface DrawPolicy {
  big: boolean;
  /** Sigma settings that depend on size. */
  edgeType: 'line' | 'thin';
  /** 'circle' is sigma's default (one instanced triangle per node); 'point' is registered as NodePointProgram. */
  nodeType: 'circle' | 'point';
  enableEdgeEvents: boolean;
  labelRenderedSizeThreshold: number;
  hideEdgesOnMove: boolean;
  /** Big graphs: links drawn only after the camera has been still this long (edges-when-still.ts); 0 = always. */
  edgesWhenStillMs: number;
  hideLabelsOnMove: boolean;
  /** Sigma's picking pass is skipped while the camera moves and redrawn before any read or after this long still (lazy-picking.ts). */
  pickingWhenStillMs: number;
  /** While the camera moves, nodes are drawn at this fraction of the resolution (lazy-picking.ts); 1 = always full. */
  movingScale: number;
  /** Edges are left out of the graph sigma draws until the layout is done, then added in one refresh. */
  hideEdgesWhileLayout: boolean;
  /** Layout worker: time budget, iteration cap, and how often it posts positions (each post is a redraw). */
  budgetMs: number;
  maxIterations: number;
  postEveryMs: number;
}

/** Above this many nodes or edges a graph is drawn the cheap way. */
export const BIG_NODES = 2_000;
export const BIG_EDGES = 10_000;

/** What the view knows of where it draws. */
export interface DrawContext {
  /** WebGL runs in software (software-gl.ts). */
  softwareGl?: boolean;
}

export function drawPolicy(order: number, size: number, ctx: DrawContext = {}): DrawPolicy {
  const big = order > BIG_NODES || size > BIG_EDGES;
  return {
    big,
    // 'line' is sigma's default (rectangles, width by weight); 'thin' is registered as EdgeLineProgram (gl.LINES).
    edgeType: big ? 'thin' : 'line',
    // Software WebGL (SwiftShader) pays per instance of an instanced draw, whatever its size: 10,000 circles cost
    // ~350 ms a pass (and sigma draws a picking pass too), 10,000 points (one vertex each, not instanced) a few ms.
    nodeType: big ? 'point' : 'circle',
    enableEdgeEvents: !big,
    // Node sizes run from 3 to 15 px at the default zoom: a big graph labels only its most active entities.
    labelRenderedSizeThreshold: big ? 11 : 7,
    // Big graphs hide their links while the camera moves with edges-when-still.ts instead of sigma's setting (which
    // redraws them after every zoom step and re-indexes the whole graph after every drag).
    hideEdgesOnMove: !big && size > 5_000,
    edgesWhenStillMs: big ? 200 : 0,
    hideLabelsOnMove: order > 1_000,
    // Same wait as the links for big graphs, so the still frame and its picking pass come together.
    pickingWhenStillMs: big ? 200 : 150,
    // On software WebGL a moving frame of 10,000 nodes costs what their discs cover in pixels (~15 ms of SwiftShader
    // at 1200×790, measured): half the width and height is a quarter of that. Drawn full again once still. A GPU
    // fills pixels for nothing: motion stays sharp there.
    movingScale: big && ctx.softwareGl === true ? 0.5 : 1,
    hideEdgesWhileLayout: big,
    budgetMs: order > 5_000 ? 12_000 : order > 1_000 ? 8_000 : 4_000,
    maxIterations: 3_000,
    postEveryMs: big ? 3_000 : order > 500 ? 400 : 120,
  };
}
