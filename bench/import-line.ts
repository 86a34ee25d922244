/**
 * bench/import-line (issue 3): a LINE chat history .txt (English layout), imported through the real job against
 * raw inserts of the same rows; records/s, ratio (target >= 0.6), RSS.
 *
 *   node --import tsx bench/import-line.ts [--size 100000] [--mb 200,1000]
 */
import { generateLine } from './lib/generate';
import { runImportBench } from './lib/import-bench';

await runImportBench({
  name: 'line',
  format: 'line',
  unit: 'messages',
  defaultRecords: 100_000,
  generate: (dir, t) => generateLine(`${dir}/[LINE] Chat with Kenji Sato.txt`, t),
  rawTarget: 0.6,
});
