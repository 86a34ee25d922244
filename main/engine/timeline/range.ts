/** Key ranges from time filters: [from, to) in UTC ms becomes [first key at from, first key at to). */
import type { KeyRange } from '../db/read/timeline';
import { MAX_KEY, MIN_KEY, UNDATED_BASE, keyAtInstant } from './keys';

/**
 * The keys a time filter admits. Undated events are only admitted when asked for and no time bound is set
 * (an event with no known time is neither inside nor outside a time range).
 */
export function filterRange(from: number | null, to: number | null, includeUndated: boolean): KeyRange {
  const lo = from !== null ? keyAtInstant(from) : MIN_KEY;
  let hi = to !== null ? keyAtInstant(to) : MAX_KEY;
  if (!includeUndated || from !== null || to !== null) hi = hi < UNDATED_BASE ? hi : UNDATED_BASE;
  return { lo, hi };
}

export function isEmptyRange(r: KeyRange): boolean {
  return r.lo >= r.hi;
}

export function intersect(a: KeyRange, b: KeyRange): KeyRange {
  return { lo: a.lo > b.lo ? a.lo : b.lo, hi: a.hi < b.hi ? a.hi : b.hi };
}
