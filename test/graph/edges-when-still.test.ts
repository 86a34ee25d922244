/** Big graphs draw their links only once the camera has been still for a moment; exports settle at once. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EdgesWhenStill } from '../../renderer/features/graph/edges-when-still';

type Mod = typeof import('../../renderer/features/graph/edges-when-still');
let mod: Mod;
let lineRender: ReturnType<typeof vi.fn<(params: unknown) => void>>;

beforeAll(async () => {
  // sigma/rendering reads WebGL constants when it loads; node has no WebGL.
  const g = globalThis as unknown as { WebGLRenderingContext?: unknown; WebGL2RenderingContext?: unknown };
  g.WebGLRenderingContext ??= { LINES: 1, TRIANGLES: 4, POINTS: 0, FLOAT: 5126, UNSIGNED_BYTE: 5121 };
  g.WebGL2RenderingContext ??= class {};
  const { EdgeLineProgram } = await import('sigma/rendering');
  lineRender = vi.fn<(params: unknown) => void>();
  EdgeLineProgram.prototype.render = lineRender;
  mod = await import('../../renderer/features/graph/edges-when-still');
});

afterEach(() => vi.useRealTimers());

/** A camera that emits 'updated', and a renderer that counts scheduled renders. */
function fakeSigma() {
  const listeners = new Set<() => void>();
  const camera = { on: (_e: string, f: () => void) => listeners.add(f), off: (_e: string, f: () => void) => listeners.delete(f) };
  const sigma = { getCamera: () => camera, scheduleRender: vi.fn() };
  return { sigma, move: () => listeners.forEach((f) => f()), listeners };
}

function draw(still: EdgesWhenStill): void {
  // render() of the registered class with no WebGL behind it: only whether it reaches the line program matters.
  still.program.prototype.render.call({}, {} as never);
}

describe('edgesWhenStill', () => {
  it('skips the links while the camera moves and draws them once it has been still for stillMs', () => {
    vi.useFakeTimers();
    const still = mod.edgesWhenStill(200);
    const f = fakeSigma();
    const stop = still.follow(f.sigma as never);
    lineRender.mockClear();
    draw(still);
    expect(lineRender).toHaveBeenCalledTimes(1);
    f.move();
    draw(still);
    vi.advanceTimersByTime(150);
    f.move(); // still moving: the wait starts again
    vi.advanceTimersByTime(150);
    draw(still);
    expect(lineRender).toHaveBeenCalledTimes(1);
    expect(f.sigma.scheduleRender).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(f.sigma.scheduleRender).toHaveBeenCalledTimes(1);
    draw(still);
    expect(lineRender).toHaveBeenCalledTimes(2);
    stop();
    expect(f.listeners.size).toBe(0);
  });

  it('draws the links at once when settled (before an export), and stops following on kill', () => {
    vi.useFakeTimers();
    const still = mod.edgesWhenStill(200);
    const f = fakeSigma();
    const stop = still.follow(f.sigma as never);
    lineRender.mockClear();
    f.move();
    still.settle();
    draw(still);
    expect(lineRender).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    // The settled wait was cancelled: no extra render is scheduled.
    expect(f.sigma.scheduleRender).not.toHaveBeenCalled();
    f.move();
    stop();
    draw(still);
    expect(lineRender).toHaveBeenCalledTimes(2);
  });
});
