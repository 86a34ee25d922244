import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditRows } from '../../main/engine/db/audit-store';
import { indexPendingEvents, rebuildEvents } from '../../main/engine/db/write/events';
import { MIN_KEY, SLOTS, UNDATED_BASE, instantOfKey, keyAtInstant, parseKey, quarterOf } from '../../main/engine/timeline/keys';
import { timelinePage } from '../../main/engine/timeline/page';
import { ensureEventsIndexed } from '../../main/engine/timeline/index-state';
import { searchText } from '../../main/engine/search/full-text';
import { account, at, caseWith, chat, msg } from './case-builder';

function allEvents(db: Parameters<typeof timelinePage>[0]) {
  return timelinePage(db, { displayTz: 'UTC', limit: 5000 }).events;
}

describe('event keys', () => {
  it('order by instant with room for 2^20 events per millisecond, floor-dividing before 1970', () => {
    expect(keyAtInstant(0)).toBe(0n);
    expect(keyAtInstant(1)).toBe(SLOTS);
    expect(keyAtInstant(-1)).toBe(-SLOTS);
    expect(instantOfKey(-SLOTS + 5n)).toBe(-1);
    expect(instantOfKey(SLOTS * 1741917600000n + 7n)).toBe(1741917600000);
    expect(instantOfKey(UNDATED_BASE)).toBeNull();
    expect(keyAtInstant(Date.parse('9999-12-31T00:00:00Z'))).toBe(UNDATED_BASE);
    expect(keyAtInstant(Date.parse('1601-01-01T00:00:00Z'))).toBe(MIN_KEY);
    expect(quarterOf(-1)).toBe(-1);
    expect(quarterOf(899_999)).toBe(0);
    expect(() => parseKey('12a')).toThrow();
  });

  it('round-trip every dated instant through a key (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 43), max: 2 ** 42 - 1 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), (ms, slot) => {
        const k = keyAtInstant(ms) + BigInt(slot);
        expect(instantOfKey(k)).toBe(ms);
        expect(parseKey(k.toString())).toBe(k);
      }),
    );
  });
});

describe('event order', () => {
  it('keeps events at the same instant in (evidence item, position in source) order, across imports', async () => {
    const T = '2025-03-14T14:00:00.000Z';
    const { c } = await caseWith([
      [chat(), msg(T, 'e1 first'), msg('2025-03-14T13:59:59.999Z', 'e1 earlier'), msg(T, 'e1 second')],
      [chat(), msg(T, 'e2 only'), msg('2025-03-14T14:00:00.001Z', 'e2 later')],
      [chat(), msg(T, 'e3 first'), msg(T, 'e3 second')],
    ]);
    expect(allEvents(c.db).map((e) => e.text)).toEqual(['e1 earlier', 'e1 first', 'e1 second', 'e2 only', 'e3 first', 'e3 second', 'e2 later']);
    const keys = c.db.prepare('SELECT CAST(id AS TEXT) k, evidence_id, seq FROM events WHERE ts_utc = ? ORDER BY id').all(Date.parse(T)) as { k: string; evidence_id: number; seq: number }[];
    // Slots 0..4 at that millisecond, in evidence then source order.
    expect(keys.map((r) => parseKey(r.k) - keyAtInstant(Date.parse(T)))).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(keys.map((r) => r.evidence_id)).toEqual([1, 1, 2, 3, 3]);
    c.close();
  });

  it('equals sorting the records by (instant, evidence, seq) for any mix of times (property)', async () => {
    const base = Date.parse('2025-01-01T00:00:00Z');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }), async (items) => {
        const { c } = await caseWith(items.map((offsets, i) => [chat(), ...offsets.map((o, j) => msg({ kind: 'instant', utcMs: base + o * 1000, raw: String(o) }, `i${i}m${j}`))]));
        const expected = c.db.prepare('SELECT body FROM messages ORDER BY ts_utc, evidence_id, seq').all().map((r) => (r as { body: string }).body);
        expect(allEvents(c.db).map((e) => e.text)).toEqual(expected);
        c.close();
      }),
      { numRuns: 8 },
    );
  });

  it('places pre-1970 instants correctly and keeps unusable times off the timeline but searchable', async () => {
    const { c } = await caseWith([
      [
        chat(),
        msg('1969-12-31T23:59:59.999Z', 'just before epoch'),
        msg('1970-01-01T00:00:00.000Z', 'epoch'),
        msg('9999-12-31T00:00:00.000Z', 'far future sentinel'),
        msg({ kind: 'none', raw: '??' }, 'no time at all'),
        msg('1950-06-01T00:00:00.000Z', 'nineteen fifty'),
      ],
    ]);
    const page = timelinePage(c.db, { displayTz: 'UTC' });
    expect(page.events.map((e) => e.text)).toEqual(['nineteen fifty', 'just before epoch', 'epoch']);
    expect(page.notes.join(' ')).toContain('2 record(s) have no usable time (1 of them a time outside 1691–2109)');
    const found = searchText(c.db, { query: 'sentinel OR time', displayTz: 'UTC' });
    expect(found.hits.map((h) => h.event.text)).toEqual(['far future sentinel', 'no time at all']);
    expect(found.hits[0]!.event.ts).toBeNull();
    c.close();
  });

  it('a rebuild reproduces the same keys and keeps tags on their events', async () => {
    const { c } = await caseWith([[chat(), msg('2025-03-14T10:00:00Z', 'a'), msg('2025-03-14T10:00:00Z', 'b')], [chat(), msg('2025-03-14T10:00:00Z', 'c')]]);
    const before = c.db.prepare('SELECT CAST(id AS TEXT) k, kind, record_id FROM events ORDER BY id').all();
    const second = (before[1] as { k: string }).k;
    c.db.prepare('INSERT INTO event_tags (tag, event_id) VALUES (?, ?)').run('lead', BigInt(second));
    rebuildEvents(c.db);
    expect(c.db.prepare('SELECT CAST(id AS TEXT) k, kind, record_id FROM events ORDER BY id').all()).toEqual(before);
    expect(c.db.prepare('SELECT tag, CAST(event_id AS TEXT) k FROM event_tags').all()).toEqual([{ tag: 'lead', k: second }]);
    expect(searchText(c.db, { query: 'b', displayTz: 'UTC' }).hits.map((h) => h.event.text)).toEqual(['b']);
    c.close();
  });

  it('indexes items imported before the event stream existed, once, in evidence order, and audits it', async () => {
    const { c } = await caseWith([[chat(), account('Ann'), msg('2025-03-14T10:00:00Z', 'old item')], [chat(), msg('2025-03-14T10:00:00Z', 'newer item')]]);
    // Simulate a case from before schema 3: no event rows, no index runs.
    c.db.exec(`INSERT INTO search_words(search_words) VALUES ('delete-all'); INSERT INTO search_grams(search_grams) VALUES ('delete-all');
      DELETE FROM search_gram_docs; DELETE FROM search_names; DELETE FROM events; DELETE FROM event_quarters; DELETE FROM event_quarters_by_evidence;
      DELETE FROM event_totals; DELETE FROM event_party_counts; DELETE FROM event_index_runs;`);
    expect(timelinePage(c.db, { displayTz: 'UTC' }).notes[0]).toContain('E1, E2 are not in the timeline index yet');
    const runs = ensureEventsIndexed(c);
    expect(runs.map((r) => r.evidenceId)).toEqual([1, 2]);
    expect(ensureEventsIndexed(c)).toEqual([]);
    expect(indexPendingEvents(c.db)).toEqual([]);
    expect(allEvents(c.db).map((e) => e.text)).toEqual(['old item', 'newer item']);
    const last = [...auditRows(c.db)].pop()!;
    expect(last.action).toBe('events-indexed');
    expect(JSON.parse(last.details_json).items).toHaveLength(2);
    c.close();
  });

  it('the message time as written stays beside the UTC instant', async () => {
    const { c } = await caseWith([[chat(), msg({ kind: 'wall', wall: { y: 2025, mo: 3, d: 14, h: 21, mi: 0, s: 0 }, raw: '14/03/2025, 21:00' }, 'wall time')]], { tz: 'Asia/Bangkok' });
    const [e] = allEvents(c.db);
    expect(e).toMatchObject({ ts: '2025-03-14T14:00:00.000Z', tsRaw: '14/03/2025, 21:00', tsLocal: '2025-03-14T21:00:00', tsZone: 'Asia/Bangkok' });
    expect(at('2025-03-14T14:00:00Z')).toMatchObject({ utcMs: Date.parse(e!.ts!) });
    c.close();
  });
});
