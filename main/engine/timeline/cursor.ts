/**
 * Opaque cursors: a position in the event order (a key and a direction), or for ranked search the ranking
 * window and the last score. A cursor names a position, not a query: reused with other filters it still means
 * "after this event". Encoded as base64url JSON so they survive shells and URLs.
 */
import { ThreadlineError } from '../errors';
import { MAX_KEY, MIN_KEY, parseKey } from './keys';

export type Cursor =
  /** Timeline: `after` = keys greater than k, ascending; `before` = keys less than k (page still shown ascending). */
  | { type: 'timeline'; dir: 'after' | 'before'; key: bigint }
  /** Search by time: continue after key k in the search order (newest: dated descending, then undated ascending). */
  | { type: 'search'; order: 'newest' | 'oldest'; key: bigint }
  /** Ranked search: the window [lo, hi) ranked, continue after (score, key) in (score ascending, key descending) order. */
  | { type: 'rank'; lo: bigint; hi: bigint; score: number; key: bigint };

export function encodeCursor(c: Cursor): string {
  let payload: unknown[];
  switch (c.type) {
    case 'timeline':
      payload = ['t', c.dir === 'after' ? 'a' : 'b', c.key.toString()];
      break;
    case 'search':
      payload = ['s', c.order === 'newest' ? 'n' : 'o', c.key.toString()];
      break;
    case 'rank':
      payload = ['r', c.lo.toString(), c.hi.toString(), c.score, c.key.toString()];
      break;
    default: {
      const never: never = c;
      throw new Error(`unknown cursor ${JSON.stringify(never)}`);
    }
  }
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function bad(text: string): ThreadlineError {
  return new ThreadlineError('BAD_ARGUMENT', `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}" is not a cursor Threadline issued.`, {
    hint: 'Use the next/prev cursor printed with a previous page, or start again with --at or --from.',
  });
}

function key(v: unknown, text: string): bigint {
  if (typeof v !== 'string') throw bad(text);
  try {
    const k = parseKey(v);
    if (k < MIN_KEY || k > MAX_KEY) throw bad(text);
    return k;
  } catch {
    throw bad(text);
  }
}

export function decodeCursor(text: string): Cursor {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) throw bad(text);
  let p: unknown;
  try {
    p = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad(text);
  }
  if (!Array.isArray(p)) throw bad(text);
  if (p[0] === 't' && p.length === 3 && (p[1] === 'a' || p[1] === 'b')) return { type: 'timeline', dir: p[1] === 'a' ? 'after' : 'before', key: key(p[2], text) };
  if (p[0] === 's' && p.length === 3 && (p[1] === 'n' || p[1] === 'o')) return { type: 'search', order: p[1] === 'n' ? 'newest' : 'oldest', key: key(p[2], text) };
  if (p[0] === 'r' && p.length === 5 && typeof p[3] === 'number' && Number.isFinite(p[3])) return { type: 'rank', lo: key(p[1], text), hi: key(p[2], text), score: p[3], key: key(p[4], text) };
  throw bad(text);
}

/** Decode and require a particular kind of cursor (a search cursor given to the timeline is a usage error). */
export function expectCursor<T extends Cursor['type']>(text: string, ...types: T[]): Extract<Cursor, { type: T }> {
  const c = decodeCursor(text);
  if (!(types as string[]).includes(c.type)) {
    throw new ThreadlineError('BAD_ARGUMENT', `That cursor belongs to a ${c.type === 'timeline' ? 'timeline' : 'search'} read-out, not this one.`, {
      hint: 'Use the cursor printed by the same command.',
    });
  }
  return c as Extract<Cursor, { type: T }>;
}
