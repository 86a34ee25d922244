/**
 * Event counts per bucket (minute … year) in a display zone, for the zoomable overview, with the same filters
 * as the timeline. Kind, evidence and time filters read the exact quarter-hour counts kept at import (fast over
 * the whole case); other filters count the driving index range per bucket; a text filter counts FTS matches.
 */
import type { SqlDb } from '../db/case-db';
import { countKeys, datedKeyBounds, quarterCounts } from '../db/read/timeline';
import { textFilterCount } from '../search/full-text';
import { formatInZone } from '../time/zone';
import { bucketBoundaries, type BucketUnit } from './buckets';
import { chooseDriver, resolveFilter, type ResolvedFilter } from './filter';
import { QUARTER_MS, instantOfKey, keyAtInstant } from './keys';
import { coverageNotes } from './page';
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
  const edges = b.map((x, i) => (i === 0 ? Math.max(x, from) : i === b.length - 1 ? Math.min(x, to) : x));
  const counts = new Array<number>(b.length - 1).fill(0);
  const keyRange = (lo: number, hi: number) => ({ lo: keyAtInstant(lo), hi: keyAtInstant(hi) });

  if (resolved.text !== null) {
    out.method = 'full-text count';
    for (let i = 0; i < counts.length; i++) counts[i] = textFilterCount(db, resolved.text, resolved, keyRange(edges[i]!, edges[i + 1]!));
  } else if (preAggregatable(resolved, req.bucket)) {
    out.method = 'quarter-hour counts';
    const d = chooseDriver(db, resolved.sql, true);
    const exact = (lo: number, hi: number) => (hi > lo ? countKeys(db, resolved.sql, d.driver, keyRange(lo, hi)) : 0);
    const rows = quarterCounts(db, Math.floor(edges[0]! / QUARTER_MS), Math.ceil(edges[edges.length - 1]! / QUARTER_MS), resolved.sql.kinds, resolved.sql.evidence);
    let i = 0;
    for (const r of rows) {
      const qs = r.quarter * QUARTER_MS;
      const qe = qs + QUARTER_MS;
      while (i < counts.length - 1 && edges[i + 1]! <= qs) i++;
      if (qs >= edges[i]! && qe <= edges[i + 1]!) {
        counts[i]! += r.n;
        continue;
      }
      // A quarter cut by a bucket edge or the range's ends (a zone with an odd historical offset, a --from
      // at 21:07): count its pieces exactly from the events.
      for (let j = i; j < counts.length && edges[j]! < qe; j++) counts[j]! += exact(Math.max(qs, edges[j]!), Math.min(qe, edges[j + 1]!));
    }
  } else {
    out.method = 'index scan';
    const d = chooseDriver(db, resolved.sql, true);
    for (let i = 0; i < counts.length; i++) counts[i] = countKeys(db, resolved.sql, d.driver, keyRange(edges[i]!, edges[i + 1]!));
  }
  for (let i = 0; i < counts.length; i++) {
    out.buckets.push({ start: new Date(b[i]!).toISOString(), end: new Date(b[i + 1]!).toISOString(), local: formatInZone(b[i]!, req.displayTz), count: counts[i]! });
    out.total += counts[i]!;
  }
  return out;
}
