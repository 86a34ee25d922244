/**
 * The importer plug-in interface: sniff(file) -> confidence, parse(ctx) -> async batches of records.
 * Importers read the source through SourceFile (read-only) and never touch the database.
 */
import type { ImportRecord } from '../model/records';
import type { SourceFile } from '../intake/source';

export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** What the examiner declared for one evidence item. */
export interface ImportOptions {
  /** IANA zone in which zone-less times are read. */
  tz: string;
  /** Day/month order; when absent the importer infers it from the whole file or refuses. */
  dateOrder?: DateOrder;
  /** ISO 3166 region for phone numbers without a country code. */
  region?: string;
  /** The device owner's identifier as the examiner states it. */
  owner?: string;
  /** Spreadsheet column mapping: header text -> role. */
  mapping?: Record<string, string>;
  /** A named mapping preset (e.g. `call-log`). */
  preset?: string;
  /** Text encoding override (`utf-8`, `utf-16le`, `windows-1252`, `windows-874` …). */
  encoding?: string;
}

/** What sniff() may look at: the file name, size, its first bytes and, for zips, the entry names. */
export interface SniffInput {
  fileName: string;
  size: number;
  /** Up to the first 64 KiB of the file (for a zip: of the most likely member, see `zipMember`). */
  head: Uint8Array;
  /** For zip files: every entry name. */
  zipEntries?: string[];
  /** For zip files: which member `head` was read from, if any. */
  zipMember?: string;
}

export interface SniffResult {
  /** 0..1; the registry picks the highest, ties broken by registration order. */
  confidence: number;
  /** A short name of the layout recognised (`android-24h`, `full-account-export` …). */
  layout?: string;
  /** For zips: the member holding the main content. */
  member?: string;
}

export interface ImporterContext {
  file: SourceFile;
  options: ImportOptions;
  /** The sniff result that selected this importer (layout, member). */
  sniff: SniffResult;
  signal: AbortSignal;
}

export interface Importer {
  /** Stable id, also the `--format` name. */
  readonly id: string;
  /** Bumped whenever parsing rules change: recorded with every evidence item. */
  readonly version: string;
  readonly label: string;
  /** What the importer does and its known limits, in sentences a report's methodology section can quote. */
  readonly method: string;
  readonly limits: readonly string[];
  /** The unit the importer counts in its accounting (`line`, `message`, `row`, `element`, `card`). */
  readonly unit: string;
  sniff(input: SniffInput): SniffResult | null;
  parse(ctx: ImporterContext): AsyncIterable<ImportRecord[]>;
}
