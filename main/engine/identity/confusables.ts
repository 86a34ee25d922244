/**
 * Look-alike and invisible characters in identifiers and names. Threadline never folds them away before
 * linking (a Cyrillic `а` in a handle is a different account, maybe an impersonation); it flags them and
 * uses the folded "skeleton" only to *suggest* that two values look the same.
 */

// Letters from Cyrillic, Greek and elsewhere that render like a Latin letter (UTS #39 confusables, the common subset).
const CONFUSABLE_TO_LATIN: Record<string, string> = {
  // Cyrillic lower
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', һ: 'h', ѵ: 'v', ɡ: 'g',
  // Cyrillic upper
  А: 'a', В: 'b', Е: 'e', Ё: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', У: 'y', Х: 'x', І: 'i', Ї: 'i', Ј: 'j', Ѕ: 's', Ԁ: 'd', Ԛ: 'q', Ԝ: 'w', Ӏ: 'l', Һ: 'h',
  // Greek
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  // Latin look-alikes outside ASCII
  ı: 'i', ℓ: 'l', ȷ: 'j', ɑ: 'a', ɩ: 'i',
};

/** Invisible or display-changing characters: zero-width, bidi controls, BOM, soft hyphen, word joiner, Mongolian vowel separator. */
export const INVISIBLE_RE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u061C]/g;
const INVISIBLE_TEST = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u061C]/;

export function hasInvisible(s: string): boolean {
  return INVISIBLE_TEST.test(s);
}

export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE_RE, '');
}

/** Removes invisibles only at the ends (the wrapping marks exporters add), keeping interior ones. */
export function trimInvisible(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (INVISIBLE_TEST.test(s[a]!) || /\s/.test(s[a]!))) a++;
  while (b > a && (INVISIBLE_TEST.test(s[b - 1]!) || /\s/.test(s[b - 1]!))) b--;
  return s.slice(a, b);
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7F]*$/;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const GREEK = /\p{Script=Greek}/u;

/**
 * Flags for a value: `invisible-chars` (holds invisible characters), `mixed-script` (Latin letters together with
 * Cyrillic or Greek ones), `confusable` (holds a non-Latin letter that renders like a Latin one).
 */
export function lookalikeFlags(s: string): string[] {
  // Invisibles, Cyrillic, Greek and every confusable are outside ASCII: plain ASCII has no flag (the common case).
  if (ASCII.test(s)) return [];
  const flags: string[] = [];
  if (hasInvisible(s)) flags.push('invisible-chars');
  const latin = LATIN.test(s);
  const other = CYRILLIC.test(s) || GREEK.test(s);
  if (latin && other) flags.push('mixed-script');
  for (const ch of s) {
    if (Object.prototype.hasOwnProperty.call(CONFUSABLE_TO_LATIN, ch)) {
      if (latin || /[0-9_@.]/.test(s)) flags.push('confusable');
      break;
    }
  }
  return flags;
}

/** The folded form two look-alike values share: NFKC, invisibles removed, confusables mapped to Latin, lower case. */
export function skeleton(s: string): string {
  // ASCII is NFKC-stable and holds no invisible or confusable: only the case folds.
  if (ASCII.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of stripInvisible(s).normalize('NFKC')) {
    out += Object.prototype.hasOwnProperty.call(CONFUSABLE_TO_LATIN, ch) ? CONFUSABLE_TO_LATIN[ch] : ch;
  }
  return out.toLowerCase();
}
