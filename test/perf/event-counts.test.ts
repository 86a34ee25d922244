// The event indexer's counts, now computed from its scratch table, equal the same counts recomputed from events.
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../main/engine/model/records';
import { UNDATED_BASE } from '../../main/engine/timeline/keys';
import { account, addItem, call, caseWith, chat, contact, msg, row, type BuiltCase } from '../timeline/case-builder';

let built: BuiltCase | undefined;
afterEach(() => built?.c.close());

const Q = '((ts_utc - (((ts_utc % 900000) + 900000) % 900000)) / 900000)';

/** The counts as the indexer computed them before (straight from events), for every item at once. */
function fromEvents(b: BuiltCase) {
  const db = b.c.db;
  const p = { undated: UNDATED_BASE };
  return {
    quarters: db.prepare(`SELECT ${Q} AS quarter, kind, COUNT(*) AS n FROM events WHERE id < @undated GROUP BY 1, 2 ORDER BY 1, 2`).all(p),
    byEvidence: db.prepare(`SELECT evidence_id, ${Q} AS quarter, kind, COUNT(*) AS n FROM events WHERE id < @undated GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all(p),
    totals: db.prepare('SELECT evidence_id, kind, id < @undated AS dated, COUNT(*) AS n, SUM(has_attachment) AS with_attachment FROM events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3').all(p),
    parties: db
      .prepare(
        `SELECT account_id, kind, COUNT(*) AS n FROM (
           SELECT actor_account_id AS account_id, kind FROM events WHERE actor_account_id IS NOT NULL
           UNION ALL SELECT counterpart_account_id, kind FROM events WHERE counterpart_account_id IS NOT NULL AND counterpart_account_id IS NOT actor_account_id)
         GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all(),
    runs: db
      .prepare(
        `SELECT evidence_id, SUM(id < @undated) AS dated, SUM(id >= @undated) AS undated, COALESCE(MAX(CASE WHEN id < @undated THEN id & 1048575 END), -1) AS max_slot
         FROM events GROUP BY 1 ORDER BY 1`,
      )
      .all(p),
  };
}

function stored(b: BuiltCase) {
  const db = b.c.db;
  return {
    quarters: db.prepare('SELECT quarter, kind, n FROM event_quarters ORDER BY 1, 2').all(),
    byEvidence: db.prepare('SELECT evidence_id, quarter, kind, n FROM event_quarters_by_evidence ORDER BY 1, 2, 3').all(),
    totals: db.prepare('SELECT evidence_id, kind, dated, n, with_attachment FROM event_totals ORDER BY 1, 2, 3').all(),
    parties: db.prepare('SELECT account_id, kind, n FROM event_party_counts ORDER BY 1, 2').all(),
    runs: db.prepare('SELECT evidence_id, dated, undated, max_slot FROM event_index_runs ORDER BY 1').all(),
  };
}

const item1: ImportRecord[] = [
  chat('c', 'Boss'),
  chat('g', 'Team', 'group'),
  account('Owner', { phone: '+66812345678', owner: true, chats: ['c', 'g'] }),
  account('Ann', { chats: ['c'] }),
  msg('2024-03-01T10:00:00Z', 'hello', { sender: 'Ann' }),
  msg('2024-03-01T10:00:00Z', 'same instant', { sender: 'Owner', direction: 'outgoing' }),
  msg('2024-03-01T10:14:59Z', 'photo', { sender: 'Ann', attachments: ['a.jpg'] }),
  msg('2024-03-01T10:15:00Z', 'group hi', { sender: 'Bob', chat: 'g' }),
  msg({ kind: 'none', raw: '??' }, 'undated one', { sender: 'Ann' }),
  msg('1960-01-01T00:00:01Z', 'before 1970', { sender: 'Ann' }),
  call('2024-03-01T11:00:00Z', '+66812345679', 'outgoing', { accountKey: 'Ann' }),
  call('2024-03-02T11:00:00Z', '+66812345679', 'incoming', { accountKey: 'Ann' }),
  contact('Card', '+66812345670', '2024-03-01T10:00:00Z'),
  contact('Undated card', '+66812345671'),
];

describe('event counts from the scratch table', () => {
  it('equal the counts recomputed from events, across items sharing instants and quarters', async () => {
    built = await caseWith([item1, [chat('c', 'Other'), msg('2024-03-01T10:00:00Z', 'second item, same instant', { sender: 'Zed' }), msg('2024-03-01T10:05:00Z', 'x', { sender: 'Ann' })]]);
    await addItem(built, [row('r1', ['a', 'b'], 2), msg('2024-03-01T10:00:00Z', 'third item', { sender: 'Ann' })]);
    const want = fromEvents(built);
    expect(stored(built)).toEqual(want);
    // Not vacuous: there are dated and undated events, several quarters, party counts and an attachment.
    expect(want.runs).toEqual([
      // 10:00:00 holds two messages and a card of E1 (slots 0-2), then E2's message (3), then E3's (4).
      { evidence_id: 1, dated: 8, undated: 2, max_slot: 2 },
      { evidence_id: 2, dated: 2, undated: 0, max_slot: 3 },
      { evidence_id: 3, dated: 1, undated: 1, max_slot: 4 },
    ]);
    expect(new Set(want.quarters.map((q) => (q as { quarter: number }).quarter)).size).toBeGreaterThanOrEqual(4);
    expect(want.parties.length).toBeGreaterThan(3);
    expect(want.totals.some((t) => (t as { with_attachment: number }).with_attachment === 1)).toBe(true);
  });

  it('writes each (chat, member) once however many messages the member sent', async () => {
    built = await caseWith([[chat('c'), msg('2024-03-01T10:00:00Z', 'a', { sender: 'Ann' }), msg('2024-03-01T10:01:00Z', 'b', { sender: 'Ann' }), msg('2024-03-01T10:02:00Z', 'c', { sender: 'Bob' })]]);
    const members = built.c.db.prepare('SELECT a.key FROM chat_members m JOIN accounts a ON a.id = m.account_id ORDER BY a.key').pluck().all();
    expect(members).toEqual(['Ann', 'Bob']);
  });
});
