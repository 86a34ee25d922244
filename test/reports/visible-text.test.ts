import { describe, expect, it } from 'vitest';
import { markFor, visibleParts, visibleText } from '../../main/engine/reports/visible-text';

describe('visible marks for hidden and direction-changing characters', () => {
  it('shows a right-to-left override as ⟨RLO⟩ instead of applying it', () => {
    expect(visibleText('invoice_\u202Efdp.exe')).toBe('invoice_⟨RLO⟩fdp.exe');
    expect(visibleParts('a\u202Eb')).toEqual([
      { text: 'a', mark: false },
      { text: '⟨RLO⟩', mark: true },
      { text: 'b', mark: false },
    ]);
  });

  it('names every bidi control, zero-width character and common control', () => {
    const cases: [string, string][] = [
      ['\u202A', '⟨LRE⟩'],
      ['\u202B', '⟨RLE⟩'],
      ['\u202C', '⟨PDF⟩'],
      ['\u202D', '⟨LRO⟩'],
      ['\u2066', '⟨LRI⟩'],
      ['\u2067', '⟨RLI⟩'],
      ['\u2068', '⟨FSI⟩'],
      ['\u2069', '⟨PDI⟩'],
      ['\u200E', '⟨LRM⟩'],
      ['\u200F', '⟨RLM⟩'],
      ['\u061C', '⟨ALM⟩'],
      ['\u200B', '⟨ZWSP⟩'],
      ['\u2060', '⟨WJ⟩'],
      ['\uFEFF', '⟨BOM⟩'],
      ['\u0000', '⟨NUL⟩'],
      ['\t', '⟨TAB⟩'],
      ['\u001B', '⟨ESC⟩'],
      ['\u0007', '⟨U+0007⟩'],
      ['\u3164', '⟨HF⟩'],
    ];
    for (const [ch, mark] of cases) expect(visibleText(`x${ch}y`)).toBe(`x${mark}y`);
  });

  it('keeps line feeds, turns CRLF into a line feed and shows a lone CR', () => {
    expect(visibleText('a\r\nb\nc\rd')).toBe('a\nb\nc⟨CR⟩d');
  });

  it('shows lone surrogates by code point and keeps real astral characters', () => {
    expect(visibleText('a\uD800b')).toBe('a⟨U+D800⟩b');
    expect(visibleText('a\uDC00')).toBe('a⟨U+DC00⟩');
    expect(visibleText('money 💰')).toBe('money 💰');
  });

  it('keeps the joiner inside an emoji sequence but marks it between letters', () => {
    const family = '👨\u200D👩\u200D👧';
    expect(visibleText(family)).toBe(family);
    expect(visibleText('pay\u200Dpal')).toBe('pay⟨ZWJ⟩pal');
  });

  it('marks tag characters (invisible text smuggled after an emoji)', () => {
    expect(visibleText('hi\u{E0041}')).toBe('hi⟨U+E0041⟩');
    expect(markFor(0xe0041)).toBe('⟨U+E0041⟩');
  });

  it('leaves ordinary text of every script untouched', () => {
    const s = 'โอนเงิน ငွေလွှဲ សូម مرحبا שלום 今天 <b>&amp;</b> =1+1';
    expect(visibleText(s)).toBe(s);
    expect(visibleParts(s)).toEqual([{ text: s, mark: false }]);
    expect(visibleText(null)).toBe('');
  });
});
