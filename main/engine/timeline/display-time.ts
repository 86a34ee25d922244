/**
 * Rendering instants in a display zone fast enough for pages of thousands and histograms of 100,000 buckets:
 * each zone's offsets are learnt once per ~25-day chunk as a short list of periods (an Intl call per UTC hour
 * of the chunk, then bisection to the exact second of each transition), so a lookup is a map read instead of an
 * Intl call (~1.5-10 µs each). Output is identical to time/zone's formatInZone.
 */
import { formatOffset, offsetMinutesAt } from '../time/zone';

const HOUR = 3_600_000;
/** Chunk length: 2^31 ms ≈ 24.9 days, about 600 hourly probes (~1 ms) to learn one. */
const CHUNK = 2 ** 31;

/** The offset periods of one chunk: starts[i] (UTC ms) begins a period with offset offs[i]; starts[0] is the chunk start. */
interface Periods {
  starts: number[];
  offs: number[];
}

/** The first instant (whole second, as tz transitions are) in (lo, hi] whose offset differs from off, by bisection. */
function transitionAfter(lo: number, hi: number, off: number, tz: string): number {
  // Bisect on whole seconds: keep offsetMinutesAt(a) === off and offsetMinutesAt(b) !== off.
  let a = Math.floor(lo / 1000);
  let b = Math.ceil(hi / 1000);
  while (b - a > 1) {
    const mid = a + Math.floor((b - a) / 2);
    if (offsetMinutesAt(mid * 1000, tz) === off) a = mid;
    else b = mid;
  }
  return Math.max(b * 1000, lo + 1);
}

/**
 * Probes every UTC hour of the chunk (and the next chunk's first instant): a transition shows as a change between
 * two probes and is then located exactly. Two transitions within one hour that cancel out would go unseen — no
 * zone in the tz database has them.
 */
function learnChunk(c: number, tz: string): Periods {
  const lo = c * CHUNK;
  const hi = lo + CHUNK;
  const starts = [lo];
  const offs = [offsetMinutesAt(lo, tz)];
  let prevT = lo;
  let prevOff = offs[0]!;
  for (let t = lo + HOUR; ; t += HOUR) {
    const at = Math.min(t, hi);
    const off = offsetMinutesAt(at, tz);
    if (off !== prevOff) {
      // Walk every change between the probes (normally one).
      let from = prevT;
      let cur = prevOff;
      while (cur !== off) {
        const tr = transitionAfter(from, at, cur, tz);
        if (tr >= hi) break;
        cur = offsetMinutesAt(tr, tz);
        starts.push(tr);
        offs.push(cur);
        from = tr;
      }
    }
    prevT = at;
    prevOff = off;
    if (at >= hi) break;
  }
  return { starts, offs };
}

const zones = new Map<string, Map<number, Periods>>();
// One-entry memo: consecutive lookups are nearly always in the same zone and chunk.
let lastTz = '';
let lastChunk = Number.NaN;
let lastPeriods: Periods | null = null;

function periodsOf(c: number, tz: string): Periods {
  if (c === lastChunk && tz === lastTz && lastPeriods) return lastPeriods;
  let chunks = zones.get(tz);
  if (!chunks) zones.set(tz, (chunks = new Map()));
  let p = chunks.get(c);
  if (!p) {
    p = learnChunk(c, tz);
    if (chunks.size > 20_000) chunks.clear();
    chunks.set(c, p);
  }
  lastTz = tz;
  lastChunk = c;
  lastPeriods = p;
  return p;
}

/** The zone's offset in minutes at an instant (same answer as offsetMinutesAt). */
export function cachedOffset(utcMs: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const p = periodsOf(Math.floor(utcMs / CHUNK), tz);
  const s = p.starts;
  let i = s.length - 1;
  while (i > 0 && s[i]! > utcMs) i--;
  return p.offs[i]!;
}

/**
 * The first offset transition in (after, upTo], or null when the offset stays the same throughout (read from the
 * learnt periods, so histogram boundaries across a whole case cost no Intl calls).
 */
export function nextTransition(after: number, upTo: number, tz: string): number | null {
  if (tz === 'UTC' || tz === 'Etc/UTC') return null;
  let prevOff: number | null = null;
  for (let c = Math.floor(after / CHUNK); c * CHUNK <= upTo; c++) {
    const p = periodsOf(c, tz);
    // A transition can fall exactly on a chunk's first instant: then the offset differs from the last chunk's.
    if (prevOff !== null && p.offs[0] !== prevOff && p.starts[0]! > after && p.starts[0]! <= upTo) return p.starts[0]!;
    for (let i = 1; i < p.starts.length; i++) {
      const s = p.starts[i]!;
      if (s > after && s <= upTo) return s;
    }
    prevOff = p.offs[p.offs.length - 1]!;
  }
  return null;
}

const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Offsets as text, by value (a case shows a handful of distinct offsets). */
const offsetTexts = new Map<number, string>();
/** Local times whose ISO form has a plain four-digit year (1000-01-01 … 9999-12-31). */
const ISO_MIN = Date.UTC(1000, 0, 1);
const ISO_MAX = Date.UTC(10000, 0, 1);

/** `YYYY-MM-DD HH:MM:SS ±HH:MM` in the zone (`±HH:MM:SS` for an offset with seconds). */
export function displayTime(utcMs: number, tz: string): string {
  const off = cachedOffset(utcMs, tz);
  let o = offsetTexts.get(off);
  if (o === undefined) offsetTexts.set(off, (o = formatOffset(off)));
  const local = utcMs + off * 60_000;
  if (local >= ISO_MIN && local < ISO_MAX) {
    // The native ISO formatter is several times faster than assembling the fields (a histogram labels 100,000 buckets).
    const iso = new Date(local).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${o}`;
  }
  const d = new Date(local);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${o}`;
}
