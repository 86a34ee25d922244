/**
 * Text layout for the PDF: inline content → pieces (one font, one bidi level, one style each) → wrapped lines →
 * PDF operators. Font fallback is per grapheme cluster (pdfkit has none): the script's font when the cluster is in
 * Thai, Burmese, Khmer, Arabic, Hebrew or CJK, else the style's font, else the first embedded font that has every
 * character, else the character's code point as a mark. Lines break at spaces and, in scripts written without
 * spaces, at the dictionary word boundaries ICU finds (Intl.Segmenter); right-to-left text is ordered by bidi.ts.
 */
import type { Content, Inline } from '../document';
import { cutText, PDF_TEXT_LIMIT } from '../limits';
import { markFor, visibleParts } from '../visible-text';
import { bidiClass, hasRtl, paragraphLevel, resolveLevels, visualOrder, type BidiClass } from './bidi';
import { FONT_FILES, type FontKey } from './fonts';
import { num, type FontSet } from './glyphs';

export type Rgb = readonly [number, number, number];

export const COLORS = {
  text: [0.07, 0.07, 0.09] as Rgb,
  muted: [0.4, 0.4, 0.43] as Rgb,
  good: [0.09, 0.38, 0.16] as Rgb,
  bad: [0.64, 0.07, 0.1] as Rgb,
  mark: [0.64, 0.07, 0.1] as Rgb,
  markBg: [0.99, 0.92, 0.92] as Rgb,
};

export interface Piece {
  text: string;
  font: FontKey;
  size: number;
  color: Rgb;
  level: number;
  /** Width in points. */
  width: number;
  /** Whitespace only: dropped at the end and start of a wrapped line. */
  space: boolean;
  mark: boolean;
}

/** A token: pieces that stay together unless the token alone is wider than a line. */
interface Unit {
  pieces: Piece[];
  width: number;
  space: boolean;
  /** A line may break before this unit. */
  breakBefore: boolean;
  /** A hard line break (before this unit's pieces, which are empty). */
  newline: boolean;
  /**
   * A word in a script written without spaces, not yet cut into dictionary words: it is segmented only if it
   * does not fit on its line (Intl.Segmenter is slow, and most such words fit).
   */
  lazy?: { text: string; primary: FontKey; size: number; color: Rgb };
}

export interface Line {
  pieces: Piece[];
  width: number;
  ascent: number;
  descent: number;
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: Rgb;
}

/** Scripts written without spaces between words: lines may break between any two words the segmenter finds. */
const NO_SPACE_SCRIPT = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u19E0-\u19FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uAC00-\uD7AF]/;
const ASCII_PRINTABLE = /^[\x20-\x7E]*$/;
/** Characters after which an over-long word may be cut. */
const SOFT_BREAK = /^[/:\-_.,;?&=|\\]$/;

function scriptFont(cp: number): FontKey | null {
  if (cp < 0x0590) return null;
  if (cp <= 0x05ff || (cp >= 0xfb1d && cp <= 0xfb4f)) return 'hebrew';
  if (cp <= 0x08ff || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefe)) return 'arabic';
  if (cp >= 0x0e00 && cp <= 0x0e7f) return 'thai';
  if ((cp >= 0x1000 && cp <= 0x109f) || (cp >= 0xa9e0 && cp <= 0xa9ff) || (cp >= 0xaa60 && cp <= 0xaa7f)) return 'myanmar';
  if ((cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x19e0 && cp <= 0x19ff)) return 'khmer';
  if (
    (cp >= 0x2e80 && cp <= 0x2fdf) || (cp >= 0x3000 && cp <= 0x9fff) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x20000 && cp <= 0x3134f)
  ) {
    return 'cjk';
  }
  if (cp >= 0x1f000 && cp <= 0x1faff) return 'symbols';
  return null;
}

const FALLBACK: readonly FontKey[] = ['sans', 'cjk', 'symbols', 'mono', 'arabic', 'hebrew', 'thai', 'myanmar', 'khmer'];
/** Joiners and selectors inside a cluster need no glyph of their own (the shaper hides them). */
const IGNORABLE = (cp: number) => cp === 0x200d || cp === 0x200c || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
const NEUTRAL_RE = /^[\s\p{P}\p{S}\p{N}]+$/u;
const CACHE_LIMIT = 50_000;
/**
 * Grapheme clusters, closely enough for choosing fonts and cutting lines: a base with its combining marks, emoji
 * modifiers and selectors, Khmer/Burmese stacked consonants, ZWJ-joined sequences and flag pairs.
 * (Intl.Segmenter does this exactly but costs ~100 µs a string, which a 100,000-event report cannot spend.)
 */
const CLUSTER_RE = /(?:\p{Regional_Indicator}\p{Regional_Indicator}|[^\p{M}\u200D\uFE0F\u{1F3FB}-\u{1F3FF}])(?:[\u17D2\u1039][^\s\p{M}]|[\p{M}\uFE0F\u{1F3FB}-\u{1F3FF}]|\u200D[^\p{M}\u200D])*|[\s\S]/gu;
export function clustersOf(text: string): string[] {
  return text.match(CLUSTER_RE) ?? [];
}
/** Text whose clusters can span several code units (marks, joiners, astral characters such as emoji). */
const MULTI_UNIT_RE = /[\p{M}\u200C\u200D\uFE00-\uFE0F]|[\u{10000}-\u{10FFFF}]|[\uD800-\uDFFF]/u;

/** A flag: two regional-indicator letters (🇹🇭 = T H). */
const FLAG_RE = /^\p{Regional_Indicator}\p{Regional_Indicator}$/u;
const RI_A = 0x1f1e6;

/**
 * What to print for text no embedded font has: a flag as `⟨flag TH⟩` (its ISO letters), anything else as its code
 * point, each marked, never an empty box.
 */
export function fallbackMarks(text: string): string[] {
  const out: string[] = [];
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  for (let i = 0; i < cps.length; i++) {
    const a = cps[i]!;
    const b = cps[i + 1];
    if (a >= RI_A && a <= RI_A + 25 && b !== undefined && b >= RI_A && b <= RI_A + 25) {
      out.push(`⟨flag ${String.fromCharCode(65 + a - RI_A, 65 + b - RI_A)}⟩`);
      i++;
    } else out.push(markFor(a));
  }
  return out;
}

export class TextLayout {
  private readonly words = new Intl.Segmenter('und', { granularity: 'word' });
  private readonly fontCache = new Map<string, FontKey | null>();
  /** Tokens laid out at level 0, by style and text: a report repeats the same words thousands of times. */
  private readonly tokenCache = new Map<string, { pieces: { text: string; font: FontKey; width: number; mark: boolean }[]; lastFont: FontKey | null }>();

  constructor(readonly fonts: FontSet) {}

  private coversAll(font: FontKey, cps: number[]): boolean {
    const h = this.fonts.get(font);
    for (const cp of cps) if (!IGNORABLE(cp) && !h.covers(cp)) return false;
    return true;
  }

  /** The font for one grapheme cluster, or null when no embedded font has it (memoised: clusters repeat). */
  private fontFor(cluster: string, primary: FontKey, prev: FontKey | null): FontKey | null {
    const key = `${primary}\u0001${prev ?? ''}\u0001${cluster}`;
    const hit = this.fontCache.get(key);
    if (hit !== undefined) return hit;
    const f = this.chooseFont(cluster, primary, prev);
    if (this.fontCache.size >= CACHE_LIMIT) this.fontCache.clear();
    this.fontCache.set(key, f);
    return f;
  }

  private chooseFont(cluster: string, primary: FontKey, prev: FontKey | null): FontKey | null {
    // No embedded font composes a flag; its two letters in boxes would misread, so it is printed as a mark.
    if (FLAG_RE.test(cluster)) return null;
    const cps = Array.from(cluster, (c) => c.codePointAt(0)!);
    const base = cps[0]!;
    const byScript = scriptFont(base);
    if (byScript && this.coversAll(byScript, cps)) return byScript;
    // Spaces, punctuation and digits stay in the font of the text around them (one shaped run for "مرحبا بالعالم").
    if (prev && prev !== primary && NEUTRAL_RE.test(cluster) && this.coversAll(prev, cps)) return prev;
    if (this.coversAll(primary, cps)) return primary;
    for (const f of FALLBACK) if (this.coversAll(f, cps)) return f;
    return null;
  }

  /** The clusters of a token with their fonts, merged into runs of one font. */
  private fontRuns(token: string, primary: FontKey, prevFont: FontKey | null): { text: string; font: FontKey | null; start: number }[] {
    const runs: { text: string; font: FontKey | null; start: number }[] = [];
    let prev = prevFont;
    let offset = 0;
    const clusters = MULTI_UNIT_RE.test(token) ? clustersOf(token) : token.split('');
    for (const c of clusters) {
      const f = this.fontFor(c, primary, prev);
      const last = runs[runs.length - 1];
      if (last && last.font === f && f !== null) last.text += c;
      else runs.push({ text: c, font: f, start: offset });
      if (f !== null) prev = f;
      offset += c.length;
    }
    return runs;
  }

  private piece(text: string, font: FontKey, size: number, color: Rgb, level: number, mark: boolean): Piece {
    const width = (this.fonts.get(font).measure(text, level % 2 === 1) * size) / 1000;
    return { text, font, size, color, level, width, space: !mark && /^\s+$/.test(text), mark };
  }

  /** Units of one inline, in logical order. */
  private units(i: Inline, style: TextStyle, out: Unit[]): void {
    const size = style.size;
    const primary: FontKey = i.mono ? 'mono' : i.bold || style.bold ? 'bold' : 'sans';
    const color = i.tone === 'bad' ? COLORS.bad : i.tone === 'good' ? COLORS.good : i.muted ? COLORS.muted : (style.color ?? COLORS.text);
    const text = i.seized ? cutText(i.text, PDF_TEXT_LIMIT, 'at the cited source') : i.text;
    const parts = i.seized ? visibleParts(text) : text ? [{ text, mark: false }] : [];
    if (parts.length === 1 && !parts[0]!.mark && !parts[0]!.text.includes('\n')) {
      // The common case: one run of text without marks or line breaks.
      this.paragraph(parts[0]!.text, null, primary, size, color, out);
      return;
    }
    // One string with a flag per code unit telling marks apart, for bidi over the whole inline.
    const full = parts.map((p) => p.text).join('');
    const markAt = new Uint8Array(full.length);
    let pos = 0;
    for (const p of parts) {
      if (p.mark) markAt.fill(1, pos, pos + p.text.length);
      pos += p.text.length;
    }
    let start = 0;
    while (start <= full.length) {
      let nl = full.indexOf('\n', start);
      while (nl !== -1 && markAt[nl]) nl = full.indexOf('\n', nl + 1);
      const end = nl === -1 ? full.length : nl;
      this.paragraph(full.slice(start, end), markAt.subarray(start, end), primary, size, color, out);
      if (nl === -1) break;
      out.push({ pieces: [], width: 0, space: false, breakBefore: true, newline: true });
      start = nl + 1;
    }
  }

  private levels(text: string, markAt: Uint8Array | null): Uint8Array | null {
    if (!hasRtl(text)) return null;
    const classes: BidiClass[] = [];
    const unitIndex: number[] = [];
    for (let k = 0; k < text.length; ) {
      const cp = text.codePointAt(k)!;
      classes.push(markAt?.[k] ? 'L' : bidiClass(cp));
      unitIndex.push(k);
      k += cp > 0xffff ? 2 : 1;
    }
    const lv = resolveLevels(classes, paragraphLevel(classes));
    const out = new Uint8Array(text.length);
    for (let c = 0; c < unitIndex.length; c++) {
      const k = unitIndex[c]!;
      out[k] = lv[c]!;
      if (k + 1 < text.length && (c + 1 === unitIndex.length || unitIndex[c + 1] !== k + 1)) out[k + 1] = lv[c]!;
    }
    return out;
  }

  /** Units of one paragraph (no line breaks inside); `markAt` flags the code units of marks, null when none. */
  private paragraph(text: string, markAt: Uint8Array | null, primary: FontKey, size: number, color: Rgb, out: Unit[], segment = false): void {
    if (!text) return;
    const noMarks = markAt === null || !markAt.includes(1);
    // Fast path: printable ASCII in one font at level 0 (times, hashes, citations, the report's own words).
    if (noMarks && ASCII_PRINTABLE.test(text)) {
      const h = this.fonts.get(primary);
      let prevSpace = out.length === 0 || out[out.length - 1]!.space || out[out.length - 1]!.newline;
      let k = 0;
      while (k < text.length) {
        const space = text.charCodeAt(k) === 32;
        let e = k + 1;
        while (e < text.length && (text.charCodeAt(e) === 32) === space) e++;
        const tok = text.slice(k, e);
        const width = (h.measure(tok, false) * size) / 1000;
        out.push({ pieces: [{ text: tok, font: primary, size, color, level: 0, width, space, mark: false }], width, space, breakBefore: !space && prevSpace, newline: false });
        prevSpace = space;
        k = e;
      }
      return;
    }
    const levels = this.levels(text, markAt);
    const tokens: { text: string; start: number; wordLike: boolean; mark: boolean }[] = [];
    let k = 0;
    while (k < text.length) {
      if (markAt?.[k]) {
        let e = k;
        while (e < text.length && markAt[e] && (e === k || text[e] !== '⟨')) e++;
        tokens.push({ text: text.slice(k, e), start: k, wordLike: true, mark: true });
        k = e;
        continue;
      }
      let e = k;
      while (e < text.length && !markAt?.[e]) e++;
      const chunk = text.slice(k, e);
      if ((segment || levels !== null) && NO_SPACE_SCRIPT.test(chunk)) {
        // Dictionary word boundaries (ICU) for Thai, Burmese, Khmer, Lao and CJK; the segmenter is slow, so only here.
        for (const sg of this.words.segment(chunk)) tokens.push({ text: sg.segment, start: k + sg.index, wordLike: sg.isWordLike === true, mark: false });
      } else {
        for (const mt of chunk.matchAll(/\s+|\S+/g)) tokens.push({ text: mt[0], start: k + mt.index, wordLike: true, mark: false });
      }
      k = e;
    }
    let prevFont: FontKey | null = null;
    let prev: (typeof tokens)[number] | null = null;
    for (const tok of tokens) {
      const space = !tok.mark && /^\s+$/.test(tok.text);
      const afterSpace = prev === null ? out.length === 0 || out[out.length - 1]!.space || out[out.length - 1]!.newline : /\s$/.test(prev.text) && !prev.mark;
      const noSpaceScript = prev !== null && (NO_SPACE_SCRIPT.test(tok.text) || NO_SPACE_SCRIPT.test(prev.text));
      const breakBefore = !space && (afterSpace || tok.mark || prev?.mark === true || (noSpaceScript && (tok.wordLike || !/^[\p{P}]/u.test(tok.text))));
      const pieces: Piece[] = [];
      if (tok.mark) {
        pieces.push(this.piece(tok.text, 'mono', size * 0.92, COLORS.mark, levels ? levels[tok.start]! : 0, true));
      } else if (levels === null) {
        const t = this.cachedToken(tok.text, primary, size, prevFont);
        for (const p of t.pieces) pieces.push({ text: p.text, font: p.font, size: p.mark ? size * 0.92 : size, color: p.mark ? COLORS.mark : color, level: 0, width: p.width, space, mark: p.mark });
        prevFont = t.lastFont;
      } else {
        for (const r of this.fontRuns(tok.text, primary, prevFont)) {
          if (r.font === null) {
            // No embedded font has this character: print its code point rather than an empty box.
            for (const mark of fallbackMarks(r.text)) pieces.push(this.piece(mark, 'mono', size * 0.92, COLORS.mark, levels ? levels[tok.start + r.start]! : 0, true));
            continue;
          }
          prevFont = r.font;
          // Split further where the bidi level changes inside the run.
          let s0 = 0;
          for (let j = 1; j <= r.text.length; j++) {
            const a = tok.start + r.start;
            if (j === r.text.length || (levels && levels[a + j] !== levels[a + s0] && !(r.text.charCodeAt(j) >= 0xdc00 && r.text.charCodeAt(j) <= 0xdfff))) {
              pieces.push(this.piece(r.text.slice(s0, j), r.font, size, color, levels ? levels[a + s0]! : 0, false));
              s0 = j;
            }
          }
        }
      }
      const unit: Unit = { pieces, width: pieces.reduce((n, p) => n + p.width, 0), space, breakBefore, newline: false };
      if (!segment && levels === null && !tok.mark && !space && NO_SPACE_SCRIPT.test(tok.text)) unit.lazy = { text: tok.text, primary, size, color };
      out.push(unit);
      prev = tok;
    }
  }

  /** A token at level 0 laid out in fonts (with its fallbacks and code-point marks), memoised by style and text. */
  private cachedToken(text: string, primary: FontKey, size: number, prevFont: FontKey | null): { pieces: { text: string; font: FontKey; width: number; mark: boolean }[]; lastFont: FontKey | null } {
    const key = `${primary}\u0001${size}\u0001${prevFont ?? ''}\u0001${text}`;
    let hit = this.tokenCache.get(key);
    if (hit) return hit;
    const pieces: { text: string; font: FontKey; width: number; mark: boolean }[] = [];
    let lastFont = prevFont;
    for (const r of this.fontRuns(text, primary, prevFont)) {
      if (r.font === null) {
        for (const mark of fallbackMarks(r.text)) {
          pieces.push({ text: mark, font: 'mono', width: (this.fonts.get('mono').measure(mark, false) * size * 0.92) / 1000, mark: true });
        }
        continue;
      }
      lastFont = r.font;
      pieces.push({ text: r.text, font: r.font, width: (this.fonts.get(r.font).measure(r.text, false) * size) / 1000, mark: false });
    }
    hit = { pieces, lastFont };
    if (this.tokenCache.size >= CACHE_LIMIT) this.tokenCache.clear();
    this.tokenCache.set(key, hit);
    return hit;
  }

  /**
   * Split a unit wider than `max` into units that fit (the first in `first`): after the last / : - _ . , ; that
   * fits (so a file name or path breaks where a reader expects), else at a grapheme boundary.
   */
  private splitUnit(u: Unit, first: number, max: number): Unit[] {
    const out: Unit[] = [];
    let cur: Piece[] = [];
    let w = 0;
    let limit = first;
    const push = () => {
      out.push({ pieces: cur, width: w, space: false, breakBefore: true, newline: false });
      cur = [];
      w = 0;
      limit = max;
    };
    for (const p of u.pieces) {
      const clusters = ASCII_PRINTABLE.test(p.text) ? p.text.split('') : clustersOf(p.text);
      let buf: { c: string; w: number }[] = [];
      let bufW = 0;
      const emit = (k: number) => {
        const text = buf.slice(0, k).map((b) => b.c).join('');
        if (text) {
          const piece = this.piece(text, p.font, p.size, p.color, p.level, p.mark);
          cur.push(piece);
          w += piece.width;
        }
        buf = buf.slice(k);
        bufW = buf.reduce((n, b) => n + b.w, 0);
      };
      for (const c of clusters) {
        // Per-cluster widths: re-measuring the growing string would be quadratic on a long base64 blob.
        const cw = this.piece(c, p.font, p.size, p.color, p.level, p.mark).width;
        if (w + bufW + cw > limit && (buf.length || cur.length)) {
          // Cut after the last separator (a run of them stays together), else everything that fits.
          let k = buf.length;
          for (let j = buf.length; j >= 1; j--) {
            if (SOFT_BREAK.test(buf[j - 1]!.c) && (j === buf.length || !SOFT_BREAK.test(buf[j]!.c))) {
              k = j;
              break;
            }
          }
          emit(k);
          push();
        }
        buf.push({ c, w: cw });
        bufW += cw;
      }
      emit(buf.length);
    }
    if (cur.length) push();
    return out;
  }

  /** Lay content out in lines no wider than `width` points. */
  lines(content: Content, width: number, style: TextStyle): Line[] {
    const units: Unit[] = [];
    for (const i of content) this.units(i, style, units);
    const lines: Line[] = [];
    let cur: Unit[] = [];
    let curW = 0;
    const finish = () => {
      while (cur.length && cur[cur.length - 1]!.space) cur.pop();
      lines.push(this.line(cur.flatMap((u) => u.pieces), style.size));
      cur = [];
      curW = 0;
    };
    for (let idx = 0; idx < units.length; idx++) {
      const u = units[idx]!;
      if (u.newline) {
        finish();
        continue;
      }
      if (cur.length === 0 && u.space && lines.length > 0 && idx > 0 && !units[idx - 1]!.newline) continue;
      if (curW + u.width <= width || u.space) {
        cur.push(u);
        curW += u.width;
        continue;
      }
      if (u.lazy) {
        // Cut it into dictionary words now that it matters, and fit those instead.
        const sub: Unit[] = [];
        this.paragraph(u.lazy.text, null, u.lazy.primary, u.lazy.size, u.lazy.color, sub, true);
        if (sub.length > 1) {
          sub[0]!.breakBefore = u.breakBefore;
          units.splice(idx, 1, ...sub);
          idx--;
          continue;
        }
      }
      // It does not fit: break at the last opportunity in this line (this unit, or an earlier one it sticks to).
      let at = cur.length;
      if (!u.breakBefore) {
        at = -1;
        for (let j = cur.length - 1; j > 0; j--) {
          if (cur[j]!.breakBefore) {
            at = j;
            break;
          }
        }
      }
      if (at > 0) {
        const carry = at < cur.length ? cur.splice(at) : [];
        finish();
        for (const c of carry) {
          cur.push(c);
          curW += c.width;
        }
        while (cur.length && cur[0]!.space) curW -= cur.shift()!.width;
      }
      if (curW + u.width <= width) {
        cur.push(u);
        curW += u.width;
        continue;
      }
      // Still too wide (a long hash, URL or a run of Thai without boundaries): cut it at clusters.
      const parts = this.splitUnit(u, Math.max(width - curW, 0), width);
      parts.forEach((p, k) => {
        if (k > 0 || (curW > 0 && p.width > width - curW)) finish();
        cur.push(p);
        curW += p.width;
      });
    }
    if (cur.length || lines.length === 0) finish();
    return lines;
  }

  private line(pieces: Piece[], size: number): Line {
    let ascent = FONT_FILES.sans.ascent * size;
    let descent = FONT_FILES.sans.descent * size;
    let width = 0;
    for (const p of pieces) {
      ascent = Math.max(ascent, FONT_FILES[p.font].ascent * p.size);
      descent = Math.max(descent, FONT_FILES[p.font].descent * p.size);
      width += p.width;
    }
    return { pieces, width, ascent, descent };
  }

  /** Total height of lines with the given gap after each. */
  static height(lines: readonly Line[], gap: number): number {
    let h = 0;
    for (const l of lines) h += l.ascent + l.descent + gap;
    return h;
  }

  /**
   * PDF operators drawing one line with its top at `top` (layout space: y down from the page top) starting at `x`.
   * Pieces are merged into runs of one font/level/style, put in visual order (UAX #9 L2) and drawn in one text object.
   */
  drawLine(line: Line, x: number, top: number, pageHeight: number): string {
    const runs: { text: string; font: FontKey; size: number; color: Rgb; level: number; mark: boolean }[] = [];
    let rtl = false;
    for (const p of line.pieces) {
      const last = runs[runs.length - 1];
      if (p.level !== 0) rtl = true;
      if (last && !p.mark && !last.mark && last.font === p.font && last.level === p.level && last.size === p.size && last.color === p.color) last.text += p.text;
      else runs.push({ text: p.text, font: p.font, size: p.size, color: p.color, level: p.level, mark: p.mark });
    }
    const order = rtl ? visualOrder(runs.map((r) => r.level)) : null;
    const baseline = pageHeight - (top + line.ascent);
    const text: string[] = ['BT'];
    let background = '';
    let cx = x;
    let color: Rgb | null = null;
    let font = '';
    for (let i = 0; i < runs.length; i++) {
      const r = runs[order ? order[i]! : i]!;
      const h = this.fonts.get(r.font);
      if (color !== r.color) {
        text.push(`${rgb(r.color)} rg`);
        color = r.color;
      }
      const f = h.fontOp(r.size);
      if (f !== font) {
        text.push(f);
        font = f;
      }
      const shown = h.show(r.text, r.level % 2 === 1, cx, baseline, r.size);
      text.push(shown.ops);
      // Marks (⟨RLO⟩, ⟨U+…⟩) sit on a tinted box so they cannot pass for text the evidence contains.
      if (r.mark) background += `${rgb(COLORS.markBg)} rg ${num(cx - 0.5)} ${num(baseline - r.size * 0.25)} ${num(shown.width + 1)} ${num(r.size * 1.05)} re f\n`;
      cx += shown.width;
    }
    text.push('ET');
    return background + text.join('\n');
  }

  /** Fonts a line uses (each must be in the page's resources). */
  static fontsOf(line: Line): FontKey[] {
    return [...new Set(line.pieces.map((p) => p.font))];
  }
}

export function rgb(c: Rgb): string {
  return `${num(c[0])} ${num(c[1])} ${num(c[2])}`;
}
