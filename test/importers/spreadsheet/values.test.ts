import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWall, parseDateText, serialToWall } from '../../../main/engine/importers/spreadsheet/dates';
import { isDateFormat, decodeXString } from '../../../main/engine/importers/spreadsheet/xlsx';
import { guessFromHeader, parseRoleText } from '../../../main/engine/importers/spreadsheet/roles';
import { beyondDoublePrecision, isFormulaLike, isIban, parseAmount, parseDirection, parseDuration, phoneShape, plainDecimal, splitIdentifiers, walletKind } from '../../../main/engine/importers/spreadsheet/values';

describe('amounts: exact decimal text, never floats', () => {
  it.each([
    ['1,234.56', undefined, '1234.56', undefined],
    ['1.234,56', undefined, '1234.56', undefined],
    ['1 234,56', undefined, '1234.56', undefined],
    ['1\u00A0234\u00A0567', undefined, '1234567', undefined],
    ["1'234.50", undefined, '1234.50', undefined],
    ['฿15,000.00', undefined, '15000.00', 'THB'],
    ['2,500 บาท', undefined, '2500', 'THB'],
    ['1.500.000 ₫', undefined, '1500000', 'VND'],
    ['1200 USDT', undefined, '1200', 'USDT'],
    ['USDT 0.000001', undefined, '0.000001', 'USDT'],
    ['-3.5', undefined, '-3.5', undefined],
    ['(500)', undefined, '-500', undefined],
    ['500-', undefined, '-500', undefined],
    ['€ 9,99', undefined, '9.99', 'EUR'],
    ['RMB 88', undefined, '88', 'CNY'],
    ['0.125', undefined, '0.125', undefined],
    ['12345678901234567890.123456789', undefined, '12345678901234567890.123456789', undefined],
    ['١٢٣٫٤', undefined, undefined, undefined],
    ['๑,๒๐๐', undefined, '1200', undefined],
    ['1,234', '.', '1234', undefined],
    ['1,234', ',', '1.234', undefined],
    ['1.234', ',', '1234', undefined],
  ] as const)('%s (hint %s) → %s %s', (text, hint, amount, currency) => {
    const a = parseAmount(text, hint);
    expect(a?.amount).toBe(amount);
    expect(a?.currency).toBe(currency);
  });

  it('flags what it had to assume', () => {
    expect(parseAmount('1,234')).toMatchObject({ amount: '1234', flags: ['amount-separator-assumed'] });
    expect(parseAmount('$12')).toMatchObject({ amount: '12', currency: '$', flags: ['currency-symbol-ambiguous'] });
    expect(parseAmount('12,34,567')).toBeUndefined();
    expect(parseAmount('1.2.3,4,5')).toBeUndefined();
    expect(parseAmount('abc')).toBeUndefined();
    expect(parseAmount('1e5')).toBeUndefined();
  });

  it('property: any integer and two decimals written with grouping reads back exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 99 }), fc.constantFrom(['.', ','], [',', '.'], ['.', ' ']), (int, cents, [dec, grp]) => {
        const digits = int.toString();
        const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, grp!);
        const c = String(cents).padStart(2, '0');
        const text = `${grouped}${dec}${c}`;
        const a = parseAmount(text);
        expect(a?.amount).toBe(`${digits}.${c}`);
      }),
    );
  });

  it('property: never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => void parseAmount(s)));
  });

  it('XLSX number text to plain decimal without float maths', () => {
    expect(plainDecimal('1.5E-7')).toBe('0.00000015');
    expect(plainDecimal('8.98601123456789E+18')).toBe('8986011234567890000');
    expect(plainDecimal('-12.50')).toBe('-12.50');
    expect(plainDecimal('1e400')).toBeUndefined();
    expect(beyondDoublePrecision('8.98601123456789E+18')).toBe(true);
    expect(beyondDoublePrecision('8966012345678901000')).toBe(true);
    expect(beyondDoublePrecision('123456789012345')).toBe(false);
    expect(beyondDoublePrecision('1234.5')).toBe(false);
    expect(beyondDoublePrecision('0.1234567890123456')).toBe(true);
  });
});

describe('dates', () => {
  it('Excel serials: 1900 system with the Lotus 1900-02-29, and the 1904 system', () => {
    expect(serialToWall(1, false).wall).toMatchObject({ y: 1900, mo: 1, d: 1 });
    expect(serialToWall(59, false).wall).toMatchObject({ y: 1900, mo: 2, d: 28 });
    expect(serialToWall(60, false)).toEqual({ flags: ['excel-1900-02-29'] });
    expect(serialToWall(61, false).wall).toMatchObject({ y: 1900, mo: 3, d: 1 });
    expect(serialToWall(45352.42710648148, false).wall).toEqual({ y: 2024, mo: 3, d: 1, h: 10, mi: 15, s: 2 });
    expect(serialToWall(0.5, false)).toMatchObject({ timeOnly: true, wall: { h: 12, mi: 0, s: 0 } });
    expect(serialToWall(0, true).wall).toMatchObject({ y: 1904, mo: 1, d: 1 });
    expect(serialToWall(45352.42710648148 - 1462, true).wall).toEqual({ y: 2024, mo: 3, d: 1, h: 10, mi: 15, s: 2 });
    expect(serialToWall(0.999999999, false).wall).toMatchObject({ d: 1, h: 0, mi: 0, s: 0 });
    expect(serialToWall(-1, false).flags).toEqual(['serial-out-of-range']);
    expect(formatWall({ y: 2024, mo: 3, d: 1, h: 0, mi: 0, s: 0 })).toBe('2024-03-01');
    expect(formatWall({ y: 2024, mo: 3, d: 1, h: 10, mi: 5, s: 2, ms: 7 })).toBe('2024-03-01T10:05:02.007');
  });

  it('text dates: orders, times, offsets, calendars', () => {
    expect(parseDateText('13/06/2021 10:15:02(UTC+7)')).toMatchObject({ date: { y: 2021, mo: 6, d: 13 }, time: { h: 10, mi: 15, s: 2 }, offsetMin: 420 });
    expect(parseDateText('2024-03-01T10:00:00.250-05:30')).toMatchObject({ date: { y: 2024, mo: 3, d: 1 }, time: { h: 10, ms: 250 }, offsetMin: -330 });
    expect(parseDateText('01/02/2024')).toMatchObject({ ambiguous: [1, 2] });
    expect(parseDateText('01/02/2024', 'mdy')).toMatchObject({ date: { mo: 1, d: 2 } });
    expect(parseDateText('01/02/2024', 'dmy')).toMatchObject({ date: { mo: 2, d: 1 } });
    expect(parseDateText('13/25/2024', 'dmy')).toMatchObject({ invalid: true });
    expect(parseDateText('31/04/2024')).toMatchObject({ invalid: true });
    expect(parseDateText('29/02/2023')).toMatchObject({ invalid: true });
    expect(parseDateText('29/02/2024')).toMatchObject({ date: { y: 2024, mo: 2, d: 29 } });
    expect(parseDateText('2024年3月1日 10时15分')).toMatchObject({ date: { y: 2024, mo: 3, d: 1 }, time: { h: 10, mi: 15 } });
    expect(parseDateText('2024年3月1日 下午3:05')).toMatchObject({ time: { h: 15, mi: 5 } });
    expect(parseDateText('2010.02.08 18:27.16')).toMatchObject({ date: { y: 2010, mo: 2, d: 8 }, time: { h: 18, mi: 27, s: 16 } });
    expect(parseDateText('25/03/2567')).toMatchObject({ date: { y: 2024, mo: 3, d: 25 }, flags: ['buddhist-era'] });
    expect(parseDateText('1/3/24 9:05 PM', 'dmy')).toMatchObject({ date: { y: 2024, mo: 3, d: 1 }, time: { h: 21, mi: 5 }, flags: ['two-digit-year'] });
    expect(parseDateText('5 Mar 2024')).toMatchObject({ date: { y: 2024, mo: 3, d: 5 } });
    expect(parseDateText('March 5, 2024 12:00 AM')).toMatchObject({ date: { mo: 3, d: 5 }, time: { h: 0 } });
    expect(parseDateText('Mon, 12/03/2017')).toMatchObject({ ambiguous: [12, 3] });
    expect(parseDateText('10:15 น.')).toMatchObject({ time: { h: 10, mi: 15 } });
    expect(parseDateText('2024-03-02 08:00:00Z')).toMatchObject({ offsetMin: 0 });
    // Dotted times exist (Indonesian, Finnish exports); only a column mapped to time reads them.
    expect(parseDateText('12.50')).toMatchObject({ time: { h: 12, mi: 50 } });
    expect(parseDateText('12.5')).toBeUndefined();
    expect(parseDateText('hello')).toBeUndefined();
    expect(parseDateText('2024-03-01 10:00 tomorrow')).toBeUndefined();
  });

  it('property: never throws, and a date written as d/m/y with day > 12 reads back', () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), (s) => void parseDateText(s)));
    fc.assert(
      fc.property(fc.integer({ min: 13, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1950, max: 2100 }), (d, m, y) => {
        expect(parseDateText(`${d}/${m}/${y}`)?.date).toEqual({ y, mo: m, d });
      }),
    );
  });

  it('number formats that show dates', () => {
    expect(isDateFormat('yyyy-mm-dd hh:mm:ss')).toBe(true);
    expect(isDateFormat('[$-th-TH,107]d mmm yy')).toBe(true);
    expect(isDateFormat('[h]:mm:ss')).toBe(true);
    expect(isDateFormat('#,##0.00 "บาท"')).toBe(false);
    expect(isDateFormat('0.00E+00')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(isDateFormat('[Red]#,##0')).toBe(false);
  });

  it('OOXML _xHHHH_ escapes', () => {
    expect(decodeXString('a_x000D_b')).toBe('a\rb');
    expect(decodeXString('_x005F_x000D_')).toBe('_x000D_');
    expect(decodeXString('plain')).toBe('plain');
  });
});

describe('identifiers and call values', () => {
  it('wallet, IBAN, phone shapes', () => {
    expect(walletKind('TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE')).toBe('tron');
    expect(walletKind('TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLS0')).toBeUndefined();
    expect(walletKind('0x52908400098527886E0F7030069857D2E4169EE7')).toBe('eth');
    expect(walletKind('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toBe('btc');
    expect(walletKind('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toBe('btc');
    expect(isIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isIban('GB82WEST12345698765433')).toBe(false);
    expect(phoneShape('+66 81 234 5678')).toBe('strong');
    expect(phoneShape('081-234-5678')).toBe('strong');
    expect(phoneShape('0912345678')).toBe('strong');
    expect(phoneShape('66812345678')).toBe('weak');
    expect(phoneShape('1250.50')).toBeUndefined();
    expect(splitIdentifiers('a@x.com ::: b@y.org')).toEqual(['a@x.com', 'b@y.org']);
    expect(splitIdentifiers('081 111 1111; 082 222 2222')).toEqual(['081 111 1111', '082 222 2222']);
  });

  it('durations and directions in several languages', () => {
    expect([parseDuration('83'), parseDuration('1:23'), parseDuration('01:01:23'), parseDuration('1m 23s'), parseDuration('1分23秒'), parseDuration('2 นาที 5 วินาที'), parseDuration('1:75')]).toEqual([83, 83, 3683, 83, 83, 125, undefined]);
    const d = ['Outgoing', 'Missed call', 'incoming call', '呼出', '来电', '未接来电', 'โทรออก', 'สายเข้า', 'ไม่ได้รับ', 'Cuộc gọi nhỡ', 'Panggilan masuk', 'Rechazada', 'MOC', 'MTC', 'blocked', 'weird'].map(parseDirection);
    expect(d).toEqual(['outgoing', 'missed', 'incoming', 'outgoing', 'incoming', 'missed', 'outgoing', 'incoming', 'missed', 'missed', 'incoming', 'rejected', 'outgoing', 'incoming', 'blocked', undefined]);
  });

  it('formula-like text, but not signed numbers or international phone numbers', () => {
    for (const s of ['=1+1', "=cmd|' /C calc'!A0", '@SUM(A1)', '+cmd', '-2+3+cmd', '\t=1', '\rx', '＝1', '＠x']) expect(isFormulaLike(s), s).toBe(true);
    for (const s of ['-500', '+66 81 234 5678', '(02) 123-4567', 'abc', '', '1=1']) expect(isFormulaLike(s), s).toBe(false);
  });
});

describe('header words', () => {
  it.each([
    ['电话', 'phone', undefined],
    ['電話', 'phone', undefined],
    ['手机号码', 'phone', undefined],
    ['เบอร์โทร', 'phone', undefined],
    ['โทรศัพท์', 'phone', undefined],
    ['Số điện thoại', 'phone', undefined],
    ['No HP', 'phone', undefined],
    ['Teléfono', 'phone', undefined],
    ['ဖုန်းနံပါတ်', 'phone', undefined],
    ['លេខទូរស័ព្ទ', 'phone', undefined],
    ['金额', 'amount', undefined],
    ['金額', 'amount', undefined],
    ['จำนวนเงิน', 'amount', undefined],
    ['Số tiền', 'amount', undefined],
    ['Jumlah', 'amount', undefined],
    ['Monto', 'amount', undefined],
    ['钱包地址', 'wallet', undefined],
    ['地址', 'address', undefined],
    ['ชื่อ', 'name', undefined],
    ['姓名', 'name', undefined],
    ['Họ và tên', 'name', undefined],
    ['日期', 'temporal', undefined],
    ['时间', 'temporal', undefined],
    ['วันที่', 'temporal', undefined],
    ['Ngày', 'temporal', undefined],
    ['Victim phone', 'phone', 'victim'],
    ['受害人电话', 'phone', 'victim'],
    ['เบอร์โทรผู้เสียหาย', 'phone', 'victim'],
    ['Sender wallet', 'wallet', 'from'],
    ['收款地址', 'address', 'to'],
    ['Calling Number', 'number', 'from'],
    ['Called Number', 'number', 'to'],
    ['Người nhận', 'name', 'to'],
    ['RemoteParty', 'counterpart', undefined],
    ['DurationType', 'ignore', undefined],
    ['Cell ID', 'ignore', undefined],
    ['Total amount', 'amount', undefined],
    ['Status', 'text', undefined],
    ['Date of birth', 'text', undefined],
    ['Line ID', 'handle', undefined],
    ['微信号', 'handle', undefined],
    ['Phone 1 - Value', 'phone', undefined],
    ['Phone 1 - Type', 'label', undefined],
  ] as const)('%s → %s (%s)', (header, hint, party) => {
    const g = guessFromHeader(header);
    expect(g?.hint).toBe(hint);
    expect(g?.party).toBe(party);
  });

  it('currencies named in headers; headers with no role words', () => {
    expect(guessFromHeader('Amount USDT')).toMatchObject({ hint: 'amount', currency: 'USDT' });
    expect(guessFromHeader('金额(¥)')).toMatchObject({ hint: 'amount', currency: '¥' });
    expect(guessFromHeader('ยอดเงิน (บาท)')).toMatchObject({ hint: 'amount', currency: 'THB' });
    expect(guessFromHeader('USDT')).toMatchObject({ hint: 'amount', currency: 'USDT' });
    expect(guessFromHeader('TRC20 address')).toMatchObject({ hint: 'wallet' });
    expect(guessFromHeader('Totally unrelated')).toBeUndefined();
    expect(guessFromHeader('x'.repeat(500))).toBeUndefined();
    expect(guessFromHeader('__proto__')).toBeUndefined();
  });

  it('examiner role text', () => {
    expect(parseRoleText('victim.phone')).toEqual({ role: 'phone', party: 'victim' });
    expect(parseRoleText('sender.wallet')).toEqual({ role: 'wallet', party: 'from' });
    expect(parseRoleText('agent.handle@telegram')).toEqual({ role: 'handle', party: 'agent', platform: 'telegram' });
    expect(parseRoleText('Date/Time')).toEqual({ role: 'datetime', party: '' });
    expect(parseRoleText('victim.amount')).toMatch(/only party roles/);
    expect(parseRoleText('purse')).toMatch(/not a column role/);
  });
});
