import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../main/engine/audit/chain';
import { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import { IdentityWriter } from '../../main/engine/db/write/identity';
import { ThreadlineError } from '../../main/engine/errors';
import {
  confirmSuggestion,
  explainEntity,
  listEntities,
  listSuggestions,
  mergeEntities,
  nameEntity,
  rejectSuggestion,
  splitIdentifier,
  undoDecision,
} from '../../main/engine/identity';
import { recomputeAll } from '../../main/engine/identity/components';
import { tempDir } from '../helpers/tmp';
import { importSeizure } from './seizure';
import { labelNodes } from './score';

async function seizureCase() {
  const dir = tempDir();
  const c = Case.create(join(dir, 'c.case'), { caseNumber: 'TH-DEC', examiner: 'Examiner A', tz: 'Asia/Bangkok', region: 'TH' });
  await importSeizure(c, dir);
  return c;
}

function partition(c: Case): string[] {
  const by = new Map<number, string[]>();
  for (const n of labelNodes(c.db)) by.set(n.entity, [...(by.get(n.entity) ?? []), n.key]);
  return [...by.values()].map((g) => g.sort().join(' + ')).sort();
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as ThreadlineError).code;
  }
  return undefined;
}

const entityOf = (c: Case, value: string) => (c.db.prepare("SELECT entity_id FROM identity_nodes WHERE value = ? AND type = 'identifier'").get(value) as { entity_id: number }).entity_id;
const accountEntity = (c: Case, file: string, key: string) =>
  (c.db.prepare('SELECT n.entity_id FROM identity_nodes n JOIN accounts a ON a.id = n.account_id JOIN evidence e ON e.id = a.evidence_id WHERE e.file_name = ? AND a.key = ?').get(file, key) as { entity_id: number }).entity_id;
const lastAudit = (c: Case) => {
  const r = [...auditRows(c.db)].pop()!;
  return { action: r.action, details: JSON.parse(r.details_json) as Record<string, unknown>, examiner: r.examiner };
};

describe('examiner decisions', () => {
  it('confirm joins two entities through an examiner link, audited with the justification; undo separates them again', async () => {
    const c = await seizureCase();
    const before = partition(c);
    const s = listSuggestions(c.db).find((x) => x.rule === 'self-statement' && x.reasons[0]!.includes('my new number is'))!;
    const tony = accountEntity(c, 'WhatsApp Chat with Team A.txt', 'Tony');
    const phone = entityOf(c, '+66891234502');
    expect(tony).not.toBe(phone);
    const r = confirmSuggestion(c, s.id, 'Tony states his new number; the calls.xml owner is the same number');
    expect(r).toMatchObject({ kind: 'confirm', before: [tony, phone].sort((a, b) => a - b), after: [Math.min(tony, phone)], suggestion: s.id });
    expect(accountEntity(c, 'WhatsApp Chat with Team A.txt', 'Tony')).toBe(entityOf(c, '+66891234502'));
    expect(lastAudit(c)).toMatchObject({ action: 'identity-confirmed', examiner: 'Examiner A', details: { why: 'Tony states his new number; the calls.xml owner is the same number', suggestion: s.id } });
    const x = explainEntity(c.db, Math.min(tony, phone));
    const link = x.links.find((l) => l.rule === 'examiner-confirmed')!;
    expect(link.decision).toMatchObject({ id: r.decision, why: 'Tony states his new number; the calls.xml owner is the same number', examiner: 'Examiner A' });
    expect(listSuggestions(c.db).some((y) => y.id === s.id)).toBe(false);
    expect(code(() => confirmSuggestion(c, s.id, 'again'))).toBe('BAD_ARGUMENT');

    undoDecision(c, r.decision, 'confirmed the wrong suggestion');
    expect(partition(c)).toEqual(before);
    expect(listSuggestions(c.db).find((y) => y.id === s.id)!.status).toBe('open');
    expect(explainEntity(c.db, tony).inactiveLinks.map((l) => l.rule)).toEqual(['examiner-confirmed']);
    expect(code(() => undoDecision(c, r.decision, 'twice'))).toBe('BAD_ARGUMENT');
    expect(verifyChain(auditRows(c.db)).ok).toBe(true);
    c.close();
  });

  it('reject keeps the two apart and hides the suggestion; undoing the rejection reopens it', async () => {
    const c = await seizureCase();
    const s = listSuggestions(c.db, { rule: 'lookalike' })[0]!;
    const r = rejectSuggestion(c, s.id, 'different Telegram user ids; the Cyrillic о handle impersonates Boss Li');
    expect(r.before).toEqual(r.after);
    expect(listSuggestions(c.db, { rule: 'lookalike' })).toEqual([]);
    expect(listSuggestions(c.db, { rule: 'lookalike', all: true })[0]).toMatchObject({ status: 'rejected', decision: r.decision });
    expect(lastAudit(c).action).toBe('identity-rejected');
    undoDecision(c, r.decision, 'reconsider');
    expect(listSuggestions(c.db, { rule: 'lookalike' })[0]).toMatchObject({ id: s.id, status: 'open', decision: null });
    c.close();
  });

  it('merge and split change only derived state; undo restores the exact earlier partition', async () => {
    const c = await seizureCase();
    const start = partition(c);
    const a = accountEntity(c, '[LINE] Chat in Shift B.txt', 'Nok');
    const b = entityOf(c, '+66954321010');
    const m = mergeEntities(c, a, b, 'Nok states the number in LINE and it is the sms.xml device owner');
    expect(m.after).toEqual([Math.min(a, b)]);
    const merged = partition(c);
    expect(merged).not.toEqual(start);

    // Jay's two SIMs are on one vCard: splitting the second SIM off cuts that card's link only.
    const jay = entityOf(c, '+66921234504');
    const sp = splitIdentifier(c, jay, '092-123-4504', 'the second SIM belongs to his driver (interview 2025-04-02)');
    expect(sp.kind).toBe('split');
    expect(entityOf(c, '+66921234504')).not.toBe(entityOf(c, '+66891234504'));
    expect(explainEntity(c.db, entityOf(c, '+66921234504')).inactiveLinks.map((l) => l.rule)).toEqual(['contact-card']);
    expect(lastAudit(c)).toMatchObject({ action: 'identity-split', details: { why: 'the second SIM belongs to his driver (interview 2025-04-02)' } });

    undoDecision(c, sp.decision, 'interview withdrawn');
    expect(partition(c)).toEqual(merged);
    undoDecision(c, m.decision, 'merge was premature');
    expect(partition(c)).toEqual(start);
    const recheck = c.audited('test-recompute', () => ({ result: recomputeAll(c.db, new IdentityWriter(c.db)), details: {} }));
    expect(recheck.relabelled).toBe(0);
    expect(verifyChain(auditRows(c.db)).ok).toBe(true);
    c.close();
  });

  it('naming an entity wins over display names until undone', async () => {
    const c = await seizureCase();
    const e = entityOf(c, '+66865550505');
    expect(listEntities(c.db).find((x) => x.id === e)!.name).toBe('Boss Li');
    const r = nameEntity(c, e, 'LI Wei (compound B manager)', 'named in the prosecutor\'s charge sheet');
    expect(listEntities(c.db).find((x) => x.id === e)!.name).toBe('LI Wei (compound B manager)');
    expect(explainEntity(c.db, e).nameFrom).toBe(`examiner decision ${r.decision}`);
    undoDecision(c, r.decision, 'wrong person');
    expect(listEntities(c.db).find((x) => x.id === e)!.name).toBe('Boss Li');
    c.close();
  });

  it('refuses decisions without a justification or with unknown targets, and writes nothing then', async () => {
    const c = await seizureCase();
    const count = () => (c.db.prepare('SELECT (SELECT COUNT(*) FROM identity_decisions) + (SELECT COUNT(*) FROM audit_log) AS n').get() as { n: number }).n;
    const n = count();
    const s = listSuggestions(c.db)[0]!;
    expect(code(() => confirmSuggestion(c, s.id, '  '))).toBe('BAD_ARGUMENT');
    expect(code(() => confirmSuggestion(c, 99999, 'x'))).toBe('NOT_FOUND');
    expect(code(() => mergeEntities(c, s.entities[0], s.entities[0], 'x'))).toBe('BAD_ARGUMENT');
    expect(code(() => mergeEntities(c, s.entities[0], 99999, 'x'))).toBe('NOT_FOUND');
    expect(code(() => splitIdentifier(c, entityOf(c, '+66921234504'), '+66 99 999 9999', 'x'))).toBe('NOT_FOUND');
    expect(code(() => undoDecision(c, 12345, 'x'))).toBe('NOT_FOUND');
    expect(count()).toBe(n);
    c.close();
  });

  it('stores decisions append-only: an undo is a new decision, never an edit', async () => {
    const c = await seizureCase();
    const s = listSuggestions(c.db)[0]!;
    const r = rejectSuggestion(c, s.id, 'not the same');
    const u = undoDecision(c, r.decision, 'reconsidered');
    expect(code(() => undoDecision(c, u.decision, 'redo'))).toBe('BAD_ARGUMENT');
    expect(() => c.db.prepare("UPDATE identity_decisions SET why = 'edited' WHERE id = ?").run(r.decision)).toThrow(/append-only/);
    expect(() => c.db.prepare('DELETE FROM identity_decisions WHERE id = ?').run(r.decision)).toThrow(/append-only/);
    expect(c.db.prepare('SELECT kind, undoes FROM identity_decisions ORDER BY id').all()).toEqual([
      { kind: 'reject', undoes: null },
      { kind: 'undo', undoes: r.decision },
    ]);
    c.close();
  });
});
