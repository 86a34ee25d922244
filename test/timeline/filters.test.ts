import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SqlDb } from '../../main/engine/db/case-db';
import { streamKeys, type DriverName } from '../../main/engine/db/read/timeline';
import { searchText } from '../../main/engine/search/full-text';
import { chooseDriver, resolveFilter } from '../../main/engine/timeline/filter';
import { histogram } from '../../main/engine/timeline/histogram';
import { UNDATED_BASE, keyAtInstant } from '../../main/engine/timeline/keys';
import { timelinePage } from '../../main/engine/timeline/page';
import type { EventFilter, EventKind } from '../../main/engine/timeline/types';
import { account, call, caseWith, chat, contact, file, msg, row, transfer } from './case-builder';

/** Three devices: one-to-one and group chats, calls both ways, cards, a ledger, container files. */
async function dataset() {
  const built = await caseWith([
    [
      chat('c', 'Ann'),
      chat('g', 'Team', 'group'),
      account('Me', { owner: true, phone: '+66800000001', chats: ['c', 'g'] }),
      account('Ann', { phone: '+66812345678', chats: ['c', 'g'] }),
      account('Bob', { chats: ['g'] }),
      msg('2025-03-14T08:00:00Z', 'usdt ready boss', { sender: 'Ann' }),
      msg('2025-03-14T08:01:00Z', 'send usdt now', { sender: 'Me', direction: 'outgoing' }),
      msg('2025-03-14T08:01:00Z', 'photo of passport', { sender: 'Ann', attachments: ['IMG-001.jpg'] }),
      msg('2025-03-14T09:00:00Z', 'team meeting boss', { sender: 'Bob', chat: 'g' }),
      msg('2025-03-14T09:30:00Z', 'receipt attached', { sender: 'Ann', chat: 'g', attachments: ['receipt.pdf'] }),
      call('2025-03-14T10:00:00Z', '+66812345678', 'incoming', { accountKey: 'Ann', name: 'Ann' }),
      call('2025-03-14T10:05:00Z', '+66812345678', 'outgoing', { accountKey: 'Ann', name: 'Ann' }),
      contact('Ann Mule', '+66812345678', '2025-03-13T12:00:00Z'),
    ],
    [
      chat('c', 'Boss'),
      account('Boss', { owner: true, chats: ['c'] }),
      account('Ann2', { phone: '0812345678', chats: ['c'] }),
      msg('2025-03-14T08:00:00Z', 'boss says usdt', { sender: 'Boss' }),
      msg('2025-03-14T11:00:00Z', 'ledger done', { sender: 'Ann2' }),
      msg('2025-03-15T01:00:00Z', 'next day ready', { sender: 'Ann2', attachments: ['scan.png'] }),
      row('r2', ['2025-03-14', '500', 'deposit usdt'], 2),
      transfer('2025-03-14T12:00:00Z', '500', 'deposit usdt', 'r2'),
      row('r3', ['note', 'boss cash'], 3),
    ],
    [file('media/IMG-002.jpg'), contact('Cat', '+66899999999'), msg('2025-03-14T08:00:00Z', 'ready cat', { sender: 'Cat', chat: 'none' })],
  ]);
  const { c } = built;
  // Tags on a few events (the annotations hook).
  const keys = (c.db.prepare('SELECT CAST(id AS TEXT) k FROM events ORDER BY id').all() as { k: string }[]).map((r) => r.k);
  const tag = c.db.prepare('INSERT INTO event_tags (tag, event_id) VALUES (?, ?)');
  tag.run('lead', BigInt(keys[1]!));
  tag.run('lead', BigInt(keys[5]!));
  tag.run('money', BigInt(keys[5]!));
  tag.run('money', BigInt(keys[keys.length - 1]!));
  return built;
}

interface Ev {
  key: bigint;
  kind: string;
  evidence: number;
  actor: number | null;
  counterpart: number | null;
  att: number;
  ts: number | null;
  tags: string[];
  words: Set<string>;
}

function loadAll(db: SqlDb): Ev[] {
  const rows = db
    .prepare(
      `SELECT CAST(e.id AS TEXT) k, e.kind, e.evidence_id, e.actor_account_id, e.counterpart_account_id, e.has_attachment, e.ts_utc,
         (SELECT json_group_array(tag) FROM event_tags t WHERE t.event_id = e.id) tags, concat_ws(' ', d.body, d.names, d.files) txt
       FROM events e JOIN search_docs d ON d.id = e.id ORDER BY e.id`,
    )
    .all() as { k: string; kind: string; evidence_id: number; actor_account_id: number | null; counterpart_account_id: number | null; has_attachment: number; ts_utc: number | null; tags: string; txt: string }[];
  return rows.map((r) => ({
    key: BigInt(r.k),
    kind: r.kind,
    evidence: r.evidence_id,
    actor: r.actor_account_id,
    counterpart: r.counterpart_account_id,
    att: r.has_attachment,
    ts: r.ts_utc,
    tags: JSON.parse(r.tags) as string[],
    words: new Set(r.txt.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)),
  }));
}

function entityAccounts(db: SqlDb, entity: number): number[] {
  return (db.prepare("SELECT account_id FROM identity_nodes WHERE entity_id = ? AND type = 'account'").all(entity) as { account_id: number }[]).map((r) => r.account_id);
}

function expected(db: SqlDb, all: Ev[], f: EventFilter, dated: boolean): bigint[] {
  const accounts = f.accounts || f.entities ? new Set([...(f.accounts ?? []), ...(f.entities ?? []).flatMap((e) => entityAccounts(db, e))]) : null;
  return all
    .filter((e) => {
      if (dated && e.ts === null) return false;
      if ((f.from !== undefined || f.to !== undefined) && e.ts === null) return false;
      if (f.from !== undefined && e.ts! < f.from) return false;
      if (f.to !== undefined && e.ts! >= f.to) return false;
      if (f.kinds && !f.kinds.includes(e.kind as EventKind)) return false;
      if (f.evidence && !f.evidence.includes(e.evidence)) return false;
      if (accounts && !((e.actor !== null && accounts.has(e.actor)) || (e.counterpart !== null && accounts.has(e.counterpart)))) return false;
      if (f.tags && !e.tags.some((t) => f.tags!.includes(t))) return false;
      if (f.hasAttachment !== undefined && (e.att === 1) !== f.hasAttachment) return false;
      if (f.text !== undefined && !e.words.has(f.text)) return false;
      return true;
    })
    .map((e) => e.key);
}

const T = (iso: string) => Date.parse(iso);
const fullFilterArb = fc.record(
  {
    from: fc.constantFrom(T('2025-03-14T08:00:00Z'), T('2025-03-14T08:01:00Z'), T('2025-03-14T10:00:00Z')),
    to: fc.constantFrom(T('2025-03-14T09:30:00Z'), T('2025-03-14T12:00:00Z'), T('2025-03-16T00:00:00Z')),
    kinds: fc.subarray(['message', 'call', 'contact', 'transaction', 'row', 'file'] as EventKind[], { minLength: 1 }),
    evidence: fc.subarray([1, 2, 3], { minLength: 1 }),
    accounts: fc.subarray([1, 2, 3, 4, 5], { minLength: 1 }),
    entities: fc.constant(true),
    tags: fc.subarray(['lead', 'money'], { minLength: 1 }),
    hasAttachment: fc.boolean(),
    text: fc.constantFrom('usdt', 'boss', 'ready', 'ann', 'img', 'deposit'),
  },
);
/** One to three filter fields at a time, so most combinations select something and the rest test emptiness. */
const filterArb = fc
  .tuple(fullFilterArb, fc.subarray(['from', 'to', 'kinds', 'evidence', 'accounts', 'entities', 'tags', 'hasAttachment', 'text'] as const, { minLength: 1, maxLength: 3 }))
  .map(([f, keep]) => Object.fromEntries(Object.entries(f).filter(([k]) => (keep as readonly string[]).includes(k))) as Partial<typeof f>);

describe('timeline filters', () => {
  it('combine with AND across fields and OR within a field, exactly like a brute-force check (property)', async () => {
    const { c } = await dataset();
    const all = loadAll(c.db);
    const annEntity = (c.db.prepare("SELECT entity_id FROM identity_nodes WHERE kind = 'phone' AND value = '+66812345678'").get() as { entity_id: number }).entity_id;
    expect(entityAccounts(c.db, annEntity).length).toBeGreaterThanOrEqual(2); // Ann in E1 and Ann2 in E2 share a number
    let nonEmpty = 0;
    let runs = 0;
    fc.assert(
      fc.property(filterArb, (raw) => {
        const f: EventFilter = { ...raw, entities: raw.entities ? [annEntity] : undefined } as EventFilter;
        if (!raw.entities) delete f.entities;
        if (f.from !== undefined && f.to !== undefined && f.from >= f.to) delete f.to;
        const got = timelinePage(c.db, { displayTz: 'UTC', filter: f, limit: 5000 }).events.map((e) => BigInt(e.key));
        expect(got).toEqual(expected(c.db, all, f, true));
        const h = histogram(c.db, { filter: f, bucket: 'hour', displayTz: 'Asia/Yangon' });
        expect(h.total).toBe(got.length);
        runs++;
        if (got.length) nonEmpty++;
      }),
      { numRuns: 150 },
    );
    // The comparison must not be vacuous: a good share of the random filters select something.
    expect(nonEmpty / runs).toBeGreaterThan(0.25);
    c.close();
  });

  it('give the same events whichever index drives the query', async () => {
    const { c } = await dataset();
    const filters: EventFilter[] = [
      { kinds: ['message'], accounts: [2], hasAttachment: true },
      { evidence: [1, 2], kinds: ['message', 'call'], tags: ['lead', 'money'] },
      { accounts: [1, 2, 5], hasAttachment: false },
      { kinds: ['transaction', 'row', 'file', 'contact'] },
    ];
    for (const f of filters) {
      const r = resolveFilter(c.db, f);
      const drivers: DriverName[] = ['all'];
      if (r.sql.kinds) drivers.push('kind');
      if (r.sql.evidence) drivers.push('evidence');
      if (r.sql.accounts) drivers.push('party');
      if (r.sql.tags) drivers.push('tag');
      if (r.sql.hasAttachment === true) drivers.push('attachment');
      const results = drivers.map((d) => [...streamKeys(c.db, r.sql, d, { lo: -(1n << 63n), hi: UNDATED_BASE }, false, 1000)]);
      for (const res of results) expect(res).toEqual(results[0]);
      expect(results[0]!.length).toBeGreaterThan(0);
      expect(drivers).toContain(chooseDriver(c.db, r.sql, true).driver);
    }
    c.close();
  });

  it('picks the smallest index to drive: a rare kind over a busy account', async () => {
    const { c } = await dataset();
    expect(chooseDriver(c.db, resolveFilter(c.db, { kinds: ['transaction'] }).sql, true).driver).toBe('kind');
    expect(chooseDriver(c.db, resolveFilter(c.db, { accounts: [3], kinds: ['message', 'call'] }).sql, true).driver).toBe('party');
    expect(chooseDriver(c.db, resolveFilter(c.db, {}).sql, true).driver).toBe('all');
    c.close();
  });

  it('say when a combination can match nothing, instead of silently dropping a filter', async () => {
    const { c } = await dataset();
    const r1 = timelinePage(c.db, { displayTz: 'UTC', filter: { accounts: [2], evidence: [2] } });
    expect(r1.events).toEqual([]);
    expect(r1.notes.join(' ')).toContain('belong to other evidence items');
    const r2 = timelinePage(c.db, { displayTz: 'UTC', filter: { accounts: [2], kinds: ['transaction'] } });
    expect(r2.events).toEqual([]);
    expect(r2.notes.join(' ')).toContain('Only messages and calls have accounts');
    const r3 = timelinePage(c.db, { displayTz: 'UTC', filter: { entities: [999_999] } });
    expect(r3.events).toEqual([]);
    expect(r3.notes.join(' ')).toContain('Entity 999999 has no accounts');
    expect(() => timelinePage(c.db, { displayTz: 'UTC', filter: { evidence: [9] } })).toThrow(/no evidence item E9/);
    expect(() => timelinePage(c.db, { displayTz: 'UTC', filter: { from: T('2025-03-15T00:00:00Z'), to: T('2025-03-14T00:00:00Z') } })).toThrow(/time range is empty/);
    c.close();
  });

  it('actor and counterpart follow the conversation: one-to-one, group, calls both ways', async () => {
    const { c } = await dataset();
    const ev = timelinePage(c.db, { displayTz: 'UTC', filter: { evidence: [1] }, limit: 100 }).events;
    const by = (t: string) => ev.find((e) => e.text === t)!;
    expect([by('usdt ready boss').actor?.name, by('usdt ready boss').counterpart?.name]).toEqual(['Ann', 'Me']);
    expect([by('send usdt now').actor?.name, by('send usdt now').counterpart?.name]).toEqual(['Me', 'Ann']);
    expect(by('team meeting boss').counterpart).toBeNull();
    expect(by('team meeting boss').to).toBe('Team');
    const calls = ev.filter((e) => e.kind === 'call');
    expect(calls.map((e) => [e.subkind, e.actor?.name, e.counterpart?.name, e.from, e.to])).toEqual([
      ['incoming', 'Ann', 'Me', 'Ann (+66812345678)', 'Me'],
      ['outgoing', 'Me', 'Ann', 'Me', 'Ann (+66812345678)'],
    ]);
    expect(by('photo of passport')).toMatchObject({ hasAttachment: true, attachments: ['IMG-001.jpg'] });
    c.close();
  });

  it('an outgoing message with no sender is the owner writing to the chat\'s one other member', async () => {
    const { c } = await caseWith([
      [
        chat('c', 'Zed'),
        account('Me', { owner: true }),
        account('Zed', { chats: ['c'] }),
        { type: 'message', chatKey: 'c', direction: 'outgoing', time: { kind: 'instant', utcMs: T('2025-03-14T10:00:00Z'), raw: 'x' }, kind: 'text', body: 'sent by the owner', prov: { line: 9 }, raw: 'x' },
        msg('2025-03-14T10:01:00Z', 'reply from zed', { sender: 'Zed' }),
      ],
    ]);
    const ev = timelinePage(c.db, { displayTz: 'UTC' }).events;
    expect(ev.map((e) => [e.text, e.actor?.name, e.counterpart?.name])).toEqual([
      ['sent by the owner', 'Me', 'Zed'],
      ['reply from zed', 'Zed', 'Me'],
    ]);
    c.close();
  });

  it('search honours the same filters as the timeline', async () => {
    const { c } = await dataset();
    const all = loadAll(c.db);
    for (const f of [{ kinds: ['message'] as EventKind[] }, { evidence: [2] }, { accounts: [2] }, { hasAttachment: true }, { tags: ['money'] }, { from: T('2025-03-14T08:01:00Z') }]) {
      for (const word of ['usdt', 'boss', 'ready', 'deposit']) {
        const got = searchText(c.db, { query: word, filter: f, displayTz: 'UTC', order: 'oldest', limit: 1000 }).hits.map((h) => BigInt(h.event.key));
        expect(got).toEqual(expected(c.db, all, { ...f, text: word }, false));
      }
    }
    expect(keyAtInstant(0)).toBe(0n);
    c.close();
  });
});
