import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quarterRangeSums } from '../../main/engine/db/read/timeline';
import { histogram } from '../../main/engine/timeline/histogram';
import { wholeQuarterSums } from '../../main/engine/timeline/quarter-counts';
import { addItem, call, caseWith, chat, msg } from './case-builder';

const T = (s: string) => Date.parse(s);
const Q = (iso: string) => Math.floor(T(iso) / 900_000);
/** Enough empty ranges to make loading the in-memory table worthwhile. */
const zeros = new Array<number>(5_000).fill(0);

describe('histogram sums from the in-memory quarter counts', () => {
  it('equal the SQL range sums for any ranges, with and without a kind filter (property)', async () => {
    const base = T('2025-03-29T00:00:00Z');
    const recs = [chat()];
    for (let i = 0; i < 60; i++) {
      const t = new Date(base + ((i * 7919) % (3 * 24 * 60)) * 60_000).toISOString();
      recs.push(i % 4 === 0 ? call(t, '+66812345678', 'incoming') : msg(t, `m${i}`));
    }
    const { c } = await caseWith([recs]);
    // Fewer ranges than a load is worth: SQL answers until a large histogram has loaded the table.
    expect(wholeQuarterSums(c.db, [0], [1], null)).toBeNull();
    expect(wholeQuarterSums(c.db, zeros, zeros, null)).toEqual(zeros);
    const q0 = Math.floor(base / 900_000) - 8;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 96 + 16 }), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 30 }),
        fc.constantFrom<string[] | null>(null, ['call'], ['message'], ['message', 'call'], ['row']),
        async (spans, kinds) => {
          const ranges = spans.map(([a, w]) => [q0 + a, q0 + a + w] as [number, number]);
          expect(wholeQuarterSums(c.db, ranges.map((r) => r[0]), ranges.map((r) => r[1]), kinds)).toEqual(quarterRangeSums(c.db, ranges, kinds, null));
        },
      ),
      { numRuns: 60 },
    );
    c.close();
  });

  it('are loaded by a large histogram, reloaded after an import, and an evidence filter still counts per item', async () => {
    const built = await caseWith([[chat(), msg('2025-03-14T10:05:00Z', 'a'), msg('2025-03-14T10:20:00Z', 'b'), call('2025-03-14T11:00:00Z', '+66812345678', 'outgoing')]]);
    const { c } = built;
    const day = (f = {}) => histogram(c.db, { bucket: 'hour', displayTz: 'UTC', filter: f }).buckets.map((b) => [b.start.slice(11, 16), b.count]);
    expect(day()).toEqual([
      ['10:00', 2],
      ['11:00', 1],
    ]);
    const big = (lo: number, hi: number) => wholeQuarterSums(c.db, [lo, ...zeros], [hi, ...zeros], null)?.[0];
    expect(big(Q('2025-03-14T10:00:00Z'), Q('2025-03-14T12:00:00Z'))).toBe(3);
    await addItem(built, [chat(), msg('2025-03-14T10:59:59Z', 'c'), msg('2025-03-14T11:30:00Z', 'd')]);
    // The import changed the index: the table is reloaded, not reused (a stale one would still say 3).
    expect(wholeQuarterSums(c.db, [Q('2025-03-14T10:00:00Z')], [Q('2025-03-14T12:00:00Z')], null)).toBeNull();
    expect(big(Q('2025-03-14T10:00:00Z'), Q('2025-03-14T12:00:00Z'))).toBe(5);
    expect(wholeQuarterSums(c.db, [Q('2025-03-14T11:00:00Z')], [Q('2025-03-14T12:00:00Z')], ['message'])).toEqual([1]);
    expect(day()).toEqual([
      ['10:00', 3],
      ['11:00', 2],
    ]);
    expect(day({ kinds: ['message'] })).toEqual([
      ['10:00', 3],
      ['11:00', 1],
    ]);
    expect(day({ evidence: [2] })).toEqual([
      ['10:00', 1],
      ['11:00', 1],
    ]);
    c.close();
  });
});
