/**
 * Histogram bucket boundaries in a display zone: a "day" in Asia/Bangkok starts at 17:00 UTC, an hour in
 * Asia/Yangon at :30, and a day in a DST zone lasts 23 or 25 hours. Boundaries are UTC instants; sub-day
 * buckets follow elapsed time (the repeated hour at a DST fall-back is its own bucket, the skipped one has
 * none, and a half-hour shift such as Lord Howe's adds a boundary at the transition itself); day and longer
 * buckets follow the local calendar (weeks start on Monday, ISO 8601).
 */
import { ThreadlineError } from '../errors';
import { resolveWallTime } from '../time/zone';
import { cachedOffset, nextTransition } from './display-time';

export const BUCKET_UNITS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type BucketUnit = (typeof BUCKET_UNITS)[number];

export function isBucketUnit(s: string): s is BucketUnit {
  return (BUCKET_UNITS as readonly string[]).includes(s);
}

export const MAX_BUCKETS = 100_000;

const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

function wallAt(utcMs: number, tz: string): Wall {
  const d = new Date(utcMs + cachedOffset(utcMs, tz) * MINUTE);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
}

function utcOfWall(w: Wall, tz: string): number {
  // Normalise overflowing fields (month 13, day 32) through Date.UTC before resolving in the zone (event keys
  // only hold years 1691-2109, so Date.UTC's two-digit-year quirk never applies).
  const n = new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi));
  return resolveWallTime({ y: n.getUTCFullYear(), mo: n.getUTCMonth() + 1, d: n.getUTCDate(), h: n.getUTCHours(), mi: n.getUTCMinutes(), s: 0 }, tz).utcMs;
}

function startOfCalendarUnit(w: Wall, unit: 'day' | 'week' | 'month' | 'year'): Wall {
  switch (unit) {
    case 'day':
      return { y: w.y, mo: w.mo, d: w.d, h: 0, mi: 0 };
    case 'week': {
      const dow = (new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay() + 6) % 7; // Monday = 0
      return { y: w.y, mo: w.mo, d: w.d - dow, h: 0, mi: 0 };
    }
    case 'month':
      return { y: w.y, mo: w.mo, d: 1, h: 0, mi: 0 };
    case 'year':
      return { y: w.y, mo: 1, d: 1, h: 0, mi: 0 };
    default: {
      const never: never = unit;
      throw new Error(`unknown unit ${String(never)}`);
    }
  }
}

function addCalendar(w: Wall, unit: 'day' | 'week' | 'month' | 'year', k: number): Wall {
  switch (unit) {
    case 'day':
      return { ...w, d: w.d + k };
    case 'week':
      return { ...w, d: w.d + 7 * k };
    case 'month':
      return { ...w, mo: w.mo + k };
    case 'year':
      return { ...w, y: w.y + k };
    default: {
      const never: never = unit;
      throw new Error(`unknown unit ${String(never)}`);
    }
  }
}

/** The local minute/hour boundary at or before an instant. */
function floorSubDay(utcMs: number, unitMs: number, tz: string): number {
  const local = utcMs + cachedOffset(utcMs, tz) * MINUTE;
  return utcMs - (((local % unitMs) + unitMs) % unitMs);
}

/**
 * The next sub-day boundary after b: the next instant the local clock shows a whole minute/hour, or an offset
 * transition before that (so every bucket lies inside one offset period and is labelled by its local start).
 */
function nextSubDay(b: number, unitMs: number, tz: string): number {
  const off = cachedOffset(b, tz);
  const local = b + off * MINUTE;
  const aligned = b + unitMs - (((local % unitMs) + unitMs) % unitMs);
  return nextTransition(b, aligned, tz) ?? aligned;
}

/**
 * Boundaries b0 < b1 < … < bn (UTC ms) of the buckets covering [from, to): b0 <= from, bn >= to.
 * Throws BAD_ARGUMENT when that would be more than MAX_BUCKETS buckets.
 */
export function bucketBoundaries(from: number, to: number, unit: BucketUnit, tz: string): number[] {
  if (!(to > from)) return [from, from];
  const out: number[] = [];
  const tooMany = () =>
    new ThreadlineError('BAD_ARGUMENT', `A ${unit} histogram over this range would have more than ${MAX_BUCKETS.toLocaleString('en')} buckets.`, {
      hint: 'Choose a coarser --bucket, or narrow the range with --from and --to.',
    });
  if (unit === 'minute' || unit === 'hour') {
    const step = unit === 'minute' ? MINUTE : HOUR;
    if ((to - from) / step > MAX_BUCKETS + 2) throw tooMany();
    let b = floorSubDay(from, step, tz);
    out.push(b);
    while (b < to) {
      b = nextSubDay(b, step, tz);
      out.push(b);
    }
    return out;
  }
  const start = startOfCalendarUnit(wallAt(from, tz), unit);
  let prev = Number.NEGATIVE_INFINITY;
  for (let k = 0; ; k++) {
    if (out.length > MAX_BUCKETS + 1) throw tooMany();
    const b = utcOfWall(addCalendar(start, unit, k), tz);
    if (b <= prev) continue; // a boundary swallowed by a DST gap
    out.push(b);
    prev = b;
    if (b >= to) return out;
  }
}
