import { describe, expect, it } from 'vitest';
import { bidiClass, mirror, paragraphLevel, resolveLevels, visualOrder } from '../../main/engine/reports/pdf/bidi';
import { reorderMyanmar } from '../../main/engine/reports/pdf/myanmar';
import { clustersOf } from '../../main/engine/reports/pdf/text-layout';

/** Levels of a string, one per code point, with the paragraph level from its first strong character. */
function levels(s: string): number[] {
  const classes = Array.from(s, (c) => bidiClass(c.codePointAt(0)!));
  return [...resolveLevels(classes, paragraphLevel(classes))];
}

/** The string in visual order (left to right), by the L2 rule over its code points. */
function visual(s: string): string {
  const chars = Array.from(s);
  return visualOrder(levels(s))
    .map((i) => chars[i]!)
    .join('');
}

describe('bidirectional ordering (UAX #9 without embeddings)', () => {
  it('classifies the characters seized text uses', () => {
    expect(['a', 'ก', '中', 'ש', 'م', '1', '٣', '+', '$', ',', ' ', '!', '\u064B'].map((c) => bidiClass(c.codePointAt(0)!))).toEqual([
      'L', 'L', 'L', 'R', 'AL', 'EN', 'AN', 'ES', 'ET', 'CS', 'WS', 'ON', 'NSM',
    ]);
  });

  it('takes the paragraph direction from the first strong character', () => {
    expect(levels('abc')).toEqual([0, 0, 0]);
    expect(levels('אב')).toEqual([1, 1]);
    expect(levels('123 אב')).toEqual([2, 2, 2, 1, 1, 1]);
  });

  it('reverses a Hebrew word inside left-to-right text and keeps numbers left to right', () => {
    expect(visual('id אבג x')).toBe('id גבא x');
    // A number after Hebrew joins its right-to-left run (W7 keeps it European, N1 pulls the space in), as browsers show it.
    expect(visual('id אבג 42')).toBe('id 42 גבא');
    expect(visual('שלום 123')).toBe('123 םולש');
  });

  it('keeps an Arabic phrase with its spaces in right-to-left order inside English', () => {
    // "Ref: <ملف رقم> 42": the number after Arabic letters is an Arabic-context number (W2) and stays in the RTL run.
    expect(visual('Ref: ملف رقم 42 (x)')).toBe('Ref: 42 مقر فلم (x)');
  });

  it('mirrors brackets drawn right to left', () => {
    expect(mirror('(a[b]<c>)')).toBe(')a]b[>c<(');
    expect(mirror('abc')).toBe('abc');
  });
});

describe('Myanmar syllable reordering for shaping', () => {
  it('moves the vowel sign E and medial RA before their consonant', () => {
    expect(reorderMyanmar('ငွေ')).toBe('\u1031\u1004\u103D');
    expect(reorderMyanmar('ပြော')).toBe('\u1031\u103C\u1015\u102C');
  });

  it('moves kinzi after its base consonant and leaves other text alone', () => {
    expect(reorderMyanmar('သင်္ချိုင်း')).toBe('\u101E\u1001\u1004\u103A\u1039\u103B\u102D\u102F\u1004\u103A\u1038');
    expect(reorderMyanmar('abc 123')).toBe('abc 123');
  });
});

describe('grapheme clusters for font choice', () => {
  it('keeps marks, stacked consonants, emoji sequences and flags together', () => {
    expect(clustersOf('ข้า')).toEqual(['ข้', 'า']);
    expect(clustersOf('ត្យ')).toEqual(['ត្យ']);
    expect(clustersOf('👍🏽👨‍👩‍👧🇹🇭')).toEqual(['👍🏽', '👨‍👩‍👧', '🇹🇭']);
  });
});
