/**
 * Live heap of identity linking on a contacts import, sampled with a forced GC: imports a generated vCard file once
 * (kept as DIR/vcard-mem-N.case), then unlinks a copy and links it again through a database whose statements take
 * a sample (gc, heap used, RSS) at most every 200 ms, labelled by the statement being run. Shows which step holds
 * memory and whether it grows with the number of cards.
 *
 * With --index, it then rebuilds the event stream and search indexes the same way (the import's next step).
 * Run it twice: the first run imports in-process, so its RSS figures include the import's.
 *
 *   node --expose-gc --import tsx bench/lib/vcard-memory-probe.ts DIR [--size 100000] [--index] [--snapshot-at 'INSERT INTO identity_edges']
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { Case } from '../../main/engine/case';
import type { SqlDb } from '../../main/engine/db/case-db';
import { rebuildEvents } from '../../main/engine/db/write/events';
import { linkEvidence } from '../../main/engine/identity/link';
import { importEvidence } from '../../main/engine/jobs/import';
import { generateVcard } from './generate';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const dir = process.argv[2]!;
const sizeAt = process.argv.indexOf('--size');
const size = sizeAt > 0 ? Number(process.argv[sizeAt + 1]) : 100_000;
const vcf = join(dir, `contacts-${size}.vcf`);
if (!existsSync(vcf)) await generateVcard(vcf, { records: size });
const base = join(dir, `vcard-mem-${size}.case`);
if (!existsSync(base)) {
  const c = Case.create(base, { caseNumber: 'PROBE', examiner: 'probe', tz: 'Asia/Bangkok', region: 'TH' });
  await importEvidence(c, { path: vcf, format: 'vcard' });
  c.close();
}
const work = join(dir, `vcard-mem-${size}.work.case`);
for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
copyFileSync(base, work);
const c = Case.open(work, { examiner: 'probe', quickCheck: false });
for (const t of ['identity_suggestions', 'identity_name_tokens', 'identity_names', 'identity_edges', 'identity_occurrences', 'identity_nodes', 'identity_runs']) c.db.exec(`DELETE FROM ${t}`);

const MB = (n: number) => Math.round(n / 1024 / 1024);
const samples: { ms: number; label: string; heap: number; rss: number }[] = [];
const started = Date.now();
let last = 0;
const snapAt = process.argv.indexOf('--snapshot-at');
const snapshotAt = snapAt > 0 ? process.argv[snapAt + 1]! : '';
let snapshotTaken = false;
function tick(label: string): void {
  const now = Date.now();
  if (now - last < 200) return;
  gc!();
  const m = process.memoryUsage();
  samples.push({ ms: now - started, label, heap: MB(m.heapUsed), rss: MB(m.rss) });
  // --snapshot-at LABEL: one heap snapshot at the first sample of a statement starting with LABEL (after 3 s).
  if (snapshotAt && !snapshotTaken && now - started > 3000 && label.startsWith(snapshotAt)) {
    snapshotTaken = true;
    console.log(`heap snapshot: ${writeHeapSnapshot(join(dir, 'link.heapsnapshot'))} at ${label}`);
  }
  last = Date.now();
}
const wrapStmt = (s: object, sql: string): object => {
  const label = sql.replace(/\s+/g, ' ').slice(0, 48);
  return new Proxy(s, {
    get(t, p) {
      const v = Reflect.get(t, p, t) as unknown;
      if (typeof v !== 'function') return v;
      if (p === 'run' || p === 'get' || p === 'all' || p === 'iterate') {
        return (...a: unknown[]) => {
          tick(label);
          return (v as (...x: unknown[]) => unknown).apply(t, a);
        };
      }
      return (v as (...x: unknown[]) => unknown).bind(t);
    },
  });
};
const probed = new Proxy(c.db, {
  get(t, p) {
    const v = Reflect.get(t, p, t) as unknown;
    if (p === 'prepare') return (sql: string) => wrapStmt(t.prepare(sql), sql);
    return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(t) : v;
  },
}) as SqlDb;

gc();
const before = MB(process.memoryUsage().heapUsed);
c.db.exec('BEGIN');
const s = linkEvidence(probed, 1);
tick('end of linking');
c.db.exec('ROLLBACK');
if (process.argv.includes('--index')) {
  c.db.exec('BEGIN');
  rebuildEvents(probed);
  tick('end of indexing');
  c.db.exec('ROLLBACK');
}
c.close();
for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
console.log(`${size} cards; heap before linking ${before} MB; link ${s.durationMs} ms; steps ${JSON.stringify(s.stepsCpuMs)}`);
let peak = samples[0]!;
for (const x of samples) if (x.heap > peak.heap) peak = x;
// One line per change of statement, plus the peak.
let prev = '';
for (const x of samples) {
  if (x.label !== prev || x === peak) console.log(`${String(x.ms).padStart(7)} ms  heap ${String(x.heap).padStart(4)} MB  rss ${String(x.rss).padStart(4)} MB  ${x.label}${x === peak ? '   <- peak live heap' : ''}`);
  prev = x.label;
}
