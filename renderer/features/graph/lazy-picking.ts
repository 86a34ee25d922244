/**
 * Sigma's picking pass drawn lazily. Sigma v3 draws every node (and, with edge events, every edge) a second time,
 * each frame, into an off-screen picking framebuffer whose pixels say which item lies under the pointer, and
 * re-creates that framebuffer's texture first. While the camera moves nothing needs to read it, so here a moving
 * frame draws only what is seen and marks the picking layer stale. Anything that reads it — a click, a press, a
 * hover, a wheel over a node — first redraws it for the frame on screen (same buffers, same matrix as that frame),
 * and it is redrawn anyway once the camera has been still for `stillMs`. So what a click hits is always the item
 * drawn under the pointer, as with eager picking; only frames nobody reads from are left out.
 *
 * A moving frame can also draw its visible pass at a fraction of the canvas resolution (`movingScale`, big graphs):
 * on software WebGL a frame of a big graph costs what its node discs cover in pixels, and half the width and height
 * is a quarter of them; the compositor stretches the layer back to size. The first still frame is drawn at full
 * resolution again (a render is scheduled when the camera stops), and picking never depends on it (its own pass and
 * parameters are the frame's, unscaled; before a read the layer is put back to full size, since sigma maps the
 * pointer to a picking-buffer row through the layer's drawing-buffer height).
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
  gl: { viewport(x: number, y: number, w: number, h: number): void; canvas?: LayerCanvas };
}

/** The layer a program draws into (an HTMLCanvasElement; only its backing-store size is used). */
interface LayerCanvas {
  width: number;
  height: number;
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
  /** Treat the camera as still from now on: the next render is a full one (an export must not copy a coarse frame). */
  settle(): void;
  /** True while the frame on screen was drawn coarse (for tests and the bench). */
  coarse(): boolean;
  /**
   * Draw moving frames at full resolution (false) or at movingScale (true, the default): the bench's same-run
   * reference. `scale` overrides movingScale (tests run the coarse path on a graph too small to get it by policy).
   */
  setCoarse(on: boolean, scale?: number): void;
}

export interface LazyPickingOptions {
  /** Moving frames draw the visible pass at this fraction of the layer's resolution (1: full, as sigma does). */
  movingScale?: number;
}

/**
 * Backing-store sizes of layers drawn coarse: the full size to put back. Only put back if the canvas still has the
 * coarse size (a resize by sigma in between has set a new full size itself).
 */
class CoarseLayers {
  private readonly full = new Map<LayerCanvas, { w: number; h: number; cw: number; ch: number }>();

  /** Shrink the layer to `scale` of its full size (once per motion); returns the drawn size. */
  shrink(c: LayerCanvas, scale: number): { w: number; h: number; ratio: number } {
    let f = this.full.get(c);
    if (!f || c.width !== f.cw || c.height !== f.ch) {
      const w = c.width;
      const h = c.height;
      f = { w, h, cw: Math.max(1, Math.round(w * scale)), ch: Math.max(1, Math.round(h * scale)) };
      this.full.set(c, f);
      // Setting a canvas's size re-creates its drawing buffer, cleared: the frame draws it whole right after.
      c.width = f.cw;
      c.height = f.ch;
    }
    return { w: f.cw, h: f.ch, ratio: f.cw / f.w };
  }

  restore(c: LayerCanvas): void {
    const f = this.full.get(c);
    if (!f) return;
    this.full.delete(c);
    if (c.width === f.cw && c.height === f.ch) {
      c.width = f.w;
      c.height = f.h;
    }
  }

  restoreAll(): void {
    for (const c of [...this.full.keys()]) this.restore(c);
  }

  get any(): boolean {
    return this.full.size > 0;
  }
}

export function lazyPicking(stillMs: number, options: LazyPickingOptions = {}): LazyPicking {
  let movingScale = options.movingScale ?? 1;
  const coarse = new CoarseLayers();
  let scheduleRender: () => void = () => {};
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

  /** The still timer of the camera followed (follow() sets it when the camera moves). */
  let timer: ReturnType<typeof setTimeout> | null = null;
  const settle = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    state.moving = false;
  };

  return {
    stale: () => state.stale,
    setEager: (eager) => {
      state.eager = eager;
    },
    settle,
    coarse: () => coarse.any,
    setCoarse: (on, scale) => {
      movingScale = on ? (scale ?? options.movingScale ?? 1) : 1;
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
          const canvas = self.normalProgram.gl.canvas;
          if (!state.deferFrame) {
            if (canvas) coarse.restore(canvas);
            super.render(params);
            return;
          }
          state.stale = true;
          if (self.hasNothingToRender()) return;
          // Sigma's Program.render without its picking half (and, when asked, at a fraction of the resolution).
          const np = self.normalProgram;
          if (movingScale !== 1 && canvas) {
            const { w, h, ratio } = coarse.shrink(canvas, movingScale);
            np.gl.viewport(0, 0, w, h);
            self.bindProgram(np);
            // pixelRatio sizes the discs in device pixels; positions are in clip space and need nothing.
            self.renderProgram({ ...params, pixelRatio: params.pixelRatio * ratio }, np);
          } else {
            np.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
            self.bindProgram(np);
            self.renderProgram(params, np);
          }
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
      scheduleRender = () => sigma.scheduleRender();
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
          // Sigma turns the pointer's y into a picking-buffer row from the layer's drawing-buffer height: a coarse
          // layer would send the read to the wrong row. Back to full size (which blanks it) and drawn again next frame.
          if (coarse.any) {
            coarse.restoreAll();
            scheduleRender();
          }
          return orig.apply(sigma, a);
        };
      s.getNodeAtPosition = read(nodeAt);
      s.getEdgeAtPoint = read(edgeAt);
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
          // A coarse frame is on screen: the still frame is drawn at full resolution.
          if (coarse.any) scheduleRender();
        }, stillMs);
      };
      const camera = sigma.getCamera();
      camera.on('updated', moved);
      sigma.on('beforeRender', beforeRender);
      return () => {
        camera.off('updated', moved);
        sigma.off('beforeRender', beforeRender);
        settle();
        s.resetWebGLTexture = reset;
        s.getNodeAtPosition = nodeAt;
        s.getEdgeAtPoint = edgeAt;
        state.enabled = false;
        state.deferFrame = false;
        scheduleRender = () => {};
        programs.clear();
      };
    },
  };
}
