/**
 * What crosses the renderer/main boundary: plain JSON shapes (no BigInt, no Date, no paths the renderer could
 * invent). Event keys are decimal strings; times are ISO-8601 UTC plus the same instant in a display zone.
 */
import type { ErrorInfo } from './errors';

export const EVENT_KINDS = ['message', 'call', 'contact', 'transaction', 'row', 'file'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const BUCKET_UNITS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type BucketUnit = (typeof BUCKET_UNITS)[number];

export const DATE_ORDERS = ['dmy', 'mdy', 'ymd'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

export type HostMode = 'electron' | 'browser';

export interface AppInfo {
  tool: string;
  mode: HostMode;
  /** Whether native file dialogs exist (Electron) — browser mode lists evidence roots instead. */
  dialogs: boolean;
  /** Browser mode: files can be dropped onto the window and are copied to a staging folder first. */
  staging: boolean;
  formats: FormatInfo[];
  regions: string[];
  zones: string[];
  /** Column roles a spreadsheet mapping may use (`victim.phone` = party prefix + role). */
  roles: string[];
  caseOpen: boolean;
}

export interface FormatInfo {
  id: string;
  label: string;
  unit: string;
  /** Whether zone-less times / day-month order / column mapping can matter for this format. */
  asks: { dateOrder: boolean; mapping: boolean };
}

/** A case file main knows about (its id is opaque; `location` is for display only). */
export interface CaseRef {
  id: string;
  name: string;
  location: string;
  size: number;
  modified: string;
  open: boolean;
}

export interface CaseSummary {
  ref: CaseRef;
  uuid: string;
  caseNumber: string;
  title: string | null;
  examiner: string;
  /** Who is acting in this session (recorded on every audit entry). */
  actingExaminer: string;
  agency: string | null;
  tz: string;
  region: string | null;
  created: string;
  tool: string;
  schemaVersion: number;
  audit: { entries: number; head: string | null };
  counts: { evidence: number; events: number; messages: number; calls: number; contacts: number; transactions: number; rows: number; undated: number };
  /** First and last dated event, UTC. */
  span: { first: string | null; last: string | null };
  /** Zones declared on evidence items (for the display-zone switch). */
  evidenceZones: string[];
  notes: string[];
}

export interface AuditEntry {
  seq: number;
  ts: string;
  examiner: string;
  tool: string;
  action: string;
  details: string;
  hash: string;
}

/** An evidence file main offers for import. `label` is its path inside its root, for display. */
export interface SourceEntry {
  id: string;
  root: string;
  label: string;
  name: string;
  size: number;
  /** A copy uploaded into the staging folder: hashes describe the copy, not the original. */
  staged: boolean;
}

export interface SourceListing {
  roots: { id: string; label: string }[];
  files: SourceEntry[];
  truncated: boolean;
  notes: string[];
}

export interface MappingColumn {
  sheet: string;
  column: string;
  header: string;
  group: string | null;
  role: string;
  source: string;
  because: string;
}

export interface Inspection {
  source: SourceEntry;
  /** Importers that recognise the file, most confident first. */
  candidates: { format: string; label: string; confidence: number; layout: string | null }[];
  /** What auto-detection would pick (null: nothing recognises it). */
  detected: string | null;
  /** Facts from a bounded dry run (no write, nothing audited): date order seen, sheets, mapping proposal. */
  preview: {
    format: string;
    complete: boolean;
    units: { unit: string; seen: number; parsed: number; skipped: number; rejected: number } | null;
    records: number;
    dateOrder: string | null;
    mapping: MappingColumn[];
    facts: Record<string, unknown>;
    error: ErrorInfo | null;
  } | null;
  notes: string[];
}

export interface ImportOptionsWire {
  format: string;
  tz: string;
  dateOrder: DateOrder | null;
  region: string | null;
  owner: string | null;
  /** [column key (`Sheet!C` or header text), role] pairs. */
  mapping: [string, string][];
  allowDuplicate: boolean;
}

/** An importer's count of its units: parsed + skipped + rejected = seen, or the import is refused. */
export interface Accounting {
  unit: string;
  seen: number;
  parsed: number;
  skipped: number;
  rejected: number;
  /** Skipped and rejected units by reason. */
  reasons: Record<string, number>;
  /** Records produced, by type. */
  records: Record<string, number>;
}

export interface ImportSummary {
  evidenceId: number;
  file: string;
  format: string;
  importerVersion: string;
  layout: string | null;
  hashes: { size: number; sha256: string; sha1: string; md5: string };
  tz: string;
  dateOrder: string | null;
  region: string | null;
  owner: string | null;
  accounting: Accounting;
  written: Record<string, number>;
  timeFlags: Record<string, number>;
  firstUtc: string | null;
  lastUtc: string | null;
  duplicateOf: number | null;
  durationMs: number;
  identity: { occurrences: number; accounts: number; entitiesJoined: number; links: Record<string, number>; suggestions: Record<string, number> };
}

export type JobStateName = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type ImportPhase = 'hashing' | 'parsing' | 'verifying' | 'linking' | 'committing';

export interface JobState {
  id: string;
  kind: 'import';
  source: SourceEntry;
  options: ImportOptionsWire;
  state: JobStateName;
  phase: ImportPhase | null;
  bytes: number | null;
  totalBytes: number | null;
  records: number | null;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  result: ImportSummary | null;
  error: ErrorInfo | null;
}

export interface EvidenceItem {
  id: number;
  file: string;
  pathGiven: string;
  /** The file actually read (differs from pathGiven when the path went through a symlink). */
  pathResolved: string;
  size: number;
  sha256: string;
  sha1: string;
  md5: string;
  format: string;
  importerVersion: string;
  layout: string | null;
  tz: string;
  dateOrder: string | null;
  region: string | null;
  owner: string | null;
  examiner: string;
  imported: string;
  duplicateOf: number | null;
  counts: { messages: number; calls: number; contacts: number; transactions: number; rows: number; chats: number; accounts: number; attachments: number; rejected: number; skipped: number };
  accounting: Accounting | null;
}

export interface SkippedUnit {
  outcome: 'rejected' | 'skipped';
  count: number;
  reason: string;
  source: string;
  raw: string | null;
}

export interface Party {
  account: number | null;
  entity: number | null;
  /** The name or number as the source shows it. */
  name: string | null;
}

/** One event as every read-out shows it (the engine's timeline too). `ts` is UTC; `display` is the same instant in the chosen zone. */
export interface TimelineEvent {
  /** Public record id: kind letter + record id (`m12`, `c3`, `t7`). */
  id: string;
  /** Position in the event order (decimal text of the event key); `--at`-style cursors are built from it. */
  key: string;
  /** ISO-8601 UTC ending in Z, or null for an event without a usable time. */
  ts: string | null;
  display: { tz: string; time: string } | null;
  kind: EventKind;
  /** message kind, call direction, `transfer`, `card`, `row`, `file`. */
  subkind: string;
  evidence: number;
  recordId: number;
  from: string | null;
  to: string | null;
  text: string;
  /** Citation: file name + member + line(s) + structural path. */
  source: string;
  chat: { id: number; name: string | null } | null;
  actor: Party | null;
  counterpart: Party | null;
  hasAttachment: boolean;
  attachments: string[];
  tsRaw: string | null;
  tsLocal: string | null;
  tsZone: string | null;
  flags: string[];
}

export interface EventFilterWire {
  /** ISO-8601 instants with a zone; [from, to). */
  from?: string;
  to?: string;
  kinds?: EventKind[];
  evidence?: number[];
  entities?: number[];
  accounts?: number[];
  tags?: string[];
  hasAttachment?: boolean;
  text?: string;
}

export interface TimelinePageWire {
  events: TimelineEvent[];
  /** True when nothing comes before / after this page under the filter. */
  atStart: boolean;
  atEnd: boolean;
  displayTz: string;
  plan: { driver: string; estimate: number | null; text: boolean };
  notes: string[];
}

export interface HistogramWire {
  bucket: BucketUnit;
  displayTz: string;
  from: string | null;
  to: string | null;
  buckets: { start: string; end: string; local: string; count: number }[];
  total: number;
  method: string;
  notes: string[];
}

export interface ThreadWire {
  chat: { id: number; name: string | null; platform: string; kind: string | null; evidence: number; messages: number } | null;
  target: TimelineEvent;
  before: TimelineEvent[];
  after: TimelineEvent[];
  displayTz: string;
  notes: string[];
}

export type SnippetPart = { text: string; hit?: true } | { gap: true };

export interface SearchHitWire {
  event: TimelineEvent;
  snippet: SnippetPart[];
  score: number | null;
}

export interface AccountSummaryWire {
  id: number;
  evidence_id: number;
  platform: string;
  display: string | null;
  is_owner: number;
  entity_id: number | null;
  events: number;
}

export interface IdentifierSearchWire {
  query: string;
  readAs: { kind: string; value: string; valid: boolean; flags: readonly string[] }[];
  hits: {
    kind: string;
    value: string;
    node: number | null;
    entity: number | null;
    occurrences: number;
    written: { role: string; src_table: string; src_id: number; raw: string; evidence_id: number; count: number }[];
    accounts: AccountSummaryWire[];
    linkedIdentifiers: { kind: string; value: string }[];
    events: number;
  }[];
  notes: string[];
}

export interface NameMatchWire {
  name: string;
  score: number;
  accounts: AccountSummaryWire[];
  contacts: { id: number; evidence: number }[];
  chats: { id: number; evidence: number }[];
  entities: number[];
}

export interface SearchResultWire {
  query: string;
  displayTz: string;
  identifiers: IdentifierSearchWire | null;
  names: NameMatchWire[] | null;
  text: {
    order: 'newest' | 'oldest' | 'rank';
    plan: { kind: string; index: string; filter: string; driver: string | null };
    hits: SearchHitWire[];
    next: string | null;
    partial: boolean;
    ranked: { window: number; complete: boolean } | null;
    notes: string[];
  } | null;
  notes: string[];
}

export interface EntityListItemWire {
  id: number;
  name: string;
  identifiers: { kind: string; value: string; valid: boolean; flags: string[] }[];
  accounts: number;
  evidence: number[];
  links: number;
  flags: string[];
}

// ------------------------------------------------------------------ identity workbench (issue 7)

/** How the entity list can be ordered: events the entity is a party to, evidence items seen in, identifiers, name, id. */
/** A justification shorter than this says nothing a court can weigh ("ok", "same"). */
export const MIN_JUSTIFICATION = 10;

export const ENTITY_SORTS = ['activity', 'evidence', 'identifiers', 'name', 'id'] as const;
export type EntitySort = (typeof ENTITY_SORTS)[number];

export interface EntityRowWire {
  id: number;
  name: string;
  /** Look-alike flags of the shown name itself (confusable, mixed-script, invisible-chars). */
  nameFlags: string[];
  /** Flags of any identifier or display name of the entity. */
  flags: string[];
  identifiers: number;
  accounts: number;
  /** Evidence items (devices / exports) it is seen in use in. */
  evidence: number;
  /** Timeline events it is a party to (actor or counterpart through one of its accounts). */
  activity: number;
  /** The first few identifiers, normalised, for the list row. */
  preview: string[];
  /** Open suggestions naming it. */
  suggestions: number;
}

export interface EntityPageWire {
  total: number;
  offset: number;
  rows: EntityRowWire[];
  /** What the index was built from (changes after every import and decision). */
  stamp: string;
  /** How the query was read (e.g. "also matched as phone +66812345678"). */
  notes: string[];
}

export interface NodeRefWire {
  node: number;
  kind: string;
  /** Normalised identifier, or `account:<id>`. */
  value: string;
  /** For accounts: platform and display name, to say which account in words. */
  label: string;
}

export interface OccurrenceWire {
  role: string;
  evidence: number;
  /** Citation: file:line, file $.path, row … */
  source: string | null;
  raw: string;
  /** How many records this occurrence stands for (a sender's messages are grouped). */
  count: number;
  label: string | null;
  flags: string[];
  /** The source record: open it in the timeline by its event key (null when it is not an event, e.g. an account). */
  record: { table: string; id: number; kind: EventKind | null; eventKey: string | null };
  /** For a mention: the start of the message text. */
  excerpt: string | null;
}

export interface IdentifierCardWire {
  node: number;
  kind: string;
  value: string;
  valid: boolean;
  flags: string[];
  mentionedOnly: boolean;
  /** Distinct surface forms as written in the sources. */
  raw: string[];
  seen: OccurrenceWire[];
  mentioned: OccurrenceWire[];
  /** Occurrences not listed (a very common identifier). */
  more: number;
}

export interface AccountCardWire {
  node: number;
  id: number;
  evidence: number;
  key: string;
  display: string | null;
  owner: boolean;
  source: string | null;
  events: number;
}

export interface DecisionRefWire {
  id: number;
  kind: 'confirm' | 'reject' | 'merge' | 'split' | 'name' | 'undo';
  why: string;
  examiner: string;
  at: string;
}

/** One link (edge) and why it exists. */
export interface LinkWire {
  id: number;
  rule: string;
  automatic: boolean;
  /** The rule in a sentence (as the report's methodology states it). */
  ruleText: string;
  a: NodeRefWire;
  b: NodeRefWire;
  /** The identifier(s) the link rests on, normalised (both ends that are identifiers). */
  shared: string[];
  evidence: number | null;
  source: string | null;
  /** The record behind an automatic link, to open in the timeline. */
  record: { table: string; id: number; kind: EventKind | null; eventKey: string | null } | null;
  count: number;
  decision: DecisionRefWire | null;
  active: boolean;
}

export interface SuggestionSideWire {
  entity: number;
  name: string;
  nameFlags: string[];
  node: NodeRefWire;
  identifiers: string[];
  accounts: { platform: string; display: string | null; evidence: number }[];
  evidence: number[];
  activity: number;
}

export interface SuggestionWire {
  id: number;
  rule: string;
  ruleText: string;
  score: number;
  status: 'open' | 'confirmed' | 'rejected';
  reasons: string[];
  source: string | null;
  evidence: number | null;
  decision: number | null;
  sides: [SuggestionSideWire, SuggestionSideWire];
}

export interface SuggestionPageWire {
  total: number;
  offset: number;
  rows: SuggestionWire[];
  /** The keyset cursor for the next page (score and id of the last row), or null when this page was the last. */
  next: { score: number; id: number } | null;
}

export interface DecisionWire extends DecisionRefWire {
  suggestion: number | null;
  undoneBy: number | null;
  undoes: number | null;
  name: string | null;
  /** The entities its nodes belong to now. */
  entities: number[];
  /** What it did, in words. */
  summary: string;
}

export interface EntityCardWire {
  id: number;
  name: string;
  nameFrom: string;
  nameFlags: string[];
  flags: string[];
  identifiers: IdentifierCardWire[];
  /** Accounts grouped by app / platform. */
  apps: { platform: string; accounts: AccountCardWire[] }[];
  names: { name: string; evidence: number; source: string | null; flags: string[] }[];
  links: LinkWire[];
  inactiveLinks: LinkWire[];
  activity: {
    events: number;
    first: string | null;
    last: string | null;
    /** Equal-width buckets between first and last (UTC instants). */
    buckets: { start: string; end: string; count: number }[];
  };
  evidence: number[];
  decisions: DecisionWire[];
  suggestions: SuggestionWire[];
}

export interface DecisionResultWire {
  decision: number;
  kind: 'confirm' | 'reject' | 'merge' | 'split' | 'name' | 'undo';
  before: number[];
  after: number[];
  undoes: number | null;
  examiner: string;
}
