/**
 * `npm run reliability [-- --quick] [--rounds N] [--seed N] [--only SECTIONS] [--ui quick|full|none] [--json FILE] [--keep]`:
 * the reliability and security proof. Runs the hostile corpus, the crash harness, storage faults, tamper
 * detection, the offline proof and the hardening checks, prints ONE table, and exits 1 on any miss.
 * Sections: hostile, crash, faults, tamper, offline, hardening. Full mode is the nightly form (200 crash rounds,
 * 80 MiB huge inputs, the browser-mode e2e suite inside the namespace); --quick is the CI form.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCrashHarness } from './crash';
import { copyDemo } from './demo-seizure';
import { hardeningProblems } from './hardening';
import { runHostileCorpus } from './hostile-run';
import { runOfflineProof } from './offline';
import { snapshot, snapshotDiff } from './source-snapshot';
import { runStorageFaults } from './storage-faults';
import { formatTable, type Row } from './table';
import { runTamper } from './tamper';

const SECTIONS = ['hostile', 'crash', 'faults', 'tamper', 'offline', 'hardening'] as const;
type Section = (typeof SECTIONS)[number];

interface Miss {
  section: Section;
  item: string;
  problems: string[];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean' }, rounds: { type: 'string' }, seed: { type: 'string' }, only: { type: 'string' }, ui: { type: 'string' }, json: { type: 'string' }, keep: { type: 'boolean' }, verbose: { type: 'boolean' } },
    strict: true,
  });
  const quick = values.quick === true;
  const only = new Set((values.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim()) as Section[]);
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section "${s}" (use ${SECTIONS.join(', ')})`);
  const rounds = Number(values.rounds ?? process.env.RELIABILITY_ROUNDS ?? (quick ? 15 : 200));
  const seed = values.seed !== undefined ? Number(values.seed) : Date.now() & 0x7fffffff;
  const ui = (values.ui ?? (quick ? 'quick' : 'full')) as 'quick' | 'full' | 'none';
  const work = mkdtempSync(join(tmpdir(), 'threadline-reliability-'));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const rows: Row[] = [];
  const misses: Miss[] = [];
  const started = Date.now();
  const timed = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t = Date.now();
    log(`reliability: ${name}…`);
    const r = await fn();
    log(`reliability: ${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return r;
  };

  try {
    if (only.has('hostile')) {
      const r = await timed('hostile corpus', () =>
        runHostileCorpus(join(work, 'hostile'), {
          bigMiB: quick ? 4 : 80,
          onOutcome: (o) => values.verbose && log(`  ${o.problems.length ? 'MISS' : 'ok  '} ${o.id} (${o.got}, ${o.ms} ms)`),
        }),
      );
      const bad = r.outcomes.filter((o) => o.problems.length);
      for (const o of bad) misses.push({ section: 'hostile', item: `${o.id}: ${o.what}`, problems: o.problems });
      const refused = r.outcomes.filter((o) => o.expected !== 'imported').length;
      rows.push({ check: 'hostile inputs tried', tried: r.outcomes.length, passed: r.outcomes.length - bad.length, miss: bad.length > 0, note: `${refused} refused with a code, case unchanged; ${r.outcomes.length - refused} imported with hostile text kept; ${new Set(r.outcomes.map((o) => o.category)).size} kinds` });
      const srcProblems = [...r.sourceChanges, ...r.caseProblems];
      if (srcProblems.length) misses.push({ section: 'hostile', item: 'corpus folder and case after the run', problems: srcProblems });
      rows.push({ check: 'sources untouched (corpus)', tried: 1, passed: srcProblems.length ? 0 : 1, miss: srcProblems.length > 0, note: 'size, SHA-256, mtime, mode and listing of every corpus entry, tree chmod read-only' });
    }
    if (only.has('crash')) {
      const r = await timed(`crash harness (${rounds} kills, seed ${seed})`, () =>
        runCrashHarness(join(work, 'crash'), { rounds, seed, onOutcome: (o) => values.verbose && log(`  ${o.problems.length ? 'MISS' : 'ok  '} ${o.op}${o.parser === 'worker' ? ' (parse worker)' : ''} #${o.round} killed after ${o.killAfterMs} ms at "${o.landed}"`) }),
      );
      const bad = r.outcomes.filter((o) => o.problems.length);
      for (const o of bad) misses.push({ section: 'crash', item: `${o.op}${o.parser === 'worker' ? ' (parse worker)' : ''} round ${o.round} (seed ${r.seed}, killed after ${o.killAfterMs} ms at "${o.landed}")`, problems: o.problems });
      const byOp = ['import', 'decide', 'report'].map((op) => `${op} ${r.outcomes.filter((o) => o.op === op).length}`).join(', ');
      const inWorker = r.outcomes.filter((o) => o.parser === 'worker').length;
      const mid = r.outcomes.filter((o) => o.landed !== 'finished' && o.landed !== 'start-up').length;
      rows.push({ check: 'crashes survived (kill -9)', tried: r.outcomes.length, passed: r.outcomes.length - bad.length, miss: bad.length > 0, note: `${byOp} (${inWorker} parsing in the worker thread); ${mid} mid-work; seed ${r.seed}` });
    }
    if (only.has('faults')) {
      const r = await timed('storage faults', () => runStorageFaults(join(work, 'faults')));
      const bad = r.filter((o) => o.problems.length);
      for (const o of bad) misses.push({ section: 'faults', item: `${o.id}: ${o.what}`, problems: o.problems });
      rows.push({ check: 'storage faults', tried: r.length, passed: r.length - bad.length, miss: bad.length > 0, note: r.map((o) => `${o.id} ${o.got}`).join('; ') });
    }
    if (only.has('tamper')) {
      const r = await timed('tamper detection', () => runTamper(join(work, 'tamper')));
      const bad = r.filter((o) => !o.detected);
      for (const o of bad) misses.push({ section: 'tamper', item: `${o.id}: ${o.what}`, problems: [`verify said: ${o.said}`, ...o.problems] });
      rows.push({ check: 'tamper cases detected', tried: r.length, passed: r.length - bad.length, miss: bad.length > 0, note: `${r.filter((o) => o.by === 'verify').length} by verify naming the item, ${r.filter((o) => o.by === 'external-head').length} by the chain head kept outside` });
    }
    if (only.has('offline')) {
      const demo = copyDemo(join(work, 'offline-evidence'));
      const before = snapshot(demo);
      const r = await timed(`offline proof (ui ${ui})`, () => runOfflineProof(join(work, 'offline'), demo, { ui }));
      if (!r.available) {
        misses.push({ section: 'offline', item: 'offline proof', problems: [`could not run: ${r.skipped}`] });
        rows.push({ check: 'packets off-host', tried: 0, passed: '-', miss: true, note: `not run: ${r.skipped}` });
      } else {
        const problems: string[] = [];
        if (r.egressPackets !== 0) problems.push(`${r.egressPackets} packets left through the namespace's egress interface`);
        if (r.offHostAttempts !== 0) problems.push(`${r.offHostAttempts} off-host connect/send calls by Threadline: ${r.offHostSamples.join(', ')}`);
        if (!r.control || r.control.egressPackets < 1 || r.control.offHostAttempts < 1) problems.push(`the control run was not seen by the counters: ${JSON.stringify(r.control)}`);
        const failedSteps = r.steps.filter((s) => !s.ok);
        if (!r.workloadOk) problems.push(`workload steps failed: ${failedSteps.map((s) => s.line).join(' | ') || r.skipped || 'no steps ran'}`);
        if (problems.length) misses.push({ section: 'offline', item: 'offline proof', problems });
        rows.push({
          check: 'packets off-host',
          tried: `${r.steps.length} steps`,
          passed: Number.isNaN(r.egressPackets) ? '?' : `${r.egressPackets} packets`,
          miss: problems.length > 0,
          note: `${r.steps.length - failedSteps.length}/${r.steps.length} workflow steps ok; egress counter ${r.egressPackets} packets, Threadline off-host calls ${r.offHostAttempts}, loopback/unix calls ${r.localCalls}${r.browserAttempts ? `; the harness Chromium's own off-host attempts ${r.browserAttempts} (not Threadline's: ${r.offHostSamples.filter((x) => /chrom/i.test(x)).slice(0, 2).join(', ')})` : ''}; control run ${r.control?.egressPackets ?? '?'} packets`,
        });
        const changed = snapshotDiff(before, snapshot(demo));
        if (changed.length) misses.push({ section: 'offline', item: 'demo evidence after the full workflow', problems: changed });
        rows.push({ check: 'sources untouched (full workflow)', tried: 1, passed: changed.length ? 0 : 1, miss: changed.length > 0, note: 'demo seizure mounted read-only through import, link, search, 4 reports, verify, browser mode' });
      }
    }
    if (only.has('hardening')) {
      const r = await timed('hardening checks', () => hardeningProblems());
      if (r.problems.length) misses.push({ section: 'hardening', item: 'hardening', problems: r.problems });
      rows.push({ check: 'hardening checks', tried: r.checks, passed: r.problems.length ? 'see misses' : r.checks, miss: r.problems.length > 0, note: 'layer rules (0 violations, planted network import caught), forbidden APIs, fuses' });
    }
  } finally {
    if (!values.keep) rmSync(work, { recursive: true, force: true });
    else log(`reliability: work folder kept at ${work}`);
  }

  process.stdout.write(`Threadline reliability proof (${quick ? 'quick' : 'full'}), ${((Date.now() - started) / 1000).toFixed(0)} s\n\n`);
  process.stdout.write(`${formatTable(rows)}\n`);
  if (misses.length) {
    process.stdout.write(`\n${misses.length} miss${misses.length === 1 ? '' : 'es'}:\n`);
    for (const m of misses) {
      process.stdout.write(`- [${m.section}] ${m.item}\n`);
      for (const p of m.problems.slice(0, 6)) process.stdout.write(`    ${p.slice(0, 400)}\n`);
    }
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ quick, seed, rows, misses }, null, 2));
  return misses.length || rows.some((r) => r.miss) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`reliability: ${String((err as Error).stack ?? err)}\n`);
    process.exit(2);
  },
);
