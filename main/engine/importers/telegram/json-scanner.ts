/**
 * Streaming JSON splitter for big exports: walks the outer structure of a JSON document byte by byte
 * (validating its grammar) and hands every value the caller does not want to descend into — e.g. one
 * Telegram message object — over as its exact source bytes, with byte offset and line numbers.
 *
 * Why not stream-json's token parser: it tokenises every key and string of every message in JavaScript
 * (~15 MB/s measured on a 440 MB export, 30 s) and cannot give back the original text of a value. Here
 * only the few outer levels are tokenised; a captured value is found by bracket counting with
 * `Buffer.indexOf` skipping over strings (~0.5 GB/s) and is then parsed and validated by the native
 * `JSON.parse`, which also keeps `__proto__` keys as plain own properties. The caller keeps the bytes
 * as the record's raw form, so escapes such as a lone `\uD800` survive exactly as written.
 */

/** What the scanner does with a value, decided by the caller from the parent container and key. */
export const CAPTURE = 0;

export interface ScanFrame {
  isArray: boolean;
  /** Caller-defined role of this container (never CAPTURE). */
  role: number;
  /** Current key (objects) — the key of the value being read. */
  key: string;
  /** Current index (arrays) — the index of the value being read. */
  index: number;
  /** JSON path of this container (`$`, `$.chats.list[3]`). */
  path: string;
  /** Byte offset and line of the opening bracket. */
  offset: number;
  line: number;
  /** Free slot for the caller (per-chat state). */
  data?: unknown;
}

export interface CapturedValue {
  parent: ScanFrame | undefined;
  /** The JSON path of the value. */
  path: string;
  /** Exact source bytes (a view into the read buffer: copy before keeping). */
  bytes: Buffer;
  /** True when the value was larger than the capture limit: `bytes` then holds only its head. */
  truncated: boolean;
  /** Full size in bytes (also when truncated). */
  size: number;
  offset: number;
  line: number;
  /**
   * Last line. Newlines are counted outside strings only: a valid JSON value has none inside its strings;
   * when the caller's parse fails it calls `recountLines` so later line numbers stay exact.
   */
  lineEnd: number;
  /** First byte: `{`, `[`, `"` or the first byte of a scalar. */
  first: number;
  /**
   * For an object: how many keys it holds at its own level, as written (colons counted outside strings).
   * More than the parsed object has means a key is repeated (JSON.parse keeps only the last).
   */
  keys: number;
}

export interface ScanHandler {
  /** Role of the value about to start under `parent` (undefined for the root); CAPTURE to capture it whole. */
  roleOf(parent: ScanFrame | undefined, isArray: boolean): number;
  enter(frame: ScanFrame): void;
  leave(frame: ScanFrame): void;
  value(v: CapturedValue): void;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly path: string,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

// Scanner states.
const S_VALUE = 1; // a value is expected (root, after `:`, after `,` in an array)
const S_ARRAY_FIRST = 2; // after `[`: a value or `]`
const S_OBJ_FIRST = 3; // after `{`: a key or `}`
const S_OBJ_KEY = 4; // after `,` in an object: a key
const S_COLON = 5;
const S_AFTER = 6; // after a value: `,` or the closing bracket
const S_DONE = 7;

// What a capture is for.
const P_VALUE = 1;
const P_KEY = 2;

// Capture kinds.
const K_CONTAINER = 1;
const K_STRING = 2;
const K_SCALAR = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** JSON whitespace: space, tab, LF, CR. */
function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Bytes that end a bare scalar (number, true/false/null, or garbage). */
function endsScalar(c: number): boolean {
  return c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a || isWs(c) || c === 0x7b || c === 0x5b || c === QUOTE;
}

/** A JSON path segment for an object key: `.name` for plain keys, `["…"]` otherwise. */
export function keySegment(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function describeByte(c: number | undefined): string {
  if (c === undefined) return 'the end of the file';
  if (c >= 0x21 && c < 0x7f) return `"${String.fromCharCode(c)}"`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

export interface ScannerOptions {
  /** Largest value kept whole, in bytes; larger values are reported truncated (head only). */
  maxCapture: number;
  /** Longest object key, in bytes. */
  maxKey: number;
}

export class JsonScanner {
  private readonly stack: ScanFrame[] = [];
  private st = S_VALUE;
  /** Absolute offset of the current buffer's first byte. */
  private base = 0;
  /** Line at the scan position (1-based). */
  line = 1;

  // Capture state.
  private capPurpose = 0;
  private capKind = 0;
  private capStart = 0; // absolute offset
  private capLine = 1;
  private capDepth = 0;
  private capColons = 0;
  private capInString = false;
  private capEscPending = false;
  private capPieces: Buffer[] = [];
  private capSize = 0; // bytes held in pieces
  private capTruncated = false;
  /** Next backslash at or after the scan position in the current buffer (-1 = not looked up yet). */
  private bsNext = -1;

  constructor(
    private readonly handler: ScanHandler,
    private readonly opts: ScannerOptions,
  ) {}

  /** Current JSON path (for error messages). */
  where(): string {
    const top = this.stack[this.stack.length - 1];
    if (!top) return '$';
    if (top.isArray) return `${top.path}[${top.index}]`;
    if (this.st === S_OBJ_FIRST || this.st === S_OBJ_KEY) return top.path;
    return top.path + keySegment(top.key);
  }

  /** Byte offset of the next byte to be read. */
  get offset(): number {
    return this.base;
  }

  /** Account for bytes the caller consumed itself (a byte-order mark) so offsets stay file offsets. */
  skipBytes(n: number): void {
    this.base += n;
  }

  private fail(message: string, at: number, line = this.line): never {
    throw new JsonSyntaxError(message, at, line, this.where());
  }

  /** Feed the next chunk of bytes. Handler callbacks run synchronously from here. */
  feed(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    this.bsNext = -1;
    if (this.capKind !== 0) {
      i = this.continueCapture(buf, 0);
      if (i < 0) {
        this.base += n;
        return;
      }
    }
    while (i < n) {
      const c = buf[i]!;
      if (isWs(c)) {
        if (c === 0x0a) this.line++;
        i++;
        continue;
      }
      switch (this.st) {
        case S_VALUE:
        case S_ARRAY_FIRST: {
          if (c === 0x5d && this.st === S_ARRAY_FIRST) {
            i++;
            this.close();
            break;
          }
          const parent = this.stack[this.stack.length - 1];
          if (c === 0x7b || c === 0x5b) {
            const isArray = c === 0x5b;
            const role = this.handler.roleOf(parent, isArray);
            if (role !== CAPTURE) {
              const frame: ScanFrame = { isArray, role, key: '', index: 0, path: this.childPath(parent), offset: this.base + i, line: this.line };
              this.stack.push(frame);
              this.st = isArray ? S_ARRAY_FIRST : S_OBJ_FIRST;
              i++;
              this.handler.enter(frame);
              break;
            }
          }
          if (c === 0x5d || c === 0x7d || c === 0x2c || c === 0x3a) this.fail(`Expected a value but found ${describeByte(c)}.`, this.base + i);
          i = this.startCapture(buf, i, P_VALUE);
          if (i < 0) {
            this.base += n;
            return;
          }
          break;
        }
        case S_OBJ_FIRST:
        case S_OBJ_KEY: {
          if (c === 0x7d && this.st === S_OBJ_FIRST) {
            i++;
            this.close();
            break;
          }
          if (c !== QUOTE) this.fail(`Expected a quoted key${this.st === S_OBJ_FIRST ? ' or "}"' : ''} but found ${describeByte(c)}.`, this.base + i);
          i = this.startCapture(buf, i, P_KEY);
          if (i < 0) {
            this.base += n;
            return;
          }
          break;
        }
        case S_COLON:
          if (c !== 0x3a) this.fail(`Expected ":" after the key but found ${describeByte(c)}.`, this.base + i);
          this.st = S_VALUE;
          i++;
          break;
        case S_AFTER: {
          const top = this.stack[this.stack.length - 1]!;
          if (c === 0x2c) {
            if (top.isArray) {
              top.index++;
              this.st = S_VALUE;
            } else {
              this.st = S_OBJ_KEY;
            }
            i++;
          } else if (c === (top.isArray ? 0x5d : 0x7d)) {
            i++;
            this.close();
          } else {
            this.fail(`Expected "," or "${top.isArray ? ']' : '}'}" but found ${describeByte(c)} (a comma may be missing).`, this.base + i);
          }
          break;
        }
        case S_DONE:
          this.fail(`Unexpected ${describeByte(c)} after the end of the JSON document.`, this.base + i);
      }
    }
    this.base += n;
  }

  /** Call after the last chunk: throws when the document is incomplete. */
  end(): void {
    if (this.st === S_DONE && this.capKind === 0) return;
    if (this.capKind === K_SCALAR && this.stack.length === 0) {
      // A bare scalar root ends at end of input.
      this.finishCapture(Buffer.alloc(0), 0, this.base);
      if (this.st === S_DONE) return;
    }
    const what = this.capKind !== 0 ? (this.capKind === K_STRING ? 'inside a string' : 'inside a value') : this.stack.length ? `inside ${this.stack[this.stack.length - 1]!.isArray ? 'an array' : 'an object'}` : 'before any value';
    if (this.base === 0 || (this.stack.length === 0 && this.capKind === 0)) throw new JsonSyntaxError('The file holds no JSON value.', this.base, this.line, '$');
    const started = this.capKind !== 0 ? ` The unfinished value starts at line ${this.capLine}, byte ${this.capStart}.` : '';
    throw new JsonSyntaxError(
      `The JSON ends unexpectedly ${what} (${this.stack.length} container${this.stack.length === 1 ? '' : 's'} left open): the file is truncated.${started}`,
      this.base,
      this.line,
      this.where(),
    );
  }

  private childPath(parent: ScanFrame | undefined): string {
    if (!parent) return '$';
    return parent.isArray ? `${parent.path}[${parent.index}]` : parent.path + keySegment(parent.key);
  }

  private close(): void {
    const frame = this.stack.pop()!;
    this.st = this.stack.length ? S_AFTER : S_DONE;
    this.handler.leave(frame);
  }

  // ---- capture ----

  private startCapture(buf: Buffer, i: number, purpose: number): number {
    const c = buf[i]!;
    this.capPurpose = purpose;
    this.capStart = this.base + i;
    this.capLine = this.line;
    this.capPieces = [];
    this.capSize = 0;
    this.capTruncated = false;
    this.capEscPending = false;
    if (c === 0x7b || c === 0x5b) {
      this.capKind = K_CONTAINER;
      this.capDepth = 0;
      this.capColons = 0;
      this.capInString = false;
    } else if (c === QUOTE) {
      this.capKind = K_STRING;
      this.capInString = true;
      return this.continueCapture(buf, i, i + 1);
    } else {
      this.capKind = K_SCALAR;
    }
    return this.continueCapture(buf, i, i);
  }

  /**
   * Scan on from `from` (the capture began at `start` in this buffer, or before it when 0 and resuming).
   * Returns the index after the value, or -1 when the buffer ended first (state kept for the next one).
   */
  private continueCapture(buf: Buffer, start: number, from = start): number {
    let i = from;
    const n = buf.length;
    let end = -1;
    if (this.capKind === K_SCALAR) {
      while (i < n && !endsScalar(buf[i]!)) i++;
      if (i < n) end = i;
    } else if (this.capKind === K_STRING) {
      end = this.scanString(buf, i);
    } else {
      let depth = this.capDepth;
      let line = this.line;
      let colons = this.capColons;
      if (this.capInString) {
        i = this.scanString(buf, i);
        if (i >= 0) this.capInString = false;
      }
      if (i >= 0) {
        while (i < n) {
          const c = buf[i]!;
          if (c === QUOTE) {
            i = this.scanString(buf, i + 1);
            if (i < 0) {
              this.capInString = true;
              break;
            }
            continue;
          }
          if (c === 0x7b || c === 0x5b) depth++;
          else if (c === 0x7d || c === 0x5d) {
            depth--;
            if (depth === 0) {
              end = i + 1;
              break;
            }
          } else if (c === 0x0a) line++;
          else if (c === 0x3a && depth === 1) colons++;
          i++;
        }
      }
      this.capDepth = depth;
      this.capColons = colons;
      this.line = line;
    }
    if (end < 0) {
      this.keepPiece(buf.subarray(start));
      return -1;
    }
    this.finishCapture(buf, start, end);
    return end;
  }

  /**
   * Find the closing quote of a string from `i` (just after the opening quote or where a previous buffer
   * left off). Escapes are skipped in pairs, so `\"` and `\\` are handled; the backslash lookup is cached
   * so a buffer with few backslashes is not re-scanned for every string. Returns -1 at the buffer end.
   */
  private scanString(buf: Buffer, i: number): number {
    const n = buf.length;
    if (this.capEscPending) {
      this.capEscPending = false;
      i++; // the first byte of this buffer was escaped by a backslash at the end of the previous one
    }
    for (;;) {
      if (i >= n) return -1;
      const q = buf.indexOf(QUOTE, i);
      let bs = this.bsNext;
      if (bs !== -2 && bs < i) {
        bs = buf.indexOf(BACKSLASH, i);
        if (bs < 0) bs = -2; // none left in this buffer
        this.bsNext = bs;
      }
      if (bs !== -2 && (q < 0 || bs < q)) {
        i = bs + 2;
        if (i > n) {
          this.capEscPending = true;
          return -1;
        }
        continue;
      }
      return q < 0 ? -1 : q + 1;
    }
  }

  private keepPiece(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.capTruncated) {
      this.capSize += piece.length;
      return;
    }
    if (this.capSize + piece.length > this.opts.maxCapture || (this.capPurpose === P_KEY && this.capSize + piece.length > this.opts.maxKey)) {
      if (this.capPurpose === P_KEY) this.fail(`An object key is longer than ${this.opts.maxKey} bytes.`, this.capStart, this.capLine);
      const room = Math.max(0, this.opts.maxCapture - this.capSize);
      // Copy: the head outlives the read buffer it came from.
      this.capPieces.push(Buffer.from(piece.subarray(0, room)));
      this.capTruncated = true;
      this.capSize += piece.length;
      return;
    }
    // Copy: the read stream may reuse its buffers.
    this.capPieces.push(Buffer.from(piece));
    this.capSize += piece.length;
  }

  private finishCapture(buf: Buffer, start: number, end: number): void {
    let bytes: Buffer;
    const tail = buf.subarray(start, end);
    let size: number;
    if (this.capPieces.length === 0) {
      bytes = tail;
      size = tail.length;
      if (size > this.opts.maxCapture) {
        if (this.capPurpose === P_KEY) this.fail(`An object key is longer than ${this.opts.maxKey} bytes.`, this.capStart, this.capLine);
        bytes = Buffer.from(tail.subarray(0, this.opts.maxCapture));
        this.capTruncated = true;
      }
    } else {
      this.keepPiece(tail);
      size = this.capSize;
      bytes = Buffer.concat(this.capPieces);
    }
    if (this.capPurpose === P_KEY && size > this.opts.maxKey) this.fail(`An object key is longer than ${this.opts.maxKey} bytes.`, this.capStart, this.capLine);
    const first = bytes[0] ?? 0;
    const purpose = this.capPurpose;
    const truncated = this.capTruncated;
    const offset = this.capStart;
    const line = this.capLine;
    this.capKind = 0;
    this.capPieces = [];
    this.capSize = 0;
    const parent = this.stack[this.stack.length - 1];
    if (purpose === P_KEY) {
      const top = parent!;
      top.key = decodeKey(bytes, offset, line, this);
      this.st = S_COLON;
      return;
    }
    const path = this.childPath(parent);
    this.st = this.stack.length ? S_AFTER : S_DONE;
    const keys = first === 0x7b ? this.capColons : 0;
    this.handler.value({ parent, path, bytes, truncated, size, offset, line, lineEnd: this.line, first, keys });
  }

  /** After a failed parse of a captured value: add the newlines inside its strings that were not counted. */
  recountLines(v: CapturedValue): void {
    if (v.truncated) return;
    let total = 0;
    for (let k = v.bytes.indexOf(0x0a); k >= 0; k = v.bytes.indexOf(0x0a, k + 1)) total++;
    const counted = v.lineEnd - v.line;
    if (total > counted) {
      this.line += total - counted;
      v.lineEnd += total - counted;
    }
  }

  /** Raise a syntax error at a captured value (e.g. a key that is not valid JSON). */
  failAt(message: string, offset: number, line: number): never {
    this.fail(message, offset, line);
  }
}

function decodeKey(bytes: Buffer, offset: number, line: number, scanner: JsonScanner): string {
  // Fast path: no escapes.
  if (bytes.indexOf(BACKSLASH) < 0) return bytes.toString('utf8', 1, bytes.length - 1);
  try {
    return JSON.parse(bytes.toString('utf8')) as string;
  } catch {
    // tdesktop's `\xHH` escapes also occur in keys in principle; repair the same way as values.
    const repaired = bytes.toString('utf8').replace(/(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})/g, '$1\\u00$2');
    try {
      return JSON.parse(repaired) as string;
    } catch (err) {
      return scanner.failAt(`An object key is not a valid JSON string (${(err as Error).message}).`, offset, line);
    }
  }
}
