/** UTC instants from the engine shown in the display zone, always with their offset (never a bare wall clock). */
import { formatOffset, offsetMinutes, utcToWall } from '../../lib/zone';

export function inZone(iso: string | null, tz: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${utcToWall(iso, tz).replace('T', ' ')} ${formatOffset(offsetMinutes(ms, tz))}`;
}
