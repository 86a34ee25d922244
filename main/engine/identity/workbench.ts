/**
 * The identity workbench's queries: a cached per-case index of entity summaries (searched, sorted and paged in
 * main, so a 100k-entity case never ships whole), the entity card (identifiers with every place they were seen and
 * the event to open, accounts per app, activity, why each link exists), the suggestions queue with both sides, the
 * decision history, and one entry point for every examiner decision. The linking rules themselves are not here.
 */
import type { CountryCode } from 'libphonenumber-js';
import type {
  AccountCardWire,
  DecisionResultWire,
  DecisionWire,
  EntityCardWire,
  EntityPageWire,
  EntityRowWire,
  EntitySort,
  EventKind,
  IdentifierCardWire,
  LinkWire,
  NodeRefWire,
  OccurrenceWire,
  SuggestionPageWire,
  SuggestionSideWire,
  SuggestionWire,
} from '../../../shared/model';
import type { DecisionRequest } from '../../../shared/identity-contract';
import { MIN_JUSTIFICATION } from '../../../shared/model';
import type { Case } from '../case';
import type { SqlDb } from '../db/case-db';
import {
  activeNameDecisions,
  caseRegion,
  citeRecord,
  decisionById,
  entityEdges,
  entityExists,
  entityNodes,
  entityOccurrences,
  entityOfNode,
  messageText,
  nodeById,
  suggestionById,
  type DecisionRow,
  type EdgeRow,
  type NameRow,
  type NodeRow,
  type OccurrenceRow,
} from '../db/read/identity';
import {
  accountEventCounts,
  allNodesInIdOrder,
  namesOfEntities,
  entityActivity,
  entityEvidenceCounts,
  entityNodeStats,
  openSuggestionCounts,
  openSuggestionPage,
  partyEventBuckets,
  partyEventSpan,
  recentDecisionIds,
  workbenchStamp,
} from '../db/read/identity-workbench';
import { eventKeyOfRecord } from '../db/read/timeline';
import { ThreadlineError } from '../errors';
import { lookalikeFlags, skeleton } from './confusables';
import { confirmSuggestion, mergeEntities, nameEntity, rejectSuggestion, splitIdentifier, undoDecision, type DecisionResult } from './decisions';
import { chooseName, explainEntity, parseFlags } from './explain';
import { classifyIdentifier } from './normalise';
import { AUTO_RULES, EXAMINER_RULES, SUGGESTION_RULES } from './rules';

// ------------------------------------------------------------------------------------------ the index

export interface IndexedEntity extends EntityRowWire {
  inUse: boolean;
  nodes: number;
  evidenceIds: number[];
  accountsBrief: { platform: string; display: string | null; evidence: number }[];
  /** Values the exact identifier search compares against (`kind\u0001value`). */
  values: Set<string>;
  /** Lower-cased name, display names, identifiers, account keys and their look-alike skeletons. */
  hay: string;
}

interface WorkbenchIndex {
  stamp: string;
  byId: Map<number, IndexedEntity>;
  rows: IndexedEntity[];
  sorted: Map<string, IndexedEntity[]>;
}

const indexes = new WeakMap<SqlDb, WorkbenchIndex>();
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const PREVIEW = 4;

// Printable ASCII holds no look-alike or invisible character: its flags are none and its skeleton is its lower case.
// Most names and identifiers are ASCII, and the index folds every one of them, so this path is kept cheap.
const PLAIN = /^[\x20-\x7e]*$/;

function lower(s: string): string {
  return PLAIN.test(s) ? s.toLowerCase() : s.normalize('NFKC').toLowerCase();
}

function folded(s: string): string {
  return PLAIN.test(s) ? s.toLowerCase() : skeleton(s);
}

function flagsOf(s: string): string[] {
  return PLAIN.test(s) ? [] : lookalikeFlags(s);
}

/** Index rows for the given entities (every entity when `only` is null), from one SQL pass per aggregate. */
function buildRows(db: SqlDb, only: readonly number[] | null): IndexedEntity[] {
  const stats = new Map(entityNodeStats(db, only).map((s) => [s.entity_id, s]));
  const evidenceCounts = entityEvidenceCounts(db, only);
  const activity = entityActivity(db, only);
  const suggestions = openSuggestionCounts(db, only);
  const given = new Map<number, { name: string; id: number }>();
  // Newest first: the first decision seen for a node is the one in force for it.
  for (const d of activeNameDecisions(db)) if (!given.has(d.a_node)) given.set(d.a_node, { name: d.name, id: d.id });
  const namesByEntity = new Map<number, NameRow[]>();
  for (const nm of namesOfEntities(db, only)) {
    const l = namesByEntity.get(nm.entity_id);
    if (l) l.push(nm);
    else namesByEntity.set(nm.entity_id, [nm]);
  }
  const groups = new Map<number, NodeRow[]>();
  for (const n of allNodesInIdOrder(db, only)) {
    const g = groups.get(n.entity_id);
    if (g) g.push(n);
    else groups.set(n.entity_id, [n]);
  }
  const rows: IndexedEntity[] = [];
  for (const [ent, group] of groups) {
    let givenName: string | undefined;
    let best = -1;
    for (const n of group) {
      const d = given.get(n.id);
      if (d && d.id > best) {
        best = d.id;
        givenName = d.name;
      }
    }
    const names = namesByEntity.get(ent) ?? [];
    const name = chooseName(givenName, names, group);
    const nameFlags = flagsOf(name);
    const flags = new Set<string>(nameFlags);
    const hay: string[] = [lower(name)];
    const fn = folded(name);
    if (fn !== hay[0]) hay.push(fn);
    const values = new Set<string>();
    const preview: string[] = [];
    const accountsBrief: IndexedEntity['accountsBrief'] = [];
    const evidenceIds = new Set<number>();
    for (const n of group) {
      if (n.type === 'account') {
        evidenceIds.add(n.acc_evidence!);
        if (accountsBrief.length < PREVIEW) accountsBrief.push({ platform: n.acc_platform ?? '', display: n.acc_display, evidence: n.acc_evidence! });
        hay.push(lower(n.acc_key ?? ''), lower(n.acc_display ?? ''));
      } else {
        parseFlags(n.flags).forEach((f) => flags.add(f));
        values.add(`${n.kind}\u0001${n.value}`);
        if (preview.length < PREVIEW) preview.push(n.value ?? '');
        hay.push(lower(n.value ?? ''));
      }
    }
    for (const nm of names) {
      parseFlags(nm.flags).forEach((f) => flags.add(f));
      if (nm.name !== name) {
        const l = lower(nm.name);
        const f = folded(nm.name);
        hay.push(l);
        if (f !== l) hay.push(f);
      }
      evidenceIds.add(nm.evidence_id);
    }
    const st = stats.get(ent);
    rows.push({
      id: ent,
      name,
      nameFlags,
      flags: [...flags].sort(),
      identifiers: st?.identifiers ?? 0,
      accounts: st?.accounts ?? 0,
      evidence: evidenceCounts.get(ent) ?? 0,
      activity: activity.get(ent) ?? 0,
      preview,
      suggestions: suggestions.get(ent) ?? 0,
      inUse: (st?.in_use ?? 0) === 1,
      nodes: group.length,
      evidenceIds: [...evidenceIds].sort((a, b) => a - b),
      accountsBrief,
      values,
      hay: hay.filter(Boolean).join('\u0001'),
    });
  }
  return rows;
}

/** Every listed entity's row in id order, built afresh: what the cached (and patched) index must always equal. */
export function buildEntityRows(db: SqlDb): EntityRowWire[] {
  return buildRows(db, null)
    .filter((r) => r.inUse)
    .sort((a, b) => a.id - b.id)
    .map(toRow);
}

let fullBuilds = 0;
/** How many times a whole index was built in this process (a patched decision must not add one). */
export function workbenchFullBuilds(): number {
  return fullBuilds;
}

function buildIndex(db: SqlDb, stamp: string): WorkbenchIndex {
  fullBuilds++;
  const rows = buildRows(db, null);
  return { stamp, byId: new Map(rows.map((r) => [r.id, r])), rows, sorted: new Map() };
}

/** The case's entity index, rebuilt when an import or decision has changed anything since it was built. */
export function workbenchIndex(db: SqlDb): WorkbenchIndex {
  const stamp = workbenchStamp(db);
  const cached = indexes.get(db);
  if (cached && cached.stamp === stamp) return cached;
  const built = buildIndex(db, stamp);
  indexes.set(db, built);
  return built;
}

/**
 * After a decision: if the index was current just before it, replace only the rows of the entities the decision
 * touched (before and after) instead of rebuilding 100k rows. A decision changes nothing else: other entities keep
 * their nodes, names, events, and their open suggestions (a pair between the two joined sides counts only for them).
 */
function patchIndex(db: SqlDb, stampBefore: string, touched: readonly number[]): void {
  const ix = indexes.get(db);
  if (!ix || ix.stamp !== stampBefore) return;
  const ids = [...new Set(touched)];
  const fresh = buildRows(db, ids);
  for (const id of ids) ix.byId.delete(id);
  for (const r of fresh) ix.byId.set(r.id, r);
  ix.rows = [...ix.byId.values()];
  ix.sorted.clear();
  ix.stamp = workbenchStamp(db);
}

const COMPARE: Record<EntitySort, (a: IndexedEntity, b: IndexedEntity) => number> = {
  activity: (a, b) => a.activity - b.activity,
  evidence: (a, b) => a.evidence - b.evidence || a.activity - b.activity,
  identifiers: (a, b) => a.identifiers + a.accounts - (b.identifiers + b.accounts) || a.activity - b.activity,
  name: (a, b) => collator.compare(a.name, b.name),
  id: (a, b) => a.id - b.id,
};

function sortedRows(ix: WorkbenchIndex, sort: EntitySort, descending: boolean): IndexedEntity[] {
  const key = `${sort}:${descending ? 'd' : 'a'}`;
  let rows = ix.sorted.get(key);
  if (!rows) {
    const cmp = COMPARE[sort];
    // Ties are broken by id, always ascending, so a page boundary never moves between two requests.
    rows = [...ix.rows].sort((a, b) => (descending ? cmp(b, a) : cmp(a, b)) || a.id - b.id);
    ix.sorted.set(key, rows);
  }
  return rows;
}

export interface EntityPageRequest {
  query?: string;
  sort: EntitySort;
  descending?: boolean;
  linkedOnly?: boolean;
  offset: number;
  limit: number;
}

function toRow(e: IndexedEntity): EntityRowWire {
  return { id: e.id, name: e.name, nameFlags: e.nameFlags, flags: e.flags, identifiers: e.identifiers, accounts: e.accounts, evidence: e.evidence, activity: e.activity, preview: e.preview, suggestions: e.suggestions };
}

/**
 * One page of the entity list. Entities whose identifiers are only mentioned in messages are left out (as in
 * `threadline entities`). A query matches names (also spelled with look-alike letters), identifiers and account
 * names as substrings, an identifier written in any form (normalised in the case's region) exactly, or `#id`.
 */
export function entityPage(db: SqlDb, r: EntityPageRequest): EntityPageWire {
  const ix = workbenchIndex(db);
  const notes: string[] = [];
  let rows = sortedRows(ix, r.sort, r.descending ?? (r.sort !== 'name' && r.sort !== 'id')).filter((e) => e.inUse && (!r.linkedOnly || e.nodes > 1));
  const q = r.query?.trim() ?? '';
  if (q) {
    const text = lower(q);
    const folded = skeleton(q);
    const idm = /^#(\d+)$/.exec(q);
    const region = (caseRegion(db) ?? undefined) as CountryCode | undefined;
    const cl = classifyIdentifier(q, { region });
    const exact = cl && cl.valid ? `${cl.kind}\u0001${cl.value}` : null;
    if (exact && cl && cl.value.toLowerCase() !== text) notes.push(`Also read as ${cl.kind} ${cl.value}.`);
    rows = rows.filter((e) => (idm !== null && e.id === Number(idm[1])) || (exact !== null && e.values.has(exact)) || e.hay.includes(text) || (folded !== text && e.hay.includes(folded)));
  }
  return { total: rows.length, offset: r.offset, rows: rows.slice(r.offset, r.offset + r.limit).map(toRow), stamp: ix.stamp, notes };
}

// ------------------------------------------------------------------------------------------ the card

const EVENT_KIND_OF_TABLE: Record<string, EventKind> = { messages: 'message', calls: 'call', contacts: 'contact', transactions: 'transaction' };

function recordRef(db: SqlDb, table: string, id: number): OccurrenceWire['record'] {
  const kind = EVENT_KIND_OF_TABLE[table] ?? null;
  const key = kind ? eventKeyOfRecord(db, kind, id) : null;
  return { table, id, kind, eventKey: key === null ? null : key.toString() };
}

function nodeRefWire(n: NodeRow | undefined, id: number): NodeRefWire {
  if (!n) return { node: id, kind: 'node', value: `#${id}`, label: `node #${id}` };
  if (n.type === 'account') return { node: n.id, kind: 'account', value: `account:${n.account_id}`, label: `${n.acc_platform ?? ''} account "${n.acc_display ?? n.acc_key ?? ''}" (E${n.acc_evidence})` };
  return { node: n.id, kind: n.kind!, value: n.value!, label: `${n.kind} ${n.value}` };
}

function ruleText(rule: string): string {
  return (AUTO_RULES as Record<string, string>)[rule] ?? (EXAMINER_RULES as Record<string, string>)[rule] ?? (SUGGESTION_RULES as Record<string, string>)[rule] ?? `Rule "${rule}".`;
}

/** Occurrences listed per identifier; a sender's thousand messages are already one grouped occurrence. */
const MAX_OCCURRENCES = 200;

function occurrenceWire(db: SqlDb, o: OccurrenceRow, cite: (t: string, id: number) => string | null): OccurrenceWire {
  let excerpt: string | null = null;
  if (o.role === 'mentioned' && o.src_table === 'messages') {
    const m = messageText(db, o.src_id);
    if (m) excerpt = m.body.length > 160 ? `${m.body.slice(0, 159)}…` : m.body;
  }
  return { role: o.role, evidence: o.evidence_id, source: cite(o.src_table, o.src_id), raw: o.raw, count: o.count, label: o.label, flags: parseFlags(o.flags), record: recordRef(db, o.src_table, o.src_id), excerpt };
}

function decisionRef(d: DecisionRow): LinkWire['decision'] {
  return { id: d.id, kind: d.kind, why: d.why, examiner: d.examiner, at: d.ts_utc };
}

function linkWire(db: SqlDb, e: EdgeRow, nodes: Map<number, NodeRow>, cite: (t: string, id: number) => string | null): LinkWire {
  for (const id of [e.a, e.b]) {
    if (!nodes.has(id)) {
      const n = nodeById(db, id);
      if (n) nodes.set(id, n);
    }
  }
  const a = nodes.get(e.a);
  const b = nodes.get(e.b);
  const d = e.decision_id === null ? undefined : decisionById(db, e.decision_id);
  return {
    id: e.id,
    rule: e.rule,
    automatic: e.decision_id === null,
    ruleText: ruleText(e.rule),
    a: nodeRefWire(a, e.a),
    b: nodeRefWire(b, e.b),
    shared: [a, b].filter((n): n is NodeRow => n?.type === 'identifier').map((n) => `${n.kind} ${n.value}`),
    evidence: e.evidence_id,
    source: e.src_table && e.src_id !== null ? cite(e.src_table, e.src_id) : null,
    record: e.src_table && e.src_id !== null ? recordRef(db, e.src_table, e.src_id) : null,
    count: e.count,
    decision: d ? decisionRef(d) : null,
    active: e.active === 1,
  };
}

function decisionSummary(db: SqlDb, d: DecisionRow): string {
  const label = (id: number | null) => (id === null ? '?' : nodeRefWire(nodeById(db, id), id).label);
  switch (d.kind) {
    case 'confirm':
      return `Confirmed suggestion #${d.suggestion_id}: ${label(d.a_node)} and ${label(d.b_node)} are one person.`;
    case 'reject':
      return `Rejected suggestion #${d.suggestion_id}: ${label(d.a_node)} and ${label(d.b_node)} are not shown to be one person.`;
    case 'merge':
      return `Merged entity ${d.a_node} with entity ${d.b_node}.`;
    case 'split': {
      const det = JSON.parse(d.details_json) as { entity?: number };
      return `Split ${label(d.a_node)} off entity ${det.entity ?? '?'}.`;
    }
    case 'name':
      return `Named entity ${d.a_node} "${d.name ?? ''}".`;
    case 'undo': {
      const det = JSON.parse(d.details_json) as { kind?: string };
      return `Undid decision ${d.undoes} (${det.kind ?? '?'}).`;
    }
    default: {
      const never: never = d.kind;
      throw new Error(`Unexpected decision kind ${String(never)}`);
    }
  }
}

function decisionWire(db: SqlDb, d: DecisionRow): DecisionWire {
  const ents = new Set<number>();
  // Merge and name decisions name entities by their smallest node, which is a node id too.
  for (const n of [d.a_node, d.b_node]) {
    if (n === null) continue;
    const e = entityOfNode(db, n);
    if (e !== undefined) ents.add(e);
  }
  return { id: d.id, kind: d.kind, why: d.why, examiner: d.examiner, at: d.ts_utc, suggestion: d.suggestion_id, undoneBy: d.undone_by, undoes: d.undoes, name: d.name, entities: [...ents].sort((a, b) => a - b), summary: decisionSummary(db, d) };
}

/** Decisions, newest first: every one, or those about one entity. */
export function decisionHistory(db: SqlDb, entity: number | null, limit: number): DecisionWire[] {
  return recentDecisionIds(db, entity, limit).map((id) => decisionWire(db, decisionById(db, id)!));
}

function side(db: SqlDb, ix: WorkbenchIndex, nodeId: number): SuggestionSideWire {
  const n = nodeById(db, nodeId);
  const ent = n?.entity_id ?? nodeId;
  const e = ix.byId.get(ent);
  return {
    entity: ent,
    name: e?.name ?? `entity ${ent}`,
    nameFlags: e?.nameFlags ?? [],
    node: nodeRefWire(n, nodeId),
    identifiers: e?.preview ?? [],
    accounts: e?.accountsBrief ?? [],
    evidence: e?.evidenceIds ?? [],
    activity: e?.activity ?? 0,
  };
}

function suggestionWire(db: SqlDb, ix: WorkbenchIndex, id: number): SuggestionWire {
  const s = suggestionById(db, id)!;
  return {
    id: s.id,
    rule: s.rule,
    ruleText: ruleText(s.rule),
    score: s.score,
    status: s.status,
    reasons: JSON.parse(s.reasons_json) as string[],
    source: s.src_table ? (citeRecord(db, s.src_table, s.src_id)?.cite ?? null) : null,
    evidence: s.evidence_id,
    decision: s.decision_id,
    sides: [side(db, ix, s.a_node), side(db, ix, s.b_node)],
  };
}

/**
 * The suggestions queue: open pairs between different entities, best score first, one page. Pass `after` (the
 * previous page's `next`) to page by key; `next` is null once the page comes back short (nothing after it).
 */
export function suggestionPage(db: SqlDb, r: { entity?: number; offset: number; limit: number; after?: { score: number; id: number } }): SuggestionPageWire {
  const ix = workbenchIndex(db);
  const p = openSuggestionPage(db, r.entity ?? null, r.offset, r.limit, r.after ?? null);
  return { total: p.total, offset: r.offset, rows: p.ids.map((id) => suggestionWire(db, ix, id)), next: p.ids.length === r.limit ? p.last : null };
}

function requireEntity(db: SqlDb, id: number): void {
  if (!entityExists(db, id)) throw new ThreadlineError('NOT_FOUND', `There is no entity ${id}.`, { hint: 'It may have been merged into another one: reload the entity list.' });
}

/** Everything the card shows about one entity. */
export function entityCard(db: SqlDb, entityId: number, opts: { buckets?: number } = {}): EntityCardWire {
  requireEntity(db, entityId);
  const ix = workbenchIndex(db);
  const x = explainEntity(db, entityId);
  const nodes = entityNodes(db, entityId);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const cites = new Map<string, string | null>();
  const cite = (t: string, id: number) => {
    const k = `${t}:${id}`;
    if (!cites.has(k)) cites.set(k, citeRecord(db, t, id)?.cite ?? null);
    return cites.get(k) ?? null;
  };
  const occ = entityOccurrences(db, entityId);
  const byNode = new Map<number, OccurrenceRow[]>();
  for (const o of occ) {
    const l = byNode.get(o.node_id);
    if (l) l.push(o);
    else byNode.set(o.node_id, [o]);
  }
  const identifiers: IdentifierCardWire[] = nodes
    .filter((n) => n.type === 'identifier')
    .map((n) => {
      const mine = byNode.get(n.id) ?? [];
      const listed = mine.slice(0, MAX_OCCURRENCES);
      const raw = [...new Set(mine.filter((o) => o.role !== 'mentioned').map((o) => o.raw))];
      return {
        node: n.id,
        kind: n.kind!,
        value: n.value!,
        valid: n.valid === 1,
        flags: parseFlags(n.flags),
        mentionedOnly: n.used !== 1,
        raw,
        seen: listed.filter((o) => o.role !== 'mentioned').map((o) => occurrenceWire(db, o, cite)),
        mentioned: listed.filter((o) => o.role === 'mentioned').map((o) => occurrenceWire(db, o, cite)),
        more: mine.length - listed.length,
      };
    });
  const accountIds = nodes.filter((n) => n.type === 'account').map((n) => n.account_id!);
  const perAccount = accountEventCounts(db, accountIds);
  const apps = new Map<string, AccountCardWire[]>();
  for (const a of x.accounts) {
    const l = apps.get(a.platform) ?? [];
    l.push({ node: a.node, id: a.id, evidence: a.evidence, key: a.key, display: a.display, owner: a.owner, source: a.source, events: perAccount.get(a.id) ?? 0 });
    apps.set(a.platform, l);
  }
  const edges = entityEdges(db, entityId);
  const span = partyEventSpan(db, accountIds);
  const n = opts.buckets ?? 40;
  let buckets: EntityCardWire['activity']['buckets'] = [];
  if (span.first !== null && span.last !== null) {
    const width = Math.max(1, Math.ceil((span.last + 1 - span.first) / n));
    buckets = partyEventBuckets(db, accountIds, span.first, width, n).map((count, i) => ({
      start: new Date(span.first! + i * width).toISOString(),
      end: new Date(span.first! + (i + 1) * width).toISOString(),
      count,
    }));
  }
  const row = ix.byId.get(entityId);
  const flags = new Set<string>([...(row?.flags ?? []), ...lookalikeFlags(x.name)]);
  return {
    id: x.id,
    name: x.name,
    nameFrom: x.nameFrom,
    nameFlags: lookalikeFlags(x.name),
    flags: [...flags].sort(),
    identifiers,
    apps: [...apps.entries()].sort((a, b) => collator.compare(a[0], b[0])).map(([platform, accounts]) => ({ platform, accounts })),
    names: x.names,
    links: edges.filter((e) => e.active === 1).map((e) => linkWire(db, e, byId, cite)),
    inactiveLinks: edges.filter((e) => e.active !== 1).map((e) => linkWire(db, e, byId, cite)),
    activity: { events: span.n, first: span.first === null ? null : new Date(span.first).toISOString(), last: span.last === null ? null : new Date(span.last).toISOString(), buckets },
    evidence: x.evidence,
    decisions: decisionHistory(db, entityId, 200),
    suggestions: openSuggestionPage(db, entityId, 0, 50).ids.map((id) => suggestionWire(db, ix, id)),
  };
}

// ------------------------------------------------------------------------------------------ decisions

export type WorkbenchDecision = DecisionRequest;

/** One examiner decision, by the case's acting examiner, audited by the engine function it calls. */
export function decide(c: Case, d: WorkbenchDecision): DecisionResultWire {
  const why = d.why.trim();
  if (why.length < MIN_JUSTIFICATION) {
    throw new ThreadlineError('BAD_ARGUMENT', `The justification is too short (${why.length} characters; at least ${MIN_JUSTIFICATION}).`, {
      hint: 'Say what evidence supports the decision: it is recorded in the audit log and may be read in court.',
    });
  }
  const stampBefore = workbenchStamp(c.db);
  let r: DecisionResult;
  switch (d.action) {
    case 'confirm':
      r = confirmSuggestion(c, d.suggestion, why);
      break;
    case 'reject':
      r = rejectSuggestion(c, d.suggestion, why);
      break;
    case 'merge':
      r = mergeEntities(c, d.a, d.b, why);
      break;
    case 'split':
      r = splitIdentifier(c, d.entity, `#${d.node}`, why);
      break;
    case 'rename':
      r = nameEntity(c, d.entity, d.name, why);
      break;
    case 'undo':
      r = undoDecision(c, d.decision, why);
      break;
    default: {
      const never: never = d;
      throw new Error(`Unexpected decision ${JSON.stringify(never)}`);
    }
  }
  patchIndex(c.db, stampBefore, [...r.before, ...r.after]);
  return { decision: r.decision, kind: r.kind, before: r.before, after: r.after, undoes: r.undoes ?? null, examiner: c.examiner };
}
