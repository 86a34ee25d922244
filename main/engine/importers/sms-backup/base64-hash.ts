/**
 * Streaming base64 decode + SHA-256 for embedded media (MMS part `data`, vCard PHOTO): the text arrives in
 * pieces and is decoded four characters at a time, so a large attachment is hashed and sized without ever
 * being held whole, and the decoded bytes are never kept or written anywhere.
 */
import { createHash, type Hash } from 'node:crypto';

/** What a finished base64 value was. `sha256`/`size` describe the decoded bytes. */
export interface Base64Digest {
  /** Characters of base64 text seen (as written, whitespace and entity references included). */
  chars: number;
  /** The first characters as written (up to HEAD_CHARS), so short values can be kept verbatim in raw. */
  head: string;
  /** Bytes after decoding. */
  size: number;
  /** SHA-256 (hex) of the decoded bytes. Meaningful only when `valid`. */
  sha256: string;
  valid: boolean;
  /** Why the value is not valid base64 (first problem found). */
  problem?: string;
  /** Valid but without its `=` padding (decoded anyway). */
  unpadded?: boolean;
}

export const HEAD_CHARS = 256;

const NON_ALPHABET = /[^A-Za-z0-9+/=]/;
const WHITESPACE = /[ \t\r\n]/;
const WHITESPACE_G = /[ \t\r\n]+/g;
// Character references that can only stand for whitespace (a MIME-wrapped value re-escaped by an XML writer).
const WS_REFS_G = /&#(?:10|13|9|32|x0*[aAdD9]|x0*20);/g;

export class Base64Hasher {
  private hash: Hash = createHash('sha256');
  private chars = 0;
  private head = '';
  private size = 0;
  private quad = ''; // 0-3 alphabet chars waiting for a full group of four
  private entCarry = ''; // an unfinished `&#..` at the end of the last piece
  private sawPad = 0;
  private problem: string | undefined;
  /** Whether `&#10;`-style references are decoded (XML attribute text) or are plain invalid characters. */
  private readonly xmlRefs: boolean;

  constructor(opts: { xmlRefs?: boolean } = {}) {
    this.xmlRefs = opts.xmlRefs ?? false;
  }

  write(piece: string): void {
    if (piece.length === 0) return;
    this.chars += piece.length;
    if (this.head.length < HEAD_CHARS) this.head += piece.slice(0, HEAD_CHARS - this.head.length);
    let s = piece;
    if (this.xmlRefs && (this.entCarry !== '' || s.includes('&'))) {
      s = this.entCarry + s;
      this.entCarry = '';
      const amp = s.lastIndexOf('&');
      if (amp !== -1 && s.indexOf(';', amp) === -1 && s.length - amp < 12) {
        this.entCarry = s.slice(amp);
        s = s.slice(0, amp);
      }
      s = s.replace(WS_REFS_G, '');
    }
    if (WHITESPACE.test(s)) s = s.replace(WHITESPACE_G, '');
    if (s.length === 0) return;
    if (this.problem === undefined) this.check(s);
    const all = this.quad + s;
    const n = all.length - (all.length % 4);
    if (n > 0) this.update(all.slice(0, n));
    this.quad = all.slice(n);
  }

  private check(s: string): void {
    const bad = NON_ALPHABET.exec(s);
    if (bad) {
      this.problem = `character ${JSON.stringify(bad[0])} is not base64`;
      return;
    }
    const eq = s.indexOf('=');
    if (this.sawPad > 0) {
      if (eq !== 0 || /[^=]/.test(s)) this.problem = 'data continues after the "=" padding';
      else this.sawPad += s.length;
    } else if (eq !== -1) {
      if (/[^=]/.test(s.slice(eq))) this.problem = 'data continues after the "=" padding';
      else this.sawPad = s.length - eq;
    }
    if (this.problem === undefined && this.sawPad > 2) this.problem = 'more than two "=" padding characters';
  }

  private update(group: string): void {
    const bytes = Buffer.from(group, 'base64');
    this.size += bytes.length;
    this.hash.update(bytes);
  }

  end(): Base64Digest {
    if (this.entCarry !== '') {
      this.problem ??= `unfinished reference ${JSON.stringify(this.entCarry)}`;
      this.entCarry = '';
    }
    let unpadded = false;
    if (this.sawPad > 0 && this.quad.length !== 0) {
      this.problem ??= 'the "=" padding does not complete a group of four characters (data cut or altered)';
    } else if (this.quad.length === 1) {
      this.problem ??= 'the text ends with a single stray character (truncated?)';
    } else if (this.quad.length > 1) {
      unpadded = true;
      this.update(this.quad);
    }
    this.quad = '';
    const d: Base64Digest = { chars: this.chars, head: this.head, size: this.size, sha256: this.hash.digest('hex'), valid: this.problem === undefined };
    if (this.problem !== undefined) d.problem = this.problem;
    if (unpadded && d.valid) d.unpadded = true;
    return d;
  }
}

/** Hash a whole base64 string (small values already in memory). */
export function hashBase64(text: string, opts: { xmlRefs?: boolean } = {}): Base64Digest {
  const h = new Base64Hasher(opts);
  for (let i = 0; i < text.length; i += 1 << 20) h.write(text.slice(i, i + (1 << 20)));
  return h.end();
}

/** SHA-256 of text as UTF-8, fed in pieces (for over-long attribute values that are elided). */
export class TextHasher {
  private hash: Hash = createHash('sha256');
  chars = 0;
  head = '';

  write(piece: string): void {
    this.chars += piece.length;
    if (this.head.length < HEAD_CHARS) this.head += piece.slice(0, HEAD_CHARS - this.head.length);
    this.hash.update(piece, 'utf8');
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
