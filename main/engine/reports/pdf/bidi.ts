/**
 * The Unicode bidirectional algorithm (UAX #9) for one paragraph without explicit embeddings: resolving weak and
 * neutral types and implicit levels (rules P2–P3, W1–W7, N1–N2, I1–I2), and reordering a line's runs by level
 * (L2). pdfkit lays text out left to right only; this is what puts Arabic and Hebrew in reading order. Explicit
 * embeddings and overrides never reach here: the report shows those characters as marks (⟨RLO⟩) instead.
 */

export type BidiClass = 'L' | 'R' | 'AL' | 'EN' | 'ES' | 'ET' | 'AN' | 'CS' | 'NSM' | 'BN' | 'B' | 'S' | 'WS' | 'ON';

const NSM_RE = /[\p{Mn}\p{Me}]/u;
const LETTERISH_RE = /[\p{L}\p{Mc}\p{N}]/u;

function inRanges(cp: number, ranges: readonly number[]): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (cp >= ranges[i]! && cp <= ranges[i + 1]!) return true;
  return false;
}

const AN_RANGES = [0x0600, 0x0605, 0x0660, 0x0669, 0x066b, 0x066c, 0x06dd, 0x06dd, 0x0890, 0x0891, 0x08e2, 0x08e2, 0x10e60, 0x10e7e];
const EN_RANGES = [0x0030, 0x0039, 0x00b2, 0x00b3, 0x00b9, 0x00b9, 0x06f0, 0x06f9, 0x2070, 0x2070, 0x2074, 0x2079, 0x2080, 0x2089, 0x2488, 0x249b, 0xff10, 0xff19, 0x1d7ce, 0x1d7ff, 0x1f100, 0x1f10a];
const ES_RANGES = [0x002b, 0x002b, 0x002d, 0x002d, 0x207a, 0x207b, 0x208a, 0x208b, 0x2212, 0x2212, 0xfb29, 0xfb29, 0xfe62, 0xfe63, 0xff0b, 0xff0b, 0xff0d, 0xff0d];
const ET_RANGES = [
  0x0023, 0x0025, 0x00a2, 0x00a5, 0x00b0, 0x00b1, 0x058f, 0x058f, 0x0609, 0x060a, 0x066a, 0x066a, 0x09f2, 0x09f3, 0x09fb, 0x09fb, 0x0af1, 0x0af1, 0x0bf9, 0x0bf9, 0x0e3f, 0x0e3f, 0x17db, 0x17db, 0x2030, 0x2034, 0x20a0, 0x20cf, 0x212e, 0x212e, 0x2213, 0x2213, 0xa838, 0xa839, 0xfe5f, 0xfe5f, 0xfe69, 0xfe6a, 0xff03, 0xff05, 0xffe0, 0xffe1, 0xffe5, 0xffe6,
];
const CS_RANGES = [0x002c, 0x002c, 0x002e, 0x002f, 0x003a, 0x003a, 0x00a0, 0x00a0, 0x060c, 0x060c, 0x202f, 0x202f, 0x2044, 0x2044, 0xfe50, 0xfe50, 0xfe52, 0xfe52, 0xfe55, 0xfe55, 0xff0c, 0xff0c, 0xff0e, 0xff0f, 0xff1a, 0xff1a];
const WS_RANGES = [0x0020, 0x0020, 0x000c, 0x000c, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2028, 0x205f, 0x205f, 0x3000, 0x3000];
const R_RANGES = [0x0590, 0x05ff, 0x07c0, 0x085f, 0xfb1d, 0xfb4f, 0x10800, 0x10cff, 0x10d40, 0x10eff, 0x10f30, 0x10fff, 0x1e800, 0x1edff, 0x1ef00, 0x1efff];
const AL_RANGES = [0x0600, 0x07bf, 0x0860, 0x08ff, 0xfb50, 0xfdcf, 0xfdf0, 0xfdff, 0xfe70, 0xfefe, 0x10d00, 0x10d3f, 0x10ec0, 0x10eff, 0x10f30, 0x10f6f, 0x1ee00, 0x1eeff];

/** The bidi class of a code point (close to UCD Bidi_Class for the scripts seized text is written in). */
export function bidiClass(cp: number): BidiClass {
  if (cp < 0x80) {
    if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return 'L';
    if (cp >= 0x30 && cp <= 0x39) return 'EN';
    if (cp === 0x20 || cp === 0x0c) return 'WS';
    if (cp === 0x0a || cp === 0x0d || (cp >= 0x1c && cp <= 0x1e)) return 'B';
    if (cp === 0x09 || cp === 0x0b || cp === 0x1f) return 'S';
    if (cp < 0x20 || cp === 0x7f) return 'BN';
    if (cp === 0x2b || cp === 0x2d) return 'ES';
    if (cp >= 0x23 && cp <= 0x25) return 'ET';
    if (cp === 0x2c || cp === 0x2e || cp === 0x2f || cp === 0x3a) return 'CS';
    return 'ON';
  }
  const ch = String.fromCodePoint(cp);
  if (NSM_RE.test(ch)) return 'NSM';
  if (inRanges(cp, AN_RANGES)) return 'AN';
  if (inRanges(cp, EN_RANGES)) return 'EN';
  if (inRanges(cp, ES_RANGES)) return 'ES';
  if (inRanges(cp, ET_RANGES)) return 'ET';
  if (inRanges(cp, CS_RANGES)) return 'CS';
  if (inRanges(cp, WS_RANGES)) return 'WS';
  if (cp === 0x0085 || cp === 0x2029) return 'B';
  if ((cp >= 0x80 && cp <= 0x9f) || cp === 0xad || cp === 0x180e || (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x206f) || cp === 0xfeff) return 'BN';
  if (cp === 0x200e) return 'L';
  if (cp === 0x200f) return 'R';
  if (inRanges(cp, AL_RANGES)) return cp === 0xfd3e || cp === 0xfd3f ? 'ON' : 'AL';
  if (inRanges(cp, R_RANGES)) return 'R';
  return LETTERISH_RE.test(ch) ? 'L' : 'ON';
}

/** Quick test: does the text hold any right-to-left character (else every level is the base level 0)? */
const RTL_RE = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE\u200F]|\uD802[\uDC00-\uDFFF]|\uD803[\uDC00-\uDFFF]|\uD83A[\uDC00-\uDFFF]|\uD83B[\uDC00-\uDFFF]/;
export function hasRtl(s: string): boolean {
  return RTL_RE.test(s);
}

/** P2–P3: the paragraph level from its first strong character (0 when none). */
export function paragraphLevel(classes: readonly BidiClass[]): 0 | 1 {
  for (const c of classes) {
    if (c === 'L') return 0;
    if (c === 'R' || c === 'AL') return 1;
  }
  return 0;
}

/**
 * Embedding levels for each class, for a paragraph at `base` (0 left-to-right, 1 right-to-left). Callers pass 'L'
 * for the report's own marks such as ⟨RLO⟩, so a mark reads as one left-to-right word wherever it stands.
 */
export function resolveLevels(input: readonly BidiClass[], base: 0 | 1): Uint8Array {
  const n = input.length;
  const t = input.slice() as BidiClass[];
  const sos: BidiClass = base ? 'R' : 'L';
  // BN characters are (per X9) treated as if absent: give them the type before them.
  // W1: NSM takes the type of the previous character (sos at the start).
  for (let i = 0; i < n; i++) {
    if (t[i] === 'NSM' || t[i] === 'BN') t[i] = i === 0 ? sos : t[i - 1]!;
  }
  // W2: EN after AL (last strong) becomes AN. W3: AL becomes R.
  let lastStrong: BidiClass = sos;
  for (let i = 0; i < n; i++) {
    const c = t[i]!;
    if (c === 'L' || c === 'R' || c === 'AL') lastStrong = c;
    else if (c === 'EN' && lastStrong === 'AL') t[i] = 'AN';
  }
  for (let i = 0; i < n; i++) if (t[i] === 'AL') t[i] = 'R';
  // W4: a single separator between two numbers of the same kind joins them.
  for (let i = 1; i < n - 1; i++) {
    const c = t[i];
    if (c === 'ES' && t[i - 1] === 'EN' && t[i + 1] === 'EN') t[i] = 'EN';
    else if (c === 'CS' && t[i - 1] === 'EN' && t[i + 1] === 'EN') t[i] = 'EN';
    else if (c === 'CS' && t[i - 1] === 'AN' && t[i + 1] === 'AN') t[i] = 'AN';
  }
  // W5: terminators next to European numbers become EN.
  for (let i = 0; i < n; i++) {
    if (t[i] !== 'ET') continue;
    let j = i;
    while (j < n && t[j] === 'ET') j++;
    if ((i > 0 && t[i - 1] === 'EN') || (j < n && t[j] === 'EN')) for (let k = i; k < j; k++) t[k] = 'EN';
    i = j - 1;
  }
  // W6: remaining separators and terminators are neutral.
  for (let i = 0; i < n; i++) if (t[i] === 'ES' || t[i] === 'ET' || t[i] === 'CS') t[i] = 'ON';
  // W7: EN after L (last strong, or sos) becomes L.
  lastStrong = sos;
  for (let i = 0; i < n; i++) {
    const c = t[i]!;
    if (c === 'L' || c === 'R') lastStrong = c;
    else if (c === 'EN' && lastStrong === 'L') t[i] = 'L';
  }
  // N1/N2: a run of neutrals takes the direction around it when both sides agree, else the embedding direction.
  const dir = (c: BidiClass): 'L' | 'R' | null => (c === 'L' ? 'L' : c === 'R' || c === 'EN' || c === 'AN' ? 'R' : null);
  for (let i = 0; i < n; i++) {
    if (dir(t[i]!) !== null) continue;
    let j = i;
    while (j < n && dir(t[j]!) === null) j++;
    const before = i === 0 ? (base ? 'R' : 'L') : dir(t[i - 1]!)!;
    const after = j === n ? (base ? 'R' : 'L') : dir(t[j]!)!;
    const resolved: BidiClass = before === after ? before : base ? 'R' : 'L';
    for (let k = i; k < j; k++) t[k] = resolved;
    i = j - 1;
  }
  // I1/I2: implicit levels.
  const levels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = t[i]!;
    if (base === 0) levels[i] = c === 'R' ? 1 : c === 'AN' || c === 'EN' ? 2 : 0;
    else levels[i] = c === 'L' || c === 'EN' || c === 'AN' ? 2 : 1;
  }
  return levels;
}

/** L2: the visual order of items with these levels (indices into the logical order). */
export function visualOrder(levels: readonly number[]): number[] {
  const order = levels.map((_, i) => i);
  if (levels.length === 0) return order;
  let max = 0;
  let minOdd = Infinity;
  for (const l of levels) {
    if (l > max) max = l;
    if (l % 2 === 1 && l < minOdd) minOdd = l;
  }
  if (minOdd === Infinity) return order;
  for (let lvl = max; lvl >= minOdd; lvl--) {
    for (let i = 0; i < order.length; i++) {
      if (levels[order[i]!]! < lvl) continue;
      let j = i;
      while (j < order.length && levels[order[j]!]! >= lvl) j++;
      const run = order.slice(i, j).reverse();
      for (let k = 0; k < run.length; k++) order[i + k] = run[k]!;
      i = j;
    }
  }
  return order;
}

const MIRROR: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹', '⟨': '⟩', '⟩': '⟨' };

/** Bidi_Mirrored characters swapped, for text drawn right to left. */
export function mirror(s: string): string {
  return /[()[\]{}<>«»‹›⟨⟩]/.test(s) ? s.replace(/[()[\]{}<>«»‹›⟨⟩]/g, (c) => MIRROR[c] ?? c) : s;
}
