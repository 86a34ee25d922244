// The header recogniser: every layout, what it is not, positions in the original line, and no slow paths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHeader } from '../../../main/engine/importers/whatsapp/header';

/** The raw timestamp and the rest of the line, as parseHeader cuts them. */
function cut(line: string): { layout: string; ts: string; rest: string } | null {
  const h = parseHeader(line);
  return h ? { layout: h.layout, ts: line.slice(h.tsStart, h.tsEnd), rest: line.slice(h.restStart) } : null;
}

describe('parseHeader', () => {
  it.each([
    ['12/9/20, 23:55 - Bob: hello', 'android', '12/9/20, 23:55', 'Bob: hello'],
    ['18-03-2022 14:56 - Dmitry S: Hello', 'android', '18-03-2022 14:56', 'Dmitry S: Hello'],
    ['10/25/17 6:57 PM - Maria created group', 'android', '10/25/17 6:57 PM', 'Maria created group'],
    ['3/6/18, 1:55\u202fPM - a: m', 'android', '3/6/18, 1:55\u202fPM', 'a: m'],
    ['3/6/2018 1:55 p.\u00a0m. - a: m', 'android', '3/6/2018 1:55 p.\u00a0m.', 'a: m'],
    ['2019-08-06, 7:03 a.m. - x: y', 'android', '2019-08-06, 7:03 a.m.', 'x: y'],
    ['03/01/2021, 9:15 in the morning - Wolfgang: hi', 'android', '03/01/2021, 9:15 in the morning', 'Wolfgang: hi'],
    ['13.6.2018 klo 21.25.15 - a: m', 'android', '13.6.2018 klo 21.25.15', 'a: m'],
    ['19:23, 28 Aug 2013 - Tanay: x', 'android-2013', '19:23, 28 Aug 2013', 'Tanay: x'],
    ['18 Mar 12:14 - Sadie was added', 'android-no-year', '18 Mar 12:14', 'Sadie was added'],
    ['[3/27/22, 21:41:35] Dmitry S: Hello', 'ios', '3/27/22, 21:41:35', 'Dmitry S: Hello'],
    ['\u200e[3/27/22, 21:41:55] D: \u200eimage omitted', 'ios', '3/27/22, 21:41:55', 'D: \u200eimage omitted'],
    ['[26/01/21 21.05.53] A: b', 'ios', '26/01/21 21.05.53', 'A: b'],
    ['[3/27/2565 BE, 21:41:35] D: x', 'ios', '3/27/2565 BE, 21:41:35', 'D: x'],
    ['[3/27/R4, 21:41:35] D: x', 'ios', '3/27/R4, 21:41:35', 'D: x'],
    ['[21:41:35, 3/27/22] D: x', 'ios-time-first', '21:41:35, 3/27/22', 'D: x'],
    ['7/1/16, 5:13:36 PM: Sophia H.: So hier', 'ios-legacy', '7/1/16, 5:13:36 PM', 'Sophia H.: So hier'],
    ['13/06/15 10:59:59: Giorgia\'s Phone: Text me', 'ios-legacy', '13/06/15 10:59:59', "Giorgia's Phone: Text me"],
    ['13. 6. 2018. 21:25:15 a: m', 'no-separator', '13. 6. 2018. 21:25:15', 'a: m'],
    ['\ufeff13.06.18, 21:25 - Anna: Hallo', 'android', '13.06.18, 21:25', 'Anna: Hallo'],
    ['[\u0661\u0668\u200f/\u0663\u200f/\u0662\u0660\u0662\u0662\u060c \u0662:\u0665\u0666:\u0660\u0660\u00a0\u0645] X: y', 'ios', '\u0661\u0668\u200f/\u0663\u200f/\u0662\u0660\u0662\u0662\u060c \u0662:\u0665\u0666:\u0660\u0660\u00a0\u0645', 'X: y'],
    ['[3/27/22, 21:41:35]', 'ios', '3/27/22, 21:41:35', ''],
  ])('%s', (line, layout, ts, rest) => {
    expect(cut(line)).toEqual({ layout, ts, rest });
  });

  it.each([
    [''],
    ['hello'],
    ['2 apples and 3 pears'],
    ['12:30 meeting at the usual place'],
    ['[LINE] Chat history with Kaori'],
    ['2015/12/25 Fri'],
    ['07:33\tErik\tMerry Christmas!'],
    ['13.6.2018 21:25 no author here'],
    ['3/6/18, 1:55 xx - a: m is not a time'],
    ['99/99/99'],
    ['[3/27/22 21:41:35 a: m'],
    ['\u200e\u200e\u200e'],
  ])('is not a header: %j', (line) => {
    expect(parseHeader(line)).toBeNull();
  });

  it('keeps positions in the original line when invisible marks sit inside the header', () => {
    const line = '\u200f[\u200f27\u200f/3\u200f/2022\u060c 21:41:35] Dmitry Starkov: Hello';
    const h = parseHeader(line)!;
    expect(line.slice(h.tsStart, h.tsEnd)).toBe('27\u200f/3\u200f/2022\u060c 21:41:35');
    expect(line.slice(h.restStart)).toBe('Dmitry Starkov: Hello');
    expect([h.d1, h.d2, h.d3]).toEqual([27, 3, 2022]);
  });

  it('round-trips generated headers of every numeric layout (property)', () => {
    const part = fc.record({
      a: fc.integer({ min: 1, max: 31 }),
      b: fc.integer({ min: 1, max: 12 }),
      y: fc.oneof(fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')), fc.integer({ min: 1990, max: 2030 }).map(String)),
      sep: fc.constantFrom('/', '.', '-'),
      h: fc.integer({ min: 0, max: 23 }),
      mi: fc.integer({ min: 0, max: 59 }),
      s: fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
      layout: fc.constantFrom('android', 'ios', 'ios-legacy'),
      author: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes(': ') && !s.includes('\n') && !/^\s/.test(s)),
      body: fc.string({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(part, (p) => {
        const date = `${p.a}${p.sep}${p.b}${p.sep}${p.y}`;
        const time = `${p.h}:${String(p.mi).padStart(2, '0')}${p.s === undefined ? '' : ':' + String(p.s).padStart(2, '0')}`;
        const ts = `${date}, ${time}`;
        const rest = `${p.author}: ${p.body}`;
        const line = p.layout === 'android' ? `${ts} - ${rest}` : p.layout === 'ios' ? `[${ts}] ${rest}` : `${ts}: ${rest}`;
        const h = parseHeader(line);
        expect(h).not.toBeNull();
        expect(h!.layout).toBe(p.layout);
        expect(line.slice(h!.tsStart, h!.tsEnd)).toBe(ts);
        expect(line.slice(h!.restStart)).toBe(rest);
        expect([h!.d1, h!.d2, h!.d3, h!.h, h!.mi, h!.s]).toEqual([p.a, p.b, Number(p.y), p.h, p.mi, p.s ?? -1]);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => {
        parseHeader(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays fast on pathological lines (no super-linear matching)', () => {
    const lines = [
      ' '.repeat(100_000),
      '1'.repeat(100_000),
      '['.repeat(100_000),
      '1/'.repeat(50_000),
      '1/1/1, '.repeat(20_000),
      `12/9/20, 23:55 - ${'a'.repeat(200_000)}`,
      `13. 6. 2018. 21:25:15 ${'x '.repeat(100_000)}`,
      `[${'\u200e'.repeat(100_000)}3/27/22, 21:41:35] a: b`,
      `1/1/21 1:00${'\u00a0'.repeat(100_000)}`,
    ];
    const t = performance.now();
    for (let i = 0; i < 20; i++) for (const l of lines) parseHeader(l);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
