import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { fact, failure, ofType } from './run';

// The shared corpus lives beside the repository; it is never copied in (licences, real people).
const DIR = join(__dirname, '../../../../shared/fixtures/sms-backup-restore');
const present = existsSync(DIR);

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe.skipIf(!present)('shared SMS Backup & Restore fixtures', () => {
  const files = present ? walk(DIR).filter((f) => f.endsWith('.xml')) : [];

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const f of files) {
    const name = relative(DIR, f);
    if (name.endsWith('malformed.xml')) {
      // Its last <sms> has no closing "/>" and a comment follows inside the tag: not well-formed XML.
      it(`${name}: refused with the line and column of the damage`, async () => {
        const e = await failure(parseFile(f));
        expect(e.code).toBe('PARSE_ERROR');
        expect(e.line).toBe(4);
        expect(e.message).toBe('The XML is not well-formed at line 4, column 3: disallowed character in attribute name.');
        expect(e.hint).toMatch(/^The backup is damaged or truncated there .* 0 element\(s\) before that point/);
      });
      continue;
    }
    it(`${name}: imports with every element accounted for`, async () => {
      const r = await parseFile(f);
      expect(r.importer.id).toBe('sms-backup');
      expect(r.accounting.parsed + r.accounting.rejected).toBe(r.accounting.seen);
      const declared = fact(r.records, 'declared-count');
      if (declared !== undefined) expect(fact(r.records, 'count-mismatch')).toBe(false);
      const items = r.records.filter((x) => x.type === 'message' || x.type === 'call');
      expect(items.length).toBe(r.accounting.parsed);
      for (const x of items) {
        if (x.type !== 'message' && x.type !== 'call') continue;
        expect(x.time.kind).toBe('instant');
        expect(x.prov.path).toMatch(/^\/(smses|calls)\/(sms|mms|call)\[\d+\]$/);
        expect(x.prov.line).toBeGreaterThan(1);
        expect(x.raw.startsWith('<')).toBe(true);
      }
    });
  }

  it('devadvance/sms_small.xml: 12 messages in 3 threads, exact bodies and times (counted by hand)', async () => {
    const r = await parseFile(join(DIR, 'devadvance/sms_small.xml'));
    expect(r.accounting).toMatchObject({ seen: 12, parsed: 12, rejected: 0 });
    const m = ofType(r.records, 'message');
    expect(m.filter((x) => x.direction === 'incoming')).toHaveLength(8);
    expect(m.filter((x) => x.direction === 'outgoing')).toHaveLength(4);
    expect(ofType(r.records, 'chat').map((c) => [c.key, c.name])).toEqual([
      ['chat:+15550000001', 'Contact A'],
      ['chat:+15550000003', 'Contact B'],
      ['chat:+15550000004', 'Contact C'],
    ]);
    expect(m[9]).toMatchObject({ body: 'Body text 10\nBody text 11\nBody text 12', direction: 'outgoing', recipients: ['+15550000004'], time: { utcMs: 1512238221991 }, prov: { line: 13, path: '/smses/sms[10]' } });
  });

  it('devadvance/sample_mms.xml: 4 MMS with 4 attachments hashed exactly (hashes from base64 -d | sha256sum)', async () => {
    const r = await parseFile(join(DIR, 'devadvance/sample_mms.xml'));
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 4 });
    expect(ofType(r.records, 'attachment').map((a) => [a.member, a.size, a.sha256, a.status])).toEqual([
      ['mms/1/0-image.png', 70, '6b7fa434f92a8b80aab02d9bf1a12e49ffcae424e4013a1c4f68b67e3d2bbcd0', 'stored'],
      ['mms/2/0-video.mp4', 42, 'ec42d5f9eb16842754f87d5631e2344e68cee031606433c9aeee7704aa1db9f8', 'stored'],
      ['mms/3/0-audio.mp3', 56, 'a054f160a359b7dcd19601e52d0e931d57c20b3b69025aa3f16daf84b56b7de1', 'stored'],
      ['mms/4/0-document.pdf', 139, 'df8eb0d64a9eaef59470447e39a8cfbc12b0d140ad36a6ef9be2aaf898c66e79', 'stored'],
    ]);
    expect(ofType(r.records, 'message').map((x) => x.body)).toEqual(['Here is an image attachment', 'Here is a video attachment', 'Here is an audio attachment', 'Here is a PDF attachment']);
  });

  it('shruggietech/mixed.xml and minimal_calls.xml: exact outcome (counted by hand)', async () => {
    const mixed = await parseFile(join(DIR, 'shruggietech/mixed.xml'));
    expect(mixed.accounting).toMatchObject({ seen: 4, parsed: 4 });
    expect(ofType(mixed.records, 'message').map((x) => [x.direction, x.body, x.flags ?? []])).toEqual([
      ['incoming', 'Hey, how are you?', []],
      ['incoming', 'This is a text-only MMS from Alice.', []],
      ['outgoing', "I'm good, thanks!", []],
      ['outgoing', "Don't forget about...", ['draft']],
    ]);
    const calls = await parseFile(join(DIR, 'shruggietech/minimal_calls.xml'));
    expect(ofType(calls.records, 'call')).toEqual([
      expect.objectContaining({ direction: 'incoming', durationS: 125, counterpart: '+15551234567', contactName: 'Alice Smith', time: { kind: 'instant', utcMs: 1609632000000, raw: '1609632000000' } }),
    ]);
  });

  it('devadvance/corrupt_attachments.xml: undecodable parts are refused, not dropped', async () => {
    const r = await parseFile(join(DIR, 'devadvance/corrupt_attachments.xml'));
    expect(ofType(r.records, 'attachment').map((a) => [a.member, a.status])).toEqual([
      ['mms/1/0-corrupt_image.png', 'refused'],
      ['mms/2/0-corrupt.file', 'refused'],
    ]);
    expect(ofType(r.records, 'message').every((x) => x.flags?.includes('attachment-invalid-base64'))).toBe(true);
  });
});

describe.skipIf(present)('shared SMS Backup & Restore fixtures', () => {
  it('skipped: ../shared/fixtures/sms-backup-restore is not present', () => {
    expect(present).toBe(false);
  });
});
