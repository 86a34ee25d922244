/**
 * "Maybe the same person" proposals, raised after an evidence item is linked and only for what that item
 * brought: statements in messages, names near identifiers, similar display names (fuse.js over a small
 * candidate set found through shared name tokens) weighed with co-occurrence, and look-alike handles.
 * A suggestion never links by itself; an examiner confirms or rejects it.
 */
import Fuse from 'fuse.js';
import type { SqlDb } from '../db/case-db';
import {
  citeRecord,
  counterpartEntities,
  entityOfNode,
  messageText,
  namesWithNorm,
  normsWithToken,
  nodeById,
  nodesWithMatchKey,
  sharedChats,
  type NameRow,
} from '../db/read/identity';
import type { IdentityWriter } from '../db/write/identity';
import { nameSimilarity } from './names';
import { BULK_CHUNK, namesByNorm, nodesWithLookalikeTwin, tokenPostings } from './suggest-bulk';
import type { SuggestionRule } from './rules';

export interface SelfStatement {
  sender: number;
  node: number;
  messageId: number;
  cueText: string;
  raw: string;
}

export interface SuggestionInput {
  evidenceId: number;
  self: SelfStatement[];
  /** Each distinct folded name this item brought, with its tokens, in the order first written (read lazily: a contacts file brings one per card). */
  newNorms: Iterable<readonly [string, readonly string[]]>;
  newMatchNodes: number[];
}

/** Names sharing a token with more than this many others are too common to propose from (e.g. "boss"). */
const TOKEN_CAP = 300;
const FUSE_THRESHOLD = 0.34;
const MIN_SIMILAR_NAME_SCORE = 0.3;
/** Display names less alike than this are not proposed (e.g. "Boss" vs "Boss Li" = 0.5). */
const MIN_NAME_SIMILARITY = 0.75;
/** A name written beside an identifier in a message must be covered this well by a display name. */
const MIN_NAMED_COVERAGE = 0.8;

function quote(s: string, n = 80): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

function cite(db: SqlDb, table: string, id: number): string {
  return citeRecord(db, table, id)?.cite ?? `${table} #${id}`;
}

/** Names folded identically on more than this many rows are too common to propose from ("Somchai", "Boss"). */
const COMMON_NAME_CAP = 20;
/** At most this many look-alike candidates per name are scored; fuse.js picks them when there are more. */
const FUSE_KEEP = 50;
/** Of those, the spellings most alike whose parties are compared. */
const MAX_ALIKE = 8;

const rowsWithNorm = namesWithNorm;

/** Names held in a run's token postings before they are dropped (keeps RSS flat on items with very many names). */
const POSTINGS_MAX_NAMES = 400_000;
const postingsHeld = new WeakMap<Map<string, string[]>, number>();

/**
 * Names spelled differently that may be the same: distinct names sharing two of its words (a word matching by
 * itself or its three-letter prefix; one word when either name has one, or for a name written in a message),
 * skipping words too common to mean anything.
 * When more than FUSE_KEEP qualify, fuse.js keeps the closest; names carried by very many parties are dropped.
 */
export function fuzzyNorms(db: SqlDb, norm: string, tokens: readonly string[], partial: boolean, common: Set<string>, postings: Map<string, string[]>): string[] {
  // Which of this name's words each other name shares (by the word itself or its three-letter prefix).
  const words = tokens.filter((t) => !t.startsWith('^'));
  // Each word's position, and each three-letter prefix's first word: built once per name, not per token.
  const position = new Map<string, number>();
  words.forEach((w, i) => {
    if (!position.has(w)) position.set(w, i);
    const p = `^${[...w].slice(0, 3).join('')}`;
    if (!position.has(p)) position.set(p, i);
  });
  const wordOf = (t: string) => position.get(t) ?? -1;
  // The postings of the tokens not too common, in token order, with the bit of the word each matches.
  const lists: string[][] = [];
  const bits: number[] = [];
  let allBits = 0;
  for (const t of tokens) {
    if (common.has(t)) continue;
    let norms = postings.get(t);
    if (!norms) {
      // Bounded by tokens and by names held (each list holds up to TOKEN_CAP + 1 names): a huge item has hundreds
      // of thousands of names. Clearing only costs re-reading; the lists are the database's.
      const held = postingsHeld.get(postings) ?? 0;
      if (postings.size >= 100_000 || held >= POSTINGS_MAX_NAMES) {
        postings.clear();
        postingsHeld.set(postings, 0);
      }
      postings.set(t, (norms = normsWithToken(db, t, TOKEN_CAP + 1)));
      postingsHeld.set(postings, (postingsHeld.get(postings) ?? 0) + norms.length);
    }
    if (norms.length > TOKEN_CAP) {
      common.add(t);
      continue;
    }
    const bit = 1 << Math.max(0, wordOf(t));
    lists.push(norms);
    bits.push(bit);
    allBits |= bit;
  }
  // Two shared words, or one when either name has only one word (or this one was written in a message).
  // (need = partial ? 1 : min(2, words, other's words); m has a bit per shared word, so two bits = two words.)
  const oneIsEnough = partial || words.length <= 1;
  let norms: string[] = [];
  if (!oneIsEnough && (allBits & (allBits - 1)) === 0) {
    // Every usable token matches the same word ("Somchai Agent TH 1234": only `1234` and `^123` are rare), so no
    // other name can share two words: only one-word names qualify. Taking them from the lists in order,
    // first seen first, gives what filtering every shared name would, with no map entry for the others.
    const seen = new Set<string>();
    for (const list of lists) for (const n of list) if (n !== norm && !n.includes(' ')) seen.add(n);
    norms = [...seen];
  } else {
    const shared = new Map<string, number>();
    for (let i = 0; i < lists.length; i++) {
      const bit = bits[i]!;
      for (const n of lists[i]!) if (n !== norm) shared.set(n, (shared.get(n) ?? 0) | bit);
    }
    for (const [n, m] of shared) if ((m & (m - 1)) !== 0 || oneIsEnough || !n.includes(' ')) norms.push(n);
  }
  if (norms.length > FUSE_KEEP) {
    const fuse = new Fuse(norms, { includeScore: true, threshold: FUSE_THRESHOLD, ignoreLocation: true });
    norms = fuse.search(norm, { limit: FUSE_KEEP }).map((m) => m.item);
  }
  return norms.sort();
}

/** How alike two folded names are, three ways: as display names, and each as a name written in a message. */
interface NormSim {
  sym: number;
  /** The first name written in a message, covered by the second. */
  aInB: number;
  /** The second written in a message, covered by the first. */
  bInA: number;
}

function normSim(a: string, b: string): NormSim {
  return { sym: nameSimilarity(a, b), aInB: nameSimilarity(a, b, true), bInA: nameSimilarity(b, a, true) };
}

class Raiser {
  readonly counts: Partial<Record<SuggestionRule, number>> = {};
  private readonly counterparts = new Map<number, Set<number>>();
  private readonly pairs = new Set<string>();
  /** Name tokens found too common to propose from, and the names under the others, remembered for the run. */
  readonly commonTokens = new Set<string>();
  readonly postings = new Map<string, string[]>();
  /** Distinct names skipped as too common. */
  commonNames = 0;

  constructor(
    readonly db: SqlDb,
    readonly w: IdentityWriter,
    readonly evidenceId: number,
  ) {}

  add(a: number, b: number, rule: SuggestionRule, score: number, reasons: string[], srcTable = '', srcId = 0): void {
    if (this.w.insertSuggestion({ a, b, rule, score: Math.max(0, Math.min(1, score)), reasons, evidenceId: this.evidenceId, srcTable, srcId })) {
      this.counts[rule] = (this.counts[rule] ?? 0) + 1;
    }
  }

  /** One suggestion per entity pair and rule per run (the highest-scoring is raised first by the caller). */
  firstForPair(ea: number, eb: number, rule: string): boolean {
    const key = ea < eb ? `${ea}:${eb}:${rule}` : `${eb}:${ea}:${rule}`;
    if (this.pairs.has(key)) return false;
    this.pairs.add(key);
    return true;
  }

  counterpartsOf(entity: number): Set<number> {
    let s = this.counterparts.get(entity);
    if (!s) {
      s = counterpartEntities(this.db, entity);
      this.counterparts.set(entity, s);
    }
    return s;
  }
}

function selfStatements(r: Raiser, items: SelfStatement[]): void {
  for (const s of items) {
    const ea = entityOfNode(r.db, s.sender);
    const eb = entityOfNode(r.db, s.node);
    if (ea === undefined || eb === undefined || ea === eb) continue;
    const v = nodeById(r.db, s.node);
    r.add(s.sender, s.node, 'self-statement', 0.9, [
      `${cite(r.db, 'messages', s.messageId)}: the sender writes "${quote(s.cueText)} ${quote(s.raw, 60)}" — stating ${v?.value ?? s.raw} as their own`,
    ], 'messages', s.messageId);
  }
}

function excerpt(body: string, name: string): string {
  const at = Math.max(0, body.indexOf(name));
  const from = Math.max(0, at - 30);
  const text = body.slice(from, at + name.length + 50).replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${text}${at + name.length + 50 < body.length ? '…' : ''}`;
}

/** A name written beside an identifier in a message, against a display name seen elsewhere. */
function namedPair(r: Raiser, named: NameRow, other: NameRow, coverage: number): void {
  if (coverage < MIN_NAMED_COVERAGE) return;
  if (!r.firstForPair(named.entity_id, other.entity_id, `named:${named.src_id}`)) return;
  const node = nodeById(r.db, named.node_id);
  const body = messageText(r.db, named.src_id)?.body ?? '';
  r.add(named.node_id, other.node_id, 'named-in-message', 0.3 + 0.4 * coverage, [
    `${cite(r.db, 'messages', named.src_id)} writes "${quote(excerpt(body, named.name), 120)}" — ${node?.value ?? '?'} beside the name "${named.name}"`,
    `display name "${other.name}" (${cite(r.db, other.src_table, other.src_id)}) ${coverage === 1 ? 'contains that name' : `resembles it (${Math.round(coverage * 100)}%)`}`,
  ], 'messages', named.src_id);
}

function similarPair(r: Raiser, a: NameRow, b: NameRow, sim: number): void {
  if (sim < MIN_NAME_SIMILARITY) return;
  if (!r.firstForPair(a.entity_id, b.entity_id, 'similar-name')) return;
  const reasons = [
    `display names "${a.name}" (${cite(r.db, a.src_table, a.src_id)}) and "${b.name}" (${cite(r.db, b.src_table, b.src_id)}) ${sim === 1 ? 'are the same once case, spacing and look-alike characters are folded' : `are similar (${Math.round(sim * 100)}%)`}`,
  ];
  let score = 0.6 * sim;
  if (a.evidence_id !== b.evidence_id) {
    score += 0.1;
    reasons.push(`seen in different evidence items (E${Math.min(a.evidence_id, b.evidence_id)}, E${Math.max(a.evidence_id, b.evidence_id)})`);
  }
  const chats = sharedChats(r.db, a.entity_id, b.entity_id);
  if (chats.length) {
    score -= 0.4;
    reasons.push(`both are members of chat "${chats[0]!.name ?? `#${chats[0]!.id}`}" (E${chats[0]!.evidence_id}) as different accounts — usually two different people`);
  }
  const ca = r.counterpartsOf(a.entity_id);
  const cb = r.counterpartsOf(b.entity_id);
  let inter = 0;
  for (const e of ca) if (cb.has(e)) inter++;
  if (inter > 0) {
    const union = ca.size + cb.size - inter;
    score += 0.05 + 0.25 * (inter / union);
    reasons.push(`they deal with ${inter} of the same parties (of ${union})`);
  }
  const flagged = [a.flags, b.flags].some((f) => f && /confusable|mixed-script|invisible/.test(f));
  if (flagged) reasons.push('a name holds look-alike or invisible characters — check for impersonation');
  if (score >= MIN_SIMILAR_NAME_SCORE) r.add(a.node_id, b.node_id, 'similar-name', score, reasons);
}

/**
 * For each distinct name this item brought: display names elsewhere that match it. A pair where one name was
 * written in a message beside an identifier is a named-in-message suggestion; two display names, a similar-
 * name one. Work is per distinct name, not per record, and a name carried by very many parties is skipped.
 * Names from later items are compared against earlier ones too, so a message read before the named party's
 * records were imported still gets its suggestion when they arrive.
 */
function namePairs(r: Raiser, norms: Iterable<readonly [string, readonly string[]]>): void {
  // A chunk at a time: its names' rows and its tokens' postings are read in a few statements (suggest-bulk.ts),
  // then each name is scored as before. Suggestions write no names, so reading ahead reads what one by one would.
  let chunk: (readonly [string, readonly string[]])[] = [];
  const score = () => {
    const rowsOf = namesByNorm(r.db, chunk.map(([norm]) => norm), COMMON_NAME_CAP);
    preloadPostings(r, chunk);
    for (const [norm, tokens] of chunk) scoreName(r, norm, tokens, rowsOf.get(norm) ?? []);
  };
  for (const n of norms) {
    chunk.push(n);
    if (chunk.length === BULK_CHUNK) {
      score();
      chunk = [];
    }
  }
  if (chunk.length) score();
}

/** Reads the postings of a chunk's tokens not held yet into the run's cache (bounded as fuzzyNorms bounds it). */
function preloadPostings(r: Raiser, chunk: readonly (readonly [string, readonly string[]])[]): void {
  const want = new Set<string>();
  for (const [, tokens] of chunk) for (const t of tokens) if (!r.commonTokens.has(t) && !r.postings.has(t)) want.add(t);
  if (want.size === 0) return;
  if (r.postings.size + want.size > 100_000 || (postingsHeld.get(r.postings) ?? 0) >= POSTINGS_MAX_NAMES) {
    r.postings.clear();
    postingsHeld.set(r.postings, 0);
  }
  let held = postingsHeld.get(r.postings) ?? 0;
  const tokens = [...want];
  // Stop at the bound on names held: fuzzyNorms reads what is missing one token at a time, as it always did.
  for (let i = 0; i < tokens.length && held < POSTINGS_MAX_NAMES; i += BULK_CHUNK) {
    for (const [t, norms] of tokenPostings(r.db, tokens.slice(i, i + BULK_CHUNK), TOKEN_CAP + 1)) {
      r.postings.set(t, norms);
      held += norms.length;
    }
  }
  postingsHeld.set(r.postings, held);
}

function scoreName(r: Raiser, norm: string, tokens: readonly string[], same: NameRow[] | 'common'): void {
  if (same === 'common') {
    r.commonNames++;
    return;
  }
  const fresh = same.filter((x) => x.evidence_id === r.evidenceId);
  if (fresh.length === 0) return;
  const partial = fresh.every((x) => x.src_table === 'messages');
  // Score names once per distinct spelling; fetch the rows only of spellings alike enough.
  const sims = new Map<string, NormSim>([[norm, { sym: 1, aInB: 1, bInA: 1 }]]);
  const pool = [...same];
  const best = (x: NormSim) => Math.max(x.sym, x.aInB, x.bInA);
  const alike = fuzzyNorms(r.db, norm, tokens, partial, r.commonTokens, r.postings)
    .map((n) => ({ n, sim: normSim(norm, n) }))
    .filter((x) => best(x.sim) >= Math.min(MIN_NAME_SIMILARITY, MIN_NAMED_COVERAGE))
    .sort((x, y) => best(y.sim) - best(x.sim) || (x.n < y.n ? -1 : 1))
    .slice(0, MAX_ALIKE);
  for (const { n, sim } of alike) {
    const rows = rowsWithNorm(r.db, n, COMMON_NAME_CAP + 1);
    if (rows.length > COMMON_NAME_CAP) continue;
    sims.set(n, sim);
    pool.push(...rows);
  }
  for (const a of fresh) {
    const aMsg = a.src_table === 'messages';
    const candidates = pool
      .filter((b) => b.node_id !== a.node_id && b.entity_id !== a.entity_id)
      .map((b) => {
        const sim = sims.get(b.norm)!;
        return { b, sim: b.src_table === 'messages' ? sim.bInA : aMsg ? sim.aInB : sim.sym };
      })
      .sort((x, y) => y.sim - x.sim || x.b.id - y.b.id)
      .slice(0, 10);
    for (const { b, sim } of candidates) {
      const bMsg = b.src_table === 'messages';
      if (aMsg && bMsg) continue; // two numbers written beside the same first name say too little
      if (aMsg) namedPair(r, a, b, sim);
      else if (bMsg) namedPair(r, b, a, sim);
      else similarPair(r, a, b, sim);
    }
  }
}

function lookalikes(r: Raiser, nodes: number[]): void {
  const twinned = nodesWithLookalikeTwin(r.db, nodes);
  for (const id of nodes) {
    if (!twinned.has(id)) continue;
    const n = nodeById(r.db, id);
    if (!n || !n.match_key || n.valid !== 1) continue;
    for (const o of nodesWithMatchKey(r.db, n.match_key)) {
      if (o.id === id || o.entity_id === n.entity_id) continue;
      const handleA = n.value!.slice(n.value!.indexOf(':@') + 1);
      const handleB = o.value.slice(o.value.indexOf(':@') + 1);
      if (n.kind === 'username' && o.kind === 'username' && handleA === handleB) {
        r.add(id, o.id, 'same-handle', 0.5, [`the handle ${handleA} is used on two platforms: ${n.value} and ${o.value}`]);
      } else {
        r.add(id, o.id, 'lookalike', 0.4, [
          `${n.value} and ${o.value} differ only by look-alike or invisible characters — the same person, or an impersonation; confirm only on other evidence`,
        ]);
      }
    }
  }
}

/** Raise every suggestion an evidence item's linking calls for; returns counts by rule and the names skipped as too common. */
export function raiseSuggestions(db: SqlDb, w: IdentityWriter, input: SuggestionInput): { counts: Partial<Record<SuggestionRule, number>>; commonNames: number } {
  const r = new Raiser(db, w, input.evidenceId);
  selfStatements(r, input.self);
  namePairs(r, input.newNorms);
  lookalikes(r, input.newMatchNodes);
  return { counts: r.counts, commonNames: r.commonNames };
}
