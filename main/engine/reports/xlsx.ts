/**
 * The XLSX report: one sheet per table (report, evidence, entities, identifiers, links, annotations, graph nodes and edges, events, audit) written
 * with exceljs's streaming writer. Text is always an inline string cell (never a formula: exceljs only writes a
 * formula for a {formula} object, which this module never builds); numbers the tool computed are number cells.
 * Dates in the package are the report date and the zip is re-packed deterministically.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { cutText, XLSX_CELL_LIMIT } from './limits';
import { reportTables, type Cell, type TableSpec } from './tables';
import type { ReportModel, ReportProgress } from './types';
import { repackZip } from './zip';

const SHEET_ORDER = ['report', 'evidence', 'entities', 'identifiers', 'links', 'annotations', 'graph-nodes', 'graph-edges', 'events', 'audit'] as const;

/** A cell value exceljs writes as text or number, and nothing else. */
function cellValue(c: Cell): ExcelJS.CellRichTextValue | number | null {
  if (c === null || c === '') return null;
  if (typeof c === 'number') return c;
  // Spreadsheet programs read "_x0041_" in a string as an escaped character ("A"); escaping its underscore
  // ("_x005F_") keeps such evidence text literal.
  const text = cutText(c, XLSX_CELL_LIMIT, 'at the cited source (cell limit)').replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  // An inline string (t="inlineStr"): a shared-string table of 1.5 million unique texts would need ~800 MB.
  return { richText: [{ text }] };
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Let the zip stream drain: without this the whole sheet's XML waits in memory until the end. */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, t: TableSpec, onRow?: (n: number) => void): Promise<void> {
  const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.columns.map((c) => ({ key: c.key, width: c.width }));
  // The header row is frozen and carries the filter buttons (bold would need the style table).
  ws.addRow(t.columns.map((c) => cellValue(c.header))).commit();
  let n = 0;
  for (const row of t.rows()) {
    ws.addRow(row.map(cellValue)).commit();
    if (++n % 2000 === 0) {
      onRow?.(n);
      await drain();
    }
  }
  ws.autoFilter = `A1:${columnLetter(t.columns.length)}${n + 1}`;
  ws.commit();
}

export async function renderXlsx(m: ReportModel, onProgress?: (p: ReportProgress) => void): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const date = new Date(m.meta.reportDate);
  // No shared strings (see cellValue) and no styles: exceljs computes a style for every cell, a third of its time.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  // Package properties come from the case state, not the clock, so the same state gives the same file.
  wb.creator = m.meta.tool.id;
  wb.lastModifiedBy = m.meta.examiner;
  wb.created = date;
  wb.modified = date;
  const tables = reportTables(m);
  // Rows are read while writing (pausing so the zip can drain); renderReport refuses the result if the case
  // changed meanwhile, so the workbook still shows one state of the case.
  for (const name of SHEET_ORDER) {
    await writeSheet(wb, tables[name], name === 'events' ? (n) => onProgress?.({ phase: 'rendering', done: n, total: m.timeline.shown }) : undefined);
  }
  await wb.commit();
  onProgress?.({ phase: 'writing' });
  return repackZip(Buffer.concat(chunks), date.getTime());
}
