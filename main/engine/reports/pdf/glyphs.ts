/**
 * Glyphs for the PDF: measuring and encoding text runs in one embedded font. pdfkit's own text() costs ~0.5 ms a
 * call and caches every word it ever sees, which a 100,000-event report cannot afford; so runs are encoded here,
 * through pdfkit's embedded-font object (which still subsets the font and writes its widths and ToUnicode map,
 * so text stays extractable). Simple scripts use one cached glyph per character; complex ones (Thai, Burmese,
 * Khmer, Arabic, Hebrew, combining marks) go through fontkit's OpenType shaping, cached per run.
 * pdfkit is pinned to an exact version in package.json because this reads its embedded-font fields.
 */
import { FONT_FILES, type FontKey } from './fonts';
import { mirror } from './bidi';
import { reorderMyanmar } from './myanmar';

/** The parts of a fontkit glyph this module uses. */
interface FkGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface FkPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The parts of a fontkit font this module uses. */
interface FkFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): FkGlyph;
  layout(text: string, features?: string[], script?: string, language?: string, direction?: 'ltr' | 'rtl'): { glyphs: FkGlyph[]; positions: FkPosition[] };
}

/** The parts of pdfkit's EmbeddedFont this module uses (pdfkit 0.20). */
interface PdfkitFont {
  id: string;
  font: FkFont;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}

/** A laid-out run: glyphs in drawing order (left to right), advances and offsets in 1/1000 em. */
export interface GlyphRun {
  glyphs: FkGlyph[];
  advances: number[];
  offsets: ([number, number] | null)[];
  /** Total advance in 1/1000 em. */
  width: number;
}

const SHAPE_CACHE_LIMIT = 20_000;
const ASCII_RE = /^[\x00-\x7F]*$/;
/** Marks, joiners, selectors and astral characters need shaping (in u-mode a surrogate range only matches lone halves). */
const COMBINING_RE = /[\p{M}\u200C\u200D\uFE00-\uFE0F]|[\u{10000}-\u{10FFFF}]|[\uD800-\uDFFF]/u;

export class FontHandle {
  readonly key: FontKey;
  readonly pdf: PdfkitFont;
  private readonly fk: FkFont;
  private readonly scale: number;
  private readonly coverage = new Map<number, boolean>();
  private readonly simple = new Map<number, { glyph: FkGlyph; adv: number }>();
  private readonly shaped = new Map<string, GlyphRun>();
  private readonly hex = new Map<number, string>();
  private readonly ascii = new Float64Array(128).fill(NaN);
  private readonly asciiHex: (string | undefined)[] = new Array<string | undefined>(128);

  constructor(key: FontKey, pdf: PdfkitFont) {
    this.key = key;
    this.pdf = pdf;
    this.fk = pdf.font;
    this.scale = 1000 / this.fk.unitsPerEm;
  }

  covers(cp: number): boolean {
    let c = this.coverage.get(cp);
    if (c === undefined) {
      c = this.fk.hasGlyphForCodePoint(cp);
      this.coverage.set(cp, c);
    }
    return c;
  }

  private simpleGlyph(cp: number): { glyph: FkGlyph; adv: number } {
    let g = this.simple.get(cp);
    if (!g) {
      const glyph = this.fk.glyphForCodePoint(cp);
      g = { glyph, adv: glyph.advanceWidth * this.scale };
      this.simple.set(cp, g);
    }
    return g;
  }

  /** True when the text can be drawn one glyph per character (no shaping needed). */
  isSimple(text: string): boolean {
    return !FONT_FILES[this.key].complex && !COMBINING_RE.test(text);
  }

  /** Advance of the text in 1/1000 em (same as the run's width, without building it for simple text). */
  measure(text: string, rtl: boolean): number {
    if (ASCII_RE.test(text)) {
      // Most report text is ASCII: a flat table instead of a map lookup per character.
      let w = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let a = this.ascii[c]!;
        if (Number.isNaN(a)) a = this.ascii[c] = this.simpleGlyph(c).adv;
        w += a;
      }
      return w;
    }
    if (this.isSimple(text)) {
      let w = 0;
      for (let i = 0; i < text.length; i++) w += this.simpleGlyph(text.charCodeAt(i)).adv;
      return w;
    }
    return this.run(text, rtl).width;
  }

  /** The glyphs of the text in drawing order. `rtl`: the text is at an odd bidi level (drawn right to left). */
  run(text: string, rtl: boolean): GlyphRun {
    if (this.isSimple(text)) {
      const chars = rtl ? [...mirror(text)].reverse() : [...text];
      const glyphs: FkGlyph[] = [];
      const advances: number[] = [];
      let width = 0;
      for (const ch of chars) {
        const g = this.simpleGlyph(ch.codePointAt(0)!);
        glyphs.push(g.glyph);
        advances.push(g.adv);
        width += g.adv;
      }
      return { glyphs, advances, offsets: glyphs.map(() => null), width };
    }
    const key = `${rtl ? 'r' : 'l'}${text}`;
    let r = this.shaped.get(key);
    if (r) return r;
    const f = FONT_FILES[this.key];
    const input = this.key === 'myanmar' ? reorderMyanmar(text) : text;
    // fontkit reverses the glyphs of an rtl run itself; mirroring is done here for the brackets it does not map.
    const laid = this.fk.layout(rtl ? mirror(input) : input, f.features ?? [], undefined, undefined, rtl ? 'rtl' : 'ltr');
    const advances: number[] = [];
    const offsets: ([number, number] | null)[] = [];
    let width = 0;
    for (const p of laid.positions) {
      const a = p.xAdvance * this.scale;
      advances.push(a);
      offsets.push(p.xOffset || p.yOffset ? [p.xOffset * this.scale, p.yOffset * this.scale] : null);
      width += a;
    }
    r = { glyphs: laid.glyphs, advances, offsets, width };
    if (this.shaped.size >= SHAPE_CACHE_LIMIT) this.shaped.clear();
    this.shaped.set(key, r);
    return r;
  }

  /** The glyph's id in the embedded subset, as 4 hex digits; registers its width and text for ToUnicode. */
  private glyphHex(g: FkGlyph): string {
    let h = this.hex.get(g.id);
    if (h === undefined) {
      const gid = this.pdf.subset.includeGlyph(g.id);
      if (this.pdf.widths[gid] == null) this.pdf.widths[gid] = g.advanceWidth * this.scale;
      if (this.pdf.unicode[gid] == null) this.pdf.unicode[gid] = g.codePoints;
      h = `0000${gid.toString(16)}`.slice(-4);
      this.hex.set(g.id, h);
    }
    return h;
  }

  /** The font's resource name and size operator. */
  fontOp(size: number): string {
    return `/${this.pdf.id} ${num(size)} Tf`;
  }

  /**
   * Text-showing operators (inside BT…ET, font already selected) drawing `text` with its left end at (x, y) in PDF
   * space (y up, baseline), and its width in points. ASCII in a simple font skips glyph-run objects altogether.
   */
  show(text: string, rtl: boolean, x: number, y: number, size: number): { ops: string; width: number } {
    if (!rtl && ASCII_RE.test(text) && !FONT_FILES[this.key].complex) {
      let hex = '';
      let w = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let h = this.asciiHex[c];
        if (h === undefined) {
          const g = this.simpleGlyph(c);
          h = this.asciiHex[c] = this.glyphHex(g.glyph);
        }
        hex += h;
        let a = this.ascii[c]!;
        if (Number.isNaN(a)) a = this.ascii[c] = this.simpleGlyph(c).adv;
        w += a;
      }
      return { ops: `1 0 0 1 ${num(x)} ${num(y)} Tm <${hex}> Tj`, width: (w * size) / 1000 };
    }
    const run = this.run(text, rtl);
    return { ops: this.showRun(run, x, y, size), width: (run.width * size) / 1000 };
  }

  /** Operators for a glyph run; glyphs with a mark offset get their own text matrix, as pdfkit places them. */
  private showRun(run: GlyphRun, x: number, y: number, size: number): string {
    const s = size / 1000;
    const ops: string[] = [`1 0 0 1 ${num(x)} ${num(y)} Tm`];
    let tj = '';
    let hexes = '';
    let cx = x;
    let moved = false;
    for (let i = 0; i < run.glyphs.length; i++) {
      const g = run.glyphs[i]!;
      const off = run.offsets[i];
      if (off) {
        if (hexes) tj += `<${hexes}>`;
        hexes = '';
        if (tj) ops.push(`[${tj}] TJ`);
        tj = '';
        ops.push(`1 0 0 1 ${num(cx + off[0] * s)} ${num(y + off[1] * s)} Tm <${this.glyphHex(g)}> Tj`);
        moved = true;
      } else {
        if (moved) {
          ops.push(`1 0 0 1 ${num(cx)} ${num(y)} Tm`);
          moved = false;
        }
        hexes += this.glyphHex(g);
        const adjust = run.advances[i]! - g.advanceWidth * this.scale;
        if (Math.abs(adjust) > 0.001) {
          tj += `<${hexes}> ${num(-adjust)} `;
          hexes = '';
        }
      }
      cx += run.advances[i]! * s;
    }
    if (hexes) tj += `<${hexes}>`;
    if (tj) ops.push(`[${tj}] TJ`);
    return ops.join('\n');
  }
}

/** A number as PDF writes it: at most 3 decimals, no exponent. */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

/** The embedded fonts of one PDF document, registered from resources/fonts. */
export class FontSet {
  private readonly handles = new Map<FontKey, FontHandle>();

  constructor(doc: PDFKit.PDFDocument, paths: Record<FontKey, string>) {
    for (const key of Object.keys(paths) as FontKey[]) {
      const face = FONT_FILES[key].face;
      if (face) doc.registerFont(key, paths[key], face);
      else doc.registerFont(key, paths[key]);
      doc.font(key);
      this.handles.set(key, new FontHandle(key, (doc as unknown as { _font: PdfkitFont })._font));
    }
  }

  get(key: FontKey): FontHandle {
    return this.handles.get(key)!;
  }
}

