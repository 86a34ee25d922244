/**
 * bench/import-vcard (issue 3): one .vcf with many vCard 3.0 / 2.1 cards, imported through the real job against
 * raw inserts of the same rows; records/s, ratio (target >= 0.6), RSS.
 *
 *   node --import tsx bench/import-vcard.ts [--size 100000] [--mb 200,1000]
 */
import { generateVcard } from './lib/generate';
import { runImportBench } from './lib/import-bench';

await runImportBench({
  name: 'vcard',
  format: 'vcard',
  unit: 'cards',
  defaultRecords: 100_000,
  generate: (dir, t) => generateVcard(`${dir}/contacts.vcf`, t),
  rawTarget: 0.6,
});
