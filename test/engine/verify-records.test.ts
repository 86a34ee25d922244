/** `verify` over record tables: the per-item digest sealed at import catches edited, added, moved and orphaned rows. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { appendAudit } from '../../main/engine/db/audit-store';
import { DIGEST_TABLES, digestAllRecords, digestImportedRecords, digestTableByLines, importMark, recordLines, type RecordDigest } from '../../main/engine/db/read/record-digest';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import type { Importer } from '../../main/engine/importers/types';
import type { ImportRecord } from '../../main/engine/model/records';
import { importEvidence } from '../../main/engine/jobs/import';
import { verifyCase } from '../../main/engine/verify';
import { fakeImporter } from '../helpers/fake-importer';
import { tempDir } from '../helpers/tmp';

const SRC = 'FAKE\n09:00|+66812345678|hello\n21:30|Ann|<script>alert(1)</script>\nnot a line\n';

async function caseWithTwoItems() {
  const dir = tempDir();
  const c = Case.create(join(dir, 'c.case'), { caseNumber: 'V-1', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
  const a = join(dir, 'a.fake');
  const b = join(dir, 'b.fake');
  writeFileSync(a, SRC);
  writeFileSync(b, `${SRC}22:00|Bob|second item\n`);
  const r1 = await importEvidence(c, { path: a, importers: [fakeImporter()] });
  const r2 = await importEvidence(c, { path: b, importers: [fakeImporter()] });
  return { c, dir, e1: r1.evidenceId, e2: r2.evidenceId };
}

function sealedDigest(c: Case, evidence: number): RecordDigest {
  const rows = c.db.prepare("SELECT details_json FROM audit_log WHERE action = 'evidence-imported'").all() as { details_json: string }[];
  const d = rows.map((r) => JSON.parse(r.details_json) as { evidence: number; records_digest: RecordDigest }).find((x) => x.evidence === evidence);
  return d!.records_digest;
}

describe('records digest', () => {
  it('is sealed in evidence-imported and equals what verify recomputes; every table the item wrote is in it', async () => {
    const { c, e1, e2 } = await caseWithTwoItems();
    const s1 = sealedDigest(c, e1);
    expect(s1.v).toBe(1);
    expect(s1.sha256).toMatch(/^[0-9a-f]{64}$/);
    // (The audit log stores canonical JSON, so the keys come back sorted.)
    expect(Object.keys(s1.tables)).toEqual(['account_identifiers', 'accounts', 'chat_members', 'chats', 'evidence', 'messages', 'skipped_units']);
    expect(s1.tables.messages!.rows).toBe(2);
    expect(s1.tables.skipped_units!.rows).toBe(2);
    expect(s1.tables.evidence!.rows).toBe(1);
    const now = digestAllRecords(c.db);
    expect(now.byEvidence.get(e1)).toEqual(s1);
    expect(now.byEvidence.get(e2)).toEqual(sealedDigest(c, e2));
    expect(sealedDigest(c, e2).sha256).not.toBe(s1.sha256);
    expect(now.orphans).toEqual({});
    c.close();
  });

  it('verify passes on an untouched case and says what it covers', async () => {
    const { c, e1, e2 } = await caseWithTwoItems();
    const r = await verifyCase(c);
    expect(r.ok).toBe(true);
    expect(r.records.map((x) => [x.evidence, x.status])).toEqual([
      [e1, 'match'],
      [e2, 'match'],
    ]);
    expect(r.recordsCoverage).toContain(DIGEST_TABLES.join(', '));
    expect(r.recordsCoverage).toContain('are not covered');
    c.close();
  });

  it('an edited message body fails verify, naming the item and the table; the other item still matches', async () => {
    const { c, e1, e2 } = await caseWithTwoItems();
    c.db.prepare("UPDATE messages SET body = 'I never said this' WHERE id = (SELECT MIN(id) FROM messages WHERE evidence_id = ?)").run(e2);
    const r = await verifyCase(c);
    expect(r.ok).toBe(false);
    expect(r.records.find((x) => x.evidence === e1)!.status).toBe('match');
    expect(r.records.find((x) => x.evidence === e2)).toEqual({ evidence: e2, file: 'b.fake', status: 'mismatch', tables: [{ table: 'messages', sealedRows: 3, rowsNow: 3 }] });
    expect(r.findings).toEqual([`E${e2} records changed since import: messages (3 rows at import, 3 now)`]);
    // The verify run itself is audited with the finding.
    const last = JSON.parse((c.db.prepare("SELECT details_json FROM audit_log WHERE action = 'case-verified' ORDER BY seq DESC LIMIT 1").get() as { details_json: string }).details_json) as { ok: boolean; records: unknown[] };
    expect(last.ok).toBe(false);
    expect(last.records).toContainEqual({ evidence: e2, status: 'mismatch', tables: ['messages'] });
    c.close();
  });

  it('a removed rejected unit, an edited provenance line and a row moved to another item are each caught', async () => {
    {
      const { c, e1 } = await caseWithTwoItems();
      c.db.prepare('DELETE FROM skipped_units WHERE id = (SELECT MIN(id) FROM skipped_units WHERE evidence_id = ?)').run(e1);
      const r = await verifyCase(c);
      expect(r.records.find((x) => x.evidence === e1)!.tables).toEqual([{ table: 'skipped_units', sealedRows: 2, rowsNow: 1 }]);
      c.close();
    }
    {
      const { c, e1 } = await caseWithTwoItems();
      c.db.prepare('UPDATE messages SET src_line = src_line + 1 WHERE evidence_id = ?').run(e1);
      expect((await verifyCase(c)).records.find((x) => x.evidence === e1)!.status).toBe('mismatch');
      c.close();
    }
    {
      const { c, e1, e2 } = await caseWithTwoItems();
      c.db.prepare('UPDATE messages SET evidence_id = ? WHERE id = (SELECT MAX(id) FROM messages WHERE evidence_id = ?)').run(e2, e1);
      const r = await verifyCase(c);
      expect(r.records.find((x) => x.evidence === e1)!.tables).toEqual([{ table: 'messages', sealedRows: 2, rowsNow: 1 }]);
      expect(r.records.find((x) => x.evidence === e2)!.tables).toEqual([{ table: 'messages', sealedRows: 3, rowsNow: 4 }]);
      c.close();
    }
  });

  it('a damaged record table: verify reports integrity_check and unreadable records instead of throwing', async () => {
    const { c, e1, e2 } = await caseWithTwoItems();
    const file = c.file;
    const root = (c.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'messages'").get() as { rootpage: number }).rootpage;
    const pageSize = c.db.pragma('page_size', { simple: true }) as number;
    c.close();
    const bytes = readFileSync(file);
    bytes[(root - 1) * pageSize] = 0xff; // the b-tree page type byte: integrity_check itself cannot run
    writeFileSync(file, bytes);
    const d = Case.open(file, { quickCheck: false });
    const r = await verifyCase(d);
    expect(r.ok).toBe(false);
    expect(r.integrity.ok).toBe(false);
    expect(r.records.map((x) => [x.evidence, x.status])).toEqual([
      [e1, 'unreadable'],
      [e2, 'unreadable'],
    ]);
    expect(r.integrity.messages).toEqual(['database disk image is malformed']);
    expect(r.findings[0]).toBe('integrity_check failed: database disk image is malformed');
    expect(r.findings).toContain(`E${e1} records unreadable: database disk image is malformed`);
    d.close();
  });

  it('rows of no evidence item are reported and fail verify', async () => {
    const { c, e1 } = await caseWithTwoItems();
    c.db.pragma('foreign_keys = OFF');
    c.db.prepare("INSERT INTO messages (kind, body, evidence_id, seq) VALUES ('text', 'planted', 99, 1)").run();
    c.db.pragma('foreign_keys = ON');
    const r = await verifyCase(c);
    expect(r.orphanRows).toEqual({ messages: 1 });
    expect(r.ok).toBe(false);
    expect(r.records.find((x) => x.evidence === e1)!.status).toBe('match');
    c.close();
  });

  it('an item imported before records were digested is "not covered", not silently ok — and does not fail verify', async () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'V-2', examiner: 'E', tz: 'Asia/Bangkok' });
    // What an earlier Threadline wrote: the evidence row and an evidence-imported entry without records_digest.
    c.db.transaction(() => {
      const id = insertEvidence(c.db, {
        path_given: 'old.txt', path_resolved: '/x/old.txt', file_name: 'old.txt', size: 1, sha256: 'a'.repeat(64), sha1: 'b'.repeat(40), md5: 'c'.repeat(32), mtime_utc: null,
        format: 'whatsapp', layout: null, importer_version: '1', tz: 'UTC', date_order: null, region: null, owner: null, options_json: '{}', examiner: 'E', imported_utc: '2025-01-01T00:00:00Z', duplicate_of: null,
      });
      appendAudit(c.db, { examiner: 'E' }, 'evidence-imported', { evidence: id, file: 'old.txt', sha256: 'a'.repeat(64), written: {} });
    })();
    const r = await verifyCase(c);
    expect(r.records).toEqual([{ evidence: 1, file: 'old.txt', status: 'not-covered' }]);
    expect(r.ok).toBe(true);
    c.close();
  });

  it('an evidence row with no evidence-imported entry fails verify', async () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'V-3', examiner: 'E', tz: 'Asia/Bangkok' });
    insertEvidence(c.db, {
      path_given: 'x.txt', path_resolved: '/x/x.txt', file_name: 'x.txt', size: 1, sha256: 'a'.repeat(64), sha1: 'b'.repeat(40), md5: 'c'.repeat(32), mtime_utc: null,
      format: 'whatsapp', layout: null, importer_version: '1', tz: 'UTC', date_order: null, region: null, owner: null, options_json: '{}', examiner: 'E', imported_utc: '2025-01-01T00:00:00Z', duplicate_of: null,
    });
    const r = await verifyCase(c);
    expect(r.records).toEqual([{ evidence: 1, file: 'x.txt', status: 'no-import-entry' }]);
    expect(r.ok).toBe(false);
    c.close();
  });

  it('blobs, NULs and repaired lone surrogates digest the same at import and in verify', async () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'V-4', examiner: 'E', tz: 'UTC' });
    const src = join(dir, 's.fake');
    writeFileSync(src, 'FAKE\n');
    const odd: Importer = {
      ...fakeImporter(),
      async *parse(): AsyncGenerator<ImportRecord[]> {
        yield [
          { type: 'chat', key: 'c', platform: 'other', name: 'x', prov: { line: 1 } },
          { type: 'message', chatKey: 'c', kind: 'text', body: 'lone \uD800 nul \u0000 end', sender: 'S\uDC00', raw: 'lone \uD800 nul \u0000 end', time: { kind: 'none' }, prov: { line: 1 } },
          { type: 'message', chatKey: 'c', kind: 'text', body: 'bytes', raw: 'caf\uFFFD', rawBytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9]), flags: ['invalid-utf8'], time: { kind: 'none' }, prov: { line: 1 } },
          { type: 'units', unit: 'line', seen: 1, parsed: 1 },
        ];
      },
    };
    const r = await importEvidence(c, { path: src, importers: [odd] });
    const sealed = sealedDigest(c, r.evidenceId);
    expect(digestAllRecords(c.db).byEvidence.get(r.evidenceId)).toEqual(sealed);
    expect(digestImportedRecords(c.db, r.evidenceId, {})).toEqual(sealed);
    expect((await verifyCase(c)).ok).toBe(true);
    c.close();
  });

  it('the import mark bounds the rows read to the ones this import wrote', async () => {
    const { c, e1, e2 } = await caseWithTwoItems();
    const mark = importMark(c.db);
    expect(mark.messages).toBe((c.db.prepare('SELECT MAX(id) m FROM messages').get() as { m: number }).m);
    // Past the mark there is nothing: a digest of "item 2 after the mark" is empty, not item 2's rows.
    expect(digestImportedRecords(c.db, e2, mark).tables).toEqual({});
    expect(digestImportedRecords(c.db, e1, {})).toEqual(sealedDigest(c, e1));
    c.close();
  });
});

describe('records digest read in chunks', () => {
  it('equals the line-by-line digest over many chunks, odd text, and rows of two items interleaved', async () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'K-1', examiner: 'E', tz: 'UTC' });
    const src = join(dir, 'k.fake');
    writeFileSync(src, 'FAKE\n');
    // 10,000 messages: three chunks of row ids, with text that UTF-8 and JSON treat specially.
    const many: Importer = {
      ...fakeImporter(),
      async *parse(): AsyncGenerator<ImportRecord[]> {
        yield [{ type: 'chat', key: 'c', platform: 'other', name: 'x', prov: { line: 1 } }];
        for (let b = 0; b < 10; b++) {
          const batch: ImportRecord[] = [];
          for (let i = 0; i < 1000; i++) {
            const n = b * 1000 + i;
            const body = ['plain', 'ไทย \u202E', 'nul \u0000 x', 'lone \uD800', '"q" \\ \n 😀'][n % 5]! + ` ${n}`;
            batch.push({ type: 'message', chatKey: 'c', kind: 'text', sender: `S${n % 7}`, body, raw: body, time: { kind: 'instant', utcMs: 1741960800000 + n, raw: 't' }, prov: { line: n + 2 } });
          }
          yield batch;
        }
        yield [{ type: 'units', unit: 'line', seen: 10000, parsed: 10000 }];
      },
    };
    const r1 = await importEvidence(c, { path: src, importers: [many] });
    const sealed = sealedDigest(c, r1.evidenceId);
    expect(sealed.tables.messages!.rows).toBe(10000);
    for (const t of DIGEST_TABLES) expect([t, sealed.tables[t] ?? null]).toEqual([t, digestTableByLines(c.db, t, r1.evidenceId)]);
    // A second item, then rows of both items interleaved by hand: each item's digest still reads only its rows.
    const r2 = await importEvidence(c, { path: src, importers: [many], allowDuplicate: true });
    c.db.exec('PRAGMA foreign_keys = OFF');
    c.db.prepare("INSERT INTO messages (chat_id, evidence_id, seq, kind, body, ts_flags) SELECT chat_id, evidence_id, seq + 100000, kind, body || '!', ts_flags FROM messages WHERE id % 3 = 0").run();
    const now = digestAllRecords(c.db);
    for (const e of [r1.evidenceId, r2.evidenceId]) {
      for (const t of DIGEST_TABLES) expect([e, t, now.byEvidence.get(e)!.tables[t] ?? null]).toEqual([e, t, digestTableByLines(c.db, t, e)]);
    }
    c.close();
  });
});

describe('records digest encoding (pinned)', () => {
  it('each row is one exact json_array line: NUL, bidi, quotes, repaired surrogates, blobs as hex, reals via printf', async () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'P-1', examiner: 'E', tz: 'UTC' });
    const src = join(dir, 'p.fake');
    writeFileSync(src, 'FAKE\n');
    const pinned: Importer = {
      ...fakeImporter(),
      async *parse(): AsyncGenerator<ImportRecord[]> {
        yield [
          { type: 'chat', key: 'c', platform: 'other', name: 'x', extId: '9223372036854775807', prov: { line: 1 } },
          { type: 'message', chatKey: 'c', kind: 'text', body: 'a\u0000b "q" \\ \u202E\uD800', raw: 'r', rawBytes: new Uint8Array([0xed, 0xa0, 0x80, 0x00]), time: { kind: 'instant', utcMs: 1741960800123, raw: 't' }, prov: { line: 2, offset: 7 } },
          { type: 'call', direction: 'incoming', durationS: 0.1, time: { kind: 'none' }, prov: { line: 3 }, raw: 'c' },
          { type: 'units', unit: 'line', seen: 2, parsed: 2 },
        ];
      },
    };
    const r = await importEvidence(c, { path: src, importers: [pinned] });
    const e = r.evidenceId;
    expect(recordLines(c.db, 'chats', e)).toEqual([`[${e},1,"c","other","x",null,"9223372036854775807",${e},1,null,1,null,null,null,null,null,null]`]);
    expect(recordLines(c.db, 'messages', e)).toEqual([
      `[${e},1,1,null,null,null,null,1741960800123,"t",null,"UTC",null,"text","a\\u0000b \\"q\\" \\\\ \u202E\uFFFD",null,null,null,null,null,${e},2,null,2,null,null,7,"[\\"lone-surrogate\\"]","r","EDA08000"]`,
    ]);
    expect(recordLines(c.db, 'calls', e)).toEqual([`[${e},1,null,null,null,null,null,null,null,"incoming","0.1",null,null,null,null,${e},3,null,3,null,null,null,null,"c",null]`]);
    // Text after a NUL is covered: changing it changes the digest.
    const before = digestAllRecords(c.db).byEvidence.get(e)!.tables.messages!.sha256;
    c.db.prepare("UPDATE messages SET body = 'a' || char(0) || 'X' WHERE evidence_id = ?").run(e);
    const afterEdit = digestAllRecords(c.db).byEvidence.get(e)!.tables.messages!.sha256;
    expect(afterEdit).not.toBe(before);
    c.close();
  });
});
