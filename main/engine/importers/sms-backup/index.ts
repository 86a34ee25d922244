/**
 * SMS Backup & Restore (SyncTech, Android) importer: `sms-*.xml` (`<smses>`: `<sms>`, `<mms>`) and
 * `calls-*.xml` (`<calls>`: `<call>`), streamed through saxes (FORMATS.md §4.1). Each top-level element is
 * one unit; MMS media is decoded and hashed as it streams past and never kept.
 */
import type { Readable } from 'node:stream';
import { ThreadlineError } from '../../errors';
import type { ImportRecord } from '../../model/records';
import { detectEncoding } from '../../text/lines';
import type { Importer, ImporterContext, SniffInput, SniffResult } from '../types';
import { XmlTextDecoder } from './decode';
import { Walker } from './walker';

export interface SmsBackupTuning {
  /** Longest attribute value (characters) kept; longer values are hashed and elided. Default 16 Mi. */
  attrCap?: number;
  /** Longest comment / CDATA / processing instruction accepted. Default 1 Mi. */
  markupCap?: number;
  /** Records per yielded batch. */
  batch?: number;
}

const DEFAULT_ATTR_CAP = 16 * 1024 * 1024;
const DEFAULT_MARKUP_CAP = 1024 * 1024;

const METHOD =
  'Reads SMS Backup & Restore XML backups (sms-*.xml with <sms> and <mms> elements, calls-*.xml with <call> elements) ' +
  'with a streaming XML parser (saxes); nothing is loaded whole. Every top-level element is one unit and becomes one ' +
  'message or call record, or is rejected with its raw form and a reason (for example a missing or non-numeric date). ' +
  'Times are the "date" attribute, epoch milliseconds UTC, stored as instants; the localised readable_date text is kept ' +
  'only in the raw form and never parsed. Counterpart numbers and addresses are recorded exactly as written as ' +
  'identifiers of the other party; contact names are display names only. MMS text parts form the message body; ' +
  'SMIL layout parts are skipped; every binary part is base64-decoded and SHA-256 hashed as it streams past and is ' +
  'recorded as an attachment (hash and size only; attachments are never written to disk or opened). ' +
  'Emoji written as UTF-16 surrogate character references (&#55357;&#56832;) are combined into the real character; ' +
  'lone surrogate references, references to control characters (&#0;, &#27;) and control characters that XML forbids ' +
  'are stored as the character written (U+FFFD for a lone surrogate) and the record is flagged. DOCTYPE and entity ' +
  'declarations are refused. A file that is not well-formed XML (for example a truncated backup) is refused whole with ' +
  'the line and column of the damage. The raw form of each record is the element exactly as written in the file ' +
  '(from its start tag to its end tag, references such as &#10; left as written), except that MMS base64 data longer ' +
  'than 256 characters is replaced by "[N base64 chars, sha256 <hash of the decoded bytes>]" and any other value over ' +
  'the attribute cap by its length and hash. Provenance gives the XPath (/smses/sms[12]), the first and last line and ' +
  'the byte offset of the start tag.';

const LIMITS = [
  'A file that is not well-formed XML is refused as a whole; elements before the damage are not imported on their own.',
  'The raw form is text: bytes that are not valid UTF-8 appear in it as U+FFFD (the record is flagged invalid-utf8 and byte offsets are no longer given after the first such byte).',
  'Line breaks written literally inside an attribute value (not as &#10;) read as spaces in the value, as XML requires; the raw form keeps them.',
  'Attribute values longer than 16 Mi characters (other than MMS part data) are replaced by their SHA-256 and length, and the record is flagged.',
  'Encrypted (AES zip) backups and RCS-only fields are not decoded.',
  'The address of an outgoing MMS "From" is the phone\'s own number as the backup wrote it; it is kept as an identifier but not marked as the owner.',
];

// ---------------------------------------------------------------- sniff

function headText(head: Uint8Array): string {
  const { encoding, bomLength } = detectEncoding(head);
  let b = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 16384)).subarray(bomLength);
  if (encoding === 'utf-16le') return b.subarray(0, b.length & ~1).toString('utf16le');
  if (encoding === 'utf-16be') {
    b = Buffer.from(b.subarray(0, b.length & ~1));
    return b.swap16().toString('utf16le');
  }
  return b.toString('utf8');
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r' || s[i] === '\uFEFF')) i++;
  return i;
}

export function sniffSmsBackup(input: SniffInput): SniffResult | null {
  const s = headText(input.head);
  let i = skipWs(s, 0);
  // XML declaration, <?xml-stylesheet?>, comments
  for (;;) {
    if (s.startsWith('<?', i)) {
      const j = s.indexOf('?>', i);
      if (j === -1) return null;
      i = skipWs(s, j + 2);
    } else if (s.startsWith('<!--', i)) {
      const j = s.indexOf('-->', i);
      if (j === -1) return null;
      i = skipWs(s, j + 3);
    } else break;
  }
  const member = input.zipMember !== undefined ? { member: input.zipMember } : {};
  const m = /^<(smses|calls)[\s>/]/.exec(s.slice(i, i + 8));
  if (m) return { confidence: 0.95, layout: m[1] === 'smses' ? 'sms' : 'calls', ...member };
  // A DOCTYPE before the root: recognised, so that the import refuses it clearly.
  if (s.startsWith('<!DOCTYPE', i) && /<(smses|calls)[\s>/]/.test(s.slice(i))) return { confidence: 0.9, layout: 'with-doctype', ...member };
  return null;
}

// ---------------------------------------------------------------- parse

export interface StreamParseOptions {
  file: string;
  encoding?: string;
  owner?: string;
  member?: string;
  signal?: AbortSignal;
  tuning?: SmsBackupTuning;
}

/** Parse SMS Backup & Restore XML from any byte stream (the importer's core; tests feed it odd chunkings). */
export async function* parseSmsBackupStream(stream: AsyncIterable<Uint8Array>, o: StreamParseOptions): AsyncGenerator<ImportRecord[]> {
  const { file } = o;
  const tuning = o.tuning ?? {};
  const batch = tuning.batch ?? 2048;
  const it = stream[Symbol.asyncIterator]();
  let r = await it.next();
  if (r.done) throw new ThreadlineError('SOURCE_EMPTY', 'The backup is empty (0 bytes).', { file, hint: 'Re-export or re-acquire the backup.' });
  const first = Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
  const dec = new XmlTextDecoder(first.subarray(0, 4096), o.encoding, file);
  const w = new Walker(file, dec, { attrCap: tuning.attrCap ?? DEFAULT_ATTR_CAP, markupCap: tuning.markupCap ?? DEFAULT_MARKUP_CAP }, o.member, o.owner);
  let buf: Buffer | undefined = first;
  while (buf) {
    if (o.signal?.aborted) throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled.', { file });
    w.feed(dec.write(buf), dec.lastExactChars);
    if (w.rec.out.length >= batch) yield w.take();
    r = await it.next();
    buf = r.done ? undefined : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
  }
  w.feed(dec.end(), dec.lastExactChars);
  yield w.finish();
}

async function* parseSmsBackup(ctx: ImporterContext, tuning: SmsBackupTuning): AsyncGenerator<ImportRecord[]> {
  const file = ctx.file.name;
  let stream: Readable;
  let member: string | undefined;
  if (ctx.sniff.member !== undefined) {
    const zip = await ctx.file.zip();
    const m = zip.members.find((x) => x.name === ctx.sniff.member);
    if (!m) throw new ThreadlineError('PARSE_ERROR', `The zip has no member "${ctx.sniff.member}".`, { file });
    stream = await zip.open(m);
    member = m.name;
  } else stream = ctx.file.open();
  try {
    yield* parseSmsBackupStream(stream as AsyncIterable<Buffer>, {
      file,
      tuning,
      signal: ctx.signal,
      ...(ctx.options.encoding ? { encoding: ctx.options.encoding } : {}),
      ...(ctx.options.owner ? { owner: ctx.options.owner } : {}),
      ...(member !== undefined ? { member } : {}),
    });
  } finally {
    stream.destroy();
  }
}

export function createSmsBackupImporter(tuning: SmsBackupTuning = {}): Importer {
  return {
    id: 'sms-backup',
    version: '1.0.0',
    label: 'SMS Backup & Restore XML (Android SMS/MMS and call log)',
    method: METHOD,
    limits: LIMITS,
    unit: 'element',
    sniff: sniffSmsBackup,
    parse: (ctx) => parseSmsBackup(ctx, tuning),
  };
}

export const smsBackupImporter = createSmsBackupImporter();
