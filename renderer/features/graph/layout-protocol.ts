/** Messages between the graph view and its layout worker (positions travel as packed Float32Arrays). */

/** Floats per node in ForceAtlas2's node matrix, and the fields the view reads and writes. */
export const PPN = 10;
export const PPE = 3;
export const NODE_X = 0;
export const NODE_Y = 1;
export const NODE_MASS = 6;
export const NODE_SIZE = 8;
export const NODE_FIXED = 9;

export interface LayoutStart {
  type: 'start';
  nodes: Float32Array;
  edges: Float32Array;
  settings: Record<string, unknown>;
  /** Stop after this long even if not converged. */
  budgetMs: number;
  maxIterations: number;
  /** Post positions at most this often: every post redraws the whole graph on the main thread. */
  postEveryMs: number;
}

export interface LayoutProgress {
  type: 'positions';
  /** x, y per node, in the order of the start message. */
  xy: Float32Array;
  iterations: number;
  done: boolean;
  converged: boolean;
  elapsedMs: number;
}
