/**
 * The browser sends a click when the button is released at the end of a drag of the stage. Sigma (3.0) does not
 * report that click, but counts it towards a double click: a real click on a node within its doubleClickTimeout of
 * releasing a pan became a double click — it expanded the node's neighbours instead of selecting it. This stops a
 * drag's own click before sigma's mouse layer sees it (a capture listener on the container runs first), using
 * sigma's own test for a drag (draggedEvents at or above draggedEventsTolerance: it resets them only after the click).
 */
import type Sigma from 'sigma';
import type { EdgeAttrs, NodeAttrs } from './graph-model';

/** The container element, as far as used here (structural: the unit test runs without the DOM library). */
interface ClickTarget {
  addEventListener(type: 'click', f: (e: { stopPropagation(): void }) => void, o: { capture: boolean }): void;
  removeEventListener(type: 'click', f: (e: { stopPropagation(): void }) => void, o: { capture: boolean }): void;
}

export function guardDragClicks(container: ClickTarget, sigma: Sigma<NodeAttrs, EdgeAttrs>): () => void {
  const captor = sigma.getMouseCaptor();
  const onClick = (e: { stopPropagation(): void }) => {
    if (captor.draggedEvents >= sigma.getSetting('draggedEventsTolerance')) e.stopPropagation();
  };
  container.addEventListener('click', onClick, { capture: true });
  return () => container.removeEventListener('click', onClick, { capture: true });
}
