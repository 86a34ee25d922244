/** Recognises the timestamp header that starts every WhatsApp message line, in every layout we know of. */

/**
 * Layout families (FORMATS.md §1.2). `ios` is the bracketed layout, `ios-legacy` the bracket-less
 * `date, time: author: text` of iOS ≤2016, `no-separator` the `13. 6. 2018. 21:25:15 a: m` form.
 */
export type Layout = 'android' | 'android-2013' | 'android-no-year' | 'ios' | 'ios-time-first' | 'ios-legacy' | 'no-separator';

/** Day-period markers, reduced to what they mean for the hour. */
export type Meridiem = 'am' | 'pm' | 'morning' | 'afternoon' | 'evening' | 'night';

export interface Header {
  layout: Layout;
  /** Index in the original line where the author / system text starts (right after the header). */
  restStart: number;
  /** Original-line indices of the timestamp as written (date and time, invisible marks inside kept). */
  tsStart: number;
  tsEnd: number;
  /**
   * Numeric date fields in written order (`3/27/22` -> 3, 27, 22) and their widths in digits; a width of
   * -1 marks a Japanese era year (`R4`: value 4, `era` 'R'). Zero widths for text-month layouts.
   */
  d1: number;
  d2: number;
  d3: number;
  w1: number;
  w2: number;
  w3: number;
  era: string;
  /** The date separator's char code (`/`, `.`, `-`), 0 for text-month dates. */
  sep: number;
  /** `BE` (Buddhist Era) marker after the year. */
  be: boolean;
  /** For text-month layouts: month 1-12, day, and year (0 when the layout has no year). */
  textMonth: number;
  textDay: number;
  textYear: number;
  h: number;
  mi: number;
  /** -1 when the layout has no seconds. */
  s: number;
  meridiem: Meridiem | null;
}

export function newHeader(): Header {
  return {
    layout: 'android',
    restStart: 0,
    tsStart: 0,
    tsEnd: 0,
    d1: 0,
    d2: 0,
    d3: 0,
    w1: 0,
    w2: 0,
    w3: 0,
    era: '',
    sep: 0,
    be: false,
    textMonth: 0,
    textDay: 0,
    textYear: 0,
    h: 0,
    mi: 0,
    s: -1,
    meridiem: null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Matching copy with an index map. Headers are matched on a copy where invisible marks are removed,
// odd spaces are plain spaces, Arabic-Indic / Thai / full-width digits are ASCII and the Arabic comma is
// a comma; the map turns positions in the copy back into positions in the original line, so the stored
// text (author, body, raw timestamp) is always cut from the original.
// ---------------------------------------------------------------------------------------------------

/** BOM, zero-width chars, LRM/RLM, bidi embeddings/overrides and isolates, Arabic letter mark. */
export function isInvisible(c: number): boolean {
  return c === 0xfeff || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x061c;
}

function isOddSpace(c: number): boolean {
  return c === 0xa0 || c === 0x202f || (c >= 0x2000 && c <= 0x200a) || c === 0x3000;
}

function isDigitLike(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9) || (c >= 0xe50 && c <= 0xe59) || (c >= 0xff10 && c <= 0xff19);
}

/** How far into a line a header may reach (invisible marks included). Headers are < 80 chars. */
const PREFIX = 200;
/** How far the fast path looks for non-ASCII characters: past the longest ASCII header. */
const HEADER_SCAN = 64;

interface Copy {
  s: string;
  /** map[i] = index in the original line of copy char i. */
  map: number[];
}

function matchingCopy(text: string, from: number): Copy {
  const end = Math.min(text.length, from + PREFIX);
  const codes: number[] = [];
  const map: number[] = [];
  for (let i = from; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x80) {
      if (isInvisible(c)) continue;
      if (isOddSpace(c)) c = 0x20;
      else if (c >= 0x660 && c <= 0x669) c = c - 0x660 + 0x30;
      else if (c >= 0x6f0 && c <= 0x6f9) c = c - 0x6f0 + 0x30;
      else if (c >= 0xe50 && c <= 0xe59) c = c - 0xe50 + 0x30;
      else if (c >= 0xff10 && c <= 0xff19) c = c - 0xff10 + 0x30;
      else if (c === 0x060c) c = 0x2c; // Arabic comma
    }
    codes.push(c);
    map.push(i);
  }
  return { s: String.fromCharCode(...codes), map };
}

// ---------------------------------------------------------------------------------------------------
// The grammar. Every quantifier is bounded and every regex is sticky (anchored where it is applied), so
// a non-matching line fails within a few dozen characters whatever its length.
// ---------------------------------------------------------------------------------------------------

/** A date field: 1-4 digits, or a Japanese era year (`R4`, `H31`, `S64`). */
const F = String.raw`(\d{1,4}|[MTSHR]\d{1,2})`;
const date = (sepGroup: number) => `${F}([./-]) ?${F}\\${sepGroup} ?${F}(?: ?(BE))?\\.?`;
/** Markers written before the hour (Chinese, Japanese, Korean). */
const AMPRE = '(上午|下午|午前|午後|오전|오후)';
/** Markers written after the time. NNBSP/NBSP before them are plain spaces in the copy. */
const AMPOST =
  String.raw`([AaPp]\. ?[Mm]\.?|[AaPp][Mm]|in the (?:morning|afternoon|evening)|at night|ص|م|SA|CH|vorm\.|nachm\.|π\.μ\.|μ\.μ\.)(?![A-Za-z\u0600-\u06FF])`;
const TIME = String.raw`(?:${AMPRE} ?)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?: ?${AMPOST})?`;
/** Between date and time: comma, space, Finnish `klo`, French `à`. */
const JOIN = String.raw`(?:, ?| (?:klo |à )?)`;
const MON = String.raw`([A-Z][a-z]{2})[a-z]{0,6}\.?`;

// Groups: 1 timestamp, 2 f1, 3 sep, 4 f2, 5 f3, 6 BE, 7 pre-marker, 8 h, 9 mi, 10 s, 11 post-marker.
const RE_IOS = new RegExp(String.raw`\[(${date(3)}${JOIN}${TIME})\](?: |$)`, 'y');
const RE_ANDROID = new RegExp(String.raw`(${date(3)}${JOIN}${TIME}) [-–~] `, 'y');
const RE_LEGACY = new RegExp(String.raw`(${date(3)}${JOIN}${TIME}): `, 'y');
const RE_NOSEP = new RegExp(String.raw`(${date(3)}${JOIN}${TIME}) (?=\S)`, 'y');
// Groups: 1 timestamp, 2 pre-marker, 3 h, 4 mi, 5 s, 6 post-marker, 7 f1, 8 sep, 9 f2, 10 f3, 11 BE.
const RE_IOS_TIME_FIRST = new RegExp(String.raw`\[(${TIME}, ?${date(8)})\](?: |$)`, 'y');
// Groups: 1 timestamp, 2 h, 3 mi, 4 post-marker, 5 day, 6 month, 7 year.  `19:23, 28 Aug 2013 - `
const RE_ANDROID_2013 = new RegExp(String.raw`((\d{1,2})[:.](\d{2})(?: ?${AMPOST})?, (\d{1,2}) ${MON} (\d{4})) [-–] `, 'y');
// Groups: 1 timestamp, 2 day, 3 month, 4 h, 5 mi, 6 post-marker.  `18 Mar 12:14 - `
const RE_ANDROID_NO_YEAR = new RegExp(String.raw`((\d{1,2}) ${MON},? (\d{1,2})[:.](\d{2})(?: ?${AMPOST})?) [-–] `, 'y');

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6],
  ['jul', 7], ['aug', 8], ['sep', 9], ['oct', 10], ['nov', 11], ['dec', 12],
]);

function meridiemOf(pre: string | undefined, post: string | undefined): Meridiem | null {
  const m = post ?? pre;
  if (m === undefined) return null;
  switch (m) {
    case '上午': case '午前': case '오전': case 'ص': case 'SA': case 'vorm.': case 'π.μ.':
      return 'am';
    case '下午': case '午後': case '오후': case 'م': case 'CH': case 'nachm.': case 'μ.μ.':
      return 'pm';
    case 'in the morning': return 'morning';
    case 'in the afternoon': return 'afternoon';
    case 'in the evening': return 'evening';
    case 'at night': return 'night';
    default:
      // a.m. / p. m. / AM / pm
      return m.charCodeAt(0) === 0x61 || m.charCodeAt(0) === 0x41 ? 'am' : 'pm';
  }
}

function num(s: string | undefined): number {
  return s === undefined ? -1 : parseInt(s, 10);
}

/** Index of the first character that is not an invisible mark. */
export function skipInvisibles(text: string): number {
  let i = 0;
  while (i < text.length && isInvisible(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Parse a line's header into `into` (a fresh object by default), or return null when the line does not
 * start with one. A continuation line fails on its first visible character; a plain numeric header is
 * read by a hand-written scanner; only unusual headers reach the regexes.
 */
export function parseHeader(text: string, into?: Header): Header | null {
  const start = skipInvisibles(text);
  if (start >= text.length) return null;
  const c = text.charCodeAt(start);
  const bracket = c === 0x5b; // '['
  if (!bracket && !isDigitLike(c)) return null;
  const h = into ?? newHeader();
  if (scan(text, start, bracket, h)) return h;
  // Regexes on the line as it is. The result stands when no non-ASCII character comes before the
  // header's explicit end (`] `, ` - `, `: `); otherwise (LRM, NNBSP before PM, Arabic-Indic digits …) the
  // matching copy decides, so a partial ASCII match never wins over the real header.
  const end = Math.min(text.length, start + HEADER_SCAN);
  let k = -1;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      k = i;
      break;
    }
  }
  if (match(text, start, null, bracket, h) && (k < 0 || (h.restStart <= k && h.layout !== 'no-separator'))) return accept(text, h);
  if (k < 0) return null;
  const copy = matchingCopy(text, start);
  return match(copy.s, 0, copy.map, bracket, h) ? accept(text, h) : null;
}

/**
 * Hand-written reader for the common headers: `d/m/y, H:MM[:SS] - `, `[d/m/y, H:MM:SS] `, `d/m/y H:MM:SS: `
 * (ASCII digits, one of `/.-` as separator, no AM/PM). Anything else returns false for the regexes.
 */
function scan(t: string, start: number, bracket: boolean, h: Header): boolean {
  const n = t.length;
  let i = bracket ? start + 1 : start;
  let c = 0;
  // Date: three fields of 1-4 digits with the same separator.
  let v = 0;
  let w = 0;
  while (i < n && w < 4 && (c = t.charCodeAt(i)) >= 0x30 && c <= 0x39) {
    v = v * 10 + c - 0x30;
    i++;
    w++;
  }
  if (w === 0 || i >= n) return false;
  const sep = t.charCodeAt(i);
  if (sep !== 0x2f && sep !== 0x2e && sep !== 0x2d) return false;
  h.d1 = v;
  h.w1 = w;
  h.sep = sep;
  i++;
  v = 0;
  w = 0;
  while (i < n && w < 4 && (c = t.charCodeAt(i)) >= 0x30 && c <= 0x39) {
    v = v * 10 + c - 0x30;
    i++;
    w++;
  }
  if (w === 0 || i >= n || t.charCodeAt(i) !== sep) return false;
  h.d2 = v;
  h.w2 = w;
  i++;
  v = 0;
  w = 0;
  while (i < n && w < 4 && (c = t.charCodeAt(i)) >= 0x30 && c <= 0x39) {
    v = v * 10 + c - 0x30;
    i++;
    w++;
  }
  if (w === 0 || i >= n) return false;
  h.d3 = v;
  h.w3 = w;
  // Date-time join: `, ` or ` `.
  c = t.charCodeAt(i);
  if (c === 0x2c) {
    i++;
    if (t.charCodeAt(i) === 0x20) i++;
  } else if (c === 0x20) i++;
  else return false;
  // Time: H:MM or HH:MM, optional :SS (or dots).
  v = 0;
  w = 0;
  while (i < n && w < 2 && (c = t.charCodeAt(i)) >= 0x30 && c <= 0x39) {
    v = v * 10 + c - 0x30;
    i++;
    w++;
  }
  if (w === 0 || i + 2 >= n) return false;
  const tsep = t.charCodeAt(i);
  if (tsep !== 0x3a && tsep !== 0x2e) return false;
  const m1 = t.charCodeAt(i + 1) - 0x30;
  const m2 = t.charCodeAt(i + 2) - 0x30;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9) return false;
  h.h = v;
  h.mi = m1 * 10 + m2;
  i += 3;
  h.s = -1;
  c = t.charCodeAt(i);
  if ((c === 0x3a || c === 0x2e) && i + 2 < n) {
    const s1 = t.charCodeAt(i + 1) - 0x30;
    const s2 = t.charCodeAt(i + 2) - 0x30;
    if (s1 >= 0 && s1 <= 9 && s2 >= 0 && s2 <= 9) {
      h.s = s1 * 10 + s2;
      i += 3;
    }
  }
  const tsEnd = i;
  c = t.charCodeAt(i);
  if (bracket) {
    if (c !== 0x5d) return false;
    i++;
    if (i < n) {
      if (t.charCodeAt(i) !== 0x20) return false;
      i++;
    }
    h.layout = 'ios';
    h.tsStart = start + 1;
  } else if (c === 0x20 && t.charCodeAt(i + 1) === 0x2d && t.charCodeAt(i + 2) === 0x20) {
    i += 3;
    h.layout = 'android';
    h.tsStart = start;
  } else if (c === 0x3a && t.charCodeAt(i + 1) === 0x20) {
    i += 2;
    h.layout = 'ios-legacy';
    h.tsStart = start;
  } else return false;
  h.tsEnd = tsEnd;
  h.restStart = i;
  h.era = '';
  h.be = false;
  h.textMonth = 0;
  h.textDay = 0;
  h.textYear = 0;
  h.meridiem = null;
  return true;
}

/**
 * Without a separator only an `author: ` after the time tells a header from text that starts with a date;
 * and an author holding ` - ` means an Android header whose time part was not understood.
 */
function accept(text: string, h: Header): Header | null {
  if (h.layout !== 'no-separator') return h;
  const colon = text.indexOf(': ', h.restStart);
  if (colon < 0) return null;
  const dash = text.indexOf(' - ', h.restStart);
  if (dash >= 0 && dash < colon) return null;
  return h;
}

/** Original index of copy position i (map is null when matching the line itself). */
function orig(map: number[] | null, i: number): number {
  return map === null ? i : map[i]!;
}
/** Original index just after copy position i-1 (the end of a matched span). */
function origEnd(map: number[] | null, i: number): number {
  return map === null ? i : map[i - 1]! + 1;
}

/** A date field from a regex group: digits, or an era letter and digits (`R4`). */
function field(h: Header, which: 1 | 2 | 3, f: string): void {
  let w = f.length;
  let v: number;
  if (f.charCodeAt(0) > 0x39) {
    h.era = f[0]!;
    w = -1;
    v = parseInt(f.slice(1), 10);
  } else v = parseInt(f, 10);
  if (which === 1) {
    h.d1 = v;
    h.w1 = w;
  } else if (which === 2) {
    h.d2 = v;
    h.w2 = w;
  } else {
    h.d3 = v;
    h.w3 = w;
  }
}

function match(s: string, at: number, map: number[] | null, bracket: boolean, h: Header): boolean {
  let m: RegExpExecArray | null;
  h.era = '';
  if (bracket) {
    RE_IOS.lastIndex = at;
    if ((m = RE_IOS.exec(s))) return fromDateFirst(h, 'ios', m, at, 1, map);
    RE_IOS_TIME_FIRST.lastIndex = at;
    if ((m = RE_IOS_TIME_FIRST.exec(s))) {
      const tsStart = at + 1;
      h.layout = 'ios-time-first';
      h.restStart = origEnd(map, at + m[0].length);
      h.tsStart = orig(map, tsStart);
      h.tsEnd = origEnd(map, tsStart + m[1]!.length);
      field(h, 1, m[7]!);
      h.sep = m[8]!.charCodeAt(0);
      field(h, 2, m[9]!);
      field(h, 3, m[10]!);
      h.be = m[11] !== undefined;
      h.textMonth = h.textDay = h.textYear = 0;
      h.h = num(m[3]);
      h.mi = num(m[4]);
      h.s = num(m[5]);
      h.meridiem = meridiemOf(m[2], m[6]);
      return true;
    }
    return false;
  }
  RE_ANDROID.lastIndex = at;
  if ((m = RE_ANDROID.exec(s))) return fromDateFirst(h, 'android', m, at, 0, map);
  RE_LEGACY.lastIndex = at;
  if ((m = RE_LEGACY.exec(s))) return fromDateFirst(h, 'ios-legacy', m, at, 0, map);
  RE_ANDROID_2013.lastIndex = at;
  if ((m = RE_ANDROID_2013.exec(s))) {
    const mo = MONTHS.get(m[6]!.toLowerCase());
    if (mo === undefined) return false;
    return textMonthHeader(h, 'android-2013', m, at, map, num(m[5]), mo, num(m[7]), num(m[2]), num(m[3]), m[4]);
  }
  RE_ANDROID_NO_YEAR.lastIndex = at;
  if ((m = RE_ANDROID_NO_YEAR.exec(s))) {
    const mo = MONTHS.get(m[3]!.toLowerCase());
    if (mo === undefined) return false;
    return textMonthHeader(h, 'android-no-year', m, at, map, num(m[2]), mo, 0, num(m[4]), num(m[5]), m[6]);
  }
  RE_NOSEP.lastIndex = at;
  if ((m = RE_NOSEP.exec(s))) return fromDateFirst(h, 'no-separator', m, at, 0, map);
  return false;
}

function fromDateFirst(h: Header, layout: Layout, m: RegExpExecArray, at: number, lead: number, map: number[] | null): boolean {
  const tsStart = at + lead;
  h.layout = layout;
  h.restStart = origEnd(map, at + m[0].length);
  h.tsStart = orig(map, tsStart);
  h.tsEnd = origEnd(map, tsStart + m[1]!.length);
  field(h, 1, m[2]!);
  h.sep = m[3]!.charCodeAt(0);
  field(h, 2, m[4]!);
  field(h, 3, m[5]!);
  h.be = m[6] !== undefined;
  h.textMonth = h.textDay = h.textYear = 0;
  h.h = num(m[8]);
  h.mi = num(m[9]);
  h.s = num(m[10]);
  h.meridiem = meridiemOf(m[7], m[11]);
  return true;
}

function textMonthHeader(h: Header, layout: Layout, m: RegExpExecArray, at: number, map: number[] | null, day: number, month: number, year: number, hh: number, mi: number, post: string | undefined): boolean {
  h.layout = layout;
  h.restStart = origEnd(map, at + m[0].length);
  h.tsStart = orig(map, at);
  h.tsEnd = origEnd(map, at + m[1]!.length);
  h.d1 = h.d2 = h.d3 = 0;
  h.w1 = h.w2 = h.w3 = 0;
  h.sep = 0;
  h.be = false;
  h.textMonth = month;
  h.textDay = day;
  h.textYear = year;
  h.h = hh;
  h.mi = mi;
  h.s = -1;
  h.meridiem = meridiemOf(undefined, post);
  return true;
}
