/**
 * bench/import-csv (issue 3): a transfers ledger CSV, imported through the real job (column mapping proposed
 * from the header, rows kept whole, transactions from mapped rows) against raw inserts of the same rows and
 * against papaparse parse-only over the same file; records/s, ratios (target >= 0.6 of raw insert), RSS.
 *
 *   node --import tsx bench/import-csv.ts [--size 100000] [--mb 200,1000]
 */
import { generateCsv } from './lib/generate';
import { runImportBench } from './lib/import-bench';

await runImportBench({
  name: 'csv',
  format: 'csv',
  unit: 'rows',
  defaultRecords: 100_000,
  generate: (dir, t) => generateCsv(`${dir}/transfers.csv`, t),
  rawTarget: 0.6,
  extra: [{ mode: 'papaparse', label: 'papaparse alone over the same file stream (header:false, step callback, rows counted, nothing kept)' }],
});
