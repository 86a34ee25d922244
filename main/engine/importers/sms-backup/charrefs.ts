/**
 * Repairs characters that XML 1.0 forbids but SMS backups contain, before the strict parser sees them:
 *  - UTF-16 surrogate references for emoji (`&#55357;&#56832;`, older SMS Backup & Restore, Signal, Silence):
 *    a pair becomes one reference to the real code point; a lone one becomes U+FFFD;
 *  - references to control characters (`&#0;`, `&#27;`) and to U+FFFE/U+FFFF or beyond U+10FFFF;
 *  - the same characters written literally.
 * Every replacement has exactly the length of what it replaces (zero-padded references, one character for
 * one character), so parser positions still match the source text. Each stand-in is logged as a mark: the
 * importer maps the stand-ins in an attribute value back to the characters really written and shows the
 * original reference in raw. Stand-ins are `&#9;` (tab) for control-character references — tabs written
 * literally in an attribute are turned into spaces by XML, so every tab in a value comes from a reference
 * and is logged — and U+FFFD for everything else (real U+FFFD characters are logged too).
 */

/** One stand-in character in the stream. */
export interface CharMark {
  pos: number;
  /** Which character stands in the parsed value. */
  kind: 'fffd' | 'tab';
  /** What was written (a reference, or the literal character), or null when the character is genuine. */
  orig: string | null;
  /** The character the value should hold (the real control character; U+FFFD for a lone surrogate). */
  restore?: string;
  /** The record flag a repaired character earns. */
  flag?: 'lone-surrogate-ref' | 'control-char' | 'invalid-char-ref';
}

// Only references that may need a repair or a mark (checked numerically after matching): control characters
// and tab, surrogates, U+FFFD-U+FFFF, and anything with 6+ hex / 7+ decimal digits. `&#10;` and `&#13;`,
// the common ones, do not match, so most chunks pass through untouched.
const REF = /&#(?:[xX]0*([0-9a-fA-F]|1[0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[d-fD-F]|[0-9a-fA-F]{6,})|0*([0-8]|9|1[124-9]|2\d|3[01]|5[5-7]\d{3}|6553[3-5]|\d{7,}));/g;
// eslint-disable-next-line no-control-regex
const BAD_LITERAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const TAIL = 64;

function padRef(cp: number, width: number): string {
  return `&#${String(cp).padStart(width - 3, '0')};`;
}

function isBadControl(c: number): boolean {
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
}

export class CharRepair {
  pairs = 0;
  lone = 0;
  controls = 0;
  /** Marks in stream order, consumed by the importer. */
  readonly marks: CharMark[] = [];
  markHead = 0;
  /** Positions of combined surrogate pairs (for flagging the records they are in). */
  readonly pairAt: number[] = [];
  pairHead = 0;
  private carry = '';
  private pos = 0;

  write(text: string, final = false): string {
    let s = this.carry + text;
    this.carry = '';
    let cut = s.length;
    if (!final) {
      // A reference (or a surrogate pair of them) may straddle the chunk end: hold back from the first `&`
      // in the last TAIL characters, and from a reference that ends right there.
      const amp = s.indexOf('&', Math.max(0, s.length - TAIL));
      if (amp !== -1) {
        cut = amp;
        const before = /&#[xX]?[0-9a-fA-F]{1,16};$/.exec(s.slice(Math.max(0, amp - 24), amp));
        if (before) cut = amp - before[0].length;
      }
    }
    if (cut < s.length) {
      this.carry = s.slice(cut);
      s = s.slice(0, cut);
    }
    const base = this.pos;
    this.pos += s.length;
    REF.lastIndex = 0;
    BAD_LITERAL.lastIndex = 0;
    if (!REF.test(s) && s.indexOf('\uFFFD') === -1 && !BAD_LITERAL.test(s)) return s;
    return this.repair(s, base);
  }

  end(): string {
    return this.write('', true);
  }

  private repair(s0: string, base: number): string {
    const found: CharMark[] = [];
    // literal characters first (one for one), then references on the result
    let s = s0;
    BAD_LITERAL.lastIndex = 0;
    if (BAD_LITERAL.test(s)) {
      s = s.replace(BAD_LITERAL, (ch, at: number) => {
        found.push({ pos: base + at, kind: 'fffd', orig: ch, restore: ch, flag: 'control-char' });
        this.controls++;
        return '\uFFFD';
      });
    }
    for (let i = s0.indexOf('\uFFFD'); i !== -1; i = s0.indexOf('\uFFFD', i + 1)) found.push({ pos: base + i, kind: 'fffd', orig: null });
    const out: string[] = [];
    let from = 0;
    let high: { index: number; text: string; code: number } | undefined;
    const replace = (index: number, text: string, rep: string, mark: CharMark) => {
      out.push(s.slice(from, index), rep);
      from = index + text.length;
      found.push(mark);
    };
    const lone = (h: { index: number; text: string }) => {
      replace(h.index, h.text, padRef(0xfffd, h.text.length), { pos: base + h.index, kind: 'fffd', orig: h.text, restore: '\uFFFD', flag: 'lone-surrogate-ref' });
      this.lone++;
    };
    REF.lastIndex = 0;
    for (let m = REF.exec(s); m; m = REF.exec(s)) {
      const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
      const isHigh = code >= 0xd800 && code <= 0xdbff;
      const isLow = code >= 0xdc00 && code <= 0xdfff;
      if (high && !(isLow && high.index + high.text.length === m.index)) {
        lone(high);
        high = undefined;
      }
      if (isHigh) {
        high = { index: m.index, text: m[0], code };
      } else if (isLow) {
        if (high) {
          const cp = 0x10000 + (high.code - 0xd800) * 0x400 + (code - 0xdc00);
          out.push(s.slice(from, high.index), padRef(cp, high.text.length + m[0].length));
          from = m.index + m[0].length;
          this.pairs++;
          this.pairAt.push(base + high.index);
          high = undefined;
        } else lone({ index: m.index, text: m[0] });
      } else if (code === 0x09) {
        found.push({ pos: base + m.index, kind: 'tab', orig: null });
      } else if (code === 0xfffd) {
        found.push({ pos: base + m.index, kind: 'fffd', orig: null });
      } else if (isBadControl(code)) {
        replace(m.index, m[0], padRef(9, m[0].length), { pos: base + m.index, kind: 'tab', orig: m[0], restore: String.fromCharCode(code), flag: 'control-char' });
        this.controls++;
      } else if (code === 0xfffe || code === 0xffff || code > 0x10ffff) {
        // A reference to a non-character or beyond Unicode: at least 8 characters long, so `&#65533;` fits.
        const restore = code > 0x10ffff ? '\uFFFD' : String.fromCharCode(code);
        replace(m.index, m[0], padRef(0xfffd, m[0].length), { pos: base + m.index, kind: 'fffd', orig: m[0], restore, flag: code > 0x10ffff ? 'invalid-char-ref' : 'control-char' });
        this.controls++;
      }
    }
    if (high) lone(high);
    if (out.length === 0 && found.length === 0) return s;
    out.push(s.slice(from));
    found.sort((x, y) => x.pos - y.pos);
    for (const f of found) this.marks.push(f);
    return out.join('');
  }
}
