/**
 * Entity profiles for the findings, from the identity engine's explanation of each entity: identifiers with every
 * place they were seen (evidence item + line/row/path), accounts, display names, and each link with its rule and
 * the record behind it, or the examiner decision with its justification.
 */
import type { SqlDb } from '../db/case-db';
import { decisionById } from '../db/read/identity';
import { entityTimeSpan, existingEntities } from '../db/read/report';
import { explainEntity, listEntities, type EntityExplanation } from '../identity/explain';
import { AUTO_RULES, EXAMINER_RULES } from '../identity/rules';
import { decisionOut } from './methodology';
import type { EntityProfile, EntitySelection, LinkProfile } from './types';

/** The entity ids a selection names, in id order, and the named ones that do not exist. */
export function selectEntities(db: SqlDb, sel: EntitySelection): { ids: number[]; missing: number[] } {
  if (sel === 'none') return { ids: [], missing: [] };
  if (Array.isArray(sel)) {
    const known = existingEntities(db, sel);
    return { ids: sel.filter((e) => known.has(e)), missing: sel.filter((e) => !known.has(e)) };
  }
  const list = listEntities(db, { minNodes: sel === 'linked' ? 2 : 1 });
  return { ids: list.map((e) => e.id).sort((a, b) => a - b), missing: [] };
}

function ruleReason(rule: string): string {
  return (AUTO_RULES as Record<string, string>)[rule] ?? (EXAMINER_RULES as Record<string, string>)[rule] ?? `rule "${rule}"`;
}

function labels(x: EntityExplanation): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of x.accounts) m.set(`account:${a.id}`, `${a.platform} account "${a.display ?? a.key}" (E${a.evidence})`);
  return m;
}

export function entityProfile(db: SqlDb, entityId: number): EntityProfile {
  const x = explainEntity(db, entityId);
  const accountLabel = labels(x);
  const ref = (kind: string, value: string) => (kind === 'account' ? (accountLabel.get(value) ?? value) : `${kind} ${value}`);
  const links: LinkProfile[] = x.links.map((l) => ({
    id: l.id,
    rule: l.rule,
    reason: ruleReason(l.rule),
    a: ref(l.a.kind, l.a.value),
    b: ref(l.b.kind, l.b.value),
    count: l.count,
    evidence: l.evidence,
    source: l.source,
    decision: l.decision,
  }));
  const span = entityTimeSpan(db, entityId);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: x.id,
    name: x.name,
    nameFrom: x.nameFrom,
    identifiers: x.identifiers.map((i) => ({
      kind: i.kind,
      value: i.value,
      valid: i.valid,
      flags: i.flags,
      mentionedOnly: i.mentionedOnly,
      seen: i.seen.map((o) => ({ role: o.role, raw: o.raw, count: o.count, evidence: o.evidence, source: o.source })),
      mentioned: i.mentioned.map((o) => ({ raw: o.raw, evidence: o.evidence, source: o.source })),
    })),
    accounts: x.accounts.map((a) => ({ id: a.id, platform: a.platform, key: a.key, display: a.display, owner: a.owner, evidence: a.evidence, source: a.source })),
    names: x.names.map((n) => ({ name: n.name, evidence: n.evidence, source: n.source })),
    links,
    decisions: x.decisions.flatMap((d) => {
      const row = decisionById(db, d.id);
      return row ? [decisionOut(db, row)] : [];
    }),
    evidence: x.evidence,
    firstSeen: iso(span.first),
    lastSeen: iso(span.last),
  };
}
