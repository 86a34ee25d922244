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
  nameById,
  namesWithToken,
  nodeById,
  nodesWithMatchKey,
  sharedChats,
  tokenFrequency,
  type NameRow,
} from '../db/read/identity';
import type { IdentityWriter } from '../db/write/identity';
import { nameSimilarity } from './names';
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
  newNames: number[];
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

/** Names folded identically on more than this many rows are too common to propose from. */
const COMMON_NAME_CAP = 20;
/** Larger candidate sets are narrowed to fuse.js's best matches before scoring. */
const FUSE_KEEP = 50;

/**
 * Names that may match a folded name: the same fold, or sharing a word or a word's first three letters
 * (which catches misspellings). A large set is narrowed with fuse.js; each candidate is then scored word by
 * word (nameSimilarity) — `partial` when the name was written in a message ("Sarah" vs "Sarah Miller").
 */
export function similarNames(db: SqlDb, norm: string, tokens: readonly string[], partial = false, tokenCounts = new Map<string, number>()): { row: NameRow; sim: number }[] {
  const byId = new Map<number, NameRow>();
  const same = db.prepare('SELECT nm.*, n.entity_id FROM identity_names nm JOIN identity_nodes n ON n.id = nm.node_id WHERE nm.norm = ? LIMIT ?').all(norm, COMMON_NAME_CAP + 1) as NameRow[];
  // A name shared by very many parties ("Somchai", "Boss") says nothing about any two of them.
  if (same.length > COMMON_NAME_CAP) return [];
  for (const r of same) byId.set(r.id, r);
  for (const t of tokens) {
    let f = tokenCounts.get(t);
    if (f === undefined) tokenCounts.set(t, (f = tokenFrequency(db, t, TOKEN_CAP)));
    if (f > TOKEN_CAP) continue;
    for (const r of namesWithToken(db, t)) byId.set(r.id, r);
  }
  let rows = [...byId.values()];
  if (rows.length > FUSE_KEEP) {
    const fuse = new Fuse(rows, { keys: ['norm'], includeScore: true, threshold: FUSE_THRESHOLD, ignoreLocation: true });
    rows = fuse.search(norm, { limit: FUSE_KEEP }).map((m) => m.item);
  }
  return rows.map((row) => ({ row, sim: row.src_table === 'messages' ? nameSimilarity(row.norm, norm, true) : nameSimilarity(norm, row.norm, partial) }));
}

class Raiser {
  readonly counts: Partial<Record<SuggestionRule, number>> = {};
  private readonly counterparts = new Map<number, Set<number>>();
  private readonly pairs = new Set<string>();
  /** How many names carry each token, counted once per run. */
  readonly tokenCounts = new Map<string, number>();

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
function namedPair(r: Raiser, named: NameRow, other: NameRow): void {
  const coverage = nameSimilarity(named.norm, other.norm, true);
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
 * For each name this item brought: display names elsewhere that match it. A pair where one name was written
 * in a message beside an identifier is a named-in-message suggestion; two display names, a similar-name one.
 * Because names from later items are compared against earlier ones too, a message read before the named
 * party's records were imported still gets its suggestion when they arrive.
 */
function namePairs(r: Raiser, nameIds: number[]): void {
  for (const id of nameIds) {
    const a = nameById(r.db, id);
    if (!a) continue;
    const aMsg = a.src_table === 'messages';
    const tokens = (r.db.prepare('SELECT token FROM identity_name_tokens WHERE name_id = ?').all(id) as { token: string }[]).map((t) => t.token);
    const candidates = similarNames(r.db, a.norm, tokens, aMsg, r.tokenCounts)
      .filter(({ row }) => row.node_id !== a.node_id && row.entity_id !== a.entity_id)
      .sort((x, y) => y.sim - x.sim || x.row.id - y.row.id)
      .slice(0, 10);
    for (const { row: b, sim } of candidates) {
      const bMsg = b.src_table === 'messages';
      if (aMsg && bMsg) continue; // two numbers written beside the same first name say too little
      if (aMsg) namedPair(r, a, b);
      else if (bMsg) namedPair(r, b, a);
      else similarPair(r, a, b, sim);
    }
  }
}

function lookalikes(r: Raiser, nodes: number[]): void {
  for (const id of nodes) {
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

/** Raise every suggestion an evidence item's linking calls for; returns counts by rule. */
export function raiseSuggestions(db: SqlDb, w: IdentityWriter, input: SuggestionInput): Partial<Record<SuggestionRule, number>> {
  const r = new Raiser(db, w, input.evidenceId);
  selfStatements(r, input.self);
  namePairs(r, input.newNames);
  lookalikes(r, input.newMatchNodes);
  return r.counts;
}
