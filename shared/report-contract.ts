/**
 * The report builder's part of the contract (issue 8): what a report can hold, an HTML preview, and export jobs
 * with progress and cancel. Spread into CONTRACT in contract.ts; the event filter schema is passed in so this
 * module does not import contract.ts (no import cycle).
 */
import { z } from 'zod';
import type { ErrorInfo } from './errors';
import type { EventFilterWire, JobStateName } from './model';

/** Phantom marker carrying a response type through a value (the value itself is never read). */
function returns<T>(): T {
  return undefined as unknown as T;
}

export const REPORT_FORMATS_WIRE = ['pdf', 'html', 'xlsx', 'csv'] as const;
export type ReportFormatWire = (typeof REPORT_FORMATS_WIRE)[number];

/** The tables a CSV report can hold (one table per CSV file), as the engine names them. */
export const REPORT_CSV_TABLES = ['events', 'evidence', 'entities', 'identifiers', 'links', 'audit', 'annotations', 'graph-nodes', 'graph-edges'] as const;
export type ReportCsvTable = (typeof REPORT_CSV_TABLES)[number];

export const REPORT_ENTITY_SELECTIONS = ['linked', 'all', 'none'] as const;
export type ReportEntitySelection = (typeof REPORT_ENTITY_SELECTIONS)[number];

export type ReportSectionId = 'cover' | 'evidence' | 'methodology' | 'entities' | 'annotations' | 'timeline' | 'graph' | 'audit';

/** A section of the report and whether the examiner can leave it out. */
export interface ReportSectionInfo {
  id: ReportSectionId;
  label: string;
  /** `always`: a court report cannot omit it; `optional`: chosen in the options; `unavailable`: not built yet. */
  availability: 'always' | 'optional' | 'unavailable';
  note: string;
}

/** What the examiner chose; every field explicit (the engine records the resolved form in the audit log). */
export interface ReportOptionsWire {
  displayTz: string;
  filter: EventFilterWire;
  /** Include the timeline excerpt. */
  timeline: boolean;
  /** Include the link graph of the same event selection. */
  graph: boolean;
  maxEvents: number;
  entities: ReportEntitySelection;
  /** Print the full audit log in the PDF/HTML appendix (else its summary; the XLSX always has it all). */
  includeAudit: boolean;
  /** Re-hash the evidence files for the verification column. */
  verifySources: boolean;
  /** The date the report states (ISO-8601 with zone); null: the time of the last audit entry. */
  reportDate: string | null;
  csvTable: ReportCsvTable;
}

export interface ReportOptionsInfo {
  formats: { id: ReportFormatWire; label: string; note: string }[];
  csvTables: ReportCsvTable[];
  sections: ReportSectionInfo[];
  defaults: ReportOptionsWire;
  maxEventsCeiling: number;
  /** The preview holds at most this many timeline events (the export holds what the options say). */
  previewMaxEvents: number;
  /** The date a report states when none is chosen: the time of the last audit entry (ISO-8601 UTC). */
  stateDate: string;
  /** Where an export goes: a folder the session writes to (browser mode) or a native save dialog (desktop). */
  output: { kind: 'folder'; folder: string } | { kind: 'dialog' };
  /** A file name without extension, from the case number and the state date. */
  suggestedName: string;
}

export interface ReportPreviewWire {
  /** The report as one self-contained HTML document (escaped, its own CSP, no scripts). */
  html: string;
  size: number;
  sha256: string;
  events: { matched: number; shown: number };
  /** Set when the preview holds fewer events than the export will. */
  previewLimit: number | null;
  chainHead: { seq: number; hash: string };
  evidence: { id: number; file: string; sha256: string }[];
  notes: string[];
}

/** A file chosen in a native save dialog, named to the renderer only by an opaque id. */
export interface ReportTarget {
  id: string;
  name: string;
}

export type ReportPhase = 'queued' | 'verifying' | 'reading' | 'laying-out' | 'rendering' | 'writing';

export interface ReportExportWire {
  fileName: string;
  /** The folder the report was written to (shown to the examiner). */
  folder: string;
  format: ReportFormatWire;
  sha256: string;
  size: number;
  pages: number | null;
  manifestName: string;
  /** The sidecar manifest exactly as written. */
  manifest: string;
  chainHead: { seq: number; hash: string };
  auditSeq: number;
  events: { matched: number; shown: number };
  verificationOk: boolean;
}

export interface ReportJobState {
  id: string;
  kind: 'report';
  format: ReportFormatWire;
  fileName: string;
  state: JobStateName;
  phase: ReportPhase | null;
  done: number | null;
  total: number | null;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  result: ReportExportWire | null;
  error: ErrorInfo | null;
}

const zone = z.string().min(1).max(64);
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/);
const jobId = z.string().min(1).max(200);
/** A bare file name (no folders, not hidden); the handler adds the format's extension when it is missing. */
const reportFileName = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/)
  .refine((s) => s !== '.' && s !== '..' && !s.startsWith('.'), 'not a plain file name');

export function reportOptionsSchema<F extends z.ZodType>(filter: F) {
  return z.strictObject({
    displayTz: zone,
    filter,
    timeline: z.boolean(),
    graph: z.boolean(),
    maxEvents: z.number().int().min(0).max(1_000_000),
    entities: z.enum(REPORT_ENTITY_SELECTIONS),
    includeAudit: z.boolean(),
    verifySources: z.boolean(),
    reportDate: instant.nullable(),
    csvTable: z.enum(REPORT_CSV_TABLES),
  });
}

export const reportTargetSchema = z.discriminatedUnion('type', [
  /** Browser mode: a new file of this name in the session's reports folder. */
  z.strictObject({ type: z.literal('folder'), fileName: reportFileName }),
  /** Desktop: the file chosen in report.browse. */
  z.strictObject({ type: z.literal('chosen'), id: jobId }),
]);

export function reportContract<F extends z.ZodType>(filter: F) {
  const options = reportOptionsSchema(filter);
  return {
    'report.options': { request: z.strictObject({}), response: returns<ReportOptionsInfo>() },
    'report.preview': { request: z.strictObject({ options }), response: returns<ReportPreviewWire>() },
    /** Desktop: a native save dialog; the chosen file comes back as an opaque id (null when cancelled; always null in browser mode). */
    'report.browse': { request: z.strictObject({ format: z.enum(REPORT_FORMATS_WIRE), suggestedName: reportFileName }), response: returns<ReportTarget | null>() },
    'report.export': { request: z.strictObject({ options, format: z.enum(REPORT_FORMATS_WIRE), target: reportTargetSchema }), response: returns<ReportJobState>() },
    'report.status': { request: z.strictObject({ jobId }), response: returns<ReportJobState>() },
    'report.cancel': { request: z.strictObject({ jobId }), response: returns<ReportJobState>() },
  };
}
