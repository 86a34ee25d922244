/** PDF text layout: font per script, line breaks where a reader expects them, nothing unprintable drawn as a box. */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { defaultFontsDir, fontPaths } from '../../main/engine/reports/pdf/fonts';
import { FontSet } from '../../main/engine/reports/pdf/glyphs';
import { TextLayout, type Line } from '../../main/engine/reports/pdf/text-layout';

const layout = new TextLayout(new FontSet(new PDFDocument({ autoFirstPage: false }), fontPaths(defaultFontsDir())));
const text = (l: Line) => l.pieces.map((p) => p.text).join('');
const words = (s: string) => Array.from(new Intl.Segmenter('th', { granularity: 'word' }).segment(s), (x) => x.segment);

describe('font fallback per script', () => {
  it('puts each script in its own embedded font and keeps the style font for Latin', () => {
    const [line] = layout.lines([{ text: 'Hi โอนเงิน ငွေ សូម مرحبا שלום 今天 💰 ✓', seized: true }], 2000, { size: 8 });
    // The sample's first character is enough: a word may be split into dictionary words, all in one font.
    const fontOf = (s: string) => line!.pieces.find((p) => p.text.includes(String.fromCodePoint(s.codePointAt(0)!)))?.font;
    expect(fontOf('Hi')).toBe('sans');
    expect(fontOf('โอนเงิน')).toBe('thai');
    expect(fontOf('ငွေ')).toBe('myanmar');
    expect(fontOf('សូម')).toBe('khmer');
    expect(fontOf('مرحبا')).toBe('arabic');
    expect(fontOf('שלום')).toBe('hebrew');
    expect(fontOf('今天')).toBe('cjk');
    expect(fontOf('💰')).toBe('symbols');
  });

  it('prints a character no embedded font has as its code point, marked, never as an empty box', () => {
    const [line] = layout.lines([{ text: 'x\u{10FFFD}y', seized: true }], 2000, { size: 8 });
    expect(line!.pieces.map((p) => [p.text, p.mark])).toEqual([
      ['x', false],
      ['⟨U+10FFFD⟩', true],
      ['y', false],
    ]);
  });

  it('prints a flag as its country letters, marked, instead of two boxed letters', () => {
    const [line] = layout.lines([{ text: 'from 🇹🇭 to 🇺🇸!', seized: true }], 2000, { size: 8 });
    expect(line!.pieces.filter((p) => p.mark).map((p) => [p.text, p.font])).toEqual([
      ['⟨flag TH⟩', 'mono'],
      ['⟨flag US⟩', 'mono'],
    ]);
    expect(text(line!)).toBe('from ⟨flag TH⟩ to ⟨flag US⟩!');
  });

  it('draws direction overrides as marks in the mark style', () => {
    const [line] = layout.lines([{ text: 'a\u202Eb', seized: true }], 2000, { size: 8 });
    expect(line!.pieces.filter((p) => p.mark).map((p) => [p.text, p.font])).toEqual([['⟨RLO⟩', 'mono']]);
  });
});

describe('line breaking', () => {
  it('breaks Thai only between dictionary words', () => {
    const thai = 'โอนเงินเข้าบัญชีแล้วค่ะกรุณาตรวจสอบยอดเงินในบัญชีของท่านด้วยนะคะขอบคุณมากค่ะ';
    const lines = layout.lines([{ text: thai, seized: true }], 60, { size: 8 });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.map(text).join('')).toBe(thai);
    // Every line is a run of whole words as ICU segments the sentence.
    const boundaries = new Set<number>();
    let at = 0;
    for (const w of words(thai)) boundaries.add((at += w.length));
    let pos = 0;
    for (const l of lines.slice(0, -1)) {
      pos += text(l).length;
      expect(boundaries.has(pos), `break at ${pos}`).toBe(true);
    }
  });

  it('breaks English at spaces and keeps every line within the width', () => {
    const lines = layout.lines([{ text: 'Meeting at the gate at ten tonight, bring the passports and the SIM cards for the new workers' }], 120, { size: 8 });
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      expect(l.width).toBeLessThanOrEqual(120.01);
      expect(text(l)).not.toMatch(/^\s|\s$/);
    }
    expect(lines.map(text).join(' ')).toBe('Meeting at the gate at ten tonight, bring the passports and the SIM cards for the new workers');
  });

  it('cuts a path after a separator before cutting inside a name, and keeps a hash whole when it fits', () => {
    const path = 'calls-20250412101530.xml:74 /calls/call[70]';
    // "calls-20250412101530.xml:" is 90.9 pt wide at 7.2 pt.
    const lines = layout.lines([{ text: path }], 95, { size: 7.2 });
    expect(lines.map(text)).toEqual(['calls-20250412101530.xml:', '74 /calls/call[70]']);
    const hash = '1480fc57c87c3ec07e23d7ae76fb48a2e2120c7f58010536e2a9cd7d3a74bfc3';
    expect(layout.lines([{ text: hash, mono: true }], 400, { size: 7.8 }).map(text)).toEqual([hash]);
  });

  it('keeps line breaks written in the message', () => {
    expect(layout.lines([{ text: 'first\nsecond\r\nthird', seized: true }], 400, { size: 8 }).map(text)).toEqual(['first', 'second', 'third']);
  });
});
