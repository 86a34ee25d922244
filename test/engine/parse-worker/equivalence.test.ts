/**
 * Parsing in a worker thread must not change a single stored byte: every demo file, every fixture of the repo and
 * of ../shared/fixtures (when present) is imported once with the parser in this thread and once in a worker, and
 * the outcomes must be identical — per-table record digests (the evidence row aside), accounting, counts, facts,
 * or the exact error (code, message, file, line, hint).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Case } from '../../../main/engine/case';
import { auditRows } from '../../../main/engine/db/audit-store';
import { ThreadlineError } from '../../../main/engine/errors';
import { importEvidence, type ImportRequest } from '../../../main/engine/jobs/import';
import { overrideParseWorkerScript, parseWorkerStats, type ParsePlace } from '../../../main/engine/jobs/parse-in-worker';
import { tempDir } from '../../helpers/tmp';
import { buildParseWorkerBundle } from './bundle';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEMO = join(ROOT, 'resources', 'demo');
const SHARED = join(ROOT, '..', 'shared', 'fixtures');
const NOT_EVIDENCE = /\.(md|ts|tsv)$/;

interface Source {
  name: string;
  path: string;
  opts: Partial<ImportRequest>;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (!NOT_EVIDENCE.test(e)) out.push(p);
  }
  return out;
}

function demoSources(): Source[] {
  const manifest = JSON.parse(readFileSync(join(DEMO, 'MANIFEST.json'), 'utf8')) as { files: { path: string; import?: Partial<ImportRequest> }[] };
  return manifest.files.map((f) => ({ name: `demo/${f.path}`, path: join(DEMO, f.path), opts: f.import ?? {} }));
}

function fixtureSources(dir: string, prefix: string): Source[] {
  return existsSync(dir) ? walk(dir).map((p) => ({ name: `${prefix}/${relative(dir, p)}`, path: p, opts: {} })) : [];
}

/** What an import left behind that parsing could influence (not ids of the evidence row, times or durations). */
async function outcome(c: Case, s: Source, parseIn: ParsePlace): Promise<unknown> {
  try {
    const r = await importEvidence(c, { ...s.opts, path: s.path, allowDuplicate: true, parseIn });
    const entry = [...auditRows(c.db)].filter((a) => a.action === 'evidence-imported').pop();
    const details = JSON.parse(entry!.details_json) as { records_digest: { tables: Record<string, unknown> }; accounting: unknown; written: unknown; identity: unknown };
    const tables = { ...details.records_digest.tables };
    delete tables.evidence;
    // Timings differ run to run; every count of the identity linking must not.
    const identity = Object.fromEntries(Object.entries(details.identity as Record<string, unknown>).filter(([k]) => !/Ms$/.test(k)));
    return {
      ok: true,
      format: r.format,
      layout: r.layout,
      dateOrder: r.dateOrder,
      accounting: details.accounting,
      written: details.written,
      identity,
      timeFlags: r.timeFlags,
      facts: r.facts,
      first: r.firstUtc,
      last: r.lastUtc,
      tables,
    };
  } catch (err) {
    if (!(err instanceof ThreadlineError)) throw err;
    return { ok: false, error: err.toInfo() };
  }
}

/** Both ways into two fresh cases, file by file in the same order (so row ids line up too). */
async function compare(sources: Source[]): Promise<{ ok: number; failed: number }> {
  const dir = tempDir();
  const mk = (n: string) => Case.create(join(dir, `${n}.case`), { caseNumber: 'C-EQ', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
  const thread = mk('thread');
  const worker = mk('worker');
  const tally = { ok: 0, failed: 0 };
  try {
    for (const s of sources) {
      const a = await outcome(thread, s, 'thread');
      const b = await outcome(worker, s, 'worker');
      expect({ file: s.name, ...(b as object) }).toEqual({ file: s.name, ...(a as object) });
      if ((a as { ok: boolean }).ok) tally.ok++;
      else tally.failed++;
    }
  } finally {
    thread.close();
    worker.close();
  }
  return tally;
}

let removeBundle: () => void = () => {};
beforeAll(async () => {
  const b = await buildParseWorkerBundle();
  removeBundle = b.remove;
  overrideParseWorkerScript({ url: b.url });
}, 60_000);
afterAll(() => {
  overrideParseWorkerScript(null);
  removeBundle();
});

describe('parsing in a worker thread changes nothing', () => {
  it('imports every demo file identically (13 files, each with its manifest options)', async () => {
    const before = parseWorkerStats.started;
    const sources = demoSources();
    expect(sources.length).toBe(13);
    const t = await compare(sources);
    expect(t).toEqual({ ok: 13, failed: 0 });
    expect(parseWorkerStats.started - before).toBe(13);
  }, 300_000);

  it("imports every hostile and layout fixture of the repo identically (records or the exact error)", async () => {
    const sources = fixtureSources(join(ROOT, 'test', 'fixtures'), 'fixtures');
    expect(sources.length).toBeGreaterThan(80);
    const t = await compare(sources);
    // Both kinds occur, so both the record path and the error path were compared.
    expect(t.ok).toBeGreaterThan(40);
    expect(t.failed).toBeGreaterThan(3);
  }, 600_000);

  it.skipIf(!existsSync(SHARED))('imports every file of ../shared/fixtures identically', async () => {
    const sources = fixtureSources(SHARED, 'shared');
    const t = await compare(sources);
    expect(t.ok + t.failed).toBe(sources.length);
    expect(t.ok).toBeGreaterThan(0);
  }, 900_000);

  it('never leaves a worker running', async () => {
    for (let i = 0; i < 50 && parseWorkerStats.running > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(parseWorkerStats.running).toBe(0);
  });
});
