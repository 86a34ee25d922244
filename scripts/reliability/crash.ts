/**
 * The crash harness: a child process runs real engine work on a case — importing mid-size files, making and
 * undoing identity decisions, exporting reports — and is killed with SIGKILL at a random moment. Afterwards the
 * case must open (the lock died with the process), pass integrity_check and the audit chain, hold every
 * evidence item whole or not at all, record every decision in the audit log, and every report file on disk
 * must be one whose SHA-256 the audit log recorded.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Case } from '../../main/engine/case';
import { soundProblems } from './case-probe';
import { cliOk } from './cli';
import { copyDemo, demoManifest, importArgs, newCaseArgs } from './demo-seizure';
import { CHILD, prepare, start } from './spawn';
import { mulberry32 } from '../../shared/seeded';

export type CrashOp = 'import' | 'decide' | 'report';

export interface CrashOutcome {
  op: CrashOp;
  round: number;
  /** Milliseconds after spawn (start-up kills) or after the case was open (the rest). */
  killAfterMs: number;
  /** The child's last progress line before the kill (where it landed), or `finished`. */
  landed: string;
  /** Imports only: where the parser ran (every second import round forces the worker thread the job uses for big files). */
  parser?: 'thread' | 'worker';
  problems: string[];
}

export interface CrashReport {
  seed: number;
  outcomes: CrashOutcome[];
  /** Where kills landed, by op and step. */
  landings: Record<string, number>;
}

/** mulberry32 (shared/seeded.ts): the same seed always gives the same sequence. */
const rng = mulberry32;

/** A WhatsApp export of `n` messages in a few senders (mid-size: the import takes a few seconds). */
function writeChat(path: string, n: number, salt: string): void {
  const who = ['Boss', '+66 81 234 5678', 'Handler', '+95 9 7812 3456', 'Recruiter'];
  let s = '';
  for (let i = 0; i < n; i++) {
    const d = 1 + (i % 28);
    s += `${String(d).padStart(2, '0')}/03/2025, ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} - ${who[i % who.length]}: ${salt} message ${i} deposit USDT wallet TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE ${i % 7 === 0 ? 'call +66 89 000 ' + String(1000 + (i % 900)) : ''}\n`;
  }
  writeFileSync(path, s);
}

function decisionProblems(c: Case): string[] {
  const decisions = (c.db.prepare('SELECT id FROM identity_decisions ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  const audited = new Set<number>();
  for (const r of c.db.prepare("SELECT details_json FROM audit_log WHERE action IN ('identity-confirmed','identity-rejected','identity-merged','identity-split','identity-named','identity-undone')").all() as { details_json: string }[]) {
    audited.add((JSON.parse(r.details_json) as { decision: number }).decision);
  }
  const problems: string[] = [];
  for (const d of decisions) if (!audited.has(d)) problems.push(`decision ${d} has no audit entry`);
  for (const d of audited) if (!decisions.includes(d)) problems.push(`audit entry for decision ${d}, but no such decision`);
  return problems;
}

function reportProblems(c: Case, outDir: string): { problems: string[]; leftovers: number } {
  const recorded = new Set((c.db.prepare("SELECT details_json FROM audit_log WHERE action = 'report-exported'").all() as { details_json: string }[]).map((r) => (JSON.parse(r.details_json) as { sha256: string }).sha256));
  const problems: string[] = [];
  let leftovers = 0;
  for (const name of readdirSync(outDir)) {
    if (name.endsWith('.tmp')) {
      leftovers++;
      continue;
    }
    if (!name.endsWith('.html')) continue;
    const h = createHash('sha256').update(readFileSync(join(outDir, name))).digest('hex');
    if (!recorded.has(h)) problems.push(`report ${name} on disk is not recorded in the audit log`);
  }
  return { problems, leftovers };
}

export async function runCrashHarness(work: string, opts: { rounds: number; seed?: number; ops?: CrashOp[]; onOutcome?: (o: CrashOutcome) => void }): Promise<CrashReport> {
  const seed = opts.seed ?? (Date.now() & 0x7fffffff);
  const rand = rng(seed);
  const ops = opts.ops ?? ['import', 'decide', 'report'];
  mkdirSync(work, { recursive: true });
  const m = demoManifest();
  // Bases: an empty case for imports, the demo case for decisions and reports.
  const empty = join(work, 'empty.tl');
  await cliOk(newCaseArgs(empty, m));
  const demoDir = copyDemo(join(work, 'demo'));
  const demo = join(work, 'demo.tl');
  await cliOk(newCaseArgs(demo, m));
  for (const f of m.files) await cliOk(importArgs(demo, demoDir, f));
  const chats = [join(work, 'WhatsApp Chat with Mid A.txt'), join(work, 'WhatsApp Chat with Mid B.txt')];
  writeChat(chats[0]!, 6000, 'A');
  writeChat(chats[1]!, 6000, 'B');

  const argsFor = (op: CrashOp, file: string, round: number): string[] => {
    if (op === 'import') return ['import', file, ...chats];
    if (op === 'decide') return ['decide', file, '6'];
    const out = join(work, `reports-${round}`);
    mkdirSync(out, { recursive: true });
    return ['report', file, out, '3'];
  };
  const baseFor = (op: CrashOp) => (op === 'import' ? empty : demo);
  // The demo files are far below the worker's size threshold, so the worker path is forced on alternate import rounds:
  // a kill must leave the case as sound while a worker thread is parsing and batches are in flight.
  const parserFor = (op: CrashOp, round: number): CrashOutcome['parser'] =>
    op !== 'import' ? undefined : Math.floor(round / ops.length) % 2 === 1 ? 'worker' : 'thread';
  const envFor = (parser: CrashOutcome['parser']) => (parser ? { env: { THREADLINE_PARSE_WORKER: parser === 'worker' ? 'always' : 'never' } } : {});
  const calibrationKey = (op: CrashOp, parser: CrashOutcome['parser']) => (parser === 'worker' ? `${op}-worker` : op);

  await prepare(CHILD);
  // Calibrate: one uninterrupted run of each op measures its start-up (spawn to `opened`) and its work (`opened`
  // to exit); kills are drawn from these windows.
  const startup: Record<string, number> = {};
  const workMs: Record<string, number> = {};
  const calibrations = ops.flatMap((op): [CrashOp, CrashOutcome['parser']][] => (op === 'import' ? [[op, 'thread'], [op, 'worker']] : [[op, undefined]]));
  for (const [op, parser] of calibrations) {
    const key = calibrationKey(op, parser);
    const f = join(work, `calibrate-${key}.tl`);
    copyFileSync(baseFor(op), f);
    const t0 = Date.now();
    const child = start(CHILD, argsFor(op, f, -1), envFor(parser));
    await child.waitFor(/^opened$/);
    const t1 = Date.now();
    const exit = await child.exited;
    if (exit.code !== 0) throw new Error(`calibration run of ${key} failed (${exit.code}): ${child.stderr().slice(0, 500)}`);
    startup[key] = t1 - t0;
    workMs[key] = Date.now() - t1;
  }

  const outcomes: CrashOutcome[] = [];
  const landings: Record<string, number> = {};
  for (let round = 0; round < opts.rounds; round++) {
    const op = ops[round % ops.length]!;
    const file = join(work, `round-${round}.tl`);
    copyFileSync(baseFor(op), file);
    const args = argsFor(op, file, round);
    const parser = parserFor(op, round);
    const key = calibrationKey(op, parser);
    const child = start(CHILD, args, envFor(parser));
    const kill = () => {
      if (child.proc.exitCode === null && child.proc.signalCode === null && child.proc.pid) process.kill(child.proc.pid, 'SIGKILL');
    };
    let killAfterMs: number;
    if (rand() < 0.1) {
      // Now and then during start-up and opening the case.
      killAfterMs = Math.floor(rand() * startup[key]!);
      setTimeout(kill, killAfterMs);
    } else {
      // Mostly while it works: from the moment the case is open, up to a little past the end.
      killAfterMs = Math.floor(rand() * workMs[key]! * 1.05);
      await child.waitFor(/^opened$/).then(
        () => setTimeout(kill, killAfterMs),
        () => undefined,
      );
    }
    const exit = await child.exited;
    const finished = exit.signal === null;
    const last = child.lines[child.lines.length - 1];
    const landed = finished || last === 'done' ? 'finished' : last === undefined || last === 'open' ? 'start-up' : last;
    const where = `${parser === 'worker' ? `${op} (parse worker)` : op}: ${landed.replace(/\d+/g, '#')}`;
    landings[where] = (landings[where] ?? 0) + 1;
    const problems: string[] = [];
    if (finished && exit.code !== 0) problems.push(`the child failed on its own (${exit.code}): ${child.stderr().slice(0, 300)}`);
    try {
      const c = Case.open(file, { examiner: 'Crash harness' });
      try {
        problems.push(...soundProblems(c));
        if (op === 'decide') problems.push(...decisionProblems(c));
        if (op === 'report') {
          const r = reportProblems(c, args[2]!);
          problems.push(...r.problems);
        }
      } finally {
        c.close();
      }
    } catch (err) {
      problems.push(`the case does not open after the kill: ${(err as Error).message}`);
    }
    const o: CrashOutcome = { op, round, killAfterMs, landed, ...(parser ? { parser } : {}), problems };
    outcomes.push(o);
    opts.onOutcome?.(o);
  }
  return { seed, outcomes, landings };
}
