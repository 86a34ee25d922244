/**
 * Full-text search over the event stream: newest first, oldest first, or ranked, combined with any timeline
 * filter, with snippets. Common terms cost no more than rare ones when ordered by time, because FTS5 walks a
 * term's postings in rowid (= time) order and stops after one page. Ranking scores every match, so it is
 * limited to a window of the newest matches (5,000 by default; all of them when there are fewer) and says so.
 * For a very common term the window is cheap (~5 ms for 5,000 at 10 M events) but bm25's corpus statistic is
 * not: FTS5 counts every row holding the term on each run (~55 ms for a term in 1.4 M messages). So a ranked
 * window is scored once and its pages are sliced from memory (rank-cache.ts); the first page pays that pass.
 */
import type { SqlDb } from '../db/case-db';
import { compoundCount, compoundKeys, ftsCount, ftsKeys, ftsNthKey, ftsRanked, ftsSnippets, gramDocWindow, type FtsFilter, type FtsHit } from '../db/read/search';
import { dimensionCounts, type FilterSql, type KeyRange } from '../db/read/timeline';
import { ThreadlineError } from '../errors';
import { expectCursor, encodeCursor } from '../timeline/cursor';
import { chooseDriver, resolveFilter, type ResolvedFilter } from '../timeline/filter';
import { UNDATED_BASE } from '../timeline/keys';
import { filterRange, isEmptyRange } from '../timeline/range';
import { renderEvents } from '../timeline/render';
import type { EventFilter, TimelineEvent } from '../timeline/types';
import { parseQuery, planQuery, positiveTerms, type SearchPlan } from './query';
import { rankedAfter, rankedWindow } from './rank-cache';
import { foldInvisibles } from './scripts';
import { highlightTerms, parseSnippetPair, type SnippetPart } from './snippet';

export type SearchOrder = 'newest' | 'oldest' | 'rank';

export interface SearchRequest {
  query: string;
  filter?: Omit<EventFilter, 'text'>;
  order?: SearchOrder;
  /** Hits per page (default 50, at most 1000). */
  limit?: number;
  cursor?: string;
  displayTz: string;
  /** How many of the newest matches ranking considers (default 5000). */
  rankWindow?: number;
}

export interface SearchHit {
  event: TimelineEvent;
  snippet: SnippetPart[];
  /** bm25 (lower is better) when ranked. */
  score: number | null;
  /** The event's text holds invisible marks (zero-width, bidi controls …) that the index, and so the snippet, leave out. */
  hiddenMarks: boolean;
}

export interface SearchResult {
  query: string;
  order: SearchOrder;
  displayTz: string;
  plan: { kind: 'single' | 'compound'; index: 'words' | 'trigram' | 'both'; filter: 'none' | 'joined' | 'key-set'; driver: string | null };
  hits: SearchHit[];
  next: string | null;
  /** True when a bounded scan stopped before covering the whole range (`next` continues it). */
  partial: boolean;
  /** For ranked results: how many matches were ranked and whether that was all of them. */
  ranked: { window: number; complete: boolean } | null;
  notes: string[];
}

/**
 * Filtered search either checks each match's event row (cost ≈ matches walked ≈ wanted × total / filtered) or
 * materialises the filter's keys once and probes them (cost ≈ filtered). Probing wins while filtered² is below
 * wanted × total (×4: a probe is cheaper than a row lookup).
 */
function useKeySet(filtered: number, wanted: number, total: number): boolean {
  return filtered * filtered < 4 * wanted * Math.max(total, 1);
}
/** Unspaced-script events a substring scan looks at per call. */
const SCAN_DOCS = 50_000;

function hasDimensions(f: FilterSql): boolean {
  return f.kinds !== null || f.evidence !== null || f.accounts !== null || f.tags !== null || f.hasAttachment !== null;
}

/** How the timeline filter joins the FTS query, for a query that wants about `wanted` matches. */
function ftsFilterFor(db: SqlDb, r: ResolvedFilter, wanted: number): { filter: FtsFilter; driver: string | null } {
  if (!hasDimensions(r.sql)) return { filter: null, driver: null };
  const d = chooseDriver(db, r.sql, false);
  const total = dimensionCounts(db, { kinds: null, evidence: null, accounts: null, tags: null, hasAttachment: null }, false).all;
  return useKeySet(d.estimate, wanted, total) ? { filter: { mode: 'member', sql: r.sql, driver: d.driver }, driver: d.driver } : { filter: { mode: 'join', sql: r.sql }, driver: null };
}

interface Segment {
  range: KeyRange;
  desc: boolean;
}

/** Search order as ranges: newest = dated keys descending, then undated ascending; oldest = all ascending. */
function segments(order: 'newest' | 'oldest', base: KeyRange, after: bigint | null): Segment[] {
  const out: Segment[] = [];
  if (order === 'oldest') {
    out.push({ range: { lo: after !== null && after + 1n > base.lo ? after + 1n : base.lo, hi: base.hi }, desc: false });
  } else {
    const datedHi = base.hi < UNDATED_BASE ? base.hi : UNDATED_BASE;
    const undatedLo = base.lo > UNDATED_BASE ? base.lo : UNDATED_BASE;
    if (after === null || after < UNDATED_BASE) out.push({ range: { lo: base.lo, hi: after !== null && after < datedHi ? after : datedHi }, desc: true });
    out.push({ range: { lo: after !== null && after >= UNDATED_BASE && after + 1n > undatedLo ? after + 1n : undatedLo, hi: base.hi }, desc: false });
  }
  return out.filter((s) => !isEmptyRange(s.range));
}

interface Collected {
  hits: FtsHit[];
  /** Where to resume when a bounded scan stopped early (a key to continue after, in the search order). */
  resumeAt: bigint | null;
}

/** Up to `want` matches along the segments. Compound plans with a substring scan stop at the scan window's edge. */
function collect(db: SqlDb, plan: SearchPlan, filter: FtsFilter, fsql: FilterSql | null, segs: Segment[], want: number, snippets: boolean): Collected {
  const hits: FtsHit[] = [];
  for (const seg of segs) {
    const need = want - hits.length;
    if (need <= 0) break;
    if (plan.kind === 'single') {
      hits.push(...ftsKeys(db, plan.table, plan.match, seg.range, seg.desc, need, filter, snippets));
      continue;
    }
    let range = seg.range;
    let resume: bigint | null = null;
    if (plan.scan) {
      const w = gramDocWindow(db, range, seg.desc, SCAN_DOCS);
      range = w.range;
      // Continue after the window's far edge: below it when descending, above it when ascending.
      if (!w.complete) resume = seg.desc ? range.lo : range.hi - 1n;
    }
    const keys = compoundKeys(db, plan.expr, range, seg.desc, need, fsql);
    hits.push(...keys.map((key) => ({ key })));
    if (resume !== null && keys.length < need) return { hits, resumeAt: resume };
  }
  return { hits, resumeAt: null };
}

function planInfo(plan: SearchPlan): SearchResult['plan']['index'] {
  if (plan.kind === 'single') return plan.table === 'search_grams' ? 'trigram' : 'words';
  return 'both';
}

function snippetFor(plan: SearchPlan, hit: FtsHit, ev: TimelineEvent, terms: string[]): SnippetPart[] {
  if (hit.a !== undefined && hit.b !== undefined) {
    const parts = parseSnippetPair(hit.a, hit.b);
    if (parts) return parts;
  }
  return highlightTerms(ev.text, plan.kind === 'compound' ? plan.highlight : terms);
}

/** Search the case. Throws BAD_ARGUMENT for malformed queries or cursors. */
export function searchText(db: SqlDb, req: SearchRequest): SearchResult {
  const order = req.order ?? 'newest';
  const limit = req.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ThreadlineError('BAD_ARGUMENT', `A page of ${String(limit)} hits is not allowed.`, { hint: 'Use a limit from 1 to 1000.' });
  const root = parseQuery(req.query);
  const plan = planQuery(root);
  const resolved = resolveFilter(db, { ...req.filter });
  const notes = [...resolved.notes, ...plan.notes];
  const { filter, driver } = ftsFilterFor(db, resolved, order === 'rank' ? (req.rankWindow ?? 5000) : limit + 1);
  const result: SearchResult = {
    query: req.query,
    order,
    displayTz: req.displayTz,
    plan: { kind: plan.kind, index: planInfo(plan), filter: filter === null ? 'none' : filter.mode === 'join' ? 'joined' : 'key-set', driver },
    hits: [],
    next: null,
    partial: false,
    ranked: null,
    notes,
  };
  if (resolved.empty) return result;
  const base = filterRange(resolved.from, resolved.to, true);
  if (isEmptyRange(base)) return result;
  const terms = positiveTerms(root);

  let hits: FtsHit[];
  if (order === 'rank' && plan.kind === 'single') {
    const rankWindow = req.rankWindow ?? 5000;
    let window: KeyRange;
    let after: { score: number; key: bigint } | null = null;
    let complete = true;
    if (req.cursor) {
      const c = expectCursor(req.cursor, 'rank');
      window = { lo: c.lo, hi: c.hi };
      after = { score: c.score, key: c.key };
      // The window reaches the start of the range exactly when it held every match.
      complete = c.lo <= base.lo;
    } else {
      const nth = ftsNthKey(db, plan.table, plan.match, base, true, rankWindow, filter);
      window = nth === null ? base : { lo: nth, hi: base.hi };
      complete = nth === null;
      if (!complete) notes.push(`Ranked among the newest ${rankWindow.toLocaleString('en')} matches; older matches exist (order by time, or narrow the time range, to see them ranked).`);
    }
    result.ranked = { window: rankWindow, complete };
    // The window is scored once and paged from memory (see rank-cache.ts); SQL per page only when it is too big.
    const ranked = rankedWindow(db, plan.table, plan.match, window, filter, rankWindow);
    hits = ranked !== null ? rankedAfter(ranked, after, limit + 1) : ftsRanked(db, plan.table, plan.match, window, limit + 1, filter, after);
    if (hits.length > limit) {
      const last = hits[limit - 1]!;
      result.next = encodeCursor({ type: 'rank', lo: window.lo, hi: window.hi, score: last.score!, key: last.key });
      hits = hits.slice(0, limit);
    }
    const snippets = ftsSnippets(db, plan.table, plan.match, hits.map((h) => h.key));
    for (const h of hits) Object.assign(h, snippets.get(h.key));
  } else {
    if (order === 'rank') notes.push('Relevance ranking needs the whole query in one index; these results are newest first.');
    const byTime: 'newest' | 'oldest' = order === 'oldest' ? 'oldest' : 'newest';
    let after: bigint | null = null;
    if (req.cursor) {
      const c = expectCursor(req.cursor, 'search');
      if (c.order !== byTime) throw new ThreadlineError('BAD_ARGUMENT', `That cursor continues a ${c.order}-first search.`, { hint: `Repeat the search with --order ${c.order}, or start again without --cursor.` });
      after = c.key;
    }
    const got = collect(db, plan, filter, hasDimensions(resolved.sql) ? resolved.sql : null, segments(byTime, base, after), limit + 1, true);
    hits = got.hits;
    if (hits.length > limit) {
      hits = hits.slice(0, limit);
      result.next = encodeCursor({ type: 'search', order: byTime, key: hits[limit - 1]!.key });
    } else if (got.resumeAt !== null) {
      result.partial = true;
      result.next = encodeCursor({ type: 'search', order: byTime, key: got.resumeAt });
      notes.push('The substring scan stopped after 50,000 events in unspaced scripts; continue with the next cursor to search further back.');
    }
  }
  const events = renderEvents(db, hits.map((h) => h.key), req.displayTz);
  const byKey = new Map(events.map((e) => [e.key, e]));
  for (const h of hits) {
    const ev = byKey.get(h.key.toString());
    if (!ev) continue;
    result.hits.push({ event: ev, snippet: snippetFor(plan, h, ev, terms), score: h.score ?? null, hiddenMarks: foldInvisibles(ev.text) !== ev.text });
  }
  return result;
}

/** Keys of events matching a text filter, for the timeline (time order, dated events only). */
export function textFilterKeys(db: SqlDb, text: string, resolved: ResolvedFilter, range: KeyRange, desc: boolean, limit: number): { keys: bigint[]; resumeAt: bigint | null; notes: string[] } {
  const plan = planQuery(parseQuery(text));
  const { filter } = ftsFilterFor(db, resolved, limit);
  const got = collect(db, plan, filter, hasDimensions(resolved.sql) ? resolved.sql : null, [{ range, desc }], limit, false);
  return { keys: got.hits.map((h) => h.key), resumeAt: got.resumeAt, notes: plan.notes };
}

/** Number of events matching a text filter in a range (for histograms). */
export function textFilterCount(db: SqlDb, text: string, resolved: ResolvedFilter, range: KeyRange): number {
  const plan = planQuery(parseQuery(text));
  // A count walks every match in the range, so the filter's keys are always worth materialising.
  const { filter } = ftsFilterFor(db, resolved, Number.MAX_SAFE_INTEGER / 8);
  if (plan.kind === 'single') return ftsCount(db, plan.table, plan.match, range, filter);
  return compoundCount(db, plan.expr, range, hasDimensions(resolved.sql) ? resolved.sql : null);
}
