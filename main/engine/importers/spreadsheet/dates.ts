/**
 * Spreadsheet dates: text dates in ISO / y-m-d / d-m-y / m-d-y (never guessing the day/month order), with
 * or without time and offset, and Excel serial numbers (1900 system with the Lotus 1900-02-29 bug, 1904 system).
 */
import type { WallTime } from '../../model/records';
import { norm } from './values';

export type Order = 'dmy' | 'mdy';

export interface ParsedDate {
  /** The date part, when there is one and it is resolved. */
  date?: { y: number; mo: number; d: number };
  time?: { h: number; mi: number; s: number; ms: number };
  /** Minutes east of UTC when the text states an offset (`+07:00`, `(UTC+7)`, `Z`). */
  offsetMin?: number;
  /** A d/m/y-or-m/d/y date whose order the text alone cannot decide: the two leading fields. */
  ambiguous?: [number, number];
  /** The date fields are impossible (month 13, 31 April, hour 25). */
  invalid?: boolean;
  flags: string[];
}

const MONTHS: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
});

const WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+/i;
const YMD = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)(?:\s*日)?/;
const DMY = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})(?!\d)/;
const D_MON_Y = /^(\d{1,2})[\s\-/.]+([A-Za-z]{3,9})\.?[\s\-/.,]+(\d{4}|\d{2})(?!\d)/;
const MON_D_Y = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)/;
const COMPACT = /^((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/;
const BE = /^\s*B\.?E\.?(?![a-z])/i;
const TIME = /^(上午|下午|午前|午後|SA|CH)?\s*(\d{1,2})\s*[:.时時h]\s*(\d{2})\s*分?(?:\s*(?:[:.]|(?<=分))\s*(\d{2})(?:[.,](\d{1,9}))?\s*秒?)?\s*(a\.?\s?m\.?|p\.?\s?m\.?|上午|下午|午前|午後|SA|CH)?(?:\s*น\.)?(?=$|Z|UTC|GMT|[^\p{L}\d])/iu;
const OFFSET = /^\s*(?:Z|\(?\s*(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*\)?|\(?\s*(?:UTC|GMT)\s*\)?)\s*$/i;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(y: number, mo: number): number {
  if (mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
  return DAYS[mo - 1] ?? 0;
}

function fullYear(y: string, flags: string[]): number {
  let n = parseInt(y, 10);
  if (y.length === 2) {
    // Excel's own rule for two-digit years: 00–29 → 20xx, 30–99 → 19xx.
    n += n < 30 ? 2000 : 1900;
    flags.push('two-digit-year');
  } else if (n >= 2400) {
    // Thai Buddhist Era (CE + 543).
    n -= 543;
    flags.push('buddhist-era');
  }
  return n;
}

/**
 * Read a date/time text. `order` resolves d/m/y vs m/d/y; without it such a date with both leading fields
 * ≤ 12 (and different) comes back `ambiguous`, never guessed. Returns undefined when the text is not a date.
 */
export function parseDateText(text: string, order?: Order): ParsedDate | undefined {
  if (text.length > 120) return undefined;
  let s = norm(text).trim();
  if (!s || s.length > 80) return undefined;
  const flags: string[] = [];
  const out: ParsedDate = { flags };
  s = s.replace(WEEKDAY, '');
  let m: RegExpExecArray | null;
  let y = 0;
  let mo = 0;
  let d = 0;
  let rest: string;
  if ((m = YMD.exec(s))) {
    y = fullYear(m[1]!, flags);
    mo = +m[2]!;
    d = +m[3]!;
    rest = s.slice(m[0].length);
  } else if ((m = DMY.exec(s))) {
    const a = +m[1]!;
    const b = +m[2]!;
    y = fullYear(m[3]!, flags);
    rest = s.slice(m[0].length);
    const use: Order | undefined = order ?? (a > 12 && b <= 12 ? 'dmy' : b > 12 && a <= 12 ? 'mdy' : a === b ? 'dmy' : undefined);
    if (!use) out.ambiguous = [a, b];
    else if (use === 'dmy') {
      d = a;
      mo = b;
    } else {
      mo = a;
      d = b;
    }
  } else if ((m = D_MON_Y.exec(s)) && MONTHS[m[2]!.toLowerCase()]) {
    d = +m[1]!;
    mo = MONTHS[m[2]!.toLowerCase()]!;
    y = fullYear(m[3]!, flags);
    rest = s.slice(m[0].length);
  } else if ((m = MON_D_Y.exec(s)) && MONTHS[m[1]!.toLowerCase()]) {
    mo = MONTHS[m[1]!.toLowerCase()]!;
    d = +m[2]!;
    y = fullYear(m[3]!, flags);
    rest = s.slice(m[0].length);
  } else if ((m = COMPACT.exec(s))) {
    y = +m[1]!;
    mo = +m[2]!;
    d = +m[3]!;
    rest = s.slice(m[0].length);
  } else {
    // Time only.
    const tm = TIME.exec(s);
    if (!tm || tm[0].length === 0) return undefined;
    if (!readTime(tm, out)) return undefined;
    rest = s.slice(tm[0].length);
    if (!readOffset(rest, out)) return undefined;
    return out;
  }
  if (BE.test(rest)) {
    rest = rest.replace(BE, '');
    if (!flags.includes('buddhist-era')) {
      y -= 543;
      flags.push('buddhist-era');
    }
  }
  if (!out.ambiguous) {
    if (mo < 1 || mo > 12 || d < 1 || y < 1 || d > daysIn(y, mo)) out.invalid = true;
    else out.date = { y, mo, d };
  }
  const sep = /^(?:\s*[T,]\s*|\s+|\s*日\s*)/.exec(rest);
  const afterSep = sep ? rest.slice(sep[0].length) : rest;
  const tm = TIME.exec(afterSep);
  if (tm && tm[0].length > 0 && (sep || rest.length === 0 || /^[上下午]/.test(afterSep))) {
    if (!readTime(tm, out)) out.invalid = true;
    rest = afterSep.slice(tm[0].length);
  }
  if (!readOffset(rest, out)) return undefined;
  return out;
}

function readTime(m: RegExpExecArray, out: ParsedDate): boolean {
  let h = +m[2]!;
  const mi = +m[3]!;
  const s = m[4] ? +m[4] : 0;
  const ms = m[5] ? parseInt((m[5] + '00').slice(0, 3), 10) : 0;
  const mer = (m[1] ?? m[6] ?? '').toLowerCase().replace(/[.\s]/g, '');
  if (mer) {
    const pm = mer === 'pm' || mer === '下午' || mer === '午後' || mer === 'ch';
    if (h < 1 || h > 12) {
      if (!(h === 0 && !pm)) return false;
    }
    if (pm && h < 12) h += 12;
    if (!pm && h === 12) h = 0;
  }
  if (h > 23 || mi > 59 || s > 59) return false;
  out.time = { h, mi, s, ms };
  return true;
}

function readOffset(rest: string, out: ParsedDate): boolean {
  if (rest.trim() === '') return true;
  const m = OFFSET.exec(rest);
  if (!m) return false;
  if (m[1]) {
    const h = +m[2]!;
    const mi = m[3] ? +m[3] : 0;
    if (h > 14 || mi > 59) return false;
    out.offsetMin = (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
  } else out.offsetMin = 0;
  return true;
}

/** The day/month evidence one value gives: which order it proves, or that it is undecided. */
export function orderEvidence(text: string): Order | 'ambiguous' | undefined {
  if (text.length > 120) return undefined;
  const s = norm(text).trim().replace(WEEKDAY, '');
  const m = DMY.exec(s);
  if (!m) return undefined;
  const a = +m[1]!;
  const b = +m[2]!;
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  if (a === b || a > 12) return undefined;
  return 'ambiguous';
}

/** Is this value an Excel serial day number in a plausible range (1950–2100)? Text exports of General cells give these. */
export function looksLikeSerial(v: string): boolean {
  if (!/^\d{5}(?:\.\d+)?$/.test(v)) return false;
  const n = parseFloat(v);
  return n >= 18264 && n <= 73051;
}

export interface SerialWall {
  wall?: WallTime;
  /** The serial had no date part (a time of day only). */
  timeOnly?: boolean;
  flags: string[];
}

/**
 * Excel serial → wall-clock time. 1900 system: serial 1 = 1900-01-01 and serial 60 is the non-existent
 * 1900-02-29 that Lotus 1-2-3 invented and Excel kept, so serials from 61 on are one day "late";
 * 1904 system (old Mac Excel, `date1904` in workbook.xml): serial 0 = 1904-01-01.
 */
export function serialToWall(serial: number, date1904: boolean): SerialWall {
  const flags: string[] = [];
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2958466) return { flags: ['serial-out-of-range'] };
  let days = Math.floor(serial);
  let ms = Math.round((serial - days) * 86_400_000);
  if (ms >= 86_400_000) {
    days += 1;
    ms -= 86_400_000;
  }
  let base: number;
  if (date1904) base = Date.UTC(1904, 0, 1);
  else if (days === 60) return { flags: ['excel-1900-02-29'] };
  else if (days < 60) base = Date.UTC(1899, 11, 31);
  else base = Date.UTC(1899, 11, 30);
  const t = new Date(base + days * 86_400_000 + ms);
  const wall: WallTime = { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
  if (t.getUTCMilliseconds()) wall.ms = t.getUTCMilliseconds();
  const out: SerialWall = { wall, flags };
  if (days === 0 && !date1904) out.timeOnly = true;
  return out;
}

function p2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** `2024-03-01`, `2024-03-01T10:15:02`, or `10:15:02` for time-only serials. */
export function formatWall(w: WallTime, timeOnly = false): string {
  const time = `${p2(w.h)}:${p2(w.mi)}:${p2(w.s)}${w.ms ? '.' + String(w.ms).padStart(3, '0') : ''}`;
  if (timeOnly) return time;
  const date = `${String(w.y).padStart(4, '0')}-${p2(w.mo)}-${p2(w.d)}`;
  return w.h || w.mi || w.s || w.ms ? `${date}T${time}` : date;
}
