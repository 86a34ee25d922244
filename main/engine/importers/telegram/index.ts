/** The Telegram Desktop JSON export importer (`result.json`, single chat or full account, plain or zipped). */
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { ThreadlineError } from '../../errors';
import type { ImportRecord } from '../../model/records';
import type { Importer, ImporterContext, SniffInput, SniffResult } from '../types';
import { JsonScanner, JsonSyntaxError } from './json-scanner';
import { TelegramJsonReader, type ReaderEnv } from './reader';

/** Largest single message (or other list entry) kept whole; real messages are a few KiB at most. */
export const MAX_UNIT_BYTES = 32 * 1024 * 1024;
/**
 * Yield a batch once this many records are waiting, reading 64 KiB at a time: records that are handed on
 * quickly die young, which measured ~40% less CPU on a 1M-message export than 4096-record batches.
 */
const BATCH = 128;
const READ_CHUNK = 64 * 1024;

const CHAT_TYPES = 'personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|private_channel|public_channel|saved_messages|replies';
const RE_PERSONAL = /"personal_information"\s*:\s*\{/;
const RE_CHATS = /"(?:left_)?chats"\s*:\s*\{/;
const RE_LIST = /"list"\s*:\s*\[/;
const RE_CONTACTS = /"(?:contacts|frequent_contacts)"\s*:\s*\{/;
const RE_MESSAGES = /"messages"\s*:\s*\[/;
const RE_TG_MESSAGE_KEYS = new RegExp(`"date_unixtime"\\s*:|"from_id"\\s*:|"actor_id"\\s*:|"type"\\s*:\\s*"(?:${CHAT_TYPES})"`);
const RE_MESSAGE_TYPE = /"type"\s*:\s*"(?:message|service)"/;

function baseName(n: string): string {
  return n.slice(n.lastIndexOf('/') + 1);
}

function isJunk(n: string): boolean {
  return n.startsWith('__MACOSX/') || /(^|\/)\._/.test(n);
}

/** The head as text: UTF-8 (BOM dropped) or UTF-16 when it starts with a UTF-16 BOM. */
function headText(head: Uint8Array): string {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return iconv.decode(b, 'utf-16le');
  if (b[0] === 0xfe && b[1] === 0xff) return iconv.decode(b, 'utf-16be');
  const s = b.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export function sniffTelegramJson(input: SniffInput): SniffResult | null {
  let member: string | undefined;
  if (input.zipEntries) {
    const candidates = input.zipEntries.filter((n) => baseName(n) === 'result.json' && !isJunk(n));
    if (candidates.length === 0) return null;
    member = input.zipMember && candidates.includes(input.zipMember) ? input.zipMember : candidates[0]!;
    if (input.zipMember !== member) return { confidence: 0.6, layout: 'zip', member };
  }
  const text = headText(input.head).trimStart();
  if (!text.startsWith('{')) return null;
  const withMember = (r: SniffResult): SniffResult => (member ? { ...r, member } : r);
  if (RE_PERSONAL.test(text)) return withMember({ confidence: 0.95, layout: 'full-account' });
  if (RE_CONTACTS.test(text) && RE_LIST.test(text)) return withMember({ confidence: 0.9, layout: 'full-account' });
  if (RE_CHATS.test(text) && RE_LIST.test(text)) return withMember({ confidence: 0.9, layout: 'chats-list' });
  if (RE_MESSAGES.test(text)) {
    if (RE_TG_MESSAGE_KEYS.test(text)) return withMember({ confidence: 0.9, layout: 'single-chat' });
    if (RE_MESSAGE_TYPE.test(text)) return withMember({ confidence: 0.8, layout: 'single-chat' });
  }
  return null;
}

interface OpenedJson {
  stream: Readable;
  member?: string;
  zipNames?: Set<string>;
  baseDir: string;
  label: string;
}

async function openJson(ctx: ImporterContext): Promise<OpenedJson> {
  const label = ctx.file.name;
  if (!ctx.sniff.member) return { stream: ctx.file.open({ highWaterMark: READ_CHUNK }), baseDir: '', label };
  const zip = await ctx.file.zip();
  const m = zip.members.find((x) => x.name === ctx.sniff.member);
  if (!m) throw new ThreadlineError('PARSE_ERROR', `The archive has no member "${ctx.sniff.member}".`, { file: label, hint: 'Re-run the import; if it persists the archive listing is inconsistent (damaged zip).' });
  if (m.encrypted) throw new ThreadlineError('PARSE_ERROR', `"${m.name}" in the archive is encrypted.`, { file: label, hint: 'Decrypt the archive with the password from the acquisition record, then import result.json.' });
  const slash = m.name.lastIndexOf('/');
  return {
    stream: await zip.open(m),
    member: m.name,
    zipNames: new Set(zip.members.filter((x) => !x.isDirectory).map((x) => x.name)),
    baseDir: slash >= 0 ? m.name.slice(0, slash + 1) : '',
    label: `${label} (${m.name})`,
  };
}

interface Decoded {
  bomBytes: number;
  /** Set when the text was transcoded to UTF-8 (byte offsets then no longer match the evidence). */
  transcodedFrom?: string;
}

/** UTF-8 bytes of the source: a UTF-8 BOM is reported (and not fed), UTF-16 is transcoded. */
async function* utf8Chunks(src: AsyncIterable<Buffer>, forced: string | undefined, info: Decoded): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  try {
    const r = await it.next();
    if (r.done) return;
    const first = r.value;
    let enc = forced ? forced.toLowerCase().replace(/_/g, '-') : undefined;
    if (enc === 'utf8') enc = 'utf-8';
    if (!enc) {
      if (first[0] === 0xff && first[1] === 0xfe) enc = 'utf-16le';
      else if (first[0] === 0xfe && first[1] === 0xff) enc = 'utf-16be';
      else enc = 'utf-8';
    }
    if (enc !== 'utf-8') {
      if (!iconv.encodingExists(enc)) throw new ThreadlineError('ENCODING_ERROR', `Unknown text encoding "${forced ?? enc}".`, { hint: 'Name an encoding such as utf-8 or utf-16le, or leave it out to detect it.' });
      info.transcodedFrom = enc;
      const dec = iconv.getDecoder(enc);
      yield Buffer.from(dec.write(first), 'utf8');
      for (let n = await it.next(); !n.done; n = await it.next()) yield Buffer.from(dec.write(n.value), 'utf8');
      const tail = dec.end();
      if (tail) yield Buffer.from(tail, 'utf8');
      return;
    }
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
      info.bomBytes = 3;
      if (first.length > 3) yield first.subarray(3);
    } else yield first;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  } finally {
    // Also when the consumer stops early: release the file.
    await it.return?.();
  }
}

function parseError(err: JsonSyntaxError, label: string, transcoded: boolean): ThreadlineError {
  const truncated = /truncated|holds no JSON/.test(err.message);
  const where = transcoded ? `line ${err.line}` : `byte ${err.offset}, line ${err.line}`;
  return new ThreadlineError('PARSE_ERROR', `${label} is not valid JSON at ${where} (${err.path}): ${err.message}`, {
    file: label,
    line: err.line,
    hint: truncated
      ? 'The export is incomplete. Compare its size and hash with the acquisition record and re-acquire or re-export result.json; nothing of this file was imported.'
      : /byte 0x00/.test(err.message) && !transcoded
        ? 'The file holds NUL bytes between characters: it is probably UTF-16 without a byte-order mark. Import it again with the encoding named (utf-16le); nothing of this file was imported.'
        : 'The file breaks JSON syntax at that point. Check it against the original acquisition (a damaged or hand-edited copy?); nothing of this file was imported.',
    cause: err,
  });
}

export const telegramImporter: Importer = {
  id: 'telegram',
  version: '1.0.0',
  label: 'Telegram Desktop export (result.json)',
  unit: 'item',
  method:
    'Reads a Telegram Desktop JSON export (result.json: a single chat, or a full account export with personal_information, contacts, frequent_contacts, sessions, chats and left_chats), plain or inside a zip. ' +
    'The file is streamed: the outer JSON structure is walked and validated byte by byte, and each message (and each contacts, frequent-contacts and sessions entry) is cut out as its exact source text, parsed on its own with the JavaScript JSON parser and kept verbatim as the raw record with its JSON path, byte offset and line. ' +
    'Units counted: every message object, every entry of contacts, frequent_contacts, sessions, web_sessions, profile_pictures and stories, and personal_information. ' +
    'Times: date_unixtime (UTC epoch seconds) is used as the instant; the zone-less date field is the exporting computer\'s local time and is compared with it to derive the exporter\'s UTC offset for every message (reported as the fact exporter-utc-offsets; a message whose offset is not a whole quarter-hour, or steps from the previous message\'s by anything but one hour, is flagged offset-disagrees). Messages with only date (older exports) keep it as wall-clock time, read in the zone declared for the evidence item, and are flagged no-unixtime. ' +
    'Senders: from_id/actor_id (user123, channel123, or a bare number in older exports) is the account key and a Telegram user-id identifier; display names are not identifiers; a null sender name marks a deleted account. personal_information is the owner account (user id, phone, username as identifiers); bare numeric user_id fields (personal_information, contacts) are written as user<digits>, tdesktop\'s own notation used in from_id, so that they match. ' +
    'Direction: outgoing when the sender is the owner (personal_information or the examiner-declared owner); without an owner, in a personal or bot chat the chat id is the other party\'s user id, so its messages are incoming and the other user\'s outgoing (calls so derived are flagged direction-from-chat-peer). ' +
    'phone_call service messages become call records: discard_reason missed or busy gives direction missed; otherwise the caller\'s side (outgoing when the owner called, incoming when the other party did, unknown when that cannot be told); a hangup or disconnect without duration_seconds has duration 0 (tdesktop omits zero). Other service messages become system messages whose body is rendered from the action and its fields (flag body-rendered), as are empty poll, location and shared-contact messages; shared contacts also give a contact record. ' +
    'Media: photo, file and contact_vcard paths become attachment references (omitted when the export says the file was not included; present when found in the same zip). ' +
    'A key written twice in one message is flagged duplicate-keys (the parser keeps the last; the raw keeps both). Lone UTF-16 surrogates, control characters, invisible or bidi characters and invalid UTF-8 are kept and flagged (lone-surrogate, control-chars, invisible-chars, invalid-utf8 with the original bytes). ' +
    'Known Telegram Desktop output bugs are repaired on a copy only when the strict parse fails — \\xHH escapes (to \\u00HH), unquoted custom-emoji document_id paths (tdesktop 4.1.1) and raw control characters inside strings — and counted in the fact repairs; the record keeps the original text and the flag json-repaired. A message that still is not valid JSON is rejected with its raw text; a syntax error outside the messages, or a truncated file, fails the whole import.',
  limits: [
    'The raw form of every record is the exact source text of its JSON object; body text and other fields come from the JavaScript JSON parser (duplicate keys: the last one wins, as in JSON.parse; numbers beyond 2^53 lose precision in fields, flagged unsafe-integer, while the raw text keeps them exact).',
    'Service-message, poll, location and shared-contact bodies are rendered by Threadline from the JSON fields (flag body-rendered); the export has no prose for them.',
    'A chat\'s name, type and id are taken from the fields written before its messages (tdesktop always writes them first); fields after the messages are reported in telegram-anomalies.',
    'Call direction without an owner is derived from the personal chat id; in groups it is unknown. The JSON does not say whether a call was voice or video.',
    'Reactions, inline buttons, saved_from, via_bot, author signatures and edit times are kept in the raw text only.',
    'profile_pictures and stories entries are counted as skipped (not parsed); other_data and unknown sections are listed in the fact sections-not-imported and checked only for balanced brackets and strings, not parsed.',
    'Attachment files are referenced by path, never opened; only their presence in the same zip is checked.',
    `A single message or list entry larger than ${MAX_UNIT_BYTES / 1024 / 1024} MiB is rejected with its first ${MAX_UNIT_BYTES / 1024 / 1024} MiB as raw.`,
    'UTF-16 files are transcoded to UTF-8 first; their records then carry line numbers but no byte offsets.',
  ],

  sniff: sniffTelegramJson,

  async *parse(ctx: ImporterContext): AsyncGenerator<ImportRecord[]> {
    const opened = await openJson(ctx);
    const env: ReaderEnv = { offsets: true, media: { baseDir: opened.baseDir } };
    if (opened.member) env.member = opened.member;
    if (opened.zipNames) env.media.zipNames = opened.zipNames;
    if (ctx.options.owner) env.ownerOption = ctx.options.owner;
    const reader = new TelegramJsonReader(env);
    const scanner = new JsonScanner(reader, { maxCapture: MAX_UNIT_BYTES, maxKey: 64 * 1024 });
    reader.scanner = scanner;
    const decoded: Decoded = { bomBytes: 0 };
    let started = false;
    try {
      for await (const chunk of utf8Chunks(opened.stream as AsyncIterable<Buffer>, ctx.options.encoding, decoded)) {
        if (ctx.signal.aborted) throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled; nothing of this file was kept.', { file: opened.label, hint: 'Start the import again when ready.' });
        if (!started) {
          started = true;
          if (decoded.transcodedFrom) env.offsets = false;
          scanner.skipBytes(decoded.bomBytes);
        }
        scanner.feed(chunk);
        if (reader.out.length >= BATCH) yield reader.take();
      }
      scanner.end();
    } catch (err) {
      opened.stream.destroy();
      if (err instanceof JsonSyntaxError) throw parseError(err, opened.label, decoded.transcodedFrom !== undefined);
      throw err;
    }
    const tail = reader.take();
    const facts: ImportRecord[] = [];
    if (decoded.bomBytes) facts.push({ type: 'fact', key: 'bom', value: 'utf-8' });
    facts.push({ type: 'fact', key: 'encoding', value: decoded.transcodedFrom ? `${decoded.transcodedFrom} (transcoded to UTF-8; offsets omitted)` : 'utf-8' });
    yield [...tail, ...facts, ...reader.finish()];
  },
};
