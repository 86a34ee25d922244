import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { smsBackupImporter, sniffSmsBackup } from '../../../main/engine/importers/sms-backup';
import type { CallRecord, MessageRecord } from '../../../main/engine/model/records';
import { fact, failure, ofType } from './run';

const FIX = join(__dirname, '../../fixtures/sms-backup');
const fx = (name: string) => join(FIX, name);
/** Byte offset of a snippet in a fixture, found independently of the importer. */
const offsetOf = (name: string, snippet: string) => readFileSync(fx(name)).indexOf(Buffer.from(snippet, 'utf8'));

describe('sniff', () => {
  const input = (text: string) => ({ fileName: 'x.xml', size: text.length, head: Buffer.from(text, 'utf8') });
  it('recognises <smses> and <calls> roots after the declaration and stylesheet', () => {
    expect(sniffSmsBackup(input(`<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\n<smses count="1">`))).toEqual({ confidence: 0.95, layout: 'sms' });
    expect(sniffSmsBackup(input('\uFEFF<calls count="0"/>'))).toEqual({ confidence: 0.95, layout: 'calls' });
    expect(sniffSmsBackup(input('<!-- c --><smses>'))?.layout).toBe('sms');
  });
  it('recognises a UTF-16LE backup', () => {
    const head = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><smses count="0"></smses>', 'utf16le')]);
    expect(sniffSmsBackup({ fileName: 'x.xml', size: head.length, head })?.layout).toBe('sms');
  });
  it('does not claim other XML or text', () => {
    expect(sniffSmsBackup(input('<?xml version="1.0"?><smsesx/>'))).toBeNull();
    expect(sniffSmsBackup(input('<allsms count="1"/>'))).toBeNull();
    expect(sniffSmsBackup(input('12/03/2024, 10:00 - Ann: hi'))).toBeNull();
  });
  it('recognises a root behind a DOCTYPE (so the import can refuse it clearly)', () => {
    expect(sniffSmsBackup(input('<?xml version="1.0"?><!DOCTYPE smses []><smses>'))?.layout).toBe('with-doctype');
  });
});

describe('calls', () => {
  it('maps every call type, presentation and null string, and rejects calls without a usable date', async () => {
    const r = await parseFile(fx('calls-every-type.xml'));
    expect(r.importer.id).toBe('sms-backup');
    expect(r.sniff.layout).toBe('calls');
    expect(r.accounting).toMatchObject({ unit: 'element', seen: 14, parsed: 12, rejected: 2, skipped: 0 });
    expect(r.accounting.reasons).toEqual({ 'call: missing date attribute': 1, 'call: date is not epoch milliseconds': 1 });
    const calls = ofType(r.records, 'call');
    expect(calls.map((c) => c.direction)).toEqual(['incoming', 'outgoing', 'missed', 'voicemail', 'rejected', 'blocked', 'incoming', 'unknown', 'missed', 'incoming', 'incoming', 'outgoing']);
    expect(calls.map((c) => c.flags ?? [])).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
      ['answered-externally'],
      ['unknown-call-type'],
      ['presentation-restricted', 'no-number'],
      ['presentation-unknown', 'special-number'],
      ['presentation-payphone', 'bad-duration'],
      [],
    ]);
    const first = calls[0]!;
    expect(first).toMatchObject({
      time: { kind: 'instant', utcMs: 1609632000000, raw: '1609632000000' },
      durationS: 125,
      counterpart: '+66812345001',
      contactName: 'Somchai Incoming',
      accountKey: 'phone:+66812345001',
      prov: { path: '/calls/call[1]', line: 4, offset: offsetOf('calls-every-type.xml', '<call number="+66812345001" duration="125"') },
    });
    expect(first.raw).toBe(
      '<call number="+66812345001" duration="125" date="1609632000000" type="1" presentation="1" subscription_id="1" post_dial_digits="" subscription_component_name="null" readable_date="Jan 3, 2021 12:00:00 AM" contact_name="Somchai Incoming" />',
    );
    // "null" and "(Unknown)" are not names; post-dial digits stay in raw
    expect(calls[1]!.contactName).toBeUndefined();
    expect(calls[1]!.raw).toContain('post_dial_digits=",123#"');
    expect(calls[2]!.contactName).toBeUndefined();
    expect(calls[8]!.counterpart).toBeUndefined();
    expect(calls[8]!.accountKey).toBeUndefined();
    expect(calls[9]!).toMatchObject({ counterpart: '-1' });
    expect(calls[9]!.accountKey).toBeUndefined();
    expect(calls[10]!.durationS).toBeUndefined();
    // readable_date is never parsed: the last call's readable_date says 1999, its date says 2021
    expect(calls[11]!.time).toEqual({ kind: 'instant', utcMs: 1609632660000, raw: '1609632660000' });
    expect(calls[11]!.contactName).toBe('Somchai Renamed');
    const accounts = ofType(r.records, 'account');
    expect(accounts.map((a) => a.identifiers[0]!.value)).toEqual(['+66812345001', '+66812345002', '+66812345003', '+66812345004', '+66812345005', '+66812345006', '+66812345007', '+66812345008', '+66812345011']);
    expect(accounts[0]).toMatchObject({ key: 'phone:+66812345001', platform: 'phone', display: 'Somchai Incoming', identifiers: [{ kind: 'phone', value: '+66812345001' }] });
    expect(accounts[1]!.display).toBeUndefined();
    const rejected = ofType(r.records, 'skip');
    expect(rejected.map((s) => [s.outcome, s.prov?.line, s.prov?.path])).toEqual([
      ['rejected', 16, '/calls/call[13]'],
      ['rejected', 17, '/calls/call[14]'],
    ]);
    expect(rejected[1]!.raw).toBe('<call number="+66812345014" duration="10" date="2021-01-03" type="1" />');
    expect(fact(r.records, 'root-element')).toBe('calls');
    expect(fact(r.records, 'count-mismatch')).toBe(false);
    expect(fact(r.records, 'backup-date')).toEqual({ raw: '1700000000000', utc: '2023-11-14T22:13:20.000Z' });
    expect(fact(r.records, 'xml-stylesheet')).toBe('type="text/xsl" href="calls.xsl"');
  });
});

describe('sms', () => {
  it('reads types, bodies, entities, addresses and flags exactly', async () => {
    const r = await parseFile(fx('sms-types-and-text.xml'));
    expect(r.accounting).toMatchObject({ seen: 13, parsed: 11, rejected: 2 });
    expect(r.accounting.reasons).toEqual({ 'sms: missing date attribute': 1, 'unknown element <rcs>': 1 });
    const m = ofType(r.records, 'message');
    expect(m.map((x) => x.direction)).toEqual(['incoming', 'outgoing', 'outgoing', 'outgoing', 'outgoing', 'outgoing', 'incoming', 'incoming', 'outgoing', 'incoming', 'outgoing']);
    expect(m.map((x) => x.flags ?? [])).toEqual([
      [],
      [],
      ['draft'],
      ['outbox'],
      ['failed', 'status-failed'],
      ['queued', 'status-pending'],
      ['unread', 'locked'],
      [],
      ['draft', 'no-address'],
      ['control-char', 'invisible-chars'],
      [],
    ]);
    expect(m[0]).toMatchObject({
      chatKey: 'chat:+66811110001',
      sender: '+66811110001',
      senderKey: 'acct:+66811110001',
      time: { kind: 'instant', utcMs: 1609459200000, raw: '1609459200000' },
      kind: 'text',
      body: 'Received one',
      prov: { path: '/smses/sms[1]', line: 3, offset: offsetOf('sms-types-and-text.xml', '<sms protocol="0" address="+66811110001" date="1609459200000"') },
    });
    expect(m[0]!.recipients).toBeUndefined();
    expect(m[1]).toMatchObject({ body: 'Line 1\nLine 2\n\nLine 4', recipients: ['+66811110001'], chatKey: 'chat:+66811110001' });
    expect(m[1]!.sender).toBeUndefined();
    expect(m[6]!.body).toBe(`Tom & Jerry <b>bold</b> "quoted" 'apos'`);
    expect(m[7]).toMatchObject({ body: '<script>alert(1)</script>', sender: 'BANK-TH', senderKey: 'acct:BANK-TH', entities: [{ type: 'subject', text: 'Payment notice' }] });
    expect(m[7]!.raw).toContain('body="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(m[8]!.chatKey).toBeUndefined();
    // bidi override, NUL and ESC kept as the characters written; raw keeps the references
    expect(m[9]!.body).toBe('evil\u202Etxt.exe\u0000end\u001Bx');
    expect(m[9]!.raw).toContain('body="evil&#x202E;txt.exe&#0;end&#27;x"');
    expect(m[10]!.prov).toEqual({ path: '/smses/sms[11]', line: 13, lineEnd: 14, offset: offsetOf('sms-types-and-text.xml', '<sms protocol="0" address="+66811110002"\n') });
    expect(m[10]!.raw).toBe('<sms protocol="0" address="+66811110002"\n       date="1609459800000" type="2" body="two-line element" />');
    const skips = ofType(r.records, 'skip');
    expect(skips.map((s) => [s.reason, s.prov?.path, s.prov?.line])).toEqual([
      ['sms: missing date attribute', '/smses/sms[12]', 15],
      ['unknown element <rcs>', '/smses/rcs[1]', 16],
    ]);
    expect(skips[1]!.raw).toBe('<rcs date="1609459900000" body="not an element SMS Backup &amp; Restore writes" />');
    expect(ofType(r.records, 'chat').map((c) => [c.key, c.name, c.chatKind])).toEqual([
      ['chat:+66811110001', 'Narong', 'sms-thread'],
      ['chat:BANK-TH', undefined, 'sms-thread'],
      ['chat:+66811110002', undefined, 'sms-thread'],
    ]);
    expect(ofType(r.records, 'account').map((a) => a.identifiers)).toEqual([
      [{ kind: 'phone', value: '+66811110001' }],
      [{ kind: 'username', value: 'BANK-TH', platform: 'sms-sender-id' }],
      [{ kind: 'phone', value: '+66811110002' }],
    ]);
    expect(fact(r.records, 'declared-count')).toBe('99');
    expect(fact(r.records, 'element-count')).toBe(13);
    expect(fact(r.records, 'count-mismatch')).toBe(true);
    expect(fact(r.records, 'char-ref-repairs')).toEqual({ surrogatePairsCombined: 0, loneSurrogates: 0, forbiddenCharacters: 2 });
  });

  it('points outgoing messages at the owner the examiner states', async () => {
    const r = await parseFile(fx('sms-types-and-text.xml'), { owner: '+66811119999' });
    const owner = ofType(r.records, 'account').find((a) => a.isOwner);
    expect(owner).toMatchObject({ key: 'owner', identifiers: [{ kind: 'phone', value: '+66811119999', label: 'stated by examiner' }] });
    const m = ofType(r.records, 'message');
    expect(m[1]!.senderKey).toBe('owner');
    expect(m[0]!.senderKey).toBe('acct:+66811110001');
  });
});

describe('mms', () => {
  const PHOTO_SHA = '6c7a58dc9a42a380f36dd8c850b38d07347290f9e72ae3908d022390ba2f5d7b';
  const VCARD_SHA = '36fb9c85eb3aa10a508b0b7e0b2dcc802f173e3510a3b0251e9c3b0ff2b5d18b';
  const TINY_SHA = 'fc16d7dcee9cae83ef3923222a81ccd8fe96c9d25fdb7f504d66f1011e0cd870';

  it('reads a group MMS: addresses by role, text parts as body, media hashed, SMIL skipped', async () => {
    const r = await parseFile(fx('mms-group-and-media.xml'));
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 4, rejected: 0 });
    const m = ofType(r.records, 'message');
    const g = m[0]!;
    expect(g).toMatchObject({
      chatKey: 'chat:+66822220001~+66822220002~+66822220003',
      sender: '+66822220001',
      senderKey: 'acct:+66822220001',
      direction: 'incoming',
      recipients: ['+66811119999', '+66822220002', '+66822220003'],
      time: { kind: 'instant', utcMs: 1609545600000, raw: '1609545600000' },
      kind: 'media',
      body: 'First text part\nSecond\ntext part',
      extId: 'group-001@mmsc',
      entities: [{ type: 'subject', text: 'Team photo' }],
      attachments: [
        { name: 'photo.png', status: 'present', mime: 'image/png' },
        { name: 'contact.vcf', status: 'present', mime: 'text/x-vCard' },
        { name: 'tiny.jpg', status: 'present', mime: 'image/jpeg' },
      ],
      prov: { path: '/smses/mms[1]', line: 3, lineEnd: 18 },
    });
    expect(g.flags).toBeUndefined();
    // raw is the element as written, base64 over 256 characters elided with its hash, short data kept
    expect(g.raw).toContain(`data="[800 base64 chars, sha256 ${PHOTO_SHA}]"`);
    expect(g.raw).toContain('data="/9j/4AAQ"');
    expect(g.raw).toContain('\n    <addrs>\n      <addr address="+66822220001" type="137" charset="106" />');
    expect(g.raw.startsWith('<mms date="1609545600000"')).toBe(true);
    expect(g.raw.endsWith('</mms>')).toBe(true);
    expect(g.raw).not.toContain('iVBORw0KGgo');
    expect(ofType(r.records, 'attachment')).toEqual([
      { type: 'attachment', member: 'mms/1/1-photo.png', size: 600, sha256: PHOTO_SHA, status: 'stored', prov: { path: '/smses/mms[1]/parts[1]/part[3]', line: 7, offset: offsetOf('mms-group-and-media.xml', '<part seq="1"') } },
      { type: 'attachment', member: 'mms/1/3-contact.vcf', size: 50, sha256: VCARD_SHA, status: 'stored', prov: { path: '/smses/mms[1]/parts[1]/part[5]', line: 9, offset: offsetOf('mms-group-and-media.xml', '<part seq="3"') } },
      { type: 'attachment', member: 'mms/1/4-tiny.jpg', size: 6, sha256: TINY_SHA, status: 'stored', prov: { path: '/smses/mms[1]/parts[1]/part[6]', line: 10, offset: offsetOf('mms-group-and-media.xml', '<part seq="4"') } },
      {
        type: 'attachment',
        member: 'mms/4/0-bad.gif',
        size: 21,
        status: 'refused',
        reason: `the part's data is not valid base64 (character "!" is not base64); size counts the characters of the undecodable text, which raw keeps`,
        prov: { path: '/smses/mms[4]/parts[1]/part[1]', line: 28, offset: offsetOf('mms-group-and-media.xml', '<part seq="0" ct="image/gif"') },
      },
    ]);
    // outgoing: the phone's own "insert-address-token" is not a sender
    expect(m[1]).toMatchObject({ direction: 'outgoing', recipients: ['+66822220001'], chatKey: 'chat:+66822220001', body: 'Reply from owner', kind: 'text' });
    expect(m[1]!.sender).toBeUndefined();
    expect(m[1]!.extId).toBeUndefined();
    expect(m[2]).toMatchObject({ attachments: [{ name: 'clip.mp4', status: 'omitted', mime: 'video/mp4' }], flags: ['attachment-data-missing'], kind: 'text', sender: '+66822220001' });
    expect(m[3]).toMatchObject({ flags: ['attachment-invalid-base64'], sender: '+66822220001', kind: 'media' });
    expect(m[3]!.raw).toContain('data="R0lGODlh!!!not base64"');
    expect(ofType(r.records, 'chat').map((c) => [c.key, c.name, c.chatKind])).toEqual([
      ['chat:+66822220001~+66822220002~+66822220003', 'Anan, Boon, Chai', 'mms-group'],
      ['chat:+66822220001', undefined, 'sms-thread'],
    ]);
    const accounts = ofType(r.records, 'account');
    expect(accounts.map((a) => [a.key, a.display, a.chats])).toEqual([
      ['acct:+66822220001', undefined, ['chat:+66822220001~+66822220002~+66822220003']],
      ['acct:+66811119999', undefined, ['chat:+66822220001~+66822220002~+66822220003']],
      ['acct:+66822220002', undefined, ['chat:+66822220001~+66822220002~+66822220003']],
      ['acct:+66822220003', undefined, ['chat:+66822220001~+66822220002~+66822220003']],
    ]);
    expect(fact(r.records, 'mms-attachments')).toEqual({ stored: 3, bytes: 656, invalidBase64: 1, smilPartsSkipped: 1 });
  });

  it('emits attachments after their message', async () => {
    const r = await parseFile(fx('mms-group-and-media.xml'));
    const types = r.records.map((x) => x.type).filter((t) => t === 'message' || t === 'attachment');
    expect(types).toEqual(['message', 'attachment', 'attachment', 'attachment', 'message', 'message', 'message', 'attachment']);
  });
});

describe('surrogate character references', () => {
  it('combines pairs, turns lone ones into U+FFFD with the reference kept in raw, and counts the repairs', async () => {
    const r = await parseFile(fx('emoji-surrogate-refs.xml'));
    expect(r.accounting).toMatchObject({ seen: 5, parsed: 5 });
    const m = ofType(r.records, 'message');
    expect(m.map((x) => x.body)).toEqual(['Hi 😀 there', 'hex 🙏 pair', 'lone high \uFFFD end', 'low \uFFFD reversed \uFFFD\uFFFD', 'mixed \uFFFD real \uFFFD and 😀 fine']);
    expect(m.map((x) => x.flags ?? [])).toEqual([['surrogate-pair-ref'], ['surrogate-pair-ref'], ['lone-surrogate-ref'], ['lone-surrogate-ref'], ['lone-surrogate-ref']]);
    expect(m[0]!.raw).toContain('body="Hi &#55357;&#56832; there"');
    expect(m[2]!.raw).toContain('body="lone high &#55357; end"');
    expect(m[4]!.raw).toContain('body="mixed &#55357; real &#65533; and &#128512; fine"');
    expect(fact(r.records, 'char-ref-repairs')).toEqual({ surrogatePairsCombined: 2, loneSurrogates: 5, forbiddenCharacters: 0 });
  });
});

describe('hostile and damaged XML', () => {
  it('refuses a DOCTYPE with entity declarations (billion laughs) before expanding anything', async () => {
    const e = await failure(parseFile(fx('doctype-billion-laughs.xml')));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/DOCTYPE declaration before its root element/);
    expect(e.hint).toMatch(/not written by SMS Backup & Restore/);
  });

  it('refuses an external entity (XXE) DOCTYPE', async () => {
    const e = await failure(parseFile(fx('doctype-external-entity.xml')));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/DOCTYPE/);
  });

  it('refuses a truncated backup with the line and how much read before the damage', async () => {
    const e = await failure(parseFile(fx('truncated-mid-element.xml')));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.line).toBe(5);
    expect(e.file).toBe('truncated-mid-element.xml');
    expect(e.message).toMatch(/^The XML is not well-formed at line 5, column \d+: /);
    expect(e.hint).toMatch(/2 element\(s\) before that point read without problems/);
  });

  it('keeps __proto__ / constructor attribute names and values as plain data', async () => {
    const r = await parseFile(fx('proto-keys.xml'));
    expect(r.accounting).toMatchObject({ seen: 2, parsed: 2 });
    const m = ofType(r.records, 'message');
    expect(m[0]).toMatchObject({ body: '__proto__', chatKey: 'chat:__proto__', sender: '__proto__' });
    expect(m[1]!.body).toBe('{"__proto__":{"polluted":true}}');
    const rootAttrs = fact(r.records, 'root-attributes') as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(rootAttrs).sort()).toEqual(['__proto__', 'constructor']);
    expect(rootAttrs['__proto__']).toBe('polluted');
    expect(ofType(r.records, 'chat')[0]!.name).toBe('constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('importer contract', () => {
  it('declares its unit and describes its method', () => {
    expect(smsBackupImporter.id).toBe('sms-backup');
    expect(smsBackupImporter.unit).toBe('element');
    expect(smsBackupImporter.method).toMatch(/epoch milliseconds UTC/);
    expect(smsBackupImporter.limits.length).toBeGreaterThan(2);
  });

  it('keeps calls and messages typed as such', async () => {
    const calls = ofType((await parseFile(fx('calls-every-type.xml'))).records, 'call') as CallRecord[];
    const msgs = ofType((await parseFile(fx('sms-types-and-text.xml'))).records, 'message') as MessageRecord[];
    expect(calls.every((c) => c.raw.startsWith('<call '))).toBe(true);
    expect(msgs.every((c) => c.raw.startsWith('<sms '))).toBe(true);
  });
});
