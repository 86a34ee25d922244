/**
 * ForceAtlas2 in a web worker, served from the app's own origin (the package's own supervisor builds its worker
 * from a blob: URL, which the strict CSP — worker-src 'self' — rightly refuses). Runs iterations in slices, posts
 * positions a few times a second, and stops when nodes barely move any more or the time budget is spent.
 */
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import { NODE_X, NODE_Y, PPN, type LayoutProgress, type LayoutStart } from './layout-protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<LayoutStart | { type: 'stop' }>) => void) | null;
  postMessage(m: LayoutProgress, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
let run = 0;

function positions(nodes: Float32Array): Float32Array {
  const n = nodes.length / PPN;
  const xy = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = nodes[i * PPN + NODE_X]!;
    xy[2 * i + 1] = nodes[i * PPN + NODE_Y]!;
  }
  return xy;
}

function start(m: LayoutStart): void {
  const mine = ++run;
  const { nodes, edges, settings } = m;
  const n = nodes.length / PPN;
  const t0 = performance.now();
  let iterations = 0;
  let calm = 0;
  let lastPost = t0;
  const prev = new Float32Array(n * 2);
  const step = (): void => {
    if (mine !== run) return;
    const sliceEnd = performance.now() + 30;
    let converged = false;
    while (performance.now() < sliceEnd && iterations < m.maxIterations) {
      for (let i = 0; i < n; i++) {
        prev[2 * i] = nodes[i * PPN + NODE_X]!;
        prev[2 * i + 1] = nodes[i * PPN + NODE_Y]!;
      }
      iterate(settings, nodes, edges);
      iterations++;
      // Convergence: the mean move per node is a tiny fraction of the layout's extent, for 20 iterations running.
      let move = 0;
      let minX = Infinity;
      let maxX = -Infinity;
      for (let i = 0; i < n; i++) {
        const x = nodes[i * PPN + NODE_X]!;
        const y = nodes[i * PPN + NODE_Y]!;
        move += Math.abs(x - prev[2 * i]!) + Math.abs(y - prev[2 * i + 1]!);
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
      }
      const extent = Math.max(maxX - minX, 1e-6);
      calm = n === 0 || move / n < extent * 2e-4 ? calm + 1 : 0;
      if (calm >= 20) {
        converged = true;
        break;
      }
    }
    const now = performance.now();
    const elapsedMs = now - t0;
    const done = converged || iterations >= m.maxIterations || elapsedMs >= m.budgetMs;
    if (done || now - lastPost > m.postEveryMs) {
      lastPost = now;
      const xy = positions(nodes);
      scope.postMessage({ type: 'positions', xy, iterations, done, converged, elapsedMs }, [xy.buffer]);
    }
    if (!done) setTimeout(step, 0);
  };
  step();
}

scope.onmessage = (e) => {
  if (e.data.type === 'stop') run++;
  else start(e.data);
};
