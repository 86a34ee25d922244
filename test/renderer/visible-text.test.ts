import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, visibleSegments, type Segment } from '../../renderer/lib/visible-text';

const labels = (segs: Segment[]) => segs.map((s) => (s.t === 'text' ? s.s : s.t === 'newline' ? '\\n' : `⟨${s.label}⟩`)).join('');

describe('visible text: hidden characters become badges, nothing is interpreted', () => {
  it('shows a right-to-left override as ⟨RLO⟩ and keeps the text around it in stored order', () => {
    expect(labels(visibleSegments('Team \u202Erotcerid'))).toBe('Team ⟨RLO⟩rotcerid');
    const segs = visibleSegments('a\u202Eb');
    expect(segs).toEqual([
      { t: 'text', s: 'a' },
      { t: 'mark', label: 'RLO', title: 'U+202E RIGHT-TO-LEFT OVERRIDE (shown, not applied)' },
      { t: 'text', s: 'b' },
    ]);
  });

  it('names every bidi control and zero-width character', () => {
    expect(labels(visibleSegments('\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069\u200E\u200F\u061C'))).toBe('⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩');
    expect(labels(visibleSegments('pass\u200Bword\u00AD\uFEFF\u2060x'))).toBe('pass⟨ZWSP⟩word⟨SHY⟩⟨BOM⟩⟨WJ⟩x');
  });

  it('shows NUL, escape and other control characters, and lone surrogates', () => {
    expect(labels(visibleSegments('a\u0000b\u001b[31mc\u0007'))).toBe('a⟨NUL⟩b⟨ESC⟩[31mc⟨U+0007⟩');
    expect(labels(visibleSegments('x\uD800y'))).toBe('x⟨lone D800⟩y');
    expect(labels(visibleSegments('\uDC00'))).toBe('⟨lone DC00⟩');
    // A proper pair is one character, not two badges.
    expect(labels(visibleSegments('😀'))).toBe('😀');
  });

  it('keeps a zero-width joiner inside an emoji sequence but shows one between letters', () => {
    expect(labels(visibleSegments('👨\u200D👩\u200D👧'))).toBe('👨\u200D👩\u200D👧');
    expect(labels(visibleSegments('👍🏽\u200D♂️'))).toBe('👍🏽\u200D♂️');
    expect(labels(visibleSegments('ad\u200Dmin'))).toBe('ad⟨ZWJ⟩min');
  });

  it('shows tag characters (invisible text) with the letter they hide', () => {
    expect(labels(visibleSegments('ok\u{E0041}\u{E0042}'))).toBe('ok⟨TAG A⟩⟨TAG B⟩');
  });

  it('breaks lines in detail views and marks them in one-line rows', () => {
    expect(labels(visibleSegments('a\nb\r\nc'))).toBe('a\\nb\\nc');
    expect(labels(visibleSegments('a\nb\r\nc', 'mark'))).toBe('a⟨⏎⟩b⟨⏎⟩c');
    expect(labels(visibleSegments('a\rb', 'break'))).toBe('a⟨CR⟩b');
  });

  it('leaves markup as plain text', () => {
    expect(visibleSegments('<img src=x onerror=alert(1)><script>x</script>')).toEqual([{ t: 'text', s: '<img src=x onerror=alert(1)><script>x</script>' }]);
  });

  it('says whether text hides anything (a line break does not count)', () => {
    expect(hasHiddenCharacters('plain\ntext')).toBe(false);
    expect(hasHiddenCharacters('a\u200Bb')).toBe(true);
  });
});
