/**
 * The report model: everything a report says, as plain data built from the case (no formatting), so that the PDF,
 * HTML, XLSX and CSV renderers say the same things. Only the two long lists (timeline events, audit entries) are
 * read in pages while rendering, so a 100,000-event report never holds every event in memory at once.
 */
import type { GraphEdgeWire, GraphNodeWire } from '../../../shared/graph-model';
import type { ChainVerdict } from '../audit/chain';
import type { GraphDrawing } from '../graph/svg';
import type { Annotated } from '../annotations';
import type { EventFilter, TimelineEvent } from '../timeline/types';

export const REPORT_FORMATS = ['pdf', 'html', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The tables a CSV report can hold (one table per CSV file). */
export const CSV_TABLES = ['events', 'evidence', 'entities', 'identifiers', 'links', 'audit', 'annotations', 'graph-nodes', 'graph-edges'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** Which entity profiles the findings hold. */
export type EntitySelection = 'linked' | 'all' | 'none' | number[];

/** What the examiner asked for. Every field has a default; the normalised form is recorded in the audit log. */
export interface ReportOptions {
  /** IANA zone every time is shown in (default: the case's zone). Storage stays UTC. */
  displayTz?: string;
  /** The timeline excerpt: which events (default: every dated event, up to maxEvents). */
  filter?: EventFilter;
  /** Include the timeline excerpt at all (default true). */
  timeline?: boolean;
  /** Include the link graph (findings 3.3, XLSX/CSV graph tables) for the same filter (default true). */
  graph?: boolean;
  /** At most this many events in the excerpt (default 100,000); the report says when more matched. */
  maxEvents?: number;
  /** Entity profiles: linked ones (default), all, none, or the listed entity ids. */
  entities?: EntitySelection;
  /** Print the full audit log in the PDF/HTML appendix instead of its summary (the XLSX always has it all). */
  includeAudit?: boolean;
  /** Re-hash the evidence files for the verification column (default true). */
  verifySources?: boolean;
  /** Also look for the evidence files under this folder (as `threadline verify --sources`). */
  sourcesDir?: string;
  /** The date printed as the report's date (ISO-8601 instant); default: the time of the last audit entry. */
  reportDate?: string;
  /** For CSV: which table (default events). */
  csvTable?: CsvTable;
  /** Where the report fonts are (default: resources/fonts of this installation). */
  fontsDir?: string;
}

/** Options with every default applied: what the report was actually made with. */
export interface ResolvedReportOptions {
  displayTz: string;
  filter: EventFilter;
  timeline: boolean;
  graph: boolean;
  maxEvents: number;
  entities: EntitySelection;
  includeAudit: boolean;
  verifySources: boolean;
  sourcesDir: string | null;
  reportDate: string | null;
  csvTable: CsvTable;
}

export interface ReportProgress {
  phase: 'verifying' | 'reading' | 'laying-out' | 'rendering' | 'writing';
  done?: number;
  total?: number;
}

export interface ReportMeta {
  caseNumber: string;
  caseUuid: string;
  title: string | null;
  examiner: string;
  agency: string | null;
  caseTz: string;
  caseRegion: string | null;
  caseCreated: string;
  displayTz: string;
  /** ISO-8601 UTC: the date the report states (option, or the time of the last audit entry). */
  reportDate: string;
  /** The same instant in the display zone. */
  reportDateDisplay: string;
  tool: { name: string; version: string; build: string; id: string };
  schemaVersion: number;
  options: ResolvedReportOptions;
  /** The options as readable lines ("Events: kind message, call; from 2025-03-01 …"). */
  optionLines: string[];
}

/** The audit chain as the report found it: the state every fact in the report belongs to. */
export interface ChainState {
  entries: number;
  headSeq: number;
  headHash: string;
  headTime: string;
  verdict: ChainVerdict;
}

export interface SourceCheckOut {
  status: 'match' | 'mismatch' | 'not-found' | 'not-checked';
  checkedPath: string | null;
  actual: string | null;
}

export interface VerificationOut {
  ok: boolean;
  integrity: { ok: boolean; messages: string[] };
  chainOk: boolean;
  chainProblem: string | null;
  sourcesChecked: boolean;
  sourcesMatched: number;
  sourcesMissing: number;
  sourcesMismatched: number;
}

export interface EvidenceOut {
  id: number;
  fileName: string;
  pathGiven: string;
  /** The real path read (symlinks resolved) when it differs from the path as given. */
  pathResolved?: string;
  size: number;
  sha256: string;
  sha1: string;
  md5: string;
  mtime: string | null;
  format: string;
  importerLabel: string;
  importerVersion: string;
  layout: string | null;
  tz: string;
  dateOrder: string | null;
  region: string | null;
  owner: string | null;
  examiner: string;
  imported: string;
  duplicateOf: number | null;
  /** Units the importer counted, with how many became records, were skipped (by reason) or rejected. */
  accounting: { unit: string; seen: number; parsed: number; skipped: number; rejected: number; reasons: Record<string, number> };
  /** Records written, by table. */
  records: Record<string, number>;
  verify: SourceCheckOut;
}

export interface RuleRate {
  rule: string;
  description: string;
  /** Edges (or suggestions) the rule raised on the labelled corpus. */
  measuredOn: number;
  precision: number | null;
}

export interface ImporterMethod {
  id: string;
  label: string;
  /** Version of this build's importer; evidenceVersions lists those the items were imported with. */
  version: string;
  evidenceVersions: string[];
  items: number[];
  method: string;
  limits: string[];
}

export interface DecisionOut {
  id: number;
  kind: string;
  examiner: string;
  at: string;
  why: string;
  subject: string;
  undoneBy: number | null;
}

export interface Methodology {
  importers: ImporterMethod[];
  time: string[];
  normalisation: string[];
  linking: {
    version: string;
    automatic: RuleRate[];
    examiner: { rule: string; description: string }[];
    suggestions: RuleRate[];
    overall: { precision: number; recall: number; recallBound: number };
    corpus: { description: string; people: number; decoys: number; items: number; truePairs: number };
    /** Statement about suggestions and who confirmed what. */
    statement: string[];
    suggestionCounts: { open: number; confirmed: number; rejected: number };
    decisions: DecisionOut[];
    unlinkedEvidence: number[];
  };
  output: string[];
}

export interface Cited {
  /** E-number of the evidence item. */
  evidence: number | null;
  /** file + line/row/path, as citeSource writes it. */
  source: string | null;
}

export interface IdentifierProfile {
  kind: string;
  value: string;
  valid: boolean;
  flags: string[];
  mentionedOnly: boolean;
  /** Every place it was seen in use: role, the raw form, the record cited, how many records it stands for. */
  seen: (Cited & { role: string; raw: string; count: number })[];
  mentioned: (Cited & { raw: string })[];
}

export interface LinkProfile extends Cited {
  id: number;
  rule: string;
  reason: string;
  a: string;
  b: string;
  count: number;
  decision: { id: number; why: string; examiner: string; at: string } | null;
}

export interface EntityProfile {
  id: number;
  name: string;
  nameFrom: string;
  identifiers: IdentifierProfile[];
  accounts: (Cited & { id: number; platform: string; key: string; display: string | null; owner: boolean })[];
  names: (Cited & { name: string })[];
  links: LinkProfile[];
  decisions: DecisionOut[];
  evidence: number[];
  firstSeen: string | null;
  lastSeen: string | null;
}

/** An examiner's annotation on an event (tags today; bookmarks and notes arrive with the annotation schema). */
export interface AnnotatedEvent {
  event: TimelineEvent;
  tags: string[];
  bookmarked: boolean;
  bookmarkLabel: string | null;
  notes: ReportNote[];
}

/** An examiner's note as a report shows it: its current text, who wrote it, and whether it was edited or deleted. */
export interface ReportNote {
  id: number;
  /** The current text; for a deleted note, the last text it had (shown as deleted). */
  text: string;
  /** Who made the current version, and when (UTC). */
  examiner: string;
  at: string;
  createdBy: string;
  created: string;
  edited: boolean;
  deleted: boolean;
  versions: number;
}

/** Tags, bookmark and notes on one entity or evidence item. */
export interface TargetAnnotations {
  tags: string[];
  colours: string[];
  bookmark: { label: string | null; examiner: string; at: string } | null;
  notes: ReportNote[];
}

export interface ReportImage {
  /** PNG bytes (the only image type the renderers embed). */
  png: Buffer;
  caption: string;
}

/** The link graph of the report's filter, drawn once (graph/svg.ts) so every format shows the same picture. */
export interface GraphSection {
  included: boolean;
  /** Standalone SVG text (escaped, no scripts or references), for the HTML report. */
  svg: string;
  /** The same picture as primitives (labels safe but not escaped), for the PDF report. */
  drawing: GraphDrawing;
  /** The caption: what is shown, what was capped, edge kinds, time range, zone; that positions are a layout. */
  caption: string[];
  notes: string[];
  nodes: GraphNodeWire[];
  edges: GraphEdgeWire[];
}

export interface AuditRowOut {
  seq: number;
  ts: string;
  examiner: string;
  toolVersion: string;
  action: string;
  details: string;
  prevHash: string;
  hash: string;
}

export interface TimelineSection {
  included: boolean;
  /** The filter in words. */
  filterLines: string[];
  /** How many events the filter matches (dated ones; undated records are never on the timeline). */
  matched: number;
  /** How many the report holds (≤ maxEvents). */
  shown: number;
  truncated: boolean;
  notes: string[];
  /** The events in time order, a page at a time (reads the case; call while it is open). */
  pages: () => Iterable<TimelineEvent[]>;
}

export interface AuditSection {
  chain: ChainState;
  byAction: { action: string; count: number; first: string; last: string }[];
  /** Every entry in sequence order, a page at a time (reads the case; call while it is open). */
  pages: () => Iterable<AuditRowOut[]>;
}

export interface ReportModel {
  meta: ReportMeta;
  chain: ChainState;
  verification: VerificationOut;
  evidence: EvidenceOut[];
  methodology: Methodology;
  entities: EntityProfile[];
  /** Entities the selection named but that do not exist (stated, not silently dropped). */
  missingEntities: number[];
  annotations: ReportAnnotations;
  /** The link graph picture, when one is supplied (the graph view exports it; null until then). */
  graph: ReportImage | null;
  /** The link graph drawn from the case for the report's filter. */
  linkGraph: GraphSection;
  timeline: TimelineSection;
  audit: AuditSection;
}

/** The examiner's annotations as a report carries them. */
export interface ReportAnnotations {
  available: boolean;
  source: string;
  items: AnnotatedEvent[];
  /** Annotated events beyond the findings' limit (all are in the annotations sheet). */
  omitted: number;
  /** Annotations on entities (by entity id now) and on evidence items (by id), with what they are and their citation. */
  entities: Map<number, TargetAnnotations & { title: string; source: string }>;
  evidence: Map<number, TargetAnnotations & { title: string; source: string }>;
  /** Every annotated target with its full note history, for the annotations table. */
  all: Annotated[];
}
