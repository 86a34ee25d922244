/**
 * Scripts written without spaces between words (Thai, Lao, Khmer, Burmese, Tibetan, Chinese, Japanese …), and
 * the invisible characters the index ignores. The word index cannot find a word inside such a run of letters,
 * so text containing them also goes to the trigram index, and query terms containing them are searched there.
 */
import { INDEX_INVISIBLES } from '../db/migrations/003-timeline-search';

/** Inclusive code point ranges of unspaced scripts. */
export const UNSPACED_RANGES: readonly (readonly [number, number])[] = [
  [0x0e00, 0x0e7f], // Thai
  [0x0e80, 0x0eff], // Lao
  [0x0f00, 0x0fff], // Tibetan
  [0x1000, 0x109f], // Myanmar
  [0x1780, 0x17ff], // Khmer
  [0x1980, 0x19df], // New Tai Lue
  [0x19e0, 0x19ff], // Khmer symbols
  [0x1a20, 0x1aaf], // Tai Tham
  [0x2e80, 0x2fdf], // CJK radicals, Kangxi
  [0x3005, 0x3007], // 々 〆 〇
  [0x3040, 0x30ff], // Hiragana, Katakana
  [0x3100, 0x312f], // Bopomofo
  [0x31f0, 0x31ff], // Katakana extensions
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa9e0, 0xa9ff], // Myanmar extended B
  [0xaa60, 0xaa7f], // Myanmar extended A
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xff66, 0xff9f], // half-width Katakana
  [0x20000, 0x3134f], // CJK extensions B–G
];

const hex = (cp: number) => `\\u{${cp.toString(16)}}`;
const UNSPACED_RE = new RegExp(`[${UNSPACED_RANGES.map(([a, b]) => `${hex(a)}-${hex(b)}`).join('')}]`, 'u');

export function hasUnspacedScript(text: string): boolean {
  return UNSPACED_RE.test(text);
}

const INVISIBLE_RE = new RegExp(`[${INDEX_INVISIBLES.map(hex).join('')}]`, 'gu');

/** The index's view of text: the invisible characters the index drops are dropped here too (for queries). */
export function foldInvisibles(text: string): string {
  return text.replace(INVISIBLE_RE, '');
}

/** Number of code points (what the trigram tokenizer counts). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
