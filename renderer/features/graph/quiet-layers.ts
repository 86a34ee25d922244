/**
 * Layers that stay blank are left alone. Sigma clears all six of its canvases (links, nodes, hovered nodes in WebGL;
 * labels, hover boxes, link labels in 2D) at every frame, drawn on or not. A cleared canvas counts as changed, and
 * every changed canvas is read back and copied by the compositor — on software WebGL (SwiftShader) a full-canvas copy
 * per layer per frame. While the camera moves a big graph draws only its nodes, so five of the six copies were of an
 * empty canvas. Here a clear of a canvas that nothing has drawn on since its last clear is skipped: the canvas stays
 * unchanged, and what is shown is the same blank. Drawing is tracked conservatively — any call on a 2D context other
 * than the clear, and any WebGL draw call into the canvas itself (not into a picking framebuffer), counts as drawing —
 * so a canvas with anything on it is always cleared as before. A blank canvas is also hidden (visibility), so the
 * compositor does not blend a full-size transparent layer into every frame either; the first drawing call shows it.
 *
 * This reaches into sigma 3.0's private webGLContexts / canvasContexts; if they are missing nothing is changed.
 */
import type Sigma from 'sigma';
import type { EdgeAttrs, NodeAttrs } from './graph-model';

/** The node layer is drawn at every frame anyway; the mouse layer is never drawn on. */
const SKIP = new Set(['nodes', 'mouse']);
const GL_DRAWS = ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced'] as const;
/** 2D calls that neither draw nor depend on what is drawn (everything else counts as drawing). */
const CANVAS_NEUTRAL = new Set(['clearRect', 'measureText', 'getContextAttributes', 'getLineDash', 'getTransform', 'isContextLost']);

type Method = (...a: unknown[]) => unknown;
type Patchable = Record<string, unknown>;

export interface QuietLayers {
  /** Clear every canvas at every frame again, as sigma does (the bench's same-run reference); tracking goes on. */
  setEnabled(on: boolean): void;
  /** Put sigma's contexts back as they were (call before kill()). */
  stop(): void;
}

export function quietLayers(sigma: Sigma<NodeAttrs, EdgeAttrs>): QuietLayers {
  // Structural types: the unit test runs without the DOM library.
  type El = { width: number; height: number; style: { visibility: string } };
  const s = sigma as unknown as { webGLContexts?: Record<string, { canvas: El }>; canvasContexts?: Record<string, { canvas: El }> };
  const dpr = () => (globalThis as { devicePixelRatio?: number }).devicePixelRatio ?? 1;
  if (!s.webGLContexts || !s.canvasContexts) return { setEnabled: () => {}, stop: () => {} };
  let enabled = true;
  const undo: (() => void)[] = [];
  /** Every tracked layer: its canvas and whether nothing is drawn on it (false = unknown or drawn on). */
  const layers: { el: El; blank: boolean }[] = [];
  const show = (l: { el: El; blank: boolean }) => {
    const v = enabled && l.blank ? 'hidden' : '';
    if (l.el.style.visibility !== v) l.el.style.visibility = v;
  };
  // Visibility is set once the current task is over (before the frame is produced): a layer cleared and drawn on
  // again within one render does not flip its style twice.
  let flushing = false;
  const mark = (l: { el: El; blank: boolean }, blank: boolean) => {
    l.blank = blank;
    if (flushing) return;
    flushing = true;
    queueMicrotask(() => {
      flushing = false;
      layers.forEach(show);
    });
  };
  /** Replace an instance's method (its prototype's stays as it is); remember how to put it back. */
  const patch = (obj: Patchable, name: string, make: (orig: Method) => Method) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    obj[name] = make(orig as Method);
    undo.push(() => delete obj[name]);
  };

  for (const [id, gl] of Object.entries(s.webGLContexts)) {
    if (SKIP.has(id)) continue;
    const o = gl as unknown as Patchable;
    // Unknown at first: the first clear goes through.
    const l = { el: gl.canvas, blank: false };
    layers.push(l);
    let toCanvas = true;
    patch(o, 'bindFramebuffer', (orig) => function (this: unknown, ...a) {
      toCanvas = a[1] === null;
      return orig.apply(gl, a);
    });
    patch(o, 'clear', (orig) => function (this: unknown, ...a) {
      if (!toCanvas) return orig.apply(gl, a);
      if (l.blank && enabled) return undefined;
      mark(l, true);
      return orig.apply(gl, a);
    });
    for (const name of GL_DRAWS)
      patch(o, name, (orig) => function (this: unknown, ...a) {
        if (toCanvas && l.blank) mark(l, false);
        return orig.apply(gl, a);
      });
  }

  for (const [id, ctx] of Object.entries(s.canvasContexts)) {
    if (SKIP.has(id)) continue;
    const o = ctx as unknown as Patchable;
    const l = { el: ctx.canvas, blank: false };
    layers.push(l);
    const canvas = ctx.canvas;
    patch(o, 'clearRect', (orig) => function (this: unknown, ...a) {
      // Only a clear of the whole canvas (as sigma's) makes it blank; a partial one is passed on as it is.
      const whole = a[0] === 0 && a[1] === 0 && Number(a[2]) * dpr() >= canvas.width - 1 && Number(a[3]) * dpr() >= canvas.height - 1;
      if (!whole) return orig.apply(ctx, a);
      if (l.blank && enabled) return undefined;
      mark(l, true);
      return orig.apply(ctx, a);
    });
    for (let p: object | null = Object.getPrototypeOf(ctx); p && p !== Object.prototype; p = Object.getPrototypeOf(p))
      for (const name of Object.getOwnPropertyNames(p)) {
        if (name === 'constructor' || CANVAS_NEUTRAL.has(name) || Object.prototype.hasOwnProperty.call(o, name)) continue;
        const desc = Object.getOwnPropertyDescriptor(p, name);
        if (!desc || typeof desc.value !== 'function') continue;
        patch(o, name, (orig) => function (this: unknown, ...a) {
          if (l.blank) mark(l, false);
          return orig.apply(ctx, a);
        });
      }
    // Resizing the canvas (sigma does on every resize) empties it but leaves `blank` false: one needless clear, no harm.
  }
  return {
    setEnabled: (on) => {
      enabled = on;
      layers.forEach(show);
    },
    stop: () => {
      undo.splice(0).reverse().forEach((f) => f());
      enabled = false;
      layers.forEach(show);
    },
  };
}
