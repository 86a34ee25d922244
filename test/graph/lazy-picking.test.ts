/** Sigma's picking pass is skipped while the camera moves and redrawn, for the frame on screen, before anything reads it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPicking, type PickingProgram } from '../../renderer/features/graph/lazy-picking';

type Call = [string, ...unknown[]];

/** A stand-in for sigma's Program: records which pass (normal / pick) is drawn with which parameters. */
function fakeProgramClass(log: Call[], withPicking = true) {
  const gl = (name: string) => ({ viewport: (...a: number[]) => log.push([`${name}.viewport`, ...a]) });
  return class FakeProgram implements PickingProgram {
    pickProgram = withPicking ? { name: 'pick', gl: gl('pick') } : null;
    normalProgram = { name: 'normal', gl: gl('normal') };
    empty = false;
    constructor(..._args: unknown[]) {}
    hasNothingToRender() {
      return this.empty;
    }
    bindProgram() {}
    unbindProgram() {}
    renderProgram(params: { tag: string; pixelRatio: number }, p: { name: string }) {
      log.push([p.name, params.tag, params.pixelRatio]);
    }
    render(params: never) {
      // sigma's Program.render: picking pass, then the normal one.
      if (this.pickProgram) this.renderProgram({ ...(params as object), pixelRatio: 0.5 } as never, this.pickProgram);
      this.renderProgram(params, this.normalProgram);
    }
  };
}

/** A stand-in for the sigma renderer: camera events, render events, the private picking members lazy-picking wraps. */
function fakeSigma(log: Call[]) {
  const handlers = new Map<string, Set<() => void>>();
  const camera = { on: (e: string, f: () => void) => handlers.set(`camera:${e}`, (handlers.get(`camera:${e}`) ?? new Set()).add(f)), off: (e: string, f: () => void) => handlers.get(`camera:${e}`)?.delete(f) };
  const captor = { isMouseDown: false, draggedEvents: 0 };
  const sigma = {
    pickingLayers: new Set(['nodes']),
    getCamera: () => camera,
    getMouseCaptor: () => captor,
    on: (e: string, f: () => void) => handlers.set(e, (handlers.get(e) ?? new Set()).add(f)),
    off: (e: string, f: () => void) => handlers.get(e)?.delete(f),
    resetWebGLTexture(id: string) {
      log.push(['reset', id]);
      return this;
    },
    getNodeAtPosition(p: { x: number; y: number }) {
      log.push(['read', p.x, p.y]);
      return 'n1';
    },
    getEdgeAtPoint(x: number, y: number) {
      log.push(['readEdge', x, y]);
      return null;
    },
  };
  const emit = (e: string) => handlers.get(e)?.forEach((f) => f());
  return { sigma, captor, handlers, emit, moveCamera: () => emit('camera:updated') };
}

const params = (tag: string) => ({ tag, width: 100, height: 80, pixelRatio: 1, downSizingRatio: 2 }) as never;

afterEach(() => vi.useRealTimers());

describe('lazyPicking', () => {
  it('draws both passes on a still frame, only the visible pass while the camera moves', () => {
    vi.useFakeTimers();
    const log: Call[] = [];
    const lazy = lazyPicking(150);
    const Program = lazy.program(fakeProgramClass(log));
    const p = new Program();
    const f = fakeSigma(log);
    const stop = lazy.follow(f.sigma as never);
    const internals = f.sigma as unknown as { resetWebGLTexture(id: string): unknown };

    f.emit('beforeRender');
    internals.resetWebGLTexture('nodes');
    p.render(params('still'));
    expect(log.filter((c) => c[0] !== 'pick.viewport' && c[0] !== 'normal.viewport')).toEqual([
      ['reset', 'nodes'],
      ['pick', 'still', 0.5],
      ['normal', 'still', 1],
    ]);
    expect(lazy.stale()).toBe(false);

    log.length = 0;
    f.moveCamera();
    f.emit('beforeRender');
    internals.resetWebGLTexture('nodes'); // sigma's render re-creates the texture first: kept while moving
    p.render(params('moving'));
    expect(log).toEqual([['normal.viewport', 0, 0, 100, 80], ['normal', 'moving', 1]]);
    expect(lazy.stale()).toBe(true);
    stop();
  });

  it('marks the layer stale on a moving frame that draws nothing (its texture reset was skipped all the same)', () => {
    vi.useFakeTimers();
    const log: Call[] = [];
    const lazy = lazyPicking(150);
    const p = new (lazy.program(fakeProgramClass(log)))();
    p.empty = true;
    const f = fakeSigma(log);
    const stop = lazy.follow(f.sigma as never);
    f.moveCamera();
    f.emit('beforeRender');
    p.render(params('nothing'));
    expect(log).toEqual([]);
    expect(lazy.stale()).toBe(true);
    stop();
  });

  it('redraws the picking layer for the frame on screen before a click or hover reads it', () => {
    vi.useFakeTimers();
    const log: Call[] = [];
    const lazy = lazyPicking(150);
    const p = new (lazy.program(fakeProgramClass(log)))();
    const f = fakeSigma(log);
    const stop = lazy.follow(f.sigma as never);
    const s = f.sigma as unknown as { getNodeAtPosition(p: { x: number; y: number }): string | null; getEdgeAtPoint(x: number, y: number): string | null };
    f.moveCamera();
    f.emit('beforeRender');
    p.render(params('frame 1'));
    f.emit('beforeRender');
    p.render(params('frame 2'));
    log.length = 0;
    expect(s.getNodeAtPosition({ x: 10, y: 20 })).toBe('n1');
    // A fresh texture, the picking pass of the last frame drawn (at the picking framebuffer's size), then the read.
    expect(log).toEqual([['reset', 'nodes'], ['pick.viewport', 0, 0, 50, 40], ['pick', 'frame 2', 0.5], ['read', 10, 20]]);
    expect(lazy.stale()).toBe(false);
    // Up to date now: the next read does not draw again; nor does an edge read.
    log.length = 0;
    s.getNodeAtPosition({ x: 11, y: 20 });
    s.getEdgeAtPoint(11, 20);
    expect(log).toEqual([['read', 11, 20], ['readEdge', 11, 20]]);
    stop();
  });

  it('hit-tests nothing during a drag of the stage instead of redrawing the layer at every mouse move', () => {
    vi.useFakeTimers();
    const log: Call[] = [];
    const lazy = lazyPicking(150);
    const p = new (lazy.program(fakeProgramClass(log)))();
    const f = fakeSigma(log);
    const stop = lazy.follow(f.sigma as never);
    const s = f.sigma as unknown as { getNodeAtPosition(p: { x: number; y: number }): string | null };
    f.moveCamera();
    f.emit('beforeRender');
    p.render(params('dragged'));
    log.length = 0;
    f.captor.isMouseDown = true;
    f.captor.draggedEvents = 4;
    expect(s.getNodeAtPosition({ x: 1, y: 2 })).toBeNull();
    expect(log).toEqual([]);
    expect(lazy.stale()).toBe(true);
    // Released (sigma clears isMouseDown before emitting mouseup and click): the read redraws the layer first.
    f.captor.isMouseDown = false;
    expect(s.getNodeAtPosition({ x: 1, y: 2 })).toBe('n1');
    expect(log.map((c) => c[0])).toEqual(['reset', 'pick.viewport', 'pick', 'read']);
    stop();
  });

  it('redraws the layer once the camera has been still for stillMs, and skips empty and pickless programs', () => {
    vi.useFakeTimers();
    const log: Call[] = [];
    const lazy = lazyPicking(150);
    const nodes = new (lazy.program(fakeProgramClass(log)))();
    const empty = new (lazy.program(fakeProgramClass(log)))();
    empty.empty = true;
    const hover = new (lazy.program(fakeProgramClass(log, false)))();
    const f = fakeSigma(log);
    const stop = lazy.follow(f.sigma as never);
    f.moveCamera();
    f.emit('beforeRender');
    nodes.render(params('last'));
    hover.render(params('last'));
    vi.advanceTimersByTime(100);
    f.moveCamera(); // still moving: the wait starts again
    vi.advanceTimersByTime(100);
    expect(lazy.stale()).toBe(true);
    log.length = 0;
    vi.advanceTimersByTime(50);
    expect(log.map((c) => c[0])).toEqual(['reset', 'pick.viewport', 'pick']);
    expect(lazy.stale()).toBe(false);
    // The next frame is a still one: both passes again.
    log.length = 0;
    f.emit('beforeRender');
    nodes.render(params('still'));
    expect(log.map((c) => c[0])).toEqual(['pick', 'normal']);
    stop();
    expect([...f.handlers.values()].every((h) => h.size === 0)).toBe(true);
  });

  it('stays eager when sigma lacks the members it wraps (another sigma version)', () => {
    const log: Call[] = [];
    const lazy = lazyPicking(150);
    const p = new (lazy.program(fakeProgramClass(log)))();
    const f = fakeSigma(log);
    delete (f.sigma as { pickingLayers?: unknown }).pickingLayers;
    const stop = lazy.follow(f.sigma as never);
    f.moveCamera();
    f.emit('beforeRender');
    p.render(params('moving'));
    expect(log.map((c) => c[0])).toEqual(['pick', 'normal']);
    expect(lazy.stale()).toBe(false);
    stop();
  });

  it('draws moving frames coarse when asked, puts the layer back to full size before a read and on the still frame', () => {
    vi.useFakeTimers();
    const log: Call[] = [];
    const lazy = lazyPicking(150, { movingScale: 0.5 });
    const Fake = fakeProgramClass(log);
    // The layer the visible pass draws into: its size is the drawing buffer's.
    const canvas = { width: 1200, height: 790 };
    const p = new (lazy.program(Fake))();
    (p.normalProgram.gl as unknown as { canvas: typeof canvas }).canvas = canvas;
    const f = fakeSigma(log);
    let renders = 0;
    (f.sigma as unknown as { scheduleRender(): void }).scheduleRender = () => void renders++;
    const s = f.sigma as unknown as { getNodeAtPosition(p: { x: number; y: number }): string | null };
    const readAt: number[][] = [];
    const read = s.getNodeAtPosition;
    s.getNodeAtPosition = function (this: unknown, q) {
      // What sigma's getPixelColor would see: the drawing buffer's height turns the pointer's y into a row.
      readAt.push([canvas.width, canvas.height]);
      return read.call(this, q);
    };
    const stop = lazy.follow(f.sigma as never);
    const big = { tag: 'm', width: 1200, height: 790, pixelRatio: 1, downSizingRatio: 2 } as never;

    f.moveCamera();
    f.emit('beforeRender');
    p.render(big);
    expect([canvas.width, canvas.height]).toEqual([600, 395]);
    expect(log).toEqual([['normal.viewport', 0, 0, 600, 395], ['normal', 'm', 0.5]]);
    expect(lazy.coarse()).toBe(true);

    // A click while the coarse frame is on screen: full size before the read, and a render to draw it again.
    log.length = 0;
    expect(s.getNodeAtPosition({ x: 5, y: 6 })).toBe('n1');
    expect(readAt).toEqual([[1200, 790]]);
    expect(renders).toBe(1);
    // The picking pass drawn for that read used the frame's own (unscaled) parameters.
    expect(log).toContainEqual(['pick', 'm', 0.5]);
    expect(log).toContainEqual(['pick.viewport', 0, 0, 600, 395]);

    // Still moving: coarse again; once still, a full render is scheduled and the next frame is drawn full size.
    f.emit('beforeRender');
    p.render(big);
    expect(canvas.width).toBe(600);
    vi.advanceTimersByTime(150);
    expect(renders).toBe(2);
    f.emit('beforeRender');
    log.length = 0;
    p.render(big);
    expect([canvas.width, canvas.height]).toEqual([1200, 790]);
    expect(log.filter((c) => c[0] === 'normal')).toEqual([['normal', 'm', 1]]);
    expect(lazy.coarse()).toBe(false);

    // A resize by sigma while coarse (it sets the new full size itself) is not undone by putting the layer back.
    f.moveCamera();
    f.emit('beforeRender');
    p.render(big);
    canvas.width = 1500;
    canvas.height = 900;
    lazy.settle();
    f.emit('beforeRender');
    p.render(big);
    expect([canvas.width, canvas.height]).toEqual([1500, 900]);

    // The bench's reference: moving frames at full resolution.
    lazy.setCoarse(false);
    f.moveCamera();
    f.emit('beforeRender');
    p.render(big);
    expect(canvas.width).toBe(1500);
    stop();
  });
});
