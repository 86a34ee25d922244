/**
 * Wall-clock times in a chosen IANA zone, in the renderer, with Intl only: what instant "2025-03-14 21:00" in
 * Asia/Bangkok is (for jump-to-date and the time-range filter), and a zone's offset at an instant.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(utcMs: number, tz: string): number {
  const parts = formatter(tz).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

export function formatOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The UTC instant of a wall-clock reading in a zone (`2025-03-14`, `2025-03-14T21:00`), as ISO-8601 with Z.
 * In an overlap (clocks set back) the earlier instant is taken; a reading inside a DST gap does not exist and
 * resolves to an instant within an hour of it (good enough to jump to, never used to store anything).
 */
export function wallToUtc(wall: string, tz: string): string | null {
  const m = WALL.exec(wall.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(naive).getUTCDate() !== d) return null;
  // Two passes settle on the offset in force at the result (the offset may change between the guess and it).
  let t = naive - offsetMinutes(naive, tz) * 60_000;
  t = naive - offsetMinutes(t, tz) * 60_000;
  const earlier = naive - offsetMinutes(t - 3 * 3_600_000, tz) * 60_000;
  if (earlier < t && offsetMinutes(earlier, tz) === offsetMinutes(t - 3 * 3_600_000, tz)) t = earlier;
  return new Date(t).toISOString();
}

/** The wall-clock reading of an instant in a zone, `YYYY-MM-DDTHH:mm` (for datetime inputs). */
export function utcToWall(iso: string, tz: string): string {
  const ms = Date.parse(iso);
  const local = new Date(ms + offsetMinutes(ms, tz) * 60_000);
  return local.toISOString().slice(0, 16);
}
