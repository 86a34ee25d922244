/**
 * bench/import-telegram (issue 3): a Telegram Desktop single-chat result.json (streamed by the importer),
 * imported through the real job against raw inserts of the same rows; records/s, ratio (target >= 0.6), RSS.
 *
 *   node --import tsx bench/import-telegram.ts [--size 100000] [--mb 200,1000]
 */
import { generateTelegram } from './lib/generate';
import { runImportBench } from './lib/import-bench';

await runImportBench({
  name: 'telegram',
  format: 'telegram',
  unit: 'messages',
  defaultRecords: 100_000,
  generate: (dir, t) => generateTelegram(`${dir}/result.json`, t),
  rawTarget: 0.6,
});
