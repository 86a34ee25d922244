/** The WhatsApp "Export chat" importer: Android and iOS `.txt` exports and `.zip` exports with media. */
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { ThreadlineError } from '../../errors';
import type { SafeZip, ZipMember } from '../../intake/zip';
import { looksLikeZip, symlinkContentError } from '../../intake/zip';
import type {
  AccountRecord,
  AttachmentRecord,
  AttachmentRef,
  CallRecord,
  ImportRecord,
  MessageRecord,
  Provenance,
  RecordTime,
} from '../../model/records';
import { detectEncoding, normaliseEncoding, readLines, type TextLine } from '../../text/lines';
import { matchCopy } from '../../text/normalise';
import { readHead } from '../sniff';
import type { DateOrder, Importer, ImporterContext, SniffInput, SniffResult } from '../types';
import { classify, newBodyInfo } from './bodies';
import { decideOrder, newEvidence, noteEvidence, resolveTime, type OrderDecision, type OrderEvidence } from './dates';
import { isInvisible, newHeader, parseHeader, type Header, type Layout } from './header';
import { chatNameFromFileName, isChatFileName, looksLikePhone } from './names';

/** Lines longer than this are cut (and flagged); the rest of the line is counted but not kept. */
const MAX_LINE_BYTES = 1024 * 1024;
/** A message longer than this (in characters or lines) is stored as several consecutive parts, none dropped. */
const MAX_MESSAGE_CHARS = 8 * 1024 * 1024;
const MAX_MESSAGE_LINES = 100_000;
const CHAT_KEY = 'chat';

const METHOD =
  'Reads the exported text line by line (streamed, encoding detected from the byte-order mark and UTF-8 validity). ' +
  'A line that starts with a WhatsApp timestamp header (Android `date, time - `, iOS `[date, time] `, older iOS `date, time: `, and the other observed layouts) starts a message; ' +
  'every following line without a header belongs to that message. The author is the text up to the first ": " after the header; a header without one is a system notice. ' +
  'Day/month order is taken from the examiner or inferred from every date in the file (a day above 12); it is never guessed. ' +
  'Times are kept as wall-clock times with no zone, to be read in the zone declared for the evidence item, and the timestamp text is kept as written. ' +
  'Media placeholders, attachments, deletions, edits and missed calls are recognised from their exported wording in the languages seen in real exports. ' +
  'In a zip export every other member is hashed (SHA-256) and listed, never opened.';

const LIMITS = [
  'A line inside a message that itself looks exactly like a message header (for example a pasted or forwarded chat excerpt) is read as the start of a new message (flagged `layout-differs` when its layout is not the file\'s main one). Lines in the two layouts most easily confused with ordinary text (no separator after the time; no year) start messages only when that layout is common in the file; otherwise they stay in their message, which is flagged `header-like-line`.',
  'An author name is cut at the first ": "; a system notice that contains ": " is read as a message from the text before it.',
  'System notices are recognised without an author; those that iOS writes under an author (end-to-end encryption, security code) are recognised by their wording in about 20 languages only.',
  'Media placeholders, deleted-message and missed-call texts are recognised in the languages listed in the importer; others remain plain text messages.',
  'The export carries no time zone and no seconds on Android; times are wall-clock times as written.',
  'Dates written with a month name are read in English only; the Android form without a year (`18 Mar 12:14`) has no usable date and is kept with its raw text and flagged `no-year`.',
  'Lines longer than 1 MiB are cut and flagged `line-truncated`; the cut part is not stored.',
  'Nested zips inside an export are listed and hashed as attachments, never opened.',
];

export const whatsappImporter: Importer = {
  id: 'whatsapp',
  version: '1.0.0',
  label: 'WhatsApp chat export (.txt / .zip)',
  method: METHOD,
  limits: LIMITS,
  unit: 'line',
  sniff,
  parse,
};

// ---------------------------------------------------------------------------------------------------
// Sniffing
// ---------------------------------------------------------------------------------------------------

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x202f || c === 0x3000 || isInvisible(c)) continue;
    return false;
  }
  return true;
}

function decodeHead(head: Uint8Array): string | null {
  const { encoding, bomLength } = detectEncoding(head);
  const body = head.subarray(bomLength);
  let text: string;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') text = new TextDecoder(encoding).decode(body.subarray(0, body.length & ~1));
  else text = new TextDecoder('utf-8').decode(body);
  // Binary data: many C0 control characters.
  const n = Math.min(text.length, 4096);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ctl++;
  }
  if (n > 0 && ctl / n > 0.02) return null;
  return text;
}

/** The Signal-compatible ISO bracket layout `[2019-12-24, 12:23] Name: text` (no seconds). */
function isIsoBracket(h: Header): boolean {
  return h.layout === 'ios' && h.w1 === 4 && h.sep === 0x2d && h.s < 0;
}

function sniff(input: SniffInput): SniffResult | null {
  let member: string | undefined;
  let named = isChatFileName(input.fileName) || chatNameFromFileName(input.fileName) !== undefined;
  if (input.zipEntries) {
    if (!input.zipMember || !/\.txt$/i.test(input.zipMember)) return null;
    member = input.zipMember;
    named = named || isChatFileName(member);
  }
  const text = decodeHead(input.head);
  if (text === null || text.length === 0) return null;
  let nonEmpty = 0;
  let headers = 0;
  let firstIsHeader = false;
  let iso = 0;
  let weak = 0;
  let twelve = 0;
  const layouts = new Map<Layout, number>();
  let pos = 0;
  // When the head was cut, its last line counts only if long enough to hold a whole header.
  let limit = text.length;
  if (input.head.length < input.size) {
    const lastNl = text.lastIndexOf('\n');
    if (text.length - lastNl - 1 < 100) limit = Math.max(0, lastNl);
  }
  while (pos < limit && nonEmpty < 40) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > limit) nl = limit;
    const line = text.slice(pos, nl);
    pos = nl + 1;
    if (isBlank(line)) continue;
    nonEmpty++;
    const h = parseHeader(line);
    if (!h) continue;
    if (nonEmpty === 1) firstIsHeader = true;
    headers++;
    layouts.set(h.layout, (layouts.get(h.layout) ?? 0) + 1);
    if (isIsoBracket(h)) iso++;
    if (h.layout === 'no-separator') weak++;
    if (h.meridiem) twelve++;
  }
  if (headers === 0) return null;
  let confidence: number;
  const whole = input.head.length >= input.size;
  if (firstIsHeader && (headers >= 3 || (headers === nonEmpty && whole))) confidence = 0.9;
  else if (firstIsHeader) confidence = 0.7;
  else if (headers >= 3 && headers * 3 >= nonEmpty) confidence = 0.6;
  else confidence = 0.3;
  // Layouts WhatsApp shares with other tools (Signal's ISO brackets) or that plain dated text can have.
  if (iso === headers) confidence = Math.min(confidence, 0.5);
  else if (weak * 2 > headers) confidence = Math.min(confidence, 0.5);
  if (member && confidence >= 0.9 && named) confidence = 0.95;
  const layout = dominant(layouts);
  const result: SniffResult = { confidence, layout: `${layout}-${twelve * 2 > headers ? '12h' : '24h'}` };
  if (member) result.member = member;
  return result;
}

function dominant(layouts: Map<Layout, number>): Layout {
  let best: Layout = 'android';
  let n = -1;
  for (const [k, v] of layouts) {
    if (v > n) {
      best = k;
      n = v;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------

interface Source {
  /** File name used in errors and facts. */
  label: string;
  member: ZipMember | undefined;
  zip: SafeZip | undefined;
  open(): Promise<AsyncIterable<Buffer>>;
}

function cancelled(file: string): ThreadlineError {
  return new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled.', { file });
}

/** Pick the chat text inside a zip: the sniffed member, `_chat.txt`, a `WhatsApp Chat…txt`, or the only `.txt`. */
function chooseMember(members: ZipMember[], hint: string | undefined): ZipMember | undefined {
  const real = members.filter((m) => !m.isDirectory && !m.isPlatformJunk);
  const base = (n: string) => n.slice(n.lastIndexOf('/') + 1);
  if (hint) {
    const m = real.find((x) => x.name === hint);
    if (m) return m;
  }
  const txt = real.filter((m) => /\.txt$/i.test(m.name));
  return txt.find((m) => base(m.name) === '_chat.txt') ?? txt.find((m) => isChatFileName(m.name)) ?? (txt.length === 1 ? txt[0] : undefined);
}

async function openSource(ctx: ImporterContext): Promise<Source> {
  const file = ctx.file;
  const enc = ctx.options.encoding;
  if (enc !== undefined && !iconv.encodingExists(normaliseEncoding(enc))) {
    throw new ThreadlineError('ENCODING_ERROR', `Unknown text encoding "${enc}".`, {
      file: file.name,
      hint: 'Use an encoding name such as utf-8, utf-16le, windows-1252, windows-874 or shift_jis, or leave it out to detect it.',
    });
  }
  const head = await readHead(file, 4);
  if (!looksLikeZip(head)) {
    return { label: file.name, member: undefined, zip: undefined, open: async () => file.open() };
  }
  const zip = await file.zip();
  const member = chooseMember(zip.members, ctx.sniff.member);
  if (!member) {
    throw new ThreadlineError('PARSE_ERROR', 'The zip archive holds no WhatsApp chat text (`_chat.txt` or `WhatsApp Chat … .txt`).', {
      file: file.name,
      hint: 'Check that this is a WhatsApp export. If the chat text was renamed, extract it and import the .txt file itself.',
    });
  }
  if (member.isSymlink) throw symlinkContentError(file.name, member.name);
  if (member.encrypted) {
    throw new ThreadlineError('PARSE_ERROR', `The chat text "${member.name}" in the archive is encrypted and cannot be read.`, {
      file: file.name,
      hint: 'Decrypt the archive with its password using a forensic tool, then import the result.',
    });
  }
  return { label: file.name, member, zip, open: async () => (await zip.open(member)) as AsyncIterable<Buffer> };
}

interface FirstPass {
  lines: number;
  headers: number;
  firstHeaderLine: number;
  evidence: OrderEvidence;
  layouts: Map<Layout, number>;
  twelveHour: number;
  bomLines: number;
  /** Distinct authors, counted up to 3 (enough to call the chat a group). */
  authors: Set<string>;
  encoding: string;
  bom: boolean;
}

/** Tap a byte stream to see its first chunk (to report the encoding readLines detects). */
async function* tap(src: AsyncIterable<Buffer>, first: (chunk: Buffer) => void): AsyncGenerator<Buffer> {
  let seen = false;
  for await (const c of src) {
    if (!seen) {
      seen = true;
      first(c);
    }
    yield c;
  }
}

async function firstPass(src: Source, ctx: ImporterContext): Promise<FirstPass> {
  const p: FirstPass = {
    lines: 0,
    headers: 0,
    firstHeaderLine: 0,
    evidence: newEvidence(),
    layouts: new Map(),
    twelveHour: 0,
    bomLines: 0,
    authors: new Set(),
    encoding: ctx.options.encoding ?? 'utf-8',
    bom: false,
  };
  const stream = tap(await src.open(), (c) => {
    const det = detectEncoding(c);
    if (!ctx.options.encoding) p.encoding = det.encoding;
    p.bom = det.bomLength > 0;
  });
  const scratch = newHeader();
  for await (const batch of readLines(stream, { maxLineBytes: MAX_LINE_BYTES, encoding: ctx.options.encoding })) {
    if (ctx.signal.aborted) throw cancelled(src.label);
    for (const l of batch) {
      p.lines++;
      const text = l.text;
      if (text.charCodeAt(0) === 0xfeff) p.bomLines++;
      const h = parseHeader(text, scratch);
      if (!h) continue;
      p.headers++;
      if (p.firstHeaderLine === 0) p.firstHeaderLine = l.line;
      p.layouts.set(h.layout, (p.layouts.get(h.layout) ?? 0) + 1);
      if (h.meridiem) p.twelveHour++;
      noteEvidence(p.evidence, h, l.line);
      if (p.authors.size < 3) {
        const colon = text.indexOf(': ', h.restStart);
        if (colon >= 0) p.authors.add(text.slice(h.restStart, colon));
      }
    }
  }
  return p;
}

interface Sender {
  rec: AccountRecord;
  phone: boolean;
  /** `~ Name`: newer Android shows people who are not saved contacts by their own profile name. */
  tilde: boolean;
}

/** A message being collected: its header line and continuation lines. */
interface Pending {
  h: Header;
  lines: TextLine[];
  chars: number;
  /** Author as written, when the header line has one. */
  author: string | undefined;
  /** Index in the first line where the body starts. */
  bodyStart: number;
  markBeforeHeader: boolean;
  /** The timestamp as written on the header line. */
  tsRaw: string;
  /** Part number when an oversized message is split (0 = whole or first part). */
  part: number;
  /** More parts follow this one. */
  split: boolean;
  /** A continuation line looks like a header of a rare layout (kept in this message). */
  headerLike: boolean;
}

const WEAK_LAYOUTS: ReadonlySet<Layout> = new Set<Layout>(['no-separator', 'android-no-year']);

async function* parse(ctx: ImporterContext): AsyncGenerator<ImportRecord[]> {
  const src = await openSource(ctx);
  const memberName = src.member?.name;
  const pass1 = await firstPass(src, ctx);
  if (pass1.headers === 0) {
    throw new ThreadlineError('PARSE_ERROR', `None of the ${pass1.lines} lines starts with a WhatsApp message header (such as "12/9/20, 23:55 - " or "[3/27/22, 21:41:35] ").`, {
      file: src.label,
      hint: 'This does not look like a WhatsApp export. Check the file, or choose another format; if it is a WhatsApp export in a layout Threadline does not know, report it with a sample line.',
    });
  }
  const order = decideOrder(pass1.evidence, ctx.options.dateOrder, memberName ? `${src.label}:${memberName}` : src.label, pass1.firstHeaderLine);
  const mainLayout = dominant(pass1.layouts);
  // The layouts most easily confused with text that merely starts with a date start messages only when
  // they are common in the file; elsewhere such a line stays in its message, which is flagged.
  const weakAccepted = new Set<Layout>();
  for (const l of WEAK_LAYOUTS) if ((pass1.layouts.get(l) ?? 0) * 2 >= pass1.headers) weakAccepted.add(l);

  // Attachment names present in the zip, by base name.
  const present = new Map<string, string>();
  if (src.zip) {
    for (const m of src.zip.members) {
      if (m === src.member || m.isDirectory || m.isPlatformJunk) continue;
      present.set(m.name.slice(m.name.lastIndexOf('/') + 1), m.name);
    }
  }
  const referenced = new Set<string>();

  // The chat.
  const fromZip = src.member ? chatNameFromFileName(src.label) ?? chatNameFromFileName(src.member.name) : undefined;
  const fromName = fromZip ?? chatNameFromFileName(src.label);
  const stem = src.label.replace(/\.(txt|zip)$/i, '');
  const chatName = fromName ?? (stem === '_chat' ? undefined : stem);
  const baseProv = (line: number, lineEnd: number, offset: number): Provenance => {
    const p: Provenance = { line, lineEnd, offset };
    if (memberName !== undefined) p.member = memberName;
    return p;
  };
  const chatProv: Provenance = { line: pass1.firstHeaderLine, lineEnd: pass1.firstHeaderLine };
  if (memberName !== undefined) chatProv.member = memberName;
  const first: ImportRecord[] = [
    {
      type: 'chat',
      key: CHAT_KEY,
      platform: 'whatsapp',
      ...(chatName !== undefined ? { name: chatName } : {}),
      ...(pass1.authors.size > 2 ? { chatKind: 'group' } : {}),
      prov: chatProv,
    },
  ];
  yield first;

  /** Senders by the name as written, with what is known about that name. */
  const accounts = new Map<string, Sender>();
  let seen = 0;
  let parsed = 0;
  // Blank lines before the first message: counted, reported once as skipped.
  let blankBefore = 0;
  let blankFirst: TextLine | undefined;
  let blankLast = 0;
  let out: ImportRecord[] = [];
  const bodyInfo = newBodyInfo();
  let lastTsRaw = '';
  let lastAuthor = '';
  let lastTime: RecordTime | undefined;
  let lastLayout: Layout = mainLayout;
  const calendars = new Set<string>();
  let invalidDates = 0;

  const account = (sender: string, at: Provenance): Sender => {
    let a = accounts.get(sender);
    if (!a) {
      const phone = looksLikePhone(sender);
      const rec: AccountRecord = {
        type: 'account',
        key: `acct:${sender}`,
        platform: 'whatsapp',
        display: sender,
        identifiers: phone ? [{ kind: 'phone', value: sender }] : [],
        chats: [CHAT_KEY],
        // Where the sender first appears: the header line of their first message.
        prov: { ...at, lineEnd: at.line },
      };
      a = { rec, phone, tilde: /^[~\u223c]/.test(matchCopy(sender).trimStart()) };
      accounts.set(sender, a);
      out.push(rec);
    }
    return a;
  };

  const flush = (p: Pending): void => {
    const lines = p.lines;
    const n = lines.length;
    const l0 = lines[0]!;
    const ln = lines[n - 1]!;
    const prov = baseProv(l0.line, ln.line, l0.offset);
    let flags: string[] | undefined;
    const firstBody = p.part === 0 ? l0.text.slice(p.bodyStart) : l0.text;
    let raw: string;
    let body: string;
    let rawBytes: Uint8Array | undefined;
    if (n === 1) {
      raw = l0.text;
      body = firstBody;
      if (l0.truncatedFrom !== undefined) flags = addFlag(flags, 'line-truncated');
      if (l0.invalidBytes) {
        flags = addFlag(flags, 'invalid-utf8');
        rawBytes = l0.invalidBytes;
      }
    } else {
      const texts = new Array<string>(n);
      let truncated = false;
      let invalid = false;
      for (let i = 0; i < n; i++) {
        const l = lines[i]!;
        texts[i] = l.text;
        if (l.truncatedFrom !== undefined) truncated = true;
        if (l.invalidBytes) invalid = true;
      }
      raw = texts.join('\n');
      texts[0] = firstBody;
      body = texts.join('\n');
      if (truncated) flags = addFlag(flags, 'line-truncated');
      if (invalid) {
        flags = addFlag(flags, 'invalid-utf8');
        const parts: Uint8Array[] = [];
        for (let i = 0; i < n; i++) {
          if (i > 0) parts.push(NEWLINE);
          const l = lines[i]!;
          parts.push(l.invalidBytes ?? Buffer.from(l.text, 'utf8'));
        }
        rawBytes = new Uint8Array(Buffer.concat(parts));
      }
    }
    if (p.part > 0) flags = addFlag(flags, 'continued-part');
    if (p.split) flags = addFlag(flags, 'split-oversized');
    if (p.headerLike) flags = addFlag(flags, 'header-like-line');

    // Later parts of a split message repeat the time of its header line.
    const h = p.h;
    // Records with the same raw timestamp share one (immutable) time object: far fewer objects to keep.
    let time: RecordTime;
    if (p.tsRaw === lastTsRaw && lastTime !== undefined && lastTime.flags === undefined && h.layout === lastLayout) time = lastTime;
    else {
      time = timeOf(h, order.order, p.tsRaw);
      lastTime = time;
      lastTsRaw = p.tsRaw;
      lastLayout = h.layout;
    }
    if (time.flags) {
      for (const f of time.flags) {
        if (f === 'buddhist-era' || f === 'japanese-era') calendars.add(f);
        else if (f === 'invalid-date' || f === 'no-year') invalidDates++;
        flags = addFlag(flags, f);
      }
    }
    if (h.layout !== mainLayout) flags = addFlag(flags, 'layout-differs');

    const info = classify(bodyInfo, firstBody, n, ln.text, p.author !== undefined, p.markBeforeHeader);
    if (info.flags) for (const f of info.flags) flags = addFlag(flags, f);

    const msg: MessageRecord = { type: 'message', chatKey: CHAT_KEY, time, kind: info.kind, body, prov, raw };
    let sender: Sender | undefined;
    if (p.author !== undefined) {
      if (info.systemByText) {
        flags = addFlag(flags, 'system-under-author');
      } else {
        sender = account(p.author, prov);
        msg.senderKey = sender.rec.key;
        // The account's copy of the same text, so the per-message slice is not kept.
        msg.sender = sender.rec.display!;
        if (sender.tilde) flags = addFlag(flags, 'tilde-name');
      }
    }
    if (info.byOwner) {
      msg.direction = 'outgoing';
      flags = addFlag(flags, 'deleted-by-owner');
    }
    if (info.attachments) {
      const refs: AttachmentRef[] = [];
      for (const a of info.attachments) {
        if (a.omitted) {
          refs.push({ name: a.name, status: 'omitted' });
        } else {
          const inZip = present.get(a.name.slice(a.name.lastIndexOf('/') + 1));
          if (inZip !== undefined) referenced.add(inZip);
          refs.push({ name: a.name, status: inZip !== undefined ? 'present' : 'referenced' });
        }
      }
      msg.attachments = refs;
    }
    if (SPECIAL.test(body)) {
      if (INVISIBLES.test(body)) flags = addFlag(flags, 'invisible-chars');
      if (BIDI_OVERRIDE.test(body)) flags = addFlag(flags, 'bidi-override');
      if (CONTROL.test(body)) flags = addFlag(flags, 'control-chars');
      // U+FFFD in text that decoded cleanly: either written so, or an unpaired surrogate replaced while
      // a UTF-16 file was transcoded (the shared line reader cannot keep those bytes).
      if (rawBytes === undefined && body.includes('\uFFFD')) flags = addFlag(flags, 'replacement-char');
    }
    if (flags) msg.flags = flags;
    if (rawBytes) msg.rawBytes = rawBytes;
    out.push(msg);
    if (info.call) {
      const call: CallRecord = {
        type: 'call',
        chatKey: CHAT_KEY,
        time,
        direction: 'missed',
        media: info.call.media,
        prov,
        raw,
      };
      if (sender !== undefined) {
        call.accountKey = sender.rec.key;
        call.caller = sender.rec.display!;
        if (sender.phone) call.counterpart = sender.rec.display!;
        else call.contactName = sender.rec.display!;
      }
      if (info.call.group) call.flags = ['group-call'];
      if (rawBytes) call.rawBytes = rawBytes;
      out.push(call);
    }
    parsed += n;
  };

  /** Start collecting a message at its header line (the one pending message object is reused). */
  const startMessage = (p: Pending, h: Header, l: TextLine): void => {
    const text = l.text;
    const colon = text.indexOf(': ', h.restStart);
    const c0 = text.charCodeAt(0) === 0xfeff ? text.charCodeAt(1) : text.charCodeAt(0);
    p.h = h;
    p.lines.length = 0;
    p.lines.push(l);
    p.chars = text.length;
    // Consecutive messages often share a sender and a timestamp: keep one string of each then (and, in
    // flush, one time object for the same timestamp), so far fewer objects stay alive per message.
    if (colon < 0) p.author = undefined;
    else {
      const author = text.slice(h.restStart, colon);
      p.author = author === lastAuthor ? lastAuthor : (lastAuthor = author);
    }
    p.bodyStart = colon >= 0 ? colon + 2 : h.restStart;
    p.markBeforeHeader = c0 === 0x200e || c0 === 0x200f;
    const ts = text.slice(h.tsStart, h.tsEnd);
    p.tsRaw = ts === lastTsRaw ? lastTsRaw : ts;
    p.part = 0;
    p.split = false;
    p.headerLike = false;
  };

  // One pending message, and two header objects: the next header is read before the pending one is flushed.
  const cur: Pending = { h: newHeader(), lines: [], chars: 0, author: undefined, bodyStart: 0, markBeforeHeader: false, tsRaw: '', part: 0, split: false, headerLike: false };
  let active = false;
  let spare = newHeader();
  const stream = await src.open();
  for await (const batch of readLines(stream, { maxLineBytes: MAX_LINE_BYTES, encoding: ctx.options.encoding })) {
    if (ctx.signal.aborted) throw cancelled(src.label);
    for (const l of batch) {
      seen++;
      let h = parseHeader(l.text, spare);
      if (h && WEAK_LAYOUTS.has(h.layout) && !weakAccepted.has(h.layout)) {
        h = null;
        if (active) cur.headerLike = true;
      }
      if (h) {
        if (active) flush(cur);
        else if (blankBefore > 0) {
          out.push({ type: 'skip', outcome: 'skipped', count: blankBefore, reason: 'blank-before-first-message', prov: baseProv(blankFirst!.line, blankLast, blankFirst!.offset) });
        }
        spare = cur.h;
        startMessage(cur, h, l);
        active = true;
      } else if (active) {
        if (cur.chars + l.text.length > MAX_MESSAGE_CHARS || cur.lines.length >= MAX_MESSAGE_LINES) {
          // Store what we have as one part and carry on with the next: nothing is dropped.
          cur.split = true;
          flush(cur);
          cur.lines.length = 0;
          cur.lines.push(l);
          cur.chars = l.text.length;
          cur.part++;
          cur.split = false;
          cur.headerLike = false;
          cur.markBeforeHeader = false;
        } else {
          cur.lines.push(l);
          cur.chars += l.text.length;
        }
      } else if (isBlank(l.text)) {
        blankFirst ??= l;
        blankLast = l.line;
        blankBefore++;
      } else {
        const rej: ImportRecord = { type: 'skip', outcome: 'rejected', count: 1, reason: 'text-before-first-message', prov: baseProv(l.line, l.line, l.offset), raw: l.invalidBytes ?? l.text };
        out.push(rej);
      }
    }
    if (out.length) {
      yield out;
      out = [];
    }
  }
  if (active) flush(cur);
  if (seen !== pass1.lines) {
    throw new ThreadlineError('SOURCE_CHANGED', `The file read ${pass1.lines} lines the first time and ${seen} the second: it changed during the import.`, {
      file: src.label,
      hint: 'Nothing was imported. Import from a read-only copy (a verified image) that cannot change.',
    });
  }

  // Media beside the chat in a zip: hashed, never opened.
  if (src.zip) {
    for (const m of src.zip.members) {
      if (m === src.member || m.isDirectory || m.isPlatformJunk) continue;
      if (ctx.signal.aborted) throw cancelled(src.label);
      out.push(await hashMember(src.zip, m));
      if (out.length >= 256) {
        yield out;
        out = [];
      }
    }
  }

  // Facts about the evidence item as a whole.
  out.push({ type: 'fact', key: 'layout', value: mainLayout });
  out.push({ type: 'fact', key: 'layouts', value: Object.fromEntries(pass1.layouts) });
  out.push({ type: 'fact', key: 'clock', value: pass1.twelveHour === 0 ? '24h' : pass1.twelveHour === pass1.headers ? '12h' : 'mixed' });
  out.push({ type: 'fact', key: 'dateOrder', value: dateOrderFact(order) });
  out.push({ type: 'fact', key: 'encoding', value: { encoding: pass1.encoding, bom: pass1.bom, linesStartingWithBom: pass1.bomLines } });
  out.push({ type: 'fact', key: 'participants', value: accounts.size });
  out.push({ type: 'fact', key: 'calendar', value: calendars.size ? [...calendars].join(',') : 'gregorian' });
  out.push({ type: 'fact', key: 'chatName', value: { name: chatName ?? null, source: fromName !== undefined ? 'file-name-prefix' : chatName !== undefined ? 'file-name' : 'none' } });
  if (invalidDates) out.push({ type: 'fact', key: 'undatedMessages', value: invalidDates });
  if (src.zip && src.member) {
    out.push({ type: 'fact', key: 'chatMember', value: src.member.name });
    const junk = src.zip.members.filter((m) => m.isPlatformJunk).map((m) => m.name);
    if (junk.length) out.push({ type: 'fact', key: 'zipIgnoredMembers', value: { count: junk.length, names: junk.slice(0, 100) } });
    const unreferenced = [...present.values()].filter((n) => !referenced.has(n));
    if (unreferenced.length) out.push({ type: 'fact', key: 'unreferencedAttachments', value: { count: unreferenced.length, names: unreferenced.slice(0, 100) } });
  }
  out.push({ type: 'units', unit: 'line', seen, parsed });
  yield out;
}

const NEWLINE = new Uint8Array([0x0a]);

function addFlag(flags: string[] | undefined, f: string): string[] {
  if (flags) {
    flags.push(f);
    return flags;
  }
  return [f];
}
/** One cheap test before the three specific ones. */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFD]/;
const INVISIBLES = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]/;
const BIDI_OVERRIDE = /[\u202D\u202E]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Reused by timeOf: most times carry no flags, so no array is allocated for them. */
const timeFlags: string[] = [];

function timeOf(h: Header, order: DateOrder, raw: string): RecordTime {
  timeFlags.length = 0;
  const wall = resolveTime(h, order, timeFlags);
  if (wall) return timeFlags.length ? { kind: 'wall', wall, raw, flags: timeFlags.slice() } : { kind: 'wall', wall, raw };
  return { kind: 'none', raw, flags: timeFlags.slice() };
}

function dateOrderFact(d: OrderDecision): Record<string, unknown> {
  const v: Record<string, unknown> = { order: d.order, source: d.source };
  if (d.evidenceLine !== undefined) v.evidenceLine = d.evidenceLine;
  return v;
}

async function hashMember(zip: SafeZip, m: ZipMember): Promise<AttachmentRecord> {
  const prov: Provenance = { member: m.name };
  if (m.isSymlink) return { type: 'attachment', member: m.name, size: m.size, status: 'refused', reason: 'symbolic link: not followed', prov };
  if (m.encrypted) return { type: 'attachment', member: m.name, size: m.size, status: 'refused', reason: 'encrypted member: cannot be read without the password', prov };
  try {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of (await zip.open(m)) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { type: 'attachment', member: m.name, size, sha256: hash.digest('hex'), status: 'stored', prov };
  } catch (err) {
    return { type: 'attachment', member: m.name, size: m.size, status: 'refused', reason: `unreadable: ${(err as Error).message}`, prov };
  }
}
