/**
 * Event keys: the one integer that orders the whole case by (instant, evidence item, position in source).
 * Dated: `ts_utc * 2^20 + slot`; undated: `2^62 + n`. Keys exceed 2^53, so they are BigInt in JS and never
 * pass through a JS number.
 */

export const SLOT_BITS = 20n;
export const SLOTS = 1n << SLOT_BITS; // events that can share one exact millisecond
/** First key of the undated range; every dated key is below it. */
export const UNDATED_BASE = 1n << 62n;
export const MIN_KEY = -(1n << 63n);
export const MAX_KEY = (1n << 63n) - 1n;
/** The instants a key can hold: [TS_MIN, TS_MAX) in UTC ms (1691-04-… to 2109-05-…). */
export const TS_MIN = -(2 ** 43);
export const TS_MAX = 2 ** 42;

/** The first key at an instant (before every event at that millisecond). Instants beyond the range clamp. */
export function keyAtInstant(ms: number): bigint {
  if (ms < TS_MIN) return MIN_KEY;
  if (ms >= TS_MAX) return UNDATED_BASE;
  return BigInt(Math.floor(ms)) * SLOTS;
}

/** The instant of a dated key, or null for an undated one. */
export function instantOfKey(key: bigint): number | null {
  if (key >= UNDATED_BASE) return null;
  return Number(key >> SLOT_BITS);
}

/** A key from its decimal text (as SQLite returns it with CAST(id AS TEXT)). */
export function parseKey(text: string): bigint {
  if (!/^-?\d{1,20}$/.test(text)) throw new Error(`not an event key: ${text}`);
  const k = BigInt(text);
  if (k < MIN_KEY || k > MAX_KEY) throw new Error(`event key out of range: ${text}`);
  return k;
}

export const QUARTER_MS = 900_000;

/** floor(ms / 15 min): the pre-aggregated histogram's unit. */
export function quarterOf(ms: number): number {
  return Math.floor(ms / QUARTER_MS);
}
