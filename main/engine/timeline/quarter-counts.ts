/**
 * The whole-case quarter-hour counts held in memory as prefix sums, so a histogram of any bucket size in any zone
 * sums its buckets with two binary searches each instead of one SQL range query per bucket (16,500 hour buckets
 * over two years cost ~50 ms in SQL, ~2 ms here). Loaded once per case state by the first histogram with many
 * buckets (one pass over the table, ~100 ms for 200,000 rows); kind filters read per-kind sums; evidence filters
 * stay in SQL (their table is larger and rarely reused). Too large a table (millions of distinct quarters) is not held.
 */
import type { SqlDb } from '../db/case-db';
import { QUARTER_KIND_CODES, eventIndexState, quarterCountArrays } from '../db/read/timeline';

/** Rows (quarter × kind) held at most: ~16 bytes each per kind array, so ≤ ~100 MB in the worst case. */
const MAX_ROWS = 2_000_000;

interface QuarterTable {
  /** Distinct quarters with events, ascending. */
  quarters: Float64Array;
  /** Per kind: prefix[i] = events of that kind in quarters[0 .. i). Length quarters.length + 1. */
  prefix: Map<string, Float64Array>;
  /** The same over all kinds. */
  all: Float64Array;
}

/** Per open case: the table for the index state it was loaded at (null table: too large to hold). */
const loaded = new WeakMap<SqlDb, { state: string; table: QuarterTable | null }>();

function load(db: SqlDb): QuarterTable | null {
  const { codes, counts } = quarterCountArrays(db);
  if (codes.length > MAX_ROWS) return null;
  // Order by code (quarter, then kind); normally already so, as SQLite reads the table in primary-key order.
  let order: number[] | null = null;
  for (let i = 1; i < codes.length; i++) {
    if (codes[i]! < codes[i - 1]!) {
      order = codes.map((_, j) => j).sort((x, y) => codes[x]! - codes[y]!);
      break;
    }
  }
  const qs: number[] = [];
  const slot: number[] = [];
  for (let j = 0; j < codes.length; j++) {
    const q = Math.floor(codes[order ? order[j]! : j]! / 8);
    if (qs.length === 0 || qs[qs.length - 1] !== q) qs.push(q);
    slot.push(qs.length - 1);
  }
  const len = qs.length;
  const perKind = new Map<string, Float64Array>();
  const all = new Float64Array(len + 1);
  for (let j = 0; j < codes.length; j++) {
    const r = order ? order[j]! : j;
    const code = codes[r]!;
    const kind = QUARTER_KIND_CODES[code - Math.floor(code / 8) * 8] ?? 'other';
    let a = perKind.get(kind);
    if (!a) perKind.set(kind, (a = new Float64Array(len + 1)));
    a[slot[j]! + 1]! += counts[r]!;
    all[slot[j]! + 1]! += counts[r]!;
  }
  for (const a of [...perKind.values(), all]) for (let i = 1; i <= len; i++) a[i]! += a[i - 1]!;
  return { quarters: Float64Array.from(qs), prefix: perKind, all };
}

/**
 * Loading costs about as much as ~50,000 buckets summed in SQL (~3 µs each), so a histogram with fewer buckets
 * than this uses the table only once something larger has loaded it.
 */
const LOAD_AT_BUCKETS = 5_000;

function table(db: SqlDb, buckets: number): QuarterTable | null {
  const state = eventIndexState(db);
  const hit = loaded.get(db);
  if (hit && hit.state === state) return hit.table;
  if (buckets < LOAD_AT_BUCKETS) return null;
  const t = load(db);
  loaded.set(db, { state, table: t });
  return t;
}

/** First index i with quarters[i] >= q. */
function lowerBound(quarters: Float64Array, q: number): number {
  let lo = 0;
  let hi = quarters.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quarters[mid]! < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Event counts for quarter ranges [qLo[i], qHi[i]) of the whole case, optionally for some kinds only; null when
 * the table is too large to hold, or not loaded and not worth loading for this few ranges (the caller asks SQL).
 */
export function wholeQuarterSums(db: SqlDb, qLo: readonly number[], qHi: readonly number[], kinds: readonly string[] | null): number[] | null {
  const t = table(db, qLo.length);
  if (t === null) return null;
  const sums = kinds === null ? [t.all] : kinds.map((k) => t.prefix.get(k)).filter((a): a is Float64Array => a !== undefined);
  const out = new Array<number>(qLo.length);
  for (let r = 0; r < qLo.length; r++) {
    const lo = qLo[r]!;
    const hi = qHi[r]!;
    if (!(hi > lo)) {
      out[r] = 0;
      continue;
    }
    const a = lowerBound(t.quarters, lo);
    const b = lowerBound(t.quarters, hi);
    let n = 0;
    for (const p of sums) n += p[b]! - p[a]!;
    out[r] = n;
  }
  return out;
}
