/** The row stream both spreadsheet readers (CSV, XLSX) produce and the mapping pipeline consumes. */
import type { CellValue, Provenance } from '../../model/records';

export interface SheetRow {
  /** CSV: the record number (1-based); XLSX: the row number `r`. */
  rowNumber: number;
  /** Every cell present in the source, in column order. */
  cells: CellValue[];
  /** 0-based column of each cell when the row is sparse (XLSX); absent when cells[i] is column i (CSV). */
  cols?: number[];
  /** The numeric value of number and date cells (serials), parallel to `cells` (XLSX only). */
  nums?: (number | undefined)[];
  /** The row as it stands in the source: the CSV record text, or the `<row>` element of the sheet XML. */
  raw: string;
  /** Original bytes when the text was not valid in its encoding. */
  rawBytes?: Uint8Array;
  prov: Provenance;
  /** Flags the reader already knows (hidden row, quote error, invalid UTF-8 …). */
  flags?: string[];
  /** Set when the unit cannot be read as a row at all: it is rejected with this reason (raw kept). */
  reject?: string;
}

export interface MergeRange {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface SheetSource {
  /** Sheet name (XLSX) or file name (CSV). */
  name: string;
  /** Position in the workbook, 0-based. */
  index: number;
  /** `hidden` / `veryHidden` sheets are read like any other, and flagged. */
  state?: string;
  /** The zip member holding the sheet. */
  member?: string;
  /** Merged ranges (XLSX), known before the rows are read. */
  merges?: MergeRange[];
  /** The workbook uses the 1904 date system. */
  date1904?: boolean;
  /** The CSV delimiter, when it hints at decimal commas (`;`). */
  delimiter?: string;
  /** Stream the rows; may be called again for a second pass (whole-column date-order evidence). */
  rows(signal: AbortSignal): AsyncIterable<SheetRow[]>;
}

const LETTERS: string[] = [];

/** 0-based column index → `A`, `B`, … `XFD`. */
export function colLetter(c: number): string {
  if (c < 702) {
    let s = LETTERS[c];
    if (s === undefined) {
      s = c < 26 ? String.fromCharCode(65 + c) : String.fromCharCode(64 + Math.floor(c / 26)) + String.fromCharCode(65 + (c % 26));
      LETTERS[c] = s;
    }
    return s;
  }
  let n = c + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `A` → 0, `AB` → 27; -1 when not letters. */
export function colIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    if (c < 65 || c > 90) return -1;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** Quote a sheet name for an A1 reference: `'Ledger 2024'!A1`. */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
