/**
 * Event counts per bucket (minute … year) in a display zone, for the zoomable overview, with the same filters
 * as the timeline. Kind, evidence and time filters read the exact quarter-hour counts kept at import (fast over
 * the whole case; without an evidence filter from their in-memory prefix sums, quarter-counts.ts); other filters
 * count the driving index range per bucket; a text filter counts FTS matches.
 */
import type { SqlDb } from '../db/case-db';
import { countKeys, datedKeyBounds, quarterRangeSums } from '../db/read/timeline';
import { textFilterCount } from '../search/full-text';
import { bucketBoundaries, type BucketUnit } from './buckets';
import { displayTime } from './display-time';
import { chooseDriver, resolveFilter, type ResolvedFilter } from './filter';
import { QUARTER_MS, instantOfKey, keyAtInstant } from './keys';
import { coverageNotes } from './page';
import { wholeQuarterSums } from './quarter-counts';
import type { EventFilter } from './types';

export interface HistogramRequest {
  filter?: EventFilter;
  bucket: BucketUnit;
  displayTz: string;
}

export interface HistogramBucket {
  /** UTC instants, [start, end). */
  start: string;
  end: string;
  /** The bucket's start in the display zone. */
  local: string;
  count: number;
}

export interface Histogram {
  bucket: BucketUnit;
  displayTz: string;
  /** The counted range, UTC [from, to). */
  from: string | null;
  to: string | null;
  buckets: HistogramBucket[];
  total: number;
  method: 'quarter-hour counts' | 'index scan' | 'full-text count' | 'none';
  notes: string[];
}

function preAggregatable(r: ResolvedFilter, unit: BucketUnit): boolean {
  return unit !== 'minute' && r.text === null && r.sql.accounts === null && r.sql.tags === null && r.sql.hasAttachment === null;
}

export function histogram(db: SqlDb, req: HistogramRequest): Histogram {
  const resolved = resolveFilter(db, req.filter ?? {});
  const out: Histogram = { bucket: req.bucket, displayTz: req.displayTz, from: null, to: null, buckets: [], total: 0, method: 'none', notes: [...resolved.notes, ...coverageNotes(db)] };
  const bounds = datedKeyBounds(db);
  if (resolved.empty || bounds === null) return out;
  const from = resolved.from ?? instantOfKey(bounds.first)!;
  const to = resolved.to ?? instantOfKey(bounds.last)! + 1;
  if (!(to > from)) return out;
  out.from = new Date(from).toISOString();
  out.to = new Date(to).toISOString();
  const b = bucketBoundaries(from, to, req.bucket, req.displayTz);
  // Counted edges: the buckets clipped to [from, to).
  const n = b.length - 1;
  const edge = (i: number) => (i === 0 ? Math.max(b[0]!, from) : i === n ? Math.min(b[n]!, to) : b[i]!);
  const counts = new Array<number>(n).fill(0);
  const keyRange = (lo: number, hi: number) => ({ lo: keyAtInstant(lo), hi: keyAtInstant(hi) });

  if (resolved.text !== null) {
    out.method = 'full-text count';
    for (let i = 0; i < n; i++) counts[i] = textFilterCount(db, resolved.text, resolved, keyRange(edge(i), edge(i + 1)));
  } else if (preAggregatable(resolved, req.bucket)) {
    out.method = 'quarter-hour counts';
    const d = chooseDriver(db, resolved.sql, true);
    // Whole quarters inside each bucket come from the table; a piece of a quarter cut by a bucket edge or the
    // range's ends (a zone with an odd historical offset, a --from at 21:07) is counted exactly from the events.
    // Flat arrays rather than a tuple per bucket: an hour histogram over two years has 16,500 buckets.
    const qLo = new Array<number>(n);
    const qHi = new Array<number>(n);
    const pieces: [number, number, number][] = [];
    for (let i = 0; i < n; i++) {
      const lo = edge(i);
      const hi = edge(i + 1);
      const qa = Math.ceil(lo / QUARTER_MS);
      const qb = Math.floor(hi / QUARTER_MS);
      if (qa < qb) {
        qLo[i] = qa;
        qHi[i] = qb;
        if (lo < qa * QUARTER_MS) pieces.push([i, lo, qa * QUARTER_MS]);
        if (qb * QUARTER_MS < hi) pieces.push([i, qb * QUARTER_MS, hi]);
      } else {
        qLo[i] = 0;
        qHi[i] = 0;
        if (lo < hi) pieces.push([i, lo, hi]);
      }
    }
    const sums =
      (resolved.sql.evidence === null ? wholeQuarterSums(db, qLo, qHi, resolved.sql.kinds) : null) ??
      quarterRangeSums(db, qLo.map((q, i) => [q, qHi[i]!] as const), resolved.sql.kinds, resolved.sql.evidence);
    for (let i = 0; i < n; i++) counts[i] = sums[i]!;
    for (const [i, lo, hi] of pieces) counts[i]! += countKeys(db, resolved.sql, d.driver, keyRange(lo, hi));
  } else {
    out.method = 'index scan';
    const d = chooseDriver(db, resolved.sql, true);
    for (let i = 0; i < n; i++) counts[i] = countKeys(db, resolved.sql, d.driver, keyRange(edge(i), edge(i + 1)));
  }
  let start = new Date(b[0]!).toISOString();
  for (let i = 0; i < n; i++) {
    // A bucket's end is the next one's start: one ISO string per boundary.
    const end = new Date(b[i + 1]!).toISOString();
    out.buckets.push({ start, end, local: displayTime(b[i]!, req.displayTz), count: counts[i]! });
    out.total += counts[i]!;
    start = end;
  }
  return out;
}
