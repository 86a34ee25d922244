import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import { entityAccountIds } from '../../main/engine/db/read/identity';
import { ThreadlineError } from '../../main/engine/errors';
import { listEntities, listSuggestions } from '../../main/engine/identity';
import { buildEntityRows, workbenchFullBuilds, decide, decisionHistory, entityCard, entityPage, suggestionPage } from '../../main/engine/identity/workbench';
import { ensureEventsIndexed } from '../../main/engine/timeline/index-state';
import { tempDir } from '../helpers/tmp';
import { importSeizure } from './seizure';

let c: Case;

beforeAll(async () => {
  const dir = tempDir();
  c = Case.create(join(dir, 'c.case'), { caseNumber: 'TH-WB', examiner: 'Examiner W', tz: 'Asia/Bangkok', region: 'TH' });
  await importSeizure(c, dir);
  ensureEventsIndexed(c);
});

const entityOf = (value: string) => (c.db.prepare("SELECT entity_id FROM identity_nodes WHERE value = ? AND type = 'identifier'").get(value) as { entity_id: number }).entity_id;
/** Events whose actor or counterpart is one of the entity's accounts, counted the plain way. */
const directEvents = (entity: number) => {
  const acc = JSON.stringify(entityAccountIds(c.db, entity));
  return (c.db.prepare('SELECT COUNT(*) AS n FROM events WHERE actor_account_id IN (SELECT value FROM json_each(?)) OR counterpart_account_id IN (SELECT value FROM json_each(?))').get(acc, acc) as { n: number }).n;
};
const all = (sort: 'activity' | 'name' | 'id' = 'id') => entityPage(c.db, { sort, offset: 0, limit: 1000 });
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as ThreadlineError).code;
  }
  return 'no error';
};

describe('the identity workbench index', () => {
  it('lists the same entities with the same names as `threadline entities`', () => {
    const cli = listEntities(c.db);
    const page = all('id');
    expect(page.total).toBe(cli.length);
    expect(page.rows.map((r) => [r.id, r.name])).toEqual(cli.map((e) => [e.id, e.name]));
    expect(page.rows.map((r) => r.identifiers)).toEqual(cli.map((e) => e.identifiers.length));
    expect(page.rows.map((r) => r.accounts)).toEqual(cli.map((e) => e.accounts.length));
  });

  it('counts activity exactly as the timeline entity filter finds events, and evidence items as the CLI lists them', () => {
    const cli = new Map(listEntities(c.db).map((e) => [e.id, e]));
    const rows = all('id').rows;
    expect(rows.some((r) => r.activity > 0)).toBe(true);
    for (const r of rows) {
      expect(r.activity, `entity ${r.id}`).toBe(directEvents(r.id));
      expect(r.evidence, `entity ${r.id}`).toBe(cli.get(r.id)!.evidence.length);
    }
  });

  it('sorts by activity (most first, ties by id) and pages without gaps or repeats', () => {
    const full = all('activity').rows;
    for (let i = 1; i < full.length; i++) {
      const [a, b] = [full[i - 1]!, full[i]!];
      expect(a.activity > b.activity || (a.activity === b.activity && a.id < b.id)).toBe(true);
    }
    const p1 = entityPage(c.db, { sort: 'activity', offset: 0, limit: 7 });
    const p2 = entityPage(c.db, { sort: 'activity', offset: 7, limit: 7 });
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(full.slice(0, 14).map((r) => r.id));
    const asc = entityPage(c.db, { sort: 'activity', descending: false, offset: 0, limit: 1000 }).rows;
    expect(asc[0]!.activity).toBe(Math.min(...full.map((r) => r.activity)));
  });

  it('finds an entity by a number written the local way, by #id, and by name in any case', () => {
    const tony = entityOf('+66891234502');
    const byPhone = entityPage(c.db, { query: '089-123-4502', sort: 'activity', offset: 0, limit: 50 });
    expect(byPhone.rows.map((r) => r.id)).toEqual([tony]);
    expect(byPhone.notes).toEqual(['Also read as phone +66891234502.']);
    expect(entityPage(c.db, { query: `#${tony}`, sort: 'activity', offset: 0, limit: 50 }).rows.map((r) => r.id)).toEqual([tony]);
    const name = all().rows.find((r) => r.id === tony)!.name;
    const byName = entityPage(c.db, { query: name.toUpperCase(), sort: 'activity', offset: 0, limit: 50 });
    expect(byName.rows.map((r) => r.id)).toContain(tony);
    expect(entityPage(c.db, { query: 'zzzz-no-such-person', sort: 'activity', offset: 0, limit: 50 }).total).toBe(0);
  });

  it('keeps its index until something changes (same stamp), and only linked entities on request', () => {
    const a = all();
    const b = all();
    expect(b.stamp).toBe(a.stamp);
    const linked = entityPage(c.db, { sort: 'id', linkedOnly: true, offset: 0, limit: 1000 });
    expect(linked.total).toBe(listEntities(c.db, { minNodes: 2 }).length);
    expect(linked.total).toBeLessThan(a.total);
  });
});

describe('the entity card', () => {
  it('shows every identifier with its surface forms, each place it was seen cited, and the event to open', () => {
    const card = entityCard(c.db, entityOf('+66891234502'));
    const phone = card.identifiers.find((i) => i.value === '+66891234502')!;
    expect(phone.raw.length).toBeGreaterThan(0);
    expect(phone.seen.length).toBeGreaterThan(0);
    for (const o of phone.seen) {
      expect(o.source).toMatch(/\S/);
      expect(o.evidence).toBeGreaterThan(0);
      if (o.record.kind === 'message' || o.record.kind === 'call') expect(o.record.eventKey).toMatch(/^\d+$/);
    }
    expect(phone.seen.some((o) => o.record.eventKey !== null)).toBe(true);
  });

  it('says why every link exists: the rule, its sentence, the shared identifier and the cited record', () => {
    const withLinks = all().rows.filter((r) => r.identifiers + r.accounts > 1).slice(0, 5);
    expect(withLinks.length).toBeGreaterThan(0);
    for (const r of withLinks) {
      const card = entityCard(c.db, r.id);
      expect(card.links.length).toBeGreaterThan(0);
      for (const l of card.links) {
        expect(l.automatic).toBe(true);
        expect(l.ruleText.length).toBeGreaterThan(20);
        expect(l.shared.length).toBeGreaterThan(0);
        expect(l.source).toMatch(/\S/);
        expect(l.decision).toBeNull();
      }
    }
  });

  it('has activity that agrees with the list, first/last seen, and sparkline buckets that sum to the dated events', () => {
    const busiest = all('activity').rows[0]!;
    const card = entityCard(c.db, busiest.id, { buckets: 12 });
    expect(card.activity.events).toBe(busiest.activity);
    expect(card.activity.buckets).toHaveLength(12);
    const dated = (c.db.prepare('SELECT COUNT(*) AS n FROM events WHERE ts_utc IS NOT NULL AND (actor_account_id IN (SELECT value FROM json_each(?)) OR counterpart_account_id IN (SELECT value FROM json_each(?)))').get(
      JSON.stringify(entityAccountIds(c.db, busiest.id)),
      JSON.stringify(entityAccountIds(c.db, busiest.id)),
    ) as { n: number }).n;
    expect(card.activity.buckets.reduce((s, b) => s + b.count, 0)).toBe(dated);
    expect(card.activity.first! <= card.activity.last!).toBe(true);
    expect(card.activity.buckets[0]!.start).toBe(card.activity.first);
    expect(card.apps.flatMap((a) => a.accounts).reduce((s, a) => s + a.events, 0)).toBeGreaterThanOrEqual(card.activity.events);
  });

  it('refuses an entity that does not exist', () => {
    expect(code(() => entityCard(c.db, 9_999_999))).toBe('NOT_FOUND');
  });
});

describe('decisions from the workbench', () => {
  it('confirms a suggestion: the two sides become one entity in the list, the link explains itself, undo separates them', () => {
    const queue = suggestionPage(c.db, { offset: 0, limit: 500 });
    expect(queue.total).toBe(listSuggestions(c.db).length);
    const s = queue.rows.find((x) => x.rule === 'self-statement' && x.reasons[0]!.includes('my new number is'))!;
    const [a, b] = [s.sides[0].entity, s.sides[1].entity];
    expect(a).not.toBe(b);
    expect(s.sides[0].name.length).toBeGreaterThan(0);
    const before = all();
    const auditBefore = [...auditRows(c.db)].length;

    expect(code(() => decide(c, { action: 'confirm', suggestion: s.id, why: 'too short' }))).toBe('BAD_ARGUMENT');
    expect([...auditRows(c.db)].length).toBe(auditBefore);

    const why = 'He states the new number in the team chat; the calls.xml owner uses it.';
    const builds = workbenchFullBuilds();
    const r = decide(c, { action: 'confirm', suggestion: s.id, why });
    expect(r).toMatchObject({ kind: 'confirm', before: [a, b].sort((x, y) => x - y), after: [Math.min(a, b)], examiner: 'Examiner W', undoes: null });
    const after = all();
    expect(after.stamp).not.toBe(before.stamp);
    const ids = after.rows.map((x) => x.id);
    expect(ids).toContain(Math.min(a, b));
    expect(ids).not.toContain(Math.max(a, b));
    const card = entityCard(c.db, Math.min(a, b));
    const link = card.links.find((l) => l.rule === 'examiner-confirmed')!;
    expect(link).toMatchObject({ automatic: false, decision: { id: r.decision, kind: 'confirm', why, examiner: 'Examiner W' } });
    expect(suggestionPage(c.db, { offset: 0, limit: 500 }).rows.some((x) => x.id === s.id)).toBe(false);

    const history = decisionHistory(c.db, null, 10);
    expect(history[0]).toMatchObject({ id: r.decision, kind: 'confirm', why, examiner: 'Examiner W', suggestion: s.id, undoneBy: null, entities: [Math.min(a, b)] });
    expect(history[0]!.summary).toMatch(/^Confirmed suggestion #\d+: .+ and .+ are one person\.$/);

    // The index was patched for the two entities only (no full rebuild), and equals one built from scratch.
    expect(workbenchFullBuilds()).toBe(builds);
    expect(after.rows).toEqual(buildEntityRows(c.db));

    const u = decide(c, { action: 'undo', decision: r.decision, why: 'Entered against the wrong suggestion; undoing.' });
    expect(u).toMatchObject({ kind: 'undo', undoes: r.decision });
    const apart = all().rows.map((x) => x.id);
    expect(apart).toContain(a);
    expect(apart).toContain(b);
    expect(decisionHistory(c.db, null, 2).map((d) => [d.kind, d.undoneBy, d.undoes])).toEqual([
      ['undo', null, r.decision],
      ['confirm', u.decision, null],
    ]);
    expect(all().rows).toEqual(buildEntityRows(c.db));
    expect(entityCard(c.db, Math.min(a, b)).inactiveLinks.some((l) => l.rule === 'examiner-confirmed' && !l.active)).toBe(true);
  });

  it('renames, splits an identifier off and merges, each audited with the session examiner', () => {
    const target = all('activity').rows.find((r) => r.identifiers >= 1 && r.identifiers + r.accounts >= 2)!;
    const n = decide(c, { action: 'rename', entity: target.id, name: 'Handler "Bоss"', why: 'Named after the contact card on the seized phone.' });
    expect(n.kind).toBe('name');
    const row = all().rows.find((r) => r.id === target.id)!;
    expect(row.name).toBe('Handler "Bоss"');
    // The Cyrillic о in the given name is flagged for the list to mark it.
    expect(row.nameFlags).toContain('confusable');
    expect(entityPage(c.db, { query: 'handler "boss"', sort: 'id', offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual([target.id]);

    const card = entityCard(c.db, target.id);
    const ident = card.identifiers.find((i) => card.links.some((l) => l.a.node === i.node || l.b.node === i.node))!;
    const s = decide(c, { action: 'split', entity: target.id, node: ident.node, why: 'This number was shared by the whole team, not his.' });
    expect(s.kind).toBe('split');
    expect(s.after.length).toBeGreaterThan(1);
    const other = s.after.find((e) => e !== target.id) ?? s.after[1]!;
    const m = decide(c, { action: 'merge', a: Math.min(...s.after), b: Math.max(...s.after), why: 'On reflection the number is his: the SIM was in his phone.' });
    expect(m.kind).toBe('merge');
    expect(all().rows.some((r) => r.id === Math.max(...s.after))).toBe(false);
    expect(other).toBeGreaterThan(0);
    expect(all().rows).toEqual(buildEntityRows(c.db));
    const last = [...auditRows(c.db)].slice(-3).map((x) => [x.action, x.examiner]);
    expect(last).toEqual([
      ['identity-named', 'Examiner W'],
      ['identity-split', 'Examiner W'],
      ['identity-merged', 'Examiner W'],
    ]);
  });
});
