/**
 * Streams one Telegram Desktop HTML chat page (`messages.html`, `messages2.html` …) through htmlparser2 and
 * turns each `div.message` into a record: default messages (author carried over "joined" ones), service
 * messages, day separators (skipped), calls (`media_call`), with the message element's source as raw.
 */
import { Parser } from 'htmlparser2';
import type { AttachmentRef, CallDirection, CallRecord, ContactRecord, ImportRecord, MessageRecord, Provenance, RecordTime, TextEntity } from '../../model/records';
import { hasInvisibles } from '../../text/normalise';

/** Largest message element kept whole as raw (characters). */
const MAX_MESSAGE_CHARS = 8 * 1024 * 1024;
/** Most text collected for one field of a message (characters). */
const MAX_FIELD_CHARS = 4 * 1024 * 1024;

// What the text inside an element is collected for.
const T_NONE = 0;
const T_FROM = 1;
const T_FWD_FROM = 2;
const T_TEXT = 3;
const T_SERVICE = 4;
const T_MEDIA_TITLE = 5;
const T_MEDIA_DESC = 6;
const T_MEDIA_STATUS = 7;
const T_REPLY = 8;
const T_SIGNATURE = 9;
const T_HEADER = 10;
const T_POLL = 11;

interface El {
  name: string;
  target: number;
  isMessage: boolean;
  inForwarded: boolean;
  inMedia: boolean;
  /** Index into the text buffer where an `<a>` inside the text began. */
  entity?: { href: string; onclick: string; start: number };
}

interface Msg {
  id: string;
  kind: 'default' | 'service';
  joined: boolean;
  start: number;
  line: number;
  time?: string;
  fields: string[];
  entities: TextEntity[];
  hrefs: string[];
  call: boolean;
  /** The `media_*` class of the media block (media_contact, media_location, media_voice_message …). */
  mediaClass?: string;
  replyTo?: string;
  truncated: boolean;
  head?: string;
}

/** Per-chat state carried across the pages of one chat. */
export interface HtmlChatState {
  key: string;
  emitted: boolean;
  name?: string;
  lastAuthor?: string;
  dayText?: string;
  prevId?: number;
}

export interface HtmlPageEnv {
  /** The page's name for provenance (`messages2.html`, or the zip member). */
  page: string;
  member?: string;
  /** Zip member names and the page's folder inside the zip, to tell present attachments. */
  zipNames?: Set<string>;
  baseDir: string;
}

export interface HtmlCounters {
  seen: number;
  parsed: number;
}

const DATE_TITLE = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-])(\d{2}):(\d{2}))?$/;
const OMITTED = /^(?:Not included|Exceeds maximum size|Unavailable)/;
const CALL_STATUS = /^(Outgoing|Incoming|Missed|Cancelled|Declined)(?: \((\d+) seconds?\))?$/;

function classes(attribs: Record<string, string>): Set<string> {
  return new Set((attribs['class'] ?? '').split(/\s+/).filter((c) => c));
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** `04.06.2020 14:16:12` (older: exporter's local time) or `… UTC+01:00` (newer: an instant). */
export function parseHtmlDate(title: string): RecordTime | null {
  const m = DATE_TITLE.exec(title);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const y = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  if (m[7]) {
    const off = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
    return { kind: 'instant', utcMs: Date.UTC(y, mo - 1, d, h, mi, s) - off * 60_000, raw: title };
  }
  return { kind: 'wall', wall: { y, mo, d, h, mi, s }, raw: title };
}

/** tdesktop wraps block content in a newline and closes it on a new, indented line: strip exactly that. */
function unwrapBlock(s: string): string {
  let a = 0;
  let b = s.length;
  if (s.charCodeAt(0) === 10) a = 1;
  let k = b;
  while (k > a && s.charCodeAt(k - 1) === 32) k--;
  if (k > a && s.charCodeAt(k - 1) === 10) b = k - 1;
  return s.slice(a, b);
}

function entityFor(href: string, onclick: string, text: string): TextEntity {
  if (href.startsWith('tel:')) return { type: 'phone', text };
  if (href.startsWith('mailto:')) return { type: 'email', text };
  if (/ShowHashtag/.test(onclick)) return { type: 'hashtag', text };
  if (/ShowCashtag/.test(onclick)) return { type: 'cashtag', text };
  if (/ShowBotCommand/.test(onclick)) return { type: 'bot_command', text };
  if (/ShowMentionName/.test(onclick)) return { type: 'mention_name', text };
  if (text.startsWith('@') && /^https?:\/\/t\.me\//.test(href)) return { type: 'mention', text, href };
  if (href === text) return { type: 'link', text };
  return { type: 'text_link', text, href };
}

export class TelegramHtmlPage {
  readonly out: ImportRecord[] = [];
  private readonly parser: Parser;
  private readonly stack: El[] = [];
  private msg?: Msg;
  private msgDepth = -1;
  // Decoded text window for raw slices and line numbers.
  private buf = '';
  private bufStart = 0;
  private linePos = 0;
  private line = 1;
  private header = '';

  constructor(
    private readonly chat: HtmlChatState,
    private readonly env: HtmlPageEnv,
    private readonly counters: HtmlCounters,
    private readonly skips: Map<string, { count: number; first: Provenance }>,
  ) {
    this.parser = new Parser(
      {
        onopentag: (name, attribs) => this.open(name, attribs),
        ontext: (text) => this.text(text),
        onclosetag: () => this.close(),
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
  }

  write(chunk: string): void {
    this.buf += chunk;
    this.parser.write(chunk);
    this.trim();
  }

  end(): void {
    this.parser.end();
    if (this.msg) this.finishMessage(this.bufStart + this.buf.length - 1);
  }

  // ---- text window ----

  /** Line of an absolute character index (queries only move forward). */
  private lineAt(abs: number): number {
    let p = this.linePos - this.bufStart;
    const stop = Math.min(abs, this.bufStart + this.buf.length) - this.bufStart;
    while (p < stop) {
      const nl = this.buf.indexOf('\n', p);
      if (nl < 0 || nl >= stop) break;
      this.line++;
      p = nl + 1;
    }
    this.linePos = this.bufStart + Math.max(p, stop);
    return this.line;
  }

  private trim(): void {
    const keep = this.msg ? (this.msg.truncated ? this.parser.endIndex + 1 : this.msg.start) : this.parser.endIndex + 1;
    if (this.msg && !this.msg.truncated && this.buf.length > MAX_MESSAGE_CHARS) {
      this.msg.truncated = true;
      this.msg.head = this.buf.slice(this.msg.start - this.bufStart, this.msg.start - this.bufStart + MAX_MESSAGE_CHARS);
    }
    const cut = Math.min(keep, this.bufStart + this.buf.length) - this.bufStart;
    if (cut > 4096) {
      this.lineAt(this.bufStart + cut);
      this.buf = this.buf.slice(cut);
      this.bufStart += cut;
    }
  }

  private slice(a: number, b: number): string {
    return this.buf.slice(Math.max(0, a - this.bufStart), Math.max(0, b - this.bufStart));
  }

  // ---- parser callbacks ----

  private open(name: string, attribs: Record<string, string>): void {
    const parent = this.stack[this.stack.length - 1];
    const el: El = { name, target: parent?.target ?? T_NONE, isMessage: false, inForwarded: parent?.inForwarded ?? false, inMedia: parent?.inMedia ?? false };
    const cls = name === 'div' || name === 'a' || name === 'span' ? classes(attribs) : undefined;
    if (name === 'div' && cls?.has('message') && (cls.has('default') || cls.has('service')) && !this.msg) {
      const start = this.parser.startIndex;
      const idAttr = attribs['id'] ?? '';
      this.msg = {
        id: /^message-?\d+$/.test(idAttr) ? idAttr.slice(7) : idAttr,
        kind: cls.has('service') ? 'service' : 'default',
        joined: cls.has('joined'),
        start,
        line: this.lineAt(start),
        fields: [],
        entities: [],
        hrefs: [],
        call: false,
        truncated: false,
      };
      this.msgDepth = this.stack.length;
      el.isMessage = true;
      el.target = T_NONE;
    } else if (this.msg && cls) {
      if (cls.has('userpic_wrap') || cls.has('userpic') || cls.has('initials')) el.target = T_NONE;
      else if (cls.has('date') && cls.has('details')) {
        if (!el.inForwarded && this.msg.time === undefined && attribs['title'] !== undefined) this.msg.time = attribs['title'];
        el.target = T_NONE;
      } else if (cls.has('from_name')) el.target = el.inForwarded ? T_FWD_FROM : T_FROM;
      else if (cls.has('forwarded') && cls.has('body')) el.inForwarded = true;
      else if (cls.has('reply_to')) el.target = T_REPLY;
      else if (cls.has('media_wrap')) el.inMedia = true;
      else if (el.inMedia && cls.has('media_call')) {
        this.msg.call = true;
        this.msg.mediaClass = 'media_call';
      } else if (el.inMedia && cls.has('media_poll')) el.target = T_POLL;
      else if (el.inMedia && cls.has('title')) el.target = T_MEDIA_TITLE;
      else if (el.inMedia && cls.has('description')) el.target = T_MEDIA_DESC;
      else if (el.inMedia && cls.has('status')) el.target = T_MEDIA_STATUS;
      else if (cls.has('text') && this.msg.kind === 'default') el.target = T_TEXT;
      else if (cls.has('body') && cls.has('details') && this.msg.kind === 'service') el.target = T_SERVICE;
      else if (cls.has('signature')) el.target = T_SIGNATURE;
      if (el.inMedia && this.msg.mediaClass === undefined) {
        for (const c of cls) if (c.startsWith('media_') && c !== 'media_wrap') this.msg.mediaClass = c;
      }
      if (name === 'a') {
        const href = attribs['href'] ?? '';
        const onclick = attribs['onclick'] ?? '';
        if (el.target === T_REPLY || /GoToMessage|go_to_message/.test(href + onclick)) {
          const m = /GoToMessage\((-?\d+)\)/.exec(onclick) ?? /go_to_message(-?\d+)/.exec(href);
          if (m && (el.target === T_REPLY || el.target === T_SERVICE)) this.msg.replyTo = m[1];
        } else if (el.inMedia && href) this.msg.hrefs.push(href);
        if (el.target === T_TEXT) el.entity = { href, onclick, start: (this.msg.fields[T_TEXT] ?? '').length };
      }
    } else if (!this.msg && cls && name === 'div') {
      if (cls.has('page_header')) el.target = T_HEADER;
      else if (parent?.target === T_HEADER && !(cls.has('text') || cls.has('content'))) el.target = T_NONE;
    }
    if (this.msg && (name === 'img' || name === 'video' || name === 'audio') && el.inMedia && attribs['src'] && !this.msg.hrefs.length) {
      // A thumbnail without a link: keep its source as the media reference.
      this.msg.hrefs.push(attribs['src']);
    }
    if (name === 'br') this.append(el.target, '\n');
    this.stack.push(el);
  }

  private append(target: number, s: string): void {
    if (target === T_NONE) return;
    if (target === T_HEADER) {
      if (this.header.length < 4096) this.header += s;
      return;
    }
    const m = this.msg;
    if (!m) return;
    const cur = m.fields[target] ?? '';
    if (cur.length >= MAX_FIELD_CHARS) return;
    m.fields[target] = cur + s;
  }

  private text(t: string): void {
    const el = this.stack[this.stack.length - 1];
    this.append(el?.target ?? T_NONE, t);
  }

  private close(): void {
    const el = this.stack.pop();
    if (!el) return;
    // htmlparser2 reports implied closes in order, so this stack stays balanced even on broken markup.
    if (el.entity && this.msg) {
      const text = (this.msg.fields[T_TEXT] ?? '').slice(el.entity.start);
      this.msg.entities.push(entityFor(el.entity.href, el.entity.onclick, text));
    }
    if (el.target === T_HEADER && this.stack[this.stack.length - 1]?.target !== T_HEADER && this.header) {
      const h = this.header.trim();
      if (h && !this.chat.name) this.chat.name = h;
    }
    if (el.isMessage && this.msg && this.stack.length === this.msgDepth) this.finishMessage(this.parser.endIndex);
  }

  // ---- records ----

  private prov(m: Msg, endLine: number): Provenance {
    const p: Provenance = { path: `${this.env.page}#message${m.id}`, line: m.line };
    if (endLine > m.line) p.lineEnd = endLine;
    if (this.env.member) p.member = this.env.member;
    return p;
  }

  private emitChat(): void {
    if (this.chat.emitted) return;
    this.chat.emitted = true;
    const rec: ImportRecord = { type: 'chat', key: this.chat.key, platform: 'telegram', prov: { path: this.env.page, line: 1 } };
    if (this.env.member) rec.prov.member = this.env.member;
    if (this.chat.name) rec.name = this.chat.name;
    this.out.push(rec);
  }

  private finishMessage(endIndex: number): void {
    const m = this.msg!;
    this.msg = undefined;
    this.msgDepth = -1;
    const endLine = this.lineAt(endIndex);
    const raw = m.truncated ? `${m.head ?? ''}…` : this.slice(m.start, endIndex + 1);
    const prov = this.prov(m, endLine);
    this.counters.seen++;
    const field = (t: number) => m.fields[t] ?? '';

    if (m.kind === 'service') {
      const text = field(T_SERVICE).trim();
      if (m.id.startsWith('-')) {
        // A day separator ("4 June 2020"), not an event.
        this.chat.dayText = text;
        const s = this.skips.get('day separator');
        if (s) s.count++;
        else this.skips.set('day separator', { count: 1, first: prov });
        return;
      }
      this.emitChat();
      const flags = ['no-time'];
      if (m.truncated) flags.push('raw-truncated');
      const rec: MessageRecord = { type: 'message', chatKey: this.chat.key, time: { kind: 'none', raw: this.chat.dayText ?? '' }, kind: 'system', body: text, prov, raw, flags };
      if (/^\d+$/.test(m.id)) rec.extId = m.id;
      if (m.replyTo !== undefined) rec.replyTo = m.replyTo;
      this.chat.lastAuthor = undefined;
      this.out.push(rec);
      this.counters.parsed++;
      return;
    }

    if (!/^\d+$/.test(m.id)) {
      this.out.push({ type: 'skip', outcome: 'rejected', count: 1, reason: `The message element has no usable id ("${m.id.slice(0, 40)}").`, prov, raw });
      return;
    }
    const time = m.time !== undefined ? parseHtmlDate(m.time.trim()) : null;
    if (!time) {
      this.out.push({ type: 'skip', outcome: 'rejected', count: 1, reason: m.time === undefined ? 'The message has no date title.' : `The message date "${m.time.slice(0, 60)}" cannot be read.`, prov, raw });
      return;
    }
    this.emitChat();
    const flags: string[] = [];
    if (time.kind === 'wall') flags.push('no-offset');
    if (m.truncated) flags.push('raw-truncated');
    const idNum = Number(m.id);
    if (this.chat.prevId !== undefined && idNum <= this.chat.prevId) flags.push('id-order');
    this.chat.prevId = idNum;

    let sender: string | undefined;
    const from = field(T_FROM).trim();
    if (from) {
      sender = from;
      const via = / via @(\S+)$/.exec(from);
      if (via) {
        sender = from.slice(0, via.index);
        flags.push('via-bot');
      }
      this.chat.lastAuthor = sender;
    } else if (m.joined && this.chat.lastAuthor !== undefined) {
      sender = this.chat.lastAuthor;
      flags.push('sender-carried');
    } else flags.push('sender-unknown');
    if (sender === 'Deleted Account') flags.push('deleted-account');
    const senderKey = sender !== undefined ? `tg-name:${sender}` : undefined;
    if (senderKey && sender !== undefined) this.declare(senderKey, sender, prov);

    const attachments: AttachmentRef[] = [];
    const desc = field(T_MEDIA_DESC).trim();
    const title = field(T_MEDIA_TITLE).trim();
    for (const href of m.hrefs) {
      if (/^(?:https?:|#|javascript:)/i.test(href)) continue;
      const ref: AttachmentRef = { name: href, status: 'referenced' };
      if (/(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[A-Za-z]:/.test(href)) flags.push('unsafe-attachment-path');
      else if (this.env.zipNames?.has(this.env.baseDir + href)) ref.status = 'present';
      attachments.push(ref);
    }
    if (OMITTED.test(desc) && !m.call) attachments.push({ name: title ? `${title}: ${desc}` : desc, status: 'omitted' });

    if (m.call) {
      const status = field(T_MEDIA_STATUS).trim();
      const cs = CALL_STATUS.exec(status);
      let direction: CallDirection = 'unknown';
      if (cs) direction = cs[1] === 'Outgoing' ? 'outgoing' : cs[1] === 'Incoming' ? 'incoming' : cs[1] === 'Declined' ? 'rejected' : 'missed';
      else flags.push('call-status-unknown');
      if (cs?.[1] === 'Cancelled') flags.push('cancelled-by-caller');
      const rec: CallRecord = { type: 'call', chatKey: this.chat.key, time, direction, prov, raw };
      if (cs?.[2]) rec.durationS = Number(cs[2]);
      else if (direction === 'outgoing' || direction === 'incoming') rec.durationS = 0;
      if (sender !== undefined) rec.caller = sender;
      // The media title names the callee (tdesktop: the peer on outgoing calls, the owner on incoming ones).
      if (direction === 'outgoing' || cs?.[1] === 'Cancelled') {
        if (title) {
          rec.counterpart = title;
          rec.contactName = title;
          const key = `tg-name:${title}`;
          this.declare(key, title, prov);
          rec.accountKey = key;
        }
      } else if (sender !== undefined) {
        rec.counterpart = sender;
        rec.contactName = sender;
        if (senderKey) rec.accountKey = senderKey;
      }
      flags.push(`call-status:${status}`);
      rec.flags = flags;
      this.out.push(rec);
      this.counters.parsed++;
      return;
    }

    let body = unwrapBlock(field(T_TEXT));
    let kind: MessageRecord['kind'] = 'text';
    const poll = field(T_POLL);
    const status = field(T_MEDIA_STATUS).trim();
    if (m.mediaClass === 'media_contact') {
      // tdesktop: title = first and last name, status = the phone number (+ " - vCard" when one is attached).
      kind = 'contact';
      const phone = status.replace(/ - vCard$/, '');
      const contact: ContactRecord = { type: 'contact', identifiers: [], fields: [], time, prov: { ...prov, path: `${prov.path ?? ''} .media_contact` }, raw, flags: ['shared-in-chat'] };
      if (title) contact.name = title;
      if (/\d/.test(phone)) contact.identifiers.push({ kind: 'phone', value: phone });
      this.out.push(contact);
      if (!body) {
        body = `Contact: ${title}${phone ? ` ${phone}` : ''}`;
        flags.push('body-rendered');
      }
    } else if (m.mediaClass === 'media_location' || m.mediaClass === 'media_live_location' || m.mediaClass === 'media_venue') {
      kind = 'location';
      if (!body) {
        body = [title, status, desc].filter((x) => x).join(' — ');
        flags.push('body-rendered');
      }
    } else if (poll) {
      kind = 'poll';
      if (!body) {
        body = poll
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l)
          .join('\n');
        flags.push('body-rendered');
      }
    } else if (attachments.length || title) kind = 'media';
    if (m.mediaClass && kind === 'media') flags.push(m.mediaClass);
    const signature = field(T_SIGNATURE).trim();
    if (signature) flags.push('signed');
    if (hasInvisibles(body)) flags.push('invisible-chars');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(body)) flags.push('control-chars');
    if (raw.includes('\ufffd')) flags.push('replacement-char');

    const rec: MessageRecord = { type: 'message', chatKey: this.chat.key, time, kind, body, extId: m.id, prov, raw };
    if (senderKey) rec.senderKey = senderKey;
    if (sender !== undefined) rec.sender = sender;
    const fwd = field(T_FWD_FROM).trim();
    if (fwd) rec.forwardedFrom = fwd;
    if (m.replyTo !== undefined) rec.replyTo = m.replyTo;
    else if (/In reply to a message in another chat/.test(field(T_REPLY))) flags.push('reply-to-other-chat');
    if (attachments.length) rec.attachments = attachments;
    if (m.entities.length) rec.entities = m.entities;
    if (flags.length) rec.flags = flags;
    this.out.push(rec);
    this.counters.parsed++;
  }

  private readonly declared = new Set<string>();

  private declare(key: string, display: string, prov: Provenance): void {
    if (this.declared.has(key)) return;
    this.declared.add(key);
    this.out.push({ type: 'account', key, platform: 'telegram', display, identifiers: [], chats: [this.chat.key], prov });
  }
}
