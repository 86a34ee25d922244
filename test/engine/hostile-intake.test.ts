/** Hostile inputs through the real import job: a clear error and the case exactly as it was, or a flagged record. */
import { writeFileSync, readFileSync, statSync, openSync, writeSync, closeSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { verifyChain } from '../../main/engine/audit/chain';
import { auditRows } from '../../main/engine/db/audit-store';
import { tableCounts } from '../../main/engine/db/read/evidence';
import type { ThreadlineError } from '../../main/engine/errors';
import { importEvidence } from '../../main/engine/jobs/import';
import type { ImportRecord } from '../../main/engine/model/records';
import { buildReportModel } from '../../main/engine/reports/model';
import { hostileZip } from '../../scripts/reliability/zip-writer';
import { fakeImporter } from '../helpers/fake-importer';
import { tempDir } from '../helpers/tmp';

function setup() {
  const dir = tempDir();
  const c = Case.create(join(dir, 'c.case'), { caseNumber: 'H-1', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
  return { c, dir };
}

function counts(c: Case) {
  const t = tableCounts(c.db);
  delete t.audit_log;
  return t;
}

async function fails(c: Case, path: string, extra: Partial<Parameters<typeof importEvidence>[1]> = {}): Promise<ThreadlineError> {
  const before = counts(c);
  const mtime = statSync(path).mtimeMs;
  const bytes = readFileSync(path);
  try {
    await importEvidence(c, { path, ...extra });
  } catch (e) {
    expect(counts(c)).toEqual(before);
    expect(verifyChain(auditRows(c.db)).ok).toBe(true);
    expect((c.db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
    // The source is untouched.
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    return e as ThreadlineError;
  }
  throw new Error('expected the import to fail');
}

const GOOD = '14/03/2025, 21:00 - Boss: hello\n14/03/2025, 21:01 - +66 81 234 5678: ok\n';

describe('hostile intake (real importers)', () => {
  it('a truncated zip: ZIP_CORRUPT naming the file, case unchanged', async () => {
    const { c, dir } = setup();
    // A zip whose central directory is cut off: local header signature, then garbage.
    const p = join(dir, 'WhatsApp Chat - X.zip');
    writeFileSync(p, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]));
    const e = await fails(c, p);
    expect(e.code).toBe('ZIP_CORRUPT');
    expect(e.file).toBe(p);
    expect(e.hint).toBeTruthy();
    c.close();
  });

  it('a 50 MB single line: refused with a clear error, case unchanged', async () => {
    const { c, dir } = setup();
    const p = join(dir, 'one-line.txt');
    const fd = openSync(p, 'w');
    const block = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 50; i++) writeSync(fd, block);
    closeSync(fd);
    const e = await fails(c, p);
    expect(['FORMAT_UNRECOGNISED', 'LIMIT_EXCEEDED']).toContain(e.code);
    c.close();
  });

  it('random binary: FORMAT_UNRECOGNISED saying it is binary', async () => {
    const { c, dir } = setup();
    const p = join(dir, 'blob.txt');
    let s = 7;
    writeFileSync(p, Buffer.from(Array.from({ length: 100_000 }, () => (s = (s * 1103515245 + 12345) & 0xff))));
    const e = await fails(c, p);
    expect(e.code).toBe('FORMAT_UNRECOGNISED');
    c.close();
  });

  it('invalid UTF-8 inside a chat: imported, the message flagged, its original bytes kept', async () => {
    const { c, dir } = setup();
    const p = join(dir, 'WhatsApp Chat with Y.txt');
    writeFileSync(p, Buffer.concat([Buffer.from(GOOD), Buffer.from('15/03/2025, 08:00 - Boss: caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n')]));
    const r = await importEvidence(c, { path: p });
    expect(r.written.messages).toBe(3);
    const m = c.db.prepare('SELECT body, flags, raw_bytes FROM messages WHERE raw_bytes IS NOT NULL').get() as { body: string; flags: string; raw_bytes: Buffer };
    expect(m.body).toContain('\uFFFD');
    expect(JSON.parse(m.flags)).toContain('invalid-utf8');
    expect(m.raw_bytes.includes(Buffer.from([0xe9, 0xff]))).toBe(true);
    c.close();
  });

  it('__proto__ and constructor as sender names are data, not prototype pollution', async () => {
    const { c, dir } = setup();
    const p = join(dir, 'WhatsApp Chat with Z.txt');
    writeFileSync(p, '14/03/2025, 21:00 - __proto__: {"polluted": true}\n14/03/2025, 21:01 - constructor: hi\n14/03/2025, 21:02 - toString: yo\n');
    const r = await importEvidence(c, { path: p });
    expect(r.written.messages).toBe(3);
    const names = (c.db.prepare('SELECT display FROM accounts ORDER BY id').all() as { display: string }[]).map((a) => a.display);
    expect(names).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    c.close();
  });

  it('an empty file and a WhatsApp file with only junk lines get clear errors', async () => {
    const { c, dir } = setup();
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    expect((await fails(c, empty)).code).toBe('SOURCE_EMPTY');
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'hello\nworld\n');
    expect((await fails(c, junk)).code).toBe('FORMAT_UNRECOGNISED');
    c.close();
  });
});

describe('hostile intake: text fidelity, exact ids, symlinks (issue 9)', () => {
  const tgMsg = (id: string, text: string, extra = '') =>
    `  {\n   "id": ${id},\n   "type": "message",\n   "date": "2025-03-14T21:00:01",\n   "date_unixtime": "1741960801",\n   "from": "Boss",\n   "from_id": "user4415521234",\n   "text": ${text}${extra}\n  }`;
  const tgChat = (chatId: string, messages: string[]) => `{\n "name": "Boss",\n "type": "personal_chat",\n "id": ${chatId},\n "messages": [\n${messages.join(',\n')}\n ]\n}\n`;

  it('Telegram text with a lone surrogate and NUL: body shows one U+FFFD and keeps the NUL, flagged, raw keeps the escape', async () => {
    const { c, dir } = setup();
    const p = join(dir, 'result.json');
    writeFileSync(p, tgChat('4415521234', [tgMsg('1', '"lone \\uD800 here \\u0000 nul"'), tgMsg('2', '"ok"')]));
    const r = await importEvidence(c, { path: p });
    const m = c.db.prepare('SELECT body, flags, raw, raw_bytes FROM messages WHERE evidence_id = ? ORDER BY seq LIMIT 1').get(r.evidenceId) as { body: string; flags: string; raw: string; raw_bytes: Buffer | null };
    expect(m.body).toBe('lone \uFFFD here \u0000 nul');
    expect(JSON.parse(m.flags)).toContain('lone-surrogate');
    expect(m.raw).toContain('"text": "lone \\uD800 here \\u0000 nul"');
    c.close();
  });

  it('a lone surrogate only the importer saw (no escape in raw): raw_bytes keep its exact code units as WTF-8', async () => {
    const { c, dir } = setup();
    const p = join(dir, 's.fake');
    writeFileSync(p, 'FAKE\n');
    const r = await importEvidence(c, {
      path: p,
      importers: [
        {
          ...fakeImporter(),
          async *parse(): AsyncGenerator<ImportRecord[]> {
            yield [
              { type: 'message', kind: 'text', body: 'a\uDBFFb', raw: 'a\uDBFFb', time: { kind: 'none' }, prov: { line: 1 } },
              { type: 'units', unit: 'line', seen: 1, parsed: 1 },
            ];
          },
        },
      ],
    });
    const m = c.db.prepare('SELECT body, raw, flags, raw_bytes FROM messages WHERE evidence_id = ?').get(r.evidenceId) as { body: string; raw: string; flags: string; raw_bytes: Buffer };
    expect(m.body).toBe('a\uFFFDb');
    expect(m.raw).toBe('a\uFFFDb');
    expect(JSON.parse(m.flags)).toEqual(['lone-surrogate']);
    expect([...m.raw_bytes]).toEqual([0x61, 0xed, 0xaf, 0xbf, 0x62]);
    c.close();
  });

  it('Telegram ids beyond 2^53 (chat id, message id, reply id) are stored digit for digit', async () => {
    const { c, dir } = setup();
    const p = join(dir, 'result.json');
    writeFileSync(p, tgChat('9007199254740993', [tgMsg('2', '"x"'), tgMsg('9223372036854775807', '"big ids"', ',\n   "reply_to_message_id": 1234567890123456789')]));
    const r = await importEvidence(c, { path: p });
    expect((c.db.prepare('SELECT ext_id FROM chats WHERE evidence_id = ?').get(r.evidenceId) as { ext_id: string }).ext_id).toBe('9007199254740993');
    const m = c.db.prepare('SELECT ext_id, reply_to FROM messages WHERE evidence_id = ? ORDER BY seq DESC LIMIT 1').get(r.evidenceId) as { ext_id: string; reply_to: string };
    expect(m).toEqual({ ext_id: '9223372036854775807', reply_to: '1234567890123456789' });
    c.close();
  });

  it('an evidence file that is a symlink out of its folder: path as given kept, path_resolved is the real target, the report shows both', async () => {
    const { c, dir } = setup();
    mkdirSync(join(dir, 'outside'));
    mkdirSync(join(dir, 'export'));
    const target = join(dir, 'outside', 'notes.txt');
    writeFileSync(target, GOOD);
    const link = join(dir, 'export', 'WhatsApp Chat with Link.txt');
    symlinkSync(target, link);
    const r = await importEvidence(c, { path: link, dateOrder: 'dmy' });
    expect(r.pathResolved).toBe(realpathSync(target));
    const ev = c.db.prepare('SELECT path_given, path_resolved FROM evidence WHERE id = ?').get(r.evidenceId) as { path_given: string; path_resolved: string };
    expect(ev).toEqual({ path_given: link, path_resolved: realpathSync(target) });
    const audit = JSON.parse((c.db.prepare("SELECT details_json FROM audit_log WHERE action = 'evidence-imported'").get() as { details_json: string }).details_json) as { path_given: string; path_resolved: string };
    expect([audit.path_given, audit.path_resolved]).toEqual([link, realpathSync(target)]);
    const model = await buildReportModel(c, { verifySources: false });
    expect(model.evidence[0]!.pathGiven).toBe(link);
    expect(model.evidence[0]!.pathResolved).toBe(realpathSync(target));
    c.close();
  });

  it('a zip whose _chat.txt is a symlink: ZIP_UNSAFE with a hint (auto and forced format), the link never followed', async () => {
    for (const format of ['auto', 'whatsapp']) {
      const { c, dir } = setup();
      const p = join(dir, 'WhatsApp Chat - Link.zip');
      writeFileSync(p, hostileZip([{ name: '_chat.txt', data: '/etc/passwd', symlink: true }]));
      const e = await fails(c, p, { format });
      expect(e.code).toBe('ZIP_UNSAFE');
      expect(e.message).toContain('"_chat.txt" is a symbolic link');
      expect(e.hint).toMatch(/forensic zip tool/);
      c.close();
    }
  });
});
