/** Cell value readers for mapped spreadsheet columns: amounts as exact decimal text, durations, call directions, identifier shapes, hostile-text flags. */
import type { CallDirection } from '../../model/records';
import { asciiDigits, matchCopy } from '../../text/normalise';

const NON_ASCII = /[^\x00-\x7f]/;

/** A matching copy with ASCII digits; plain ASCII text (most cells) needs neither step. */
export function norm(text: string): string {
  return NON_ASCII.test(text) ? asciiDigits(matchCopy(text)) : text;
}

// ---------------------------------------------------------------------------------------------------------
// Identifier shapes

const BASE58 = '[1-9A-HJ-NP-Za-km-z]';
const TRON = new RegExp(`^T${BASE58}{33}$`);
const ETH = /^0x[0-9a-fA-F]{40}$/;
const BTC = new RegExp(`^(?:bc1[02-9ac-hj-np-z]{11,71}|[13]${BASE58}{25,34})$`);
const EMAIL = /^[^\s@<>()",;:]{1,64}@[^\s@<>()",;:]{1,253}\.[^\s@<>()",;:.]{2,63}$/;

export type WalletKind = 'tron' | 'eth' | 'btc';

export function walletKind(v: string): WalletKind | undefined {
  const s = v.trim();
  if (s.length < 26 || s.length > 90) return undefined;
  if (TRON.test(s)) return 'tron';
  if (ETH.test(s)) return 'eth';
  if (BTC.test(s)) return 'btc';
  return undefined;
}

export function isEmail(v: string): boolean {
  const s = v.trim();
  return s.length <= 320 && EMAIL.test(s);
}

/** IBAN shape and its mod-97 check digits (ISO 13616). */
export function isIban(v: string): boolean {
  const s = v.replace(/[ \u00A0]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of r) {
    const c = ch.charCodeAt(0);
    const d = c >= 65 ? String(c - 55) : ch;
    for (const digit of d) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/**
 * Phone-shaped text: digits with the usual separators. `strong` when the shape can hardly be anything else
 * (a `+` prefix, a trunk `0` with 9–11 digits, or grouped digits); a bare run of digits is only `weak`.
 */
export function phoneShape(v: string): 'strong' | 'weak' | undefined {
  if (v.length > 64) return undefined;
  const s = norm(v).trim();
  if (s.length < 5 || s.length > 32) return undefined;
  if (!/^\+?[\d\s().\-\u2011]+$/.test(s)) return undefined;
  const digits = s.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return undefined;
  if (s.startsWith('+') || s.startsWith('00')) return 'strong';
  if (/^0\d{8,10}$/.test(digits) && !/[.]/.test(s)) return 'strong';
  if (/^\(?\d{2,4}\)?[\s\-\u2011]\d{3,4}[\s\-\u2011]?\d{3,4}$/.test(s)) return 'strong';
  if (/^\d+$/.test(s) && digits.length >= 8) return 'weak';
  return undefined;
}

/** Split a cell that holds several identifiers (`a ::: b` from Google Contacts, line breaks, `;`, `,`, ` / `). */
export function splitIdentifiers(v: string): string[] {
  if (!/[\n;,]| ::: | \/ /.test(v)) return [v.trim()];
  // Split, then trim: `\s*sep\s*` would backtrack quadratically over long runs of spaces.
  return v
    .split(/\n| ::: |;|,| \/ /)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

// ---------------------------------------------------------------------------------------------------------
// Amounts

const CURRENCY_CODES = 'USDT|USDC|USD|THB|VND|CNY|RMB|MMK|KHR|IDR|PHP|MYR|SGD|HKD|TWD|EUR|GBP|JPY|KRW|LAK|INR|AUD|CAD|BTC|ETH|TRX|BNB';
const CURRENCY_SYMBOLS: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  '฿': 'THB',
  บาท: 'THB',
  '₫': 'VND',
  đ: 'VND',
  '€': 'EUR',
  '£': 'GBP',
  '₱': 'PHP',
  '₭': 'LAK',
  '៛': 'KHR',
  '₩': 'KRW',
  '₹': 'INR',
  元: 'CNY',
  円: 'JPY',
  Rp: 'IDR',
  RM: 'MYR',
  // `$` and `¥` are several currencies: kept as written and flagged.
  $: '$',
  'US$': 'USD',
  '¥': '¥',
  '￥': '¥',
});
const AMBIGUOUS_SYMBOLS = new Set(['$', '¥']);
const SYMBOL_ALT = Object.keys(CURRENCY_SYMBOLS)
  .sort((a, b) => b.length - a.length)
  .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');
const TOKEN = new RegExp(`^(?:${CURRENCY_CODES}|${SYMBOL_ALT})$`, 'i');

/** Digits, separators, signs and parentheses: everything else at the ends of an amount is its currency. */
function isNumChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 44 || c === 46 || c === 39 || c === 32 || c === 0x2d || c === 0x28 || c === 0x29 || c === 0x2b || c === 0x2212 || c === 0xa0 || c === 0x202f || c === 0x2009;
}

function currencyToken(t: string): string | undefined {
  if (!t || t.length > 6 || !TOKEN.test(t)) return undefined;
  return currencyOf(t);
}
const CODE_ONLY = new RegExp(`^(?:${CURRENCY_CODES})$`, 'i');

export function currencyOf(token: string): string {
  const up = token.toUpperCase();
  if (CODE_ONLY.test(token)) return up === 'RMB' ? 'CNY' : up;
  return CURRENCY_SYMBOLS[token] ?? token;
}

/** Is this text a currency code or symbol on its own (a currency column's value)? */
export function isCurrencyText(v: string): boolean {
  const s = v.trim();
  return s.length > 0 && s.length <= 5 && (CODE_ONLY.test(s) || CURRENCY_SYMBOLS[s] !== undefined);
}

export type DecimalSep = '.' | ',';

export interface Amount {
  /** Exact decimal text: optional `-`, digits, optional `.` and digits. */
  amount: string;
  currency?: string;
  flags: string[];
  /** Which separator this value proves to be the decimal one (column evidence). */
  proves?: DecimalSep;
}

const GROUP_CHARS = /[ '\u00A0\u202F\u2009]/g;

/**
 * Read an amount written by a person or an exporter: `1,234.56`, `1.234,56`, `1 234,56`, `(500)`, `฿1,200`,
 * `1200 USDT`, `-3.5`. Never goes through a float. `hint` is the column's decimal separator when known.
 */
export function parseAmount(text: string, hint?: DecimalSep): Amount | undefined {
  if (text.length > 200) return undefined;
  let s = norm(text).trim();
  if (!s || s.length > 64) return undefined;
  const flags: string[] = [];
  let currency: string | undefined;
  let neg = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    neg = true;
    s = s.slice(1, -1).trim();
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    neg = !neg;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  // Currency before or after the number: the run of non-digit characters at either end.
  let i = 0;
  while (i < s.length && !isNumChar(s.charCodeAt(i))) i++;
  if (i > 0) {
    const c = currencyToken(s.slice(0, i).trim());
    if (!c) return undefined;
    currency = c;
    s = s.slice(i).trim();
  }
  let j = s.length;
  while (j > 0 && !isNumChar(s.charCodeAt(j - 1))) j--;
  if (j < s.length) {
    const c = currencyToken(s.slice(j).trim());
    if (!c || currency) return undefined;
    currency = c;
    s = s.slice(0, j).trim();
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    neg = !neg;
    s = s.slice(1).trim();
  }
  if (s.endsWith('-')) {
    neg = !neg;
    s = s.slice(0, -1).trim();
  }
  if (!/^\d[\d.,' \u00A0\u202F\u2009]*$/.test(s) || !/\d$/.test(s)) return undefined;
  const spaced = s.replace(GROUP_CHARS, '');
  const spacedGroups = spaced !== s;
  const dots = count(spaced, '.');
  const commas = count(spaced, ',');
  let intPart: string;
  let frac = '';
  let proves: DecimalSep | undefined;
  if (dots && commas) {
    const dec: DecimalSep = spaced.lastIndexOf('.') > spaced.lastIndexOf(',') ? '.' : ',';
    const grp = dec === '.' ? ',' : '.';
    const at = spaced.lastIndexOf(dec);
    if (count(spaced, dec) > 1) return undefined;
    intPart = spaced.slice(0, at);
    frac = spaced.slice(at + 1);
    if (!groupsOk(intPart, grp)) return undefined;
    intPart = intPart.split(grp).join('');
    proves = dec;
  } else if (dots + commas === 0) {
    if (spacedGroups && !groupsOk(s.replace(GROUP_CHARS, ' '), ' ')) return undefined;
    intPart = spaced;
  } else {
    const sep: DecimalSep = dots ? '.' : ',';
    const n = dots || commas;
    const at = spaced.indexOf(sep);
    const before = spaced.slice(0, at);
    const after = spaced.slice(at + 1);
    if (n > 1) {
      if (!groupsOk(spaced, sep)) return undefined;
      intPart = spaced.split(sep).join('');
      proves = sep === '.' ? ',' : '.';
    } else if (after.length !== 3 || before === '0' || before.length > 3 || spacedGroups) {
      // `12.5`, `0.125`, `1234.567`, `1 234,567`: only a decimal separator reads this way.
      intPart = before;
      frac = after;
      proves = sep;
    } else {
      // `1,234` / `1.234`: thousands or decimals? The column decides; failing that, three digits after a
      // single separator are read as thousands, and the row says so.
      const dec = hint ?? (sep === ',' ? '.' : sep === '.' ? ',' : undefined);
      if (hint === undefined) flags.push('amount-separator-assumed');
      if (dec === sep) {
        intPart = before;
        frac = after;
      } else intPart = before + after;
    }
  }
  if (!/^\d+$/.test(intPart) || (frac && !/^\d+$/.test(frac))) return undefined;
  const out: Amount = { amount: (neg ? '-' : '') + intPart + (frac ? '.' + frac : ''), flags };
  if (currency) {
    out.currency = currency;
    if (AMBIGUOUS_SYMBOLS.has(currency)) flags.push('currency-symbol-ambiguous');
  }
  if (proves) out.proves = proves;
  return out;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

function groupsOk(s: string, sep: string): boolean {
  // First group 1–3 digits, every later group exactly 3 (no split: this runs for every amount).
  let i = s.indexOf(sep);
  if (i < 1 || i > 3) return i === -1 ? s.length >= 1 && s.length <= 3 : false;
  for (;;) {
    const j = s.indexOf(sep, i + 1);
    if (j === -1) return s.length - i - 1 === 3;
    if (j - i - 1 !== 3) return false;
    i = j;
  }
}

/** A JavaScript number's exact decimal text (XLSX numbers): `1.5e-7` → `0.00000015`, without float maths. */
export function plainDecimal(numText: string): string | undefined {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(numText.trim());
  if (!m || (!m[2] && !m[3])) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + (m[4] ? parseInt(m[4], 10) : 0);
  if (Math.abs(point) > 400) return undefined;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) digits += '0'.repeat(point - digits.length);
  let int = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  let frac = digits.slice(point);
  if (m[4]) frac = frac.replace(/0+$/, '');
  if (!int) int = '0';
  return sign + int + (frac ? '.' + frac : '');
}

/** Significant digits a number carries, and whether more than 15 (Excel's precision) are involved. */
export function beyondDoublePrecision(numText: string): boolean {
  // Without an exponent, 15 characters cannot hold more than 15 digits.
  if (numText.length <= 15 && numText.indexOf('E') === -1 && numText.indexOf('e') === -1) return false;
  const plain = plainDecimal(numText);
  if (!plain) return false;
  const digits = plain.replace(/[-.]/g, '').replace(/^0+/, '');
  const int = plain.replace(/^-/, '').split('.')[0]!;
  return digits.replace(/0+$/, '').length > 15 || int.replace(/^0+/, '').length > 15;
}

// ---------------------------------------------------------------------------------------------------------
// Calls

/** Duration in seconds: `83`, `1:23`, `01:01:23`, `1m 23s`, `1分23秒`, `1 นาที 23 วินาที`. */
export function parseDuration(text: string): number | undefined {
  if (text.length > 80) return undefined;
  const s = norm(text).trim().toLowerCase();
  if (!s || s.length > 40) return undefined;
  let m = /^(\d{1,9})(?:[.,]0+)?\s*(?:s|sec|secs|seconds|秒|วินาที|giây|detik|segundos?)?$/.exec(s);
  if (m) return parseInt(m[1]!, 10);
  m = /^(?:(\d{1,6}):)?(\d{1,4}):(\d{2})(?:[.,]\d+)?$/.exec(s);
  if (m) {
    const h = m[1] ? parseInt(m[1], 10) : 0;
    const mi = parseInt(m[2]!, 10);
    const se = parseInt(m[3]!, 10);
    if (se > 59 || (m[1] && mi > 59)) return undefined;
    return h * 3600 + mi * 60 + se;
  }
  m = /^(?:(\d{1,6})\s*(?:h|hr|hrs|hours?|小时|小時|時間|ชั่วโมง|giờ|jam|horas?)\s*)?(?:(\d{1,6})\s*(?:m|min|mins|minutes?|分钟|分鐘|分|นาที|phút|menit|minutos?)\s*)?(?:(\d{1,6})\s*(?:s|sec|secs|seconds?|秒|วินาที|giây|detik|segundos?))?$/.exec(s);
  if (m && (m[1] || m[2] || m[3])) return (m[1] ? +m[1] * 3600 : 0) + (m[2] ? +m[2] * 60 : 0) + (m[3] ? +m[3] : 0);
  return undefined;
}

// Direction words, most specific first. CJK/Thai/Burmese are matched as substrings, Latin as words.
const DIRECTIONS: [RegExp, CallDirection][] = [
  [/\b(?:missed|not answered|unanswered|no answer|tak terjawab|tidak terjawab|perdida|nhỡ)\b|cuộc gọi nhỡ|未接|未應答|未应答|ไม่ได้รับ|ไม่ได้รับสาย|สายที่ไม่ได้รับ/i, 'missed'],
  [/\b(?:rejected|declined|refused|ditolak|rechazada|từ chối)\b|拒接|已拒接|拒绝|拒絕|ปฏิเสธ/i, 'rejected'],
  [/\b(?:blocked|diblokir|bloqueada|chặn)\b|拦截|攔截|已拦截|บล็อก/i, 'blocked'],
  [/\b(?:voicemail|voice mail)\b|语音信箱|語音信箱|ข้อความเสียง/i, 'voicemail'],
  [/\b(?:outgoing|outbound|out|dialed|dialled|moc|mo|sent|keluar|panggilan keluar|saliente|realizada|gọi đi|cuộc gọi đi)\b|呼出|去电|去電|撥出|拨出|已拨|已撥|主叫|โทรออก|สายโทรออก/i, 'outgoing'],
  [/\b(?:incoming|inbound|in|received|answered|mtc|mt|masuk|panggilan masuk|entrante|recibida|gọi đến|cuộc gọi đến)\b|来电|來電|呼入|已接|被叫|สายเข้า|รับสาย/i, 'incoming'],
];

export function parseDirection(text: string): CallDirection | undefined {
  if (text.length > 120) return undefined;
  const s = (NON_ASCII.test(text) ? matchCopy(text) : text).trim();
  if (!s || s.length > 60) return undefined;
  for (const [re, d] of DIRECTIONS) if (re.test(s)) return d;
  return undefined;
}

export type CallKind = 'voice' | 'video' | 'sms' | 'data';

const KINDS: [RegExp, CallKind][] = [
  [/\b(?:video|vdo)\b|视频|視訊|視頻|วิดีโอ/i, 'video'],
  [/\b(?:sms|mms|short message|text message|message|msg|pesan|mensaje|tin nhắn)\b|短信|簡訊|短訊|ข้อความ/i, 'sms'],
  [/\b(?:data|gprs|internet|packet)\b|数据|數據/i, 'data'],
  [/\b(?:voice|call|audio|suara|voz|llamada|cuộc gọi|moc|mtc)\b|语音|語音|通话|通話|เสียง|โทร/i, 'voice'],
];

export function parseKind(text: string): CallKind | undefined {
  if (text.length > 120) return undefined;
  const s = (NON_ASCII.test(text) ? matchCopy(text) : text).trim();
  if (!s || s.length > 60) return undefined;
  for (const [re, k] of KINDS) if (re.test(s)) return k;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Hostile text

// U+FF1D full-width equals, U+FF0B plus, U+FF0D minus, U+FF20 at: spreadsheet apps read them as formula starts too.
const NUMERIC_AFTER_SIGN = /^[+\-\uFF0B\uFF0D][\d\s().,\-\u2011]*\d[\d\s().,\-\u2011]*$/;

/**
 * Text a spreadsheet would run as a formula if exported as-is (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `@SUM`,
 * tab/CR-leading, full-width `＝`). Plain signed numbers and `+66 …` phone numbers are not flagged.
 */
export function isFormulaLike(v: string): boolean {
  if (v.length === 0) return false;
  const c = v.charCodeAt(0);
  switch (c) {
    case 0x3d: // =
    case 0x40: // @
    case 0x09:
    case 0x0d:
    case 0x0a:
    case 0xff1d:
    case 0xff20:
      return true;
    case 0x2b: // +
    case 0x2d: // -
    case 0xff0b:
    case 0xff0d:
      return !NUMERIC_AFTER_SIGN.test(v.length > 64 ? v.slice(0, 64) + 'x' : v);
    default:
      return false;
  }
}

// Characters that change how text shows without being seen, NUL, and the BOM.
const SUSPECT = /[\0\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u061C\u200E\u200F]/;

/** Where flags are collected: a Set, or the pipeline's small ordered list. */
export interface FlagSink {
  add(flag: string): unknown;
}

/** Add flags for one cell's text to a row's flag set. */
export function textFlags(v: string, flags: FlagSink): void {
  if (isFormulaLike(v)) flags.add('formula-like');
  if (SUSPECT.test(v)) {
    if (v.includes('\0')) flags.add('nul');
    if (BIDI.test(v)) flags.add('bidi-control');
    if (/[\u200B-\u200D\uFEFF]/.test(v)) flags.add('invisible-chars');
  }
  if (hasLoneSurrogate(v)) flags.add('lone-surrogate');
  // One quantifier after `<`: `<\s*\/?\s*` would backtrack quadratically over long runs of spaces.
  if (v.includes('<') && /<[\s/]*(?:script|iframe|img|svg|object|embed|style|link|meta)\b/i.test(v)) flags.add('markup');
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text holds a surrogate half without its pair (JSON `"\uD800"`; SQLite would mangle it). */
export function hasLoneSurrogate(v: string): boolean {
  return SURROGATE.test(v) && LONE.test(v);
}
