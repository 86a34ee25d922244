import { appendFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { verifyChain } from '../../main/engine/audit/chain';
import { auditRows } from '../../main/engine/db/audit-store';
import { tableCounts } from '../../main/engine/db/read/evidence';
import { importEvidence } from '../../main/engine/jobs/import';
import type { Importer } from '../../main/engine/importers/types';
import { fakeImporter, type FakeBehaviour } from '../helpers/fake-importer';
import { failure } from '../helpers/failure';
import { tempDir } from '../helpers/tmp';

function setup(content = 'FAKE\n09:00|+66812345678|hello\n21:30|Ann|<script>alert(1)</script>\nnot a line\n') {
  const dir = tempDir();
  const c = Case.create(join(dir, 'c.case'), { caseNumber: 'C-1', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
  const src = join(dir, 'src.fake');
  writeFileSync(src, content);
  return { c, src, dir };
}


function recordCounts(c: Case) {
  const t = tableCounts(c.db);
  delete t.audit_log;
  return t;
}

describe('import job', () => {
  it('imports one evidence item: hashes, zone-resolved times, provenance, raw, accounting, audit', async () => {
    const { c, src } = setup();
    const r = await importEvidence(c, { path: src, importers: [fakeImporter()] });
    expect(r.hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.hashes.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(r.accounting).toMatchObject({ unit: 'line', seen: 4, parsed: 2, skipped: 1, rejected: 1 });
    expect(r.written).toMatchObject({ messages: 2, chats: 1, accounts: 2 });
    const msgs = c.db.prepare('SELECT ts_utc, ts_raw, ts_local, ts_zone, body, src_line, raw FROM messages ORDER BY seq').all() as Record<string, unknown>[];
    expect(new Date(msgs[0]!.ts_utc as number).toISOString()).toBe('2025-03-14T02:00:00.000Z');
    expect(msgs[0]).toMatchObject({ ts_raw: '09:00', ts_local: '2025-03-14T09:00:00', ts_zone: 'Asia/Bangkok', src_line: 2 });
    expect(msgs[1]!.body).toBe('<script>alert(1)</script>');
    const rej = c.db.prepare("SELECT reason, raw, src_line FROM skipped_units WHERE outcome = 'rejected'").get();
    expect(rej).toEqual({ reason: 'bad-line', raw: 'not a line', src_line: 4 });
    const ids = c.db.prepare('SELECT kind, value_raw FROM account_identifiers').all();
    expect(ids).toEqual([{ kind: 'phone', value_raw: '+66812345678' }]);
    const last = [...auditRows(c.db)].pop()!;
    expect(last.action).toBe('evidence-imported');
    expect(JSON.parse(last.details_json)).toMatchObject({ sha256: r.hashes.sha256, importer: 'fake', options: { tz: 'Asia/Bangkok', region: 'TH' } });
    c.close();
  });

  it('refuses the same bytes twice, naming the earlier item, unless --allow-duplicate', async () => {
    const { c, src, dir } = setup();
    await importEvidence(c, { path: src, importers: [fakeImporter()] });
    const copy = join(dir, 'copy.fake');
    writeFileSync(copy, 'FAKE\n09:00|+66812345678|hello\n21:30|Ann|<script>alert(1)</script>\nnot a line\n');
    const e = await failure(importEvidence(c, { path: copy, importers: [fakeImporter()] }));
    expect(e.code).toBe('SOURCE_DUPLICATE');
    expect(e.message).toContain('E1');
    const r = await importEvidence(c, { path: copy, importers: [fakeImporter()], allowDuplicate: true });
    expect(r.duplicateOf).toBe(1);
    c.close();
  });

  const failures: [string, FakeBehaviour, string][] = [
    ['an importer crash mid-file', { failAfter: 2 }, 'INTERNAL'],
    ['an accounting mismatch', { miscount: true }, 'ACCOUNTING_MISMATCH'],
  ];
  for (const [what, behaviour, code] of failures) {
    it(`leaves nothing behind on ${what}, and audits the failure`, async () => {
      const { c, src } = setup();
      const before = recordCounts(c);
      const e = await failure(importEvidence(c, { path: src, importers: [fakeImporter(behaviour)] }));
      expect(e.code).toBe(code);
      expect(e.file).toBe(src);
      expect(recordCounts(c)).toEqual(before);
      const last = [...auditRows(c.db)].pop()!;
      expect(last.action).toBe('import-failed');
      expect(JSON.parse(last.details_json)).toMatchObject({ code });
      expect(verifyChain(auditRows(c.db)).ok).toBe(true);
      c.close();
    });
  }

  it('aborts with SOURCE_CHANGED when the source changes during the import', async () => {
    const big = `FAKE\n${'10:00|A|x\n'.repeat(5000)}`;
    const { c, src } = setup(big);
    const e = await failure(importEvidence(c, { path: src, importers: [fakeImporter({ onFirstBatch: () => appendFileSync(src, '11:00|B|sneaky\n') })] }));
    expect(e.code).toBe('SOURCE_CHANGED');
    expect(recordCounts(c).messages).toBe(0);
    expect(recordCounts(c).evidence).toBe(0);
    c.close();
  });

  it('aborts when the source is deleted mid-import', async () => {
    const big = `FAKE\n${'10:00|A|x\n'.repeat(5000)}`;
    const { c, src } = setup(big);
    const e = await failure(importEvidence(c, { path: src, importers: [fakeImporter({ onFirstBatch: () => unlinkSync(src) })] }));
    expect(e.code).toBe('SOURCE_CHANGED');
    expect(recordCounts(c).evidence).toBe(0);
    c.close();
  });

  it('a second pass over a source deleted after hashing: SOURCE_CHANGED ("changed or vanished"), not SOURCE_NOT_FOUND', async () => {
    const { c, src } = setup();
    // Like the WhatsApp importer: a first pass, then a second pass that re-opens the file by name.
    const twoPass: Importer = {
      ...fakeImporter(),
      async *parse(ctx) {
        for await (const chunk of ctx.file.open()) void chunk;
        unlinkSync(src);
        for await (const chunk of ctx.file.open()) void chunk;
        yield [];
      },
    };
    const e = await failure(importEvidence(c, { path: src, importers: [twoPass] }));
    expect(e.code).toBe('SOURCE_CHANGED');
    expect(e.message).toMatch(/^The source changed or vanished during import: ENOENT/);
    expect(e.file).toBe(src);
    expect(e.hint).toMatch(/^Nothing was imported/);
    expect(recordCounts(c).evidence).toBe(0);
    const last = c.db.prepare('SELECT action, details_json FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; details_json: string };
    expect(last.action).toBe('import-failed');
    expect(JSON.parse(last.details_json).code).toBe('SOURCE_CHANGED');
    c.close();
  });

  it('a path missing before hashing is still SOURCE_NOT_FOUND', async () => {
    const { c, dir } = setup();
    const e = await failure(importEvidence(c, { path: join(dir, 'nope.txt'), importers: [fakeImporter()] }));
    expect(e.code).toBe('SOURCE_NOT_FOUND');
    c.close();
  });

  it('rolls back cleanly when the disk is full (max_page_count)', async () => {
    const big = `FAKE\n${'10:00|A|some text to fill pages with\n'.repeat(40000)}`;
    const { c, src } = setup(big);
    const pages = c.db.pragma('page_count', { simple: true }) as number;
    c.db.pragma(`max_page_count = ${pages + 20}`);
    const e = await failure(importEvidence(c, { path: src, importers: [fakeImporter()] }));
    expect(e.code).toBe('DISK_FULL');
    expect(recordCounts(c).messages).toBe(0);
    expect((c.db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
    c.close();
  });

  it('refuses empty files, unknown formats, invalid zones and missing files with clear codes', async () => {
    const { c, dir } = setup();
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    expect((await failure(importEvidence(c, { path: empty, importers: [fakeImporter()] }))).code).toBe('SOURCE_EMPTY');
    const bin = join(dir, 'random.bin');
    writeFileSync(bin, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const e = await failure(importEvidence(c, { path: bin, importers: [fakeImporter()] }));
    expect(e.code).toBe('FORMAT_UNRECOGNISED');
    expect(e.message).toContain('binary');
    expect((await failure(importEvidence(c, { path: bin, tz: 'Nowhere/City', importers: [fakeImporter()] }))).code).toBe('TIMEZONE_INVALID');
    expect((await failure(importEvidence(c, { path: join(dir, 'nope.txt'), importers: [fakeImporter()] }))).code).toBe('SOURCE_NOT_FOUND');
    expect(recordCounts(c).evidence).toBe(0);
    c.close();
  });
});
