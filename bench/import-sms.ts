/**
 * bench/import-sms (issue 3): SMS Backup & Restore calls.xml + sms.xml (half the records each, two evidence
 * items), imported through the real job against raw inserts of the same rows; records/s, ratio (target >= 0.6), RSS.
 *
 *   node --import tsx bench/import-sms.ts [--size 100000] [--mb 200,1000]
 */
import { generateSms } from './lib/generate';
import { runImportBench } from './lib/import-bench';

await runImportBench({
  name: 'sms',
  format: 'sms-backup',
  unit: 'calls + messages',
  defaultRecords: 100_000,
  generate: (dir, t) => generateSms(dir, t),
  rawTarget: 0.6,
});
