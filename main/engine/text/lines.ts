/**
 * Streaming line reader for text exports: detects the encoding (BOM, UTF-16, UTF-8 validity), splits on
 * LF / CRLF / lone CR, keeps each line's 1-based number and byte offset, caps line length, and keeps the raw
 * bytes of any line that is not valid in its encoding so nothing is silently replaced.
 */
import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';

export interface TextLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line start in the stream (in the source encoding). */
  offset: number;
  /** The decoded text, without its line terminator. Invalid sequences become U+FFFD here … */
  text: string;
  /** … and the line's original bytes are kept here when that happened. */
  invalidBytes?: Uint8Array;
  /** Set when the line was longer than the cap: `text` holds only its start. */
  truncatedFrom?: number;
}

export interface LineReaderOptions {
  /** Longest line kept whole, in bytes; longer lines are cut and marked. Default 4 MiB. */
  maxLineBytes?: number;
  /** Force an encoding (iconv-lite name). Default: detect from BOM / validity. */
  encoding?: string;
  /** Lines per yielded batch. */
  batch?: number;
}

export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | string;

/** Look at a file's first bytes and decide its encoding and BOM length. */
export function detectEncoding(head: Uint8Array): { encoding: DetectedEncoding; bomLength: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // BOM-less UTF-16: many NULs at alternating positions in what should be text.
  if (head.length >= 8) {
    let evenNul = 0;
    let oddNul = 0;
    const n = Math.min(head.length, 4096) & ~1;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    if (oddNul > n / 4 && evenNul < n / 40) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenNul > n / 4 && oddNul < n / 40) return { encoding: 'utf-16be', bomLength: 0 };
  }
  return { encoding: 'utf-8', bomLength: 0 };
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function decodeUtf8Line(bytes: Uint8Array): { text: string; invalid: boolean } {
  // Fast path: pure ASCII needs no validation.
  if (isAscii(bytes)) return { text: (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('latin1'), invalid: false };
  try {
    return { text: utf8Fatal.decode(bytes), invalid: false };
  } catch {
    return { text: utf8Lossy.decode(bytes), invalid: true };
  }
}

/**
 * Read lines from a byte stream. UTF-16 and legacy encodings are transcoded to UTF-8 first (offsets then
 * count transcoded bytes and are approximate); UTF-8 is split on raw bytes so offsets are exact.
 */
export async function* readLines(stream: AsyncIterable<Buffer | Uint8Array>, opts: LineReaderOptions = {}): AsyncGenerator<TextLine[]> {
  const it = stream[Symbol.asyncIterator]();
  // Gather enough bytes to detect the encoding reliably (streams may deliver tiny first chunks).
  const headParts: Buffer[] = [];
  let headLen = 0;
  while (headLen < 4096) {
    const r = await it.next();
    if (r.done) break;
    const b = Buffer.from(r.value as Uint8Array);
    headParts.push(b);
    headLen += b.length;
  }
  if (headLen === 0) return;
  let firstChunk = Buffer.concat(headParts);
  const det = detectEncoding(firstChunk);
  const enc = normaliseEncoding(opts.encoding ?? det.encoding);
  const bom = enc === det.encoding ? det.bomLength : 0;
  firstChunk = firstChunk.subarray(bom);
  async function* raw(): AsyncGenerator<Buffer> {
    yield firstChunk;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield Buffer.from(r.value as Uint8Array);
    }
  }
  let bytes: AsyncGenerator<Buffer> = raw();
  if (enc !== 'utf-8') bytes = transcodeToUtf8(bytes, enc);
  yield* splitLines(bytes, bom, opts.maxLineBytes ?? 4 * 1024 * 1024, opts.batch ?? 2048);
}

export function normaliseEncoding(name: string): string {
  const n = name.toLowerCase().replace(/_/g, '-');
  if (n === 'utf8') return 'utf-8';
  if (n === 'utf16le' || n === 'utf-16') return 'utf-16le';
  if (n === 'utf16be') return 'utf-16be';
  return n;
}

async function* transcodeToUtf8(src: AsyncGenerator<Buffer>, enc: string): AsyncGenerator<Buffer> {
  if (!iconv.encodingExists(enc)) throw new Error(`unknown text encoding "${enc}"`);
  const decoder = iconv.getDecoder(enc);
  for await (const c of src) {
    const s = decoder.write(c);
    if (s) yield Buffer.from(s, 'utf8');
  }
  const end = decoder.end();
  if (end) yield Buffer.from(end, 'utf8');
}

async function* splitLines(src: AsyncGenerator<Buffer>, startOffset: number, maxLine: number, batchSize: number): AsyncGenerator<TextLine[]> {
  let offset = startOffset;
  let lineNo = 0;
  let crMode: boolean | undefined;
  let pending: Buffer[] = [];
  let kept = 0; // bytes of the current line kept (<= maxLine)
  let total = 0; // bytes of the current line seen
  let lineStart = offset;
  let batch: TextLine[] = [];

  const take = (part: Buffer) => {
    total += part.length;
    const room = maxLine - kept;
    if (room <= 0) return;
    const p = part.length <= room ? part : part.subarray(0, room);
    pending.push(p);
    kept += p.length;
  };
  const finish = () => {
    lineNo++;
    let b: Buffer = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    const cut = total > maxLine;
    if (!cut && b.length > 0 && b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
    const { text, invalid } = decodeUtf8Line(b);
    const rec: TextLine = { line: lineNo, offset: lineStart, text };
    if (invalid) rec.invalidBytes = new Uint8Array(b);
    if (cut) rec.truncatedFrom = total;
    batch.push(rec);
    pending = [];
    kept = 0;
    total = 0;
  };

  for await (const chunk of src) {
    if (crMode === undefined && chunk.length > 0) crMode = !chunk.includes(0x0a) && chunk.includes(0x0d);
    const sep = crMode ? 0x0d : 0x0a;
    // One native check per chunk: in an ASCII chunk every line is valid text, decoded straight from the chunk.
    const ascii = isAscii(chunk);
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(sep, pos);
      if (nl === -1) {
        take(chunk.subarray(pos));
        offset += chunk.length - pos;
        break;
      }
      if (ascii && total === 0 && nl - pos <= maxLine) {
        // Fast path (the line lies wholly in this chunk and is not cut): same result as take() + finish().
        lineNo++;
        const end = nl > pos && chunk[nl - 1] === 0x0d ? nl - 1 : nl;
        batch.push({ line: lineNo, offset: lineStart, text: chunk.toString('latin1', pos, end) });
      } else {
        take(chunk.subarray(pos, nl));
        finish();
      }
      offset += nl - pos + 1;
      lineStart = offset;
      pos = nl + 1;
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (total > 0) finish();
  if (batch.length) yield batch;
}
