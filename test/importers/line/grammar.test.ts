// Unit tests of the LINE grammar: clock times, date lines, day/month order, headers, body classes, sender splitting.
import { describe, expect, it } from 'vitest';
import { classifyBody, DateResolver, nameFromFileName, parseDateLine, parseHeader, parseSavedOn, parseSpaceLine, parseTabLine, parseTime, weekdayOf, type RawDateLine } from '../../../main/engine/importers/line/grammar';
import { PrefixCounter, splitSender } from '../../../main/engine/importers/line/participants';

describe('parseTime', () => {
  it.each([
    ['07:33', 7, 33],
    ['7:33', 7, 33],
    ['04:46 PM', 16, 46],
    ['12:05 AM', 0, 5],
    ['12:30 PM', 12, 30],
    ['03:05pm', 15, 5],
    ['11:59 p.m.', 23, 59],
    ['下午04:46', 16, 46],
    ['上午12:05', 0, 5],
    ['午後3:04', 15, 4],
    ['午前0:15', 0, 15],
    ['午後0:10', 12, 10],
    ['오후 3:04', 15, 4],
    ['０７:３３', 7, 33],
    ['\u200e04:46\u202fPM', 16, 46],
  ])('%s → %i:%i', (token, h, mi) => {
    expect(parseTime(token)).toMatchObject({ h, mi });
    expect(parseTime(token)?.flags).toBeUndefined();
  });

  it('flags what it cannot read cleanly and refuses what is not a time', () => {
    expect(parseTime('24:53')).toEqual({ h: 0, mi: 53, flags: ['hour-24'] });
    expect(parseTime('13:00 PM')).toEqual({ h: 13, mi: 0, flags: ['time-inconsistent'] });
    for (const bad of ['25:00', '12:60', 'PM 04:46 PM', '1:2', '12:345', 'noon', '', '12:00:00']) expect(parseTime(bad)).toBeNull();
  });
});

describe('parseDateLine + DateResolver', () => {
  const resolve = (text: string, r = new DateResolver()) => {
    const d = parseDateLine(text);
    if (!d) return null;
    const out = r.resolve(d);
    return 'invalid' in out ? out : { ymd: [out.y, out.mo, out.d], flags: out.flags };
  };

  it.each([
    ['2015/12/25 Fri', [2015, 12, 25]],
    ['2024.01.02 Tuesday', [2024, 1, 2]],
    ['2024/1/2週二', [2024, 1, 2]],
    ['2024/1/2周二', [2024, 1, 2]],
    ['2017/11/20（一）', [2017, 11, 20]],
    ['2016/5/8（週日）', [2016, 5, 8]],
    ['2026/09/01(火)', [2026, 9, 1]],
    ['2024/01/15(Mon)', [2024, 1, 15]],
    ['2024年1月2日(火)', [2024, 1, 2]],
    ['2024/01/15(월)', [2024, 1, 15]],
    ['2024/01/15 จันทร์', [2024, 1, 15]],
    ['2024/01/15', [2024, 1, 15]],
    ['Mon, 12/04/2017', [2017, 12, 4]],
    ['Wed, 12/13/2017', [2017, 12, 13]],
    ['Wed, 10/07/2562 BE', [2019, 7, 10]],
    ['\ufeff2015/12/25 Fri', [2015, 12, 25]],
  ])('%s', (text, ymd) => {
    const r = resolve(text);
    expect(r).toMatchObject({ ymd });
    if (r && 'flags' in r) expect(r.flags.filter((f) => f !== 'buddhist-era')).toEqual([]);
  });

  it('does not take message text, WhatsApp or Signal lines for date lines', () => {
    for (const t of [
      '2024/01/02 meeting notes',
      '2024/01/02 10:00 - Bob: hi',
      '12/03/2017, 16:46 - Bob: hi',
      '[2019-12-24, 12:23] Jane Doe: Hello',
      'Mon, 12/03/2017 and more',
      'hello',
      '10:00\tBob\t2024/01/02 Tue',
    ])
      expect(parseDateLine(t)).toBeNull();
  });

  it('flags a weekday that contradicts the date and refuses impossible dates', () => {
    expect(resolve('2024/01/15(Tue)')).toMatchObject({ ymd: [2024, 1, 15], flags: ['weekday-mismatch'] });
    expect(resolve('2024/02/30(Fri)')).toEqual({ invalid: 'no such date 2024/2/30' });
    expect(resolve('Mon, 13/13/2024')).toMatchObject({ invalid: expect.stringContaining('either day/month order') });
    expect(resolve('2024/01/15(Xyz)')).toMatchObject({ ymd: [2024, 1, 15], flags: ['weekday-unrecognised'] });
  });

  it('decides A/B order by range, then weekday, then declared/file/earlier order, else assumes and says so', () => {
    const r = new DateResolver();
    expect(resolve('Fri, 05/01/2024', r)).toMatchObject({ ymd: [2024, 1, 5], flags: [] }); // 5 Jan 2024 was a Friday
    expect(resolve('Tue, 03/04/2024', r)).toMatchObject({ ymd: [2024, 4, 3], flags: ['weekday-mismatch', 'date-order-from-other-lines'] });
    expect(r.decisions).toMatchObject({ weekday: 1, earlier: 1 });
    expect(r.provenOrder()).toBe('dmy');
    expect(resolve('Tue, 03/04/2024')).toMatchObject({ ymd: [2024, 3, 4], flags: ['weekday-mismatch', 'date-order-assumed'] });
    expect(resolve('Tue, 03/04/2024', new DateResolver('dmy'))).toMatchObject({ ymd: [2024, 4, 3], flags: ['weekday-mismatch'] });
    expect(resolve('Tue, 03/04/2024', new DateResolver(undefined, 'dmy'))).toMatchObject({ ymd: [2024, 4, 3], flags: ['weekday-mismatch', 'date-order-from-other-lines'] });
    // A number above 12 settles it even against a declared order, which is then flagged.
    expect(resolve('Wed, 12/13/2017', new DateResolver('dmy'))).toMatchObject({ ymd: [2017, 12, 13], flags: ['date-order-differs-from-declared'] });
    // Buddhist Era defaults to day-first when nothing else decides.
    expect(resolve('Xyz, 03/04/2562 BE')).toMatchObject({ ymd: [2019, 4, 3], flags: ['buddhist-era', 'weekday-unrecognised', 'date-order-assumed'] });
  });

  it('treats years from 2400 on as Buddhist Era and flags a BE mark on a CE-looking year', () => {
    expect(resolve('2562/07/12 ศุกร์')).toEqual({ ymd: [2019, 7, 12], flags: ['buddhist-era'] });
    expect(resolve('2019/07/12 BE')).toEqual({ ymd: [2019, 7, 12], flags: ['era-suspect'] });
  });

  it('weekday names in the languages LINE exports use', () => {
    expect(['Sun', 'sunday', '日', '(日)', '（週日）', '星期天', 'อาทิตย์', 'วันอาทิตย์', '일요일', 'Minggu'].map(weekdayOf)).toEqual(Array(10).fill(0));
    expect(['Thu', 'Thurs', '木', '木曜日', '四', '周四', 'พฤหัสบดี', 'พฤ.', '목', 'Kamis'].map(weekdayOf)).toEqual(Array(10).fill(4));
    expect(weekdayOf('Funday')).toBeUndefined();
  });
});

describe('headers and saved-on lines', () => {
  it.each([
    ['[LINE] Chat history with Kaori Date', 'Kaori Date', 'personal', 'en'],
    ['Chat history with Kaori Date', 'Kaori Date', 'personal', 'en'],
    ['\ufeff[LINE] Chat history in Project Team', 'Project Team', 'group', 'en'],
    ['[LINE] 佐藤とのトーク履歴', '佐藤', 'personal', 'ja'],
    ['[LINE] 週末のトーク履歴', '週末', 'group', 'ja'],
    ['[LINE] 与李雷的聊天记录', '李雷', 'personal', 'zh-CN'],
    ['[LINE] 周末群的聊天记录', '周末群', 'group', 'zh-CN'],
    ['[LINE] 與User1的聊天記錄', 'User1', 'personal', 'zh-TW'],
    ['[LINE] 週末爬山團的聊天記錄', '週末爬山團', 'group', 'zh-TW'],
    ['[LINE] ประวัติการแชทกับ สมชาย', 'สมชาย', 'personal', 'th'],
  ])('%s', (line, name, chatKind, language) => {
    expect(parseHeader(line)).toEqual({ name, chatKind, language });
  });

  it('keeps invisible marks in a chat name as written', () => {
    expect(parseHeader('[LINE] Chat history with Evil\u202Egnp.exe')).toEqual({ name: 'Evil\u202Egnp.exe', chatKind: 'personal', language: 'en' });
    // When only the cleaned copy matches (a mark inside the fixed wording), the name comes from that copy.
    expect(parseHeader('[LINE] Chat\u200B history with Ann')).toEqual({ name: 'Ann', chatKind: 'personal', language: 'en' });
  });

  it('knows a LINE header in another language without guessing its meaning', () => {
    expect(parseHeader('[LINE] 대화 내용')).toEqual({ language: 'unknown' });
    expect(parseHeader('Hello world')).toBeNull();
  });

  it('reads saved-on lines in each language as a wall time, keeping the raw line', () => {
    expect(parseSavedOn('Saved on: 2018/03/25 19:57')).toEqual({ raw: 'Saved on: 2018/03/25 19:57', wall: { y: 2018, mo: 3, d: 25, h: 19, mi: 57, s: 0 } });
    expect(parseSavedOn('保存日時：2022/11/10 01:11')?.wall).toMatchObject({ y: 2022, mo: 11, d: 10, h: 1, mi: 11 });
    expect(parseSavedOn('儲存日期： 2020/02/12 02:42')?.wall).toMatchObject({ y: 2020, h: 2 });
    expect(parseSavedOn('บันทึกวันที่: 2562/07/12 20:00')?.wall).toMatchObject({ y: 2019 });
    expect(parseSavedOn('Saved on: sometime')).toEqual({ raw: 'Saved on: sometime' });
    expect(parseSavedOn('10:00\tBob\thi')).toBeNull();
  });

  it('takes the chat name from a LINE file name', () => {
    expect(nameFromFileName('[LINE] Erik Hornberger.txt')).toBe('Erik Hornberger');
    expect(nameFromFileName('/x/y/[LINE] Chat with friend.txt')).toBe('friend');
    expect(nameFromFileName('chat.txt')).toBeUndefined();
  });
});

describe('message lines and bodies', () => {
  it('splits tab lines into time, sender and text, keeping tabs inside the text', () => {
    expect(parseTabLine('07:33\tErik Hornberger\tMerry\tChristmas!')).toMatchObject({ timeText: '07:33', sender: 'Erik Hornberger', body: 'Merry\tChristmas!' });
    expect(parseTabLine('03:06pm\t\tAlice joined the group')).toMatchObject({ sender: '', body: 'Alice joined the group' });
    expect(parseTabLine('09:02\t您已收回訊息')).toMatchObject({ body: '您已收回訊息' });
    expect(parseTabLine('09:02\t您已收回訊息')?.sender).toBeUndefined();
    expect(parseTabLine('first\titem')).toBeNull();
  });

  it('reads space lines, with a 12-hour marker as part of the time', () => {
    expect(parseSpaceLine('21:46 牧場主 Stickers')).toMatchObject({ timeText: '21:46', rest: '牧場主 Stickers', time: { h: 21, mi: 46 } });
    expect(parseSpaceLine('9:46 PM Erik Hornberger hi')).toMatchObject({ timeText: '9:46 PM', rest: 'Erik Hornberger hi', time: { h: 21 } });
    expect(parseSpaceLine('the meeting is at 10:00 ok')).toBeNull();
    expect(parseSpaceLine('10:00 ')).toBeNull();
  });

  it('classifies placeholders, calls and unsent notices, and nothing else', () => {
    expect(classifyBody('[Photo]', true, 'tab')).toEqual({ kind: 'media', attachment: { name: '[Photo]', status: 'omitted' }, flags: ['media-photo'] });
    expect(classifyBody('[写真]', true, 'tab').kind).toBe('media');
    expect(classifyBody('[สติกเกอร์]', true, 'tab').kind).toBe('media');
    expect(classifyBody('[Albums] Trip 2024', true, 'tab').flags).toEqual(['media-album']);
    expect(classifyBody('[ok]', true, 'tab').kind).toBe('text');
    expect(classifyBody('☎ Call time 0:32', true, 'tab').call).toEqual({ direction: 'unknown', durationS: 32, flags: ['call-completed'] });
    expect(classifyBody('☎ 通話時間 1:02:03', true, 'tab').call?.durationS).toBe(3723);
    expect(classifyBody('☎ Missed call', true, 'tab').call?.direction).toBe('missed');
    expect(classifyBody('☎ 不在着信', true, 'tab').call?.direction).toBe('missed');
    expect(classifyBody('☎ 通話をキャンセルしました', true, 'tab').call?.flags).toEqual(['call-canceled']);
    expect(classifyBody('☎ Declined', true, 'tab').call?.direction).toBe('rejected');
    expect(classifyBody('☎ Video call time 0:10', true, 'tab').call).toMatchObject({ media: 'video', durationS: 10 });
    expect(classifyBody('☎ something new', true, 'tab').call?.flags).toEqual(['call-unclassified']);
    expect(classifyBody('Kaori unsent a message.', true, 'tab').kind).toBe('deleted');
    expect(classifyBody('メッセージの送信を取り消しました', true, 'tab').kind).toBe('deleted');
    expect(classifyBody('Alice joined the group', false, 'tab').kind).toBe('system');
    // Bare placeholders are structure only in the space layout, where LINE writes them so.
    expect(classifyBody('Stickers', true, 'tab').kind).toBe('text');
    expect(classifyBody('Canceled', true, 'tab').kind).toBe('text');
    expect(classifyBody('Stickers', true, 'space')).toMatchObject({ kind: 'media', flags: ['media-sticker', 'placeholder-unbracketed'] });
    expect(classifyBody('Canceled', true, 'space')).toMatchObject({ kind: 'call', call: { direction: 'missed' } });
    expect(classifyBody('x'.repeat(301) + '[Photo]', true, 'tab').kind).toBe('text');
  });
});

describe('participant inference for the space layout', () => {
  const infer = (rests: string[]) => {
    const c = new PrefixCounter();
    for (const r of rests) c.add(r);
    return [...c.infer()].sort();
  };

  it('finds multi-word names and not their first words', () => {
    expect(infer(['Erik Hornberger hi', 'Erik Hornberger how are you', 'Erik Hornberger Photos', 'Bob ok', 'Bob fine thanks'])).toEqual(['Bob', 'Erik Hornberger']);
  });

  it('keeps two people who share a first name apart', () => {
    expect(infer(['John Smith hi', 'John Smith yes', 'John Doe hello', 'John Doe no', 'John Doe maybe'])).toEqual(['John Doe', 'John Smith']);
  });

  it('does not absorb a sticker-heavy sender’s placeholder into the name', () => {
    expect(infer(['Bob Stickers', 'Bob Stickers', 'Bob Stickers', 'Bob Stickers', 'Bob hi there'])).toEqual(['Bob']);
  });

  it('does not make a name out of a message someone repeats', () => {
    const rests = [...Array(5).fill('Bob good morning'), 'Bob see you', 'Bob fine', 'Bob where are you'];
    expect(infer(rests)).toEqual(['Bob']);
  });

  it('does not make a name out of a phrase a person often starts with', () => {
    const rests = ['Bob ok see you', 'Bob ok thanks', 'Bob ok I will', 'Bob where now', 'Bob fine', 'Bob lunch?', 'Bob yes please'];
    expect(infer(rests)).toEqual(['Bob']);
  });

  it('splits at the longest known name and flags guesses', () => {
    const names = new Set(['John', 'John Smith', 'Bob']);
    expect(splitSender('John Smith says hi', names)).toEqual({ sender: 'John Smith', body: 'says hi', ambiguous: true });
    expect(splitSender('Bob hello there', names)).toEqual({ sender: 'Bob', body: 'hello there', ambiguous: false });
    expect(splitSender('Zed Two hello', names)).toEqual({ sender: 'Zed', body: 'Two hello', ambiguous: true });
    expect(splitSender('Bob', names)).toEqual({ sender: 'Bob', body: '', ambiguous: false });
    expect(splitSender('__proto__ x', new Set(['__proto__']))).toEqual({ sender: '__proto__', body: 'x', ambiguous: false });
  });

  it('bounds memory on files with huge numbers of distinct prefixes', () => {
    // Every prefix repeated twice: the worst case for the count map, which is then pruned.
    const c = new PrefixCounter(20_000);
    for (let i = 0; i < 30_000; i++) {
      const line = i % 3 === 0 ? `Mary Ann Lee ${i >> 1} said things` : `Bob ${i >> 1} number here again`;
      c.add(line);
      c.add(line);
    }
    expect(c.pruned).toBe(true);
    expect([...c.infer()].sort()).toEqual(['Bob', 'Mary Ann Lee']);
  });

  it('counts 300k lines of one-off words quickly, past the exact window, without inventing names', () => {
    const c = new PrefixCounter(400_000, 10_000);
    const t0 = performance.now();
    for (let i = 0; i < 300_000; i++) c.add(i % 3 ? `Bob ${i} number here again` : `Mary Ann Lee ${i} said things`);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(c.pruned).toBe(false);
    expect([...c.infer()].sort()).toEqual(['Bob', 'Mary Ann Lee']);
  });
});
