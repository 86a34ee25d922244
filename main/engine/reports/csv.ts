/** The CSV report: one table (events by default) as RFC 4180 UTF-8 with a BOM, every text cell formula-neutralised. */
import { neutraliseCsvCell, quoteCsvField } from './csv-safety';
import { reportTables, type Cell } from './tables';
import type { ReportModel } from './types';

function field(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return String(c);
  return quoteCsvField(neutraliseCsvCell(c));
}

/** The CSV bytes. Built in chunks so a 100,000-event table is joined once, not re-copied per row. */
export function renderCsv(m: ReportModel): Buffer {
  const table = reportTables(m)[m.meta.options.csvTable];
  // The BOM lets spreadsheet programs read UTF-8 (Thai, Chinese, Burmese) instead of guessing a code page.
  const chunks: Buffer[] = [Buffer.from('\uFEFF', 'utf8')];
  let batch: string[] = [table.columns.map((c) => field(c.header)).join(',')];
  const flush = () => {
    chunks.push(Buffer.from(`${batch.join('\r\n')}\r\n`, 'utf8'));
    batch = [];
  };
  for (const row of table.rows()) {
    batch.push(row.map(field).join(','));
    if (batch.length >= 5000) flush();
  }
  flush();
  return Buffer.concat(chunks);
}
