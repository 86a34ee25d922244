/**
 * bench/import-whatsapp (issue 2): generates an Android WhatsApp export (default 1,000,000 messages), imports it
 * through the real job and compares with raw better-sqlite3 inserts of the same rows into the same schema,
 * measured in the same run. Prints messages/s, the ratio against every row the import stored (target >= 0.6;
 * the records-only ratio beside it for comparison), peak RSS (target < 300 MB, flat as
 * the file grows) and where the import's time goes.
 *
 *   node --import tsx bench/import-whatsapp.ts [--size 1000000[,250000…]] [--mb 200,1000]
 */
import { fileURLToPath } from 'node:url';
import { generateWhatsApp } from './lib/generate';
import { runImportBench } from './lib/import-bench';

export { generateWhatsApp };

// Run only when executed directly (profiling scripts import the generator from here).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runImportBench({
    name: 'whatsapp',
    format: 'whatsapp',
    unit: 'messages',
    defaultRecords: 1_000_000,
    generate: (dir, t) => generateWhatsApp(`${dir}/WhatsApp Chat with Bench.txt`, t),
    options: { dateOrder: 'dmy' },
    rawTarget: 0.6,
  });
}
