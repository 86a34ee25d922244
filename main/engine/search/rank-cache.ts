/**
 * Ranked search scores a window of matches once and pages through the scored list, instead of re-running bm25
 * for every page. Why: bm25's cost for a very common term is not the window (5,000 candidates score in ~5 ms
 * at 10 M events) but its corpus statistic — FTS5 counts every row holding each phrase of the query (1.4 M rows
 * for a term in 15 % of messages, ~55 ms) on every execution. A page of a ranked search therefore costs one
 * such pass the first time and a slice afterwards. Entries are tied to the state of the event index (search
 * rows change only when evidence is indexed), so an import or rebuild invalidates them.
 */
import type { SqlDb } from '../db/case-db';
import { ftsRanked, type FtsFilter, type FtsHit, type FtsTable } from '../db/read/search';
import { eventIndexState, type KeyRange } from '../db/read/timeline';

interface Entry {
  state: string;
  /** Every match in the window: score ascending, then key descending (newer first on ties). */
  hits: FtsHit[];
}

/** Ranked windows kept per open case (each ≤ the window size, 5,000 by default: ~0.5 MB). */
const MAX_ENTRIES = 8;
const caches = new WeakMap<SqlDb, Map<string, Entry>>();

function cacheKey(table: FtsTable, match: string, window: KeyRange, filter: FtsFilter): string {
  const f = filter === null ? 'none' : JSON.stringify([filter.mode, filter.mode === 'member' ? filter.driver : null, filter.sql]);
  return `${table}\u0000${match}\u0000${window.lo}\u0000${window.hi}\u0000${f}`;
}

/**
 * All matches of the window, ranked (scored once per case state; later calls slice the stored list), or null when
 * the window holds more than windowSize matches (a cursor from a search with a larger window): then the caller
 * ranks with SQL page by page, as nothing may be cut off silently.
 */
export function rankedWindow(db: SqlDb, table: FtsTable, match: string, window: KeyRange, filter: FtsFilter, windowSize: number): FtsHit[] | null {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const key = cacheKey(table, match, window, filter);
  const state = eventIndexState(db);
  const hit = cache.get(key);
  if (hit && hit.state === state) {
    // Move to the back: the map's order is least recently used first.
    cache.delete(key);
    cache.set(key, hit);
    return hit.hits;
  }
  const hits = ftsRanked(db, table, match, window, windowSize + 1, filter, null);
  if (hits.length > windowSize) return null;
  cache.delete(key);
  cache.set(key, { state, hits });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return hits;
}

/** The ranked list after (score, key) — the order is score ascending, then key descending. */
export function rankedAfter(hits: readonly FtsHit[], after: { score: number; key: bigint } | null, limit: number): FtsHit[] {
  // Copies: callers attach snippets to the hits of their page, the stored list stays as scored.
  if (after === null) return hits.slice(0, limit).map((h) => ({ ...h }));
  // Binary search for the first hit strictly after the cursor in (score asc, key desc) order.
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const h = hits[mid]!;
    const beyond = h.score! > after.score || (h.score === after.score && h.key < after.key);
    if (beyond) hi = mid;
    else lo = mid + 1;
  }
  return hits.slice(lo, lo + limit).map((h) => ({ ...h }));
}
