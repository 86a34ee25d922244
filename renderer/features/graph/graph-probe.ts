/**
 * A read-only probe on the graph canvas element, for browser-mode tests and the bench: where sigma draws each entity
 * for the current camera (camera arithmetic, independent of the picking layer a click reads), whether the camera is
 * still animating, whether the picking layer is stale, and which entity sigma considers hovered: a test clicks the node
 * drawn at a point and checks that the click selects exactly that node. Two controls serve bench/graph's same-run
 * comparison: put the camera back where sigma starts, and switch lazy picking and quiet layers off (sigma's own way).
 * Neither touches the case or what is selected.
 */
import type Sigma from 'sigma';
import type { EdgeAttrs, NodeAttrs } from './graph-model';
import type { GraphProbe, ProbedNode } from './graph-probe-types';

export type { GraphProbe, ProbedNode } from './graph-probe-types';

/** The element property the probe is found under. */
export const PROBE_KEY = 'graphProbe';

export function attachProbe(
  el: HTMLElement,
  sigma: Sigma<NodeAttrs, EdgeAttrs>,
  picking: { stale(): boolean; setEager(eager: boolean): void; coarse(): boolean; setCoarse(on: boolean, scale?: number): void },
  quiet: { setEnabled(on: boolean): void },
): () => void {
  // Sigma's own record of the hovered node (private in 3.0; what it draws as hovered). Its leaveNode event is no
  // guide: on leaving the canvas it is emitted but the node stays hovered, and no enterNode follows on coming back.
  const internals = sigma as unknown as { hoveredNode?: string | null };
  const probe: GraphProbe = {
    nodes: () => {
      const out: ProbedNode[] = [];
      sigma.getGraph().forEachNode((id) => {
        const d = sigma.getNodeDisplayData(id);
        if (!d || d.hidden) return;
        const p = sigma.framedGraphToViewport(d);
        out.push({ id, x: p.x, y: p.y, r: sigma.scaleSize(d.size) });
      });
      return out;
    },
    animating: () => sigma.getCamera().isAnimated(),
    pickingStale: () => picking.stale(),
    coarse: () => picking.coarse(),
    hovered: () => internals.hoveredNode ?? null,
    resetCamera: () => sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }),
    setPipeline: (p) => {
      picking.setEager(!p.lazyPicking);
      picking.setCoarse(p.coarseMoving ?? true, p.movingScale);
      quiet.setEnabled(p.quietLayers);
    },
  };
  Object.defineProperty(el, PROBE_KEY, { value: probe, configurable: true });
  return () => {
    delete (el as unknown as Record<string, unknown>)[PROBE_KEY];
  };
}
