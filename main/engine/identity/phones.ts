/**
 * Phone numbers to E.164 with libphonenumber (full metadata, so validity means a real number range), read in
 * the evidence item's region else the case's. Formatting noise is removed (bidi marks, NBSP, non-breaking
 * hyphens, `(0)`, `00` international prefix, non-ASCII digits) and flagged; a number that does not parse as a
 * valid number is kept raw and flagged, never guessed.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { asciiDigits } from '../text/normalise';
import { hasInvisible, stripInvisible } from './confusables';

export type PhoneResult =
  | { valid: true; value: string; flags: string[] }
  | { valid: false; value: string; flags: string[]; reason: 'not-a-phone' | 'invalid-phone' | 'no-region' };

const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF0D]/g;
const ODD_SPACES = /[\u00A0\u202F\u2000-\u200A\u3000]/g;

/** True when a string is written like a phone number (digits with the usual separators), not a name. */
export function looksLikePhone(s: string): boolean {
  if (s.length > 48) return false;
  let t = asciiDigits(stripInvisible(s)).replace(ODD_SPACES, ' ').replace(DASHES, '-').trim();
  if (t.startsWith('~')) t = t.slice(1).trim();
  t = t.replace(/^tel:/i, '');
  if (!/^\+?[0-9][0-9 ().\-/]*$/.test(t)) return false;
  const digits = t.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 15;
}

// Parsing is the costly step (~15 µs with full metadata), and one number is written many ways: parse once
// per (region, digits) and share the answer between all its formattings. Two generations (see normalise.ts):
// numbers in use survive a turnover, memory stays bounded.
type Parsed = { number: string; cc: string; national: string } | null;
let parsedYoung = new Map<string, Parsed>();
let parsedOld: Map<string, Parsed> | null = null;
const PARSED_GENERATION_MAX = 250_000;

/** Empties the parsed-number cache (see releaseNormaliseCaches in normalise.ts). */
export function releaseParsedPhones(): void {
  parsedYoung = new Map();
  parsedOld = null;
}

function parse(text: string, region: CountryCode | undefined): Parsed {
  const key = region ? `${region}|${text}` : text;
  let r = parsedYoung.get(key);
  if (r !== undefined) return r;
  r = parsedOld?.get(key);
  if (r === undefined) {
    const n = region ? parsePhoneNumberFromString(text, { defaultCountry: region, extract: false }) : parsePhoneNumberFromString(text, { extract: false });
    r = n && n.isValid() ? { number: n.number, cc: n.countryCallingCode, national: n.nationalNumber } : null;
  }
  if (parsedYoung.size >= PARSED_GENERATION_MAX) {
    parsedOld = parsedYoung;
    parsedYoung = new Map();
  }
  parsedYoung.set(key, r);
  return r;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7F]*$/;

function uncached(raw: string, region: CountryCode | undefined, numberCell: boolean): PhoneResult {
  const flags: string[] = [];
  let s = raw;
  // Invisibles, odd spaces and dashes and non-ASCII digits are all outside ASCII: plain ASCII skips their passes.
  if (!ASCII.test(raw)) {
    if (hasInvisible(raw)) flags.push('invisible-chars');
    s = stripInvisible(raw).replace(ODD_SPACES, ' ').replace(DASHES, '-');
    const ascii = asciiDigits(s);
    if (ascii !== s) flags.push('non-ascii-digits');
    s = ascii;
  }
  s = s.trim().replace(/^tel:/i, '').replace(/^~\s*/, '');
  const kept = raw.trim();
  if (!/^\+?[0-9 ().\-/]+$/.test(s) || !/[0-9]/.test(s)) return { valid: false, value: kept, flags, reason: 'not-a-phone' };
  const plus = s.startsWith('+');
  // `+66 (0)81…`: the bracketed trunk zero is dialled only nationally.
  if (plus && /\(0\)/.test(s)) {
    flags.push('trunk-zero-in-brackets');
    s = s.replace(/\(0\)/, '');
  }
  const digits = s.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 17) return { valid: false, value: kept, flags, reason: 'invalid-phone' };
  if (!plus && digits.startsWith('00')) {
    // `00` is the international prefix almost everywhere; libphonenumber only knows the region's own IDD forms.
    const n = parse(`+${digits.slice(2)}`, undefined);
    if (n) return { valid: true, value: n.number, flags: [...flags, 'international-prefix-00'] };
  }
  if (!plus && !region) return { valid: false, value: kept, flags, reason: 'no-region' };
  const n = parse(plus ? `+${digits}` : digits, plus ? undefined : region);
  if (!n) {
    // A spreadsheet number cell drops the `+`: there, 11+ digits not starting with 0 that are no number of the
    // region but a valid international one are read so, and flagged. Elsewhere they stay invalid: a Chinese
    // mobile written nationally (131 2555 0143) would otherwise become a Chicago number.
    const intl = numberCell && !plus && digits.length >= 11 && !digits.startsWith('0') ? parse(`+${digits}`, undefined) : null;
    if (intl) return { valid: true, value: intl.number, flags: [...flags, 'country-code-without-plus'] };
    return { valid: false, value: kept, flags, reason: 'invalid-phone' };
  }
  if (!plus && !digits.startsWith('0') && digits === `${n.cc}${n.national}`) flags.push('country-code-without-plus');
  return { valid: true, value: n.number, flags };
}

/** Code units stripInvisible removes (confusables.ts INVISIBLE_RE), tested without a regex per character. */
function isInvisible(c: number): boolean {
  return (
    c === 0x00ad || c === 0x180e || c === 0x061c || c === 0xfeff || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069)
  );
}

/**
 * For a number written with ASCII digits, spaces and dashes only (and a leading `+`, and invisible marks, such as the
 * bidi wrapping exporters add): what its reading depends on — `i` when it holds invisible marks, `+` when it starts
 * with one, then its 6 to 17 digits. Any two such writings with the same key read as the same valid number with the
 * same flags (uncached below removes exactly those characters and decides on the digits), so normalise.ts shares one
 * result between `081-234-5678` and `0812345678`. Undefined for anything else (brackets, dots, letters, other
 * scripts' digits or spaces, a `+` further on), which takes the full path.
 */
export function phoneWritingKey(raw: string): string | undefined {
  let plus = false;
  let invisible = false;
  let started = false;
  let digits = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      started = true;
    } else if (c === 45) started = true;
    else if (c === 43) {
      if (started) return undefined;
      plus = started = true;
    } else if (c === 32) continue;
    else if (isInvisible(c)) invisible = true;
    else return undefined;
  }
  if (digits < 6 || digits > 17) return undefined;
  return `${invisible ? 'i' : ''}${plus ? '+' : ''}${raw.replace(/\D/g, '')}`;
}

/**
 * `numberCell`: the value comes from a spreadsheet cell, where a lost `+` is common (see above). Not cached by the
 * raw text here: normaliseIdentifier, the one caller on the hot path, caches its results by it.
 */
export function normalisePhone(raw: string, region: CountryCode | undefined, numberCell = false): PhoneResult {
  return uncached(raw, region, numberCell);
}
