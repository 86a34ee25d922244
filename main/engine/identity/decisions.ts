/**
 * Examiner decisions about identity: confirm or reject a suggestion, merge two entities, split an identifier
 * off an entity, name an entity, undo any of these. Each needs a justification, is stored append-only, is
 * written to the audit log in the same transaction, and changes only derived state (edges' active flag,
 * entity labels), so every decision can be undone.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { Case } from '../case';
import {
  caseRegion,
  cutsOfDecision,
  decisionById,
  edgeById,
  edgeShouldBeActive,
  edgesOfDecision,
  edgesTouching,
  entityExists,
  entityNodes,
  entityOfNode,
  suggestionById,
  type NodeRow,
} from '../db/read/identity';
import { IdentityWriter } from '../db/write/identity';
import { ThreadlineError } from '../errors';
import type { IdentifierKind } from '../model/records';
import { joinEntities, recomputeEntity } from './components';
import { classifyIdentifier, normaliseIdentifier } from './normalise';

export type DecisionKind = 'confirm' | 'reject' | 'merge' | 'split' | 'name' | 'undo';

export interface DecisionResult {
  decision: number;
  kind: DecisionKind;
  /** Entities the decision touched, before and after. */
  before: number[];
  after: number[];
  suggestion?: number;
  edges?: number[];
  undoes?: number;
}

function requireWhy(why: string | undefined): string {
  const w = why?.trim();
  if (!w) {
    throw new ThreadlineError('BAD_ARGUMENT', 'Every identity decision needs a justification.', {
      hint: 'Add --why "…" saying what evidence supports the decision (it is recorded in the audit log).',
    });
  }
  return w;
}

function requireEntity(c: Case, id: number): void {
  if (!Number.isInteger(id) || !entityExists(c.db, id)) {
    throw new ThreadlineError('NOT_FOUND', `There is no entity ${id}.`, { hint: 'List entities with `threadline entities CASE`.' });
  }
}

function nodeLabel(n: NodeRow): string {
  return n.type === 'account' ? `account ${n.account_id} (${n.acc_platform ?? ''} "${n.acc_display ?? n.acc_key ?? ''}", E${n.acc_evidence})` : `${n.kind} ${n.value}`;
}

export function confirmSuggestion(c: Case, suggestionId: number, why: string): DecisionResult {
  const reason = requireWhy(why);
  return c.audited('identity-confirmed', () => {
    const s = suggestionById(c.db, suggestionId);
    if (!s) throw new ThreadlineError('NOT_FOUND', `There is no suggestion ${suggestionId}.`, { hint: 'List suggestions with `threadline suggestions CASE`.' });
    if (s.status !== 'open') {
      throw new ThreadlineError('BAD_ARGUMENT', `Suggestion ${suggestionId} is already ${s.status}.`, { hint: `Undo decision ${s.decision_id} first if it was wrong (\`threadline decide CASE --undo ${s.decision_id} --why …\`).` });
    }
    const w = new IdentityWriter(c.db);
    const decision = w.insertDecision({ kind: 'confirm', suggestion_id: s.id, a_node: s.a_node, b_node: s.b_node, name: null, undoes: null, why: reason, examiner: c.examiner, details: { rule: s.rule, score: s.score, reasons: JSON.parse(s.reasons_json) as unknown } });
    const edge = w.insertDecisionEdge(s.a_node, s.b_node, 'examiner-confirmed', decision);
    const root = joinEntities(w, s.a_entity, s.b_entity);
    w.setSuggestionStatus(s.id, 'confirmed', decision);
    const result: DecisionResult = { decision, kind: 'confirm', before: [...new Set([s.a_entity, s.b_entity])], after: [root], suggestion: s.id, edges: [edge] };
    return { result, details: { ...result, why: reason, rule: s.rule, score: s.score, nodes: [s.a_node, s.b_node] } };
  });
}

export function rejectSuggestion(c: Case, suggestionId: number, why: string): DecisionResult {
  const reason = requireWhy(why);
  return c.audited('identity-rejected', () => {
    const s = suggestionById(c.db, suggestionId);
    if (!s) throw new ThreadlineError('NOT_FOUND', `There is no suggestion ${suggestionId}.`, { hint: 'List suggestions with `threadline suggestions CASE`.' });
    if (s.status !== 'open') {
      throw new ThreadlineError('BAD_ARGUMENT', `Suggestion ${suggestionId} is already ${s.status}.`, { hint: `Undo decision ${s.decision_id} first if it was wrong.` });
    }
    const w = new IdentityWriter(c.db);
    const decision = w.insertDecision({ kind: 'reject', suggestion_id: s.id, a_node: s.a_node, b_node: s.b_node, name: null, undoes: null, why: reason, examiner: c.examiner, details: { rule: s.rule, score: s.score } });
    w.setSuggestionStatus(s.id, 'rejected', decision);
    const ents = [...new Set([s.a_entity, s.b_entity])];
    const result: DecisionResult = { decision, kind: 'reject', before: ents, after: ents, suggestion: s.id };
    return { result, details: { ...result, why: reason, rule: s.rule, nodes: [s.a_node, s.b_node] } };
  });
}

export function mergeEntities(c: Case, a: number, b: number, why: string): DecisionResult {
  const reason = requireWhy(why);
  requireEntity(c, a);
  requireEntity(c, b);
  if (a === b) throw new ThreadlineError('BAD_ARGUMENT', `Entity ${a} cannot be merged with itself.`, { hint: 'Name two different entities.' });
  return c.audited('identity-merged', () => {
    const w = new IdentityWriter(c.db);
    // An entity's id is its smallest node: the link is made between those two nodes.
    const decision = w.insertDecision({ kind: 'merge', suggestion_id: null, a_node: a, b_node: b, name: null, undoes: null, why: reason, examiner: c.examiner, details: { entities: [a, b] } });
    const edge = w.insertDecisionEdge(a, b, 'examiner-merged', decision);
    const root = joinEntities(w, a, b);
    const result: DecisionResult = { decision, kind: 'merge', before: [a, b].sort((x, y) => x - y), after: [root], edges: [edge] };
    return { result, details: { ...result, why: reason } };
  });
}

/**
 * Finds the node an examiner means inside an entity: `#12` (node id), `account:7` (accounts.id), or an
 * identifier written in any form (normalised in the case's region).
 */
export function resolveNodeRef(c: Case, entityId: number, ref: string): NodeRow {
  const nodes = entityNodes(c.db, entityId);
  const t = ref.trim();
  let m = /^#(\d+)$/.exec(t);
  if (m) {
    const n = nodes.find((x) => x.id === Number(m![1]));
    if (n) return n;
  }
  m = /^account:(\d+)$/i.exec(t);
  if (m) {
    const n = nodes.find((x) => x.account_id === Number(m![1]));
    if (n) return n;
  }
  const exact = nodes.find((x) => x.type === 'identifier' && x.value === t);
  if (exact) return exact;
  const region = (caseRegion(c.db) ?? undefined) as CountryCode | undefined;
  const candidates = new Set<string>();
  const cl = classifyIdentifier(t, { region });
  if (cl) candidates.add(`${cl.kind}\u0001${cl.value}`);
  for (const kind of ['phone', 'email', 'wallet', 'iban'] as IdentifierKind[]) {
    const n = normaliseIdentifier(kind, t, { region });
    if (n.valid) candidates.add(`${kind}\u0001${n.value}`);
  }
  const hits = nodes.filter((x) => x.type === 'identifier' && candidates.has(`${x.kind}\u0001${x.value}`));
  if (hits.length === 1) return hits[0]!;
  throw new ThreadlineError('NOT_FOUND', `Entity ${entityId} has no identifier matching "${ref}".`, {
    hint: `See its identifiers with \`threadline explain CASE ${entityId}\`; name one as written there, or as #NODE or account:ID.`,
  });
}

export function splitIdentifier(c: Case, entityId: number, ref: string, why: string): DecisionResult {
  const reason = requireWhy(why);
  requireEntity(c, entityId);
  const node = resolveNodeRef(c, entityId, ref);
  return c.audited('identity-split', () => {
    const w = new IdentityWriter(c.db);
    const edges = edgesTouching(c.db, node.id, true);
    if (edges.length === 0) {
      throw new ThreadlineError('BAD_ARGUMENT', `${nodeLabel(node)} is not linked to anything in entity ${entityId}.`, { hint: 'Nothing to split.' });
    }
    const decision = w.insertDecision({ kind: 'split', suggestion_id: null, a_node: node.id, b_node: null, name: null, undoes: null, why: reason, examiner: c.examiner, details: { entity: entityId, node: nodeLabel(node), edges: edges.map((e) => e.id) } });
    for (const e of edges) {
      w.insertCut(e.id, decision);
      w.setEdgeActive(e.id, false);
    }
    const after = recomputeEntity(c.db, w, entityId);
    const result: DecisionResult = { decision, kind: 'split', before: [entityId], after, edges: edges.map((e) => e.id) };
    return { result, details: { ...result, why: reason, node: node.id, label: nodeLabel(node) } };
  });
}

export function nameEntity(c: Case, entityId: number, name: string, why: string): DecisionResult {
  const reason = requireWhy(why);
  requireEntity(c, entityId);
  const n = name.trim();
  if (!n) throw new ThreadlineError('BAD_ARGUMENT', 'The name is empty.', { hint: 'Pass the name to give the entity, e.g. --name 12 "Boss Chen".' });
  return c.audited('identity-named', () => {
    const w = new IdentityWriter(c.db);
    const decision = w.insertDecision({ kind: 'name', suggestion_id: null, a_node: entityId, b_node: null, name: n, undoes: null, why: reason, examiner: c.examiner, details: { entity: entityId } });
    const result: DecisionResult = { decision, kind: 'name', before: [entityId], after: [entityId] };
    return { result, details: { ...result, why: reason, name: n } };
  });
}

export function undoDecision(c: Case, decisionId: number, why: string): DecisionResult {
  const reason = requireWhy(why);
  return c.audited('identity-undone', () => {
    const d = decisionById(c.db, decisionId);
    if (!d) throw new ThreadlineError('NOT_FOUND', `There is no identity decision ${decisionId}.`, { hint: 'See decisions with `threadline explain CASE ENTITY` or `threadline audit CASE`.' });
    if (d.kind === 'undo') throw new ThreadlineError('BAD_ARGUMENT', `Decision ${decisionId} is itself an undo.`, { hint: 'To redo, make the original decision again (with its justification).' });
    if (d.undone_by !== null) throw new ThreadlineError('BAD_ARGUMENT', `Decision ${decisionId} was already undone by decision ${d.undone_by}.`, { hint: 'Make the decision again if it should stand.' });
    const w = new IdentityWriter(c.db);
    const undo = w.insertDecision({ kind: 'undo', suggestion_id: d.suggestion_id, a_node: d.a_node, b_node: d.b_node, name: null, undoes: d.id, why: reason, examiner: c.examiner, details: { undoes: d.id, kind: d.kind } });
    let before: number[] = [];
    let after: number[] = [];
    let edges: number[] = [];
    switch (d.kind) {
      case 'confirm':
      case 'merge': {
        const own = edgesOfDecision(c.db, d.id);
        edges = own.map((e) => e.id);
        const ents = new Set<number>();
        for (const e of own) {
          w.setEdgeActive(e.id, false);
          ents.add(entityOfNode(c.db, e.a)!);
        }
        before = [...ents];
        after = before.flatMap((e) => recomputeEntity(c.db, w, e));
        if (d.kind === 'confirm' && d.suggestion_id !== null) w.setSuggestionStatus(d.suggestion_id, 'open', null);
        break;
      }
      case 'reject': {
        if (d.suggestion_id !== null) w.setSuggestionStatus(d.suggestion_id, 'open', null);
        before = after = [...new Set([entityOfNode(c.db, d.a_node!)!, entityOfNode(c.db, d.b_node!)!])];
        break;
      }
      case 'split': {
        edges = cutsOfDecision(c.db, d.id);
        const ents = new Set<number>();
        for (const id of edges) {
          const e = edgeById(c.db, id)!;
          ents.add(entityOfNode(c.db, e.a)!);
          ents.add(entityOfNode(c.db, e.b)!);
          if (edgeShouldBeActive(c.db, id)) {
            w.setEdgeActive(id, true);
            joinEntities(w, entityOfNode(c.db, e.a)!, entityOfNode(c.db, e.b)!);
          }
        }
        before = [...ents].sort((x, y) => x - y);
        after = [...new Set(before.map((e) => entityOfNode(c.db, e)!))];
        break;
      }
      case 'name': {
        before = after = [entityOfNode(c.db, d.a_node!)!];
        break;
      }
      default: {
        const never: never = d.kind as never;
        throw new Error(`Unexpected decision kind ${String(never)}`);
      }
    }
    const result: DecisionResult = { decision: undo, kind: 'undo', before, after, undoes: d.id, edges };
    return { result, details: { ...result, why: reason, undone_kind: d.kind } };
  });
}
