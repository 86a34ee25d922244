/**
 * Turns the values the JSON scanner captures from a Telegram Desktop `result.json` into records: chats,
 * accounts, messages, calls, contacts, skip records for every unit not imported, and the facts about the
 * export as a whole (layout, exporter UTC offsets, repairs, owner, sessions).
 */
import { isUtf8 } from 'node:buffer';
import type {
  AccountRecord,
  AttachmentRef,
  CallDirection,
  CallRecord,
  ChatRecord,
  ContactRecord,
  ImportRecord,
  MessageKind,
  MessageRecord,
  Provenance,
  RawIdentifier,
  RecordTime,
} from '../../model/records';
import { hasInvisibles } from '../../text/normalise';
import { CAPTURE, type CapturedValue, type JsonScanner, type ScanFrame, type ScanHandler } from './json-scanner';
import {
  attachment,
  exactIdText,
  exactNumberText,
  formatOffset,
  hasControlChars,
  hasLoneSurrogate,
  isObj,
  mayBeSuspect,
  own,
  parseIsoDate,
  parseUnixtime,
  PEER_ID,
  readEntities,
  readText,
  renderContact,
  renderLocation,
  renderPoll,
  renderService,
  scalarsOf,
  str,
  wallToUtcMs,
  type MediaContext,
  type Obj,
} from './fields';
import { parseJsonText, type RepairKind } from './repair';

// Container roles.
const R_ROOT = 1;
const R_CHAT_SECTION = 2; // chats / left_chats
const R_CHAT_LIST = 3;
const R_CHAT = 4;
const R_MESSAGES = 5;
const R_LIST_SECTION = 6; // contacts / frequent_contacts / sessions / web_sessions
const R_ITEMS = 7; // …list arrays and profile_pictures / stories

const CHAT_SECTIONS = new Set(['chats', 'left_chats']);
const LIST_SECTIONS = new Set(['contacts', 'frequent_contacts', 'sessions', 'web_sessions']);
const ITEM_SECTIONS = new Set(['profile_pictures', 'stories']);
const CHAT_FIELDS = new Set(['name', 'type', 'id']);

/** Own keys of a parsed object, counted without allocating a key array (once per message). */
function ownKeyCount(o: Obj): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}

/** Telegram launched in August 2013; earlier instants are implausible for a message. */
const TELEGRAM_EPOCH_MS = Date.UTC(2013, 7, 1);
const YEAR_2100_MS = Date.UTC(2100, 0, 1);

/** Most list entries kept verbatim in a fact (sessions, frequent contacts). */
const MAX_FACT_ENTRIES = 2000;
/** Most distinct offsets / unknown keys / anomaly lines tracked one by one; the rest are pooled or counted. */
const MAX_DISTINCT = 1000;
/** Map key of the pooled offsets: NaN equals itself in a Map (SameValueZero) and no real offset. */
const OTHER_OFFSETS = Number.NaN;

/** Findings about the file's structure, kept up to a limit and counted beyond it. */
class Anomalies {
  count = 0;
  readonly list: string[] = [];
  push(s: string): void {
    this.count++;
    if (this.list.length < 200) this.list.push(s);
  }
}

const CHAT_KINDS: Record<string, string> = {
  personal_chat: 'personal',
  bot_chat: 'bot',
  private_group: 'group',
  private_supergroup: 'group',
  public_supergroup: 'group',
  private_channel: 'channel',
  public_channel: 'channel',
  saved_messages: 'saved',
  replies: 'replies',
  verification_codes: 'service',
};

interface ChatCtx {
  key: string;
  path: string;
  offset: number;
  line: number;
  left: boolean;
  fields: Map<string, unknown>;
  emitted: boolean;
  /** `user<id>` of the other party in a personal or bot chat (the chat id is the peer's user id). */
  peer?: string;
  peerName?: string;
  isSaved: boolean;
  prevId?: number;
  prevOffset?: number;
  /** The last offset that was not flagged. */
  goodOffset?: number;
  messages: number;
  ownerConflict?: boolean;
}

interface AccountRef {
  key?: string;
  ids: RawIdentifier[];
  /** A flag every message from this id gets (`unusual-from-id`). */
  flag?: string;
}

const NO_ACCOUNT: AccountRef = { ids: [] };

type Side = { dir?: 'incoming' | 'outgoing'; basis?: 'owner' | 'chat-peer' };
// Shared results of side(): one of these per message, never modified.
const OUT_OWNER: Side = Object.freeze({ dir: 'outgoing', basis: 'owner' });
const IN_OWNER: Side = Object.freeze({ dir: 'incoming', basis: 'owner' });
const OUT_PEER: Side = Object.freeze({ dir: 'outgoing', basis: 'chat-peer' });
const IN_PEER: Side = Object.freeze({ dir: 'incoming', basis: 'chat-peer' });
const UNKNOWN_SIDE: Side = Object.freeze({});

interface OffsetStat {
  count: number;
  firstLine: number;
  lastLine: number;
  firstPath: string;
  lastPath: string;
}

export interface ReaderEnv {
  /** Zip member the JSON came from, when it came from a zip. */
  member?: string;
  /** Whether byte offsets refer to the evidence bytes (false after transcoding UTF-16). */
  offsets: boolean;
  media: MediaContext;
  /** The owner the examiner declared (`user123` or `123`), if any. */
  ownerOption?: string;
}

export class TelegramJsonReader implements ScanHandler {
  out: ImportRecord[] = [];
  seen = 0;
  parsed = 0;
  scanner!: JsonScanner;

  private pendingSection = '';
  private readonly accounts = new Set<string>();
  private readonly refs = new Map<string | number, AccountRef>();
  private ownerDigits?: string;
  private ownerSource?: 'personal_information' | 'examiner';
  /** The exporter as presumed from personal chats when neither the export nor the examiner names one. */
  private presumedOwner?: { digits: string; path: string };
  private rootChat?: ChatCtx;
  private chatCount = 0;
  private readonly offsetStats = new Map<number, OffsetStat>();
  private offsetDisagreements = 0;
  private readonly repairs: Partial<Record<RepairKind, number>> = {};
  private repairedUnits = 0;
  private readonly notImported = new Map<string, { count: number; bytes: number; firstPath: string }>();
  private readonly anomalies = new Anomalies();
  private readonly sections = new Map<string, { count: number; list: unknown[] }>();
  private readonly skippedBySection = new Map<string, { count: number; first: Provenance }>();
  private noUnixtime = 0;
  private readonly leftChats: string[] = [];
  private hasPersonal = false;
  private hasChatSection = false;
  private hasListSection = false;
  private withUnixtime = 0;

  constructor(private readonly env: ReaderEnv) {
    const o = env.ownerOption?.trim();
    const m = o ? /^(?:user)?(\d+)$/.exec(o) : null;
    if (m) {
      this.ownerDigits = m[1];
      this.ownerSource = 'examiner';
    }
  }

  // ---- scanner callbacks ----

  roleOf(parent: ScanFrame | undefined, isArray: boolean): number {
    if (!parent) return isArray ? CAPTURE : R_ROOT;
    switch (parent.role) {
      case R_ROOT:
        if (parent.key === 'messages') return isArray ? R_MESSAGES : CAPTURE;
        if (CHAT_SECTIONS.has(parent.key)) return isArray ? CAPTURE : this.section(parent.key, R_CHAT_SECTION);
        if (LIST_SECTIONS.has(parent.key)) return isArray ? CAPTURE : this.section(parent.key, R_LIST_SECTION);
        if (ITEM_SECTIONS.has(parent.key)) return isArray ? this.section(parent.key, R_ITEMS) : CAPTURE;
        return CAPTURE;
      case R_CHAT_SECTION:
        return parent.key === 'list' && isArray ? this.section(parent.data as string, R_CHAT_LIST) : CAPTURE;
      case R_CHAT_LIST:
        return isArray ? CAPTURE : this.section(parent.data as string, R_CHAT);
      case R_CHAT:
        return parent.key === 'messages' && isArray ? R_MESSAGES : CAPTURE;
      case R_LIST_SECTION:
        return parent.key === 'list' && isArray ? this.section(parent.data as string, R_ITEMS) : CAPTURE;
      default:
        return CAPTURE;
    }
  }

  private section(name: string, role: number): number {
    this.pendingSection = name;
    return role;
  }

  enter(frame: ScanFrame): void {
    switch (frame.role) {
      case R_ROOT:
        this.rootChat = this.newChat(frame, false);
        frame.data = this.rootChat;
        return;
      case R_CHAT_SECTION:
      case R_CHAT_LIST:
      case R_LIST_SECTION:
      case R_ITEMS:
        frame.data = this.pendingSection;
        if (frame.role === R_CHAT_SECTION) this.hasChatSection = true;
        if (frame.role === R_LIST_SECTION) this.hasListSection = true;
        return;
      case R_CHAT: {
        const chat = this.newChat(frame, this.pendingSection === 'left_chats');
        frame.data = chat;
        this.currentChat = chat;
        return;
      }
      case R_MESSAGES: {
        const chat = this.chatOfMessages(frame);
        this.emitChat(chat);
        frame.data = chat;
        return;
      }
    }
  }

  leave(frame: ScanFrame): void {
    if (frame.role === R_CHAT) {
      const chat = frame.data as ChatCtx;
      if (!chat.emitted) this.emitChat(chat);
    }
  }

  value(v: CapturedValue): void {
    const parent = v.parent;
    if (!parent) {
      this.scanner.failAt('The file is JSON but its top level is not an object, so it is not a Telegram export.', v.offset, v.line);
    }
    switch (parent.role) {
      case R_MESSAGES:
        this.message(v, parent.data as ChatCtx);
        return;
      case R_ITEMS:
        this.item(v, parent.data as string);
        return;
      case R_ROOT: {
        const key = parent.key;
        if (key === 'personal_information') {
          this.personal(v);
          return;
        }
        if (CHAT_FIELDS.has(key)) {
          this.chatField(this.rootChat!, key, v);
          return;
        }
        if (key === 'messages') {
          this.unitNotArray(v, 'The chat\'s "messages" is not an array.');
          return;
        }
        if (key === 'about') {
          this.parseOuter(v); // the exporter's boilerplate text: only checked to be valid JSON
          return;
        }
        this.noteNotImported(key, v);
        return;
      }
      case R_CHAT: {
        const key = parent.key;
        if (CHAT_FIELDS.has(key)) this.chatField(parent.data as ChatCtx, key, v);
        else if (key === 'messages') this.unitNotArray(v, 'The chat\'s "messages" is not an array.');
        else this.noteNotImported(`chat.${key}`, v);
        return;
      }
      case R_CHAT_LIST:
        this.anomalies.push(`${v.path}: a chat list entry is not an object`);
        this.noteNotImported('chats.list entry (not an object)', v);
        return;
      default:
        if (parent.key === 'about') {
          this.parseOuter(v);
          return;
        }
        this.noteNotImported(`${String(parent.data)}.${parent.key}`, v);
    }
  }

  // ---- chats ----

  private newChat(frame: ScanFrame, left: boolean): ChatCtx {
    return { key: `chat:${frame.path}`, path: frame.path, offset: frame.offset, line: frame.line, left, fields: new Map(), emitted: false, isSaved: false, messages: 0 };
  }

  /** The chat a messages array belongs to: the root (single-chat export) or the chat entered last. */
  private chatOfMessages(frame: ScanFrame): ChatCtx {
    if (frame.path === '$.messages' || !this.currentChat) return this.rootChat!;
    return this.currentChat;
  }

  /** The chat object entered last (chats never nest). */
  private currentChat?: ChatCtx;

  private chatField(chat: ChatCtx, key: string, v: CapturedValue): void {
    let value = this.parseOuter(v);
    // A 64-bit chat id beyond 2^53 keeps its exact digits (JSON.parse would round it).
    if (key === 'id' && typeof value === 'number' && !Number.isSafeInteger(value)) {
      const text = v.truncated ? '' : v.bytes.toString('latin1').trim();
      if (/^-?\d+$/.test(text)) value = text;
    }
    if (chat.emitted) this.anomalies.push(`${v.path}: the chat's "${key}" comes after its messages and is not on the chat record`);
    chat.fields.set(key, value);
  }

  private emitChat(chat: ChatCtx): void {
    if (chat.emitted) return;
    chat.emitted = true;
    this.chatCount++;
    const name = chat.fields.get('name');
    const type = chat.fields.get('type');
    const id = chat.fields.get('id');
    const rec: ChatRecord = { type: 'chat', key: chat.key, platform: 'telegram', prov: this.provAt(chat.path, chat.offset, chat.line) };
    if (typeof name === 'string') rec.name = name;
    if (typeof type === 'string') rec.chatKind = CHAT_KINDS[type] ?? type;
    if (typeof id === 'number' || typeof id === 'string') rec.extId = String(id);
    if (chat.left) this.leftChats.push(chat.key);
    if ((type === 'personal_chat' || type === 'bot_chat') && (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)))) {
      chat.peer = `user${String(id)}`;
      if (typeof name === 'string') chat.peerName = name;
    }
    if (type === 'saved_messages') chat.isSaved = true;
    this.out.push(rec);
  }

  // ---- helpers ----

  private provAt(path: string, offset: number, line: number, lineEnd?: number): Provenance {
    const p: Provenance = { path, line };
    if (lineEnd !== undefined && lineEnd > line) p.lineEnd = lineEnd;
    if (this.env.offsets) p.offset = offset;
    if (this.env.member) p.member = this.env.member;
    return p;
  }

  private prov(v: CapturedValue): Provenance {
    return this.provAt(v.path, v.offset, v.line, v.lineEnd);
  }

  /** A scalar or small object outside the units: invalid JSON there makes the whole file invalid. */
  private parseOuter(v: CapturedValue): unknown {
    if (v.truncated) {
      this.anomalies.push(`${v.path}: value of ${v.size} bytes is over the size limit and was not read`);
      return undefined;
    }
    const r = parseJsonText(v.bytes.toString('utf8'));
    if (!r.ok) this.scanner.failAt(`Invalid JSON value at ${v.path}: ${r.error}.`, v.offset, v.line);
    if (r.repairs) this.countRepairs(r.repairs);
    return r.value;
  }

  private countRepairs(r: Partial<Record<RepairKind, number>>): void {
    this.repairedUnits++;
    for (const [k, n] of Object.entries(r) as [RepairKind, number][]) this.repairs[k] = (this.repairs[k] ?? 0) + n;
  }

  private reject(v: CapturedValue, reason: string, raw: string | Uint8Array): void {
    this.out.push({ type: 'skip', outcome: 'rejected', count: 1, reason, prov: this.prov(v), raw });
  }

  private unitNotArray(v: CapturedValue, reason: string): void {
    this.seen++;
    const head = v.bytes.toString('utf8');
    this.reject(v, `${reason} It was not read as messages.`, head);
  }

  private noteNotImported(name: string, v: CapturedValue): void {
    const what = this.notImported.has(name) || this.notImported.size < MAX_DISTINCT ? name : '(other keys)';
    const e = this.notImported.get(what);
    if (e) {
      e.count++;
      e.bytes += v.size;
    } else this.notImported.set(what, { count: 1, bytes: v.size, firstPath: v.path });
  }

  /**
   * Decode and parse one unit. Returns null after emitting a rejection. Invalid UTF-8 is decoded with
   * U+FFFD and the original bytes kept.
   */
  private parseUnit(v: CapturedValue, what: string): { value: unknown; text: string; rawBytes?: Uint8Array; flags: string[] } | null {
    if (v.truncated) {
      this.reject(v, `The ${what} is ${v.size} bytes, over the ${v.bytes.length}-byte limit for one ${what}; raw holds its first ${v.bytes.length} bytes.`, Buffer.from(v.bytes));
      return null;
    }
    const text = v.bytes.toString('utf8');
    const flags: string[] = [];
    let rawBytes: Uint8Array | undefined;
    if (!isUtf8(v.bytes)) {
      flags.push('invalid-utf8');
      rawBytes = Buffer.from(v.bytes);
    }
    const r = parseJsonText(text);
    if (!r.ok) {
      this.scanner.recountLines(v);
      this.reject(v, `The ${what} is not valid JSON (${r.error}).`, rawBytes ?? text);
      return null;
    }
    if (r.repairs) {
      this.countRepairs(r.repairs);
      flags.push('json-repaired');
    }
    if (text.includes('\\u') && hasLoneSurrogate(r.value)) flags.push('lone-surrogate');
    if (v.keys && isObj(r.value) && ownKeyCount(r.value) < v.keys) flags.push('duplicate-keys');
    const out: { value: unknown; text: string; rawBytes?: Uint8Array; flags: string[] } = { value: r.value, text, flags };
    if (rawBytes) out.rawBytes = rawBytes;
    return out;
  }

  // ---- accounts ----

  /** Account key and identifiers of a sender id, cached: the same few ids recur on every message. */
  private accountKeyOf(fid: unknown, name: unknown, flags: string[]): AccountRef {
    if ((typeof fid === 'string' && fid !== '') || (typeof fid === 'number' && Number.isSafeInteger(fid))) {
      let ref = this.refs.get(fid);
      if (!ref) {
        if (typeof fid === 'number') {
          // Older exports (2020–21) wrote the bare number; it may be a user, a chat or a channel.
          ref = { key: `tg:${fid}`, ids: [{ kind: 'user-id', platform: 'telegram', value: String(fid), label: 'numeric peer id (older export: user, chat or channel)' }] };
        } else if (PEER_ID.test(fid)) ref = { key: `tg:${fid}`, ids: [{ kind: 'user-id', platform: 'telegram', value: fid }] };
        else ref = { key: `tg:${fid}`, ids: [], flag: 'unusual-from-id' };
        this.refs.set(fid, ref);
      }
      if (ref.flag) flags.push(ref.flag);
      return ref;
    }
    if (fid !== undefined && fid !== null) flags.push('unusual-from-id');
    if (typeof name === 'string') {
      flags.push('no-from-id');
      return { key: `tg-name:${name}`, ids: [] };
    }
    return NO_ACCOUNT;
  }

  private declareAccount(key: string, display: unknown, ids: RawIdentifier[], chat: ChatCtx | undefined, prov: Provenance, isOwner = false): void {
    if (this.accounts.has(key) && !isOwner) return;
    this.accounts.add(key);
    const rec: AccountRecord = { type: 'account', key, platform: 'telegram', identifiers: ids, prov };
    if (typeof display === 'string') rec.display = display;
    if (isOwner || (this.ownerDigits !== undefined && key === `tg:user${this.ownerDigits}`)) rec.isOwner = true;
    if (chat) rec.chats = [chat.key];
    this.out.push(rec);
  }

  /** Which side a sender is on, and how that is known. */
  private side(fid: unknown, chat: ChatCtx): Side {
    // Digits of a user peer (`user123`, or a bare number in older exports); channels and chats have none.
    let digits: string | undefined;
    let isPeer = false;
    if (typeof fid === 'string') {
      const p = PEER_ID.exec(fid);
      if (p) {
        isPeer = true;
        if (p[1] === 'user') digits = p[2];
      }
    } else if (typeof fid === 'number' && Number.isSafeInteger(fid)) {
      isPeer = true;
      digits = String(fid);
    }
    if (this.ownerDigits !== undefined) {
      if (digits === this.ownerDigits) return OUT_OWNER;
      if (isPeer) return IN_OWNER;
      return UNKNOWN_SIDE;
    }
    if (chat.peer) {
      // In a personal or bot chat the chat id is the other party's user id, so every other user writing in
      // it is the exporter. That presumption must hold across the file: a second such user voids it.
      const peerDigits = chat.peer.slice(4);
      if (digits === peerDigits) return IN_PEER;
      if (digits === undefined) return UNKNOWN_SIDE;
      if (this.presumedOwner === undefined) this.presumedOwner = { digits, path: chat.path };
      if (digits === this.presumedOwner.digits) return OUT_PEER;
      if (!chat.ownerConflict) {
        chat.ownerConflict = true;
        this.anomalies.push(`${chat.path}: personal chat with user${peerDigits} has messages from user${digits}, but user${this.presumedOwner.digits} was presumed to be the exporter; no direction is given for them`);
      }
      return UNKNOWN_SIDE;
    }
    if (chat.isSaved) {
      const id = chat.fields.get('id');
      if (digits !== undefined && String(id) === digits) return OUT_PEER;
    }
    return UNKNOWN_SIDE;
  }

  // ---- messages ----

  private message(v: CapturedValue, chat: ChatCtx): void {
    this.seen++;
    const u = this.parseUnit(v, 'message');
    if (!u) return;
    const m = u.value;
    if (!isObj(m)) {
      this.reject(v, 'The message is not a JSON object.', u.rawBytes ?? u.text);
      return;
    }
    const flags = u.flags;
    const prov = this.prov(v);

    // id
    const idv = own(m, 'id');
    let extId: string | undefined;
    let idNum: number | undefined;
    if (idv === undefined) {
      // Hand-made and tool-converted exports omit ids; the message is still evidence (position = its path).
      flags.push('no-id');
    } else if (typeof idv === 'number' && Number.isInteger(idv)) {
      if (Number.isSafeInteger(idv)) {
        extId = String(idv);
        idNum = idv;
      } else {
        extId = exactNumberText(u.text, 'id') ?? String(idv);
        flags.push('unsafe-integer');
      }
    } else if (typeof idv === 'string' && /^-?\d+$/.test(idv)) {
      extId = idv;
      idNum = Number(idv);
      flags.push('id-is-string');
    } else {
      this.reject(v, `The message "id" is not an integer (${JSON.stringify(idv)?.slice(0, 80)}).`, u.rawBytes ?? u.text);
      return;
    }
    if (idNum !== undefined) {
      if (chat.prevId !== undefined && idNum <= chat.prevId) flags.push('id-order');
      chat.prevId = idNum;
    }

    const type = own(m, 'type');
    // tdesktop writes an unsupported message as just {id, type}: no time is a property of the format there.
    const time: RecordTime | string =
      type === 'unsupported' && own(m, 'date') === undefined && own(m, 'date_unixtime') === undefined ? { kind: 'none', flags: ['no-time'] } : this.time(m, chat, flags, prov);
    if (typeof time === 'string') {
      this.reject(v, time, u.rawBytes ?? u.text);
      return;
    }

    const isService = type === 'service';
    if (type !== 'message' && type !== 'service' && type !== 'unsupported') flags.push('unknown-type');

    // sender
    let name = own(m, isService ? 'actor' : 'from');
    let fid = own(m, isService ? 'actor_id' : 'from_id');
    if (isService && name === undefined && fid === undefined) {
      name = own(m, 'from');
      fid = own(m, 'from_id');
    }
    if (name === null) flags.push('deleted-account');
    const acc = this.accountKeyOf(fid, name, flags);
    if (acc.key) this.declareAccount(acc.key, name, acc.ids, chat, prov);
    const side = this.side(fid, chat);

    if (own(m, 'edited') !== undefined || own(m, 'edited_unixtime') !== undefined) flags.push('edited');

    const action = str(m, 'action');
    if (isService && (action === 'phone_call' || action === 'conference_call')) {
      this.call(m, chat, time, acc.key, name, fid, side, flags, prov, u.text, u.rawBytes);
      this.parsed++;
      return;
    }

    // text
    const te = own(m, 'text_entities');
    const tr = readText(own(m, 'text'), !Array.isArray(te));
    let body = tr.body;
    let entities = tr.entities;
    if (tr.malformed) flags.push('text-malformed');
    if (own(m, 'text') === undefined) flags.push('no-text');
    if (Array.isArray(te)) {
      const e = readEntities(te);
      if (e.entities) entities = e.entities;
      if (e.text !== body && !tr.malformed) flags.push('text-entities-differ');
    }

    const media: MediaContext = this.env.media;
    const attachments: AttachmentRef[] = [];
    const photo = attachment(own(m, 'photo'), undefined, media, flags);
    if (photo) attachments.push(photo);
    const file = attachment(own(m, 'file'), own(m, 'mime_type'), media, flags);
    if (file) attachments.push(file);
    const vcard = attachment(own(m, 'contact_vcard'), 'text/vcard', media, flags);
    if (vcard) attachments.push(vcard);

    let kind: MessageKind = 'text';
    const poll = own(m, 'poll');
    const ci = own(m, 'contact_information');
    if (isService) {
      kind = 'system';
      body = renderService(m, body);
      flags.push('body-rendered');
    } else if (isObj(poll)) {
      kind = 'poll';
      if (!body) {
        body = renderPoll(poll);
        flags.push('body-rendered');
      }
    } else if (isObj(ci)) {
      kind = 'contact';
      if (!body) {
        body = renderContact(ci);
        flags.push('body-rendered');
      }
      this.sharedContact(ci, m, time, prov, u.text, u.rawBytes);
    } else if (own(m, 'location_information') !== undefined || own(m, 'place_name') !== undefined) {
      kind = 'location';
      if (!body) {
        body = renderLocation(m);
        flags.push('body-rendered');
      }
    } else if (attachments.length) kind = 'media';
    else if (type === 'unsupported' || own(m, 'game_title') !== undefined || own(m, 'invoice_information') !== undefined) kind = 'other';

    if (mayBeSuspect(body)) {
      if (hasInvisibles(body)) flags.push('invisible-chars');
      if (hasControlChars(body)) flags.push('control-chars');
    }
    if (typeof name === 'string' && mayBeSuspect(name) && hasInvisibles(name)) flags.push('invisible-chars-in-sender');

    const rec: MessageRecord = { type: 'message', chatKey: chat.key, time, kind, body, extId, prov, raw: u.text };
    if (acc.key) rec.senderKey = acc.key;
    if (typeof name === 'string') rec.sender = name;
    if (side.dir) rec.direction = side.dir;
    const fwd = own(m, 'forwarded_from');
    if (typeof fwd === 'string') rec.forwardedFrom = fwd;
    else if (fwd === null) flags.push('forwarded-from-deleted');
    const reply = own(m, 'reply_to_message_id');
    if (typeof reply === 'number' || typeof reply === 'string') {
      const peer = own(m, 'reply_to_peer_id');
      const replyText = exactIdText(reply, u.text, 'reply_to_message_id') ?? String(reply);
      const peerText = exactIdText(peer, u.text, 'reply_to_peer_id') ?? String(peer);
      rec.replyTo = peer !== undefined && peer !== null ? `${peerText}/${replyText}` : replyText;
    }
    if (attachments.length) rec.attachments = attachments;
    if (entities) rec.entities = entities;
    if (flags.length) rec.flags = flags;
    if (u.rawBytes) rec.rawBytes = u.rawBytes;
    this.out.push(rec);
    chat.messages++;
    this.parsed++;
  }

  /** `date_unixtime` (UTC, authoritative) and `date` (the exporter's local time, no offset). */
  private time(m: Obj, chat: ChatCtx, flags: string[], prov: Provenance): RecordTime | string {
    const d = own(m, 'date');
    const ux = own(m, 'date_unixtime');
    const parsedDate = typeof d === 'string' ? parseIsoDate(d) : null;
    if (d !== undefined && !parsedDate) flags.push('bad-date');
    if (ux !== undefined) {
      const utcMs = parseUnixtime(ux);
      if (utcMs !== null) {
        this.withUnixtime++;
        const raw = typeof d === 'string' ? `${d} @${String(ux)}` : String(ux);
        const t: RecordTime = { kind: 'instant', utcMs, raw };
        if (utcMs < TELEGRAM_EPOCH_MS || utcMs >= YEAR_2100_MS) flags.push('implausible-time');
        if (parsedDate && parsedDate.offsetMin === undefined) this.offset(parsedDate.wall, utcMs, chat, flags, prov, t);
        return t;
      }
      flags.push('bad-unixtime');
    }
    if (!parsedDate) {
      if (d === undefined && ux === undefined) return 'The message has neither "date" nor "date_unixtime".';
      return `The message time cannot be read (date ${JSON.stringify(d)?.slice(0, 60) ?? 'absent'}, date_unixtime ${JSON.stringify(ux)?.slice(0, 60) ?? 'absent'}).`;
    }
    this.noUnixtime++;
    if (ux === undefined) flags.push('no-unixtime');
    const tflags = [ux === undefined ? 'no-unixtime' : 'bad-unixtime'];
    if (parsedDate.offsetMin !== undefined) {
      return { kind: 'instant', utcMs: wallToUtcMs(parsedDate.wall) - parsedDate.offsetMin * 60_000, raw: d as string, flags: tflags };
    }
    return { kind: 'wall', wall: parsedDate.wall, raw: d as string, flags: tflags };
  }

  /** The exporter's UTC offset for this message: `date` − `date_unixtime`. */
  private offset(wall: { y: number; mo: number; d: number; h: number; mi: number; s: number }, utcMs: number, chat: ChatCtx, flags: string[], prov: Provenance, t: RecordTime): void {
    const off = Math.round((wallToUtcMs(wall) - utcMs) / 1000);
    // A hostile file could give every message its own offset: past MAX_DISTINCT they are pooled.
    const statKey = this.offsetStats.has(off) || this.offsetStats.size < MAX_DISTINCT ? off : OTHER_OFFSETS;
    const st = this.offsetStats.get(statKey);
    const line = prov.line ?? 0;
    if (st) {
      st.count++;
      st.lastLine = line;
      st.lastPath = prov.path ?? '';
    } else this.offsetStats.set(statKey, { count: 1, firstLine: line, lastLine: line, firstPath: prov.path ?? '', lastPath: prov.path ?? '' });
    // A step from the previous message's offset is plausible when it is a DST change (one hour). A lone
    // outlier is flagged alone: the message after it is also compared with the last unflagged offset.
    const implausible = (ref: number | undefined) => ref !== undefined && off !== ref && Math.abs(off - ref) !== 3600;
    if (off % 900 !== 0 || Math.abs(off) > 14 * 3600 || (implausible(chat.prevOffset) && implausible(chat.goodOffset))) {
      flags.push('offset-disagrees');
      t.flags = ['offset-disagrees'];
      this.offsetDisagreements++;
    } else chat.goodOffset = off;
    chat.prevOffset = off;
  }

  // ---- calls ----

  private call(
    m: Obj,
    chat: ChatCtx,
    time: RecordTime,
    actorKey: string | undefined,
    actorName: unknown,
    fid: unknown,
    side: Side,
    flags: string[],
    prov: Provenance,
    raw: string,
    rawBytes: Uint8Array | undefined,
  ): void {
    const action = str(m, 'action');
    const reason = own(m, 'discard_reason');
    let direction: CallDirection;
    if (reason === 'missed' || reason === 'busy' || own(m, 'is_missed') === true) direction = 'missed';
    else {
      direction = side.dir ?? 'unknown';
      if (side.dir && side.basis === 'chat-peer') flags.push('direction-from-chat-peer');
    }
    if (typeof reason === 'string') flags.push(`discard-reason:${reason}`);
    else if (action === 'phone_call') flags.push('no-discard-reason');
    if (action === 'conference_call') flags.push('conference-call');
    const rec: CallRecord = { type: 'call', chatKey: chat.key, time, direction, prov, raw };
    const dur = own(m, 'duration_seconds') ?? own(m, 'duration');
    if (typeof dur === 'number' && dur >= 0) rec.durationS = dur;
    else if (action === 'phone_call' && (reason === 'hangup' || reason === 'disconnect')) rec.durationS = 0; // tdesktop omits a zero duration
    if (own(m, 'is_video') === true) rec.media = 'video';
    if (typeof actorName === 'string') rec.caller = actorName;
    if (side.dir === 'outgoing' && chat.peer) {
      // The owner called: the other party is the chat peer.
      rec.counterpart = chat.peer;
      if (chat.peerName !== undefined) rec.contactName = chat.peerName;
      const key = `tg:${chat.peer}`;
      this.declareAccount(key, chat.peerName, [{ kind: 'user-id', platform: 'telegram', value: chat.peer }], chat, prov);
      rec.accountKey = key;
    } else if (side.dir === 'incoming' || side.dir === undefined) {
      if (typeof fid === 'string' || typeof fid === 'number') rec.counterpart = String(fid);
      if (typeof actorName === 'string') rec.contactName = actorName;
      if (actorKey) rec.accountKey = actorKey;
    } else if (actorKey) rec.accountKey = actorKey;
    if (flags.length) rec.flags = flags;
    if (rawBytes) rec.rawBytes = rawBytes;
    this.out.push(rec);
  }

  // ---- contacts ----

  private sharedContact(ci: Obj, m: Obj, time: RecordTime, prov: Provenance, raw: string, rawBytes: Uint8Array | undefined): void {
    const first = str(ci, 'first_name');
    const last = str(ci, 'last_name');
    const phone = str(ci, 'phone_number');
    const rec: ContactRecord = { type: 'contact', identifiers: [], fields: [], time, prov: { ...prov, path: `${prov.path ?? ''}.contact_information` }, raw };
    const name = [first, last].filter((x) => x).join(' ');
    if (name) rec.name = name;
    if (first) rec.fields.push({ name: 'first_name', value: first });
    if (last) rec.fields.push({ name: 'last_name', value: last });
    if (phone) rec.identifiers.push({ kind: 'phone', value: phone });
    const vcard = str(m, 'contact_vcard');
    if (vcard) rec.fields.push({ name: 'contact_vcard', value: vcard });
    rec.flags = ['shared-in-chat'];
    if (rawBytes) rec.rawBytes = rawBytes;
    this.out.push(rec);
  }

  private contactEntry(v: CapturedValue, m: Obj, raw: string, rawBytes: Uint8Array | undefined, flags: string[]): void {
    const first = str(m, 'first_name');
    const last = str(m, 'last_name');
    const phone = str(m, 'phone_number');
    const uid = own(m, 'user_id');
    const rec: ContactRecord = { type: 'contact', identifiers: [], fields: [], prov: this.prov(v), raw };
    const name = [first, last].filter((x) => x).join(' ');
    if (name) rec.name = name;
    if (first) rec.fields.push({ name: 'first_name', value: first });
    if (last) rec.fields.push({ name: 'last_name', value: last });
    if (phone) rec.identifiers.push({ kind: 'phone', value: phone });
    if ((typeof uid === 'number' && Number.isSafeInteger(uid)) || (typeof uid === 'string' && /^\d+$/.test(uid))) {
      // tdesktop writes the bare number here; `user<id>` is its own notation for the same user in from_id.
      rec.identifiers.push({ kind: 'user-id', platform: 'telegram', value: `user${String(uid)}`, label: 'user_id' });
    } else if (uid !== undefined) flags.push('bad-user-id');
    const t = this.plainTime(m);
    if (t) rec.time = t;
    if (!name && rec.identifiers.length === 0) flags.push('empty-contact');
    if (hasInvisibles(name)) flags.push('invisible-chars');
    if (flags.length) rec.flags = flags;
    if (rawBytes) rec.rawBytes = rawBytes;
    this.out.push(rec);
  }

  /** The time of a non-message entry (contact added, session created): unixtime first, else wall. */
  private plainTime(m: Obj, dateKey = 'date'): RecordTime | undefined {
    const d = own(m, dateKey);
    const utcMs = parseUnixtime(own(m, `${dateKey}_unixtime`));
    if (utcMs !== null) return { kind: 'instant', utcMs, raw: typeof d === 'string' ? `${d} @${String(own(m, `${dateKey}_unixtime`))}` : String(own(m, `${dateKey}_unixtime`)) };
    if (typeof d === 'string') {
      const p = parseIsoDate(d);
      if (p) return { kind: 'wall', wall: p.wall, raw: d, flags: ['no-unixtime'] };
      return { kind: 'none', raw: d };
    }
    return undefined;
  }

  // ---- other list items ----

  private item(v: CapturedValue, section: string): void {
    this.seen++;
    if (section === 'profile_pictures' || section === 'stories') {
      // The owner's own media: counted, not imported.
      const e = this.skippedBySection.get(section);
      if (e) e.count++;
      else this.skippedBySection.set(section, { count: 1, first: this.prov(v) });
      return;
    }
    const u = this.parseUnit(v, `${section} entry`);
    if (!u) return;
    const m = u.value;
    if (!isObj(m)) {
      this.reject(v, `The ${section} entry is not a JSON object.`, u.rawBytes ?? u.text);
      return;
    }
    switch (section) {
      case 'contacts':
        this.contactEntry(v, m, u.text, u.rawBytes, u.flags);
        break;
      case 'frequent_contacts': {
        const id = own(m, 'id');
        const type = str(m, 'type');
        if (type === 'user' && (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)))) {
          const value = `user${String(id)}`;
          this.declareAccount(`tg:${value}`, own(m, 'name'), [{ kind: 'user-id', platform: 'telegram', value }], undefined, this.prov(v));
        }
        this.keepInFact(section, m);
        break;
      }
      default:
        this.keepInFact(section, m);
    }
    this.parsed++;
  }

  private keepInFact(section: string, m: Obj): void {
    let s = this.sections.get(section);
    if (!s) this.sections.set(section, (s = { count: 0, list: [] }));
    s.count++;
    if (s.list.length < MAX_FACT_ENTRIES) s.list.push(scalarsOf(m));
  }

  private personal(v: CapturedValue): void {
    this.seen++;
    this.hasPersonal = true;
    const u = this.parseUnit(v, 'personal_information object');
    if (!u) return;
    const m = u.value;
    if (!isObj(m)) {
      this.reject(v, 'personal_information is not a JSON object.', u.rawBytes ?? u.text);
      return;
    }
    const uid = own(m, 'user_id');
    const ids: RawIdentifier[] = [];
    let key: string;
    if ((typeof uid === 'number' && Number.isSafeInteger(uid)) || (typeof uid === 'string' && /^\d+$/.test(uid))) {
      const digits = String(uid);
      if (this.ownerDigits !== undefined && this.ownerSource === 'examiner' && this.ownerDigits !== digits) {
        this.anomalies.push(`the examiner declared owner user${this.ownerDigits}, but personal_information names user${digits}; the export's owner is used`);
      }
      this.ownerDigits = digits;
      this.ownerSource = 'personal_information';
      key = `tg:user${digits}`;
      ids.push({ kind: 'user-id', platform: 'telegram', value: `user${digits}`, label: 'user_id' });
    } else key = 'tg:owner';
    const phone = str(m, 'phone_number');
    if (phone) ids.push({ kind: 'phone', value: phone });
    const username = str(m, 'username');
    if (username) ids.push({ kind: 'username', platform: 'telegram', value: username });
    const display = [str(m, 'first_name'), str(m, 'last_name')].filter((x) => x).join(' ');
    this.declareAccount(key, display || undefined, ids, undefined, this.prov(v), true);
    this.out.push({ type: 'fact', key: 'owner', value: { key, userId: this.ownerDigits ?? null, phone: phone ?? null, username: username ?? null, name: display || null, source: 'personal_information' } });
    this.parsed++;
  }

  // ---- end ----

  /** Facts, bulk skips and the units record: the last batch. */
  finish(): ImportRecord[] {
    const out = this.out;
    this.out = [];
    for (const [section, e] of this.skippedBySection) {
      out.push({ type: 'skip', outcome: 'skipped', count: e.count, reason: section === 'stories' ? 'owner story (media reference; not imported)' : 'owner profile picture (media reference; not imported)', prov: e.first });
    }
    const layout = this.hasPersonal || this.hasListSection ? 'full-account' : this.hasChatSection ? 'chats-list' : 'single-chat';
    out.push({ type: 'fact', key: 'telegram-layout', value: layout });
    out.push({ type: 'fact', key: 'telegram-chats', value: this.chatCount });
    out.push({ type: 'fact', key: 'telegram-time-basis', value: { date_unixtime: this.withUnixtime, dateOnly: this.noUnixtime } });
    if (this.offsetStats.size) {
      const offsets = [...this.offsetStats.entries()]
        .sort((a, b) => b[1].count - a[1].count)
        .map(([sec, s]) => ({ offset: Number.isNaN(sec) ? 'other' : formatOffset(sec), seconds: Number.isNaN(sec) ? null : sec, count: s.count, firstLine: s.firstLine, lastLine: s.lastLine, firstPath: s.firstPath, lastPath: s.lastPath }));
      out.push({ type: 'fact', key: 'exporter-utc-offsets', value: { offsets, disagreements: this.offsetDisagreements } });
    }
    if (this.repairedUnits) out.push({ type: 'fact', key: 'repairs', value: { ...this.repairs, values: this.repairedUnits } });
    if (this.ownerDigits !== undefined && this.ownerSource === 'examiner') {
      out.push({ type: 'fact', key: 'owner', value: { key: `tg:user${this.ownerDigits}`, userId: this.ownerDigits, source: 'examiner' } });
    }
    if (this.ownerDigits === undefined && this.presumedOwner) {
      out.push({
        type: 'fact',
        key: 'owner-inferred',
        value: { key: `tg:user${this.presumedOwner.digits}`, userId: this.presumedOwner.digits, basis: 'the user other than the chat peer in personal chats (a personal chat id is the peer user id)', firstChat: this.presumedOwner.path },
      });
    }
    for (const [section, s] of this.sections) {
      const key = section === 'frequent_contacts' ? 'frequent-contacts' : section === 'web_sessions' ? 'web-sessions' : section;
      out.push({ type: 'fact', key: `telegram-${key}`, value: { count: s.count, list: s.list, truncated: s.count > s.list.length } });
    }
    if (this.notImported.size) {
      out.push({ type: 'fact', key: 'sections-not-imported', value: Object.fromEntries([...this.notImported].map(([k, e]) => [k, e])) });
    }
    if (this.leftChats.length) out.push({ type: 'fact', key: 'telegram-left-chats', value: { count: this.leftChats.length, chats: this.leftChats } });
    if (this.anomalies.count) out.push({ type: 'fact', key: 'telegram-anomalies', value: { count: this.anomalies.count, list: this.anomalies.list } });
    out.push({ type: 'units', unit: 'item', seen: this.seen, parsed: this.parsed });
    return out;
  }

  take(): ImportRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}
