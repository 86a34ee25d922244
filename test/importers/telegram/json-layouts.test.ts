// The Telegram JSON importer on its synthetic fixtures: exact records, times, offsets, calls, provenance.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accounts, byExt, calls, chats, contacts, fact, fx, messages, skips, parseTg } from './helpers';

describe('single-chat export (personal chat, exporter in Europe/Berlin across the DST end)', async () => {
  const path = fx('single-chat-personal-berlin-dst.json');
  const r = await parseTg(path);
  const recs = r.records;

  it('is picked by sniffing and fully accounted for', () => {
    expect(r.importer.id).toBe('telegram');
    expect(r.sniff.layout).toBe('single-chat');
    expect(r.accounting).toMatchObject({ unit: 'item', seen: 16, parsed: 15, skipped: 0, rejected: 1 });
    expect(messages(recs)).toHaveLength(11);
    expect(calls(recs)).toHaveLength(4);
    expect(contacts(recs)).toHaveLength(1);
  });

  it('emits the chat before its messages, with the peer id', () => {
    const c = chats(recs);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ key: 'chat:$', name: 'Somchai K', chatKind: 'personal', extId: '5550001', prov: { path: '$', line: 1, offset: 0 } });
    expect(recs.indexOf(c[0]!)).toBeLessThan(recs.indexOf(messages(recs)[0]!));
  });

  it('takes date_unixtime as the instant and keeps date in the raw time', () => {
    const m = byExt(recs, '101');
    expect(m.time).toEqual({ kind: 'instant', utcMs: Date.UTC(2023, 9, 28, 22, 0, 0), raw: '2023-10-29T00:00:00 @1698530400' });
    expect(m).toMatchObject({ sender: 'Somchai K', senderKey: 'tg:user5550001', direction: 'incoming', body: 'Hello, did you get the money?', kind: 'text' });
  });

  it('keeps provenance: JSON path, first/last line and byte offset of the message object', () => {
    const m = byExt(recs, '102');
    expect(m.prov).toEqual({ path: '$.messages[1]', line: 21, lineEnd: 101, offset: 399 });
    const bytes = readFileSync(path);
    expect(bytes.subarray(399, 400).toString()).toBe('{');
    // raw is the exact source text of the object
    expect(m.raw).toBe(bytes.subarray(399, 399 + Buffer.byteLength(m.raw)).toString());
    expect(m.raw.endsWith('}')).toBe(true);
    expect(JSON.parse(m.raw).id).toBe(102);
  });

  it('reads text entity arrays into body and entities (mention is an entity, not an identifier)', () => {
    const m = byExt(recs, '102');
    expect(m.body).toBe('Send to +66 81 234 5678 or pay@example.com ask @cashier_bot Nok see this');
    expect(m.entities).toEqual([
      { type: 'phone', text: '+66 81 234 5678' },
      { type: 'email', text: 'pay@example.com' },
      { type: 'mention', text: '@cashier_bot' },
      { type: 'mention_name', text: 'Nok', userId: '5550002' },
      { type: 'text_link', text: 'this', href: 'https://evil.example/x' },
    ]);
    expect(m).toMatchObject({ sender: 'Ops Lead', senderKey: 'tg:user4440001', direction: 'outgoing' });
    const ids = accounts(recs).flatMap((a) => a.identifiers.map((i) => i.value));
    expect(ids).not.toContain('@cashier_bot');
  });

  it('keeps replies, edits, forwards and omitted media', () => {
    expect(byExt(recs, '103')).toMatchObject({ replyTo: '102', flags: ['edited'] });
    const m = byExt(recs, '104');
    expect(m).toMatchObject({ kind: 'media', forwardedFrom: 'Boss Chan', body: '' });
    expect(m.attachments).toEqual([{ name: '(File not included. Change data exporting settings to download.)', status: 'omitted' }]);
    expect(byExt(recs, '111')).toMatchObject({
      kind: 'media',
      body: 'ledger',
      attachments: [{ name: 'files/ledger.xlsx', status: 'referenced', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }],
    });
  });

  it('derives the exporter UTC offset per message and flags the one that does not fit', () => {
    const f = fact(recs, 'exporter-utc-offsets') as { offsets: { offset: string; seconds: number; count: number; firstLine: number; lastLine: number }[]; disagreements: number };
    expect(f.offsets.map((o) => [o.offset, o.count])).toEqual([
      ['+01:00', 11],
      ['+02:00', 2],
      ['+00:30', 1],
    ]);
    expect(f.offsets[1]).toMatchObject({ seconds: 7200, firstLine: 6, lastLine: 21 });
    expect(f.disagreements).toBe(1);
    // The DST step +02:00 -> +01:00 (103) is plausible; +00:30 (112) is not; 113 returns to +01:00 and is not flagged.
    expect(byExt(recs, '103').flags ?? []).not.toContain('offset-disagrees');
    expect(byExt(recs, '112').flags).toContain('offset-disagrees');
    expect(byExt(recs, '112').time.flags).toEqual(['offset-disagrees']);
    expect(byExt(recs, '113').flags ?? []).not.toContain('offset-disagrees');
  });

  it('turns phone_call service messages into calls with direction and duration', () => {
    const c = calls(recs);
    expect(c.map((x) => [x.direction, x.durationS, x.caller, x.counterpart])).toEqual([
      ['missed', undefined, 'Somchai K', 'user5550001'],
      ['outgoing', 125, 'Ops Lead', 'user5550001'],
      ['incoming', 42, 'Somchai K', 'user5550001'],
      ['missed', undefined, 'Ops Lead', 'user5550001'],
    ]);
    expect(c[1]!.flags).toEqual(['direction-from-chat-peer', 'discard-reason:hangup']);
    expect(c[1]).toMatchObject({ contactName: 'Somchai K', accountKey: 'tg:user5550001', chatKey: 'chat:$', time: { kind: 'instant', utcMs: 1698541500000 } });
    expect(c[1]!.prov.path).toBe('$.messages[5]');
    expect(c[2]!.flags).toEqual(['direction-from-chat-peer', 'discard-reason:disconnect']);
  });

  it('makes a shared contact into a contact record and a contact message', () => {
    const m = byExt(recs, '109');
    expect(m).toMatchObject({ kind: 'contact', body: 'Contact: Nok Driver +66 89 765 4321' });
    expect(m.flags).toEqual(['body-rendered']);
    expect(m.attachments).toEqual([{ name: 'contacts/contact_1.vcf', status: 'referenced', mime: 'text/vcard' }]);
    const c = contacts(recs)[0]!;
    expect(c.name).toBe('Nok Driver');
    expect(c.identifiers).toEqual([{ kind: 'phone', value: '+66 89 765 4321' }]);
    expect(c.fields).toEqual([
      { name: 'first_name', value: 'Nok' },
      { name: 'last_name', value: 'Driver' },
      { name: 'contact_vcard', value: 'contacts/contact_1.vcf' },
    ]);
    expect(c.prov.path).toBe('$.messages[8].contact_information');
  });

  it('renders location, service and unsupported messages and says so', () => {
    expect(byExt(recs, '110')).toMatchObject({ kind: 'location', body: 'Location: 13.7563, 100.5018', flags: ['body-rendered'] });
    expect(byExt(recs, '115')).toMatchObject({ kind: 'system', body: 'pin_message — message_id: 102', sender: 'Somchai K', flags: ['body-rendered'] });
    expect(byExt(recs, '114')).toMatchObject({ kind: 'other', time: { kind: 'none', flags: ['no-time'] }, body: '' });
  });

  it('keeps hostile text verbatim and flags deleted accounts and bidi overrides', () => {
    const m = byExt(recs, '113');
    expect(m.body).toBe('<script>alert(1)</script> \u202egnp.exe =HYPERLINK("http://x")');
    expect(m.sender).toBeUndefined();
    expect(m.senderKey).toBe('tg:user5550009');
    expect(m.flags).toEqual(['deleted-account', 'invisible-chars']);
    expect(m.direction).toBeUndefined();
    const an = fact(recs, 'telegram-anomalies') as { list: string[] };
    expect(an.list.some((s) => s.includes('user5550009'))).toBe(true);
  });

  it('rejects the message whose time cannot be read, with raw and line', () => {
    const s = skips(recs);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ outcome: 'rejected', count: 1, reason: 'The message time cannot be read (date "2023-13-45T99:00:00", date_unixtime absent).', prov: { path: '$.messages[15]', line: 277 } });
    expect(String(s[0]!.raw)).toContain('"id": 116');
  });

  it('presumes the exporter from the personal chat and declares accounts once', () => {
    expect(fact(recs, 'owner-inferred')).toMatchObject({ key: 'tg:user4440001', userId: '4440001' });
    expect(accounts(recs).map((a) => a.key)).toEqual(['tg:user5550001', 'tg:user4440001', 'tg:user5550009']);
    expect(accounts(recs)[0]!.identifiers).toEqual([{ kind: 'user-id', platform: 'telegram', value: 'user5550001' }]);
  });
});

describe('full account export (personal_information, contacts, frequent contacts, sessions, chats, left chats)', async () => {
  const r = await parseTg(fx('full-account-export-utc-plus7.json'));
  const recs = r.records;

  it('is recognised and accounted for (profile pictures skipped in bulk)', () => {
    expect(r.importer.id).toBe('telegram');
    expect(r.sniff).toMatchObject({ layout: 'full-account', confidence: 0.95 });
    expect(r.accounting).toMatchObject({ seen: 19, parsed: 17, skipped: 2, rejected: 0 });
    expect(skips(recs)).toEqual([{ type: 'skip', outcome: 'skipped', count: 2, reason: 'owner profile picture (media reference; not imported)', prov: { path: '$.profile_pictures[0]', line: 12, lineEnd: 16, offset: 310 } }]);
    expect(fact(recs, 'telegram-layout')).toBe('full-account');
  });

  it('makes personal_information the owner account with its identifiers', () => {
    const owner = accounts(recs).find((a) => a.isOwner)!;
    expect(owner).toMatchObject({ key: 'tg:user4440001', display: 'Ops Lead', prov: { path: '$.personal_information', line: 3 } });
    expect(owner.identifiers).toEqual([
      { kind: 'user-id', platform: 'telegram', value: 'user4440001', label: 'user_id' },
      { kind: 'phone', value: '+855 12 345 678' },
      { kind: 'username', platform: 'telegram', value: '@opslead' },
    ]);
  });

  it('makes each contacts.list entry a contact record with the identifiers written together', () => {
    const c = contacts(recs);
    expect(c.map((x) => x.name)).toEqual(['Somchai K', 'Bank Agent', undefined]);
    expect(c[0]!.identifiers).toEqual([
      { kind: 'phone', value: '+66 81 234 5678' },
      { kind: 'user-id', platform: 'telegram', value: 'user5550001', label: 'user_id' },
    ]);
    expect(c[0]!.time).toEqual({ kind: 'instant', utcMs: 1675238400000, raw: '2023-02-01T15:00:00 @1675238400' });
    expect(c[1]!.identifiers).toEqual([{ kind: 'phone', value: '+856 20 5555 1234' }]);
    expect(c[2]!.flags).toEqual(['empty-contact']);
    expect(c[2]!.prov).toMatchObject({ path: '$.contacts.list[2]', line: 41 });
  });

  it('uses the owner for message and call directions', () => {
    expect(byExt(recs, '201').direction).toBe('incoming');
    expect(byExt(recs, '202').direction).toBe('outgoing');
    const c = calls(recs);
    expect(c.map((x) => [x.direction, x.durationS, x.caller, x.flags])).toEqual([
      ['incoming', 30, 'Somchai K', ['discard-reason:hangup']],
      ['missed', undefined, 'Ops Lead', ['discard-reason:missed']],
    ]);
  });

  it('keeps group service messages as system messages and left chats as chats', () => {
    expect(byExt(recs, '301')).toMatchObject({ kind: 'system', body: 'create_group — title: Team; members: Ops Lead, (deleted account)', chatKey: 'chat:$.chats.list[1]' });
    expect(byExt(recs, '304').body).toBe('group_call — duration: 600');
    expect(chats(recs).map((c) => [c.key, c.name, c.chatKind])).toEqual([
      ['chat:$.chats.list[0]', 'Somchai K', 'personal'],
      ['chat:$.chats.list[1]', 'Team', 'group'],
      ['chat:$.left_chats.list[0]', 'Old Crew', 'group'],
    ]);
    expect(fact(recs, 'telegram-left-chats')).toEqual({ count: 1, chats: ['chat:$.left_chats.list[0]'] });
    expect(byExt(recs, '401').prov.path).toBe('$.left_chats.list[0].messages[0]');
  });

  it('keeps sessions and frequent contacts as facts and lists what was not imported', () => {
    const s = fact(recs, 'telegram-sessions') as { count: number; list: { last_ip: string }[] };
    expect(s.count).toBe(1);
    expect(s.list[0]!.last_ip).toBe('203.0.113.7');
    const f = fact(recs, 'telegram-frequent-contacts') as { count: number };
    expect(f.count).toBe(3);
    expect(fact(recs, 'sections-not-imported')).toEqual({ other_data: { count: 1, bytes: 72, firstPath: '$.other_data' } });
    expect(fact(recs, 'exporter-utc-offsets')).toMatchObject({ offsets: [{ offset: '+07:00', count: 9 }], disagreements: 0 });
  });
});

describe('old export (2020: numeric from_id, no date_unixtime)', async () => {
  const r = await parseTg(fx('old-2020-no-unixtime-numeric-ids.json'), { tz: 'Europe/Berlin' });
  const recs = r.records;

  it('keeps wall-clock times flagged no-unixtime', () => {
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 4 });
    const m = byExt(recs, '1');
    expect(m.time).toEqual({ kind: 'wall', wall: { y: 2020, mo: 10, d: 14, h: 8, mi: 0, s: 0 }, raw: '2020-10-14T08:00:00', flags: ['no-unixtime'] });
    expect(m.flags).toContain('no-unixtime');
    expect(m.replyTo).toBe('-999678449');
    expect(fact(recs, 'exporter-utc-offsets')).toBeUndefined();
    expect(fact(recs, 'telegram-time-basis')).toEqual({ date_unixtime: 0, dateOnly: 4 });
  });

  it('uses the numeric id as key and labels it as ambiguous', () => {
    const a = accounts(recs);
    expect(a.map((x) => x.key)).toEqual(['tg:9999999999', 'tg:8888888888']);
    expect(a[0]!.identifiers).toEqual([{ kind: 'user-id', platform: 'telegram', value: '9999999999', label: 'numeric peer id (older export: user, chat or channel)' }]);
    expect(byExt(recs, '-999678449')).toMatchObject({ body: '/start', entities: [{ type: 'bot_command', text: '/start' }] });
    expect(byExt(recs, '-999678450').body).toBe('create_group — title: Crew; members: Ben, Ann');
  });
});
