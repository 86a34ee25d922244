/**
 * Filters, from what the examiner asked to what SQL needs: validated, entities resolved to their accounts,
 * contradictions detected up front (an account from item 3 with `--evidence 5` can match nothing), and the
 * filter index with the fewest rows chosen to drive the keyset range.
 */
import type { SqlDb } from '../db/case-db';
import { entityAccountIds } from '../db/read/identity';
import { accountEvidence, dimensionCounts, existingEvidence, type DriverName, type FilterSql } from '../db/read/timeline';
import { ThreadlineError } from '../errors';
import { isEventKind, type EventFilter, type EventKind } from './types';

export interface ResolvedFilter {
  sql: FilterSql;
  from: number | null;
  to: number | null;
  text: string | null;
  /** True when the filter provably matches nothing (no query needs to run). */
  empty: boolean;
  /** Why, or other things the examiner should know about how the filter was read. */
  notes: string[];
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function positiveInts(xs: readonly number[] | undefined, what: string): number[] | undefined {
  if (xs === undefined) return undefined;
  for (const x of xs) {
    if (!Number.isSafeInteger(x) || x < 1) throw new ThreadlineError('BAD_ARGUMENT', `${what} "${String(x)}" is not a positive whole number.`, { hint: `Give ${what} ids as numbers, e.g. 3 or 3,7.` });
  }
  return uniq(xs);
}

/** Check a filter's shape and resolve entities; does not yet look at counts. */
export function resolveFilter(db: SqlDb, f: EventFilter): ResolvedFilter {
  const notes: string[] = [];
  let empty = false;
  if (f.from !== undefined && !Number.isFinite(f.from)) throw new ThreadlineError('BAD_ARGUMENT', 'The start of the time range is not a valid instant.', { hint: 'Use an ISO-8601 instant with a zone.' });
  if (f.to !== undefined && !Number.isFinite(f.to)) throw new ThreadlineError('BAD_ARGUMENT', 'The end of the time range is not a valid instant.', { hint: 'Use an ISO-8601 instant with a zone.' });
  if (f.from !== undefined && f.to !== undefined && f.from >= f.to) {
    throw new ThreadlineError('BAD_ARGUMENT', `The time range is empty: it starts at ${new Date(f.from).toISOString()} and ends at ${new Date(f.to).toISOString()}.`, {
      hint: 'The end (--to) is exclusive and must come after the start (--from).',
    });
  }
  let kinds: EventKind[] | null = null;
  if (f.kinds !== undefined) {
    for (const k of f.kinds) {
      if (!isEventKind(k)) throw new ThreadlineError('BAD_ARGUMENT', `Unknown event kind "${String(k)}".`, { hint: 'Kinds are message, call, contact, transaction, row, file.' });
    }
    kinds = uniq(f.kinds);
  }
  let evidence = positiveInts(f.evidence, 'evidence item') ?? null;
  if (evidence) {
    const known = existingEvidence(db, evidence);
    const missing = evidence.filter((e) => !known.includes(e));
    if (missing.length) throw new ThreadlineError('NOT_FOUND', `There is no evidence item ${missing.map((m) => `E${m}`).join(', ')} in this case.`, { hint: 'List the evidence items with `threadline info CASE`.' });
    evidence = known;
  }
  let accounts: number[] | null = positiveInts(f.accounts, 'account') ?? null;
  const entities = positiveInts(f.entities, 'entity');
  if (entities) {
    const fromEntities: number[] = [];
    for (const e of entities) {
      const acc = entityAccountIds(db, e);
      if (acc.length === 0) notes.push(`Entity ${e} has no accounts (unknown entity, or only identifiers): it matches no events.`);
      fromEntities.push(...acc);
    }
    accounts = uniq([...(accounts ?? []), ...fromEntities]);
  }
  if (accounts) {
    const owners = accountEvidence(db, accounts);
    const unknown = accounts.filter((a) => !owners.has(a));
    if (unknown.length && f.accounts?.some((a) => unknown.includes(a))) {
      throw new ThreadlineError('NOT_FOUND', `There is no account ${unknown.join(', ')} in this case.`, { hint: 'Find account ids with `threadline search CASE NAME` (names) or an identifier.' });
    }
    if (evidence) {
      // Every account belongs to one evidence item, and so do all its events.
      const kept = accounts.filter((a) => evidence!.includes(owners.get(a)!));
      if (kept.length < accounts.length) notes.push(`${accounts.length - kept.length} account(s) belong to other evidence items and cannot match inside the selected ones.`);
      accounts = kept;
    }
    if (kinds && !kinds.some((k) => k === 'message' || k === 'call')) {
      notes.push('Only messages and calls have accounts as parties: an account or entity filter with these kinds matches nothing.');
      empty = true;
    }
  }
  const tags = f.tags === undefined ? null : uniq(f.tags.map((t) => t.trim()).filter((t) => t.length > 0));
  if ((kinds && kinds.length === 0) || (evidence && evidence.length === 0) || (accounts && accounts.length === 0) || (tags && tags.length === 0)) empty = true;
  const text = f.text === undefined ? null : f.text.trim() === '' ? null : f.text;
  return {
    sql: { kinds, evidence, accounts, tags, hasAttachment: f.hasAttachment ?? null },
    from: f.from ?? null,
    to: f.to ?? null,
    text,
    empty,
    notes,
  };
}

/** The filter index with the fewest rows; every other dimension is checked on the row. */
export function chooseDriver(db: SqlDb, f: FilterSql, datedOnly: boolean): { driver: DriverName; estimate: number } {
  const c = dimensionCounts(db, f, datedOnly);
  let best: { driver: DriverName; estimate: number } = { driver: 'all', estimate: c.all };
  const consider = (driver: DriverName, n: number | null) => {
    if (n !== null && n < best.estimate) best = { driver, estimate: n };
  };
  consider('party', c.party);
  consider('tag', c.tag);
  consider('attachment', c.attachment);
  consider('evidence', c.evidence);
  consider('kind', c.kind);
  // A dimension with no rows at all (estimate 0) still drives: it ends the query at once.
  if (best.driver === 'all') {
    for (const [d, n] of [['party', c.party], ['tag', c.tag], ['attachment', c.attachment], ['evidence', c.evidence], ['kind', c.kind]] as const) {
      if (n !== null && n <= best.estimate) best = { driver: d, estimate: n };
    }
  }
  return best;
}
