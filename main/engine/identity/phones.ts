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
// per (region, digits) and share the answer between all its formattings.
const parsed = new Map<string, { number: string; cc: string; national: string } | null>();
const PARSED_MAX = 500_000;

function parse(text: string, region: CountryCode | undefined): { number: string; cc: string; national: string } | null {
  const key = `${region ?? ''}|${text}`;
  let r = parsed.get(key);
  if (r === undefined) {
    const n = region ? parsePhoneNumberFromString(text, { defaultCountry: region, extract: false }) : parsePhoneNumberFromString(text, { extract: false });
    r = n && n.isValid() ? { number: n.number, cc: n.countryCallingCode, national: n.nationalNumber } : null;
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(key, r);
  }
  return r;
}

function uncached(raw: string, region: CountryCode | undefined, numberCell: boolean): PhoneResult {
  const flags: string[] = [];
  if (hasInvisible(raw)) flags.push('invisible-chars');
  let s = stripInvisible(raw).replace(ODD_SPACES, ' ').replace(DASHES, '-');
  const ascii = asciiDigits(s);
  if (ascii !== s) flags.push('non-ascii-digits');
  s = ascii.trim().replace(/^tel:/i, '').replace(/^~\s*/, '');
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

// Seizures repeat the same few thousand numbers millions of times; parsing is the costly step.
const cache = new Map<string, PhoneResult>();
const CACHE_MAX = 500_000;

/** `numberCell`: the value comes from a spreadsheet cell, where a lost `+` is common (see above). */
export function normalisePhone(raw: string, region: CountryCode | undefined, numberCell = false): PhoneResult {
  const key = `${region ?? ''}\u0000${numberCell ? 1 : 0}\u0000${raw}`;
  let r = cache.get(key);
  if (!r) {
    r = uncached(raw, region, numberCell);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, r);
  }
  return r;
}
