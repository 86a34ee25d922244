/**
 * Sigma's picking pass drawn lazily. Sigma v3 draws every node (and, with edge events, every edge) a second time,
 * each frame, into an off-screen picking framebuffer whose pixels say which item lies under the pointer, and
 * re-creates that framebuffer's texture first. While the camera moves nothing needs to read it, so here a moving
 * frame draws only what is seen and marks the picking layer stale. Anything that reads it — a click, a press, a
 * hover, a wheel over a node — first redraws it for the frame on screen (same buffers, same matrix as that frame),
 * and it is redrawn anyway once the camera has been still for `stillMs`. So what a click hits is always the item
 * drawn under the pointer, as with eager picking; only frames nobody reads from are left out.
 *
 * This reaches into sigma 3.0's private methods (resetWebGLTexture, getNodeAtPosition, getEdgeAtPoint,
 * pickingLayers). If a sigma update renames them, follow() finds them missing and picking stays eager (correct,
 * only slower) — never stale.
 */
import type Sigma from 'sigma';
import type { RenderParams } from 'sigma/types';
import type { EdgeAttrs, NodeAttrs } from './graph-model';

/** What a program's WebGL program looks like to us (sigma's ProgramInfo, only the part used here). */
interface GlProgram {
  gl: { viewport(x: number, y: number, w: number, h: number): void };
}

/** The part of sigma's Program class the picking split needs (public or protected members of sigma 3.0). */
export interface PickingProgram {
  pickProgram: GlProgram | null;
  normalProgram: GlProgram;
  hasNothingToRender(): boolean;
  render(params: RenderParams): void;
}

// Protected members are reached from a subclass; these are the same names as sigma's Program.
interface ProgramInternals {
  bindProgram(p: GlProgram): void;
  renderProgram(params: RenderParams, p: GlProgram): void;
  unbindProgram(p: GlProgram): void;
}

// A mixin's base class must take any constructor arguments.
type ProgramClass = abstract new (...args: any[]) => PickingProgram;

/** sigma 3.0's private members used here; checked at run time before use. */
interface SigmaInternals {
  resetWebGLTexture?: (id: string) => unknown;
  getNodeAtPosition?: (p: { x: number; y: number }) => string | null;
  getEdgeAtPoint?: (x: number, y: number) => string | null;
  pickingLayers?: Set<string>;
}

export interface LazyPicking {
  /** A program class that draws its picking pass only when the frame is not a moving one (one per sigma instance). */
  program<T extends ProgramClass>(Base: T): T;
  /** Start following the renderer (after it is constructed); returns the function that stops (call before kill()). */
  follow(sigma: Sigma<NodeAttrs, EdgeAttrs>): () => void;
  /** True when the picking layer is older than the frame on screen (for tests and the bench). */
  stale(): boolean;
  /** Draw the picking pass with every frame again, as sigma does (the bench's same-run reference). */
  setEager(eager: boolean): void;
}

export function lazyPicking(stillMs: number): LazyPicking {
  const state = {
    /** Deferral works only once follow() has found sigma's internals; until then every frame picks. */
    enabled: false,
    eager: false,
    moving: false,
    /** Decided once per render (beforeRender): a frame draws all its programs the same way. */
    deferFrame: false,
    stale: false,
    /** The render parameters of the frame on screen: the picking layer must be drawn for that frame. */
    lastParams: null as RenderParams | null,
  };
  const programs = new Set<PickingProgram & ProgramInternals>();
  let refresh: () => void = () => {};

  const pick = (p: PickingProgram & ProgramInternals, params: RenderParams) => {
    const pg = p.pickProgram!;
    // As sigma's Program.render: the picking framebuffer is smaller by downSizingRatio.
    pg.gl.viewport(0, 0, (params.width * params.pixelRatio) / params.downSizingRatio, (params.height * params.pixelRatio) / params.downSizingRatio);
    p.bindProgram(pg);
    p.renderProgram({ ...params, pixelRatio: params.pixelRatio / params.downSizingRatio }, pg);
    p.unbindProgram(pg);
  };

  return {
    stale: () => state.stale,
    setEager: (eager) => {
      state.eager = eager;
    },
    program<T extends ProgramClass>(Base: T): T {
      abstract class LazyPickProgram extends Base {
        // TypeScript requires a mixin's constructor to take any[].
        constructor(...args: any[]) {
          super(...args);
          programs.add(this as unknown as PickingProgram & ProgramInternals);
        }
        override render(params: RenderParams): void {
          const self = this as unknown as PickingProgram & ProgramInternals;
          if (!self.pickProgram) {
            super.render(params);
            return;
          }
          state.lastParams = params;
          if (!state.deferFrame) {
            super.render(params);
            return;
          }
          state.stale = true;
          if (self.hasNothingToRender()) return;
          // Sigma's Program.render without its picking half.
          const np = self.normalProgram;
          np.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
          self.bindProgram(np);
          self.renderProgram(params, np);
          self.unbindProgram(np);
        }
      }
      return LazyPickProgram as unknown as T;
    },
    follow(sigma) {
      const s = sigma as unknown as SigmaInternals;
      const reset = s.resetWebGLTexture;
      const nodeAt = s.getNodeAtPosition;
      const edgeAt = s.getEdgeAtPoint;
      const layers = s.pickingLayers;
      if (typeof reset !== 'function' || typeof nodeAt !== 'function' || typeof edgeAt !== 'function' || !(layers instanceof Set)) return () => {};
      state.enabled = true;
      refresh = () => {
        const params = state.lastParams;
        state.stale = false;
        if (!params) return;
        // A fresh (cleared) picking texture per layer, as sigma's render does, then every program's picking pass.
        for (const layer of layers) reset.call(sigma, layer);
        for (const p of programs) if (p.pickProgram && !p.hasNothingToRender()) pick(p, params);
      };
      // The texture is re-created by sigma's render before the programs draw: a deferred frame keeps the old one.
      s.resetWebGLTexture = (id: string) => (state.deferFrame ? sigma : reset.call(sigma, id));
      const captor = sigma.getMouseCaptor();
      /** Wraps a picking read: bring the layer up to the frame on screen first. */
      const read =
        <A extends unknown[]>(orig: (...a: A) => string | null) =>
        (...a: A): string | null => {
          if (state.stale) {
            // Sigma also hit-tests every mouse move of a drag (for hover): nothing is hovered while the stage is
            // being dragged, and redrawing the layer at each of those moves would undo the saving.
            if (captor.isMouseDown && captor.draggedEvents > 0) return null;
            refresh();
          }
          return orig.apply(sigma, a);
        };
      s.getNodeAtPosition = read(nodeAt);
      s.getEdgeAtPoint = read(edgeAt);
      let timer: ReturnType<typeof setTimeout> | null = null;
      const beforeRender = () => {
        state.deferFrame = state.enabled && !state.eager && state.moving;
        // The frame's own texture reset is skipped too: whatever this frame draws (even nothing, on an emptied
        // graph), the layer no longer matches the screen.
        if (state.deferFrame) state.stale = true;
      };
      const moved = () => {
        state.moving = true;
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          state.moving = false;
          // Ready for the next hover or click without a wait (a few ms: only the picking pass, nothing on screen).
          if (state.stale) refresh();
        }, stillMs);
      };
      const camera = sigma.getCamera();
      camera.on('updated', moved);
      sigma.on('beforeRender', beforeRender);
      return () => {
        camera.off('updated', moved);
        sigma.off('beforeRender', beforeRender);
        if (timer !== null) clearTimeout(timer);
        s.resetWebGLTexture = reset;
        s.getNodeAtPosition = nodeAt;
        s.getEdgeAtPoint = edgeAt;
        state.enabled = false;
        state.moving = false;
        state.deferFrame = false;
        programs.clear();
      };
    },
  };
}
