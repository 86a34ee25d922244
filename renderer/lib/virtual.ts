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
