/** A canvas nothing has drawn on since its last clear is not cleared again (it would count as changed); others are. */
import { beforeAll, describe, expect, it } from 'vitest';
import { quietLayers } from '../../renderer/features/graph/quiet-layers';

type Log = string[];

/** A WebGL context stand-in: records clears and draws with the framebuffer they went to. */
class FakeGl {
  fb: string | null = null;
  canvas = { width: 200, height: 100, style: { visibility: '' } };
  constructor(private log: Log, private id: string) {}
  bindFramebuffer(_target: number, fb: string | null) {
    this.fb = fb;
  }
  clear() {
    this.log.push(`${this.id}.clear(${this.fb ?? 'canvas'})`);
  }
  drawArrays() {
    this.log.push(`${this.id}.draw(${this.fb ?? 'canvas'})`);
  }
}

/** A 2D context stand-in with a prototype of methods, as the real one has. */
class FakeCtxBase {
  canvas = { width: 200, height: 100, style: { visibility: '' } };
  constructor(
    protected log: Log,
    protected id: string,
  ) {}
  clearRect(x: number, y: number, w: number, h: number) {
    this.log.push(`${this.id}.clearRect(${x},${y},${w},${h})`);
  }
  fillText(t: string) {
    this.log.push(`${this.id}.fillText(${t})`);
  }
  measureText() {
    return { width: 1 };
  }
  beginPath() {}
}

beforeAll(() => {
  (globalThis as { devicePixelRatio?: number }).devicePixelRatio ??= 1;
});

function setup() {
  const log: Log = [];
  const gl = { nodes: new FakeGl(log, 'nodes'), edges: new FakeGl(log, 'edges') };
  const ctx = { labels: new FakeCtxBase(log, 'labels'), mouse: new FakeCtxBase(log, 'mouse') };
  const sigma = { webGLContexts: gl, canvasContexts: ctx };
  const quiet = quietLayers(sigma as never);
  return { log, gl, ctx, quiet };
}

describe('quietLayers', () => {
  it('skips clearing a WebGL canvas that is still blank; clears it after anything was drawn into it', () => {
    const { log, gl } = setup();
    const frame = (drawEdges: boolean) => {
      gl.edges.bindFramebuffer(0, null);
      gl.edges.clear();
      if (drawEdges) gl.edges.drawArrays();
    };
    frame(true);
    frame(false); // links drawn on the last frame: cleared
    frame(false); // blank since: left alone
    frame(false);
    frame(true); // blank before drawing: the clear is skipped, the draw is not
    frame(false); // drawn on: cleared
    expect(log).toEqual(['edges.clear(canvas)', 'edges.draw(canvas)', 'edges.clear(canvas)', 'edges.draw(canvas)', 'edges.clear(canvas)']);
  });

  it('passes every clear of a picking framebuffer and the node layer through; a picking draw leaves the canvas blank', () => {
    const { log, gl } = setup();
    gl.edges.bindFramebuffer(0, null);
    gl.edges.clear();
    gl.edges.bindFramebuffer(0, 'pick');
    gl.edges.clear();
    gl.edges.drawArrays();
    gl.edges.bindFramebuffer(0, null);
    gl.edges.clear();
    gl.nodes.clear();
    gl.nodes.clear();
    expect(log).toEqual(['edges.clear(canvas)', 'edges.clear(pick)', 'edges.draw(pick)', 'nodes.clear(canvas)', 'nodes.clear(canvas)']);
  });

  it('skips a whole-canvas clearRect of a blank 2D canvas; any other call counts as drawing; partial clears pass', () => {
    const { log, ctx } = setup();
    const l = ctx.labels;
    l.clearRect(0, 0, 200, 100);
    l.clearRect(0, 0, 200, 100);
    l.measureText(); // neutral: still blank
    l.clearRect(0, 0, 200, 100);
    l.beginPath(); // any drawing call, even one that draws nothing visible, makes it dirty
    l.clearRect(0, 0, 200, 100);
    l.fillText('Alice');
    l.clearRect(10, 10, 5, 5); // a partial clear: always passed on, and the canvas is not blank after it
    l.clearRect(0, 0, 200, 100);
    l.clearRect(0, 0, 200, 100);
    expect(log).toEqual(['labels.clearRect(0,0,200,100)', 'labels.clearRect(0,0,200,100)', 'labels.fillText(Alice)', 'labels.clearRect(10,10,5,5)', 'labels.clearRect(0,0,200,100)']);
    // The mouse layer is not touched at all.
    ctx.mouse.clearRect(0, 0, 200, 100);
    ctx.mouse.clearRect(0, 0, 200, 100);
    expect(log.slice(-2)).toEqual(['mouse.clearRect(0,0,200,100)', 'mouse.clearRect(0,0,200,100)']);
  });

  it('hides a blank layer once the task is over, and shows it when drawn on (a clear-then-draw keeps it shown)', async () => {
    const { gl, ctx } = setup();
    const tick = () => new Promise<void>((ok) => setTimeout(ok, 0));
    gl.edges.bindFramebuffer(0, null);
    gl.edges.clear();
    ctx.labels.clearRect(0, 0, 200, 100);
    expect(gl.edges.canvas.style.visibility).toBe(''); // not within the task
    await tick();
    expect([gl.edges.canvas.style.visibility, ctx.labels.canvas.style.visibility]).toEqual(['hidden', 'hidden']);
    gl.edges.drawArrays();
    ctx.labels.fillText('x');
    await tick();
    expect([gl.edges.canvas.style.visibility, ctx.labels.canvas.style.visibility]).toEqual(['', '']);
    // Nodes and mouse layers are never hidden.
    gl.nodes.clear();
    await tick();
    expect(gl.nodes.canvas.style.visibility).toBe('');
  });

  it("clears every time when switched off (sigma's own way), and stop() puts the contexts back", () => {
    const { log, gl, ctx, quiet } = setup();
    quiet.setEnabled(false);
    gl.edges.clear();
    gl.edges.clear();
    ctx.labels.clearRect(0, 0, 200, 100);
    ctx.labels.clearRect(0, 0, 200, 100);
    expect(log).toHaveLength(4);
    quiet.setEnabled(true);
    gl.edges.clear(); // blank (tracking went on while off): skipped
    expect(log).toHaveLength(4);
    quiet.stop();
    expect(gl.edges.canvas.style.visibility).toBe(''); // shown again for sigma
    expect(Object.keys(gl.edges)).not.toContain('clear');
    expect(Object.keys(ctx.labels)).not.toContain('fillText');
    gl.edges.clear();
    expect(log).toHaveLength(5);
  });
});
