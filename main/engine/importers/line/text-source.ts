// Reading a chat text export (plain file or zip member) as lines, shared by the LINE and Signal text importers.
import iconv from 'iconv-lite';
import { ThreadlineError } from '../../errors';
import type { ImportRecord, Provenance } from '../../model/records';
import { detectEncoding, normaliseEncoding, readLines, type TextLine } from '../../text/lines';
import type { ImporterContext } from '../types';

const HEAD_BYTES = 64 * 1024;

/** The encoding readLines will use for these first bytes (same rule: override, else BOM / UTF-16 / UTF-8). */
export function encodingFor(head: Uint8Array, override?: string): { encoding: string; bomLength: number } {
  const det = detectEncoding(head);
  const encoding = normaliseEncoding(override ?? det.encoding);
  return { encoding, bomLength: encoding === det.encoding ? det.bomLength : 0 };
}

/** Decode a file head for sniffing: the last (possibly cut) line is dropped. */
export function decodeHead(head: Uint8Array, override?: string): string {
  const { encoding, bomLength } = encodingFor(head, override);
  const body = head.subarray(bomLength);
  let text: string;
  if (encoding === 'utf-8') text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body);
  else if (iconv.encodingExists(encoding)) text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding);
  else text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  if (head.length >= HEAD_BYTES) {
    const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (cut > 0) text = text.slice(0, cut);
  }
  return text;
}

export function headLines(text: string, max: number): string[] {
  const lines = text.split(/\r\n|\n|\r/, max + 1);
  return lines.slice(0, max);
}

/** A fresh read-only byte stream of the evidence: the file itself or, for a zip, the member sniff chose. */
export async function openSource(ctx: ImporterContext): Promise<AsyncIterable<Buffer | Uint8Array>> {
  const member = ctx.sniff.member;
  if (!member) return ctx.file.open();
  const zip = await ctx.file.zip();
  const m = zip.members.find((x) => x.name === member);
  if (!m) {
    throw new ThreadlineError('PARSE_ERROR', `The archive has no member "${member}".`, { file: ctx.file.name, hint: 'Re-run the import; if it persists, extract the chat text file and import it directly.' });
  }
  return (await zip.open(m)) as AsyncIterable<Buffer>;
}

/** The first bytes of the source (for layout detection inside parse). */
export async function readSourceHead(ctx: ImporterContext): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let len = 0;
  const stream = await openSource(ctx);
  for await (const c of stream) {
    const b = Buffer.from(c as Uint8Array);
    chunks.push(b);
    len += b.length;
    if (len >= HEAD_BYTES) break;
  }
  (stream as unknown as { destroy?: () => void }).destroy?.();
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

/** Lines of the source, with the examiner's encoding override; unknown encodings become a clear error. */
export async function* sourceLines(ctx: ImporterContext): AsyncGenerator<TextLine[]> {
  const encoding = ctx.options.encoding;
  if (encoding && !iconv.encodingExists(normaliseEncoding(encoding)) && normaliseEncoding(encoding) !== 'utf-8') {
    throw new ThreadlineError('ENCODING_ERROR', `Unknown text encoding "${encoding}".`, {
      file: ctx.file.name,
      hint: 'Use an encoding name such as utf-8, utf-16le, windows-874 (Thai), shift_jis or big5.',
    });
  }
  const stream = await openSource(ctx);
  for await (const batch of readLines(stream, encoding ? { encoding } : {})) {
    if (ctx.signal.aborted) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled.', { file: ctx.file.name, hint: 'Nothing of this evidence item was kept; start the import again when ready.' });
    }
    yield batch;
  }
}

/** A line-by-line parser: lines in, records out as they complete. */
export interface LineParser {
  push(l: TextLine): void;
  drain(): ImportRecord[];
  end(): void;
}

/**
 * Feeds every source line to the parser and yields its records batch by batch; `first` (facts known from the head)
 * goes out ahead of the first records so accounting sees them before anything else.
 */
export async function* parseSourceLines(ctx: ImporterContext, parser: LineParser, first: ImportRecord[]): AsyncGenerator<ImportRecord[]> {
  let pending: ImportRecord[] | undefined = first;
  for await (const batch of sourceLines(ctx)) {
    for (const l of batch) parser.push(l);
    const out = parser.drain();
    if (pending) {
      out.unshift(...pending);
      pending = undefined;
    }
    if (out.length) yield out;
  }
  parser.end();
  const out = parser.drain();
  if (pending) out.unshift(...pending);
  yield out;
}

export function provOf(l: TextLine, member: string | undefined, last?: TextLine): Provenance {
  const p: Provenance = { line: l.line, offset: l.offset };
  if (last && last.line !== l.line) p.lineEnd = last.line;
  if (member) p.member = member;
  return p;
}

/** The original bytes of several lines, when any of them was not valid in its encoding. */
export function rawBytesOf(lines: readonly TextLine[]): Uint8Array | undefined {
  if (!lines.some((l) => l.invalidBytes)) return undefined;
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    if (i > 0) parts.push(Buffer.from([0x0a]));
    parts.push(l.invalidBytes ? Buffer.from(l.invalidBytes) : Buffer.from(l.text, 'utf8'));
  });
  return new Uint8Array(Buffer.concat(parts));
}

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]/;

/** A small ordered set of flag strings, allocated only when a first flag is added (most records have none). */
export class Flags {
  private list: string[] | undefined;

  constructor(initial?: readonly string[]) {
    if (initial) for (const f of initial) this.add(f);
  }

  add(flag: string): void {
    if (!this.list) this.list = [flag];
    else if (!this.list.includes(flag)) this.list.push(flag);
  }

  get size(): number {
    return this.list?.length ?? 0;
  }

  toArray(): string[] {
    return this.list ? this.list.slice() : [];
  }
}

/** Flags about the text itself that an examiner must see (the text is never altered). */
export function textFlags(lines: readonly TextLine[], parts: readonly string[], flags: Flags): void {
  for (const l of lines) {
    if (l.invalidBytes) flags.add('invalid-utf8'); // the name every importer uses for bytes not valid UTF-8
    if (l.truncatedFrom !== undefined) flags.add('line-truncated');
  }
  for (const p of parts) {
    if (INVISIBLE.test(p)) flags.add('invisible-chars');
    if (p.includes('\u0000')) flags.add('nul-char');
  }
}
