/**
 * bench/records-digest: what the per-item records digest (sealed in `evidence-imported`, recomputed by verify)
 * costs. Imports generated WhatsApp exports through the real job (which includes the digest), then times the
 * digest alone over the same rows, and verify's one-pass digest of the whole case. Prints the digest's share of
 * the import time measured in the same run (target: small, e.g. < 10 %) and peak RSS.
 *
 *   node --import tsx bench/records-digest.ts [--sizes 100000,250000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Case } from '../main/engine/case';
import { digestAllRecords, digestImportedRecords } from '../main/engine/db/read/record-digest';
import { importEvidence } from '../main/engine/jobs/import';
import { generateWhatsApp } from './lib/generate';

const argv = process.argv.slice(2);
const sizesArg = argv.indexOf('--sizes');
const sizes = sizesArg >= 0 ? argv[sizesArg + 1]!.split(',').map(Number) : [100_000, 250_000];
const dir = mkdtempSync(join(tmpdir(), 'tl-bench-digest-'));
try {
  console.log('messages   import s  digest s  digest/import  verify-digest s  RSS MB');
  for (const n of sizes) {
    const file = join(dir, `WhatsApp Chat with Digest ${n}.txt`);
    await generateWhatsApp(file, { records: n });
    const c = Case.create(join(dir, `c-${n}.case`), { caseNumber: 'BENCH', examiner: 'bench', tz: 'Asia/Bangkok' });
    const t0 = performance.now();
    const r = await importEvidence(c, { path: file, format: 'whatsapp', dateOrder: 'dmy' });
    const importMs = performance.now() - t0;
    // The same digest the import computed, alone (mark 0 = every row, all of them this item's).
    const t1 = performance.now();
    const d = digestImportedRecords(c.db, r.evidenceId, {});
    const digestMs = performance.now() - t1;
    const t2 = performance.now();
    const all = digestAllRecords(c.db);
    const verifyMs = performance.now() - t2;
    if (all.byEvidence.get(r.evidenceId)?.sha256 !== d.sha256) throw new Error('verify digest differs from the import digest');
    c.close();
    console.log(
      `${String(n).padEnd(10)} ${(importMs / 1000).toFixed(2).padStart(8)}  ${(digestMs / 1000).toFixed(2).padStart(8)}  ${`${((100 * digestMs) / importMs).toFixed(1)} %`.padStart(13)}  ${(verifyMs / 1000).toFixed(2).padStart(15)}  ${(process.resourceUsage().maxRSS / 1024).toFixed(0).padStart(6)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
