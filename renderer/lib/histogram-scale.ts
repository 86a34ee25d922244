/** The histogram's zoom: which bucket unit fits a time range, and zooming a range around a point. */
import type { BucketUnit } from '../../shared/model';

const UNIT_MS: [BucketUnit, number][] = [
  ['minute', 60_000],
  ['hour', 3_600_000],
  ['day', 86_400_000],
  ['week', 604_800_000],
  ['month', 2_629_746_000],
  ['year', 31_556_952_000],
];

/** The finest unit that keeps the range at or under `maxBuckets` buckets. */
export function chooseBucket(fromMs: number, toMs: number, maxBuckets = 240): BucketUnit {
  const span = Math.max(1, toMs - fromMs);
  for (const [unit, ms] of UNIT_MS) if (span / ms <= maxBuckets) return unit;
  return 'year';
}

export interface Range {
  from: number;
  to: number;
}

/** Zoom in (factor < 1) or out (> 1) keeping the instant at `at` (0..1 across the range) in place, within bounds. */
export function zoomRange(r: Range, at: number, factor: number, bounds: Range, minSpan = 3_600_000): Range {
  const span = r.to - r.from;
  const full = bounds.to - bounds.from;
  const next = Math.min(full, Math.max(minSpan, span * factor));
  const pivot = r.from + span * Math.min(1, Math.max(0, at));
  let from = pivot - next * Math.min(1, Math.max(0, at));
  let to = from + next;
  if (from < bounds.from) {
    from = bounds.from;
    to = from + next;
  }
  if (to > bounds.to) {
    to = bounds.to;
    from = Math.max(bounds.from, to - next);
  }
  return { from: Math.round(from), to: Math.round(to) };
}
