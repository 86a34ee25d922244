/**
 * Entities as people read them: the listing (`threadline entities`) and the full explanation of one entity
 * (`threadline explain`) — which identifiers and accounts, seen where (evidence item, line/row/path), linked
 * by which rule on which records, which examiner decisions, what is merely mentioned, and open suggestions.
 */
import type { SqlDb } from '../db/case-db';
import {
  activeNameDecisions,
  allNames,
  allNodesByEntity,
  allRawForms,
  allActiveEdges,
  citeRecord,
  decisionById,
  entityDecisions,
  entityEdges,
  entityExists,
  entityGivenName,
  entityNames,
  entityNodes,
  entityOccurrences,
  messageText,
  nodeById,
  occurrenceRecords,
  allSuggestions,
  type EdgeRow,
  type NameRow,
  type NodeRow,
  type SuggestionRow,
} from '../db/read/identity';
import { ThreadlineError } from '../errors';
import { ROLES_IN_USE } from './rules';

export interface NodeRef {
  node: number;
  kind: string;
  /** Normalised identifier, or `account:<id>` for an account. */
  value: string;
}

export interface LinkOut {
  id: number;
  rule: string;
  a: NodeRef;
  b: NodeRef;
  /** Evidence item of the records behind an automatic link; null for an examiner's link. */
  evidence: number | null;
  /** The first record behind it, cited (file:line / path). */
  source: string | null;
  /** How many records in that evidence item state it. */
  count: number;
  decision: { id: number; why: string; examiner: string; at: string } | null;
  active: boolean;
}

export interface EntityListItem {
  id: number;
  name: string;
  /** raw: every form the identifier was written in where it is in use; mentionedAs: forms only mentioned in messages. */
  identifiers: { kind: string; value: string; raw: string[]; mentionedAs: string[]; valid: boolean; flags: string[]; mentionedOnly: boolean }[];
  accounts: { id: number; evidence: number; platform: string; key: string; display: string | null; owner: boolean }[];
  evidence: number[];
  links: LinkOut[];
  flags: string[];
}

export function parseFlags(s: string | null): string[] {
  if (!s) return [];
  try {
    return JSON.parse(s) as string[];
  } catch {
    return [];
  }
}

export function nodeRef(n: NodeRow): NodeRef {
  return n.type === 'account' ? { node: n.id, kind: 'account', value: `account:${n.account_id}` } : { node: n.id, kind: n.kind!, value: n.value! };
}

/** The name people will see: an examiner's name, else the most frequent display name, else an identifier. */
export function chooseName(given: string | undefined, names: NameRow[], nodes: NodeRow[]): string {
  if (given) return given;
  // A name written in a message beside a number is weaker than a display name the source shows.
  const shown = names.filter((nm) => nm.src_table !== 'messages');
  const pool = shown.length ? shown : names;
  if (pool.length) {
    const counts = new Map<string, { n: number; first: number; name: string }>();
    for (const nm of pool) {
      const c = counts.get(nm.norm);
      if (c) c.n++;
      else counts.set(nm.norm, { n: 1, first: nm.id, name: nm.name });
    }
    return [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first)[0]!.name;
  }
  const id = nodes.find((n) => n.type === 'identifier' && n.valid === 1) ?? nodes.find((n) => n.type === 'identifier');
  if (id) return id.value!;
  const acc = nodes[0];
  return acc ? (acc.acc_display ?? acc.acc_key ?? `entity ${acc.entity_id}`) : '';
}

function linkOut(db: SqlDb, e: EdgeRow, nodes: Map<number, NodeRow>, cache: Map<string, string | null>): LinkOut {
  const ref = (id: number) => {
    const n = nodes.get(id);
    return n ? nodeRef(n) : { node: id, kind: 'node', value: `#${id}` };
  };
  let source: string | null = null;
  if (e.src_table && e.src_id !== null) {
    const key = `${e.src_table}:${e.src_id}`;
    if (!cache.has(key)) cache.set(key, citeRecord(db, e.src_table, e.src_id)?.cite ?? null);
    source = cache.get(key) ?? null;
  }
  let decision: LinkOut['decision'] = null;
  if (e.decision_id !== null) {
    const d = decisionById(db, e.decision_id);
    if (d) decision = { id: d.id, why: d.why, examiner: d.examiner, at: d.ts_utc };
  }
  return { id: e.id, rule: e.rule, a: ref(e.a), b: ref(e.b), evidence: e.evidence_id, source, count: e.count, decision, active: e.active === 1 };
}

export interface ListOptions {
  /** Include entities whose identifiers are only mentioned in messages (never seen in use). */
  includeMentionedOnly?: boolean;
  /** Only entities with at least this many nodes (2 = only linked ones). */
  minNodes?: number;
}

/** Every entity, for `threadline entities --json` (the contract other tools read). */
export function listEntities(db: SqlDb, opts: ListOptions = {}): EntityListItem[] {
  const nodes = allNodesByEntity(db);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const raws = new Map<number, { raw: Set<string>; mentioned: Set<string>; evidence: Set<number> }>();
  for (const r of allRawForms(db)) {
    let x = raws.get(r.node_id);
    if (!x) raws.set(r.node_id, (x = { raw: new Set(), mentioned: new Set(), evidence: new Set() }));
    // Mentions are kept apart from uses: they say nothing about who uses the identifier.
    if ((ROLES_IN_USE as readonly string[]).includes(r.role)) {
      x.raw.add(r.raw);
      x.evidence.add(r.evidence_id);
    } else x.mentioned.add(r.raw);
  }
  // Newest first: the first decision seen for a node is the one in force for it.
  const given = new Map<number, { name: string; id: number }>();
  for (const d of activeNameDecisions(db)) if (!given.has(d.a_node)) given.set(d.a_node, { name: d.name, id: d.id });
  const namesByEntity = new Map<number, NameRow[]>();
  for (const nm of allNames(db)) {
    const l = namesByEntity.get(nm.entity_id);
    if (l) l.push(nm);
    else namesByEntity.set(nm.entity_id, [nm]);
  }
  const edgesByEntity = new Map<number, EdgeRow[]>();
  for (const e of allActiveEdges(db)) {
    const ent = byId.get(e.a)?.entity_id;
    if (ent === undefined) continue;
    const l = edgesByEntity.get(ent);
    if (l) l.push(e);
    else edgesByEntity.set(ent, [e]);
  }
  const cache = new Map<string, string | null>();
  const out: EntityListItem[] = [];
  for (let i = 0; i < nodes.length; ) {
    const ent = nodes[i]!.entity_id;
    const group: NodeRow[] = [];
    while (i < nodes.length && nodes[i]!.entity_id === ent) group.push(nodes[i++]!);
    if (group.length < (opts.minNodes ?? 1)) continue;
    const inUse = group.some((n) => n.type === 'account' || n.used === 1);
    if (!inUse && !opts.includeMentionedOnly) continue;
    // The latest name decision among the entity's nodes wins.
    let name: string | undefined;
    let best = -1;
    for (const n of group) {
      const d = given.get(n.id);
      if (d && d.id > best) {
        best = d.id;
        name = d.name;
      }
    }
    const evidence = new Set<number>();
    const flags = new Set<string>();
    const identifiers: EntityListItem['identifiers'] = [];
    const accounts: EntityListItem['accounts'] = [];
    for (const n of group) {
      const r = raws.get(n.id);
      r?.evidence.forEach((e) => evidence.add(e));
      if (n.type === 'account') {
        evidence.add(n.acc_evidence!);
        accounts.push({ id: n.account_id!, evidence: n.acc_evidence!, platform: n.acc_platform!, key: n.acc_key!, display: n.acc_display, owner: n.acc_owner === 1 });
      } else {
        const f = parseFlags(n.flags);
        f.forEach((x) => flags.add(x));
        identifiers.push({ kind: n.kind!, value: n.value!, raw: r ? [...r.raw] : [], mentionedAs: r ? [...r.mentioned] : [], valid: n.valid === 1, flags: f, mentionedOnly: n.used !== 1 });
      }
    }
    out.push({
      id: ent,
      name: chooseName(name, namesByEntity.get(ent) ?? [], group),
      identifiers,
      accounts,
      evidence: [...evidence].sort((a, b) => a - b),
      links: (edgesByEntity.get(ent) ?? []).map((e) => linkOut(db, e, byId, cache)),
      flags: [...flags],
    });
  }
  return out;
}

export interface OccurrenceOut {
  role: string;
  evidence: number;
  source: string | null;
  raw: string;
  count: number;
  /** With `records`: the ids (in the source's table) of every record this occurrence stands for. */
  records?: { table: string; ids: number[] };
  label: string | null;
  flags: string[];
}

export interface SuggestionOut {
  id: number;
  rule: string;
  score: number;
  status: 'open' | 'confirmed' | 'rejected';
  /** The two entities as they stand now. */
  entities: [number, number];
  nodes: [NodeRef, NodeRef];
  reasons: string[];
  source: string | null;
  evidence: number | null;
  decision: number | null;
}

export interface EntityExplanation {
  id: number;
  name: string;
  nameFrom: string;
  identifiers: { node: number; kind: string; value: string; valid: boolean; flags: string[]; mentionedOnly: boolean; seen: OccurrenceOut[]; mentioned: OccurrenceOut[] }[];
  accounts: { node: number; id: number; evidence: number; platform: string; key: string; display: string | null; owner: boolean; source: string | null }[];
  names: { name: string; evidence: number; source: string | null; flags: string[] }[];
  links: LinkOut[];
  /** Links that used to join this entity's nodes but were cut or undone. */
  inactiveLinks: LinkOut[];
  decisions: { id: number; kind: string; why: string; examiner: string; at: string; undoneBy: number | null; undoes: number | null; name: string | null }[];
  suggestions: SuggestionOut[];
  evidence: number[];
}

function nodeMap(db: SqlDb, ids: Iterable<number>, known: Map<number, NodeRow>): Map<number, NodeRow> {
  for (const id of ids) {
    if (known.has(id)) continue;
    const n = nodeById(db, id);
    if (n) known.set(id, n);
  }
  return known;
}

export function suggestionOut(db: SqlDb, s: SuggestionRow, known = new Map<number, NodeRow>()): SuggestionOut {
  nodeMap(db, [s.a_node, s.b_node], known);
  const ref = (id: number) => (known.get(id) ? nodeRef(known.get(id)!) : { node: id, kind: 'node', value: `#${id}` });
  return {
    id: s.id,
    rule: s.rule,
    score: s.score,
    status: s.status,
    entities: [s.a_entity, s.b_entity],
    nodes: [ref(s.a_node), ref(s.b_node)],
    reasons: JSON.parse(s.reasons_json) as string[],
    source: s.src_table ? (citeRecord(db, s.src_table, s.src_id)?.cite ?? null) : null,
    evidence: s.evidence_id,
    decision: s.decision_id,
  };
}

export interface SuggestionFilter {
  /** Include confirmed/rejected ones and those whose two sides are already one entity. */
  all?: boolean;
  rule?: string;
  entity?: number;
}

export function listSuggestions(db: SqlDb, f: SuggestionFilter = {}): SuggestionOut[] {
  const known = new Map<number, NodeRow>();
  return allSuggestions(db)
    .filter((s) => f.all || (s.status === 'open' && s.a_entity !== s.b_entity))
    .filter((s) => !f.rule || s.rule === f.rule)
    .filter((s) => f.entity === undefined || s.a_entity === f.entity || s.b_entity === f.entity)
    .map((s) => suggestionOut(db, s, known));
}

/** `records`: also list every record behind grouped occurrences (a sender's messages, a number's calls). */
export function explainEntity(db: SqlDb, entityId: number, opts: { records?: boolean } = {}): EntityExplanation {
  if (!entityExists(db, entityId)) throw new ThreadlineError('NOT_FOUND', `There is no entity ${entityId}.`, { hint: 'List entities with `threadline entities CASE`.' });
  const nodes = entityNodes(db, entityId);
  const known = new Map(nodes.map((n) => [n.id, n]));
  const cache = new Map<string, string | null>();
  const citeCached = (table: string, id: number) => {
    const key = `${table}:${id}`;
    if (!cache.has(key)) cache.set(key, citeRecord(db, table, id)?.cite ?? null);
    return cache.get(key) ?? null;
  };
  const occ = entityOccurrences(db, entityId);
  const evidence = new Set<number>();
  const identifiers: EntityExplanation['identifiers'] = [];
  const accounts: EntityExplanation['accounts'] = [];
  for (const n of nodes) {
    if (n.type === 'account') {
      evidence.add(n.acc_evidence!);
      accounts.push({ node: n.id, id: n.account_id!, evidence: n.acc_evidence!, platform: n.acc_platform!, key: n.acc_key!, display: n.acc_display, owner: n.acc_owner === 1, source: citeCached('accounts', n.account_id!) });
      continue;
    }
    const mine = occ.filter((o) => o.node_id === n.id);
    const out = (o: (typeof occ)[number]): OccurrenceOut => {
      let source = citeCached(o.src_table, o.src_id);
      if (o.role === 'mentioned') {
        const m = messageText(db, o.src_id);
        if (m) source = `${source ?? ''} — "${m.body.length > 120 ? `${m.body.slice(0, 119)}…` : m.body}"`;
      }
      const x: OccurrenceOut = { role: o.role, evidence: o.evidence_id, source, raw: o.raw, count: o.count, label: o.label, flags: parseFlags(o.flags) };
      if (opts.records) x.records = { table: o.src_table, ids: occurrenceRecords(db, o) };
      return x;
    };
    const seen = mine.filter((o) => o.role !== 'mentioned').map(out);
    seen.forEach((o) => evidence.add(o.evidence));
    identifiers.push({ node: n.id, kind: n.kind!, value: n.value!, valid: n.valid === 1, flags: parseFlags(n.flags), mentionedOnly: n.used !== 1, seen, mentioned: mine.filter((o) => o.role === 'mentioned').map(out) });
  }
  const names = entityNames(db, entityId);
  const given = entityGivenName(db, entityId);
  const edges = entityEdges(db, entityId);
  nodeMap(db, edges.flatMap((e) => [e.a, e.b]), known);
  const links = edges.filter((e) => e.active === 1).map((e) => linkOut(db, e, known, cache));
  const inactiveLinks = edges.filter((e) => e.active !== 1).map((e) => linkOut(db, e, known, cache));
  const name = chooseName(given?.name, names, nodes);
  return {
    id: entityId,
    name,
    nameFrom: given ? `examiner decision ${given.decision}` : names.length ? 'most frequent display name' : 'first identifier (no display name seen)',
    identifiers,
    accounts,
    names: names.map((nm) => ({ name: nm.name, evidence: nm.evidence_id, source: citeCached(nm.src_table, nm.src_id), flags: parseFlags(nm.flags) })),
    links,
    inactiveLinks,
    decisions: entityDecisions(db, entityId).map((d) => ({ id: d.id, kind: d.kind, why: d.why, examiner: d.examiner, at: d.ts_utc, undoneBy: d.undone_by, undoes: d.undoes, name: d.name })),
    suggestions: listSuggestions(db, { entity: entityId }),
    evidence: [...evidence].sort((a, b) => a - b),
  };
}
