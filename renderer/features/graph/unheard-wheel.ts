/**
 * Sigma's own wheel listener does one thing: hit-test the picking layer under the pointer to emit wheelNode,
 * wheelEdge or wheelStage (the zoom itself is the mouse captor's). Nothing here listens to those, so each wheel step
 * would only force the lazily drawn picking layer (lazy-picking.ts) to be redrawn mid-zoom, for nobody. While none of
 * the three events has a listener the hit-test is skipped; once one is added it runs again as sigma's did.
 * If sigma's internals differ (another version), nothing is changed.
 */
import type Sigma from 'sigma';
import type { EdgeAttrs, NodeAttrs } from './graph-model';

const WHEEL_EVENTS = ['wheelNode', 'wheelEdge', 'wheelStage'] as const;

interface Emitter {
  on(event: string, f: (e: unknown) => void): unknown;
  removeListener(event: string, f: (e: unknown) => void): unknown;
  listenerCount(event: string): number;
}

export function skipUnheardWheelHitTests(sigma: Sigma<NodeAttrs, EdgeAttrs>): () => void {
  const orig = (sigma as unknown as { activeListeners?: { handleWheel?: unknown } }).activeListeners?.handleWheel;
  const captor = sigma.getMouseCaptor() as unknown as Emitter;
  const self = sigma as unknown as Emitter;
  if (typeof orig !== 'function' || typeof captor.removeListener !== 'function' || typeof self.listenerCount !== 'function') return () => {};
  const sigmaWheel = orig as (e: unknown) => void;
  const heard = () => WHEEL_EVENTS.some((e) => self.listenerCount(e) > 0);
  const wheel = (e: unknown) => {
    if (heard()) sigmaWheel(e);
  };
  captor.removeListener('wheel', sigmaWheel);
  captor.on('wheel', wheel);
  return () => {
    captor.removeListener('wheel', wheel);
    captor.on('wheel', sigmaWheel);
  };
}
