/**
 * Links one evidence item into the identity graph, incrementally: extracts every identifier its records show
 * (normalised, raw kept), adds nodes, occurrences and rule-tagged edges, joins the touched components
 * (union-find over entity ids only — the rest of the graph is not recomputed), then raises suggestions.
 * Runs inside the caller's transaction (the import's, or an audited one for `threadline link`).
 */
import type { CountryCode } from 'libphonenumber-js';
import type { SqlDb } from '../db/case-db';
import {
  accountIdentifiersBetween,
  callGroups,
  chatPlatforms,
  evidencePages,
  MENTION_CANDIDATE_SQL,
  isLinked,
  linkTarget,
  messageSenders,
  messagesById,
  ownerAccountIds,
  type SenderGroup,
} from '../db/read/identity';
import { IdentityWriter, LINK_PAGE_CACHE_KIB, SortedBatch, withPageCache } from '../db/write/identity';
import { NameBuffer } from '../db/write/name-buffer';
import { NameTokenStaging } from '../db/write/name-token-staging';
import { OccurrenceBuffer } from '../db/write/occurrence-buffer';
import { ThreadlineError } from '../errors';
import type { IdentifierKind, PartyRef, RawIdentifier } from '../model/records';
import { hasInvisible } from './confusables';
import { MinRootDsu } from './dsu';
import { findMentions, MENTION_SCAN_LIMIT, type Mention } from './mentions';
import { foldName, releaseFoldedNames, tokensOfNorm } from './names';
import { writeNameBatch } from './name-writes';
import { EdgeAggregator } from './edge-agg';
import { KeyFilter } from './node-cache';
import { NodeKeyIndex } from './node-index';
import { WritingIndex, writingKey } from './writing-index';
import { ensureLinkYoungGeneration } from './young-generation';
import { firstNamesOfNorms, lastNameId } from '../db/read/item-names';
import { classifyIdentifier, normaliseIdentifier, releaseNormaliseCaches, type NormalisedIdentifier, type NormaliseContext } from './normalise';
import { AUTO_RULES, LINKER_VERSION, type AutoRule, type OccurrenceRole, type SuggestionRule } from './rules';
import { raiseSuggestions, type SelfStatement } from './suggest';

export interface LinkSummary {
  evidence: number;
  linkerVersion: string;
  /** Identifier occurrences written (a sender's messages count once, with their number in `count`). */
  occurrences: number;
  identifiers: { new: number; existing: number; invalid: number };
  accounts: number;
  mentions: number;
  /** Records behind automatic links, by rule. */
  links: Partial<Record<AutoRule, number>>;
  /** Existing entities this item joined to others (each is a merge a reviewer may want to look at). */
  entitiesJoined: number;
  suggestions: Partial<Record<SuggestionRule, number>>;
  /** Distinct display names carried by so many parties that no name suggestion was raised for them. */
  commonNamesSkipped: number;
  /** How identifiers were written: invisible-chars, international-prefix-00, invalid-phone, … */
  flags: Record<string, number>;
  /** Message bodies longer than the mention scan limit (scanned only up to it). */
  longBodies: number;
  /** The owner the examiner declared, when it is not an identifier (e.g. a name). */
  ownerNotIdentifier?: string;
  durationMs: number;
  /** Where the time went: extraction (reading, normalising, writing nodes/occurrences/edges), joining components, suggestions. */
  phasesMs: { extract: number; join: number; suggest: number };
  /** Process CPU time (user + system) by step, steadier than wall time on a shared machine. */
  stepsCpuMs?: Record<string, number>;
}

/** Entries kept in a run's in-memory dedupe maps before they are written out (bounds RSS on huge items). */
const AGG_MAX = 500_000;

/**
 * (node, name) pairs a run remembers having named, to skip repeats before the database (whose UNIQUE index ignores
 * them anyway, so forgetting changes nothing but work). Off the GC heap and bounded: a contacts file names a new
 * pair on every card, and as a Set of strings they were the part of the heap that grew with the cards. At 100,000
 * the 10 M-occurrence bench sent so many repeats on to the database that its contacts step took 29 s instead of 19 s.
 */
const NAMES_SEEN_MAX = 500_000;

/**
 * Identifier nodes a run remembers by value (see NodeKeyIndex, node-index.ts), so memory stays flat
 * in the number of distinct identifiers; the rest are found again through the (kind, value) index.
 */
let nodeCacheGeneration = 50_000;

/** The node index holds this many generations' worth of keys (1,000,000 by default, ~45 MB; node-index.ts). */
const NODE_INDEX_GENERATIONS = 20;

/** Sets the node cache's generation size for later runs; returns the previous size (tests run it tiny). */
export function setNodeCacheGeneration(size: number): number {
  const before = nodeCacheGeneration;
  nodeCacheGeneration = size;
  return before;
}

/** Column labels that name an onward or intermediary account rather than the party's own. */
const OTHER_PARTY_LABEL = /\b(?:forward(?:ed|ing)?|onward|via|intermediar(?:y|ies)|relay(?:ed)?)\b|转发|轉發|转至|转到|轉至|转入下一|ส่งต่อ/i;

// Value-level flags kept on the node; the rest describe one way of writing it and stay on the occurrence.
const VALUE_FLAGS = new Set(['confusable', 'mixed-script']);

function jsonOrNull(a: readonly string[]): string | null {
  return a.length ? JSON.stringify(a) : null;
}

// Flag lists are shared by the cached normalisation results: their JSON is made once per list, not per occurrence.
const flagsJson = new WeakMap<readonly string[], string | null>();
function flagsJsonOf(a: readonly string[]): string | null {
  if (a.length === 0) return null;
  let j = flagsJson.get(a);
  if (j === undefined) flagsJson.set(a, (j = JSON.stringify(a)));
  return j;
}

class Growable {
  data = new Int32Array(1024);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
}

/** Per-run state: node lookups cached, pairs to union, and what the suggestion step needs. */
class Run {
  readonly w: IdentityWriter;
  readonly firstNew: number;
  nextId: number;
  private readonly cache: NodeKeyIndex;
  /** Valid identifiers by how they were written (cards, ledger rows, mentions): a repeat skips normalising (writing-index.ts). */
  private readonly writings: WritingIndex;
  /** Values of the nodes this run created, when the graph was empty before it (see node()). */
  private made = new KeyFilter();
  /** Node of each (shared, immutable) normalisation result seen recently: skips building the value key. */
  private readonly byResult = new Map<NormalisedIdentifier, number>();
  /** Entity of each pre-existing node touched by this run. */
  readonly existingEntity = new Map<number, number>();
  private used = new Uint8Array(1024);
  readonly pairA = new Growable();
  readonly pairB = new Growable();
  readonly accountNode = new Map<number, number>();
  readonly self: SelfStatement[] = [];
  /** Name rows before this run's: the norms it brought are read back after them for suggestions (item-names.ts). */
  readonly namesBefore: number;
  /** Norms whose tokens this run wrote lately: skips repeats (the table ignores them anyway), bounded. */
  private readonly tokensWritten = new Set<string>();
  /** The last name given to each node in this run, and every (node, name) given: skip repeats before the database. */
  private readonly lastName = new Map<number, string>();
  private readonly namesSeen = new NodeKeyIndex(NAMES_SEEN_MAX);
  /** Automatic edges of this run, by (a, b, rule), with the first record and how many records state them. */
  private readonly edgeAgg = new EdgeAggregator<AutoRule>(Object.keys(AUTO_RULES) as AutoRule[]);
  readonly newMatchNodes: number[] = [];
  readonly summary: LinkSummary;
  private readonly occurrences: OccurrenceBuffer;
  private readonly edges: SortedBatch<{ a: number; b: number; rule: AutoRule; srcTable: string; srcId: number; count: number }>;
  private readonly names: NameBuffer;
  private readonly nameTokens: NameTokenStaging;

  constructor(
    readonly db: SqlDb,
    readonly evidenceId: number,
    readonly ctx: NormaliseContext,
  ) {
    // Off the GC heap and ~45 bytes a key, so it can hold every identifier of a 10-million-occurrence item (575,000):
    // a smaller cache sends most lookups of a large item to the (kind, value) index, the run's costliest step.
    this.cache = new NodeKeyIndex(nodeCacheGeneration * NODE_INDEX_GENERATIONS);
    this.writings = new WritingIndex(nodeCacheGeneration * NODE_INDEX_GENERATIONS);
    this.w = new IdentityWriter(db);
    const w = this.w;
    this.occurrences = new OccurrenceBuffer((cols, order) => w.insertOccurrenceColumns(cols, order, evidenceId));
    this.edges = new SortedBatch((e) => e.a, { bulk: (rows) => w.upsertEdgeRows(rows, evidenceId) });
    const tokens = (this.nameTokens = new NameTokenStaging(db));
    this.names = new NameBuffer((cols, order) => writeNameBatch(w, cols, order, evidenceId, this.tokensWritten, nodeCacheGeneration, tokens));
    this.firstNew = this.w.nextNodeId();
    this.nextId = this.firstNew;
    this.namesBefore = lastNameId(db);
    this.summary = {
      evidence: evidenceId,
      linkerVersion: LINKER_VERSION,
      occurrences: 0,
      identifiers: { new: 0, existing: 0, invalid: 0 },
      accounts: 0,
      mentions: 0,
      links: {},
      entitiesJoined: 0,
      suggestions: {},
      commonNamesSkipped: 0,
      flags: {},
      longBodies: 0,
      durationMs: 0,
      phasesMs: { extract: 0, join: 0, suggest: 0 },
    };
  }

  private isUsed(id: number): boolean {
    return id < this.used.length && this.used[id] === 1;
  }

  private setUsed(id: number): void {
    if (id >= this.used.length) {
      let n = this.used.length;
      while (n <= id) n *= 2;
      const u = new Uint8Array(n);
      u.set(this.used);
      this.used = u;
    }
    this.used[id] = 1;
  }

  /** The node of an identifier: shared by value when valid; a fresh, never-linked node per occurrence when not. */
  node(n: NormalisedIdentifier, used: boolean): number {
    if (!n.valid) {
      const id = this.nextId++;
      this.w.insertIdentifierNode({ id, kind: n.kind, value: n.value, valid: false, flags: jsonOrNull(n.flags), matchKey: null, used });
      this.summary.identifiers.invalid++;
      return id;
    }
    let id = this.byResult.get(n);
    const key = id === undefined ? `${n.kind}\u0001${n.value}` : '';
    if (id === undefined) id = this.cache.get(key);
    if (id === undefined) {
      // Not among the recent ones: look it up through the index. On an empty graph (a case's first item) every node
      // is this run's, so only a value the filter may have seen created can be there.
      const row = this.firstNew > 1 || this.made.mightHave(key) ? this.w.findIdentifierNode(n.kind, n.value) : undefined;
      if (row && row.id >= this.firstNew) {
        id = row.id; // this run's own node, out of the cache: counted and flagged when it was made
      } else if (row) {
        id = row.id;
        // An earlier item's node is counted (and its entity noted) once, however often it leaves the cache.
        if (!this.existingEntity.has(id)) {
          this.existingEntity.set(id, row.entity_id);
          if (row.used) this.setUsed(id);
          this.summary.identifiers.existing++;
        }
      } else {
        id = this.nextId++;
        const flags = n.flags.filter((f) => VALUE_FLAGS.has(f));
        if (hasInvisible(n.value)) flags.push('invisible-chars');
        this.w.insertIdentifierNode({ id, kind: n.kind, value: n.value, valid: true, flags: jsonOrNull(flags), matchKey: n.matchKey, used });
        if (used) this.setUsed(id);
        if (n.matchKey) this.newMatchNodes.push(id);
        if (this.firstNew === 1) this.made.add(key);
        this.summary.identifiers.new++;
      }
      this.cache.set(key, id);
    }
    // Holds the normalisation results themselves: bounded like the cache, a miss only rebuilds the key.
    if (this.byResult.size >= nodeCacheGeneration) this.byResult.clear();
    this.byResult.set(n, id);
    if (used && !this.isUsed(id)) {
      this.w.markUsed(id);
      this.setUsed(id);
    }
    return id;
  }

  /** Mention results of the message being read: the node of a writing found in `writings`, else its key (to add it). */
  private readonly mentionKnown = new Map<NormalisedIdentifier, number>();
  private readonly mentionKey = new Map<NormalisedIdentifier, string>();

  /**
   * findMentions' normaliser: a valid writing this run resolved before comes back as a fresh result without a value,
   * its node noted for mentionNode; any other is normalised. Bench/link 10 M: a million mentioned numbers, most
   * of them missing the normalisation cache.
   */
  private readonly normaliseMention = (kind: IdentifierKind, text: string, ctx: NormaliseContext): NormalisedIdentifier => {
    const key = writingKey(kind, text, ctx.platform, false);
    const e = this.writings.find(key);
    if (e >= 0) {
      const n = { ...this.writings.shapeAt(e, kind) };
      this.mentionKnown.set(n, this.writings.nodeAt(e));
      return n;
    }
    const n = normaliseIdentifier(kind, text, ctx);
    if (n.valid) this.mentionKey.set(n, key);
    return n;
  };

  /** The identifiers mentioned in one message body (findMentions), resolved through `writings` where it can. */
  mentionsIn(body: string, chatPlatform: string | undefined): Mention[] {
    this.mentionKnown.clear();
    this.mentionKey.clear();
    return findMentions(body, chatPlatform, this.ctx, this.normaliseMention);
  }

  /** The node of an identifier mentionsIn gave for the message being read (not marking it used, as node(n, false)). */
  mentionNode(n: NormalisedIdentifier): number {
    const known = this.mentionKnown.get(n);
    if (known !== undefined) return known;
    const node = this.node(n, false);
    const key = this.mentionKey.get(n);
    if (key !== undefined) this.writings.add(key, node, n.flags);
    return node;
  }

  /** A node found again by how it was written (WritingIndex): marked used as node(n, true) marks it. */
  private usedNode(id: number): number {
    if (!this.isUsed(id)) {
      this.w.markUsed(id);
      this.setUsed(id);
    }
    return id;
  }

  accNode(accountId: number): number | undefined {
    const id = this.accountNode.get(accountId);
    if (id !== undefined) return id;
    const row = this.w.findAccountNode(accountId);
    if (!row) return undefined;
    this.existingEntity.set(row.id, row.entity_id);
    this.accountNode.set(accountId, row.id);
    return row.id;
  }

  occurrence(node: number, role: OccurrenceRole, srcTable: string, srcId: number, raw: string, n: NormalisedIdentifier, label: string | null = null, count = 1): void {
    for (const f of n.flags) this.summary.flags[f] = (this.summary.flags[f] ?? 0) + 1;
    this.occurrences.push(node, role, srcTable, srcId, raw, label, flagsJsonOf(n.flags), count);
    this.summary.occurrences++;
  }

  edge(a: number, b: number, rule: AutoRule, srcTable: string, srcId: number, count = 1): void {
    if (a === b) return;
    if (a > b) [a, b] = [b, a];
    this.summary.links[rule] = (this.summary.links[rule] ?? 0) + count;
    // The same link stated by many records of this item is one edge: count them here, write it once.
    if (!this.edgeAgg.add(a, b, rule, srcTable, srcId, count)) return;
    this.pairA.push(a);
    this.pairB.push(b);
    // Bounded memory: written edges are upserted (counts add up), so spilling early changes nothing.
    if (this.edgeAgg.size >= AGG_MAX) this.spillEdges();
  }

  private spillEdges(): void {
    for (const e of this.edgeAgg.entries()) this.edges.push(e);
    this.edgeAgg.clear();
  }

  name(node: number, name: string | null | undefined, srcTable: string, srcId: number, extraFlags: string[] = []): void {
    if (!name || this.lastName.get(node) === name) return;
    const key = `${node}\u0001${name}`;
    if (this.namesSeen.get(key) !== undefined) return;
    const f = foldName(name);
    if (!f) return;
    if (this.lastName.size >= NAMES_SEEN_MAX) this.lastName.clear();
    this.lastName.set(node, name);
    this.namesSeen.set(key, 1);
    this.names.push(node, name, f.norm, f.tokens, srcTable, srcId, f.flags.length + extraFlags.length ? JSON.stringify([...f.flags, ...extraFlags]) : null);
  }

  /**
   * Drops the lookups only extraction and joining use (node and name dedupe, entities of touched nodes): on a
   * 10-million-occurrence item they hold most of the heap, and suggestions allocate on top of it.
   */
  releaseExtraction(): void {
    this.cache.clear();
    this.writings.clear();
    this.mentionKnown.clear();
    this.mentionKey.clear();
    this.made = new KeyFilter();
    this.byResult.clear();
    this.existingEntity.clear();
    this.accountNode.clear();
    this.lastName.clear();
    this.namesSeen.clear();
    this.tokensWritten.clear();
    this.edgeAgg.clear();
    this.used = new Uint8Array(0);
    this.pairA.data = new Int32Array(0);
    this.pairA.length = 0;
    this.pairB.data = new Int32Array(0);
    this.pairB.length = 0;
  }

  /** Writes what is still buffered; the suggestion step reads it. */
  flush(): void {
    this.occurrences.flush();
    this.spillEdges();
    this.edges.flush();
    this.names.flush();
    this.nameTokens.write();
  }

  /**
   * Identifiers written together about one party: each gets a node and an occurrence; valid ones are linked.
   * In a transaction row a party names one account of each kind. A column whose header names an onward account
   * ("Forwarded to (TRC20)"), or two of one kind (a beneficiary wallet and a second wallet), means a column of
   * another party was mapped to it: those are not linked at all and are flagged `party-ambiguous` — a lost link
   * is recoverable, a wrong one is not.
   */
  party(ids: readonly RawIdentifier[], role: OccurrenceRole, rule: AutoRule, srcTable: string, srcId: number, name: string | null | undefined, numberCell = false): void {
    // `known`: the node of a valid writing this run resolved before (n then carries only kind and flags), else -1.
    const norm: { ri: RawIdentifier; n: NormalisedIdentifier; known: number; key: string }[] = [];
    for (const ri of ids) {
      if (typeof ri?.value !== 'string' || !ri.value.trim()) continue;
      const kind = ri.kind as IdentifierKind;
      const key = writingKey(kind, ri.value, ri.platform, numberCell);
      const e = this.writings.find(key);
      if (e >= 0) norm.push({ ri, n: this.writings.shapeAt(e, kind), known: this.writings.nodeAt(e), key });
      else norm.push({ ri, n: normaliseIdentifier(kind, ri.value, { region: this.ctx.region, platform: ri.platform, numberCell }), known: -1, key });
    }
    const tx = rule === 'transaction-party';
    // A column headed "Forwarded to …" names where the money went next: another party's account.
    const elsewhere = (ri: RawIdentifier) => tx && OTHER_PARTY_LABEL.test(ri.label ?? '');
    const kinds = new Map<string, number>();
    if (tx) for (const { ri, n } of norm) if (n.valid && !elsewhere(ri)) kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1);
    let first: number | undefined;
    let firstAny: number | undefined;
    for (const { ri, n, known, key } of norm) {
      const ambiguous = elsewhere(ri) || (kinds.get(n.kind) ?? 0) > 1;
      const node = known >= 0 ? this.usedNode(known) : this.node(n, true);
      if (known < 0 && n.valid) this.writings.add(key, node, n.flags);
      this.occurrence(node, role, srcTable, srcId, ri.value, ambiguous ? { ...n, flags: [...n.flags, 'party-ambiguous'] } : n, ri.label ?? null);
      firstAny ??= node;
      if (!n.valid || ambiguous) continue;
      if (first === undefined) first = node;
      else this.edge(first, node, rule, srcTable, srcId);
    }
    const named = first ?? firstAny;
    if (named !== undefined) this.name(named, name, srcTable, srcId);
  }
}

function parseJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

const KINDS = new Set<IdentifierKind>(['phone', 'email', 'username', 'wallet', 'iban', 'account', 'user-id']);

function rawIdentifiers(v: unknown): RawIdentifier[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is RawIdentifier => !!x && typeof x === 'object' && KINDS.has((x as RawIdentifier).kind) && typeof (x as RawIdentifier).value === 'string');
}

function extractAccounts(r: Run): void {
  for (const page of evidencePages<{ id: number; platform: string; display: string | null }>(r.db, 'accounts', 't.id, t.platform, t.display', r.evidenceId)) {
    for (const a of page) {
      const node = r.nextId++;
      r.w.insertAccountNode(node, a.id);
      r.accountNode.set(a.id, node);
      r.summary.accounts++;
      r.name(node, a.display, 'accounts', a.id);
    }
    const platformOf = new Map(page.map((a) => [a.id, a.platform]));
    for (const ai of accountIdentifiersBetween(r.db, page[0]!.id, page[page.length - 1]!.id)) {
      const accNode = r.accountNode.get(ai.account_id);
      if (accNode === undefined || !KINDS.has(ai.kind as IdentifierKind)) continue;
      const n = normaliseIdentifier(ai.kind as IdentifierKind, ai.value_raw, { region: r.ctx.region, platform: ai.platform ?? platformOf.get(ai.account_id) });
      const node = r.node(n, true);
      r.occurrence(node, 'account', 'accounts', ai.account_id, ai.value_raw, n, ai.label);
      if (n.valid) r.edge(accNode, node, 'account-identifier', 'accounts', ai.account_id);
    }
  }
}

/**
 * What the import gathered while it wrote the item's messages (db/write/message-hints.ts): the answers of
 * messageSenders and of the mention-candidate scan, so linking need not read every message back. Without it (or
 * when incomplete) linking reads the messages.
 */
export interface WrittenMessages {
  readonly complete: boolean;
  senders(): SenderGroup[];
  candidatePages(size: number): Iterable<number[]>;
}

function extractMessages(r: Run, written?: WrittenMessages): void {
  const hints = written?.complete ? written : undefined;
  // Senders: one occurrence per (account, sender as written), citing the first message and counting the rest.
  for (const g of hints ? hints.senders() : messageSenders(r.db, r.evidenceId)) {
    const n = classifyIdentifier(g.sender_raw, r.ctx);
    if (!n) continue;
    const node = r.node(n, true);
    r.occurrence(node, 'sender', 'messages', g.first_id, g.sender_raw, n, null, g.n);
    const acc = g.sender_account_id !== null ? r.accNode(g.sender_account_id) : undefined;
    if (n.valid && acc !== undefined) r.edge(acc, node, 'sender-identifier', 'messages', g.first_id);
  }
  const recipients = new Map<string, { first: number; count: number }>();
  type Row = { id: number; body: string; sender_account_id: number | null; recipients_json: string | null; chat_id: number | null };
  const platforms = chatPlatforms(r.db, r.evidenceId);
  const columns = 't.id, t.body, t.sender_account_id, t.recipients_json, t.chat_id';
  const pages = hints
    ? mapPages(hints.candidatePages(5000), (ids) => messagesById<Row>(r.db, columns, ids))
    : evidencePages<Row>(r.db, 'messages', columns, r.evidenceId, 5000, '', MENTION_CANDIDATE_SQL);
  for (const page of pages) {
    for (const m of page) {
      if (m.recipients_json) {
        for (const raw of parseJson<unknown[]>(m.recipients_json) ?? []) {
          if (typeof raw !== 'string') continue;
          const seen = recipients.get(raw);
          if (seen) seen.count++;
          else recipients.set(raw, { first: m.id, count: 1 });
        }
      }
      if (m.body.length > MENTION_SCAN_LIMIT) r.summary.longBodies++;
      const mentions = r.mentionsIn(m.body, m.chat_id !== null ? platforms.get(m.chat_id) : undefined);
      if (mentions.length === 0) continue;
      const sender = m.sender_account_id !== null ? r.accNode(m.sender_account_id) : undefined;
      for (const mt of mentions) {
        const node = r.mentionNode(mt.id);
        r.occurrence(node, 'mentioned', 'messages', m.id, mt.raw, mt.id, mt.cue);
        r.summary.mentions++;
        if (!mt.id.valid) continue;
        if (mt.cue === 'self' && sender !== undefined) r.self.push({ sender, node, messageId: m.id, cueText: mt.cueText ?? '', raw: mt.raw });
        // A name written beside the value becomes a (weak, message-sourced) name of it: matched against
        // display names now and whenever later evidence brings new ones.
        else if (mt.cue === 'named' && mt.name) r.name(node, mt.name, 'messages', m.id, ['named-in-message']);
      }
    }
  }
  for (const [raw, v] of recipients) {
    const n = classifyIdentifier(raw, r.ctx);
    if (!n) continue;
    r.occurrence(r.node(n, true), 'recipient', 'messages', v.first, raw, n, null, v.count);
  }
}

function extractCalls(r: Run): void {
  // A call log repeats the same party and number many times: one occurrence (and one link) per distinct
  // (entry party, chat, number as written, caller or counterpart), citing the first call and counting the rest —
  // the calls themselves can be listed again with a query on calls.
  for (const g of callGroups(r.db, r.evidenceId)) {
    const n = classifyIdentifier(g.raw, { region: r.ctx.region, platform: g.platform ?? r.ctx.platform });
    if (!n) continue;
    const node = r.node(n, true);
    r.occurrence(node, 'call', 'calls', g.first_id, g.raw, n, null, g.n);
    // In a device call log (no chat) the entry's account is the other party, i.e. the number's user.
    const acc = g.caller === 0 && g.chat_id === null && g.account_id !== null ? r.accNode(g.account_id) : undefined;
    if (n.valid && acc !== undefined) r.edge(acc, node, 'call-party', 'calls', g.first_id, g.n);
  }
}

function extractContacts(r: Run): void {
  for (const page of evidencePages<{ id: number; name: string | null; identifiers_json: string }>(r.db, 'contacts', 't.id, t.name, t.identifiers_json', r.evidenceId)) {
    for (const c of page) r.party(rawIdentifiers(parseJson(c.identifiers_json)), 'contact-card', 'contact-card', 'contacts', c.id, c.name);
  }
}

function extractTransactions(r: Run): void {
  for (const page of evidencePages<{ id: number; from_json: string | null; to_json: string | null }>(r.db, 'transactions', 't.id, t.from_json, t.to_json', r.evidenceId)) {
    for (const t of page) {
      const from = parseJson<PartyRef>(t.from_json);
      const to = parseJson<PartyRef>(t.to_json);
      if (from) r.party(rawIdentifiers(from.identifiers), 'tx-from', 'transaction-party', 'transactions', t.id, from.name, true);
      if (to) r.party(rawIdentifiers(to.identifiers), 'tx-to', 'transaction-party', 'transactions', t.id, to.name, true);
    }
  }
}

function extractOwner(r: Run, owner: string | null): void {
  if (!owner || !owner.trim()) return;
  const n = classifyIdentifier(owner, r.ctx);
  if (!n) {
    r.summary.ownerNotIdentifier = owner;
    return;
  }
  const node = r.node(n, true);
  r.occurrence(node, 'device-owner', 'evidence', r.evidenceId, owner, n);
  if (!n.valid) return;
  for (const accountId of ownerAccountIds(r.db, r.evidenceId)) {
    const acc = r.accNode(accountId);
    if (acc !== undefined) r.edge(acc, node, 'device-owner', 'evidence', r.evidenceId);
  }
}

/**
 * The distinct norms a run wrote, with their tokens, in the order it first wrote each: read back from the name rows
 * (a norm's tokens are a function of the norm alone: no name is folded again).
 */
function* newNormsOf(db: SqlDb, namesBefore: number): Generator<readonly [string, readonly string[]]> {
  for (const page of firstNamesOfNorms(db, namesBefore)) for (const { norm } of page) yield [norm, tokensOfNorm(norm)];
}

/** Union the run's pairs over entity ids and relabel only the entities that merged. */
function joinComponents(r: Run): void {
  const dsu = new MinRootDsu(r.nextId);
  const entityOf = (node: number) => (node >= r.firstNew ? node : (r.existingEntity.get(node) ?? node));
  const absorbed: number[] = [];
  const { data: A, length } = r.pairA;
  const B = r.pairB.data;
  for (let i = 0; i < length; i++) {
    const x = dsu.union(entityOf(A[i]!), entityOf(B[i]!));
    if (x) absorbed.push(x);
  }
  // Every root is final once all pairs are unioned, so the order of the updates changes nothing but their cost:
  // new nodes in id order walk the node table (and their old entries in the by-entity index) front to back
  // instead of jumping across it once per absorbed node.
  const absorbedNew = Int32Array.from(absorbed.filter((x) => x >= r.firstNew)).sort();
  for (const x of absorbedNew) r.w.relabelNode(x, dsu.find(x)); // a new node's entity is itself alone: one row changes
  for (const x of absorbed) {
    if (x >= r.firstNew) continue;
    r.w.relabelEntity(x, dsu.find(x));
    r.summary.entitiesJoined++;
  }
}

/**
 * Link one evidence item. Must run inside a write transaction; the caller audits it. Linking the same item
 * twice is refused (its occurrences are already in the graph). `written`: what the import gathered while writing
 * the item's messages, if it did.
 */
export function linkEvidence(db: SqlDb, evidenceId: number, written?: WrittenMessages): LinkSummary {
  ensureLinkYoungGeneration();
  return withPageCache(db, LINK_PAGE_CACHE_KIB, () => linkEvidenceNow(db, evidenceId, written));
}

function* mapPages<A, B>(pages: Iterable<A>, f: (a: A) => B): Generator<B> {
  for (const p of pages) yield f(p);
}

function linkEvidenceNow(db: SqlDb, evidenceId: number, written?: WrittenMessages): LinkSummary {
  const started = Date.now();
  const t = linkTarget(db, evidenceId);
  if (!t) throw new ThreadlineError('NOT_FOUND', `There is no evidence item E${evidenceId}.`, { hint: 'List the evidence items with `threadline info CASE`.' });
  if (isLinked(db, evidenceId)) {
    throw new ThreadlineError('BAD_ARGUMENT', `Evidence item E${evidenceId} is already linked.`, { hint: 'Nothing to do; `threadline link CASE` links only items not yet linked.' });
  }
  const region = (t.region ?? t.case_region ?? undefined) as CountryCode | undefined;
  const r = new Run(db, evidenceId, { region });
  const steps: Record<string, number> = {};
  let cpu = process.cpuUsage();
  const step = (name: string) => {
    const d = process.cpuUsage(cpu);
    steps[name] = Math.round((d.user + d.system) / 1000);
    cpu = process.cpuUsage();
  };
  extractAccounts(r);
  step('accounts');
  extractMessages(r, written);
  step('messages');
  extractCalls(r);
  step('calls');
  extractContacts(r);
  step('contacts');
  extractTransactions(r);
  step('transactions');
  extractOwner(r, t.owner);
  r.flush();
  step('flush');
  const t1 = Date.now();
  joinComponents(r);
  r.releaseExtraction();
  releaseNormaliseCaches();
  step('join');
  const t2 = Date.now();
  const raised = raiseSuggestions(db, r.w, {
    evidenceId,
    self: r.self,
    newNorms: newNormsOf(db, r.namesBefore),
    newMatchNodes: r.newMatchNodes,
  });
  step('suggest');
  releaseFoldedNames();
  r.summary.stepsCpuMs = steps;
  r.summary.suggestions = raised.counts;
  r.summary.commonNamesSkipped = raised.commonNames;
  r.summary.durationMs = Date.now() - started;
  r.summary.phasesMs = { extract: t1 - started, join: t2 - t1, suggest: Date.now() - t2 };
  r.w.insertRun(evidenceId, LINKER_VERSION, r.summary);
  return r.summary;
}
