import { describe, expect, it } from 'vitest';
import { formatInZone, formatOffset, isValidWall, offsetMinutesAt, resolveWallTime } from '../../main/engine/time/zone';

const w = (y: number, mo: number, d: number, h: number, mi = 0, s = 0) => ({ y, mo, d, h, mi, s });

describe('wall time in a declared zone', () => {
  it('reads zone-less times in the zone (Bangkok has no DST)', () => {
    expect(new Date(resolveWallTime(w(2025, 3, 14, 21), 'Asia/Bangkok').utcMs).toISOString()).toBe('2025-03-14T14:00:00.000Z');
    expect(new Date(resolveWallTime(w(2025, 3, 14, 21), 'Asia/Yangon').utcMs).toISOString()).toBe('2025-03-14T14:30:00.000Z');
    expect(new Date(resolveWallTime(w(2025, 3, 14, 21), 'UTC').utcMs).toISOString()).toBe('2025-03-14T21:00:00.000Z');
  });

  it('flags a time inside a DST gap and reads it with the offset before the gap', () => {
    // New York 2025-03-09 02:30 does not exist (clocks jump 02:00 -> 03:00).
    const r = resolveWallTime(w(2025, 3, 9, 2, 30), 'America/New_York');
    expect(r.flag).toBe('dst-gap');
    expect(new Date(r.utcMs).toISOString()).toBe('2025-03-09T07:30:00.000Z');
    expect(resolveWallTime(w(2025, 3, 9, 1, 59), 'America/New_York').flag).toBeUndefined();
    expect(resolveWallTime(w(2025, 3, 9, 3, 0), 'America/New_York').flag).toBeUndefined();
  });

  it('flags a time inside a DST overlap and takes the earlier instant', () => {
    // New York 2025-11-02 01:30 happens twice (EDT then EST).
    const r = resolveWallTime(w(2025, 11, 2, 1, 30), 'America/New_York');
    expect(r.flag).toBe('dst-overlap');
    expect(new Date(r.utcMs).toISOString()).toBe('2025-11-02T05:30:00.000Z');
    const london = resolveWallTime(w(2025, 10, 26, 1, 15), 'Europe/London');
    expect(london.flag).toBe('dst-overlap');
    expect(new Date(london.utcMs).toISOString()).toBe('2025-10-26T00:15:00.000Z');
  });

  it('renders instants in a display zone with the offset shown', () => {
    const ms = Date.parse('2025-03-14T14:00:00Z');
    expect(formatInZone(ms, 'Asia/Bangkok')).toBe('2025-03-14 21:00:00 +07:00');
    expect(formatInZone(ms, 'America/New_York')).toBe('2025-03-14 10:00:00 -04:00');
    expect(offsetMinutesAt(ms, 'Asia/Kolkata')).toBe(330);
  });

  it('rejects impossible dates instead of rolling them over', () => {
    expect(isValidWall(w(2025, 2, 29, 0))).toBe(false);
    expect(isValidWall(w(2024, 2, 29, 0))).toBe(true);
    expect(isValidWall(w(2025, 13, 1, 0))).toBe(false);
    expect(isValidWall(w(2025, 4, 31, 0))).toBe(false);
  });
});

describe('offsets with seconds', () => {
  it('keeps the seconds of historical offsets instead of rounding to whole minutes', () => {
    // Africa/Monrovia was -0:44:30 until 1972-01-07; Asia/Kolkata's local mean time was +5:53:20.
    expect(offsetMinutesAt(Date.parse('1960-01-01T00:00:00Z'), 'Africa/Monrovia')).toBe(-44.5);
    expect(offsetMinutesAt(Date.parse('1973-01-01T00:00:00Z'), 'Africa/Monrovia')).toBe(0);
    expect(formatInZone(Date.parse('1960-01-01T00:44:30Z'), 'Africa/Monrovia')).toBe('1960-01-01 00:00:00 -00:44:30');
    expect(formatInZone(Date.parse('1960-01-01T00:44:29Z'), 'Africa/Monrovia')).toBe('1959-12-31 23:59:59 -00:44:30');
    expect(formatOffset(-44.5)).toBe('-00:44:30');
    expect(formatOffset(330)).toBe('+05:30');
    expect(formatOffset(0)).toBe('+00:00');
    expect(formatOffset(-(9 * 60 + 30))).toBe('-09:30');
  });

  it('reads a zone-less wall time with an offset that has seconds', () => {
    const r = resolveWallTime(w(1960, 6, 1, 12, 0), 'Africa/Monrovia');
    expect(r.offsetMin).toBe(-44.5);
    expect(new Date(r.utcMs).toISOString()).toBe('1960-06-01T12:44:30.000Z');
  });

  it('gives zero for UTC and the offset of ordinary zones', () => {
    const ms = Date.parse('2025-07-01T00:00:00Z');
    expect(offsetMinutesAt(ms, 'UTC')).toBe(0);
    expect(offsetMinutesAt(ms, 'Europe/London')).toBe(60);
    expect(offsetMinutesAt(ms, 'America/St_Johns')).toBe(-150);
    expect(offsetMinutesAt(ms, 'Asia/Kathmandu')).toBe(345);
    expect(offsetMinutesAt(ms, 'Pacific/Kiritimati')).toBe(840);
  });
});
