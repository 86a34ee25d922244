import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { neutraliseCsvCell, quoteCsvField } from '../../main/engine/reports/csv-safety';
import { dosDateTime, readZipEntries, repackZip, writeZip } from '../../main/engine/reports/zip';

describe('CSV formula neutralisation', () => {
  it('prefixes a quote to every cell a spreadsheet would run', () => {
    const cases: [string, string][] = [
      ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
      ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
      ['+1 312 555 0156', "'+1 312 555 0156"],
      ['-50', "'-50"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tcell', "'\tcell"],
      ['\rcell', "'\rcell"],
      ['＝SUM(A1)', "'＝SUM(A1)"],
      ['＋1', "'＋1"],
      ['－1', "'－1"],
      ['＠x', "'＠x"],
    ];
    for (const [input, out] of cases) expect(neutraliseCsvCell(input)).toBe(out);
  });

  it('leaves other cells alone, including a formula character later in the text', () => {
    for (const s of ['', 'a=b', ' =1+1', "'quoted", 'โอน=1', '1+1']) expect(neutraliseCsvCell(s)).toBe(s);
  });

  it('quotes fields holding commas, quotes and line breaks (RFC 4180)', () => {
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsvField('plain')).toBe('plain');
  });
});

function entryDates(buf: Buffer): Promise<{ name: string; date: Date }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: { name: string; date: Date }[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        out.push({ name: e.fileName, date: e.getLastModDate({ timezone: 'UTC' }) });
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

describe('deterministic zip re-packing (reproducible XLSX)', () => {
  const at = Date.UTC(2025, 3, 12, 10, 15, 30);

  it('gives identical bytes for the same contents whatever the input zip dated them', async () => {
    const a = await writeZip([{ name: 'x.xml', chunks: [Buffer.from('<x/>')] }, { name: '[Content_Types].xml', chunks: [Buffer.from('<Types/>')] }], Date.UTC(2020, 0, 1));
    const b = await writeZip([{ name: 'x.xml', chunks: [Buffer.from('<x/>')] }, { name: '[Content_Types].xml', chunks: [Buffer.from('<Types/>')] }], Date.UTC(2023, 6, 9, 8, 7, 6));
    expect(a.equals(b)).toBe(false);
    const ra = await repackZip(a, at);
    const rb = await repackZip(b, at);
    expect(ra.equals(rb)).toBe(true);
    // [Content_Types].xml first, every entry dated the fixed time (zip stores even seconds).
    const dates = await entryDates(ra);
    expect(dates.map((d) => d.name)).toEqual(['[Content_Types].xml', 'x.xml']);
    for (const d of dates) expect(d.date.toISOString()).toBe('2025-04-12T10:15:30.000Z');
  });

  it('strips the leading slash exceljs writes on some part names and keeps contents', async () => {
    const a = await writeZip([{ name: '/xl/workbook.xml', chunks: [Buffer.from('<workbook/>'), Buffer.from('<!-- more -->')] }], at);
    const r = await repackZip(a, at);
    expect(await readZipEntries(r)).toEqual([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/><!-- more -->') }]);
  });

  it('encodes MS-DOS dates and clamps before 1980', () => {
    expect(dosDateTime(Date.UTC(1980, 0, 1, 0, 0, 0))).toEqual({ date: 33, time: 0 });
    expect(dosDateTime(Date.UTC(2025, 3, 12, 10, 15, 31))).toEqual({ date: ((2025 - 1980) << 9) | (4 << 5) | 12, time: (10 << 11) | (15 << 5) | 15 });
    expect(dosDateTime(Date.UTC(1970, 0, 1)).date >> 9).toBe(0);
  });
});
