/**
 * Timeline pages by keyset: forward or backward from a cursor, from any instant ("jump to 14 March 2025 21:00"),
 * or from the start, with any combination of filters. A page costs the same at any depth: it is one ordered
 * index range, never an OFFSET.
 */
import type { SqlDb } from '../db/case-db';
import { coverage, streamKeys, type KeyRange } from '../db/read/timeline';
import { ThreadlineError } from '../errors';
import { textFilterKeys } from '../search/full-text';
import { encodeCursor, expectCursor } from './cursor';
import { chooseDriver, resolveFilter } from './filter';
import { keyAtInstant, parseKey } from './keys';
import { filterRange, intersect, isEmptyRange } from './range';
import { renderEvents } from './render';
import type { EventFilter, TimelineEvent } from './types';

export interface TimelineRequest {
  filter?: EventFilter;
  /** Events per page (default 200, at most 5000). */
  limit?: number;
  /** A cursor from a previous page (next or prev). */
  cursor?: string;
  /** Start the page at this instant (UTC ms)… */
  at?: number;
  /** …or end it just before the instant. */
  before?: boolean;
  /** IANA zone every time is also shown in. */
  displayTz: string;
}

export interface TimelinePage {
  events: TimelineEvent[];
  /** Cursor for the page after this one; null when there is none. */
  next: string | null;
  /** Cursor for the page before this one; null when there is none. */
  prev: string | null;
  displayTz: string;
  /** How the page was read (the index that drove it) — for the examiner's report of method. */
  plan: { driver: string; estimate: number | null; text: boolean };
  notes: string[];
}

/** Notes every read-out carries about what the event stream does not (yet) show. */
export function coverageNotes(db: SqlDb): string[] {
  const c = coverage(db);
  const notes: string[] = [];
  if (c.unindexed.length) notes.push(`Evidence item(s) ${c.unindexed.map((e) => `E${e}`).join(', ')} are not in the timeline index yet; open the case for writing once to index them.`);
  if (c.undated) notes.push(`${c.undated} record(s) have no usable time (${c.outOfRange} of them a time outside 1691–2109); they are not on the timeline but search finds them.`);
  return notes;
}

export function timelinePage(db: SqlDb, req: TimelineRequest): TimelinePage {
  const limit = req.limit ?? 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new ThreadlineError('BAD_ARGUMENT', `A page of ${String(limit)} events is not allowed.`, { hint: 'Use a limit from 1 to 5000.' });
  if (req.cursor !== undefined && req.at !== undefined) throw new ThreadlineError('BAD_ARGUMENT', 'Give either a cursor or an instant to start from, not both.', { hint: 'Drop --at when paging with --cursor.' });
  const resolved = resolveFilter(db, req.filter ?? {});
  const notes = [...resolved.notes, ...coverageNotes(db)];
  const page: TimelinePage = { events: [], next: null, prev: null, displayTz: req.displayTz, plan: { driver: 'none', estimate: null, text: resolved.text !== null }, notes };

  const base = filterRange(resolved.from, resolved.to, false);
  let range: KeyRange = base;
  let backward = false;
  let positioned = false;
  if (req.cursor !== undefined) {
    const c = expectCursor(req.cursor, 'timeline');
    positioned = true;
    if (c.dir === 'after') range = intersect(base, { lo: c.key + 1n, hi: base.hi });
    else {
      range = intersect(base, { lo: base.lo, hi: c.key });
      backward = true;
    }
  } else if (req.at !== undefined) {
    if (!Number.isFinite(req.at)) throw new ThreadlineError('BAD_ARGUMENT', 'The instant to jump to is not valid.', { hint: 'Use an ISO-8601 instant with a zone.' });
    positioned = true;
    const k = keyAtInstant(req.at);
    if (req.before) {
      range = intersect(base, { lo: base.lo, hi: k });
      backward = true;
    } else range = intersect(base, { lo: k, hi: base.hi });
  }

  let keys: bigint[] = [];
  let resumeAt: bigint | null = null;
  if (!resolved.empty && !isEmptyRange(range)) {
    if (resolved.text !== null) {
      const t = textFilterKeys(db, resolved.text, resolved, range, backward, limit + 1);
      keys = t.keys;
      resumeAt = t.resumeAt;
      notes.push(...t.notes);
      page.plan.driver = 'full-text';
    } else {
      const d = chooseDriver(db, resolved.sql, true);
      page.plan.driver = d.driver;
      page.plan.estimate = d.estimate;
      keys = streamKeys(db, resolved.sql, d.driver, range, backward, limit + 1);
    }
  }
  const more = keys.length > limit;
  if (more) keys = keys.slice(0, limit);
  if (backward) keys.reverse();
  page.events = renderEvents(db, keys, req.displayTz);

  const first = keys[0];
  const last = keys[keys.length - 1];
  if (backward) {
    page.prev = first !== undefined && (more || resumeAt !== null) ? encodeCursor({ type: 'timeline', dir: 'before', key: resumeAt !== null && !more ? resumeAt : first }) : null;
    page.next = encodeCursor({ type: 'timeline', dir: 'after', key: last ?? range.hi - 1n });
  } else {
    page.next = more ? encodeCursor({ type: 'timeline', dir: 'after', key: last! }) : resumeAt !== null ? encodeCursor({ type: 'timeline', dir: 'after', key: resumeAt }) : null;
    page.prev = positioned ? encodeCursor({ type: 'timeline', dir: 'before', key: first ?? range.lo }) : null;
  }
  if (resumeAt !== null && !more) notes.push('The text filter scanned a bounded window; the page may be short. Continue with the cursor to look further.');
  return page;
}

/** Cursor pointing just after / before an event key (for the CLI's per-event cursors). */
export function cursorAround(key: string): { next: string; prev: string } {
  const k = parseKey(key);
  return { next: encodeCursor({ type: 'timeline', dir: 'after', key: k }), prev: encodeCursor({ type: 'timeline', dir: 'before', key: k }) };
}
