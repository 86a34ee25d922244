import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffCsv } from '../../../main/engine/importers/spreadsheet/csv';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { cellsOf, fact, fixture, ofType, sheetXml, tmpDir, writeBook, writeZip } from './helpers';

const HEADER_ROW = `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Phone</t></is></c></row>`;
const DATA_ROW = `<row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c><c r="B2" t="inlineStr"><is><t>+66 81 111 1111</t></is></c></row>`;

describe('XLSX: zip bombs and XML attacks', () => {
  it('refuses a sheet that inflates 200 MB of spaces from a few hundred KB', async () => {
    const p = join(tmpDir(), 'bomb.xlsx');
    const xml = Buffer.concat([Buffer.from(sheetXml(HEADER_ROW).replace('</sheetData>', '')), Buffer.alloc(200 * 1024 * 1024, 0x20), Buffer.from('</sheetData></worksheet>')]);
    writeBook(p, { sheetXml: xml });
    expect(readFileSync(p).length).toBeLessThan(1024 * 1024);
    await expect(parseFile(p)).rejects.toMatchObject({ code: 'ZIP_BOMB', message: expect.stringContaining('xl/worksheets/sheet1.xml') });
  }, 60_000);

  it('refuses a member that inflates past the size its headers declare', async () => {
    const p = join(tmpDir(), 'liar.xlsx');
    const rows = Array.from({ length: 20000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
    writeBook(p, { sheetXml: sheetXml(HEADER_ROW + rows), sheetEntry: { declaredSize: 1000 } });
    const err = await parseFile(p).then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    expect(['ZIP_BOMB', 'ZIP_CORRUPT']).toContain(err?.code);
  });

  it('refuses billion laughs (DOCTYPE with nested entities) inside sheet1.xml, naming the part', async () => {
    const p = join(tmpDir(), 'lol.xlsx');
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>`;
    writeBook(p, { sheetXml: lol + sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>`).replace(/^<\?xml[^>]*\?>/, '') });
    await expect(parseFile(p)).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringMatching(/"xl\/worksheets\/sheet1\.xml" declares a DOCTYPE/) });
  });

  it('refuses an external entity (XXE) in any part, not only sheets', async () => {
    const p = join(tmpDir(), 'xxe.xlsx');
    writeBook(p, {
      sheetXml: sheetXml(HEADER_ROW),
      extra: [{ name: 'docProps/core.xml', data: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><cp:coreProperties xmlns:cp="x">&xxe;</cp:coreProperties>` }],
    });
    await expect(parseFile(p)).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('docProps/core.xml') });
  });

  it('finds a DOCTYPE cut by the inflate chunk boundary', async () => {
    for (const pad of [16375, 16379, 16383, 16384, 16385, 65530, 65535]) {
      const p = join(tmpDir(), `split-${pad}.xlsx`);
      const head = `<?xml version="1.0"?><!--${'x'.repeat(pad)}-->`;
      writeBook(p, { sheetXml: `${head}<!DOCTYPE a [<!ENTITY b "c">]>` + sheetXml(HEADER_ROW).replace(/^<\?xml[^>]*\?>/, '') });
      await expect(parseFile(p), `padding ${pad}`).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    }
  });

  it('refuses UTF-16 XML parts, which Excel never writes', async () => {
    const p = join(tmpDir(), 'utf16.xlsx');
    writeBook(p, { sheetXml: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sheetXml(HEADER_ROW), 'utf16le')]) });
    await expect(parseFile(p)).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('UTF-16') });
  });
});

describe('XLSX: damaged files', () => {
  it('a truncated workbook is a corrupt zip with a hint', async () => {
    const bytes = readFileSync(fixture('ledger-title-merged-group-header-hidden-sheets.xlsx'));
    const p = join(tmpDir(), 'truncated.xlsx');
    writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const err = (await parseFile(p, { format: 'xlsx' }).catch((e: unknown) => e)) as { code: string; hint?: string };
    // Without its central directory the file is not even recognised as a zip member listing.
    expect(['ZIP_CORRUPT', 'FORMAT_MISMATCH', 'FORMAT_UNRECOGNISED']).toContain(err.code);
    expect(err.hint).toBeTruthy();
  });

  it('sheet XML cut in the middle of a row stops with the sheet named (all or nothing)', async () => {
    const p = join(tmpDir(), 'cut-sheet.xlsx');
    const xml = sheetXml(HEADER_ROW + DATA_ROW);
    writeBook(p, { sheetXml: xml.slice(0, xml.indexOf('<row r="2">') + 30) });
    await expect(parseFile(p)).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('Sheet "Sheet1"') });
  });

  it('cells addressed past column XFD are kept and flagged, not allocated', async () => {
    const p = join(tmpDir(), 'far.xlsx');
    writeBook(p, { sheetXml: sheetXml(HEADER_ROW + `<row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c><c r="ZZZZ2" t="inlineStr"><is><t>far away</t></is></c></row>`) });
    const r = await parseFile(p);
    const row = ofType(r.records, 'row')[1]!;
    expect(cellsOf(row)).toEqual(['A2=Ann', 'ZZZZ2=far away']);
    expect(row.flags).toContain('cell-out-of-range');
  });

  it('a zip without a workbook is not taken for XLSX', async () => {
    const p = join(tmpDir(), 'notbook.xlsx');
    writeZip(p, [
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    await expect(parseFile(p, { format: 'xlsx' })).rejects.toMatchObject({ code: 'FORMAT_MISMATCH' });
  });
});

describe('__proto__ and friends stay data', () => {
  it('CSV header __proto__ survives as a column, mapping by that name works, nothing is polluted', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const mapping = JSON.parse('{"__proto__": "phone", "constructor": "email"}') as Record<string, string>;
    const r = await parseFile(fixture('hostile-formula-proto-script.csv'), { mapping });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const used = fact<{ columns: { column: string; header: string; role: string; source: string }[] }>(r.records, 'mapping-used');
    expect(used.columns.filter((c) => c.source === 'option').map((c) => `${c.column}:${c.header}=${c.role}`)).toEqual(['B:__proto__=phone', 'C:constructor=email']);
    expect(fact<{ headers: string[] }>(r.records, 'header-row').headers).toEqual(['Name', '__proto__', 'constructor', 'Phone', 'Note']);
  });

  it('XLSX sheet and header named __proto__', async () => {
    const p = join(tmpDir(), 'proto.xlsx');
    writeBook(p, { sheetName: '__proto__', sheetXml: sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>__proto__</t></is></c><c r="B1" t="inlineStr"><is><t>Phone</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2" t="inlineStr"><is><t>+1 202 555 0101</t></is></c></row>`) });
    const r = await parseFile(p, { mapping: JSON.parse('{"__proto__!__proto__": "name"}') as Record<string, string> });
    expect(ofType(r.records, 'contact')[0]).toMatchObject({ name: 'x', identifiers: [{ kind: 'phone', value: '+1 202 555 0101' }] });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('CSV: hostile text is kept verbatim and flagged', () => {
  it('formula injection, markup, bidi, NUL and invalid bytes', async () => {
    const r = await parseFile(fixture('hostile-formula-proto-script.csv'));
    const rows = ofType(r.records, 'row');
    expect(rows.map((x) => x.flags ?? [])).toEqual([
      [],
      ['formula-like'],
      ['formula-like', 'markup', 'identifier-not-recognised'],
      ['formula-like', 'markup', 'bidi-control'],
      ['invalid-utf8', 'nul'],
    ]);
    expect(rows[1]!.cells[0]!.value).toBe("=cmd|' /C calc'!A0");
    expect(rows[1]!.cells[4]!.value).toBe('=HYPERLINK("http://evil.example","click")');
    expect(rows[2]!.cells[1]!.value).toBe('<script>alert(1)</script>');
    expect(rows[2]!.cells[4]!.value).toBe('\tTAB-led');
    expect(rows[3]!.cells[0]!.value).toBe('＝1+1');
    expect(rows[3]!.cells[4]!.value).toBe('gpj.\u202Eexe');
    expect(rows[4]!.cells[0]!.value).toBe('NUL\u0000inside');
    expect(Buffer.from(rows[4]!.rawBytes!).includes(Buffer.from([0xed, 0xa0, 0x80]))).toBe(true);
    // Plain negative numbers and +66 phone numbers are not formula-like.
    expect(ofType(r.records, 'contact')[0]!.flags).toEqual(['formula-like']);
  });

  it('lone surrogates in UTF-16 are kept and flagged', async () => {
    const p = join(tmpDir(), 'lone.csv');
    writeFileSync(p, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name,Phone\r\nbad \uD800 half,+1 202 555 0101\r\n', 'utf16le')]));
    const r = await parseFile(p);
    const row = ofType(r.records, 'row')[1]!;
    expect(row.cells[0]!.value).toBe('bad \uD800 half');
    expect(row.flags).toEqual(['lone-surrogate']);
  });

  it('an opening quote that never closes rejects one line and reading goes on', async () => {
    const p = join(tmpDir(), 'unterminated.csv');
    writeFileSync(p, 'Name,Phone\nAnn,"+1 202 555 0101\nBen,+1 202 555 0102\nCat,+1 202 555 0103\n');
    const r = await parseFile(p);
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 3, rejected: 1, reasons: { 'csv-unterminated-quote': 1 } });
    const rej = ofType(r.records, 'skip').find((s) => s.outcome === 'rejected')!;
    expect(rej).toMatchObject({ reason: 'csv-unterminated-quote', raw: 'Ann,"+1 202 555 0101', prov: { line: 2, offset: 11, path: 'row 2' } });
    expect(ofType(r.records, 'row').map((x) => [x.rowNumber, x.prov.line, x.cells[0]!.value])).toEqual([
      [1, 1, 'Name'],
      [3, 3, 'Ben'],
      [4, 4, 'Cat'],
    ]);
  });

  it('an unterminated quote on the last line rejects that line', async () => {
    const p = join(tmpDir(), 'unterminated-last.csv');
    writeFileSync(p, 'Name,Phone\nAnn,+1 202 555 0101\nBen,"oops');
    const r = await parseFile(p);
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 2, rejected: 1 });
  });

  it('a 20 MB field with commas, quotes and line breaks is one cell', async () => {
    const p = join(tmpDir(), 'huge-field.csv');
    const big = ('word, "quoted"\nnext line ').repeat(Math.ceil((20 * 1024 * 1024) / 26)).slice(0, 20 * 1024 * 1024);
    const escaped = big.replace(/"/g, '""');
    writeFileSync(p, `Name,Note\nAnn,"${escaped}"\nBen,short\n`);
    const t0 = Date.now();
    const r = await parseFile(p);
    const took = Date.now() - t0;
    const rows = ofType(r.records, 'row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.cells[1]!.value!.length).toBe(big.length);
    expect(rows[1]!.cells[1]!.value).toBe(big);
    const breaks = big.split('\n').length - 1;
    expect(rows[1]!.prov).toMatchObject({ line: 2, lineEnd: 2 + breaks });
    expect(rows[2]!.prov.line).toBe(3 + breaks);
    expect(took).toBeLessThan(20_000);
  }, 60_000);

  it('a line of 70 MB without a line break stops with a limit error', async () => {
    const p = join(tmpDir(), 'no-breaks.csv');
    writeFileSync(p, 'a,b\n' + 'x'.repeat(70 * 1024 * 1024));
    await expect(parseFile(p)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', line: 2 });
  }, 60_000);

  it('long runs of spaces do not make the readers slow (no super-linear regexes)', async () => {
    const p = join(tmpDir(), 'spaces.csv');
    const sp = ' '.repeat(200_000);
    writeFileSync(p, `Date,Name,Phone,Amount,Note\n${sp}1,<${sp}x,${sp}x${sp};,1${sp}2,${sp}@\n`);
    const t0 = Date.now();
    const r = await parseFile(p);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.accounting).toMatchObject({ seen: 2, parsed: 2 });
  });

  it('binary data named .csv is not taken for CSV; empty and BOM-only files', async () => {
    const head = Buffer.alloc(4096);
    for (let i = 0; i < head.length; i++) head[i] = (i * 37) % 256;
    expect(sniffCsv({ fileName: 'x.csv', size: head.length, head })).toBeNull();
    const dir = tmpDir();
    writeFileSync(join(dir, 'empty.csv'), '');
    await expect(parseFile(join(dir, 'empty.csv'))).rejects.toMatchObject({ code: 'SOURCE_EMPTY' });
    writeFileSync(join(dir, 'bom.csv'), '\uFEFF');
    const r = await parseFile(join(dir, 'bom.csv'), { format: 'csv' }).catch((e: unknown) => e as { code: string });
    expect('accounting' in r ? r.accounting.seen : r.code).toEqual(expect.anything());
  });

  it('a wrong encoding forced by the examiner gives mojibake, not a crash', async () => {
    const r = await parseFile(fixture('contacts-chinese-utf16le-bom.csv'), { encoding: 'windows-874' });
    expect(fact(r.records, 'encoding')).toMatchObject({ encoding: 'windows-874', source: 'option' });
    expect(r.accounting.seen).toBeGreaterThan(0);
  });

  it('thousands of columns', async () => {
    const p = join(tmpDir(), 'wide.csv');
    const n = 20000;
    writeFileSync(p, Array.from({ length: n }, (_, i) => `c${i}`).join(',') + '\n' + Array.from({ length: n }, (_, i) => String(i)).join(',') + '\n');
    const r = await parseFile(p);
    const row = ofType(r.records, 'row')[1]!;
    expect(row.cells).toHaveLength(n);
    expect(row.cells[n - 1]).toEqual({ ref: `ACOF2`, value: String(n - 1), type: 'string' });
  });
});
