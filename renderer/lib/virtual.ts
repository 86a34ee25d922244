/** Windowing arithmetic for fixed-height rows: which rows to render, and when to fetch more at either end. */

export interface RowRange {
  first: number;
  /** Exclusive. */
  last: number;
}

export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan: number): RowRange {
  if (count <= 0 || rowHeight <= 0) return { first: 0, last: 0 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const bottom = Math.min(count, Math.ceil((scrollTop + Math.max(0, viewport)) / rowHeight) + overscan);
  return { first: Math.min(top, count), last: Math.max(bottom, Math.min(top, count)) };
}

/** Whether the viewport is within `threshold` rows of either end of what is loaded. */
export function nearEdges(scrollTop: number, viewport: number, rowHeight: number, count: number, threshold: number): { before: boolean; after: boolean } {
  const firstVisible = scrollTop / rowHeight;
  const lastVisible = (scrollTop + viewport) / rowHeight;
  return { before: firstVisible < threshold, after: count - lastVisible < threshold };
}

/** The scrollTop that brings row i into view with the least movement (null when it already is). */
export function scrollToReveal(i: number, scrollTop: number, viewport: number, rowHeight: number): number | null {
  const top = i * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return bottom - viewport;
  return null;
}

/**
 * Row recycling: each rendered row occupies a slot (its React key), so scrolling by a few rows changes the text of
 * a few existing rows instead of creating and removing DOM rows every frame. The pool is a power of two at least
 * as large as the rendered range (distinct indices in a range map to distinct slots).
 */
export function slotPool(rendered: number): number {
  let p = 64;
  while (p < rendered) p *= 2;
  return p;
}

/** The slot of row i; `base` shifts with the window so a loaded row keeps its slot when rows are added or dropped before it. */
export function rowSlot(i: number, base: number, pool: number): number {
  return (((i + base) % pool) + pool) % pool;
}

/** The new slot base after the row that was at `oldIndex` moved to `newIndex` (rows added or dropped in front). */
export function rebaseSlots(base: number, oldIndex: number, newIndex: number): number {
  return base + oldIndex - newIndex;
}
