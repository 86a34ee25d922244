/**
 * The common model every importer emits: records with provenance and raw form. Importers never touch the
 * database; the import job turns these records into rows, all of one evidence item in one transaction.
 */

/** Where a record came from inside its evidence file. At least one field is set. */
export interface Provenance {
  /** Member name inside a zip container (e.g. `_chat.txt`), when the record came from inside one. */
  member?: string;
  /** 1-based first line in the (decoded) text, or the spreadsheet row number. */
  line?: number;
  /** 1-based last line when a record spans several lines (multi-line messages). */
  lineEnd?: number;
  /** Structured address: JSON path (`$.messages[12]`), XML path (`/smses/sms[5]`), cell range (`'Ledger'!A12:F12`). */
  path?: string;
  /** Byte offset of the record's start in the file (or zip member). */
  offset?: number;
}

/** A wall-clock time as written, with no zone: resolved later in the evidence item's declared zone. */
export interface WallTime {
  y: number;
  mo: number; // 1-12
  d: number;
  h: number;
  mi: number;
  s: number;
  ms?: number;
}

export type RecordTime =
  /** The format carries a real instant (epoch, or a time with an offset). */
  | { kind: 'instant'; utcMs: number; raw: string; flags?: string[] }
  /** The format carries wall-clock time only: read in the evidence item's zone. */
  | { kind: 'wall'; wall: WallTime; raw: string; flags?: string[] }
  /** No usable time (the raw text is kept if there was any). */
  | { kind: 'none'; raw?: string; flags?: string[] };

export type Platform = 'whatsapp' | 'telegram' | 'line' | 'signal' | 'sms' | 'phone' | 'email' | 'spreadsheet' | 'other';

/** A conversation (chat, group, channel, SMS thread). */
export interface ChatRecord {
  type: 'chat';
  /** Importer-local key used by messages to refer to this chat. */
  key: string;
  platform: Platform;
  name?: string;
  /** `personal`, `group`, `channel`, `saved`, `sms-thread`, … as the format says. */
  chatKind?: string;
  extId?: string;
  prov: Provenance;
}

/** A kind of identifier a party is known by. Display names are *not* identifiers. */
export type IdentifierKind = 'phone' | 'email' | 'username' | 'wallet' | 'iban' | 'account' | 'user-id';

export interface RawIdentifier {
  kind: IdentifierKind;
  /** Exactly as written in the source. */
  value: string;
  /** For usernames and user ids: which service (`telegram`, `line`, `whatsapp`, …). */
  platform?: string;
  /** A label the source attached (`CELL`, `work`, `Victim phone`). */
  label?: string;
}

/** An account / participant as written in the source (a sender, a chat member, the device owner). */
export interface AccountRecord {
  type: 'account';
  /** Importer-local key used by messages and calls. */
  key: string;
  platform: Platform;
  /** The name as displayed in the source (not an identifier). */
  display?: string;
  /** Hard identifiers the source states for this account, written together in one record about it. */
  identifiers: RawIdentifier[];
  /** True for the device / export owner. */
  isOwner?: boolean;
  /** Chat keys this account is a member of. */
  chats?: string[];
  prov: Provenance;
}

export type MessageKind = 'text' | 'system' | 'media' | 'deleted' | 'call' | 'location' | 'contact' | 'poll' | 'other';

export interface AttachmentRef {
  /** The file name as the message names it. */
  name: string;
  /** `omitted` = the export says media was left out; `referenced` = named but not found; `present` = found in the container. */
  status: 'omitted' | 'referenced' | 'present';
  mime?: string;
}

export interface TextEntity {
  /** e.g. `mention`, `phone`, `email`, `link`, `text_link`, `hashtag`. */
  type: string;
  text: string;
  href?: string;
  userId?: string;
}

export interface MessageRecord {
  type: 'message';
  chatKey?: string;
  /** The sender's account key, when known. */
  senderKey?: string;
  /** The sender exactly as written (name, number, `~ Name`). */
  sender?: string;
  direction?: 'incoming' | 'outgoing';
  /** Other parties as written, for formats that list them (SMS/MMS addresses). */
  recipients?: string[];
  time: RecordTime;
  kind: MessageKind;
  /** The message text exactly as written (multi-line joined with `\n`). */
  body: string;
  extId?: string;
  replyTo?: string;
  forwardedFrom?: string;
  attachments?: AttachmentRef[];
  entities?: TextEntity[];
  /** Anything worth a second look: `edited`, `invisible-chars`, `time-header-in-body`, … */
  flags?: string[];
  prov: Provenance;
  /** The record as it stood in the source (lines joined, JSON text, XML element). */
  raw: string;
  /** The original bytes, when the text was not valid in its encoding (raw then holds a lossy decoding). */
  rawBytes?: Uint8Array;
}

export type CallDirection = 'incoming' | 'outgoing' | 'missed' | 'rejected' | 'blocked' | 'voicemail' | 'unknown';

export interface CallRecord {
  type: 'call';
  chatKey?: string;
  /** The account key of the other party or the caller, when known. */
  accountKey?: string;
  time: RecordTime;
  direction: CallDirection;
  durationS?: number;
  media?: 'voice' | 'video';
  /** The other party's number or handle exactly as written. */
  counterpart?: string;
  /** The name the source shows for the other party. */
  contactName?: string;
  /** The caller, as written, for call events inside chats. */
  caller?: string;
  flags?: string[];
  prov: Provenance;
  raw: string;
  rawBytes?: Uint8Array;
}

export interface ContactRecord {
  type: 'contact';
  name?: string;
  /** Identifiers written together on this card: the hard-evidence basis for linking. */
  identifiers: RawIdentifier[];
  /** Other fields (organisation, note, address, URL, birthday …) kept as written. */
  fields: { name: string; value: string; label?: string }[];
  time?: RecordTime;
  flags?: string[];
  prov: Provenance;
  raw: string;
  rawBytes?: Uint8Array;
}

export interface CellValue {
  /** A1-style address. */
  ref: string;
  /** The value as text exactly as stored (numbers as their exact decimal text, dates as written). */
  value: string | null;
  /** `string`, `number`, `date`, `boolean`, `formula`, `error`, `empty`. */
  type: string;
  /** The formula text, never evaluated. */
  formula?: string;
}

/** One spreadsheet row, kept whole. */
export interface RowRecord {
  type: 'row';
  /** Importer-local key so transactions and contacts can refer to their row. */
  key: string;
  sheet: string;
  rowNumber: number;
  cells: CellValue[];
  isHeader?: boolean;
  flags?: string[];
  prov: Provenance;
  raw: string;
  rawBytes?: Uint8Array;
}

export interface PartyRef {
  name?: string;
  identifiers: RawIdentifier[];
}

export interface TransactionRecord {
  type: 'transaction';
  rowKey?: string;
  time: RecordTime;
  /** Exact decimal text, never a float. */
  amount?: string;
  currency?: string;
  from?: PartyRef;
  to?: PartyRef;
  reference?: string;
  description?: string;
  flags?: string[];
  prov: Provenance;
  raw: string;
  rawBytes?: Uint8Array;
}

/** A file inside a container export (media beside a chat), hashed, never opened or executed. */
export interface AttachmentRecord {
  type: 'attachment';
  member: string;
  size: number;
  sha256?: string;
  status: 'stored' | 'refused' | 'missing';
  reason?: string;
  prov: Provenance;
}

/** A unit that was read but not turned into a record. */
export interface SkipRecord {
  type: 'skip';
  /** `rejected` keeps raw text and a reason; `skipped` is a benign unit (blank line, header row). */
  outcome: 'rejected' | 'skipped';
  /** How many units this stands for (benign skips may be counted in bulk). */
  count: number;
  reason: string;
  prov?: Provenance;
  raw?: string | Uint8Array;
}

/** A fact about the evidence item as a whole (encoding, detected layout, exporter offset, owner …). */
export interface FactRecord {
  type: 'fact';
  key: string;
  value: string | number | boolean | null | Record<string, unknown>;
}

/**
 * Sent once, last: how many units (lines, rows, messages) the importer read and how many became records.
 * The job checks parsed + skipped + rejected = seen and refuses the import otherwise.
 */
export interface UnitsRecord {
  type: 'units';
  unit: string;
  seen: number;
  parsed: number;
}

export type ImportRecord =
  | ChatRecord
  | AccountRecord
  | MessageRecord
  | CallRecord
  | ContactRecord
  | RowRecord
  | TransactionRecord
  | AttachmentRecord
  | SkipRecord
  | FactRecord
  | UnitsRecord;

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(x)}`);
}
