/**
 * bench/import-xlsx (issue 3): a ledger workbook written by exceljs' streaming writer, imported through the real
 * job against raw inserts of the same rows and against exceljs' streaming WorkbookReader reading every row
 * (target >= 0.8 of it); records/s, ratios, RSS.
 *
 *   node --import tsx bench/import-xlsx.ts [--size 100000] [--mb 50,200]
 */
import { generateXlsx } from './lib/generate';
import { runImportBench } from './lib/import-bench';

await runImportBench({
  name: 'xlsx',
  format: 'xlsx',
  unit: 'rows',
  defaultRecords: 100_000,
  generate: (dir, t) => generateXlsx(`${dir}/ledger.xlsx`, t),
  extra: [{ mode: 'exceljs', label: "exceljs stream.xlsx.WorkbookReader alone (worksheets emitted, shared strings and styles cached, every row's cells visited, nothing kept)", target: 0.8 }],
});
