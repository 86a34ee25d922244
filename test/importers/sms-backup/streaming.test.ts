import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../../main/engine/errors';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { createSmsBackupImporter, parseSmsBackupStream } from '../../../main/engine/importers/sms-backup';
import type { ImportRecord } from '../../../main/engine/model/records';
import { tempDir } from '../../helpers/tmp';
import { fact, failure, ofType, runImporter } from './run';
import { writeZip } from '../../../scripts/lib/zip-writer';

const FIX = join(__dirname, '../../fixtures/sms-backup');

async function collect(chunks: Uint8Array[], opts: Partial<Parameters<typeof parseSmsBackupStream>[1]> = {}): Promise<ImportRecord[]> {
  async function* src() {
    for (const c of chunks) yield c;
  }
  const out: ImportRecord[] = [];
  for await (const b of parseSmsBackupStream(src(), { file: 'test.xml', ...opts })) out.push(...b);
  return out;
}

function split(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    if (p > from) out.push(buf.subarray(from, p));
    from = Math.max(from, p);
  }
  if (from < buf.length) out.push(buf.subarray(from));
  return out;
}

async function expectError(p: Promise<unknown>): Promise<ThreadlineError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ThreadlineError);
    return e as ThreadlineError;
  }
  throw new Error('expected an error');
}

describe('chunk boundaries', () => {
  const files = ['mms-group-and-media.xml', 'emoji-surrogate-refs.xml', 'sms-types-and-text.xml', 'calls-every-type.xml'];
  for (const f of files) {
    it(`${f}: any chunking gives the same records as one chunk`, async () => {
      const buf = readFileSync(join(FIX, f));
      const whole = JSON.stringify(await collect([buf]));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: buf.length }), { minLength: 1, maxLength: 40 }), async (cuts) => {
          expect(JSON.stringify(await collect(split(buf, cuts)))).toBe(whole);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('one byte at a time gives the same records (multi-byte characters, CRLF and references split everywhere)', async () => {
    const text = '<?xml version="1.0" encoding="UTF-8"?>\r\n<smses count="2">\r\n  <sms address="+66 81" date="1609459200000" type="1" body="ไทย 😀 &#55357;&#56832; &#0; é" />\r\n  <mms date="1609459201000" msg_box="1" address="+66 81"><parts><part seq="0" ct="image/png" cl="a.png" data="iVBORw0KGgo=" /></parts></mms>\r\n</smses>\r\n';
    const buf = Buffer.from(text, 'utf8');
    const whole = await collect([buf]);
    const bytes = await collect([...buf].map((b) => Buffer.from([b])));
    expect(JSON.stringify(bytes)).toBe(JSON.stringify(whole));
    const m = ofType(whole, 'message');
    expect(m[0]!.body).toBe('ไทย 😀 😀 \u0000 é');
    expect(m[1]!.prov).toMatchObject({ line: 4, offset: Buffer.from(text).indexOf('<mms') });
  });
});

describe('encodings', () => {
  it('reads a UTF-16LE backup with a BOM', async () => {
    const dir = tempDir();
    const p = join(dir, 'sms-utf16.xml');
    const xml = '<?xml version="1.0" encoding="UTF-16"?>\n<smses count="1">\n  <sms address="+84 90" date="1609459200000" type="1" body="Xin chào 😀" />\n</smses>\n';
    writeFileSync(p, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]));
    const r = await parseFile(p);
    expect(r.importer.id).toBe('sms-backup');
    const m = ofType(r.records, 'message');
    expect(m[0]).toMatchObject({ body: 'Xin chào 😀', prov: { line: 3, path: '/smses/sms[1]' } });
    // byte offsets are only given while they are exact (UTF-8)
    expect(m[0]!.prov.offset).toBeUndefined();
    expect(fact(r.records, 'text-encoding')).toBe('utf-16le');
  });

  it('flags invalid UTF-8, counts it, and stops giving byte offsets after it', async () => {
    const dir = tempDir();
    const p = join(dir, 'sms-bad-utf8.xml');
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<smses count="3">\n  <sms address="+1" date="1609459200000" type="1" body="fine" />\n  <sms address="+1" date="1609459201000" type="1" body="bad ';
    const tail = ' byte" />\n  <sms address="+1" date="1609459202000" type="1" body="after" />\n</smses>\n';
    writeFileSync(p, Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28]), Buffer.from(tail)]));
    const r = await parseFile(p);
    const m = ofType(r.records, 'message');
    expect(m.map((x) => x.body)).toEqual(['fine', 'bad \uFFFD( byte', 'after']);
    expect(m[1]!.flags).toEqual(['invalid-utf8']);
    expect(m[0]!.prov.offset).toBe(Buffer.from(head).indexOf('<sms '));
    expect(m[1]!.prov.offset).toBe(Buffer.from(head).lastIndexOf('<sms '));
    expect(m[2]!.prov.offset).toBeUndefined();
    expect(fact(r.records, 'invalid-utf8-sequences')).toBe(1);
  });

  it('keeps control characters written literally (which XML forbids) and flags them', async () => {
    const buf = Buffer.concat([Buffer.from('<smses count="1"><sms address="+1" date="1609459200000" type="1" body="a'), Buffer.from([0x01, 0x1b]), Buffer.from('b" /></smses>')]);
    const recs = await collect([buf]);
    const m = ofType(recs, 'message')[0]!;
    expect(m.body).toBe('a\u0001\u001bb');
    expect(m.flags).toEqual(['control-char']);
    expect(fact(recs, 'char-ref-repairs')).toEqual({ surrogatePairsCombined: 0, loneSurrogates: 0, forbiddenCharacters: 2 });
  });
});

describe('large and hostile values', () => {
  it('streams a multi-megabyte MMS part across chunks and hashes the decoded bytes exactly', async () => {
    const dir = tempDir();
    const p = join(dir, 'sms-big-mms.xml');
    const bytes = Buffer.alloc(5 * 1024 * 1024 + 17);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const sha = createHash('sha256').update(bytes).digest('hex');
    const b64 = bytes.toString('base64');
    writeFileSync(
      p,
      `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="2">\n  <mms date="1609459200000" msg_box="1" address="+1">\n    <parts>\n      <part seq="0" ct="video/mp4" cl="clip.mp4" data="${b64}" />\n      <part seq="1" ct="text/plain" text="caption" />\n    </parts>\n  </mms>\n  <sms address="+1" date="1609459201000" type="1" body="after the video" />\n</smses>\n`,
    );
    const r = await parseFile(p);
    const partAt = readFileSync(p).indexOf('<part seq="0"');
    expect(partAt).toBe(147);
    expect(ofType(r.records, 'attachment')).toEqual([{ type: 'attachment', member: 'mms/1/0-clip.mp4', size: bytes.length, sha256: sha, status: 'stored', prov: { path: '/smses/mms[1]/parts[1]/part[1]', line: 5, offset: partAt } }]);
    const m = ofType(r.records, 'message');
    expect(m[0]!.body).toBe('caption');
    expect(m[0]!.raw).toContain(`data="[${b64.length} base64 chars, sha256 ${sha}]"`);
    expect(m[0]!.raw.length).toBeLessThan(400);
    expect(m[1]).toMatchObject({ body: 'after the video', prov: { line: 9 } });
  });

  it('elides an attribute value longer than the cap, hashing it, and flags the record', async () => {
    const dir = tempDir();
    const p = join(dir, 'sms-long-body.xml');
    const body = 'x'.repeat(5000);
    writeFileSync(p, `<smses count="2">\n<sms address="+1" date="1609459200000" type="1" body="${body}" />\n<sms address="+1" date="1609459201000" type="1" body="short" />\n</smses>`);
    const r = await runImporter(createSmsBackupImporter({ attrCap: 1000 }), p);
    const m = ofType(r.records, 'message');
    expect(m[0]!.body).toBe('');
    expect(m[0]!.flags).toEqual(['attribute-over-cap:body']);
    expect(m[0]!.raw).toBe(`<sms address="+1" date="1609459200000" type="1" body="[5000 chars elided (longer than the attribute cap), sha256 of the text ${createHash('sha256').update(body).digest('hex')}]" />`);
    expect(m[1]!.body).toBe('short');
    expect(r.accounting).toMatchObject({ seen: 2, parsed: 2 });
  });

  it('refuses an over-long comment instead of buffering it', async () => {
    const dir = tempDir();
    const p = join(dir, 'sms-comment.xml');
    writeFileSync(p, `<smses count="0"><!--${'a'.repeat(3000)}--></smses>`);
    const e = await failure(runImporter(createSmsBackupImporter({ markupCap: 1024 }), p));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.message).toMatch(/an XML comment is longer than 1 KiB/);
  });

  it('reports text between elements without losing it, and flags text inside an element', async () => {
    const recs = await collect([Buffer.from('<smses count="1">\n  stray words\n  <sms address="+1" date="1609459200000" type="1" body="b">inner text</sms>\n</smses>')]);
    const skip = ofType(recs, 'skip');
    expect(skip).toEqual([{ type: 'skip', outcome: 'rejected', count: 0, reason: 'text between elements (belongs to no message or call)', prov: { path: '/smses/text()' }, raw: 'stray words\n  ' }]);
    const m = ofType(recs, 'message')[0]!;
    expect(m.flags).toEqual(['unexpected-text']);
    expect(m.raw).toBe('<sms address="+1" date="1609459200000" type="1" body="b">inner text</sms>');
    expect(fact(recs, 'text-between-elements')).toBe(1);
  });

  it('refuses a root that is not <smses> or <calls>', async () => {
    const e = await expectError(collect([Buffer.from('<allsms><sms date="1"/></allsms>')]));
    expect(e.code).toBe('FORMAT_MISMATCH');
  });

  it('refuses a document without a root element', async () => {
    const e = await expectError(collect([Buffer.from('<?xml version="1.0"?>\n')]));
    expect(e.code).toBe('PARSE_ERROR');
  });

  it('refuses unknown entities with a line number, and bare ampersands', async () => {
    const e = await expectError(collect([Buffer.from('<smses>\n<sms date="1" body="a &bogus; b" />\n</smses>')]));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/undefined entity/);
    expect((await expectError(collect([Buffer.from('<smses>\n<sms date="1" body="AT&T" />\n</smses>')]))).code).toBe('PARSE_ERROR');
  });

  it('stops when the import is cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await expectError(collect([Buffer.from('<smses></smses>')], { signal: ac.signal }));
    expect(e.code).toBe('IMPORT_CANCELLED');
  });

  it('counts lines the way the XML parser does with lone CR line endings', async () => {
    const recs = await collect([Buffer.from('<smses count="2">\r<sms address="+1" date="1609459200000" type="1" body="a" />\r\r<sms address="+1" date="1609459201000" type="1" body="b" />\r</smses>')]);
    expect(ofType(recs, 'message').map((m) => m.prov.line)).toEqual([2, 4]);
  });
});

describe('zip container', () => {
  /** A zip with one deflated member (the shared deterministic writer). */
  const zipOf = (name: string, data: Buffer): Buffer => writeZip([{ name, data, method: 'deflate' }]);

  it('reads the backup from inside a zip and names the member in provenance', async () => {
    const dir = tempDir();
    const p = join(dir, 'backup.zip');
    writeFileSync(p, zipOf('sms-20240101000000.xml', readFileSync(join(FIX, 'sms-types-and-text.xml'))));
    const r = await parseFile(p);
    expect(r.importer.id).toBe('sms-backup');
    expect(r.sniff.member).toBe('sms-20240101000000.xml');
    const m = ofType(r.records, 'message');
    expect(m).toHaveLength(11);
    expect(m[0]!.prov).toMatchObject({ member: 'sms-20240101000000.xml', line: 3, path: '/smses/sms[1]' });
  });
});
