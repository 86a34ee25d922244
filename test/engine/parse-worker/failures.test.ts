/**
 * The worker path fails exactly as the in-thread path: a parser's error arrives with the same code, message,
 * file, line and hint; a worker that dies or stops early is a clear INTERNAL error, never a hang; cancelling
 * mid-parse stops the worker and throws IMPORT_CANCELLED; nothing of a failed item stays in the case.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Case } from '../../../main/engine/case';
import { auditRows } from '../../../main/engine/db/audit-store';
import { tableCounts } from '../../../main/engine/db/read/evidence';
import { ThreadlineError, toThreadlineError } from '../../../main/engine/errors';
import { importEvidence, type ImportRequest } from '../../../main/engine/jobs/import';
import { overrideParseWorkerScript, parseWorkerStats } from '../../../main/engine/jobs/parse-in-worker';
import { errorFromWire, errorToWire, type FromParseWorker, type ParseWorkerData } from '../../../main/engine/jobs/parse-wire';
import { failure } from '../../helpers/failure';
import { tempDir } from '../../helpers/tmp';
import { fakeImporter } from '../../helpers/fake-importer';
import { buildParseWorkerBundle } from './bundle';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function newCase() {
  const dir = tempDir();
  return { dir, c: Case.create(join(dir, 'c.case'), { caseNumber: 'C-W', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' }) };
}


/** A WhatsApp export of `n` messages (a few hundred bytes per 4 lines), small enough for a unit test. */
function whatsapp(dir: string, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`${String((i % 28) + 1).padStart(2, '0')}/03/2022, ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} - Ann Lee: message number ${i} with some words in it`);
  const p = join(dir, 'WhatsApp Chat with Ann.txt');
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

function recordRows(c: Case) {
  const t = tableCounts(c.db);
  delete t.audit_log;
  return t;
}

async function settleWorkers(): Promise<number> {
  for (let i = 0; i < 250 && parseWorkerStats.running > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return parseWorkerStats.running;
}

describe('parser errors cross the thread unchanged', () => {
  // These start the worker from TypeScript source through worker-boot.mjs, as under tsx in development.
  const failing: [string, Partial<ImportRequest>][] = [
    ['telegram/truncated-mid-message.json', {}],
    ['sms-backup/doctype-billion-laughs.xml', {}],
    ['sms-backup/truncated-mid-element.xml', {}],
    ['whatsapp/ambiguous-day-month.txt', {}],
  ];
  it.each(failing)('%s: same code, message, file, line, hint both ways', async (name, opts) => {
    const path = join(FIX, name);
    const a = await failure(importEvidence(newCase().c, { ...opts, path, parseIn: 'thread' }));
    const started = parseWorkerStats.started;
    const b = await failure(importEvidence(newCase().c, { ...opts, path, parseIn: 'worker' }));
    expect(parseWorkerStats.started).toBe(started + 1);
    expect(b.toInfo()).toEqual(a.toInfo());
    expect(b.code).not.toBe('INTERNAL');
    expect(b.file).toBe(path);
  }, 60_000);

  it('keeps the line number of a parser error (truncated Telegram JSON)', async () => {
    const e = await failure(importEvidence(newCase().c, { path: join(FIX, 'telegram/truncated-mid-message.json'), parseIn: 'worker' }));
    expect(typeof e.line).toBe('number');
    expect(e.line).toBeGreaterThan(1);
  }, 60_000);

  it('rebuilds a ThreadlineError field by field, absent fields staying absent', () => {
    const full = new ThreadlineError('PARSE_ERROR', 'bad header', { file: 'x.txt', line: 12, hint: 'Use --date-order.' });
    expect((errorFromWire(structuredClone(errorToWire(full))) as ThreadlineError).toInfo()).toEqual({ code: 'PARSE_ERROR', message: 'bad header', file: 'x.txt', line: 12, hint: 'Use --date-order.' });
    const bare = errorFromWire(structuredClone(errorToWire(new ThreadlineError('IMPORT_CANCELLED', 'stop')))) as ThreadlineError;
    expect(bare.toInfo()).toEqual({ code: 'IMPORT_CANCELLED', message: 'stop' });
    expect([bare.file, bare.line, bare.hint]).toEqual([undefined, undefined, undefined]);
  });

  it('converts plain errors exactly as the job converts them in-thread', () => {
    const cases: unknown[] = [Object.assign(new Error('no such file, open x'), { code: 'ENOENT' }), new RangeError('Invalid array length'), 'a thrown string', Object.assign(new Error('disk'), { code: 'SQLITE_FULL' })];
    for (const thrown of cases) {
      const direct = toThreadlineError(thrown, { file: 'f.txt' }).toInfo();
      const crossed = toThreadlineError(errorFromWire(structuredClone(errorToWire(thrown))), { file: 'f.txt' }).toInfo();
      expect(crossed).toEqual(direct);
    }
    expect(toThreadlineError(errorFromWire(errorToWire(cases[0])), {}).code).toBe('SOURCE_NOT_FOUND');
  });
});

describe('a worker that dies or stalls', () => {
  const script = (name: string, body: string) => {
    const p = join(tempDir('threadline-fake-workers-'), name);
    writeFileSync(p, `import { parentPort, workerData } from 'node:worker_threads';\n${body}\n`);
    return { url: pathToFileURL(p) };
  };
  afterAll(() => overrideParseWorkerScript(null));

  async function runWith(body: string, extra: Partial<ImportRequest> = {}) {
    overrideParseWorkerScript(script(`w${Math.random().toString(36).slice(2)}.mjs`, body));
    const { c, dir: d } = newCase();
    const path = whatsapp(d, 20);
    const before = recordRows(c);
    const e = await failure(importEvidence(c, { path, dateOrder: 'dmy', parseIn: 'worker', ...extra }));
    overrideParseWorkerScript(null);
    expect(recordRows(c)).toEqual(before);
    const last = [...auditRows(c.db)].pop()!;
    expect(last.action).toBe('import-failed');
    expect(JSON.parse(last.details_json).code).toBe(e.code);
    return { e, path };
  }

  it('exits with a code before finishing: INTERNAL naming the exit code', async () => {
    const { e, path } = await runWith('process.exit(7);');
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe("The parser's worker thread stopped (exit code 7) before it finished the file.");
    expect(e.file).toBe(path);
    expect(e.hint).toMatch(/^Nothing of this file was kept\./);
  }, 30_000);

  it('throws outside the parser: INTERNAL with its message', async () => {
    const { e } = await runWith("throw new Error('kaboom');");
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe("The parser's worker thread failed: kaboom");
  }, 30_000);

  it('posts a batch, then ends quietly without done: INTERNAL, and the batch is rolled back', async () => {
    const batch = "[{ type: 'chat', key: 'c', platform: 'whatsapp', prov: { line: 1 } }]";
    const { e } = await runWith(`parentPort.postMessage({ type: 'batch', records: ${batch} }); parentPort.unref();`);
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe("The parser's worker thread stopped (exit code 0) before it finished the file.");
  }, 30_000);

  it('auto mode: a worker that dies before it is ready (a packaging fault) falls back to parsing in this thread', async () => {
    const { WORKER_MIN_BYTES, parseBatches } = await import('../../../main/engine/jobs/parse-in-worker');
    const { SourceFile } = await import('../../../main/engine/intake/source');
    const { whatsappImporter } = await import('../../../main/engine/importers/whatsapp');
    const { dir } = newCase();
    const path = whatsapp(dir, 30);
    const collect = async (place: 'auto' | 'thread') => {
      const file = new SourceFile(path, WORKER_MIN_BYTES);
      const ctx = { file, options: { tz: 'UTC', dateOrder: 'dmy' as const }, sniff: { confidence: 1, layout: 'android-24h' }, signal: new AbortController().signal };
      const out: unknown[] = [];
      for await (const b of parseBatches(whatsappImporter, ctx, { label: path, injected: false, place })) out.push(...b);
      await file.close();
      return out;
    };
    overrideParseWorkerScript(script('dies.mjs', 'process.exit(3);'));
    const started = parseWorkerStats.started;
    const viaFallback = await collect('auto');
    overrideParseWorkerScript(null);
    expect(parseWorkerStats.started).toBe(started + 1);
    expect(viaFallback).toStrictEqual(await collect('thread'));
  }, 30_000);

  it('hangs forever: cancelling still ends the import with IMPORT_CANCELLED, and the worker is terminated', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const { e } = await runWith('setInterval(() => {}, 1000);', { signal: ac.signal });
    expect(e.code).toBe('IMPORT_CANCELLED');
    expect(e.message).toBe('The import was cancelled; nothing of this file was kept.');
    expect(await settleWorkers()).toBe(0);
  }, 30_000);
});

describe('the real worker: cancellation, backpressure, where parsing runs', () => {
  let bundle: Awaited<ReturnType<typeof buildParseWorkerBundle>>;
  beforeAll(async () => {
    bundle = await buildParseWorkerBundle();
    overrideParseWorkerScript({ url: bundle.url });
  }, 60_000);
  afterAll(() => {
    overrideParseWorkerScript(null);
    bundle.remove();
  });

  it('cancelled mid-parse: IMPORT_CANCELLED, nothing kept, the worker gone', async () => {
    const { c, dir } = newCase();
    const path = whatsapp(dir, 20_000);
    const before = recordRows(c);
    const ac = new AbortController();
    let seen = 0;
    const e = await failure(
      importEvidence(c, {
        path,
        dateOrder: 'dmy',
        parseIn: 'worker',
        signal: ac.signal,
        onProgress: (p) => {
          if (p.phase === 'parsing' && (p.records ?? 0) > 0) {
            seen = p.records!;
            ac.abort();
          }
        },
      }),
    );
    expect(seen).toBeGreaterThan(0);
    expect(e.code).toBe('IMPORT_CANCELLED');
    expect(recordRows(c)).toEqual(before);
    expect(await settleWorkers()).toBe(0);
  }, 60_000);

  it('runs at most `credit` batches ahead of the job, and one more per credit granted', async () => {
    const { dir } = newCase();
    const path = whatsapp(dir, 20_000);
    const data: ParseWorkerData = { importerId: 'whatsapp', path, size: 0, options: { tz: 'UTC', dateOrder: 'dmy' }, sniff: { confidence: 1, layout: 'android-24h' }, credit: 2 };
    const w = new Worker(bundle.url, { workerData: data });
    const got: FromParseWorker[] = [];
    w.on('message', (m: FromParseWorker) => got.push(m));
    const exited = new Promise<number>((r) => w.on('exit', r));
    const until = async (n: number) => {
      for (let i = 0; i < 500 && got.length < n; i++) await new Promise((r) => setTimeout(r, 20));
    };
    await until(3);
    await new Promise((r) => setTimeout(r, 400));
    expect(got.map((m) => m.type)).toEqual(['ready', 'batch', 'batch']);
    w.postMessage({ type: 'credit', n: 1 });
    await until(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(got.map((m) => m.type)).toEqual(['ready', 'batch', 'batch', 'batch']);
    w.postMessage({ type: 'abort' });
    expect(await exited).toBe(0);
    expect(got.length).toBe(4);
  }, 60_000);

  it('auto: a worker from WORKER_MIN_BYTES up, in-thread below it and for injected importers', async () => {
    const { WORKER_MIN_BYTES, parseBatches } = await import('../../../main/engine/jobs/parse-in-worker');
    const { SourceFile } = await import('../../../main/engine/intake/source');
    const { whatsappImporter } = await import('../../../main/engine/importers/whatsapp');
    const { dir } = newCase();
    const path = whatsapp(dir, 50);
    const run = async (size: number, injected: boolean) => {
      const file = new SourceFile(path, size);
      const before = parseWorkerStats.started;
      const out: unknown[] = [];
      const ctx = { file, options: { tz: 'UTC', dateOrder: 'dmy' as const }, sniff: { confidence: 1, layout: 'android-24h' }, signal: new AbortController().signal };
      for await (const b of parseBatches(whatsappImporter, ctx, { label: path, injected, place: 'auto' })) out.push(...b);
      await file.close();
      return { workers: parseWorkerStats.started - before, out };
    };
    const small = await run(WORKER_MIN_BYTES - 1, false);
    const big = await run(WORKER_MIN_BYTES, false);
    const injected = await run(WORKER_MIN_BYTES, true);
    expect([small.workers, big.workers, injected.workers]).toEqual([0, 1, 0]);
    expect(small.out.length).toBeGreaterThan(50);
    // The records themselves survive structured clone exactly (undefined fields, byte arrays, strings).
    expect(big.out).toStrictEqual(small.out);
  }, 60_000);
});
