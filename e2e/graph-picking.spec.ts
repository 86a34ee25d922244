/**
 * Clicks and hovers right after the camera moves, on the demo seizure's link graph. Sigma's picking layer (what a
 * click reads to know which node is under the pointer) is not drawn while the camera moves (lazy-picking.ts): these
 * tests pan and zoom, then click the node drawn at a point before the layer has been redrawn by the still timer, and
 * check that exactly that node is selected and hovered. Where a node is drawn comes from the graph probe (camera
 * arithmetic, graph-probe.ts), never from the picking layer under test. Screenshots go to e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphProbe, ProbedNode } from '../renderer/features/graph/graph-probe-types';
import { openDemoApp, type AppSession } from './helpers/app-session';
import { haveChromium, shot, type Watched } from './helpers/browser';

/** What the in-page callbacks use (this file is type-checked without the DOM library). */
interface El {
  graphProbe?: GraphProbe;
  getAttribute(n: string): string | null;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  dispatchEvent(e: unknown): boolean;
}
interface PageGlobals {
  document: { querySelector(s: string): El | null; elementFromPoint(x: number, y: number): El | null };
  requestAnimationFrame(cb: () => void): number;
  MouseEvent: new (type: string, init: Record<string, unknown>) => unknown;
}

const layoutDone = (page: Page) =>
  page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid=graph-status]')?.getAttribute('data-layout') === 'done', null, { timeout: 60_000 });

/** A result of clicking in the page the moment the camera has stopped (the frame for its final position drawn). */
interface Clicked {
  target: ProbedNode;
  /** The picking layer was older than the frame on screen when the click came (the lazy path was taken). */
  staleBefore: boolean;
  hoveredAfterMove: string | null;
}

/**
 * Wait in the page until the camera has stopped and its last frame is drawn, take the most isolated big node drawn
 * inside the canvas (other than the one hovered already), and send it a mouse move, press, release and click at once (synchronously, in the same task:
 * no chance for the still timer to redraw the picking layer first).
 */
function clickNodeWhenStopped(page: Page): Promise<Clicked> {
  return page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const el = g.document.querySelector('[data-testid=graph-canvas]')!;
    const probe = el.graphProbe!;
    const frame = () => new Promise<void>((ok) => g.requestAnimationFrame(() => ok()));
    while (probe.animating()) await frame();
    // The render for the camera's final state is scheduled in the frame the animation ended: one more frame draws it.
    await frame();
    const box = el.getBoundingClientRect();
    const nodes = probe.nodes();
    // Not the node sigma already holds as hovered: the move must hover the target itself.
    const was = probe.hovered();
    const inside = nodes.filter((n) => n.id !== was && n.r >= 4 && n.x > n.r + 10 && n.y > n.r + 10 && n.x < box.width - n.r - 10 && n.y < box.height - n.r - 10);
    // Isolation: the gap to the nearest other node's rim, relative to this node's radius.
    const gap = (n: ProbedNode) => Math.min(...nodes.filter((m) => m !== n).map((m) => Math.hypot(m.x - n.x, m.y - n.y) - m.r - n.r));
    const target = inside.sort((a, b) => gap(b) - gap(a))[0]!;
    const staleBefore = probe.pickingStale();
    const at = { clientX: box.left + target.x, clientY: box.top + target.y, button: 0, bubbles: true, cancelable: true, composed: true };
    const hit = g.document.elementFromPoint(at.clientX, at.clientY)!;
    hit.dispatchEvent(new g.MouseEvent('mousemove', at));
    const hoveredAfterMove = probe.hovered();
    hit.dispatchEvent(new g.MouseEvent('mousedown', at));
    hit.dispatchEvent(new g.MouseEvent('mouseup', at));
    hit.dispatchEvent(new g.MouseEvent('click', at));
    return { target, staleBefore, hoveredAfterMove };
  });
}

/** Sample the picking layer's state at each frame while the camera animates: a moving frame must leave it stale. */
function staleWhileMoving(page: Page): Promise<boolean[]> {
  return page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const probe = g.document.querySelector('[data-testid=graph-canvas]')!.graphProbe!;
    const seen: boolean[] = [];
    await new Promise<void>((ok) => g.requestAnimationFrame(() => ok()));
    for (let i = 0; i < 6 && probe.animating(); i++) {
      await new Promise<void>((ok) => g.requestAnimationFrame(() => ok()));
      seen.push(probe.pickingStale());
    }
    return seen;
  });
}

const selected = (page: Page) => page.getByTestId('graph-selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-entity')));

describe.skipIf(!haveChromium())('link graph: clicks right after pan and zoom', () => {
  let session: AppSession | undefined;
  let app: Watched;
  let page: Page;
  let box: { x: number; y: number; width: number; height: number };

  beforeAll(async () => {
    session = await openDemoApp({ tmpPrefix: 'threadline-e2e-graph-picking-', timeoutMs: 20_000 });
    ({ app, page } = session);
    await page.keyboard.press('Alt+6');
    await page.getByRole('region', { name: 'Graph' }).waitFor();
    await layoutDone(page);
    box = (await page.getByTestId('graph-canvas').boundingBox())!;
    // Let the still timer of the layout's last redraw pass: from here on, only the tests' own gestures move the camera.
    await page.waitForTimeout(400);
    await shot(page, 'graph-picking-01-still');
  });

  afterAll(() => session?.close());

  it("draws the still frame pixel for pixel as sigma's own pipeline does (picking every frame, every layer cleared)", async () => {
    const still = async (p: { lazyPicking: boolean; quietLayers: boolean }) => {
      await page.getByTestId('graph-canvas').evaluate((el, p) => {
        const probe = (el as unknown as El).graphProbe!;
        probe.setPipeline(p);
        probe.resetCamera();
      }, p);
      // Past the still timers: the links, labels and picking layer of the still frame are drawn.
      await page.waitForTimeout(500);
      return page.getByTestId('graph-canvas').screenshot();
    };
    const shipped = await still({ lazyPicking: true, quietLayers: true });
    const sigmas = await still({ lazyPicking: false, quietLayers: false });
    const again = await still({ lazyPicking: true, quietLayers: true });
    expect(shipped.length).toBeGreaterThan(10_000);
    expect(sigmas.equals(shipped)).toBe(true);
    expect(again.equals(shipped)).toBe(true);
  });

  it('a click right after a pan selects the node drawn under the pointer, and hovers it', async () => {
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx - 200, cy - 150);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(cx - 200 + i * 12, cy - 150 + i * 7);
    await page.mouse.up();
    const c = await clickNodeWhenStopped(page);
    expect(c.hoveredAfterMove).toBe(c.target.id);
    await expect.poll(() => selected(page)).toEqual([c.target.id]);
    console.log(`pan: clicked N${c.target.id} (r ${c.target.r.toFixed(1)} px), picking layer stale before the click: ${c.staleBefore}`);
    await shot(page, 'graph-picking-02-after-pan');
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect.poll(() => selected(page)).toEqual([]);
  });

  it('frames drawn during a zoom leave the picking layer stale; a click right after selects the node under the pointer', async () => {
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30);
    await page.mouse.wheel(0, -240);
    const seen = await staleWhileMoving(page);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((s) => s)).toBe(true);
    await page.mouse.wheel(0, -120);
    const c = await clickNodeWhenStopped(page);
    expect(c.hoveredAfterMove).toBe(c.target.id);
    await expect.poll(() => selected(page)).toEqual([c.target.id]);
    console.log(`zoom: clicked N${c.target.id} (r ${c.target.r.toFixed(1)} px), picking layer stale before the click: ${c.staleBefore}`);
    await shot(page, 'graph-picking-03-after-zoom');
  });

  it('with moving frames drawn at half resolution (software WebGL on a big graph), a click right after a zoom selects the node under the pointer', async () => {
    // The demo graph is small enough to be drawn in full while moving; force the big graphs' coarse frames on it.
    const setPipeline = (p: Parameters<GraphProbe['setPipeline']>[0]) => page.getByTestId('graph-canvas').evaluate((el, q) => (el as unknown as El).graphProbe!.setPipeline(q), p);
    await setPipeline({ lazyPicking: true, quietLayers: true, coarseMoving: true, movingScale: 0.5 });
    try {
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await page.mouse.move(box.x + box.width / 2 - 50, box.y + box.height / 2 - 20);
      await page.mouse.wheel(0, -240);
      // A moving frame is drawn coarse (the layer's drawing buffer halved) …
      const coarseSeen = await page.evaluate(async () => {
        const g = globalThis as unknown as PageGlobals;
        const probe = g.document.querySelector('[data-testid=graph-canvas]')!.graphProbe!;
        let seen = false;
        for (let i = 0; i < 30 && !seen; i++) {
          await new Promise<void>((ok) => g.requestAnimationFrame(() => ok()));
          seen = probe.coarse();
        }
        return seen;
      });
      expect(coarseSeen).toBe(true);
      await shot(page, 'graph-picking-04-coarse-moving');
      // … and a click the moment the camera stops reads the picking layer at the right row all the same (sigma maps
      // the pointer through the drawing-buffer height: read from a halved layer, it hit another node or none).
      const c = await clickNodeWhenStopped(page);
      expect(c.hoveredAfterMove).toBe(c.target.id);
      await expect.poll(() => selected(page)).toEqual([c.target.id]);
      // Once still, the frame is drawn at full resolution again.
      await expect.poll(() => page.getByTestId('graph-canvas').evaluate((el) => (el as unknown as El).graphProbe!.coarse())).toBe(false);
      console.log(`coarse zoom: clicked N${c.target.id} (r ${c.target.r.toFixed(1)} px)`);
    } finally {
      await setPipeline({ lazyPicking: true, quietLayers: true, coarseMoving: true });
    }
  });

  it('a real pointer (move, press, release) right after a zoom out selects and hovers the node under it', async () => {
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    const firstNode = () => page.getByTestId('graph-canvas').evaluate((el) => (el as unknown as El).graphProbe!.nodes()[0]!);
    const before = await firstNode();
    // The wheel zooms only over the canvas (the pointer was left on the Clear button).
    await page.mouse.move(box.x + box.width / 2 - 30, box.y + box.height / 2 + 20);
    await page.mouse.wheel(0, 240);
    // Wait for the camera to stop (in the page), then click with the real pointer at once.
    const target = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      const el = g.document.querySelector('[data-testid=graph-canvas]')!;
      const probe = el.graphProbe!;
      const frame = () => new Promise<void>((ok) => g.requestAnimationFrame(() => ok()));
      while (probe.animating()) await frame();
      await frame();
      const box = el.getBoundingClientRect();
      const nodes = probe.nodes();
      const gap = (n: ProbedNode) => Math.min(...nodes.filter((m) => m !== n).map((m) => Math.hypot(m.x - n.x, m.y - n.y) - m.r - n.r));
      const was = probe.hovered();
      const inside = nodes.filter((n) => n.id !== was && n.r >= 3 && n.x > 20 && n.y > 20 && n.x < box.width - 20 && n.y < box.height - 20);
      const t = inside.sort((a, b) => gap(b) - gap(a))[0]!;
      return { id: t.id, x: box.left + t.x, y: box.top + t.y };
    });
    // The camera did move (zoomed out: the same node is drawn smaller).
    expect((await firstNode()).r).toBeLessThan(before.r);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => selected(page)).toEqual([target.id]);
    expect(await page.getByTestId('graph-canvas').evaluate((el) => (el as unknown as El).graphProbe!.hovered())).toBe(target.id);
    await shot(page, 'graph-picking-04-real-click');
    expect(app.errors).toEqual([]);
    expect(app.foreign).toEqual([]);
  });
});
