/** Annotation times (stored UTC) in the display zone, with their offset, as every time on screen is shown. */
import { formatOffset, offsetMinutes, utcToWall } from '../../lib/zone';

export function shownTime(iso: string, tz: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${utcToWall(iso, tz).replace('T', ' ')} ${formatOffset(offsetMinutes(ms, tz))}`;
}
