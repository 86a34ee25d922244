// Day/month order: inferred from the whole file on hard evidence only, declared by the examiner, or refused.
import { describe, expect, it } from 'vitest';
import { resolveTime } from '../../../main/engine/importers/whatsapp/dates';
import { parseHeader } from '../../../main/engine/importers/whatsapp/header';
import { failure } from '../../helpers/failure';
import { fixture, run, w, wall } from './helpers';


describe('date order', () => {
  it('refuses to guess when no day is above 12, naming the first header line and the option', async () => {
    const e = await failure(run(fixture('ambiguous-day-month.txt')));
    expect(e.code).toBe('DATE_ORDER_AMBIGUOUS');
    expect(e.file).toBe('ambiguous-day-month.txt');
    expect(e.line).toBe(1);
    expect(e.hint).toMatch(/--date-order dmy or --date-order mdy/);
  });

  it('reads the same file either way when the examiner declares the order', async () => {
    const dmy = await run(fixture('ambiguous-day-month.txt'), { dateOrder: 'dmy' });
    expect(dmy.messages.map(wall)).toEqual([w(2021, 2, 1, 10, 0), w(2021, 4, 3, 11, 0)]);
    expect(dmy.facts.dateOrder).toEqual({ order: 'dmy', source: 'declared' });
    const mdy = await run(fixture('ambiguous-day-month.txt'), { dateOrder: 'mdy' });
    expect(mdy.messages.map(wall)).toEqual([w(2021, 1, 2, 10, 0), w(2021, 3, 4, 11, 0)]);
  });

  it('refuses contradictory evidence (a day-first and a month-first date in one file)', async () => {
    const e = await failure(run(fixture('conflicting-day-month.txt')));
    expect(e.code).toBe('DATE_ORDER_AMBIGUOUS');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/line 2 can only be day-first and line 3 can only be month-first/);
  });

  it('with a declared order, flags dates impossible in that order instead of dropping them', async () => {
    const r = await run(fixture('conflicting-day-month.txt'), { dateOrder: 'dmy' });
    expect(r.messages).toHaveLength(3);
    expect(wall(r.messages[1]!)).toEqual(w(2021, 1, 13, 10, 0));
    expect(r.messages[2]!.time).toEqual({ kind: 'none', raw: '01/13/2021, 10:00', flags: ['invalid-date'] });
    expect(r.messages[2]).toMatchObject({ sender: 'Ben', body: 'month first', flags: ['invalid-date'] });
    expect(r.facts.undatedMessages).toBe(1);
  });

  it('accepts files where day and month are equal in every date: both orders agree', async () => {
    const r = await run(fixture('day-equals-month.txt'));
    expect(r.messages.map(wall)).toEqual([w(2021, 1, 1, 12, 0), w(2021, 2, 2, 12, 1)]);
    expect(r.facts.dateOrder).toEqual({ order: 'dmy', source: 'irrelevant' });
  });

  it('infers from a day > 12 anywhere in the file, not only near the start', async () => {
    const r = await run(fixture('android-day-periods.txt'));
    expect(r.facts.dateOrder).toEqual({ order: 'dmy', source: 'inferred', evidenceLine: 6 });
  });
});

function timeOf(line: string, order: 'dmy' | 'mdy' | 'ymd' = 'dmy'): { wall: ReturnType<typeof resolveTime>; flags: string[] } {
  const h = parseHeader(line);
  if (!h) throw new Error(`not a header: ${line}`);
  const flags: string[] = [];
  return { wall: resolveTime(h, order, flags), flags };
}

describe('resolveTime', () => {
  it('validates calendar dates (leap years, month lengths)', () => {
    expect(timeOf('29/02/2020, 10:00 - a: b').wall).toEqual(w(2020, 2, 29, 10, 0));
    expect(timeOf('29/02/2021, 10:00 - a: b')).toEqual({ wall: null, flags: ['invalid-date'] });
    expect(timeOf('31/04/2021, 10:00 - a: b').wall).toBeNull();
    expect(timeOf('01/01/2021, 24:00 - a: b').wall).toBeNull();
    expect(timeOf('01/01/2021, 13:00 PM - a: b').wall).toBeNull();
    expect(timeOf('01/01/2021, 10:60 - a: b').wall).toBeNull();
  });

  it('reads 12-hour markers and day periods', () => {
    expect(timeOf('01/01/2021, 12:00 AM - a: b').wall).toEqual(w(2021, 1, 1, 0, 0));
    expect(timeOf('01/01/2021, 12:00 PM - a: b').wall).toEqual(w(2021, 1, 1, 12, 0));
    expect(timeOf('01/01/2021, 00:08 a. m. - a: b').wall).toEqual(w(2021, 1, 1, 0, 8));
    expect(timeOf('01/01/2021, 12:30 at night - a: b').wall).toEqual(w(2021, 1, 1, 0, 30));
    expect(timeOf('01/01/2021, 9:30 at night - a: b').wall).toEqual(w(2021, 1, 1, 21, 30));
    expect(timeOf('01/01/2021, 3:30 at night - a: b')).toEqual({ wall: w(2021, 1, 1, 3, 30), flags: ['day-period'] });
    expect(timeOf('2019/1/2 下午3:04 - a: b').wall).toEqual(w(2019, 1, 2, 15, 4));
    expect(timeOf('2019/1/2 午前3:04 - a: b').wall).toEqual(w(2019, 1, 2, 3, 4));
  });

  it('turns two-digit years into 20xx and era / Buddhist years into the Common Era', () => {
    expect(timeOf('[1/2/99, 10:00:00] a: b').wall).toEqual(w(2099, 2, 1, 10, 0));
    expect(timeOf('[1/5/R1, 10:00:00] a: b', 'mdy')).toEqual({ wall: w(2019, 1, 5, 10, 0), flags: ['japanese-era'] });
    expect(timeOf('[1/5/2562, 10:00:00] a: b', 'mdy')).toEqual({ wall: w(2019, 1, 5, 10, 0), flags: ['buddhist-era'] });
    expect(timeOf('[1/5/R0, 10:00:00] a: b')).toEqual({ wall: null, flags: ['japanese-era', 'invalid-date'] });
    expect(parseHeader('[1/5/X4, 10:00:00] a: b')).toBeNull();
  });

  it('reads a year-first date the same whatever order is declared', () => {
    expect(timeOf('2021/03/04, 10:00 - a: b', 'dmy').wall).toEqual(w(2021, 3, 4, 10, 0));
    expect(timeOf('2021/03/04, 10:00 - a: b', 'mdy').wall).toEqual(w(2021, 3, 4, 10, 0));
  });

  it('reads a two-digit year first when the examiner declares ymd (Korean short dates)', () => {
    expect(timeOf('18. 6. 13. 오후 9:25 - a: b', 'ymd').wall).toEqual(w(2018, 6, 13, 21, 25));
  });
});
