/**
 * Storage faults other than a crash: the disk filling up mid-write (PRAGMA max_page_count), a case file that
 * cannot be written (chmod 444 in a read-only folder, for a non-root user; and a read-only mount, which binds
 * root too), and a second process opening a case another one holds. Each must give its clear error code and
 * leave the case exactly as it was.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Case } from '../../main/engine/case';
import type { ThreadlineError } from '../../main/engine/errors';
import { mergeEntities, listEntities } from '../../main/engine/identity';
import { importEvidence } from '../../main/engine/jobs/import';
import { caseState, unchangedProblems } from './case-probe';
import { cliOk } from './cli';
import { copyDemo, demoManifest, importArgs, newCaseArgs } from './demo-seizure';
import { CHILD, CLI_ENTRY, prepare, runToEnd, start } from './spawn';

export interface FaultOutcome {
  id: string;
  what: string;
  expected: string;
  got: string;
  problems: string[];
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

function fileState(dir: string, file: string): string {
  const st = statSync(file);
  return JSON.stringify({ listing: readdirSync(dir).sort(), sha: sha(file), size: st.size, mtime: st.mtimeMs });
}

async function codeOf(fn: () => unknown): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await fn();
    return { code: 'ok', message: '' };
  } catch (err) {
    const e = err as ThreadlineError;
    return { code: e.code ?? String(err), message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  }
}

/** Whether this process may use `setpriv` (root) and `unshare -m` (a private mount namespace). */
export function faultTools(): { setpriv: boolean; unshareMount: boolean } {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return { setpriv: root && existsOnPath('setpriv'), unshareMount: root && existsOnPath('unshare') && existsOnPath('mount') };
}

function existsOnPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => {
    try {
      return statSync(join(d, cmd)).isFile();
    } catch {
      return false;
    }
  });
}

export async function runStorageFaults(work: string): Promise<FaultOutcome[]> {
  mkdirSync(work, { recursive: true });
  const m = demoManifest();
  const demoDir = copyDemo(join(work, 'demo'));
  const base = join(work, 'base.tl');
  await cliOk(newCaseArgs(base, m));
  const first = m.files.slice(0, 4);
  for (const f of first) await cliOk(importArgs(base, demoDir, f));
  const big = m.files.find((f) => f.path.endsWith('result.json'))!;
  const out: FaultOutcome[] = [];

  // --- Disk full: the case may not grow past its current size (+ a few pages), then each kind of write.
  const diskFull = async (id: string, what: string, op: (c: Case) => Promise<unknown>, slack: number, allowAudit: string[]) => {
    const f = join(work, `${id}.tl`);
    copyFileSync(base, f);
    const c = Case.open(f, { examiner: 'Fault suite' });
    let got: { code: string; message: string };
    let problems: string[] = [];
    try {
      const before = caseState(c.db);
      const pages = c.db.pragma('page_count', { simple: true }) as number;
      c.db.pragma(`max_page_count = ${pages + slack}`);
      got = await codeOf(() => op(c));
      problems = unchangedProblems(before, caseState(c.db), allowAudit, c.db);
    } finally {
      c.close();
    }
    // Reopened (no page limit): still whole.
    const again = Case.open(f, { examiner: 'Fault suite' });
    try {
      const s = caseState(again.db);
      if (s.integrity[0] !== 'ok' || !s.chain.ok) problems.push(`after reopening: integrity ${s.integrity[0]}, chain ${s.chain.ok}`);
    } finally {
      again.close();
    }
    if (got.code !== 'DISK_FULL') problems.unshift(`expected DISK_FULL, got ${got.code}: ${got.message}`);
    out.push({ id, what, expected: 'DISK_FULL', got: got.code, problems });
  };
  const bigPath = join(demoDir, big.path);
  await diskFull('disk-full-import', 'importing the Telegram export into a case that may grow by 8 pages', (c) => importEvidence(c, { path: bigPath, tz: 'Asia/Phnom_Penh' }), 8, ['import-failed']);
  // A write that fits in pages the file already has succeeds even on a full disk, so the decision carries a
  // justification long enough to need new (overflow) pages.
  await diskFull(
    'disk-full-decision',
    'an identity merge whose 256 KiB justification needs pages the case may not grow by',
    (c) => {
      const e = listEntities(c.db, { minNodes: 1 });
      return Promise.resolve(mergeEntities(c, e[0]!.id, e[1]!.id, `disk full test ${'x'.repeat(256 * 1024)}`));
    },
    2,
    [],
  );

  // --- Read-only case file.
  const tools = faultTools();
  // A folder of its own that a non-root user can reach (the work folder is private to root).
  const roRoot = mkdtempSync(join(tmpdir(), 'threadline-ro-'));
  chmodSync(roRoot, 0o755);
  const roDir = join(roRoot, 'case');
  mkdirSync(roDir);
  const roCase = join(roDir, 'case.tl');
  copyFileSync(base, roCase);
  const src = join(roRoot, 'WhatsApp Chat with Jessica.txt');
  copyFileSync(join(demoDir, m.files.find((f) => f.path.endsWith('Jessica.txt'))!.path), src);
  chmodSync(src, 0o644);
  if (tools.setpriv) {
    chmodSync(roCase, 0o444);
    chmodSync(roDir, 0o555);
    const before = fileState(roDir, roCase);
    const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];
    for (const cmd of ['import', 'info']) {
      const r = await runToEnd(CLI_ENTRY, cmd === 'import' ? ['import', roCase, src] : ['info', roCase], { wrapper: asNobody });
      const code = /error: ([A-Z_]+)/.exec(r.stderr)?.[1] ?? (r.code === 0 ? 'ok' : `exit ${r.code}`);
      const problems: string[] = [];
      if (code !== 'CASE_READ_ONLY') problems.push(`expected CASE_READ_ONLY, got ${code}: ${r.stderr.slice(0, 300)}`);
      if (/\n\s+at /.test(r.stderr)) problems.push('a stack trace was printed');
      if (fileState(roDir, roCase) !== before) problems.push('the case file or its folder changed');
      out.push({ id: `read-only-file-${cmd}`, what: `\`threadline ${cmd}\` as a non-root user on a 0444 case in a 0555 folder`, expected: 'CASE_READ_ONLY', got: code, problems });
    }
    chmodSync(roDir, 0o755);
    chmodSync(roCase, 0o644);
  }
  if (tools.unshareMount) {
    const before = fileState(roDir, roCase);
    // A private mount namespace: the folder is bind-mounted read-only over itself, for the child only.
    const wrapper = ['unshare', '-m', 'sh', '-c', 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"', roDir];
    const r = await runToEnd(CLI_ENTRY, ['import', roCase, src], { wrapper });
    const code = /error: ([A-Z_]+)/.exec(r.stderr)?.[1] ?? (r.code === 0 ? 'ok' : `exit ${r.code}`);
    const problems: string[] = [];
    if (code !== 'CASE_READ_ONLY') problems.push(`expected CASE_READ_ONLY, got ${code}: ${r.stderr.slice(0, 300)}`);
    if (fileState(roDir, roCase) !== before) problems.push('the case file or its folder changed');
    out.push({ id: 'read-only-mount-import', what: '`threadline import` into a case on a read-only mount (binds root too)', expected: 'CASE_READ_ONLY', got: code, problems });
  }

  rmSync(roRoot, { recursive: true, force: true });

  // --- A second process on a held case.
  {
    const held = join(work, 'held.tl');
    copyFileSync(base, held);
    await prepare(CHILD);
    const holder = start(CHILD, ['hold', held], { stdin: 'pipe' });
    try {
      await holder.waitFor(/^holding$/);
      const inProc = await codeOf(() => Case.open(held, { examiner: 'Second window' }));
      out.push({ id: 'second-instance-open', what: 'opening a case another process holds (in-process)', expected: 'CASE_IN_USE', got: inProc.code, problems: inProc.code === 'CASE_IN_USE' && inProc.hint ? [] : [`expected CASE_IN_USE with a hint, got ${inProc.code}: ${inProc.message}`] });
      const before = fileState(work, held);
      const r = await runToEnd(CLI_ENTRY, ['import', held, src]);
      const code = /error: ([A-Z_]+)/.exec(r.stderr)?.[1] ?? (r.code === 0 ? 'ok' : `exit ${r.code}`);
      const problems: string[] = [];
      if (code !== 'CASE_IN_USE') problems.push(`expected CASE_IN_USE, got ${code}: ${r.stderr.slice(0, 300)}`);
      if (/\n\s+at /.test(r.stderr)) problems.push('a stack trace was printed');
      if (r.code !== 1) problems.push(`exit code ${r.code} (want 1)`);
      if (fileState(work, held) !== before) problems.push('the held case changed');
      out.push({ id: 'second-instance-cli', what: '`threadline import` from a second process while the case is held', expected: 'CASE_IN_USE', got: code, problems });
    } finally {
      holder.proc.stdin?.end();
      await holder.exited;
    }
    const after = await codeOf(() => Case.open(held, { examiner: 'After release' }).close());
    out.push({ id: 'released-after-holder-exits', what: 'the same case once the holder has exited', expected: 'ok', got: after.code, problems: after.code === 'ok' ? [] : [`the case stays locked: ${after.code} ${after.message}`] });
  }
  return out;
}
