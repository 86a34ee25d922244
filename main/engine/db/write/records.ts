/**
 * Writes one evidence item's records into the case, inside the import job's transaction: resolves
 * wall-clock times in the item's zone, maps importer-local keys to row ids, and keeps provenance and raw form.
 */
import type Database from 'better-sqlite3';
import type { ImportRecord, Provenance, RecordTime, AccountRecord, RawIdentifier } from '../../model/records';
import { assertNever } from '../../model/records';
import { MessageHints } from './message-hints';
import { resolveWallTime, wallToIso, isValidWall } from '../../time/zone';

function json(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v) && v.length === 0) return null;
  return JSON.stringify(v);
}

// String.prototype.isWellFormed / toWellFormed (ES2024; in Node 20) are not in this project's TS lib yet.
type Utf16 = string & { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (s: string): boolean => (s as Utf16).isWellFormed();
const repaired = (s: string): string => (s as Utf16).toWellFormed();
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The exact code units of a string holding lone surrogates, as generalised UTF-8 (WTF-8: a lone surrogate is
 * the 3 bytes ED A0 80 … as a buggy exporter writes it). better-sqlite3 would write those bytes into a TEXT
 * column and read them back as three U+FFFD, so the text columns get a repaired copy and this goes to raw_bytes.
 */
export function wtf8(s: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of s.matchAll(LONE)) {
    parts.push(Buffer.from(s.slice(last, m.index), 'utf8'));
    const cu = s.charCodeAt(m.index!);
    parts.push(Buffer.from([0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)]));
    last = m.index! + 1;
  }
  parts.push(Buffer.from(s.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

function withFlag(flags: string[] | undefined, flag: string): string[] {
  return flags?.includes(flag) ? flags : [...(flags ?? []), flag];
}

/** The T columns in order: ts_utc, ts_raw, ts_local, ts_zone, ts_flags. */
type TimeCols = readonly [number | null, string | null, string | null, string | null, string | null];

export class RecordWriter {
  private seq = 0;
  private readonly chats = new Map<string, number>();
  private readonly accounts = new Map<string, number>();
  private readonly rows = new Map<string, number>();
  /** Transactions naming a row (by key) not written yet: linked when the row comes (importers may emit it later). */
  private readonly pendingRowLinks = new Map<string, number[]>();
  /** (chat, account) memberships already written: a chat's messages repeat the same few senders. */
  private readonly members = new Set<number>();
  private readonly stmts;
  /** Counts of records written, by table. */
  readonly written: Record<string, number> = Object.create(null) as Record<string, number>;
  /** Time flags seen (dst-gap …), by flag. */
  readonly timeFlags: Record<string, number> = Object.create(null) as Record<string, number>;
  /** What identity linking needs from the messages written (senders, mention candidates), so it need not read them back. */
  readonly messageHints = new MessageHints();
  /** Earliest and latest instant written. */
  first: number | null = null;
  last: number | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly evidenceId: number,
    private readonly tz: string,
  ) {
    const P = 'evidence_id, seq, src_member, src_line, src_line_end, src_path, src_offset, flags, raw, raw_bytes';
    // Positional parameters, bound in column order: named binding (an object built per row, every name looked up)
    // took twice the CPU of positional binding for a 27-column insert — about 2 µs more per record.
    const PV = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?';
    const T = 'ts_utc, ts_raw, ts_local, ts_zone, ts_flags';
    const TV = '?, ?, ?, ?, ?';
    this.stmts = {
      chat: db.prepare(`INSERT INTO chats (key, platform, name, chat_kind, ext_id, ${P}) VALUES (?, ?, ?, ?, ?, ${PV})`),
      account: db.prepare(`INSERT INTO accounts (key, platform, display, is_owner, implicit, ${P}) VALUES (?, ?, ?, ?, ?, ${PV})`),
      accountUpdate: db.prepare('UPDATE accounts SET display = COALESCE(?, display), is_owner = MAX(is_owner, ?), implicit = 0 WHERE id = ?'),
      identifier: db.prepare('INSERT OR IGNORE INTO account_identifiers (account_id, kind, value_raw, platform, label) VALUES (?, ?, ?, ?, ?)'),
      member: db.prepare('INSERT OR IGNORE INTO chat_members (chat_id, account_id) VALUES (?, ?)'),
      message: db.prepare(
        `INSERT INTO messages (chat_id, sender_account_id, sender_raw, direction, recipients_json, ${T}, kind, body, ext_id, reply_to, forwarded_from, attachments_json, entities_json, ${P})
         VALUES (?, ?, ?, ?, ?, ${TV}, ?, ?, ?, ?, ?, ?, ?, ${PV})`,
      ),
      call: db.prepare(
        `INSERT INTO calls (chat_id, account_id, ${T}, direction, duration_s, media, counterpart_raw, contact_name, caller_raw, ${P})
         VALUES (?, ?, ${TV}, ?, ?, ?, ?, ?, ?, ${PV})`,
      ),
      contact: db.prepare(`INSERT INTO contacts (name, identifiers_json, fields_json, ${T}, ${P}) VALUES (?, ?, ?, ${TV}, ${PV})`),
      row: db.prepare(`INSERT INTO sheet_rows (key, sheet, row_number, cells_json, is_header, ${P}) VALUES (?, ?, ?, ?, ?, ${PV})`),
      transactionRow: db.prepare('UPDATE transactions SET row_id = ? WHERE id = ?'),
      transaction: db.prepare(
        `INSERT INTO transactions (row_id, ${T}, amount, currency, from_json, to_json, reference, description, ${P})
         VALUES (?, ${TV}, ?, ?, ?, ?, ?, ?, ${PV})`,
      ),
      attachment: db.prepare(`INSERT INTO attachments (member, size, sha256, status, reason, ${P}) VALUES (?, ?, ?, ?, ?, ${PV})`),
      skip: db.prepare(`INSERT INTO skipped_units (outcome, count, reason, ${P}) VALUES (?, ?, ?, ${PV})`),
    };
  }

  private prov(p: Provenance | undefined, flags: string[] | undefined, raw: string | undefined, rawBytes: Uint8Array | undefined) {
    if (raw !== undefined && !wellFormed(raw)) {
      // Lone surrogates in the raw text: keep its exact code units as bytes, store a visible repair, flag it.
      rawBytes ??= wtf8(raw);
      raw = repaired(raw);
      flags = withFlag(flags, 'lone-surrogate');
    }
    // In the order of the P columns: evidence_id, seq, src_member, src_line, src_line_end, src_path, src_offset, flags, raw, raw_bytes.
    return [
      this.evidenceId,
      ++this.seq,
      p?.member ?? null,
      p?.line ?? null,
      p?.lineEnd ?? null,
      p?.path ?? null,
      p?.offset ?? null,
      json(flags),
      raw ?? null,
      rawBytes ? Buffer.from(rawBytes.buffer, rawBytes.byteOffset, rawBytes.byteLength) : null,
    ] as const;
  }

  private time(t: RecordTime | undefined): TimeCols {
    if (!t || t.kind === 'none') return [null, t?.raw ?? null, null, null, json(t?.flags)];
    if (t.kind === 'instant') {
      this.span(t.utcMs);
      return [t.utcMs, t.raw, null, 'UTC', json(t.flags)];
    }
    if (!isValidWall(t.wall)) {
      const flags = [...(t.flags ?? []), 'invalid-date'];
      this.countFlag('invalid-date');
      return [null, t.raw, null, this.tz, json(flags)];
    }
    const r = resolveWallTime(t.wall, this.tz);
    let flags = t.flags;
    if (r.flag) {
      flags = [...(flags ?? []), r.flag];
      this.countFlag(r.flag);
    }
    this.span(r.utcMs);
    return [r.utcMs, t.raw, wallToIso(t.wall), this.tz, json(flags)];
  }

  private countFlag(f: string) {
    this.timeFlags[f] = (this.timeFlags[f] ?? 0) + 1;
  }

  private span(ms: number) {
    if (this.first === null || ms < this.first) this.first = ms;
    if (this.last === null || ms > this.last) this.last = ms;
  }

  private count(table: string) {
    this.written[table] = (this.written[table] ?? 0) + 1;
  }

  private identifiers(accountId: number, ids: RawIdentifier[]) {
    for (const i of ids) this.stmts.identifier.run(accountId, i.kind, i.value, i.platform ?? null, i.label ?? null);
  }

  private account(rec: AccountRecord): number {
    const existing = this.accounts.get(rec.key);
    let id: number;
    if (existing !== undefined) {
      id = existing;
      this.stmts.accountUpdate.run(rec.display ?? null, rec.isOwner ? 1 : 0, id);
    } else {
      const info = this.stmts.account.run(rec.key, rec.platform, rec.display ?? null, rec.isOwner ? 1 : 0, 0, ...this.prov(rec.prov, undefined, undefined, undefined));
      id = Number(info.lastInsertRowid);
      this.accounts.set(rec.key, id);
      this.count('accounts');
    }
    this.identifiers(id, rec.identifiers);
    for (const chatKey of rec.chats ?? []) {
      const chatId = this.chats.get(chatKey);
      if (chatId !== undefined) this.stmts.member.run(chatId, id);
    }
    return id;
  }

  /** INSERT OR IGNORE once per (chat, account) of this item rather than once per message (pairs packed in one number). */
  private member(chatId: number, accountId: number): void {
    const k = chatId * 67_108_864 + accountId;
    if (Number.isSafeInteger(k) && accountId < 67_108_864) {
      if (this.members.has(k)) return;
      this.members.add(k);
    }
    this.stmts.member.run(chatId, accountId);
  }

  /** An account a record names before (or without) declaring it. */
  private accountFor(key: string | undefined, display: string | undefined, platform: string, prov: Provenance): number | null {
    if (key === undefined) return null;
    const existing = this.accounts.get(key);
    if (existing !== undefined) return existing;
    const info = this.stmts.account.run(key, platform, display ?? null, 0, 1, ...this.prov(prov, undefined, undefined, undefined));
    const id = Number(info.lastInsertRowid);
    this.accounts.set(key, id);
    this.count('accounts');
    return id;
  }

  private chatFor(key: string | undefined): number | null {
    if (key === undefined) return null;
    return this.chats.get(key) ?? null;
  }

  write(rec: ImportRecord): void {
    switch (rec.type) {
      case 'chat': {
        const info = this.stmts.chat.run(rec.key, rec.platform, rec.name ?? null, rec.chatKind ?? null, rec.extId ?? null, ...this.prov(rec.prov, undefined, undefined, undefined));
        this.chats.set(rec.key, Number(info.lastInsertRowid));
        this.count('chats');
        return;
      }
      case 'account':
        this.account(rec);
        return;
      case 'message': {
        let { body, sender: senderRaw, flags, rawBytes } = rec;
        if (!wellFormed(body) || (senderRaw !== undefined && !wellFormed(senderRaw))) {
          // A lone surrogate (JSON "\uD800"): the body shows U+FFFD, the record is flagged, and the original is
          // kept exactly — in raw when the source escaped it there (JSON does), else as bytes in raw_bytes.
          flags = withFlag(flags, 'lone-surrogate');
          if (rawBytes === undefined && rec.raw === undefined) rawBytes = wtf8(wellFormed(body) ? (senderRaw ?? '') : body);
          body = repaired(body);
          if (senderRaw !== undefined) senderRaw = repaired(senderRaw);
        }
        const chatId = this.chatFor(rec.chatKey);
        const sender = this.accountFor(rec.senderKey, senderRaw, 'other', rec.prov);
        if (chatId !== null && sender !== null) this.member(chatId, sender);
        const recipients = json(rec.recipients);
        const info = this.stmts.message.run(
          chatId,
          sender,
          senderRaw ?? null,
          rec.direction ?? null,
          recipients,
          ...this.time(rec.time),
          rec.kind,
          body,
          rec.extId ?? null,
          rec.replyTo ?? null,
          rec.forwardedFrom ?? null,
          json(rec.attachments),
          json(rec.entities),
          ...this.prov(rec.prov, flags, rec.raw, rawBytes),
        );
        this.messageHints.add(Number(info.lastInsertRowid), sender, senderRaw ?? null, body, recipients);
        this.count('messages');
        return;
      }
      case 'call':
        this.stmts.call.run(
          this.chatFor(rec.chatKey),
          this.accountFor(rec.accountKey, rec.contactName ?? rec.counterpart, 'phone', rec.prov),
          ...this.time(rec.time),
          rec.direction,
          rec.durationS ?? null,
          rec.media ?? null,
          rec.counterpart ?? null,
          rec.contactName ?? null,
          rec.caller ?? null,
          ...this.prov(rec.prov, rec.flags, rec.raw, rec.rawBytes),
        );
        this.count('calls');
        return;
      case 'contact':
        this.stmts.contact.run(rec.name ?? null, JSON.stringify(rec.identifiers), JSON.stringify(rec.fields), ...this.time(rec.time), ...this.prov(rec.prov, rec.flags, rec.raw, rec.rawBytes));
        this.count('contacts');
        return;
      case 'row': {
        const info = this.stmts.row.run(rec.key, rec.sheet, rec.rowNumber, JSON.stringify(rec.cells), rec.isHeader ? 1 : 0, ...this.prov(rec.prov, rec.flags, rec.raw, rec.rawBytes));
        const rowId = Number(info.lastInsertRowid);
        this.rows.set(rec.key, rowId);
        for (const tx of this.pendingRowLinks.get(rec.key) ?? []) this.stmts.transactionRow.run(rowId, tx);
        this.pendingRowLinks.delete(rec.key);
        this.count('rows');
        return;
      }
      case 'transaction': {
        const txInfo = this.stmts.transaction.run(
          rec.rowKey !== undefined ? (this.rows.get(rec.rowKey) ?? null) : null,
          ...this.time(rec.time),
          rec.amount ?? null,
          rec.currency ?? null,
          json(rec.from),
          json(rec.to),
          rec.reference ?? null,
          rec.description ?? null,
          ...this.prov(rec.prov, rec.flags, rec.raw, rec.rawBytes),
        );
        const later = rec.rowKey !== undefined && !this.rows.has(rec.rowKey) ? rec.rowKey : undefined;
        if (later !== undefined) this.pendingRowLinks.set(later, [...(this.pendingRowLinks.get(later) ?? []), Number(txInfo.lastInsertRowid)]);
        this.count('transactions');
        return;
      }
      case 'attachment':
        this.stmts.attachment.run(rec.member, rec.size, rec.sha256 ?? null, rec.status, rec.reason ?? null, ...this.prov(rec.prov, undefined, undefined, undefined));
        this.count('attachments');
        return;
      case 'skip': {
        const isBytes = rec.raw instanceof Uint8Array;
        this.stmts.skip.run(
          rec.outcome,
          rec.count,
          rec.reason,
          ...this.prov(rec.prov, undefined, isBytes ? Buffer.from(rec.raw as Uint8Array).toString('utf8') : (rec.raw as string | undefined), isBytes ? (rec.raw as Uint8Array) : undefined),
        );
        return;
      }
      case 'fact':
      case 'units':
        return; // kept on the evidence item by the job
      default:
        assertNever(rec, 'record type');
    }
  }
}
