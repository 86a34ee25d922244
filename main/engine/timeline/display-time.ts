/**
 * Rendering instants in a display zone fast enough for pages of thousands: the zone's offset is looked up once
 * per UTC hour (Intl is slow, ~10-80 µs a call) and reused while it is the same at both ends of that hour;
 * across a transition the exact offset is asked for. Output is identical to time/zone's formatInZone.
 */
import { offsetMinutesAt } from '../time/zone';

const HOUR = 3_600_000;
const zones = new Map<string, Map<number, number | null>>();

/** The zone's offset in minutes at an instant (same answer as offsetMinutesAt). */
export function cachedOffset(utcMs: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  let hours = zones.get(tz);
  if (!hours) zones.set(tz, (hours = new Map()));
  const h = Math.floor(utcMs / HOUR);
  let off = hours.get(h);
  if (off === undefined) {
    const a = offsetMinutesAt(h * HOUR, tz);
    const b = offsetMinutesAt(h * HOUR + HOUR - 1, tz);
    // null: the offset changes inside this hour, so ask for each instant.
    off = a === b ? a : null;
    if (hours.size > 200_000) hours.clear();
    hours.set(h, off);
  }
  return off ?? offsetMinutesAt(utcMs, tz);
}

const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD HH:MM:SS ±HH:MM` in the zone. */
export function displayTime(utcMs: number, tz: string): string {
  const off = cachedOffset(utcMs, tz);
  const d = new Date(utcMs + off * 60_000);
  const a = Math.abs(off);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${off < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}
