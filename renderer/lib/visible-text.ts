/**
 * Seized text is shown as text, never interpreted: bidi overrides, zero-width and other invisible characters,
 * control characters and lone surrogates are turned into visible badges (U+202E becomes ⟨RLO⟩) so an examiner
 * sees exactly what the source holds and nothing can reorder or hide what is displayed around it.
 */

export type Segment = { t: 'text'; s: string } | { t: 'mark'; label: string; title: string } | { t: 'newline' };

const NAMES: Record<number, [string, string]> = {
  0x00: ['NUL', 'NULL'],
  0x09: ['TAB', 'CHARACTER TABULATION'],
  0x0d: ['CR', 'CARRIAGE RETURN'],
  0x1b: ['ESC', 'ESCAPE'],
  0x7f: ['DEL', 'DELETE'],
  0x85: ['NEL', 'NEXT LINE'],
  0xad: ['SHY', 'SOFT HYPHEN'],
  0x061c: ['ALM', 'ARABIC LETTER MARK'],
  0x180e: ['MVS', 'MONGOLIAN VOWEL SEPARATOR'],
  0x200b: ['ZWSP', 'ZERO WIDTH SPACE'],
  0x200c: ['ZWNJ', 'ZERO WIDTH NON-JOINER'],
  0x200d: ['ZWJ', 'ZERO WIDTH JOINER'],
  0x200e: ['LRM', 'LEFT-TO-RIGHT MARK'],
  0x200f: ['RLM', 'RIGHT-TO-LEFT MARK'],
  0x2028: ['LSEP', 'LINE SEPARATOR'],
  0x2029: ['PSEP', 'PARAGRAPH SEPARATOR'],
  0x202a: ['LRE', 'LEFT-TO-RIGHT EMBEDDING'],
  0x202b: ['RLE', 'RIGHT-TO-LEFT EMBEDDING'],
  0x202c: ['PDF', 'POP DIRECTIONAL FORMATTING'],
  0x202d: ['LRO', 'LEFT-TO-RIGHT OVERRIDE'],
  0x202e: ['RLO', 'RIGHT-TO-LEFT OVERRIDE'],
  0x2060: ['WJ', 'WORD JOINER'],
  0x2061: ['FA', 'FUNCTION APPLICATION'],
  0x2062: ['IT', 'INVISIBLE TIMES'],
  0x2063: ['IS', 'INVISIBLE SEPARATOR'],
  0x2064: ['IP', 'INVISIBLE PLUS'],
  0x2066: ['LRI', 'LEFT-TO-RIGHT ISOLATE'],
  0x2067: ['RLI', 'RIGHT-TO-LEFT ISOLATE'],
  0x2068: ['FSI', 'FIRST STRONG ISOLATE'],
  0x2069: ['PDI', 'POP DIRECTIONAL ISOLATE'],
  0xfeff: ['BOM', 'ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)'],
  0xfff9: ['IAA', 'INTERLINEAR ANNOTATION ANCHOR'],
  0xfffa: ['IAS', 'INTERLINEAR ANNOTATION SEPARATOR'],
  0xfffb: ['IAT', 'INTERLINEAR ANNOTATION TERMINATOR'],
};

// Everything that is invisible, display-changing or a control character, one code unit (or tag pair) at a time.
const SPECIAL =
  /\r\n|[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const PICTO = /\p{Extended_Pictographic}/u;

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/** The code point that ends just before index i, and where it starts. */
function codePointBefore(text: string, i: number): { cp: number; start: number } | null {
  if (i <= 0) return null;
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = text.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return { cp: text.codePointAt(i - 2)!, start: i - 2 };
  }
  return { cp: lo, start: i - 1 };
}

/** Whether an emoji ends just before index i (its variation selector and skin-tone modifier skipped). */
function pictoBefore(text: string, i: number): boolean {
  let at = i;
  for (;;) {
    const p = codePointBefore(text, at);
    if (!p) return false;
    if (p.cp === 0xfe0f || (p.cp >= 0x1f3fb && p.cp <= 0x1f3ff)) {
      at = p.start;
      continue;
    }
    return PICTO.test(String.fromCodePoint(p.cp));
  }
}

function pictoAt(text: string, i: number): boolean {
  const cp = text.codePointAt(i);
  return cp !== undefined && PICTO.test(String.fromCodePoint(cp));
}

/**
 * Split text into plain runs and visible marks. `newlines: 'break'` keeps line breaks as breaks (detail views);
 * `'mark'` shows them as ⏎ so one-line rows cannot hide a second line.
 */
export function visibleSegments(text: string, newlines: 'break' | 'mark' = 'break'): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  const pushText = (s: string) => {
    if (!s) return;
    const prev = out[out.length - 1];
    if (prev && prev.t === 'text') prev.s += s;
    else out.push({ t: 'text', s });
  };
  SPECIAL.lastIndex = 0;
  for (let m = SPECIAL.exec(text); m !== null; m = SPECIAL.exec(text)) {
    const ch = m[0];
    const at = m.index;
    // A joiner inside an emoji sequence (👨‍👩‍👧) is part of the picture, not a hidden character.
    if (ch === '\u200d' && pictoBefore(text, at) && pictoAt(text, at + 1)) continue;
    pushText(text.slice(last, at));
    last = at + ch.length;
    if (ch === '\n' || ch === '\r\n') {
      if (newlines === 'break') out.push({ t: 'newline' });
      else out.push({ t: 'mark', label: '⏎', title: ch === '\n' ? 'U+000A LINE FEED (a line break)' : 'U+000D U+000A CR LF (a line break)' });
      continue;
    }
    const code = ch.charCodeAt(0);
    if (ch.length === 2) {
      // A tag character (U+E0000–U+E007F): invisible text that some tools smuggle instructions in.
      const cp = ch.codePointAt(0)!;
      const inner = cp - 0xe0000;
      const shown = inner >= 0x20 && inner < 0x7f ? ` ${String.fromCharCode(inner)}` : '';
      out.push({ t: 'mark', label: `TAG${shown}`, title: `U+${hex(cp)} TAG CHARACTER (invisible; shown, not applied)` });
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      out.push({ t: 'mark', label: `lone ${hex(code)}`, title: `U+${hex(code)} lone surrogate: not a character (damaged or hostile text, kept as found)` });
      continue;
    }
    const named = NAMES[code];
    const label = named ? named[0] : `U+${hex(code)}`;
    const name = named ? named[1] : code < 0x20 || (code >= 0x7f && code <= 0x9f) ? 'CONTROL CHARACTER' : 'INVISIBLE CHARACTER';
    out.push({ t: 'mark', label, title: `U+${hex(code)} ${name} (shown, not applied)` });
  }
  pushText(text.slice(last));
  return out;
}

/** Whether text holds anything visibleSegments would badge (for a "contains hidden characters" flag). */
export function hasHiddenCharacters(text: string): boolean {
  return visibleSegments(text, 'mark').some((s) => s.t === 'mark' && s.label !== '⏎');
}
