/**
 * Turns one SMS Backup & Restore element (`<sms>`, `<mms>`, `<call>`, with its children) into records, and
 * re-serialises it as the record's raw form. Field meanings: FORMATS.md §4.1.
 */
import { createHash } from 'node:crypto';
import type { AccountRecord, AttachmentRef, CallDirection, ImportRecord, MessageRecord, Platform, Provenance, RawIdentifier, RecordTime, TextEntity } from '../../model/records';
import { hasInvisibles } from '../../text/normalise';
import { HEAD_CHARS } from './base64-hash';
import type { Extraction } from './prepass';

export interface XEl {
  kind: 'el';
  name: string;
  /** Attribute values by name, in document order (a prototype-less object from the XML parser). */
  attrs: Record<string, string>;
  /** Values lifted out of the stream (MMS part data, values over the cap), by attribute name. */
  exts?: Map<string, Extraction>;
  /** Values as they go into a re-serialised raw form, where they differ from plain escaping. */
  rawValues?: Map<string, string>;
  children: XNode[];
  selfClosing: boolean;
  path: string;
  line: number;
  endLine: number;
  offset?: number;
  /** Same-name child counters, for XPath-style indexes. */
  counts?: Map<string, number>;
}

export type XNode = XEl | { kind: 'comment' | 'cdata' | 'text'; text: string };

// ---------------------------------------------------------------- raw form

const ATTR_ESC = /[&<>"\n\r\t]/g;
const ATTR_ESC_TEST = /[&<>"\n\r\t]/;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

export function escAttr(s: string): string {
  return ATTR_ESC_TEST.test(s) ? s.replace(ATTR_ESC, (c) => ESC[c]!) : s;
}

function escText(s: string): string {
  return s.replace(/[&<>]/g, (c) => ESC[c]!);
}

/**
 * A lifted value as it appears in raw: MMS data of up to 256 characters as written, longer data as
 * `[N base64 chars, sha256 <hash of the decoded bytes>]`, an over-long value as its length and text hash.
 */
export function elided(e: Extraction): string {
  if (e.digest) {
    const d = e.digest;
    // The head is the attribute text as written (already XML text); only a `"` needs escaping here.
    if (d.chars <= HEAD_CHARS) return d.head.replace(/"/g, '&quot;');
    if (d.valid) return `[${d.chars} base64 chars, sha256 ${d.sha256}]`;
    return escAttr(`[${d.chars} chars, not valid base64 (${d.problem ?? 'invalid'}), begins ${JSON.stringify(d.head.slice(0, 64))}]`);
  }
  if (e.long) return `[${e.long.chars} chars elided (longer than the attribute cap), sha256 of the text ${e.long.sha256}]`;
  return '';
}

/** The attribute value as it goes into a re-serialised raw form. */
function rawAttrValue(el: XEl, name: string): string {
  const e = el.exts?.get(name);
  if (e) return elided(e);
  return el.rawValues?.get(name) ?? escAttr(el.attrs[name]!);
}

/**
 * The element re-serialised: attributes in document order with their values escaped, children indented by two
 * spaces per level. Whitespace between elements is normalised and base64 `data` is elided; everything else is
 * as parsed.
 */
export function serialise(el: XEl, depth = 0): string {
  const pad = '  '.repeat(depth);
  let s = `${pad}<${el.name}`;
  for (const name in el.attrs) s += ` ${name}="${rawAttrValue(el, name)}"`;
  if (el.selfClosing) return `${s} />`;
  if (el.children.length === 0) return `${s}></${el.name}>`;
  s += '>';
  for (const c of el.children) {
    if (c.kind === 'el') s += `\n${serialise(c, depth + 1)}`;
    else if (c.kind === 'comment') s += `\n${pad}  <!--${c.text}-->`;
    else if (c.kind === 'cdata') s += `\n${pad}  <![CDATA[${c.text}]]>`;
    else s += `\n${pad}  ${c.text}`;
  }
  return `${s}\n${pad}</${el.name}>`;
}

// ---------------------------------------------------------------- values

/**
 * A copy of a string that does not keep the parser's 1 MiB input chunk alive (values cut from a chunk are
 * slices of it). Used for strings that may outlive their batch: raw forms, party names and identifiers.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Attribute lookup (names are data: the object has no prototype). Lifted values read as absent. */
function attrMap(el: XEl, flags: Set<string>): { get(name: string): string | undefined } {
  const exts = el.exts;
  if (!exts) return { get: (n) => el.attrs[n] };
  for (const [name, e] of exts) if (e.long) flags.add(`attribute-over-cap:${name}`);
  return { get: (n) => (exts.has(n) ? undefined : el.attrs[n]) };
}

/** SMS Backup & Restore writes absent values as the string "null". */
function present(v: string | undefined): string | undefined {
  return v === undefined || v === 'null' || v === '' ? undefined : v;
}

const YEAR_2100 = 4102444800000;

/** `date` is epoch milliseconds UTC. Returns a reason string when it is unusable. */
function epochTime(raw: string | undefined): RecordTime | string {
  if (raw === undefined) return 'missing date attribute';
  if (!/^\d{1,15}$/.test(raw)) return 'date is not epoch milliseconds';
  const n = Number(raw);
  raw = detach(raw);
  if (n === 0) return { kind: 'none', raw, flags: ['zero-date'] };
  const t: RecordTime = { kind: 'instant', utcMs: n, raw };
  // Before 1973 in milliseconds usually means the writer stored seconds; after 2100 is a corrupted value.
  if (n < 1e11 || n > YEAR_2100) t.flags = ['implausible-date'];
  return t;
}

/** What kind of identifier an SMS address / call number is, exactly as written. */
export function addressIdentifier(value: string): RawIdentifier | undefined {
  const v = value.trim();
  if (v === '' || /^-\d$/.test(v) || v === 'insert-address-token') return undefined;
  if (/^[^\s@]+@[^\s@]+$/.test(v)) return { kind: 'email', value };
  const digits = v.replace(/\D/g, '').length;
  if (digits > 0 && /^[+(\d][\d\s().\-*#,;pPwW/]*$/.test(v)) return { kind: 'phone', value };
  // Alphanumeric sender ids ("BANK", "Google") are handles of the sending service.
  return { kind: 'username', value, platform: 'sms-sender-id' };
}

const CALL_TYPES: Record<string, CallDirection> = { '1': 'incoming', '2': 'outgoing', '3': 'missed', '4': 'voicemail', '5': 'rejected', '6': 'blocked', '7': 'incoming' };
const PRESENTATION: Record<string, string> = { '2': 'presentation-restricted', '3': 'presentation-unknown', '4': 'presentation-payphone' };
/** SMS `type` / MMS `msg_box`: 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued. */
const BOX_FLAGS: Record<string, string> = { '3': 'draft', '4': 'outbox', '5': 'failed', '6': 'queued' };
const ADDR_TYPES: Record<string, string> = { '137': 'from', '151': 'to', '130': 'cc', '129': 'bcc' };

function contactName(v: string | undefined): string | undefined {
  const p = present(v);
  return p === undefined || p === '(Unknown)' ? undefined : p;
}

/** An attachment label safe to show as a member name (never used as a path). */
function safeName(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200);
}

// ---------------------------------------------------------------- builder

export interface BuildContext {
  /** Zip member the XML came from, when it came from a zip. */
  member?: string;
  /** The device owner's number as the examiner stated it. */
  owner?: string;
}

export class SmsBackupRecords {
  out: ImportRecord[] = [];
  seen = 0;
  parsed = 0;
  rejected = 0;
  smilParts = 0;
  attachments = 0;
  attachmentBytes = 0;
  invalidAttachments = 0;
  private readonly accounts = new Set<string>();
  private readonly parties = new Map<string, { address: string; chatKey: string; acctKey: string | undefined }>();
  private readonly chats = new Set<string>();
  private readonly c: BuildContext;
  private ownerKey: string | undefined;

  constructor(c: BuildContext) {
    this.c = c;
  }

  prov(el: XEl): Provenance {
    const p: Provenance = { path: el.path, line: el.line };
    if (el.endLine > el.line) p.lineEnd = el.endLine;
    if (el.offset !== undefined) p.offset = el.offset;
    if (this.c.member !== undefined) p.member = this.c.member;
    return p;
  }

  /** The examiner-declared owner, as an account outgoing messages can point at. */
  owner(platform: Platform): void {
    if (!this.c.owner || this.ownerKey) return;
    this.ownerKey = 'owner';
    this.out.push({ type: 'account', key: 'owner', platform, identifiers: [{ kind: 'phone', value: this.c.owner, label: 'stated by examiner' }], isOwner: true, prov: { path: '/', line: 1 } });
  }

  private account(key: string, platform: Platform, id: RawIdentifier, display: string | undefined, prov: Provenance, chat?: string): void {
    if (this.accounts.has(key)) return;
    this.accounts.add(key);
    const a: AccountRecord = { type: 'account', key, platform, identifiers: [id], prov };
    if (display !== undefined) a.display = display;
    if (chat !== undefined) a.chats = [chat];
    this.out.push(a);
  }

  private chat(key: string, name: string | undefined, chatKind: string, prov: Provenance): void {
    if (this.chats.has(key)) return;
    this.chats.add(key);
    this.out.push({ type: 'chat', key, platform: 'sms', chatKind, ...(name !== undefined ? { name } : {}), prov });
  }

  reject(el: XEl, reason: string, raw: string): void {
    this.rejected++;
    this.out.push({ type: 'skip', outcome: 'rejected', count: 1, reason, prov: this.prov(el), raw });
  }

  /** One top-level element: exactly one of parsed / rejected. `raw` is its source text (or re-serialisation). */
  unit(el: XEl, flags: Set<string>, raw: string): void {
    this.seen++;
    if (el.name === 'call') this.call(el, flags, raw);
    else if (el.name === 'sms') this.sms(el, flags, raw);
    else if (el.name === 'mms') this.mms(el, flags, raw);
    else this.reject(el, `unknown element <${el.name.slice(0, 40)}>`, raw);
  }

  private call(el: XEl, flags: Set<string>, raw: string): void {
    const a = attrMap(el, flags);
    const time = epochTime(a.get('date'));
    if (typeof time === 'string') return this.reject(el, `call: ${time}`, raw);
    const prov = this.prov(el);
    const type = a.get('type');
    let direction: CallDirection = 'unknown';
    if (type !== undefined && Object.prototype.hasOwnProperty.call(CALL_TYPES, type)) direction = CALL_TYPES[type]!;
    else flags.add(type === undefined ? 'no-call-type' : 'unknown-call-type');
    if (type === '7') flags.add('answered-externally');
    const pres = a.get('presentation');
    if (pres !== undefined && Object.prototype.hasOwnProperty.call(PRESENTATION, pres)) flags.add(PRESENTATION[pres]!);
    else if (pres !== undefined && pres !== '1') flags.add('unknown-presentation');
    let durationS: number | undefined;
    const dur = a.get('duration');
    if (dur !== undefined && /^\d{1,10}$/.test(dur)) durationS = Number(dur);
    else if (dur !== undefined) flags.add('bad-duration');
    const number = present(a.get('number'));
    const name = contactName(a.get('contact_name'));
    let accountKey: string | undefined;
    if (number !== undefined) {
      const id = addressIdentifier(number);
      if (id) {
        accountKey = `phone:${number}`;
        if (!this.accounts.has(accountKey)) this.account(accountKey, 'phone', { ...id, value: detach(id.value) }, name === undefined ? undefined : detach(name), prov);
      } else flags.add('special-number');
    } else flags.add('no-number');
    this.parsed++;
    this.out.push({
      type: 'call',
      time,
      direction,
      ...(accountKey !== undefined ? { accountKey } : {}),
      ...(durationS !== undefined ? { durationS } : {}),
      ...(number !== undefined ? { counterpart: detach(number) } : {}),
      ...(name !== undefined ? { contactName: detach(name) } : {}),
      ...(flags.size ? { flags: [...flags] } : {}),
      prov,
      raw,
    });
  }

  private box(value: string | undefined, flags: Set<string>): 'incoming' | 'outgoing' | undefined {
    if (value === '1') return 'incoming';
    if (value === '2') return 'outgoing';
    if (value !== undefined && Object.prototype.hasOwnProperty.call(BOX_FLAGS, value)) {
      flags.add(BOX_FLAGS[value]!);
      return 'outgoing';
    }
    flags.add(value === undefined ? 'no-message-type' : 'unknown-message-type');
    return undefined;
  }

  private commonFlags(a: { get(name: string): string | undefined }, direction: string | undefined, flags: Set<string>): void {
    if (a.get('read') === '0' && direction === 'incoming') flags.add('unread');
    const status = a.get('status');
    if (status === '64') flags.add('status-failed');
    else if (status === '32') flags.add('status-pending');
    if (a.get('locked') === '1') flags.add('locked');
  }

  /** The thread (and, for an address that is an identifier, the account) of a counterpart, made on first sight. */
  private party(address: string, name: string | undefined, chatKind: string, prov: Provenance): { address: string; chatKey: string; acctKey: string | undefined } {
    let p = this.parties.get(address);
    if (!p) {
      address = detach(address);
      if (name !== undefined) name = detach(name);
      const chatKey = `chat:${address}`;
      this.chat(chatKey, name, chatKind, prov);
      const id = addressIdentifier(address);
      let acctKey: string | undefined;
      if (id) {
        acctKey = `acct:${address}`;
        this.account(acctKey, 'sms', id, name, prov, chatKey);
      }
      p = { address, chatKey, acctKey };
      this.parties.set(address, p);
    }
    return p;
  }

  private sms(el: XEl, flags: Set<string>, raw: string): void {
    const a = attrMap(el, flags);
    const time = epochTime(a.get('date'));
    if (typeof time === 'string') return this.reject(el, `sms: ${time}`, raw);
    const prov = this.prov(el);
    const direction = this.box(a.get('type'), flags);
    this.commonFlags(a, direction, flags);
    const address = present(a.get('address'));
    let body = a.get('body');
    if (body === undefined) {
      body = '';
      if (!flags.has('attribute-over-cap:body')) flags.add('no-body');
    } else if (body === 'null') flags.add('body-null-string');
    if (hasInvisibles(body)) flags.add('invisible-chars');
    const m: MessageRecord = { type: 'message', time, kind: 'text', body: detach(body), prov, raw };
    if (address !== undefined) {
      const p = this.party(address, contactName(a.get('contact_name')), address.includes('~') ? 'mms-group' : 'sms-thread', prov);
      m.chatKey = p.chatKey;
      if (direction === 'incoming') {
        m.sender = p.address;
        if (p.acctKey !== undefined) m.senderKey = p.acctKey;
      } else if (direction === 'outgoing') m.recipients = [p.address];
    } else flags.add('no-address');
    if (direction === 'outgoing' && this.ownerKey) m.senderKey = this.ownerKey;
    if (direction !== undefined) m.direction = direction;
    const subject = present(a.get('subject'));
    if (subject !== undefined) m.entities = [{ type: 'subject', text: detach(subject) }];
    const ds = a.get('date_sent');
    if (ds !== undefined && !/^\d{1,15}$/.test(ds)) flags.add('bad-date-sent');
    if (flags.size) m.flags = [...flags];
    this.parsed++;
    this.out.push(m);
  }

  private mms(el: XEl, flags: Set<string>, raw: string): void {
    const a = attrMap(el, flags);
    const time = epochTime(a.get('date'));
    if (typeof time === 'string') return this.reject(el, `mms: ${time}`, raw);
    const prov = this.prov(el);
    const direction = this.box(a.get('msg_box'), flags);
    this.commonFlags(a, direction, flags);
    const address = present(a.get('address'));
    const group = address?.includes('~') ?? false;
    const name = contactName(a.get('contact_name'));

    // children: <parts><part/></parts> and <addrs><addr/></addrs> (tolerating parts/addrs placed directly)
    const parts: XEl[] = [];
    const addrs: XEl[] = [];
    for (const c of el.children) {
      if (c.kind !== 'el') continue;
      if (c.name === 'parts' || c.name === 'addrs') {
        for (const g of c.children) {
          if (g.kind !== 'el') continue;
          if (g.name === 'part' && c.name === 'parts') parts.push(g);
          else if (g.name === 'addr' && c.name === 'addrs') addrs.push(g);
          else flags.add(`unexpected-element:${g.name.slice(0, 40)}`);
        }
      } else if (c.name === 'part') parts.push(c);
      else if (c.name === 'addr') addrs.push(c);
      else flags.add(`unexpected-element:${c.name.slice(0, 40)}`);
    }

    let chatKey: string | undefined;
    if (address !== undefined) {
      chatKey = `chat:${address}`;
      if (!this.chats.has(chatKey)) this.chat(detach(chatKey), name === undefined ? undefined : detach(name), group ? 'mms-group' : 'sms-thread', prov);
    } else flags.add('no-address');

    let from: string | undefined;
    const recipients: string[] = [];
    const everyone: string[] = [];
    for (const ad of addrs) {
      const m = attrMap(ad, flags);
      const who = present(m.get('address'));
      if (who === undefined) continue;
      const role = ADDR_TYPES[m.get('type') ?? ''];
      if (role === undefined) flags.add('unknown-addr-type');
      if (role === 'from') from ??= who;
      else if (who !== 'insert-address-token') recipients.push(who);
      everyone.push(who);
    }
    if (address !== undefined) for (const p of address.split('~')) if (p !== '') everyone.push(p);
    const seen = new Set<string>();
    for (const who of everyone) {
      if (seen.has(who)) continue;
      seen.add(who);
      const id = addressIdentifier(who);
      if (id && !this.accounts.has(`acct:${who}`)) this.account(`acct:${detach(who)}`, 'sms', { ...id, value: detach(who) }, group || name === undefined ? undefined : detach(name), prov, chatKey);
    }

    let sender: string | undefined;
    let senderKey: string | undefined;
    if (direction === 'incoming') {
      sender = from ?? (group ? undefined : address);
      if (sender !== undefined && addressIdentifier(sender)) senderKey = `acct:${sender}`;
    } else if (direction === 'outgoing') {
      if (from !== undefined && from !== 'insert-address-token') sender = from;
      senderKey = this.ownerKey;
      if (recipients.length === 0 && address !== undefined) recipients.push(...address.split('~').filter((p) => p !== ''));
    }

    // parts
    const mmsIndex = /\[(\d+)\]$/.exec(el.path)?.[1] ?? '0';
    const bodyParts: string[] = [];
    const refs: AttachmentRef[] = [];
    const members = new Set<string>();
    const files: ImportRecord[] = [];
    let binary = 0;
    parts.forEach((part, k) => {
      const pa = attrMap(part, flags);
      const ct = present(pa.get('ct'));
      const ctl = ct?.toLowerCase() ?? '';
      const label = present(pa.get('cl')) ?? present(pa.get('name')) ?? present(pa.get('fn'));
      const text = present(pa.get('text'));
      const dataExt = part.exts?.get('data');
      const data = dataExt ? { ext: dataExt } : undefined;
      if (ctl.startsWith('application/smil')) {
        this.smilParts++;
        return;
      }
      const memberFor = () => {
        let m = `mms/${mmsIndex}/${safeName(pa.get('seq') ?? String(k))}-${safeName(label ?? `part${k + 1}`)}`;
        if (members.has(m)) m += `~${k + 1}`;
        members.add(m);
        return m;
      };
      const pprov = this.prov(part);
      if (data?.ext?.digest) {
        const d = data.ext.digest;
        binary++;
        const member = memberFor();
        refs.push({ name: label ?? member, status: 'present', ...(ct !== undefined ? { mime: ct } : {}) });
        if (d.valid) {
          this.attachments++;
          this.attachmentBytes += d.size;
          files.push({ type: 'attachment', member, size: d.size, sha256: d.sha256, status: 'stored', prov: pprov });
        } else {
          this.invalidAttachments++;
          flags.add('attachment-invalid-base64');
          files.push({
            type: 'attachment',
            member,
            size: d.chars,
            status: 'refused',
            reason: `the part's data is not valid base64 (${d.problem ?? 'invalid'}); size counts the characters of the undecodable text, which raw keeps`,
            prov: pprov,
          });
        }
        if (ctl.startsWith('text/plain') && text !== undefined) bodyParts.push(text);
        return;
      }
      if (data?.ext?.long) flags.add('attribute-over-cap:data');
      if (ctl.startsWith('text/plain') && text !== undefined) {
        bodyParts.push(text);
        return;
      }
      if (text !== undefined) {
        // A text part of another type (a vCard, a calendar entry): its text stays in raw; hashed as an attachment.
        const member = memberFor();
        const bytes = Buffer.from(text, 'utf8');
        refs.push({ name: label ?? member, status: 'present', ...(ct !== undefined ? { mime: ct } : {}) });
        this.attachments++;
        this.attachmentBytes += bytes.length;
        files.push({ type: 'attachment', member, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), status: 'stored', prov: pprov });
        return;
      }
      refs.push({ name: label ?? `part ${k + 1}`, status: 'omitted', ...(ct !== undefined ? { mime: ct } : {}) });
      flags.add('attachment-data-missing');
    });

    const body = bodyParts.join('\n');
    if (hasInvisibles(body)) flags.add('invisible-chars');
    const entities: TextEntity[] = [];
    const subject = present(a.get('sub'));
    if (subject !== undefined) entities.push({ type: 'subject', text: subject });
    const extId = present(a.get('m_id'));
    this.parsed++;
    this.out.push({
      type: 'message',
      ...(chatKey !== undefined ? { chatKey } : {}),
      ...(sender !== undefined ? { sender } : {}),
      ...(senderKey !== undefined ? { senderKey } : {}),
      ...(direction !== undefined ? { direction } : {}),
      ...(recipients.length ? { recipients } : {}),
      time,
      kind: binary > 0 ? 'media' : 'text',
      body,
      ...(extId !== undefined ? { extId } : {}),
      ...(refs.length ? { attachments: refs } : {}),
      ...(entities.length ? { entities } : {}),
      ...(flags.size ? { flags: [...flags] } : {}),
      prov,
      raw,
    });
    for (const f of files) this.out.push(f);
  }
}
