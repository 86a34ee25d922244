// Every LINE layout and language in FORMATS.md §3.1, on synthetic fixtures with hand-counted expected output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, parseWith, tempFile, wall } from './run';

const fx = (name: string) => fixture('line', name);

describe('English 1:1 export, 12-hour clock, Www, MM/DD/YYYY dates, BOM and CRLF', () => {
  const file = fx('en-personal-12h-mdy-bom-crlf.txt');

  it('reads every message with its sender, kind, body, time and line', async () => {
    const r = await parseWith(file);
    expect(r.importer.id).toBe('line');
    expect(r.sniff).toMatchObject({ confidence: 0.95, layout: 'tab' });
    expect(r.messages.map((m) => [m.prov.line, m.prov.lineEnd ?? null, m.sender ?? null, m.kind, m.body, wall(m), m.direction ?? null])).toEqual([
      [5, null, 'Kaori Date', 'text', 'Hi Erik!', [2017, 12, 4, 16, 46], 'incoming'],
      [6, 9, 'Erik Hornberger', 'text', 'Meeting notes:\nfirst\titem\n\nsecond item', [2017, 12, 4, 16, 47], 'outgoing'],
      [10, null, 'Kaori Date', 'media', '[Photo]', [2017, 12, 4, 0, 5], 'incoming'],
      [11, null, 'Kaori Date', 'media', '[Sticker]', [2017, 12, 4, 12, 30], 'incoming'],
      [12, null, 'Erik Hornberger', 'call', '☎ Call time 1:02:03', [2017, 12, 4, 13, 9], 'outgoing'],
      [13, null, 'Kaori Date', 'call', '☎ Missed call', [2017, 12, 4, 13, 10], 'incoming'],
      [14, null, 'Erik Hornberger', 'call', '☎ Canceled call', [2017, 12, 4, 13, 11], 'outgoing'],
      [15, null, 'Kaori Date', 'call', '☎ No answer', [2017, 12, 4, 13, 12], 'incoming'],
      [16, null, 'Kaori Date', 'deleted', 'Kaori Date unsent a message.', [2017, 12, 4, 13, 13], 'incoming'],
      [17, null, null, 'system', 'Erik Hornberger changed the chat photo.', [2017, 12, 4, 13, 14], null],
      [20, null, 'Kaori Date', 'media', '[Voice message]', [2017, 12, 13, 9, 0], 'incoming'],
      [21, null, 'Erik Hornberger', 'media', '[Location]', [2017, 12, 13, 9, 1], 'outgoing'],
      [22, null, 'Kaori Date', 'text', '<script>alert(1)</script>', [2017, 12, 13, 9, 2], 'incoming'],
    ]);
  });

  it('keeps the raw lines, the raw time and exact byte offsets', async () => {
    const r = await parseWith(file);
    const bytes = readFileSync(file);
    const quoted = r.messages[1]!;
    expect(quoted.raw).toBe('04:47 PM\tErik Hornberger\t"Meeting notes:\nfirst\titem\n\nsecond item"');
    expect(quoted.flags).toContain('quoted-multiline');
    expect(quoted.time).toEqual({ kind: 'wall', wall: { y: 2017, mo: 12, d: 4, h: 16, mi: 47, s: 0 }, raw: 'Mon, 12/04/2017 04:47 PM' });
    expect(quoted.prov.offset).toBe(bytes.indexOf(Buffer.from('04:47 PM\tErik')));
    expect(r.messages[12]!.prov.offset).toBe(bytes.indexOf(Buffer.from('09:02 AM')));
  });

  it('turns call notices into call records with duration and direction', async () => {
    const r = await parseWith(file);
    expect(r.calls.map((c) => [c.prov.line, c.caller, c.direction, c.durationS ?? null, c.flags?.[0], c.contactName])).toEqual([
      [12, 'Erik Hornberger', 'unknown', 3723, 'call-completed', 'Kaori Date'],
      [13, 'Kaori Date', 'missed', null, 'call-missed', 'Kaori Date'],
      [14, 'Erik Hornberger', 'missed', null, 'call-canceled', 'Kaori Date'],
      [15, 'Kaori Date', 'missed', null, 'call-no-answer', 'Kaori Date'],
    ]);
    const byLine = new Map(r.messages.map((m) => [m.prov.line, m]));
    for (const c of r.calls) expect(c.accountKey).toBe(byLine.get(c.prov.line)!.senderKey);
  });

  it('names the chat from the header, infers the owner, keeps media omitted, and accounts for all 22 lines', async () => {
    const r = await parseWith(file);
    const chat = r.records.find((x) => x.type === 'chat');
    expect(chat).toMatchObject({ type: 'chat', platform: 'line', name: 'Kaori Date', chatKind: 'personal' });
    expect(r.accounts.map((a) => [a.display, a.isOwner ?? false, a.identifiers])).toEqual([
      ['Kaori Date', false, []],
      ['Erik Hornberger', true, []],
    ]);
    expect(r.messages[2]!.attachments).toEqual([{ name: '[Photo]', status: 'omitted' }]);
    expect(r.facts.get('saved-on')).toEqual({ kind: 'wall', wall: { y: 2018, mo: 3, d: 25, h: 19, mi: 57, s: 0 }, raw: 'Saved on: 2018/03/25 19:57' });
    expect(r.facts.get('encoding')).toBe('utf-8');
    expect(r.facts.get('date-order')).toMatchObject({ decided: { weekday: 1, range: 1, assumed: 0 }, proven: { mdy: 2, dmy: 0 } });
    expect(r.accounting).toMatchObject({ seen: 22, parsed: 16, skipped: 6, rejected: 0 });
    expect(r.accounting.reasons).toEqual({ 'header line': 1, 'saved-on line': 1, 'blank line': 2, 'date line': 2 });
  });

  it('reads the same records from the UTF-16LE (Windows) copy', async () => {
    const a = await parseWith(file);
    const b = await parseWith(fx('en-personal-utf16le-bom-crlf.txt'));
    expect(b.facts.get('encoding')).toBe('utf-16le');
    const view = (m: (typeof a.messages)[number]) => [m.prov.line, m.sender, m.kind, m.body, m.time, m.raw];
    expect(b.messages.map(view)).toEqual(a.messages.map(view));
    expect(b.accounting).toMatchObject({ seen: 22, parsed: 16, skipped: 6, rejected: 0 });
  });
});

describe('English group export, 24-hour and am/pm clocks, YYYY.MM.DD Weekday dates', () => {
  it('reads quoted and unquoted multi-line bodies, system lines and group membership', async () => {
    const r = await parseWith(fx('en-group-24h-dotted-dates.txt'));
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: 'Project Team', chatKind: 'group' });
    expect(r.messages.map((m) => [m.prov.line, m.prov.lineEnd ?? null, m.sender ?? null, m.kind, m.body, wall(m)])).toEqual([
      [5, 6, 'Alice', 'text', 'first line\nsecond line', [2024, 1, 2, 3, 4]],
      [7, null, 'Bob', 'media', '[Photo]', [2024, 1, 2, 15, 5]],
      [8, null, null, 'system', 'Alice joined the group', [2024, 1, 2, 15, 6]],
      [9, null, 'Bob Smith', 'text', 'Hi all', [2024, 1, 2, 15, 7]],
      [10, 11, 'Carol', 'text', 'plain continuation follows\nthis line has no quotes', [2024, 1, 2, 15, 8]],
      [14, null, 'Alice', 'media', '[File]', [2024, 1, 3, 0, 1]],
    ]);
    expect(r.messages[4]!.flags).toEqual(['unquoted-continuation']);
    expect(r.messages.every((m) => m.direction === undefined)).toBe(true);
    expect(r.accounts.map((a) => a.display)).toEqual(['Alice', 'Bob', 'Bob Smith', 'Carol']);
    expect(r.accounts.some((a) => a.isOwner)).toBe(false);
    expect(r.accounting).toMatchObject({ seen: 14, parsed: 8, skipped: 6, rejected: 0 });
  });
});

describe('Japanese exports', () => {
  it('1:1: 午前/午後 times, localised placeholders, calls and the unsent notice', async () => {
    const r = await parseWith(fx('ja-personal.txt'));
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: '佐藤花子', chatKind: 'personal' });
    expect(r.facts.get('saved-on')).toMatchObject({ kind: 'wall', wall: { y: 2026, mo: 9, d: 2, h: 10, mi: 0 } });
    expect(r.messages.map((m) => [m.sender, m.kind, wall(m)])).toEqual([
      ['佐藤花子', 'text', [2026, 9, 1, 0, 15]],
      ['田中一郎', 'media', [2026, 9, 1, 15, 4]],
      ['佐藤花子', 'media', [2026, 9, 1, 15, 5]],
      ['田中一郎', 'call', [2026, 9, 1, 15, 6]],
      ['佐藤花子', 'call', [2026, 9, 1, 15, 7]],
      ['田中一郎', 'call', [2026, 9, 1, 15, 8]],
      ['佐藤花子', 'deleted', [2026, 9, 1, 12, 30]],
    ]);
    expect(r.messages[0]!.time.raw).toBe('2026/09/01(火) 午前0:15');
    expect(r.calls.map((c) => [c.direction, c.durationS ?? null, c.flags?.[0]])).toEqual([
      ['unknown', 32, 'call-completed'],
      ['missed', null, 'call-missed'],
      ['missed', null, 'call-canceled'],
    ]);
    expect(r.accounts.find((a) => a.isOwner)?.display).toBe('田中一郎');
    expect(r.accounting).toMatchObject({ seen: 11, parsed: 7, skipped: 4, rejected: 0 });
  });

  it('group: のトーク履歴 header and an empty-sender system line', async () => {
    const r = await parseWith(fx('ja-group.txt'));
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: '週末', chatKind: 'group' });
    expect(r.messages.map((m) => [m.sender ?? null, m.kind, m.body, wall(m)])).toEqual([
      ['中村', 'text', 'おはよう', [2024, 1, 15, 10, 30]],
      ['田中', 'media', '[スタンプ]', [2024, 1, 15, 10, 31]],
      [null, 'system', '田中がグループに参加しました', [2024, 1, 15, 10, 33]],
    ]);
    expect(r.accounting).toMatchObject({ seen: 7, parsed: 3, skipped: 4, rejected: 0 });
  });
});

describe('Chinese exports', () => {
  it('zh-TW: 上午/下午, full-width weekday brackets, 週二, calls without a space, two-column unsent notice', async () => {
    const r = await parseWith(fx('zh-tw-personal.txt'));
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: '王小明', chatKind: 'personal' });
    expect(r.messages.map((m) => [m.prov.line, m.sender ?? null, m.kind, m.body, wall(m)])).toEqual([
      [5, '王小明', 'text', '早', [2017, 11, 20, 0, 5]],
      [6, '陳大文', 'media', '[照片]', [2017, 11, 20, 16, 46]],
      [7, '王小明', 'media', '[貼圖]', [2017, 11, 20, 16, 47]],
      [8, '陳大文', 'call', '☎ 通話時間0:53', [2017, 11, 20, 13, 9]],
      [9, '王小明', 'call', '☎ 未接來電', [2017, 11, 20, 13, 10]],
      [10, '王小明', 'deleted', '已收回訊息', [2017, 11, 20, 13, 11]],
      [13, null, 'deleted', '陳大文已收回訊息', [2024, 1, 2, 9, 2]],
    ]);
    expect(r.messages[6]!.flags).toEqual(['two-column-line']);
    expect(r.calls.map((c) => [c.direction, c.durationS ?? null])).toEqual([
      ['unknown', 53],
      ['missed', null],
    ]);
    expect(r.accounting).toMatchObject({ seen: 13, parsed: 7, skipped: 6, rejected: 0 });
  });

  it('zh-CN: 与X的聊天记录, 周二 dates, 贴图 and 通话时间', async () => {
    const r = await parseWith(fx('zh-cn-personal.txt'));
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: '李雷', chatKind: 'personal' });
    expect(r.messages.map((m) => [m.sender, m.kind, wall(m)])).toEqual([
      ['李雷', 'text', [2024, 1, 2, 16, 46]],
      ['韩梅梅', 'media', [2024, 1, 2, 16, 47]],
      ['李雷', 'call', [2024, 1, 2, 16, 48]],
    ]);
    expect(r.calls[0]!.durationS).toBe(125);
    expect(r.accounting).toMatchObject({ seen: 7, parsed: 3, skipped: 4, rejected: 0 });
  });
});

describe('Thai exports: Buddhist Era years', () => {
  const expected = [
    ['สมชาย', 'text', 'สวัสดีครับ', [2019, 7, 5, 10, 0]],
    ['สมหญิง', 'media', '[รูป]', [2019, 7, 5, 10, 1]],
    ['สมชาย', 'media', '[สติกเกอร์]', [2019, 7, 10, 11, 0]],
    ['สมหญิง', 'text', 'โอเค', [2019, 7, 12, 12, 0]],
  ];

  it('converts BE to CE, reads Www, DD/MM/YYYY BE day-first by its weekday, and a bare 25xx year as BE', async () => {
    const r = await parseWith(fx('th-personal-buddhist-era.txt'));
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: 'สมชาย', chatKind: 'personal' });
    expect(r.messages.map((m) => [m.sender, m.kind, m.body, wall(m)])).toEqual(expected);
    expect(r.messages.every((m) => m.time.flags?.includes('buddhist-era'))).toBe(true);
    expect(r.messages[0]!.time.raw).toBe('Fri, 05/07/2562 BE 10:00');
    expect(r.facts.get('saved-on')).toMatchObject({ wall: { y: 2019, mo: 7, d: 12, h: 20, mi: 0 } });
    expect(r.facts.get('date-order')).toMatchObject({ decided: { weekday: 2 }, proven: { dmy: 2, mdy: 0 } });
    expect(r.accounting).toMatchObject({ seen: 12, parsed: 4, skipped: 8, rejected: 0 });
  });

  it('reads the cp874 (Thai Windows) copy identically when the encoding is stated', async () => {
    const r = await parseWith(fx('th-personal-buddhist-era-cp874.txt'), { encoding: 'windows-874' });
    expect(r.facts.get('encoding')).toBe('windows-874');
    expect(r.messages.map((m) => [m.sender, m.kind, m.body, wall(m)])).toEqual(expected);
    expect(r.messages.some((m) => m.rawBytes)).toBe(false);
  });

  it('keeps the cp874 bytes and says what to do when the encoding is not stated', async () => {
    const file = fx('th-personal-buddhist-era-cp874.txt');
    const r = await parseWith(file);
    expect(r.importer.id).toBe('line');
    expect(r.facts.get('encoding')).toBe('utf-8');
    expect(String(r.facts.get('encoding-hint'))).toContain('windows-874');
    const first = r.messages[0]!;
    expect(first.flags).toContain('invalid-utf8');
    const bytes = readFileSync(file);
    const start = first.prov.offset!;
    const end = bytes.indexOf(0x0a, start);
    expect(Buffer.from(first.rawBytes!)).toEqual(bytes.subarray(start, end));
    expect(r.messages.map(wall)).toEqual(expected.map((e) => e[3]));
    expect(r.messages[3]!.time.flags).toEqual(['buddhist-era', 'weekday-unrecognised']);
    // The mis-decoded saved-on line is no longer recognisable: it is rejected with its original bytes.
    const rejected = r.skips.filter((s) => s.outcome === 'rejected');
    expect(rejected.map((s) => s.prov?.line)).toEqual([2]);
    expect(Buffer.from(rejected[0]!.raw as Uint8Array)).toEqual(bytes.subarray(rejected[0]!.prov!.offset!, bytes.indexOf(0x0a, rejected[0]!.prov!.offset!)));
    expect(r.accounting).toMatchObject({ seen: 12, parsed: 4, skipped: 7, rejected: 1 });
  });
});

describe('header-less layouts', () => {
  it('tab layout without header: chat named from the [LINE] file name', async () => {
    const p = tempFile('[LINE] Erik Hornberger.txt', readFileSync(fx('no-header-tab.txt')));
    const r = await parseWith(p);
    expect(r.sniff.confidence).toBeCloseTo(0.94);
    const chat = r.records.find((x) => x.type === 'chat');
    expect(chat).toMatchObject({ name: 'Erik Hornberger' });
    expect(chat && 'chatKind' in chat ? chat.chatKind : undefined).toBeUndefined();
    expect(r.messages.map((m) => [m.sender, m.body, wall(m)])).toEqual([
      ['Erik Hornberger', 'Merry Christmas!', [2015, 12, 25, 7, 33]],
      ['Kaori Date', '[Sticker]', [2015, 12, 25, 7, 34]],
    ]);
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 2, skipped: 1, rejected: 0 });
  });

  it('space layout: multi-word names from the participant list, bare placeholders, a one-off sender flagged', async () => {
    const r = await parseWith(fx('space-layout-names-with-spaces.txt'));
    expect(r.sniff).toMatchObject({ confidence: 0.7, layout: 'space' });
    expect(r.facts.get('participants-inferred')).toMatchObject({ names: ['Bob', 'Erik Hornberger', 'Mary Ann Lee'], pruned: false });
    expect(r.messages.map((m) => [m.prov.line, m.sender, m.kind, m.body])).toEqual([
      [2, 'Erik Hornberger', 'text', 'good morning'],
      [3, 'Mary Ann Lee', 'text', 'morning Erik'],
      [4, 'Bob', 'media', 'Stickers'],
      [5, 'Erik Hornberger', 'media', 'Photos'],
      [6, 'Bob', 'text', 'ok see you'],
      [7, 'Mary Ann Lee', 'text', 'see you\nat noon'],
      [9, 'Zed', 'text', 'Two hello there'],
      [10, 'Bob', 'call', 'Canceled'],
      [12, 'Mary Ann Lee', 'call', 'Canceled'],
      [13, 'Erik Hornberger', 'text', 'this is a multi-line\nmessage without quotes'],
      [15, 'Bob', 'text', 'bye'],
    ]);
    expect(r.messages.filter((m) => m.flags?.includes('sender-ambiguous')).map((m) => m.prov.line)).toEqual([9]);
    expect(r.messages[2]!.flags).toEqual(['media-sticker', 'placeholder-unbracketed']);
    expect(r.calls.map((c) => [c.caller, c.direction, c.flags?.[0]])).toEqual([
      ['Bob', 'missed', 'call-canceled'],
      ['Mary Ann Lee', 'missed', 'call-canceled'],
    ]);
    expect(wall(r.messages[9]!)).toEqual([2024, 3, 2, 10, 1]);
    expect(r.accounting).toMatchObject({ seen: 15, parsed: 13, skipped: 2, rejected: 0 });
  });
});

describe('day/month order of Www, A/B/YYYY lines', () => {
  it('flags an order it had to assume, and follows the declared order instead', async () => {
    const file = fx('date-order-undecidable.txt');
    const assumed = await parseWith(file);
    expect(wall(assumed.messages[0]!)).toEqual([2024, 3, 4, 10, 0]);
    expect(assumed.messages[0]!.time.flags).toEqual(['weekday-mismatch', 'date-order-assumed']);
    const declared = await parseWith(file, { dateOrder: 'dmy' });
    expect(wall(declared.messages[0]!)).toEqual([2024, 4, 3, 10, 0]);
    expect(declared.messages[0]!.time.flags).toEqual(['weekday-mismatch']);
  });

  it('takes the order proven by another line of the file, even a later one', async () => {
    const r = await parseWith(fx('date-order-from-other-lines.txt'));
    expect(r.messages.map((m) => [wall(m), m.time.flags ?? []])).toEqual([
      [[2024, 3, 4, 10, 0], ['weekday-mismatch', 'date-order-from-other-lines']],
      [[2024, 5, 1, 10, 0], []],
    ]);
  });

});

describe('a LINE export inside a zip', () => {
  it('reads the member sniff chose and names it in every record’s provenance', async () => {
    const r = await parseWith(fx('zip-with-line-member.zip'));
    expect(r.sniff).toEqual({ confidence: 0.99, layout: 'tab', member: '[LINE] 週末.txt' });
    expect(r.messages.map((m) => [m.prov.member, m.prov.line, m.body])).toEqual([
      ['[LINE] 週末.txt', 5, 'おはよう'],
      ['[LINE] 週末.txt', 6, '[スタンプ]'],
      ['[LINE] 週末.txt', 7, '田中がグループに参加しました'],
    ]);
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: '週末', prov: { member: '[LINE] 週末.txt' } });
    expect(r.accounting).toMatchObject({ seen: 7, parsed: 3, skipped: 4, rejected: 0 });
  });
});
