import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../main/engine/audit/chain';
import { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import { confirmSuggestion, explainEntity, listEntities, listSuggestions, rejectSuggestion } from '../../main/engine/identity';
import { tempDir } from '../helpers/tmp';
import { importSeizure, seizureItems } from './seizure';
import { labelNodes, pairScore, recallBound, scoredItems, structuralTies } from './score';

async function linkedSeizure(items = seizureItems()) {
  const dir = tempDir();
  const c = Case.create(join(dir, 'c.case'), { caseNumber: 'TH-ID-1', examiner: 'Examiner A', tz: 'Asia/Bangkok', region: 'TH' });
  const results = await importSeizure(c, dir, items);
  return { c, dir, results };
}

/** The partition of item keys into entities, independent of entity ids. */
function partition(c: Case): string[] {
  const by = new Map<number, string[]>();
  for (const n of labelNodes(c.db).filter((x) => x.used)) by.set(n.entity, [...(by.get(n.entity) ?? []), n.key]);
  return [...by.values()].map((g) => g.sort().join(' + ')).sort();
}

describe('identity linking on a labelled synthetic seizure', () => {
  it('every node is labelled, every item in use is found, and the corpus has 30+ people and decoys', async () => {
    const { c } = await linkedSeizure();
    const scored = scoredItems(c.db);
    expect(scored.filter((n) => n.person === undefined).map((n) => n.key)).toEqual([]);
    const { used } = structuralTies();
    expect(new Set(scored.map((n) => n.key))).toEqual(used);
    const people = new Set(scored.map((n) => n.person));
    expect([...people].filter((p) => p!.startsWith('P')).length).toBeGreaterThanOrEqual(30);
    expect([...people].filter((p) => p!.startsWith('D')).length).toBe(4);
    c.close();
  });

  it('automatic links: pairwise precision 1.0 and recall exactly the bound the structured records allow', async () => {
    const { c } = await linkedSeizure();
    const items = scoredItems(c.db);
    const s = pairScore(items);
    const { root } = structuralTies();
    const bound = recallBound(items, root);
    // The bound's own ties never join two people (the corpus is consistent).
    expect(items.filter((a) => items.some((b) => root(a.key) === root(b.key) && a.person !== b.person))).toEqual([]);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(bound);
    expect(bound).toBeLessThan(1); // some identities are joined only by what people write in messages
    expect({ truePairs: s.truePairs, correct: s.correct, bound: Math.round(bound * 10000) / 10000 }).toEqual({ truePairs: 149, correct: 118, bound: 0.7919 });
    c.close();
  });

  it('decoys sharing a display name (and a look-alike handle) are never linked automatically', async () => {
    const { c } = await linkedSeizure();
    const nodes = labelNodes(c.db);
    for (const decoy of ['D01', 'D02', 'D03', 'D04']) {
      const entities = new Set(nodes.filter((n) => n.person === decoy).map((n) => n.entity));
      for (const e of entities) expect(new Set(nodes.filter((n) => n.entity === e && n.used).map((n) => n.person))).toEqual(new Set([decoy]));
    }
    const look = listSuggestions(c.db, { rule: 'lookalike' });
    expect(look.map((s) => s.nodes.map((n) => n.value).sort())).toEqual([['telegram:@boss_li', 'telegram:@b\u043Ess_li']]);
    c.close();
  });

  it('confirming the correct content-based suggestions reaches full recall with precision 1.0', async () => {
    const { c } = await linkedSeizure();
    const person = new Map(labelNodes(c.db).map((n) => [n.node, n.person]));
    const content = listSuggestions(c.db).filter((s) => s.rule === 'self-statement' || s.rule === 'named-in-message');
    const self = content.filter((s) => s.rule === 'self-statement');
    // Every self-statement in the corpus is right; the name beside "Sarah (USA)" also fits a decoy.
    expect(self.length).toBe(9);
    expect(self.every((s) => person.get(s.nodes[0].node) === person.get(s.nodes[1].node))).toBe(true);
    const named = content.filter((s) => s.rule === 'named-in-message').map((s) => [s.nodes.map((n) => person.get(n.node)).sort().join('/'), s.reasons[0]!.includes('Sarah') ? 'Sarah' : 'Ploy']);
    expect(named.sort()).toEqual([['D02/P20', 'Sarah'], ['P25/P25', 'Ploy']]);
    for (const s of content) {
      if (person.get(s.nodes[0].node) === person.get(s.nodes[1].node)) confirmSuggestion(c, s.id, `message ${s.source} states it`);
      else rejectSuggestion(c, s.id, 'a different Sarah Miller: another victim in the transfers');
    }
    const after = pairScore(scoredItems(c.db));
    expect(after.precision).toBe(1);
    expect(after.recall).toBe(1);
    expect(verifyChain(auditRows(c.db)).ok).toBe(true);
    c.close();
  });

  it('is incremental and order-independent: any import order gives the same entities, touching only what changed', async () => {
    const items = seizureItems();
    const forward = await linkedSeizure(items);
    const reversed = await linkedSeizure([...items].reverse());
    expect(partition(reversed.c)).toEqual(partition(forward.c));
    // Linking one more item rewrites only the nodes of the entities it touches.
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'TH-ID-2', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
    await importSeizure(c, dir, items.slice(0, 7));
    const before = (c.db.prepare('SELECT COUNT(*) AS n FROM identity_nodes').get() as { n: number }).n;
    c.db.exec('CREATE TEMP TABLE changed (id INTEGER); CREATE TEMP TRIGGER count_changes AFTER UPDATE OF entity_id ON main.identity_nodes BEGIN INSERT INTO changed VALUES (new.id); END;');
    const [r] = await importSeizure(c, dir, items.slice(7));
    const changed = (c.db.prepare('SELECT COUNT(DISTINCT id) AS n FROM changed').get() as { n: number }).n;
    expect(r!.identity.identifiers.existing).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(before / 4);
    expect(partition(c)).toEqual(partition(forward.c));
    for (const x of [forward, reversed]) x.c.close();
    c.close();
  });

  it('normalises every surface form to one node and keeps each raw form beside it', async () => {
    const { c } = await linkedSeizure();
    const boss = listEntities(c.db).find((e) => e.identifiers.some((i) => i.value === '+66812345601'))!;
    const phone = boss.identifiers.find((i) => i.value === '+66812345601')!;
    expect(phone.raw.sort()).toEqual(['+66812345601', '081-234-5601', '0812345601'].sort());
    expect(boss.evidence).toEqual([1, 2, 4, 5]);
    // Mentions are kept apart: the LINE message with Thai digits is a mention, not a use.
    const x = explainEntity(c.db, boss.id);
    const mentions = x.identifiers.find((i) => i.value === '+66812345601')!.mentioned;
    expect(mentions.map((m) => m.raw)).toEqual(['๐๘๑-๒๓๔-๕๖๐๑']);
    expect(mentions[0]!.source).toContain('[LINE] Chat in Shift B.txt:4');
    // Grouped occurrences (a number's calls) cite their first record and list every record on request.
    const calls = explainEntity(c.db, boss.id, { records: true }).identifiers.find((i) => i.value === '+66812345601')!.seen.filter((o) => o.role === 'call');
    expect(calls.map((o) => [o.raw, o.count, o.source])).toEqual([['0812345601', 2, 'calls-2025-03-20.xml /calls/call[1]']]);
    const ids = calls[0]!.records!.ids;
    expect(ids).toHaveLength(2);
    expect(c.db.prepare(`SELECT src_path FROM calls WHERE id IN (${ids.join(',')}) ORDER BY id`).all()).toEqual([{ src_path: '/calls/call[1]' }, { src_path: '/calls/call[9]' }]);
    c.close();
  });

  it('flags invalid identifiers and never links them', async () => {
    const { c } = await linkedSeizure();
    const invalid = c.db.prepare("SELECT n.kind, n.value, n.flags, n.used, (SELECT COUNT(*) FROM identity_edges e WHERE e.a = n.id OR e.b = n.id) AS edges FROM identity_nodes n WHERE n.valid = 0 ORDER BY n.id").all();
    expect(invalid).toEqual([
      { kind: 'wallet', value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x', flags: '["tron","bad-checksum"]', used: 0, edges: 0 },
      { kind: 'phone', value: '1677', flags: '["invalid-phone"]', used: 1, edges: 0 },
      { kind: 'phone', value: '12345', flags: '["invalid-phone"]', used: 1, edges: 0 },
      expect.objectContaining({ kind: 'wallet', flags: '["tron","bad-checksum"]', used: 1, edges: 0 }),
    ]);
    c.close();
  });
});
