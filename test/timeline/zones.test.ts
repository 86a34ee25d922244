import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketBoundaries, type BucketUnit } from '../../main/engine/timeline/buckets';
import { histogram } from '../../main/engine/timeline/histogram';
import { timelinePage } from '../../main/engine/timeline/page';
import { formatInZone, offsetMinutesAt } from '../../main/engine/time/zone';
import { cachedOffset, displayTime, nextTransition } from '../../main/engine/timeline/display-time';
import { caseWith, chat, msg } from './case-builder';

const iso = (ms: number) => new Date(ms).toISOString();
const T = (s: string) => Date.parse(s);

describe('display zone', () => {
  it('renders every event in the chosen zone with its own offset, across DST changes, storage untouched', async () => {
    const { c } = await caseWith([
      [
        chat(),
        msg('2025-03-30T00:59:59Z', 'last GMT second'),
        msg('2025-03-30T01:00:00Z', 'first BST second'),
        msg('2025-10-26T00:30:00Z', 'first 01:30'),
        msg('2025-10-26T01:30:00Z', 'second 01:30'),
      ],
    ]);
    const show = (tz: string) => timelinePage(c.db, { displayTz: tz }).events.map((e) => [e.ts, e.display]);
    expect(show('Europe/London')).toEqual([
      ['2025-03-30T00:59:59.000Z', { tz: 'Europe/London', time: '2025-03-30 00:59:59 +00:00' }],
      ['2025-03-30T01:00:00.000Z', { tz: 'Europe/London', time: '2025-03-30 02:00:00 +01:00' }],
      ['2025-10-26T00:30:00.000Z', { tz: 'Europe/London', time: '2025-10-26 01:30:00 +01:00' }],
      ['2025-10-26T01:30:00.000Z', { tz: 'Europe/London', time: '2025-10-26 01:30:00 +00:00' }],
    ]);
    expect(show('Asia/Yangon').map((x) => (x[1] as { time: string }).time)).toEqual(['2025-03-30 07:29:59 +06:30', '2025-03-30 07:30:00 +06:30', '2025-10-26 07:00:00 +06:30', '2025-10-26 08:00:00 +06:30']);
    expect(show('Asia/Kathmandu')[0]![1]).toEqual({ tz: 'Asia/Kathmandu', time: '2025-03-30 06:44:59 +05:45' });
    expect(show('America/St_Johns')[3]![1]).toEqual({ tz: 'America/St_Johns', time: '2025-10-25 23:00:00 -02:30' });
    c.close();
  });
});

describe('histogram buckets', () => {
  it('a London day is 23 hours in spring and 25 in autumn; a Bangkok day starts at 17:00 UTC', () => {
    const spring = bucketBoundaries(T('2025-03-29T12:00:00Z'), T('2025-03-31T12:00:00Z'), 'day', 'Europe/London');
    expect(spring.map(iso)).toEqual(['2025-03-29T00:00:00.000Z', '2025-03-30T00:00:00.000Z', '2025-03-30T23:00:00.000Z', '2025-03-31T23:00:00.000Z']);
    const autumn = bucketBoundaries(T('2025-10-26T12:00:00Z'), T('2025-10-26T13:00:00Z'), 'day', 'Europe/London');
    expect(autumn.map(iso)).toEqual(['2025-10-25T23:00:00.000Z', '2025-10-27T00:00:00.000Z']);
    expect((autumn[1]! - autumn[0]!) / 3_600_000).toBe(25);
    expect(bucketBoundaries(T('2025-03-14T18:00:00Z'), T('2025-03-14T18:00:01Z'), 'day', 'Asia/Bangkok').map(iso)).toEqual(['2025-03-14T17:00:00.000Z', '2025-03-15T17:00:00.000Z']);
  });

  it('hours follow elapsed time: the repeated autumn hour is its own bucket, the skipped spring hour has none', () => {
    const autumn = bucketBoundaries(T('2025-10-25T23:00:00Z'), T('2025-10-26T02:00:00Z'), 'hour', 'Europe/London');
    expect(autumn.map(iso)).toEqual(['2025-10-25T23:00:00.000Z', '2025-10-26T00:00:00.000Z', '2025-10-26T01:00:00.000Z', '2025-10-26T02:00:00.000Z']);
    const spring = bucketBoundaries(T('2025-03-30T00:00:00Z'), T('2025-03-30T02:00:00Z'), 'hour', 'Europe/London');
    expect(spring.map(iso)).toEqual(['2025-03-30T00:00:00.000Z', '2025-03-30T01:00:00.000Z', '2025-03-30T02:00:00.000Z']);
    // Yangon hours start at half past UTC; Lord Howe shifts by 30 minutes for DST and stays aligned to its local hours.
    expect(bucketBoundaries(T('2025-03-14T02:10:00Z'), T('2025-03-14T02:20:00Z'), 'hour', 'Asia/Yangon').map(iso)).toEqual(['2025-03-14T01:30:00.000Z', '2025-03-14T02:30:00.000Z']);
    // At 02:00 +11:00 (15:00 UTC) the clock goes back to 01:30 +10:30: that instant is a boundary of its own.
    const lh = bucketBoundaries(T('2025-04-05T13:00:00Z'), T('2025-04-05T17:00:00Z'), 'hour', 'Australia/Lord_Howe');
    expect(lh.map((b) => formatInZone(b, 'Australia/Lord_Howe'))).toEqual([
      '2025-04-06 00:00:00 +11:00',
      '2025-04-06 01:00:00 +11:00',
      '2025-04-06 01:30:00 +10:30',
      '2025-04-06 02:00:00 +10:30',
      '2025-04-06 03:00:00 +10:30',
      '2025-04-06 04:00:00 +10:30',
    ]);
    expect(offsetMinutesAt(lh[0]!, 'Australia/Lord_Howe')).toBe(660);
  });

  it('weeks start on Monday, months and years on their first local day', () => {
    expect(bucketBoundaries(T('2025-03-14T12:00:00Z'), T('2025-03-14T13:00:00Z'), 'week', 'UTC').map(iso)).toEqual(['2025-03-10T00:00:00.000Z', '2025-03-17T00:00:00.000Z']);
    expect(bucketBoundaries(T('2025-12-31T20:00:00Z'), T('2026-01-01T00:00:00Z'), 'month', 'Asia/Bangkok').map(iso)).toEqual(['2025-12-31T17:00:00.000Z', '2026-01-31T17:00:00.000Z']);
    expect(bucketBoundaries(T('2025-12-31T16:00:00Z'), T('2025-12-31T18:00:00Z'), 'year', 'Asia/Bangkok').map(iso)).toEqual(['2024-12-31T17:00:00.000Z', '2025-12-31T17:00:00.000Z', '2026-12-31T17:00:00.000Z']);
    expect(() => bucketBoundaries(0, 366 * 86_400_000, 'minute', 'UTC')).toThrow(/more than 100,000 buckets/);
  });

  it('counts per bucket equal a brute-force count in the zone, via the quarter-hour table and via index scans (property)', async () => {
    const base = T('2025-03-29T00:00:00Z');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('UTC', 'Europe/London', 'Asia/Yangon', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe'),
        fc.constantFrom<BucketUnit>('hour', 'day', 'minute'),
        async (minutes, tz, unit) => {
          const { c } = await caseWith([[chat(), ...minutes.map((m, i) => msg({ kind: 'instant', utcMs: base + m * 60_000 + 7_000, raw: String(m) }, i % 3 === 0 ? 'with file' : 'plain', i % 3 === 0 ? { attachments: ['x.jpg'] } : {}))]]);
          const check = (filtered: boolean) => {
            const h = histogram(c.db, { bucket: unit, displayTz: tz, ...(filtered ? { filter: { hasAttachment: true } } : {}) });
            const times = minutes.filter((_, i) => !filtered || i % 3 === 0).map((m) => base + m * 60_000 + 7_000);
            for (const b of h.buckets) expect(b.count).toBe(times.filter((t) => t >= Date.parse(b.start) && t < Date.parse(b.end)).length);
            expect(h.total).toBe(times.length);
            return h.method;
          };
          expect(check(false)).toBe(unit === 'minute' ? 'index scan' : 'quarter-hour counts');
          if (minutes.some((_, i) => i % 3 === 0)) expect(check(true)).toBe('index scan');
          c.close();
        },
      ),
      { numRuns: 12 },
    );
  });

  it('splits a quarter hour exactly where a bucket edge cuts it (Monrovia was UTC-0:44:30 until 1972)', async () => {
    // 1970-06-01: local midnight in Africa/Monrovia is 00:44:30 UTC, inside the 00:30-00:45 UTC quarter. 00:44:15
    // is still 31 May there (an offset rounded to -0:44 would put it on 1 June).
    const { c } = await caseWith([
      [chat(), msg('1970-06-01T00:40:00Z', 'before local midnight'), msg('1970-06-01T00:44:15Z', '15 s before local midnight'), msg('1970-06-01T00:44:59Z', 'after local midnight'), msg('1970-06-01T12:00:00Z', 'noon')],
    ]);
    const h = histogram(c.db, { bucket: 'day', displayTz: 'Africa/Monrovia' });
    expect(h.method).toBe('quarter-hour counts');
    expect(h.buckets.map((b) => [b.start, b.local, b.count])).toEqual([
      ['1970-05-31T00:44:30.000Z', '1970-05-31 00:00:00 -00:44:30', 2],
      ['1970-06-01T00:44:30.000Z', '1970-06-01 00:00:00 -00:44:30', 2],
    ]);
    expect(timelinePage(c.db, { displayTz: 'Africa/Monrovia' }).events.map((e) => e.display?.time)).toEqual([
      '1970-05-31 23:55:30 -00:44:30',
      '1970-05-31 23:59:45 -00:44:30',
      '1970-06-01 00:00:29 -00:44:30',
      '1970-06-01 11:15:30 -00:44:30',
    ]);
    c.close();
  });

  it('a filtered histogram over a time range counts only inside the range and says which zone', async () => {
    const { c } = await caseWith([[chat(), msg('2025-03-14T16:59:00Z', 'a'), msg('2025-03-14T17:00:00Z', 'b'), msg('2025-03-14T17:20:00Z', 'c'), msg('2025-03-15T03:00:00Z', 'd')]]);
    const h = histogram(c.db, { bucket: 'day', displayTz: 'Asia/Bangkok', filter: { from: T('2025-03-14T17:10:00Z') } });
    expect(h).toMatchObject({ displayTz: 'Asia/Bangkok', from: '2025-03-14T17:10:00.000Z', total: 2 });
    expect(h.buckets.map((b) => [b.start, b.count])).toEqual([['2025-03-14T17:00:00.000Z', 2]]);
    const all = histogram(c.db, { bucket: 'day', displayTz: 'Asia/Bangkok' });
    expect(all.buckets.map((b) => [b.local, b.count])).toEqual([
      ['2025-03-14 00:00:00 +07:00', 1],
      ['2025-03-15 00:00:00 +07:00', 3],
    ]);
    c.close();
  });
});

describe('fast display times', () => {
  it('equal formatInZone for any instant and zone, including the hours around DST transitions (property)', () => {
    const zones = ['UTC', 'Asia/Bangkok', 'Asia/Yangon', 'Europe/London', 'America/St_Johns', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Africa/Casablanca', 'Asia/Kathmandu', 'Pacific/Chatham'];
    const edges = [T('2025-03-30T00:59:59Z'), T('2025-03-30T01:00:00Z'), T('2025-10-26T00:59:59.999Z'), T('2025-10-26T01:00:00Z'), T('2025-04-05T15:00:00Z'), T('2025-04-05T14:59:59Z')];
    for (const tz of zones) for (const e of edges) expect(displayTime(e, tz)).toBe(formatInZone(e, tz));
    fc.assert(
      fc.property(fc.integer({ min: T('1950-01-01T00:00:00Z'), max: T('2040-01-01T00:00:00Z') }), fc.constantFrom(...zones), (ms, tz) => {
        expect(displayTime(ms, tz)).toBe(formatInZone(ms, tz));
      }),
      { numRuns: 500 },
    );
  });
});

describe('learnt zone offsets', () => {
  it('find every transition exactly, also one on a chunk edge (2^31 ms) and at historical odd seconds', () => {
    // Europe/London 2025: 30 March 01:00 UTC and 26 October 01:00 UTC.
    const y = T('2025-01-01T00:00:00Z');
    const found: string[] = [];
    for (let t = y; ; ) {
      const n = nextTransition(t, T('2026-01-01T00:00:00Z'), 'Europe/London');
      if (n === null) break;
      found.push(iso(n));
      t = n;
    }
    expect(found).toEqual(['2025-03-30T01:00:00.000Z', '2025-10-26T01:00:00.000Z']);
    // Monrovia moved from -0:44:30 to UTC at 1972-01-07 00:44:30 UTC.
    expect(iso(nextTransition(T('1972-01-01T00:00:00Z'), T('1972-02-01T00:00:00Z'), 'Africa/Monrovia')!)).toBe('1972-01-07T00:44:30.000Z');
    expect(cachedOffset(T('1972-01-07T00:44:29.999Z'), 'Africa/Monrovia')).toBe(-44.5);
    expect(cachedOffset(T('1972-01-07T00:44:30Z'), 'Africa/Monrovia')).toBe(0);
    expect(nextTransition(T('2025-01-01T00:00:00Z'), T('2026-01-01T00:00:00Z'), 'Asia/Bangkok')).toBeNull();
    expect(nextTransition(T('2025-01-01T00:00:00Z'), T('2026-01-01T00:00:00Z'), 'UTC')).toBeNull();
  });

  it('agree with the exact Intl offset at and just before every transition, and anywhere 1900-2060 (property)', () => {
    const zones = ['Europe/London', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Africa/Casablanca', 'Asia/Yangon', 'Africa/Monrovia', 'Pacific/Apia'];
    // Each learnt chunk costs ~600 Intl calls, so the walk covers a few years per zone (Casablanca's Ramadan
    // pauses, Apia's 2011 date-line jump, Monrovia's 1972 change, Sao Paulo's 2019 end of DST).
    const spans: Record<string, [string, string]> = { 'Africa/Monrovia': ['1971-06-01', '1972-06-01'], 'Pacific/Apia': ['2011-06-01', '2012-06-01'], 'America/Sao_Paulo': ['2017-01-01', '2020-01-01'] };
    for (const tz of zones) {
      const [a, b] = spans[tz] ?? ['2022-01-01', '2025-01-01'];
      let t = T(`${a}T00:00:00Z`);
      const end = T(`${b}T00:00:00Z`);
      for (let n = 0; n < 400; n++) {
        const tr = nextTransition(t, end, tz);
        if (tr === null) break;
        // The offset changes exactly at tr and not a millisecond before.
        expect(cachedOffset(tr, tz)).toBe(offsetMinutesAt(tr, tz));
        expect(cachedOffset(tr - 1, tz)).toBe(offsetMinutesAt(tr - 1, tz));
        expect(offsetMinutesAt(tr - 1, tz)).not.toBe(offsetMinutesAt(tr, tz));
        t = tr;
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: T('1900-01-01T00:00:00Z'), max: T('2060-01-01T00:00:00Z') }), fc.constantFrom(...zones), (ms, tz) => {
        expect(cachedOffset(ms, tz)).toBe(offsetMinutesAt(ms, tz));
      }),
      { numRuns: 150 },
    );
  });
});
