import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { createVcardImporter, sniffVcard, vcardImporter } from '../../../main/engine/importers/vcard';
import type { ContactRecord } from '../../../main/engine/model/records';
import { tempDir } from '../../helpers/tmp';
import { fact, failure, ofType, runImporter } from '../sms-backup/run';

const FIX = join(__dirname, '../../fixtures/vcard');
const fx = (name: string) => join(FIX, name);
const field = (c: ContactRecord, name: string) => c.fields.filter((f) => f.name === name);

function write(name: string, content: string | Buffer): string {
  const p = join(tempDir(), name);
  writeFileSync(p, content);
  return p;
}

describe('sniff', () => {
  const input = (text: string) => ({ fileName: 'x.vcf', size: text.length, head: Buffer.from(text, 'utf8') });
  it('recognises BEGIN:VCARD after a BOM and blank lines, with the version as layout', () => {
    expect(sniffVcard(input('\uFEFF\r\n\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n'))).toEqual({ confidence: 0.95, layout: 'vcard-3.0' });
    expect(sniffVcard(input('begin:vcard\nfn:x\nend:vcard'))).toEqual({ confidence: 0.95, layout: 'vcard' });
  });
  it('recognises jCard', () => {
    expect(sniffVcard(input('[ "vcard",\n  [ [ "version", {}, "text", "4.0" ] ] ]'))).toEqual({ confidence: 0.9, layout: 'jcard' });
  });
  it('does not claim other text', () => {
    expect(sniffVcard(input('BEGIN:VCALENDAR\r\n'))).toBeNull();
    expect(sniffVcard(input('name,phone\nA,1\n'))).toBeNull();
    expect(sniffVcard(input('note: BEGIN:VCARD later'))).toBeNull();
  });
  it('recognises a card after a few lines of other text, with lower confidence', () => {
    expect(sniffVcard(input('Exported by PhoneTool 1.2\r\nBEGIN:VCARD\r\nVERSION:2.1\r\n'))).toEqual({ confidence: 0.6, layout: 'vcard-2.1' });
  });
});

describe('vCard 2.1 (Android export)', () => {
  it('joins quoted-printable soft breaks, decodes ISO-8859-1, keeps bare TEL types and waid, hashes the photo', async () => {
    const r = await parseFile(fx('v21-android-qp-latin1.vcf'));
    expect(r.importer.id).toBe('vcard');
    expect(r.sniff.layout).toBe('vcard-2.1');
    expect(r.accounting).toMatchObject({ unit: 'card', seen: 1, parsed: 1, rejected: 0 });
    const c = ofType(r.records, 'contact')[0]!;
    expect(c.name).toBe('Jürgen Müller aus Köln');
    expect(c.identifiers).toEqual([
      { kind: 'phone', value: '+49 171 1234567', label: 'CELL,PREF' },
      { kind: 'phone', value: '030-1234567', label: 'HOME' },
      { kind: 'phone', value: '+49 171 1234567', label: 'CELL' },
      { kind: 'user-id', value: '491711234567', platform: 'whatsapp', label: 'waid' },
      { kind: 'email', value: 'juergen@example.de', label: 'INTERNET' },
    ]);
    expect(field(c, 'NOTE')).toEqual([{ name: 'NOTE', value: 'Café und Straße' }]);
    expect(field(c, 'N.family')[0]!.value).toBe('Müller');
    expect(field(c, 'PHOTO')).toEqual([{ name: 'PHOTO', value: 'sha256:669c4e34bbdf8dad640c52bbd63eae665d64fcd30fa25280ad4aaef87beacc54 (600 bytes, JPEG)', label: 'JPEG' }]);
    expect(c.flags).toBeUndefined();
    expect(c.prov).toEqual({ line: 1, lineEnd: 23, offset: 0 });
    // raw: the lines as written, the 800-character photo replaced by one line with its hash
    const lines = c.raw.split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[3]).toBe('FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller =');
    expect(lines[4]).toBe('aus K=F6ln');
    expect(lines[10]).toBe('PHOTO;ENCODING=BASE64;TYPE=JPEG:[800 base64 chars elided; sha256 669c4e34bbdf8dad640c52bbd63eae665d64fcd30fa25280ad4aaef87beacc54 of the 600 decoded bytes]');
    expect(lines[12]).toBe('END:VCARD');
    // the line that is not UTF-8 keeps its bytes
    expect(c.rawBytes).toBeDefined();
    expect(Buffer.from(c.rawBytes!).includes(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toBe(true);
  });
});

describe('vCard 3.0 (iPhone)', () => {
  it('labels grouped properties, reads messenger handles, unescapes and unfolds', async () => {
    const r = await parseFile(fx('v30-iphone-grouped.vcf'));
    const c = ofType(r.records, 'contact')[0]!;
    expect(c.name).toBe('Nguyen Van An');
    expect(c.identifiers).toEqual([
      { kind: 'phone', value: '+84 90 123 4567', label: 'Mobile' },
      { kind: 'phone', value: '+855 12 345 678', label: 'Boss (Cambodia)' },
      { kind: 'phone', value: '+66 81 234 5678', label: 'CELL,VOICE' },
      { kind: 'email', value: 'an.nguyen@example.com', label: 'Work' },
      { kind: 'username', value: 'an_recruiter', platform: 'telegram', label: 'pref' },
      { kind: 'username', value: 'an.recruiter', platform: 'facebook', label: 'http://www.facebook.com/an.recruiter' },
      { kind: 'username', value: 'live:an.nguyen', platform: 'skype' },
      { kind: 'username', value: '+84901234567', platform: 'whatsapp' },
      { kind: 'username', value: '@an_recruiter', platform: 'telegram' },
    ]);
    expect(field(c, 'ORG')[0]!.value).toBe('Golden Dragon Co., Ltd, Recruitment');
    expect(field(c, 'NOTE')[0]!.value).toBe('First line\nSecond line with ; semicolon and , comma\nThird <script>alert(1)</script>');
    expect(field(c, 'X-LONG-NOTE')[0]!.value).toBe('This line is folded across three physical lines exactly.');
    expect(field(c, 'URL')).toEqual([{ name: 'URL', value: 'https://example.com/jobs', label: 'pref' }]);
    expect(field(c, 'ADR.street')).toEqual([{ name: 'ADR.street', value: '12 Le Loi\nFloor 3', label: 'WORK' }]);
    expect(field(c, 'BDAY')[0]!.value).toBe('1990-05-17');
    expect(field(c, 'PHOTO')[0]!.value).toBe('sha256:9b09a34c2335a48e9f89dadb5148e01aec5605fa1effeb980968fe5b11373c35 (1000 bytes, JPEG)');
    expect(field(c, 'X-ABLABEL')).toEqual([]);
    expect(c.prov).toEqual({ line: 1, lineEnd: 45, offset: 0 });
    expect(c.raw.split('\n')[25]).toMatch(/^PHOTO;ENCODING=b;TYPE=JPEG:\[1336 base64 chars elided; sha256 9b09a34c/);
    expect(c.raw).toContain('X-LONG-NOTE:This line is folded acr\n oss three physical li\n\tnes exactly.');
  });
});

describe('vCard 4.0', () => {
  it('reads tel: URIs, data: photos and several cards separated by blank lines', async () => {
    const r = await parseFile(fx('v40-uri-multi.vcf'));
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 3 });
    const [a, b, c] = ofType(r.records, 'contact');
    expect(a!.identifiers).toEqual([
      { kind: 'phone', value: '+66-81-555-0101', label: 'cell,text' },
      { kind: 'phone', value: '+66-2-555-0199;ext=42', label: 'work' },
      { kind: 'email', value: 'siriporn@example.org', label: 'work' },
      { kind: 'username', value: 'siriporn@jabber.example.org', platform: 'xmpp' },
    ]);
    expect(field(a!, 'PHOTO')[0]!.value).toBe('sha256:a622e13829e488422ee72a5fc92cb11d25c3d0f185a1384b8138df5074c983bf (50 bytes, image/png)');
    const bytes = readFileSync(fx('v40-uri-multi.vcf'));
    expect([a, b, c].map((x) => x!.prov)).toEqual([
      { line: 1, lineEnd: 11, offset: 0 },
      { line: 13, lineEnd: 17, offset: bytes.indexOf('BEGIN:VCARD', 1) },
      { line: 20, lineEnd: 26, offset: bytes.lastIndexOf('BEGIN:VCARD') },
    ]);
    expect(b!.name).toBe('No Phone Person');
    expect(c!.flags).toEqual(['no-identifiers']);
    expect(fact(r.records, 'vcard-versions')).toEqual({ '4.0': 3 });
  });
});

describe('damaged files', () => {
  it('rejects text outside cards and a card cut off by the end of the file, with their raw lines', async () => {
    const r = await parseFile(fx('truncated-and-stray.vcf'));
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 1, rejected: 2 });
    expect(r.accounting.reasons).toEqual({ 'text outside BEGIN:VCARD … END:VCARD': 1, 'card without END:VCARD (the file ends inside it)': 1 });
    const skips = ofType(r.records, 'skip');
    expect(skips[0]).toMatchObject({ outcome: 'rejected', count: 1, prov: { line: 1, offset: 0 }, raw: 'Some junk line before any card' });
    expect(skips[1]).toMatchObject({ prov: { line: 7, lineEnd: 10 }, raw: 'BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\nTEL:+1 555 0199' });
    expect(ofType(r.records, 'contact').map((c) => c.name)).toEqual(['Complete Card']);
  });

  it('rejects a card that another BEGIN:VCARD interrupts, and reads the next', async () => {
    const r = await parseFile(fx('begin-inside-card.vcf'));
    expect(r.accounting).toMatchObject({ seen: 2, parsed: 1, rejected: 1 });
    const s = ofType(r.records, 'skip')[0]!;
    expect(s).toMatchObject({ reason: 'card without END:VCARD (a new card begins inside it)', prov: { line: 1, lineEnd: 4 }, raw: 'BEGIN:VCARD\nVERSION:3.0\nFN:Never Ended\nTEL:+1 555 0111' });
    expect(ofType(r.records, 'contact')[0]).toMatchObject({ name: 'Second', prov: { line: 5, lineEnd: 9 } });
  });

  it('keeps a 2.1 nested AGENT card as the AGENT field, not as a separate contact', async () => {
    const p = write('agent.vcf', 'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Assistant\r\nTEL:+1 555 0001\r\nEND:VCARD\r\nTEL:+1 555 0002\r\nEND:VCARD\r\n');
    const r = await parseFile(p);
    expect(r.accounting).toMatchObject({ seen: 1, parsed: 1 });
    const c = ofType(r.records, 'contact')[0]!;
    expect(c.name).toBe('Boss');
    expect(c.identifiers).toEqual([{ kind: 'phone', value: '+1 555 0002' }]);
    expect(field(c, 'AGENT')[0]!.value).toBe('BEGIN:VCARD\nVERSION:2.1\nFN:Assistant\nTEL:+1 555 0001\nEND:VCARD');
  });
});

describe('hostile input', () => {
  it('keeps __proto__ property and parameter names as data', async () => {
    const p = write('proto.vcf', 'BEGIN:VCARD\nVERSION:3.0\nFN:__proto__\n__proto__:polluted\nitem1.constructor:x\nTEL;__proto__=1;type=cell:+1 555 0100\nEND:VCARD\n');
    const r = await parseFile(p);
    const c = ofType(r.records, 'contact')[0]!;
    expect(c.name).toBe('__proto__');
    expect(field(c, '__PROTO__')).toEqual([{ name: '__PROTO__', value: 'polluted' }]);
    expect(field(c, 'CONSTRUCTOR')).toEqual([{ name: 'CONSTRUCTOR', value: 'x' }]);
    expect(c.identifiers).toEqual([{ kind: 'phone', value: '+1 555 0100', label: 'cell' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps NUL and bidi overrides in names, flagged; script tags stay text', async () => {
    const p = write('bidi.vcf', 'BEGIN:VCARD\nVERSION:4.0\nFN:Adm\u202Enimda\u0000x\nTEL:+1\u200B555 0100\nNOTE:<img src=x onerror=alert(1)>\nEND:VCARD\n');
    const c = ofType((await parseFile(p)).records, 'contact')[0]!;
    expect(c.name).toBe('Adm\u202Enimda\u0000x');
    expect(c.identifiers[0]!.value).toBe('+1\u200B555 0100');
    expect(c.flags).toEqual(['invisible-chars']);
    expect(field(c, 'NOTE')[0]!.value).toBe('<img src=x onerror=alert(1)>');
  });

  it('cuts an over-long line and flags the card', async () => {
    const p = write('long.vcf', `BEGIN:VCARD\nVERSION:3.0\nFN:Long\nNOTE:${'y'.repeat(5000)}\nEND:VCARD\n`);
    const r = await runImporter(createVcardImporter({ maxLineBytes: 1000 }), p);
    const c = ofType(r.records, 'contact')[0]!;
    expect(c.flags).toEqual(['line-truncated', 'no-identifiers']);
    expect(field(c, 'NOTE')[0]!.value).toBe('y'.repeat(995));
  });

  it('hashes a multi-megabyte single-line photo without keeping it', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    const sha = createHash('sha256').update(bytes).digest('hex');
    const p = write('photo.vcf', `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Big Photo\r\nPHOTO:data:image/jpeg;base64,${bytes.toString('base64')}\r\nEND:VCARD\r\n`);
    const c = ofType((await parseFile(p)).records, 'contact')[0]!;
    expect(field(c, 'PHOTO')[0]!.value).toBe(`sha256:${sha} (${bytes.length} bytes, image/jpeg)`);
    expect(c.raw).toBe(`BEGIN:VCARD\nVERSION:4.0\nFN:Big Photo\nPHOTO:data:image/jpeg;base64,[${bytes.toString('base64').length} base64 chars elided; sha256 ${sha} of the ${bytes.length} decoded bytes]\nEND:VCARD`);
  });

  it('flags undecodable UTF-8 and keeps the bytes', async () => {
    const p = write('bad.vcf', Buffer.concat([Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN:Bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' Name\nEND:VCARD\n')]));
    const c = ofType((await parseFile(p)).records, 'contact')[0]!;
    expect(c.name).toBe('Bad \uFFFD\uFFFD Name');
    expect(c.flags).toContain('invalid-utf8');
    expect(Buffer.from(c.rawBytes!).includes(Buffer.from([0xff, 0xfe]))).toBe(true);
  });

  it('reads a UTF-16LE export with a BOM', async () => {
    const p = write('utf16.vcf', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Trần Thị Bích\r\nTEL:+84 90 000 0000\r\nEND:VCARD\r\n', 'utf16le')]));
    const r = await parseFile(p);
    expect(r.importer.id).toBe('vcard');
    expect(ofType(r.records, 'contact')[0]).toMatchObject({ name: 'Trần Thị Bích', identifiers: [{ kind: 'phone', value: '+84 90 000 0000' }] });
  });

  it('reads CR CR LF line endings (a CRLF file converted again)', async () => {
    const p = write('crcrlf.vcf', 'BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nFN:Double CR\r\r\nNOTE:folded\r\r\n  on\r\r\nEND:VCARD\r\r\n');
    const c = ofType((await parseFile(p)).records, 'contact')[0]!;
    expect(c.name).toBe('Double CR');
    expect(field(c, 'NOTE')[0]!.value).toBe('folded on');
  });
});

describe('jCard', () => {
  it('reads a jCard with group labels and keeps __proto__ parameter keys as data', async () => {
    const r = await parseFile(fx('jcard-proto.json'));
    expect(r.importer.id).toBe('vcard');
    expect(r.sniff.layout).toBe('jcard');
    expect(r.accounting).toMatchObject({ seen: 1, parsed: 1 });
    const c = ofType(r.records, 'contact')[0]!;
    expect(c.name).toBe('Proto Person');
    expect(c.identifiers).toEqual([
      { kind: 'phone', value: '+66-81-000-1111', label: 'Work phone' },
      { kind: 'email', value: 'proto@example.org' },
    ]);
    expect(field(c, 'ADR')[0]!.value).toBe('1 Main St, Town, 10110, TH');
    expect(c.prov).toEqual({ path: '$' });
    expect(JSON.parse(c.raw)[0]).toBe('vcard');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a jCard that is not JSON', async () => {
    const p = write('bad.json', '["vcard", [["fn", {}, "text", "x"]');
    const e = await failure(parseFile(p));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('flags lone surrogates that JSON can carry', async () => {
    const p = write('lone.json', '["vcard", [["fn", {}, "text", "bad \\ud800 name"]]]');
    const c = ofType((await parseFile(p)).records, 'contact')[0]!;
    expect(c.name).toBe('bad \ud800 name');
    expect(c.flags).toContain('lone-surrogate');
  });
});

describe('importer contract', () => {
  it('declares its unit and describes its method', () => {
    expect(vcardImporter.id).toBe('vcard');
    expect(vcardImporter.unit).toBe('card');
    expect(vcardImporter.method).toMatch(/quoted-printable/);
  });
});
