import { describe, expect, it } from 'vitest';
import { chooseBucket, zoomRange } from '../../renderer/lib/histogram-scale';
import { nearEdges, rebaseSlots, rowSlot, scrollToReveal, slotPool, visibleRange } from '../../renderer/lib/virtual';

describe('windowing arithmetic', () => {
  it('renders only the rows on screen plus the overscan', () => {
    expect(visibleRange(0, 260, 26, 1000, 5)).toEqual({ first: 0, last: 15 });
    expect(visibleRange(2600, 260, 26, 1000, 5)).toEqual({ first: 95, last: 115 });
    expect(visibleRange(25_974, 260, 26, 1000, 5)).toEqual({ first: 994, last: 1000 });
    expect(visibleRange(0, 260, 26, 0, 5)).toEqual({ first: 0, last: 0 });
  });

  it('asks for more rows near either end of what is loaded', () => {
    expect(nearEdges(0, 520, 26, 3000, 80)).toEqual({ before: true, after: false });
    expect(nearEdges(26 * 2950, 520, 26, 3000, 80)).toEqual({ before: false, after: true });
    expect(nearEdges(26 * 1500, 520, 26, 3000, 80)).toEqual({ before: false, after: false });
  });

  it('scrolls a selected row into view with the least movement', () => {
    expect(scrollToReveal(10, 0, 520, 26)).toBeNull();
    expect(scrollToReveal(30, 0, 520, 26)).toBe(31 * 26 - 520);
    expect(scrollToReveal(2, 260, 520, 26)).toBe(52);
  });
});

describe('histogram zoom', () => {
  const DAY = 86_400_000;
  it('picks the finest bucket that keeps the count readable', () => {
    expect(chooseBucket(0, 3 * 3_600_000)).toBe('minute');
    expect(chooseBucket(0, 5 * DAY)).toBe('hour');
    expect(chooseBucket(0, 200 * DAY)).toBe('day');
    expect(chooseBucket(0, 1000 * DAY)).toBe('week');
    expect(chooseBucket(0, 5_000 * DAY)).toBe('month');
    expect(chooseBucket(0, 10_000 * DAY)).toBe('year');
  });

  it('zooms around the pointer and stays inside the case', () => {
    const bounds = { from: 0, to: 100 * DAY };
    expect(zoomRange(bounds, 0.5, 0.5, bounds)).toEqual({ from: 25 * DAY, to: 75 * DAY });
    expect(zoomRange({ from: 0, to: 10 * DAY }, 0, 0.5, bounds)).toEqual({ from: 0, to: 5 * DAY });
    expect(zoomRange({ from: 90 * DAY, to: 100 * DAY }, 1, 4, bounds)).toEqual({ from: 60 * DAY, to: 100 * DAY });
    expect(zoomRange(bounds, 0.5, 10, bounds)).toEqual(bounds);
    // Never narrower than an hour.
    expect(zoomRange({ from: 0, to: 2 * 3_600_000 }, 0, 0.1, bounds)).toEqual({ from: 0, to: 3_600_000 });
  });
});

describe('row recycling', () => {
  it('sizes the pool to hold every rendered row', () => {
    expect(slotPool(0)).toBe(64);
    expect(slotPool(64)).toBe(64);
    expect(slotPool(65)).toBe(128);
    expect(slotPool(300)).toBe(512);
  });

  it('gives distinct slots to the rows of a range, and the same slot to a row after rows are dropped before it', () => {
    const pool = slotPool(51);
    const slots = Array.from({ length: 51 }, (_, k) => rowSlot(2950 + k, 0, pool));
    expect(new Set(slots).size).toBe(51);
    // 300 rows dropped from the front: the row at 2960 is now at 2660 and keeps its slot.
    const base = rebaseSlots(0, 2960, 2660);
    expect(base).toBe(300);
    expect(rowSlot(2660, base, pool)).toBe(rowSlot(2960, 0, pool));
    // 300 rows added in front: it moves to 3260 and still keeps it; negative bases wrap.
    expect(rebaseSlots(0, 2960, 3260)).toBe(-300);
    expect(rowSlot(3260, -300, pool)).toBe(rowSlot(2960, 0, pool));
    expect(rowSlot(0, -300, pool)).toBe(pool - (300 % pool));
  });
});
