/** Hostile inputs through the real import job: a clear error and the case exactly as it was, or a flagged record. */
import { writeFileSync, readFileSync, statSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { verifyChain } from '../../main/engine/audit/chain';
import { auditRows } from '../../main/engine/db/audit-store';
import { tableCounts } from '../../main/engine/db/read/evidence';
import type { ThreadlineError } from '../../main/engine/errors';
import { importEvidence } from '../../main/engine/jobs/import';
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
