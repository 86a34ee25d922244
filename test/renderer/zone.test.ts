import { describe, expect, it } from 'vitest';
import { formatOffset, isValidZone, offsetMinutes, utcToWall, wallToUtc } from '../../renderer/lib/zone';
import { EMPTY_FILTER, filterWire } from '../../renderer/lib/filter';
import { caseFileName, splitDisplay } from '../../renderer/lib/format';

describe('wall-clock times in the display zone (renderer)', () => {
  it('reads a wall time in the zone it is shown in', () => {
    expect(wallToUtc('2025-03-14T21:00', 'Asia/Bangkok')).toBe('2025-03-14T14:00:00.000Z');
    expect(wallToUtc('2025-03-14 21:00', 'Asia/Yangon')).toBe('2025-03-14T14:30:00.000Z');
    expect(wallToUtc('2025-03-14', 'UTC')).toBe('2025-03-14T00:00:00.000Z');
  });

  it('takes the earlier instant of a repeated hour, and refuses impossible dates', () => {
    // 2025-11-02 01:30 happens twice in Chicago: first in CDT (-05:00).
    expect(wallToUtc('2025-11-02T01:30', 'America/Chicago')).toBe('2025-11-02T06:30:00.000Z');
    expect(wallToUtc('2025-02-30', 'UTC')).toBeNull();
    expect(wallToUtc('14/03/2025', 'UTC')).toBeNull();
  });

  it('knows offsets, including half hours and DST', () => {
    expect(offsetMinutes(Date.parse('2025-01-15T00:00:00Z'), 'Asia/Yangon')).toBe(390);
    expect(offsetMinutes(Date.parse('2025-07-01T00:00:00Z'), 'America/Chicago')).toBe(-300);
    expect(offsetMinutes(Date.parse('2025-01-01T00:00:00Z'), 'America/Chicago')).toBe(-360);
    expect(formatOffset(390)).toBe('+06:30');
    expect(formatOffset(-300)).toBe('-05:00');
    expect(utcToWall('2025-03-14T14:00:00Z', 'Asia/Bangkok')).toBe('2025-03-14T21:00');
    expect(isValidZone('Asia/Bangkok')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
  });

  it('turns the filter form into the wire filter: empty lists mean "all", bounds read in the display zone', () => {
    expect(filterWire(EMPTY_FILTER, 'UTC')).toEqual({});
    expect(filterWire({ ...EMPTY_FILTER, kinds: ['call'], from: '2025-03-14T21:00', text: '  usdt ', attachments: 'without' }, 'Asia/Bangkok')).toEqual({
      kinds: ['call'],
      from: '2025-03-14T14:00:00.000Z',
      text: 'usdt',
      hasAttachment: false,
    });
  });

  it('formats small things', () => {
    expect(caseFileName('TH-2026/0142 ')).toBe('TH-2026-0142.tl');
    expect(caseFileName('../../etc')).toBe('etc.tl');
    expect(caseFileName('')).toBe('case.tl');
    expect(splitDisplay('2025-03-14 21:00:00 +07:00')).toEqual({ wall: '2025-03-14 21:00:00', offset: '+07:00' });
  });
});
