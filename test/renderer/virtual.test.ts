import { describe, expect, it } from 'vitest';
import { chooseBucket, zoomRange } from '../../renderer/lib/histogram-scale';
import { nearEdges, scrollToReveal, visibleRange } from '../../renderer/lib/virtual';

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
