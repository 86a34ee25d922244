/**
 * Bytes → text for the XML stream: picks the encoding (BOM, BOM-less UTF-16, the XML declaration, or the
 * examiner's override), decodes chunk by chunk without splitting a character, and counts invalid UTF-8 instead
 * of hiding it, so byte offsets are only reported while they are exact.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { ThreadlineError } from '../../errors';
import { detectEncoding, normaliseEncoding } from '../../text/lines';

const utf8Lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The encoding named in `<?xml … encoding="…"?>`, read from the first bytes (ASCII-compatible files only). */
export function declaredEncoding(head: Uint8Array): string | undefined {
  const s = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 400)).toString('latin1');
  const m = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?\s*<\?xml\s[^?]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(s);
  return m?.[1];
}

/** Count U+FFFD in a string. */
function countFffd(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\uFFFD'); i !== -1; i = s.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/** Count the UTF-8 encoding of U+FFFD (EF BF BD) in bytes: replacement characters that were really written. */
function countFffdBytes(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0xef); i !== -1 && i + 2 < b.length; i = b.indexOf(0xef, i + 1)) if (b[i + 1] === 0xbf && b[i + 2] === 0xbd) n++;
  return n;
}

/** Byte index of the first invalid UTF-8 sequence (b.length when there is none). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= b.length) return i;
    // validate continuation bytes and the overlong / surrogate / range limits of the second byte
    const c1 = b[i + 1];
    if (c1 === undefined || (c1 & 0xc0) !== 0x80) return i;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k];
      if (ck === undefined || (ck & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return b.length;
}

/** Index after the last complete UTF-8 sequence in `b` (a trailing partial sequence waits for the next chunk). */
function completeUtf8Length(b: Buffer): number {
  const n = b.length;
  // Look back at most 3 bytes for the lead byte of an unfinished sequence.
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for its lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? n - k : n;
  }
  return n;
}

export class XmlTextDecoder {
  readonly encoding: string;
  readonly bomLength: number;
  /** Invalid byte sequences replaced by U+FFFD so far (UTF-8 only; approximate count). */
  invalidSequences = 0;
  private carry: Buffer = Buffer.alloc(0);
  private other: iconv.DecoderStream | undefined;
  private first = true;
  private pendingHigh = '';
  /** How many leading characters of the last returned text map exactly to their bytes (UTF-8 only). */
  lastExactChars = 0;

  constructor(head: Uint8Array, override: string | undefined, file: string) {
    const det = detectEncoding(head);
    let enc = det.encoding;
    if (override) enc = normaliseEncoding(override);
    else if (det.bomLength === 0 && enc === 'utf-8') {
      const declared = declaredEncoding(head);
      if (declared) enc = normaliseEncoding(declared);
    }
    if (enc === 'utf-8' || enc === 'us-ascii' || enc === 'ascii') enc = 'utf-8';
    else if (!iconv.encodingExists(enc)) {
      throw new ThreadlineError('ENCODING_ERROR', `The XML declares the text encoding "${enc}", which Threadline cannot decode.`, {
        file,
        hint: 'Name the real encoding with --encoding (e.g. utf-8, utf-16le, windows-1252), or re-export the backup.',
      });
    }
    this.encoding = enc;
    this.bomLength = enc === det.encoding ? det.bomLength : 0;
    if (enc !== 'utf-8') this.other = iconv.getDecoder(enc);
  }

  /** True while decoded text maps 1:1 to the source bytes, so UTF-8 lengths are byte offsets. */
  get exact(): boolean {
    return this.encoding === 'utf-8' && this.invalidSequences === 0;
  }

  write(chunk: Buffer): string {
    let b = chunk;
    if (this.first) {
      this.first = false;
      b = b.subarray(this.bomLength);
    }
    if (this.other) {
      this.lastExactChars = 0;
      return this.wellFormed(this.other.write(b), false);
    }
    if (this.carry.length) {
      b = Buffer.concat([this.carry, b]);
      this.carry = Buffer.alloc(0);
    }
    const cut = completeUtf8Length(b);
    if (cut < b.length) {
      this.carry = Buffer.from(b.subarray(cut));
      b = b.subarray(0, cut);
    }
    return this.decodeComplete(b);
  }

  end(): string {
    if (this.other) {
      this.lastExactChars = 0;
      return this.wellFormed(this.other.end() ?? '', true);
    }
    const b = this.carry;
    this.carry = Buffer.alloc(0);
    if (!b.length) {
      this.lastExactChars = 0;
      return '';
    }
    return this.decodeComplete(b);
  }

  /**
   * Non-UTF-8 decoders (UTF-16 in particular) can hand back lone surrogates, which the XML parser refuses
   * and SQLite mangles: they become U+FFFD and are counted. A high surrogate at a chunk end waits for its pair.
   */
  private wellFormed(s: string, last: boolean): string {
    let t = this.pendingHigh + s;
    this.pendingHigh = '';
    if (!last && t.length > 0) {
      const c = t.charCodeAt(t.length - 1);
      if (c >= 0xd800 && c <= 0xdbff) {
        this.pendingHigh = t.slice(-1);
        t = t.slice(0, -1);
      }
    }
    const str = t as string & { isWellFormed(): boolean; toWellFormed(): string };
    if (str.isWellFormed()) return t;
    const fixed = str.toWellFormed();
    this.invalidSequences += Math.max(1, countFffd(fixed) - countFffd(t));
    return fixed;
  }

  private decodeComplete(b: Buffer): string {
    // isUtf8 and toString are native fast paths; the lossy decoder only runs on damaged chunks.
    if (isUtf8(b)) {
      const s = b.toString('utf8');
      this.lastExactChars = this.invalidSequences === 0 ? s.length : 0;
      return s;
    }
    const s = utf8Lossy.decode(b);
    this.lastExactChars = this.invalidSequences === 0 ? b.subarray(0, firstInvalidUtf8(b)).toString('utf8').length : 0;
    this.invalidSequences += Math.max(1, countFffd(s) - countFffdBytes(b));
    return s;
  }
}
