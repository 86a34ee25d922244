/**
 * Text decoding for CSV files: picks the encoding (option, BOM, UTF-16 shape, UTF-8 validity, else a legacy
 * code page by evidence) and decodes streams chunk by chunk. Invalid UTF-8 bytes are kept reversibly as
 * U+DC80–U+DCFF escapes so a row's original bytes can be rebuilt and its byte offsets stay exact.
 */
import iconv from 'iconv-lite';
import { ThreadlineError } from '../../errors';
import { detectEncoding, normaliseEncoding } from '../../text/lines';
import { guessFromHeader } from './roles';

export interface EncodingChoice {
  encoding: string;
  bomLength: number;
  source: 'option' | 'bom' | 'utf-16 shape' | 'valid utf-8' | 'mostly valid utf-8' | 'legacy detection' | 'ascii';
  reason: string;
  /** Bytes per UTF-16 code unit for fixed-width encodings (offsets are then exact without re-encoding). */
  unitBytes?: 1 | 2;
}

export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
  /** How many invalid bytes were escaped so far (UTF-8 only). */
  escapes: number;
}

// ---------------------------------------------------------------------------------------------------------
// UTF-8 with escapes

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Length of the valid UTF-8 sequence at i (WHATWG ranges), or 0 when the byte there starts no valid sequence. */
function seqLen(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const n = b.length;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < n && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

function decodeEscaped(b: Buffer, counter: { escapes: number }): string {
  if (b.length === 0) return '';
  try {
    return utf8Fatal.decode(b);
  } catch {
    const parts: string[] = [];
    let start = 0;
    let i = 0;
    while (i < b.length) {
      if (b[i]! < 0x80) {
        i++;
        continue;
      }
      const l = seqLen(b, i);
      if (l) {
        i += l;
        continue;
      }
      if (i > start) parts.push(b.toString('utf8', start, i));
      parts.push(String.fromCharCode(0xdc00 + b[i]!));
      counter.escapes++;
      i++;
      start = i;
    }
    if (start < b.length) parts.push(b.toString('utf8', start));
    return parts.join('');
  }
}

class Utf8EscapeDecoder implements ChunkDecoder {
  escapes = 0;
  private carry: Buffer | undefined;

  write(chunk: Buffer): string {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    // Hold back a multi-byte sequence cut by the chunk boundary.
    let end = buf.length;
    let i = end - 1;
    let k = 0;
    while (i >= 0 && k < 3 && (buf[i]! & 0xc0) === 0x80) {
      i--;
      k++;
    }
    if (i >= 0) {
      const b = buf[i]!;
      const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
      if (need > end - i) end = i;
    }
    if (end < buf.length) this.carry = Buffer.from(buf.subarray(end));
    return decodeEscaped(buf.subarray(0, end), this);
  }

  end(): string {
    const c = this.carry;
    this.carry = undefined;
    return c ? decodeEscaped(c, this) : '';
  }
}

class Utf16Decoder implements ChunkDecoder {
  escapes = 0;
  private carry: Buffer | undefined;
  constructor(private readonly be: boolean) {}

  write(chunk: Buffer): string {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    if (buf.length & 1) {
      this.carry = Buffer.from(buf.subarray(buf.length - 1));
      buf = buf.subarray(0, buf.length - 1);
    }
    if (this.be) buf = Buffer.from(buf).swap16();
    // Node keeps unpaired surrogates as they are; a pair split across chunks rejoins when the strings meet.
    return buf.toString('utf16le');
  }

  end(): string {
    const c = this.carry;
    this.carry = undefined;
    // A lone trailing byte cannot be a code unit: keep it visible as an escape.
    if (c) {
      this.escapes++;
      return String.fromCharCode(0xdc00 + c[0]!);
    }
    return '';
  }
}

class IconvDecoder implements ChunkDecoder {
  escapes = 0;
  private readonly d: ReturnType<typeof iconv.getDecoder>;
  constructor(enc: string) {
    this.d = iconv.getDecoder(enc);
  }
  write(chunk: Buffer): string {
    return this.d.write(chunk);
  }
  end(): string {
    return this.d.end() ?? '';
  }
}

export function makeDecoder(enc: string): ChunkDecoder {
  if (enc === 'utf-8') return new Utf8EscapeDecoder();
  if (enc === 'utf-16le') return new Utf16Decoder(false);
  if (enc === 'utf-16be') return new Utf16Decoder(true);
  return new IconvDecoder(enc);
}

const ESCAPE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const ESCAPES = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

export function hasEscapes(s: string): boolean {
  return ESCAPE.test(s);
}

/** Text for display and storage: escaped bytes become U+FFFD (the bytes themselves go to rawBytes). */
export function unescapeForDisplay(s: string): string {
  return s.replace(ESCAPES, '\uFFFD');
}

/** Rebuild the original bytes of UTF-8 text that holds byte escapes. */
export function escapedToBytes(s: string): Uint8Array {
  const parts: Buffer[] = [];
  let last = 0;
  ESCAPES.lastIndex = 0;
  for (let m = ESCAPES.exec(s); m; m = ESCAPES.exec(s)) {
    if (m.index > last) parts.push(Buffer.from(s.slice(last, m.index), 'utf8'));
    parts.push(Buffer.from([s.charCodeAt(m.index) - 0xdc00]));
    last = m.index + 1;
  }
  if (last < s.length) parts.push(Buffer.from(s.slice(last), 'utf8'));
  return new Uint8Array(Buffer.concat(parts));
}

/** Bytes the text took in the file. */
export function byteLength(s: string, choice: EncodingChoice, escapes: boolean): number {
  if (choice.unitBytes) return s.length * choice.unitBytes;
  if (choice.encoding === 'utf-8') {
    const n = Buffer.byteLength(s, 'utf8');
    if (!escapes) return n;
    let k = 0;
    ESCAPES.lastIndex = 0;
    while (ESCAPES.exec(s)) k++;
    // Each escape is one byte in the file but counts as a 3-byte U+FFFD in Buffer.byteLength.
    return n - 2 * k;
  }
  return iconv.encode(s, choice.encoding).length;
}

// ---------------------------------------------------------------------------------------------------------
// Choosing the encoding

const SINGLE_BYTE = new Set(['windows-1252', 'windows-874', 'tis-620', 'iso-8859-1', 'latin1', 'cp874', 'iso-8859-11', 'windows-1250', 'windows-1251', 'windows-1258', 'cp1252', 'cp1258', 'iso-8859-15']);

/**
 * UTF-8 evidence by runs of non-ASCII bytes: in UTF-8 text nearly every run decodes; in a legacy code page
 * nearly none does (Thai, Chinese and accented Latin bytes are not valid UTF-8 sequences).
 */
function utf8Evidence(head: Uint8Array): { invalid: number; multi: number } {
  let invalid = 0;
  let multi = 0;
  // The last 3 bytes may be a sequence cut by the head's end.
  const n = Math.max(0, head.length - 3);
  let i = 0;
  while (i < n) {
    if (head[i]! < 0x80) {
      i++;
      continue;
    }
    let ok = true;
    while (i < n && head[i]! >= 0x80) {
      const l = seqLen(head, i);
      if (l) i += l;
      else {
        ok = false;
        i++;
      }
    }
    if (ok) multi++;
    else invalid++;
  }
  return { invalid, multi };
}

function headerHits(text: string): number {
  const first = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  let hits = 0;
  for (const cell of first.split(/[,;\t|]/)) if (cell.trim() && guessFromHeader(cell.replace(/^"|"$/g, ''))) hits++;
  return hits;
}

/** Thai text decoded from cp874 keeps its combining marks after consonants; other bytes decoded as Thai do not. */
function thaiShape(text: string): number {
  let marks = 0;
  let good = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a) || (c >= 0x0e47 && c <= 0x0e4e)) {
      marks++;
      const p = text.charCodeAt(i - 1);
      if ((p >= 0x0e01 && p <= 0x0e2e) || (p >= 0x0e34 && p <= 0x0e39) || p === 0x0e31) good++;
    }
  }
  return marks ? good / marks : 1;
}

export function chooseEncoding(head: Uint8Array, option: string | undefined, file: string): EncodingChoice {
  const det = detectEncoding(head);
  if (option) {
    const enc = normaliseEncoding(option);
    if (enc !== 'utf-8' && enc !== 'utf-16le' && enc !== 'utf-16be' && !iconv.encodingExists(enc)) {
      throw new ThreadlineError('BAD_ARGUMENT', `Unknown text encoding "${option}".`, { file, hint: 'Use an encoding name such as utf-8, utf-16le, windows-1252, windows-874, gb18030, big5.' });
    }
    return withUnit({ encoding: enc, bomLength: enc === det.encoding ? det.bomLength : 0, source: 'option', reason: `set by the examiner (options.encoding = ${option})` });
  }
  if (det.bomLength) return withUnit({ encoding: det.encoding, bomLength: det.bomLength, source: 'bom', reason: `byte-order mark for ${det.encoding}` });
  if (det.encoding !== 'utf-8') return withUnit({ encoding: det.encoding, bomLength: 0, source: 'utf-16 shape', reason: 'NUL bytes at alternating positions: UTF-16 without a byte-order mark' });
  const ev = utf8Evidence(head);
  if (ev.invalid === 0) {
    return withUnit(ev.multi ? { encoding: 'utf-8', bomLength: 0, source: 'valid utf-8', reason: `${ev.multi} runs of non-ASCII bytes, all valid UTF-8, in the first ${head.length} bytes` } : { encoding: 'utf-8', bomLength: 0, source: 'ascii', reason: `only ASCII in the first ${head.length} bytes` });
  }
  if (ev.multi >= ev.invalid) {
    return withUnit({ encoding: 'utf-8', bomLength: 0, source: 'mostly valid utf-8', reason: `${ev.multi} runs of non-ASCII bytes are valid UTF-8 and ${ev.invalid} are not: UTF-8 with damaged bytes, kept as they are` });
  }
  // A legacy code page. Western text has accented letters alone between ASCII; Thai and Chinese have runs.
  let runs = 0;
  let runBytes = 0;
  let inRun = false;
  for (let i = 0; i < head.length; i++) {
    const hi = head[i]! >= 0x80;
    if (hi) {
      runBytes++;
      if (!inRun) runs++;
    }
    inRun = hi;
  }
  const meanRun = runs ? runBytes / runs : 0;
  if (meanRun < 1.6) return withUnit({ encoding: 'windows-1252', bomLength: 0, source: 'legacy detection', reason: `not UTF-8 (${ev.invalid} invalid bytes); non-ASCII bytes stand alone (mean run ${meanRun.toFixed(2)}), as accented Western letters do` });
  const candidates: { enc: string; score: number; note: string }[] = [];
  for (const enc of ['windows-874', 'gb18030', 'big5']) {
    const text = iconv.decode(Buffer.from(head), enc);
    // iconv-lite decodes bytes a code page leaves undefined as U+FFFD.
    const bad = (text.match(/\uFFFD/g) ?? []).length;
    const hits = headerHits(text);
    let score = hits * 10 - bad * 3;
    let note = `${hits} header word(s), ${bad} undecodable`;
    if (enc === 'windows-874') {
      const shape = thaiShape(text);
      score += shape >= 0.9 ? 5 : -5;
      note += `, Thai marks well placed ${Math.round(shape * 100)}%`;
    }
    candidates.push({ enc, score, note });
  }
  candidates.sort((a, b) => b.score - a.score);
  const pick = candidates[0]!;
  return withUnit({
    encoding: pick.enc,
    bomLength: 0,
    source: 'legacy detection',
    reason: `not UTF-8 (${ev.invalid} of ${ev.invalid + ev.multi} non-ASCII runs invalid); runs of non-ASCII bytes; scored ${candidates.map((c) => `${c.enc} ${c.score} (${c.note})`).join(', ')}`,
  });
}

function withUnit(c: EncodingChoice): EncodingChoice {
  if (c.encoding === 'utf-16le' || c.encoding === 'utf-16be') c.unitBytes = 2;
  else if (SINGLE_BYTE.has(c.encoding)) c.unitBytes = 1;
  return c;
}

/** Decode a head buffer whole (sniffing, delimiter detection). */
export function decodeHead(head: Uint8Array, choice: EncodingChoice): string {
  const d = makeDecoder(choice.encoding);
  const text = d.write(Buffer.from(head.subarray(choice.bomLength)));
  return text;
}
