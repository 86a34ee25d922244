/**
 * Runs the hostile corpus through the real import job into one case: for each input, the expected error code
 * with the case exactly as before (integrity, chain, every table's row count, one `import-failed` audit entry),
 * or the expected records; then proves the corpus folder (made read-only first) is byte-for-byte untouched.
 */
import { appendFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Case } from '../../main/engine/case';
import type { ThreadlineError } from '../../main/engine/errors';
import { importEvidence, type ImportRequest } from '../../main/engine/jobs/import';
import { caseState, unchangedProblems } from './case-probe';
import { Query, writeHostileCorpus, type HostileCase } from './hostile-corpus';
import { setTreeWritable, snapshot, snapshotDiff } from './source-snapshot';

export interface HostileOutcome {
  id: string;
  category: string;
  what: string;
  expected: string;
  got: string;
  ms: number;
  /** Empty when the outcome is exactly as expected. */
  problems: string[];
}

export interface HostileReport {
  outcomes: HostileOutcome[];
  /** Differences in the corpus folder after all imports (must be empty). */
  sourceChanges: string[];
  /** integrity_check / audit chain of the case after the whole corpus (must be empty). */
  caseProblems: string[];
}

function describeExpectation(c: HostileCase): string {
  return 'error' in c.expect ? c.expect.error : 'imported';
}

function prototypeClean(): string[] {
  const keys = Object.getOwnPropertyNames(Object.prototype).filter((k) => !BUILTIN_OBJECT_PROTO.has(k));
  return keys.length ? [`Object.prototype gained ${keys.join(', ')}`] : [];
}
const BUILTIN_OBJECT_PROTO = new Set(Object.getOwnPropertyNames(Object.prototype));

/** One hostile input through importEvidence, judged. */
export async function runOne(c: Case, hc: HostileCase): Promise<HostileOutcome> {
  const req: ImportRequest = { path: hc.file, ...(hc.request ?? {}) };
  let changed = false;
  if (hc.during) {
    req.onProgress = (p) => {
      if (changed || p.phase !== 'parsing' || !p.records) return;
      changed = true;
      if (hc.during === 'delete-source') unlinkSync(hc.file);
      else appendFileSync(hc.file, 'appended while importing\n');
    };
  }
  if (hc.twice) await importEvidence(c, { ...req });
  const before = caseState(c.db, true);
  const started = Date.now();
  let got: string;
  const problems: string[] = [];
  let evidenceId: number | undefined;
  try {
    const r = await importEvidence(c, req);
    got = 'imported';
    evidenceId = r.evidenceId;
  } catch (err) {
    const e = err as ThreadlineError;
    got = e.code ?? `exception ${String(err)}`;
    if ('error' in hc.expect) {
      if (!e.hint) problems.push('the error carries no hint');
      if (hc.expect.message && !hc.expect.message.test(e.message)) problems.push(`message "${e.message}" does not match ${String(hc.expect.message)}`);
    }
    if (got !== describeExpectation(hc)) problems.push(`it said: ${e.message}`);
    // A refused import leaves the case exactly as it was, plus one audit entry recording the failure.
    problems.push(...unchangedProblems(before, caseState(c.db, true), ['import-failed'], c.db));
    const failed = c.db.prepare("SELECT details_json FROM audit_log WHERE seq > ? AND action = 'import-failed'").all(before.auditSeq) as { details_json: string }[];
    if (failed.length !== 1) problems.push(`${failed.length} import-failed audit entries (want 1)`);
    else if ((JSON.parse(failed[0]!.details_json) as { code: string }).code !== e.code) problems.push('the import-failed entry names another code');
  }
  const ms = Date.now() - started;
  if (got !== describeExpectation(hc)) problems.unshift(`expected ${describeExpectation(hc)}, got ${got}`);
  if (evidenceId !== undefined && 'ok' in hc.expect) problems.push(...hc.expect.check(new Query(c.db, evidenceId)));
  if (hc.maxMs !== undefined && ms > hc.maxMs) problems.push(`took ${ms} ms (bound ${hc.maxMs} ms)`);
  problems.push(...prototypeClean());
  return { id: hc.id, category: hc.category, what: hc.what, expected: describeExpectation(hc), got, ms, problems: [...new Set(problems)] };
}

/** Writes the corpus under `work`, makes it read-only, imports every input into one new case, checks everything. */
export async function runHostileCorpus(work: string, opts: { bigMiB?: number; only?: (c: HostileCase) => boolean; onOutcome?: (o: HostileOutcome) => void } = {}): Promise<HostileReport> {
  const corpus = join(work, 'corpus');
  const outside = join(work, 'outside');
  mkdirSync(join(work, 'case'), { recursive: true });
  const all = writeHostileCorpus(corpus, outside, opts.bigMiB === undefined ? {} : { bigMiB: opts.bigMiB });
  const cases = opts.only ? all.filter(opts.only) : all;
  setTreeWritable(corpus, false);
  const before = snapshot(corpus);
  const c = Case.create(join(work, 'case', 'hostile.tl'), { caseNumber: 'HOSTILE-1', examiner: 'Reliability suite', tz: 'Asia/Bangkok', region: 'TH' });
  const outcomes: HostileOutcome[] = [];
  try {
    for (const hc of cases) {
      const o = await runOne(c, hc);
      outcomes.push(o);
      opts.onOutcome?.(o);
    }
  } finally {
    c.close();
  }
  const sourceChanges = snapshotDiff(before, snapshot(corpus));
  const caseProblems: string[] = [];
  // The full integrity_check once at the end (quick_check ran after every refused input).
  const reopened = Case.open(join(work, 'case', 'hostile.tl'), { examiner: 'Reliability suite' });
  try {
    const s = caseState(reopened.db);
    if (s.integrity.length !== 1 || s.integrity[0] !== 'ok') caseProblems.push(`integrity_check after the corpus: ${s.integrity.slice(0, 3).join('; ')}`);
    if (!s.chain.ok) caseProblems.push(`audit chain after the corpus: broken at ${s.chain.firstBadSeq}`);
  } finally {
    reopened.close();
  }
  setTreeWritable(corpus, true);
  return { outcomes, sourceChanges, caseProblems };
}
