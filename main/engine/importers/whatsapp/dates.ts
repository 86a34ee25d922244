/** Day/month order inference over a whole export, and header fields -> wall-clock time (calendars, 12 h). */
import { ThreadlineError } from '../../errors';
import type { WallTime } from '../../model/records';
import type { DateOrder } from '../types';
import type { Header } from './header';

/** Hard evidence about the day/month order, gathered from every header line of the file (pass 1). */
export interface OrderEvidence {
  /** First line whose first non-year field is > 12 (so it is the day). */
  dmyLine: number;
  /** First line whose second non-year field is > 12 (so it is the day). */
  mdyLine: number;
  /** First header line whose date depends on the order and whose day and month differ. */
  dependentLine: number;
  /** Header lines with a year-first date (`2019/01/01`), which fixes their order by itself. */
  yearFirst: number;
  /** Header lines whose reading depends on the order. */
  orderDependent: number;
}

export function newEvidence(): OrderEvidence {
  return { dmyLine: 0, mdyLine: 0, dependentLine: 0, yearFirst: 0, orderDependent: 0 };
}

const ERA_BASE: Readonly<Record<string, number>> = { M: 1867, T: 1911, S: 1925, H: 1988, R: 2018 };

/** A year field: four digits, or an era year (width -1). */
function isYear(w: number): boolean {
  return w === 4 || w === -1;
}

/** Where the year sits: 0 first, 1 middle (`06/2018/13`, seen in parser tests), 2 last. */
function yearPosition(h: Header, order: DateOrder | undefined): 0 | 1 | 2 {
  if (h.be) return 2;
  if (isYear(h.w1)) return 0;
  if (isYear(h.w3)) return 2;
  if (isYear(h.w2)) return 1;
  // Two-digit year: last unless the examiner declared a year-first order (Korean `18. 6. 13.`).
  return order === 'ymd' ? 0 : 2;
}

/** Record what one header line says about the order. */
export function noteEvidence(ev: OrderEvidence, h: Header, line: number): void {
  if (h.textMonth !== 0) return;
  const pos = yearPosition(h, undefined);
  if (pos === 0) {
    ev.yearFirst++;
    return;
  }
  // The two non-year fields in written order.
  const p = h.d1;
  const q = pos === 1 ? h.d3 : h.d2;
  ev.orderDependent++;
  if (p > 12 && ev.dmyLine === 0) ev.dmyLine = line;
  if (q > 12 && ev.mdyLine === 0) ev.mdyLine = line;
  if (p !== q && ev.dependentLine === 0) ev.dependentLine = line;
}

export interface OrderDecision {
  order: DateOrder;
  /**
   * declared: the examiner said so; inferred: a day > 12 in the file; year-first: every date starts with a
   * year; not-needed: dates use month names; irrelevant: day = month in every date, so both orders agree.
   */
  source: 'declared' | 'inferred' | 'year-first' | 'not-needed' | 'irrelevant';
  /** The line that proved the order, when inferred. */
  evidenceLine?: number;
}

/** Decide the order from the declared option or the whole file's evidence; refuse to guess. */
export function decideOrder(ev: OrderEvidence, declared: DateOrder | undefined, file: string, firstHeaderLine: number): OrderDecision {
  if (declared) return { order: declared, source: 'declared' };
  // Year-first (or month-name) dates only: their order is written in the date itself.
  if (ev.orderDependent === 0) return { order: 'ymd', source: ev.yearFirst > 0 ? 'year-first' : 'not-needed' };
  if (ev.dmyLine && ev.mdyLine) {
    throw new ThreadlineError(
      'DATE_ORDER_AMBIGUOUS',
      `The dates contradict each other: line ${ev.dmyLine} can only be day-first and line ${ev.mdyLine} can only be month-first.`,
      {
        file,
        line: Math.min(ev.dmyLine, ev.mdyLine),
        hint: 'The file may be two exports joined together or edited. Check it, then re-run with --date-order dmy or --date-order mdy; dates impossible in that order will be flagged.',
      },
    );
  }
  if (ev.dmyLine) return { order: 'dmy', source: 'inferred', evidenceLine: ev.dmyLine };
  if (ev.mdyLine) return { order: 'mdy', source: 'inferred', evidenceLine: ev.mdyLine };
  // No day above 12 anywhere. When day and month are equal in every date, the order changes nothing.
  if (ev.dependentLine === 0) return { order: 'dmy', source: 'irrelevant' };
  throw new ThreadlineError(
    'DATE_ORDER_AMBIGUOUS',
    `No date in the file has a day above 12, so it cannot tell whether ${'dates like the one on line ' + ev.dependentLine} are day-first or month-first.`,
    {
      file,
      line: firstHeaderLine,
      hint: "re-run with --date-order dmy or --date-order mdy, as the exporting phone's region setting shows (e.g. US phones write month first). Check a date you can verify, such as a known event in the chat.",
    },
  );
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 12-hour clock (and flexible day periods such as `in the evening`) to 0-23; -1 when impossible. */
function hour24(h: Header): number {
  const hh = h.h;
  switch (h.meridiem) {
    case null:
      return hh <= 23 ? hh : -1;
    case 'am':
    case 'morning':
      // Some exports write the hour after midnight as 00:08 a. m.
      return hh > 12 ? -1 : hh === 12 ? 0 : hh;
    case 'pm':
    case 'afternoon':
    case 'evening':
      return hh > 12 ? -1 : hh === 12 ? 12 : hh + 12;
    case 'night':
      // `at night` covers 21:00-05:59: 9-11 are evening hours, 12 is midnight, 1-5 early morning.
      if (hh > 12) return -1;
      if (hh === 12) return 0;
      return hh >= 6 ? hh + 12 : hh;
  }
}

/**
 * Turn a header into a wall time under the decided order, or null when the date is impossible (or the
 * layout has no year). Notes about calendars and day periods are pushed onto `flags`.
 */
export function resolveTime(h: Header, order: DateOrder, flags: string[]): WallTime | null {
  let y: number;
  let mo: number;
  let d: number;
  if (h.textMonth !== 0) {
    if (h.textYear === 0) {
      flags.push('no-year');
      return null;
    }
    y = h.textYear;
    mo = h.textMonth;
    d = h.textDay;
  } else {
    const pos = yearPosition(h, order);
    let yv: number;
    let yw: number;
    if (pos === 0) {
      // Year first is always year-month-day.
      yv = h.d1;
      yw = h.w1;
      mo = h.d2;
      d = h.d3;
    } else {
      yv = pos === 1 ? h.d2 : h.d3;
      yw = pos === 1 ? h.w2 : h.w3;
      const p = h.d1;
      const q = pos === 1 ? h.d3 : h.d2;
      if (order === 'mdy') {
        mo = p;
        d = q;
      } else {
        d = p;
        mo = q;
      }
    }
    if (yw === -1) {
      // Japanese era year (`R4` = Reiwa 4 = 2022).
      const base = ERA_BASE[h.era];
      y = base !== undefined && yv >= 1 ? base + yv : -1;
      flags.push('japanese-era');
    } else if (yw === 2) y = 2000 + yv;
    else if (yw === 4) y = yv;
    else y = -1;
    if (yw === 4 && (h.be || y > 2400)) {
      // Buddhist Era (`2565 BE`, or a Thai phone's bare 2565) is the Common Era + 543.
      y -= 543;
      flags.push('buddhist-era');
    }
  }
  const hh = hour24(h);
  const mer = h.meridiem;
  if (mer === 'morning' || mer === 'afternoon' || mer === 'evening' || mer === 'night') flags.push('day-period');
  if (y >= 1900 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && hh >= 0 && h.mi <= 59 && h.s <= 59) {
    return { y, mo, d, h: hh, mi: h.mi, s: h.s < 0 ? 0 : h.s };
  }
  flags.push('invalid-date');
  return null;
}
