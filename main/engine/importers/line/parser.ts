// The LINE chat-history state machine: text lines in, chat/account/message/call/skip records out, every line accounted for.
import type { AccountRecord, CallRecord, ImportRecord, MessageRecord, RecordTime } from '../../model/records';
import type { TextLine } from '../../text/lines';
import type { DateOrder } from '../types';
import {
  classifyBody,
  clean,
  DateResolver,
  isBlank,
  nameFromFileName,
  parseDateLine,
  parseHeader,
  parseSavedOn,
  parseSpaceLine,
  parseTabLine,
  type BodyClass,
  type ClockTime,
  type HeaderInfo,
  type ResolvedDate,
} from './grammar';
import { SenderIndex } from './participants';
import { Flags, provOf, rawBytesOf, textFlags } from './text-source';

export type Layout = 'tab' | 'space';

export interface LineParserOptions {
  layout: Layout;
  fileName: string;
  member?: string;
  dateOrder?: DateOrder;
  /** Day/month order proven by the file's other date lines (first pass), for lines that cannot settle it. */
  fileOrder?: 'dmy' | 'mdy';
  /** Space layout: participant names inferred from the whole file. */
  names?: Iterable<string>;
}

/** A body longer than this (in UTF-16 units) or spanning more lines is cut into linked records. */
const MAX_BODY_CHARS = 32 * 1024 * 1024;
const MAX_BODY_LINES = 200_000;
const MAX_LISTED = 100;

interface OpenMessage {
  lines: TextLine[];
  /** Body text per line: the text column of the first line, then whole continuation lines. */
  parts: string[];
  chars: number;
  time: RecordTime;
  sender?: string;
  flags: Flags;
  /** The body opened with `"` and no closing quote yet: continuation lines belong to it whatever they look like. */
  inQuote: boolean;
  quoteOpened: boolean;
  quoteClosed: boolean;
  /** Index in `parts` of the line that closed the quote. */
  closeAt?: number;
  /** A record cut out of an over-long body: its first line is a continuation, not a message line. */
  continued: boolean;
}

type CurrentDate = { ok: true; date: ResolvedDate; raw: string } | { ok: false; raw: string; reason: string };

export class LineChatParser {
  private out: ImportRecord[] = [];
  private readonly skipped = new Map<string, number>();
  private seen = 0;
  private parsed = 0;
  private readonly chatKey = 'chat';
  private chatEmitted = false;
  private header: HeaderInfo | undefined;
  private headerRaw: string | undefined;
  private inPreamble = true;
  private date: CurrentDate | undefined;
  private readonly dates: DateResolver;
  private cur: OpenMessage | undefined;
  private pendingBlanks: TextLine[] = [];
  private readonly accounts = new Map<string, string>();
  private ownerName: string | undefined;
  private invalidLines = 0;
  private readonly truncated: { line: number; bytes: number }[] = [];
  private truncatedCount = 0;
  private readonly repeatedHeaders: { line: number; raw: string }[] = [];
  private messages = 0;
  private lastTimeText = '';
  private lastTimeDate: CurrentDate | undefined;
  private lastTimeRaw = '';

  private readonly senders: SenderIndex;

  constructor(private readonly o: LineParserOptions) {
    this.senders = new SenderIndex(o.names ?? []);
    this.dates = new DateResolver(o.dateOrder === 'dmy' || o.dateOrder === 'mdy' ? o.dateOrder : undefined, o.fileOrder);
  }

  push(l: TextLine): void {
    this.seen++;
    if (l.invalidBytes) this.invalidLines++;
    if (l.truncatedFrom !== undefined) {
      this.truncatedCount++;
      if (this.truncated.length < MAX_LISTED) this.truncated.push({ line: l.line, bytes: l.truncatedFrom });
    }
    this.process(l);
  }

  drain(): ImportRecord[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  end(): void {
    if (this.cur?.inQuote) this.breakQuote();
    this.finishCur();
    this.ensureChat();
    this.fact('layout', this.o.layout);
    if (this.header) this.fact('header', { raw: this.headerRaw ?? null, language: this.header.language, name: this.header.name ?? null, chatKind: this.header.chatKind ?? null });
    const d = this.dates.decisions;
    if (Object.values(d).some((n) => n > 0)) {
      const p = this.dates.proven;
      this.fact('date-order', { decided: { ...d }, proven: { ...p }, conflict: p.mdy > 0 && p.dmy > 0, declared: this.o.dateOrder ?? null, provenByFile: this.o.fileOrder ?? null });
    }
    if (this.invalidLines > 0) {
      this.fact('invalid-utf8-lines', this.invalidLines);
      this.fact(
        'encoding-hint',
        `${this.invalidLines} line(s) are not valid in the detected encoding; their bytes are kept. If this is a Thai Windows export, re-import with encoding windows-874; Japanese: shift_jis; Traditional Chinese: big5.`,
      );
    }
    if (this.truncated.length) this.fact('truncated-lines', { count: this.truncatedCount, lines: this.truncated });
    if (this.repeatedHeaders.length) this.fact('repeated-headers', { lines: this.repeatedHeaders });
    if (this.messages === 0) this.fact('no-messages', true);
    for (const [reason, count] of this.skipped) this.out.push({ type: 'skip', outcome: 'skipped', count, reason });
    this.skipped.clear();
    this.out.push({ type: 'units', unit: 'line', seen: this.seen, parsed: this.parsed });
  }

  // ------------------------------------------------------------ line dispatch

  private process(l: TextLine): void {
    const text = l.text;
    const cur = this.cur;
    if (cur?.inQuote) {
      if (!this.startsMessage(text)) {
        this.append(l, undefined);
        if (text.endsWith('"')) {
          const now = this.cur!; // append may have cut an over-long body into a new record
          now.inQuote = false;
          now.quoteClosed = true;
          now.closeAt = now.parts.length - 1;
        }
        return;
      }
      // A message line inside an open quote: the quote was never closed. End the body here rather than swallow the file.
      this.breakQuote();
    }
    if (isBlank(text)) {
      if (this.cur) this.pendingBlanks.push(l);
      else this.skip('blank line');
      return;
    }
    if (this.inPreamble && this.preamble(l)) return;
    const tab = text.indexOf('\t');
    if (tab > 0 && tab <= 20) {
      const m = parseTabLine(text);
      if (m) {
        this.finishCur();
        this.start(l, m.timeText, m.time, m.sender, m.body, m.sender === undefined ? ['two-column-line'] : []);
        return;
      }
    }
    const dl = parseDateLine(text);
    if (dl) {
      this.finishCur();
      this.inPreamble = false;
      const r = this.dates.resolve(dl);
      if ('invalid' in r) {
        this.date = { ok: false, raw: text, reason: r.invalid };
        this.reject(l, `date line with an impossible date (${r.invalid}); messages under it get no time`);
      } else {
        this.date = { ok: true, date: r, raw: text };
        if (r.flags.includes('weekday-mismatch')) this.out.push({ type: 'skip', outcome: 'skipped', count: 1, reason: 'date line (weekday does not match the date)', prov: provOf(l, this.o.member), raw: text });
        else this.skip('date line');
      }
      return;
    }
    if (this.o.layout === 'space') {
      const s = parseSpaceLine(text);
      if (s) {
        this.finishCur();
        const split = this.senders.split(s.rest);
        this.start(l, s.timeText, s.time, split.sender, split.body, split.ambiguous ? ['sender-ambiguous'] : []);
        return;
      }
    }
    if (!this.inPreamble && this.repeatedHeader(l)) return;
    if (this.cur) {
      for (const b of this.pendingBlanks) this.append(b, undefined);
      this.pendingBlanks = [];
      this.append(l, this.cur.quoteClosed ? 'text-after-closing-quote' : 'unquoted-continuation');
      return;
    }
    this.reject(l, this.inPreamble ? 'unrecognised line before the first date line' : 'unrecognised line (not a date line, message line or continuation of one)');
  }

  /** Header, saved-on and blank lines before the first day block. Returns true when the line was one of them. */
  private preamble(l: TextLine): boolean {
    if (!this.header && !this.chatEmitted) {
      const h = parseHeader(l.text);
      if (h) {
        this.header = h;
        this.headerRaw = l.text;
        this.skip('header line');
        return true;
      }
    }
    const saved = parseSavedOn(l.text);
    if (saved) {
      const value: RecordTime = saved.wall ? { kind: 'wall', wall: saved.wall, raw: saved.raw } : { kind: 'none', raw: saved.raw };
      this.fact('saved-on', value as unknown as Record<string, unknown>);
      this.skip('saved-on line');
      return true;
    }
    return false;
  }

  /**
   * A second `[LINE] …` header in mid-file (exports appended to one another): it is counted and reported, and the
   * saved-on line after it is read as such, but the chat stays the one the file started with.
   */
  private repeatedHeader(l: TextLine): boolean {
    if (!clean(l.text.slice(0, 16)).startsWith('[LINE]')) return false;
    const h = parseHeader(l.text);
    if (!h || h.language === 'unknown') return false;
    this.finishCur();
    if (this.repeatedHeaders.length < MAX_LISTED) this.repeatedHeaders.push({ line: l.line, raw: l.text });
    this.out.push({ type: 'skip', outcome: 'skipped', count: 1, reason: 'repeated header line (another export appended to this one?)', prov: provOf(l, this.o.member), raw: l.text });
    this.inPreamble = true;
    this.date = undefined; // the appended export's days start with its own date line
    return true;
  }

  /** Whether a line inside an open quote is really the next message (only a well-formed message line is). */
  private startsMessage(text: string): boolean {
    const tab = text.indexOf('\t');
    if (tab > 0 && tab <= 20 && parseTabLine(text)) return true;
    if (this.o.layout === 'space') {
      const s = parseSpaceLine(text);
      if (s && !this.senders.split(s.rest).ambiguous) return true;
    }
    return false;
  }

  /**
   * Close a quote that never closed. A date line (and the blank lines before it) that the quote absorbed just before
   * the next message is structure, not body: it is given back and read again as a date line.
   */
  private breakQuote(): void {
    const cur = this.cur;
    if (!cur) return;
    cur.inQuote = false;
    const lines = cur.lines;
    let cut = lines.length;
    const last = lines[lines.length - 1];
    if (lines.length > 1 && last && !cur.continued && parseDateLine(last.text)) {
      cut = lines.length - 1;
    }
    while (cut > 1 && isBlank(lines[cut - 1]!.text)) cut--;
    const tail = lines.splice(cut);
    cur.parts.splice(cut);
    if (lines.length > 1 || cur.continued) cur.flags.add('unterminated-quote');
    this.finishCur();
    for (const t of tail) this.process(t);
  }

  // ------------------------------------------------------------ messages

  private start(l: TextLine, timeText: string, clock: ClockTime, sender: string | undefined, body: string, flags: string[]): void {
    this.inPreamble = false;
    const time = this.timeOf(timeText, clock);
    const f = new Flags(flags);
    const opensQuote = body.startsWith('"') && !(body.length > 1 && body.endsWith('"'));
    this.cur = { lines: [l], parts: [body], chars: body.length, time, flags: f, inQuote: opensQuote, quoteOpened: opensQuote, quoteClosed: false, continued: false };
    // An empty sender column is a system line; any other column, even invisible-only, is kept as written (and flagged).
    if (sender !== undefined && sender !== '') this.cur.sender = sender;
  }

  private timeOf(timeText: string, clock: ClockTime): RecordTime {
    const d = this.date;
    if (!d) return { kind: 'none', raw: timeText, flags: ['no-date-context'] };
    // Consecutive messages mostly share the minute: reuse the raw string rather than building it again.
    if (timeText !== this.lastTimeText || d !== this.lastTimeDate) {
      this.lastTimeText = timeText;
      this.lastTimeDate = d;
      this.lastTimeRaw = `${d.raw} ${timeText}`;
    }
    const raw = this.lastTimeRaw;
    if (!d.ok) return { kind: 'none', raw, flags: ['invalid-date'] };
    const t: RecordTime = { kind: 'wall', wall: { y: d.date.y, mo: d.date.mo, d: d.date.d, h: clock.h, mi: clock.mi, s: 0 }, raw };
    if (clock.flags) t.flags = [...d.date.flags, ...clock.flags];
    else if (d.date.flags.length) t.flags = d.date.flags.slice();
    return t;
  }

  private append(l: TextLine, flag: string | undefined): void {
    let cur = this.cur!;
    if (cur.chars + l.text.length > MAX_BODY_CHARS || cur.lines.length >= MAX_BODY_LINES) {
      // Bound memory: emit what we have and carry on in a linked record with the same time and sender.
      const { sender, inQuote } = cur;
      const time = structuredClone(cur.time); // records never share mutable objects
      cur.flags.add('body-split');
      cur.inQuote = false;
      this.finishCur(true);
      cur = { lines: [], parts: [], chars: 0, time, flags: new Flags(['continued-from-previous-record']), inQuote, quoteOpened: false, quoteClosed: false, continued: true };
      if (sender !== undefined) cur.sender = sender;
      this.cur = cur;
    }
    cur.lines.push(l);
    cur.parts.push(l.text);
    cur.chars += l.text.length;
    if (flag) cur.flags.add(flag);
  }

  private finishCur(keepBlanks = false): void {
    if (!keepBlanks && this.pendingBlanks.length) {
      this.skip('blank line', this.pendingBlanks.length);
      this.pendingBlanks = [];
    }
    const cur = this.cur;
    if (!cur) return;
    this.cur = undefined;
    this.ensureChat();
    const { lines, parts } = cur;
    const first = lines[0]!;
    const last = lines[lines.length - 1]!;
    this.parsed += lines.length;
    this.messages++;

    let bodyParts = parts;
    if (cur.quoteOpened && cur.closeAt !== undefined && cur.closeAt > 0) {
      // LINE's wrapping quotes are not part of the message: drop the opening one and the closing one.
      bodyParts = parts.slice();
      bodyParts[0] = bodyParts[0]!.slice(1);
      bodyParts[cur.closeAt] = bodyParts[cur.closeAt]!.slice(0, -1);
      cur.flags.add('quoted-multiline');
    }
    const body = bodyParts.length === 1 ? bodyParts[0]! : bodyParts.join('\n');
    const flags = cur.flags;
    textFlags(lines, parts, flags);
    if (cur.sender !== undefined) textFlags([], [cur.sender], flags);

    const hasSender = cur.sender !== undefined;
    const cls: BodyClass = parts.length === 1 && !cur.continued ? classifyBody(body, hasSender, this.o.layout) : { kind: hasSender ? 'text' : 'system' };
    for (const f of cls.flags ?? []) flags.add(f);

    const prov = provOf(first, this.o.member, last);
    const raw = lines.length === 1 ? first.text : lines.map((x) => x.text).join('\n');
    const rawBytes = rawBytesOf(lines);

    const msg: MessageRecord = { type: 'message', chatKey: this.chatKey, time: cur.time, kind: cls.kind, body, prov, raw };
    let senderKey: string | undefined;
    if (cur.sender !== undefined) {
      senderKey = this.account(cur.sender, first);
      msg.sender = cur.sender;
      msg.senderKey = senderKey;
      const dir = this.direction(cur.sender, flags);
      if (dir) msg.direction = dir;
    }
    if (cls.attachment) msg.attachments = [cls.attachment];
    if (rawBytes) msg.rawBytes = rawBytes;
    if (cls.call) for (const f of cls.call.flags) flags.add(f);
    if (flags.size) msg.flags = flags.toArray();
    this.out.push(msg);

    if (cls.call) {
      // Its own copies of time and provenance: records never share mutable objects.
      const call: CallRecord = { type: 'call', chatKey: this.chatKey, time: structuredClone(cur.time), direction: cls.call.direction, prov: { ...prov }, raw, flags: [...cls.call.flags] };
      if (cls.call.durationS !== undefined) call.durationS = cls.call.durationS;
      if (cls.call.media) call.media = cls.call.media;
      if (senderKey) call.accountKey = senderKey;
      if (cur.sender !== undefined) {
        // LINE writes the call notice under one participant's name; that it is the caller is LINE's convention, not proven.
        call.caller = cur.sender;
        call.flags!.push('caller-from-sender-column');
      }
      if (this.header?.chatKind === 'personal' && this.header.name) call.contactName = this.header.name;
      if (rawBytes) call.rawBytes = rawBytes.slice();
      this.out.push(call);
    }
  }

  /**
   * In a 1:1 chat ("Chat history with X") the header names the other party: X's messages are incoming and the one
   * other name is the exporting owner's. A third name makes that inference unsafe, so it is flagged, not guessed.
   */
  private direction(sender: string, flags: Flags): 'incoming' | 'outgoing' | undefined {
    const h = this.header;
    if (h?.chatKind !== 'personal' || !h.name) return undefined;
    const s = clean(sender);
    if (s === clean(h.name)) return 'incoming';
    if (this.ownerName === undefined || this.ownerName === s) return 'outgoing';
    flags.add('unexpected-sender-in-personal-chat');
    return undefined;
  }

  private account(name: string, l: TextLine): string {
    const known = this.accounts.get(name);
    if (known) return known;
    const key = `acct:${this.accounts.size + 1}`;
    this.accounts.set(name, key);
    const rec: AccountRecord = { type: 'account', key, platform: 'line', display: name, identifiers: [], chats: [this.chatKey], prov: provOf(l, this.o.member) };
    const h = this.header;
    if (h?.chatKind === 'personal' && h.name && this.ownerName === undefined && clean(name) !== clean(h.name)) {
      this.ownerName = clean(name);
      rec.isOwner = true;
      this.fact('owner-inferred', { display: name, rule: 'In a 1:1 LINE export the header names the other party; the only other sender is the exporting account.' });
    }
    this.out.push(rec);
    return key;
  }

  // ------------------------------------------------------------ bookkeeping

  private ensureChat(): void {
    if (this.chatEmitted) return;
    this.chatEmitted = true;
    const name = this.header?.name ?? nameFromFileName(this.o.fileName);
    const prov = this.o.member ? { line: 1, member: this.o.member } : { line: 1 };
    this.out.push({ type: 'chat', key: this.chatKey, platform: 'line', ...(name ? { name } : {}), ...(this.header?.chatKind ? { chatKind: this.header.chatKind } : {}), prov });
  }

  private fact(key: string, value: string | number | boolean | null | Record<string, unknown>): void {
    this.out.push({ type: 'fact', key, value });
  }

  private skip(reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }

  private reject(l: TextLine, reason: string): void {
    const why = l.truncatedFrom !== undefined ? `${reason} (line of ${l.truncatedFrom} bytes; only its start is kept)` : reason;
    this.out.push({ type: 'skip', outcome: 'rejected', count: 1, reason: why, prov: provOf(l, this.o.member), raw: l.invalidBytes ?? l.text });
  }
}
