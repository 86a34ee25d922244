/**
 * bench/parse-worker (issues 2/3): the same generated file imported through the real job with the parser in this
 * thread and in a worker thread (parse-in-worker.ts), alternating, in one run. Prints the parse+write stage
 * (wall and process CPU, both threads), the whole import, and worker/thread ratios. On a loaded machine compare
 * CPU: the worker adds structured-clone and start-up CPU and only gains wall time when a core is free.
 *
 *   node --import tsx bench/parse-worker.ts [--format whatsapp|sms|vcard] [--size 100000] [--rounds 2]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Case } from '../main/engine/case';
import { importEvidence } from '../main/engine/jobs/import';
import type { ParsePlace } from '../main/engine/jobs/parse-in-worker';
import { generateSms, generateVcard, generateWhatsApp } from './lib/generate';

const { values } = parseArgs({ options: { format: { type: 'string', default: 'whatsapp' }, size: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '2' } } });
const records = Number(values.size);
const dir = mkdtempSync(join(tmpdir(), 'threadline-bench-pw-'));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function generate(): Promise<{ path: string; opts: { dateOrder?: 'dmy' } }> {
  if (values.format === 'vcard') return { path: (await generateVcard(join(dir, 'contacts.vcf'), { records })).files[0]!, opts: {} };
  // The SMS half (MMS parts and all), the heavier of the two files.
  if (values.format === 'sms') return { path: (await generateSms(dir, { records: records * 2 })).files[1]!, opts: {} };
  return { path: (await generateWhatsApp(join(dir, 'WhatsApp Chat with Bench.txt'), { records })).files[0]!, opts: { dateOrder: 'dmy' } };
}

interface Run {
  stageWall: number;
  stageCpu: number;
  total: number;
}

async function once(path: string, opts: { dateOrder?: 'dmy' }, place: ParsePlace, i: number): Promise<Run> {
  const c = Case.create(join(dir, `${place}-${i}.case`), { caseNumber: 'B', examiner: 'bench', tz: 'UTC', region: 'TH' });
  let t0 = 0;
  let cpu0 = process.cpuUsage();
  const r: Run = { stageWall: 0, stageCpu: 0, total: 0 };
  const start = performance.now();
  try {
    await importEvidence(c, {
      ...opts,
      path,
      parseIn: place,
      onProgress: (p) => {
        if (p.phase === 'parsing' && p.records === 0) {
          t0 = performance.now();
          cpu0 = process.cpuUsage();
        } else if (p.phase === 'linking') {
          const u = process.cpuUsage(cpu0);
          r.stageWall = performance.now() - t0;
          r.stageCpu = (u.user + u.system) / 1000;
        }
      },
    });
  } finally {
    c.close();
  }
  r.total = performance.now() - start;
  return r;
}

try {
  const { path, opts } = await generate();
  console.log(`${values.format}: ${records} records, ${(statSync(path).size / 1e6).toFixed(1)} MB; load average ${load()} (2 cores, shared)`);
  const runs: Record<'thread' | 'worker', Run[]> = { thread: [], worker: [] };
  for (let i = 0; i < Number(values.rounds); i++) {
    for (const place of ['thread', 'worker'] as const) {
      const r = await once(path, opts, place, i);
      runs[place].push(r);
      console.log(`${place.padEnd(7)} parse+write ${r.stageWall.toFixed(0).padStart(6)} ms wall ${r.stageCpu.toFixed(0).padStart(6)} ms CPU | whole import ${r.total.toFixed(0).padStart(6)} ms | load ${load()}`);
    }
  }
  const best = (rs: Run[], k: keyof Run) => Math.min(...rs.map((r) => r[k]));
  console.log(`worker / thread, best of each: parse+write wall ${(best(runs.worker, 'stageWall') / best(runs.thread, 'stageWall')).toFixed(2)}, CPU ${(best(runs.worker, 'stageCpu') / best(runs.thread, 'stageCpu')).toFixed(2)}, whole import wall ${(best(runs.worker, 'total') / best(runs.thread, 'total')).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
