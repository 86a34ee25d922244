/**
 * Imports one generated vCard file into a fresh case and prints the identity link summary's CPU by step, so the
 * link stage of a contacts import can be profiled alone (`node --cpu-prof --import tsx bench/lib/vcard-link-probe.ts`).
 *
 *   node --import tsx bench/lib/vcard-link-probe.ts DIR [--size 100000] [--keep]
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Case } from '../../main/engine/case';
import { importEvidence } from '../../main/engine/jobs/import';
import { generateVcard } from './generate';

const dir = process.argv[2]!;
const sizeAt = process.argv.indexOf('--size');
const size = sizeAt > 0 ? Number(process.argv[sizeAt + 1]) : 100_000;
const vcf = join(dir, `contacts-${size}.vcf`);
if (!existsSync(vcf)) await generateVcard(vcf, { records: size });
const file = join(dir, `vcard-${size}.case`);
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
const c = Case.create(file, { caseNumber: 'BENCH', examiner: 'bench', tz: 'Asia/Bangkok', region: 'TH' });
const r = await importEvidence(c, { path: vcf, format: 'vcard' });
c.close();
const s = r.identity;
process.stdout.write(`${JSON.stringify({ durationMs: s.durationMs, phasesMs: s.phasesMs, stepsCpuMs: s.stepsCpuMs, suggestions: s.suggestions, commonNamesSkipped: s.commonNamesSkipped })}\n`);
if (!process.argv.includes('--keep')) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
