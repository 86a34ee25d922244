import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import type { ContactRecord } from '../../../main/engine/model/records';
import { ofType } from '../sms-backup/run';

// The shared corpus lives beside the repository; it is never copied in (licences, real people).
const DIR = join(__dirname, '../../../../shared/fixtures/vcard');
const present = existsSync(DIR);
const field = (c: ContactRecord, name: string) => c.fields.filter((f) => f.name === name).map((f) => f.value);

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe.skipIf(!present)('shared vCard fixtures', () => {
  const files = present ? walk(DIR).filter((f) => /\.(vcf|json)$/i.test(f)) : [];

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const f of files) {
    const name = relative(DIR, f);
    it(`${name}: every card imports, with a name or an identifier`, async () => {
      const r = await parseFile(f);
      expect(r.importer.id).toBe('vcard');
      expect(r.accounting.rejected).toBe(0);
      expect(r.accounting.parsed).toBe(r.accounting.seen);
      expect(r.accounting.seen).toBeGreaterThanOrEqual(1);
      for (const c of ofType(r.records, 'contact')) {
        expect(c.name !== undefined || c.identifiers.length > 0 || c.fields.some((x) => x.name === 'PHOTO')).toBe(true);
        if (name.endsWith('.vcf')) expect(c.raw.startsWith('BEGIN:VCARD') || c.raw.startsWith('BEGIN:vCard')).toBe(true);
      }
    });
  }

  it('ez-vcard/John_Doe_ANDROID.vcf: 6 cards, QP names, a damaged photo and a stray 0x80 byte flagged (counted by hand)', async () => {
    const r = await parseFile(join(DIR, 'ez-vcard/John_Doe_ANDROID.vcf'));
    const cards = ofType(r.records, 'contact');
    expect(cards).toHaveLength(6);
    expect(cards.map((c) => c.name)).toEqual([undefined, undefined, 'Ñ Ñ Ñ Ñ Ñ ', 'Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ', 'Ñ Ñ Ñ Ñ ', 'ÑÑÑÑ']);
    expect(cards.map((c) => c.identifiers.length)).toEqual([1, 1, 1, 4, 5, 2]);
    expect(cards[0]!.identifiers).toEqual([{ kind: 'email', value: 'john.doe@company.com', label: 'PREF' }]);
    expect(cards[3]!.identifiers.map((i) => [i.value, i.label])).toEqual([
      ['123456', 'CELL,PREF'],
      ['234567', 'HOME'],
      ['3456789', 'CELL'],
      ['45678901', 'HOME'],
    ]);
    // the photo's base64 ends "==" one character short of a group of four: recorded as not valid, flagged
    expect(field(cards[4]!, 'PHOTO')[0]).toMatch(/^not valid base64 \(the "=" padding does not complete a group of four characters/);
    expect(cards[4]!.flags).toEqual(['binary-invalid']);
    // "=80" continues the second ORG: a lone 0x80 byte is not UTF-8
    expect(cards[5]!.flags).toEqual(['invalid-utf8']);
    expect(field(cards[5]!, 'ORG')).toHaveLength(3);
    expect(cards.map((c) => c.prov.line)).toEqual([1, 6, 11, 18, 36, 71]);
  });

  it('ez-vcard/John_Doe_IPHONE.vcf: grouped labels and the photo hash (hash from Python base64 + hashlib)', async () => {
    const c = ofType((await parseFile(join(DIR, 'ez-vcard/John_Doe_IPHONE.vcf'))).records, 'contact')[0]!;
    expect(c.name).toBe('Mr. John Richter James Doe Sr.');
    expect(c.identifiers.find((i) => i.value === '905-222-1234')).toEqual({ kind: 'phone', value: '905-222-1234', label: 'AssistantPhone' });
    expect(c.identifiers).toHaveLength(8);
    expect(field(c, 'PHOTO')).toEqual(['sha256:e01af63d0602d72a78c324e4c2ca35db8df8486f4857c8f18a4e12251e420e28 (32531 bytes, JPEG)']);
    expect(c.prov).toMatchObject({ line: 1, lineEnd: 612 });
  });

  it('node-vcf/multiple.vcf, ez-vcard/gmail-list.vcf and node-vcf/jcard.json: exact cards (counted by hand)', async () => {
    const multiple = ofType((await parseFile(join(DIR, 'node-vcf/multiple.vcf'))).records, 'contact');
    expect(multiple.map((c) => [c.name, c.identifiers.map((i) => i.value)])).toEqual([
      ['Dr. Erika Mustermann', ['+49-221-9999123', '+49-221-1234567', 'erika@mustermann.de']],
      ['Dr. Erika Mustermann', ['(0221) 9999123', '(0221) 1234567', 'erika@mustermann.de']],
      ['Dr. Erika Mustermann', ['+49 221 9999123', '+49 221 1234567', 'erika@mustermann.de']],
    ]);
    expect(field(multiple[0]!, 'ADR')).toEqual(['Heidestraße 17, Köln, 51147, Germany']);
    const gmail = ofType((await parseFile(join(DIR, 'ez-vcard/gmail-list.vcf'))).records, 'contact');
    expect(gmail.map((c) => [c.name, c.identifiers[0]!.value])).toEqual([
      ['Arnold Smith', 'asmithk@gmail.com'],
      ['Chris Beatle', 'chrisy55d@yahoo.com'],
      ['Doug White', 'dwhite@gmail.com'],
    ]);
    const jcard = ofType((await parseFile(join(DIR, 'node-vcf/jcard.json'))).records, 'contact');
    expect(jcard).toHaveLength(1);
    expect(jcard[0]!.identifiers.map((i) => i.value)).toEqual(['+1-111-555-1212', '+1-404-555-1212', '+1-404-555-1213', 'forrestgump@example.com']);
  });
});

describe.skipIf(present)('shared vCard fixtures', () => {
  it('skipped: ../shared/fixtures/vcard is not present', () => {
    expect(present).toBe(false);
  });
});
