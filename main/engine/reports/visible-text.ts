/**
 * Seized text made safe to show in a report: direction-changing, invisible and control characters become visible
 * marks such as ⟨RLO⟩ instead of being applied or silently dropped. Every format uses the same marks, so a reader
 * of the PDF, the HTML, the XLSX and the CSV sees the same thing; the exact text stays in the case file.
 */

/** Names for the characters people should recognise; anything else is written ⟨U+XXXX⟩. */
const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'TAB',
  0x0d: 'CR',
  0x1b: 'ESC',
  0x7f: 'DEL',
  0x85: 'NEL',
  0xad: 'SHY',
  0x034f: 'CGJ',
  0x061c: 'ALM',
  0x115f: 'HF',
  0x1160: 'HJF',
  0x180e: 'MVS',
  0x200b: 'ZWSP',
  0x200c: 'ZWNJ',
  0x200d: 'ZWJ',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x2028: 'LSEP',
  0x2029: 'PSEP',
  0x202a: 'LRE',
  0x202b: 'RLE',
  0x202c: 'PDF',
  0x202d: 'LRO',
  0x202e: 'RLO',
  0x2060: 'WJ',
  0x2066: 'LRI',
  0x2067: 'RLI',
  0x2068: 'FSI',
  0x2069: 'PDI',
  0x3164: 'HF',
  0xfeff: 'BOM',
  0xffa0: 'HWHF',
};

/**
 * Characters made visible: C0/C1 controls (except line feed), DEL, soft hyphen, invisible joiners and spaces, bidi
 * embeddings/overrides/isolates/marks, line/paragraph separators, Hangul fillers (used to fake blank names),
 * invisible operators, interlinear annotation, tag characters, noncharacters, and lone surrogates.
 */
const SPECIAL =
  /\r\n?|[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\uFFFE\uFFFF]|\uDB40[\uDC00-\uDC7F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_SPECIAL = new RegExp(SPECIAL.source);
const PICTOGRAPH = /\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}\uFE0F]/u;

export interface TextPart {
  text: string;
  /** True for a mark standing for a character that is not shown as itself. */
  mark: boolean;
}

function markName(cp: number): string {
  return NAMES[cp] ?? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The mark for one code point, e.g. `⟨RLO⟩`, `⟨U+E0067⟩`. */
export function markFor(cp: number): string {
  return `⟨${markName(cp)}⟩`;
}

/** A ZWJ between two pictographs joins an emoji sequence (👨‍👩‍👧): it is part of the picture, not hidden text. */
function emojiJoiner(s: string, index: number): boolean {
  const before = s.slice(Math.max(0, index - 2), index);
  const after = s.slice(index + 1, index + 3);
  return PICTOGRAPH.test(before) && PICTOGRAPH.test(after);
}

/** The text split into plain parts and marks; CRLF and CR+LF become a line feed (a line break is shown as one). */
export function visibleParts(s: string): TextPart[] {
  if (!HAS_SPECIAL.test(s)) return s.length ? [{ text: s, mark: false }] : [];
  const out: TextPart[] = [];
  let plain = '';
  let last = 0;
  SPECIAL.lastIndex = 0;
  for (let m = SPECIAL.exec(s); m !== null; m = SPECIAL.exec(s)) {
    const hit = m[0];
    plain += s.slice(last, m.index);
    last = m.index + hit.length;
    if (hit === '\r\n') {
      plain += '\n';
      continue;
    }
    if (hit === '\r') {
      // A lone CR is kept visible: some exports use it inside a message, and it matters for CSV safety.
      if (plain) out.push({ text: plain, mark: false });
      plain = '';
      out.push({ text: markFor(0x0d), mark: true });
      continue;
    }
    const cp = hit.codePointAt(0)!;
    if (cp === 0x200d && emojiJoiner(s, m.index)) {
      plain += hit;
      continue;
    }
    if (plain) out.push({ text: plain, mark: false });
    plain = '';
    out.push({ text: markFor(cp), mark: true });
  }
  plain += s.slice(last);
  if (plain) out.push({ text: plain, mark: false });
  return out;
}

/** The text with its marks, as one string (for XLSX and CSV cells). */
export function visibleText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  if (!HAS_SPECIAL.test(s)) return s;
  return visibleParts(s)
    .map((p) => p.text)
    .join('');
}

/** True when the text holds anything visibleText would mark or change. */
export function hasHiddenCharacters(s: string): boolean {
  return HAS_SPECIAL.test(s);
}
