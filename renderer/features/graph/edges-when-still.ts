/**
 * Links drawn only once the camera has been still for a moment, for big graphs. Sigma's own hideEdgesOnMove draws
 * every link again the moment a zoom step's animation ends, and on releasing a drag re-indexes the whole graph
 * (refresh): on software WebGL each of those is a frame of hundreds of ms landing between two wheel steps. Here
 * the line program skips its draw while the camera moves and for `stillMs` after, then one plain render (no
 * re-indexing: the buffers are unchanged) draws the links. Only drawing is skipped — big graphs have no edge
 * picking (see draw-policy.ts), so what a click hits never depends on this.
 */
import type Sigma from 'sigma';
import { EdgeLineProgram } from 'sigma/rendering';
import type { RenderParams } from 'sigma/types';
import type { EdgeAttrs, NodeAttrs } from './graph-model';

export interface EdgesWhenStill {
  /** The edge program class to register (one per sigma instance: it reads this instance's camera state). */
  program: typeof EdgeLineProgram<NodeAttrs, EdgeAttrs>;
  /** Start following the renderer's camera; returns the function that stops (call before sigma.kill()). */
  follow(sigma: Sigma<NodeAttrs, EdgeAttrs>): () => void;
  /** Draw links from the next render on, moving or not (an export must never leave them out). */
  settle(): void;
}

export function edgesWhenStill(stillMs: number): EdgesWhenStill {
  const state = { moving: false };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const settle = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    state.moving = false;
  };
  class StillLineProgram extends EdgeLineProgram<NodeAttrs, EdgeAttrs> {
    override render(params: RenderParams): void {
      if (state.moving) return;
      super.render(params);
    }
  }
  return {
    program: StillLineProgram,
    settle,
    follow(sigma) {
      const camera = sigma.getCamera();
      const moved = () => {
        state.moving = true;
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(() => {
          settle();
          sigma.scheduleRender();
        }, stillMs);
      };
      camera.on('updated', moved);
      return () => {
        camera.off('updated', moved);
        settle();
      };
    },
  };
}
