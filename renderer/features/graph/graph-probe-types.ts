/**
 * The graph probe's shape (graph-probe.ts), apart from any DOM or sigma type, so the e2e specs and bench/graph —
 * type-checked without the DOM library — use the very interface the page exposes.
 */
export interface ProbedNode {
  id: string;
  /** Viewport position (px from the canvas's top-left) and drawn radius (px). */
  x: number;
  y: number;
  r: number;
}

export interface GraphProbe {
  nodes(): ProbedNode[];
  animating(): boolean;
  pickingStale(): boolean;
  /** True while the frame on screen is a moving frame drawn at reduced resolution (lazy-picking.ts). */
  coarse(): boolean;
  hovered(): string | null;
  resetCamera(): void;
  /** The frame pipeline: both true as shipped; both false is sigma's own (picking pass and every clear, each frame). */
  setPipeline(p: { lazyPicking: boolean; quietLayers: boolean; coarseMoving?: boolean; movingScale?: number }): void;
}
