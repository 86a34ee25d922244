/** The suggestions queue as pages arrive: keyset pages appended in order, a suggestion never listed twice (pure, no store). */
import type { SuggestionPageWire } from '../../shared/model';

/** Rows per page of the suggestions queue (a case can hold thousands; the queue shows the best first). */
export const QUEUE_PAGE = 100;
/** The most rows one request may ask for (the contract's limit). */
export const QUEUE_MAX_REQUEST = 500;

/** How many rows to ask for when the queue is read again after a decision: what was on screen, within the contract's limit. */
export function queueReloadLimit(loaded: number): number {
  return Math.min(QUEUE_MAX_REQUEST, Math.max(QUEUE_PAGE, loaded));
}

/** The queue with the next page after it: rows appended (ids already shown are dropped), total and cursor from the new page. */
export function appendQueuePage(prev: SuggestionPageWire | null, page: SuggestionPageWire): SuggestionPageWire {
  if (!prev) return page;
  const seen = new Set(prev.rows.map((r) => r.id));
  return { total: page.total, offset: prev.offset, rows: [...prev.rows, ...page.rows.filter((r) => !seen.has(r.id))], next: page.next };
}
