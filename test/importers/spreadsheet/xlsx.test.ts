import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { cellsOf, escapeXml, fact, facts, fixture, ofType, sheetXml, tmpDir, writeBook } from './helpers';

const TRON_A = 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE';

describe('XLSX: ledger with title row, merged group header, hidden sheets', () => {
  it('reads every sheet and maps the two-level header to parties', async () => {
    const r = await parseFile(fixture('ledger-title-merged-group-header-hidden-sheets.xlsx'));
    expect(r.importer.id).toBe('xlsx');
    expect(r.sniff).toMatchObject({ confidence: 0.95, layout: 'xlsx' });
    expect(fact(r.records, 'date-system')).toBe('1900');
    expect(fact(r.records, 'sheets')).toEqual({ sheets: [{ name: 'Ledger', state: 'visible' }, { name: 'Payouts', state: 'hidden' }, { name: 'Boss', state: 'veryHidden' }] });
    expect(facts(r.records, 'hidden-sheet')).toEqual([{ sheet: 'Payouts', state: 'hidden' }, { sheet: 'Boss', state: 'veryHidden' }]);
    expect(fact(r.records, 'header-row', 'Ledger')).toMatchObject({ row: 3, groupRow: 2, titleRows: [1], flags: ['header-group-row'] });
    const used = fact<{ columns: { column: string; role: string; group?: string }[] }>(r.records, 'mapping-used', 'Ledger');
    expect(used.columns.map((c) => `${c.column}=${c.role}`)).toEqual(['A=victim.name', 'B=victim.phone', 'C=agent.name', 'D=agent.handle', 'E=amount', 'F=datetime', 'G=ignore']);
    expect(used.columns[0]!.group).toBe('Victim');

    // 8 rows on Ledger (title skipped), 2 on Payouts, 2 on Boss.
    expect(r.accounting).toMatchObject({ unit: 'row', seen: 12, parsed: 11, skipped: 1, rejected: 0, reasons: { 'title-row': 1 } });
    const rows = ofType(r.records, 'row');
    const ledger = rows.filter((x) => x.sheet === 'Ledger');
    expect(ledger.map((x) => x.rowNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ledger[0]!.flags).toEqual(['merged-cells', 'title-row']);
    expect(ledger[1]).toMatchObject({ isHeader: true, flags: ['merged-cells', 'header-group'] });
    expect(ledger[2]!.isHeader).toBe(true);
    expect(ledger[3]!.prov).toEqual({ member: 'xl/worksheets/sheet1.xml', line: 4, path: "'Ledger'!A4:H4" });
    // The row's raw form is its own XML element.
    expect(ledger[3]!.raw).toMatch(/^<row r="4"[^>]*>.*<c r="F4" s="\d+"><v>45352\.42710648148<\/v><\/c>.*<\/row>$/);

    // Cells: exact text, dates re-derived from the serial, a 19-digit ICCID as text stays exact.
    expect(cellsOf(ledger[3]!)).toEqual(['A4=Somchai Jaidee', 'B4=+66812345678', 'C4=Ko Ko', 'D4=@koko_fx', 'E4=1250.5', 'F4=2024-03-01T10:15:02', 'G4=8966012345678901234', 'H4=kept']);
    expect(ledger[3]!.cells.map((c) => c.type)).toEqual(['string', 'string', 'string', 'string', 'number', 'date', 'string', 'string']);
    expect(ledger[3]!.flags ?? []).not.toContain('precision-loss-possible');
    // The same ICCID stored as a number has already lost its last digits: flagged.
    expect(ledger[5]!.cells.find((c) => c.ref === 'G6')).toEqual({ ref: 'G6', value: '8966012345678901000', type: 'number' });
    expect(ledger[5]!.flags).toEqual(expect.arrayContaining(['precision-loss-possible', 'phone-stored-as-number', 'formula-like']));
    // A formula is text with its cached value, never evaluated; rich text joined; errors and booleans as written.
    expect(ledger[6]!.cells).toEqual([
      { ref: 'A7', value: 'Total', type: 'string' },
      { ref: 'E7', value: '13550.5', type: 'formula', formula: 'SUM(E4:E6)' },
      { ref: 'H7', value: 'rich text', type: 'string' },
    ]);
    expect(ledger[6]!.flags).toEqual(['formula', 'total-row']);
    expect(ledger[7]!.cells).toEqual([
      { ref: 'B8', value: '#N/A', type: 'error' },
      { ref: 'C8', value: 'TRUE', type: 'boolean' },
    ]);
    // Formula injection text is kept verbatim.
    expect(ledger[4]!.cells.find((c) => c.ref === 'H5')!.value).toBe("=cmd|' /C calc'!A0");

    const tx = ofType(r.records, 'transaction');
    // Three ledger rows (not the total) and the hidden payout.
    expect(tx.map((t) => `${t.rowKey} ${t.amount}`)).toEqual(['0!4 1250.5', '0!5 300', '0!6 12000', '1!2 50']);
    expect(tx[0]!.time).toEqual({ kind: 'wall', wall: { y: 2024, mo: 3, d: 1, h: 10, mi: 15, s: 2 }, raw: '45352.42710648148' });
    expect(tx[1]!.time).toEqual({ kind: 'wall', wall: { y: 2024, mo: 3, d: 2, h: 0, mi: 0, s: 0 }, raw: '45353' });
    expect(tx[3]).toMatchObject({ currency: 'USDT', to: { identifiers: [{ kind: 'wallet', value: TRON_A, label: 'Receiver wallet' }] } });
    expect(tx[3]!.flags).toContain('hidden-sheet');

    const contacts = ofType(r.records, 'contact');
    expect(contacts.filter((c) => c.prov.path === "'Ledger'!A4:H4")).toEqual([
      expect.objectContaining({ name: 'Somchai Jaidee', identifiers: [{ kind: 'phone', value: '+66812345678', label: 'Victim / Phone' }] }),
      expect.objectContaining({ name: 'Ko Ko', identifiers: [{ kind: 'username', value: '@koko_fx', label: 'Agent / Telegram', platform: 'telegram' }] }),
    ]);
    // Error and boolean cells make no contact.
    expect(contacts.some((c) => c.name === 'TRUE')).toBe(false);

    const boss = rows.filter((x) => x.sheet === 'Boss');
    expect(boss.map((x) => [x.cells[0]!.value, x.flags])).toEqual([
      ['Note', ['hidden-sheet']],
      ['only the boss sees this', ['hidden-sheet']],
    ]);
  });

  it('honours the 1904 date system from workbook.xml', async () => {
    const r = await parseFile(fixture('deposits-1904-date-system.xlsx'));
    expect(fact(r.records, 'date-system')).toBe('1904');
    const rows = ofType(r.records, 'row');
    expect(rows[1]!.cells[0]).toEqual({ ref: 'A2', value: '2024-03-01T10:15:02', type: 'date' });
    expect(rows[2]!.cells[0]).toEqual({ ref: 'A3', value: '2023-12-31', type: 'date' });
    const tx = ofType(r.records, 'transaction');
    expect(tx[0]!.time).toMatchObject({ kind: 'wall', wall: { y: 2024, mo: 3, d: 1, h: 10, mi: 15, s: 2 } });
    expect(tx[1]!.time).toMatchObject({ kind: 'wall', wall: { y: 2023, mo: 12, d: 31, h: 0, mi: 0, s: 0 } });
    expect(tx.map((t) => `${t.amount} ${t.currency}`)).toEqual(['100 USD', '200.25 USD']);
  });

  it('a CDR workbook: numbers typed as numbers map to phones, [h]:mm:ss durations to seconds', async () => {
    const r = await parseFile(fixture('call-log-cdr.xlsx'));
    expect(fact(r.records, 'mapping-used')).toMatchObject({ preset: 'call-log' });
    const calls = ofType(r.records, 'call');
    expect(calls.map((c) => [c.direction, c.counterpart, c.caller, c.durationS])).toEqual([
      ['outgoing', '66898765432', '66812345678', 125],
      ['incoming', '66855501234', '66855501234', 42],
    ]);
    expect(calls[0]!.flags).toContain('phone-stored-as-number');
    expect(ofType(r.records, 'row')[1]!.cells[5]).toEqual({ ref: 'F2', value: '356938035643809', type: 'string' });
  });
});

describe('XLSX: text fidelity', () => {
  it('keeps multi-byte text exact across stream chunk boundaries (exceljs streaming mangles some)', async () => {
    const dir = tmpDir();
    const p = join(dir, 'thai-many.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    const words: string[] = [];
    ws.addRow(['ชื่อ', 'เบอร์โทร']);
    for (let i = 0; i < 20000; i++) {
      const w = `ชื่อลูกค้า${i}电话号码😀`;
      words.push(w);
      ws.addRow([w, `08${String(i).padStart(8, '0')}`]);
    }
    await wb.xlsx.writeFile(p);
    const r = await parseFile(p);
    const rows = ofType(r.records, 'row').slice(1);
    expect(rows).toHaveLength(20000);
    let bad = 0;
    rows.forEach((row, i) => {
      if (row.cells[0]!.value !== words[i]) bad++;
    });
    expect(bad).toBe(0);
    expect(r.accounting).toMatchObject({ seen: 20001, parsed: 20001 });
  }, 60_000);

  it('inline strings, _xHHHH_ escapes, phonetic runs left out, entities decoded once', async () => {
    const p = join(tmpDir(), 'inline.xlsx');
    const rows =
      `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Note</t></is></c></row>` +
      `<row r="2"><c r="A2" t="inlineStr"><is><r><t>漢</t></r><r><t>字</t></r><rPh sb="0" eb="2"><t>かんじ</t></rPh></is></c><c r="B2" t="inlineStr"><is><t>a_x000D_b &amp;lt;script&amp;gt; _x005F_x0041_</t></is></c></row>` +
      `<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="str"><f>A3&amp;"!"</f><v>&lt;script&gt;</v></c></row>`;
    writeBook(p, { sheetXml: sheetXml(rows), sharedStrings: ['x<y & "z"'] });
    const r = await parseFile(p);
    const out = ofType(r.records, 'row');
    expect(out[1]!.cells.map((c) => c.value)).toEqual(['漢字', 'a\rb &lt;script&gt; _x0041_']);
    expect(out[2]!.cells).toEqual([
      { ref: 'A3', value: 'x<y & "z"', type: 'string' },
      { ref: 'B3', value: '<script>', type: 'formula', formula: 'A3&"!"' },
    ]);
    expect(out[2]!.flags).toEqual(expect.arrayContaining(['formula', 'markup']));
  });

  it('sparse rows, cells without r, hidden rows and columns, vertical merges fill mapped cells', async () => {
    const p = join(tmpDir(), 'sparse.xlsx');
    const rows =
      `<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c><c r="B1" t="inlineStr"><is><t>Name</t></is></c><c r="D1" t="inlineStr"><is><t>Phone</t></is></c></row>` +
      `<row r="3"><c r="A3" t="inlineStr"><is><t>2024-05-01</t></is></c><c t="inlineStr"><is><t>Ann</t></is></c><c r="D3" t="inlineStr"><is><t>+66 81 111 1111</t></is></c></row>` +
      `<row r="4" hidden="1"><c r="B4" t="inlineStr"><is><t>Ben</t></is></c><c r="C4" t="inlineStr"><is><t>secret</t></is></c><c r="D4" t="inlineStr"><is><t>+66 81 222 2222</t></is></c></row>` +
      `<row r="5"/>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="3" max="3" hidden="1"/></cols><sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="A3:A4"/></mergeCells></worksheet>`;
    writeBook(p, { sheetXml: xml });
    const r = await parseFile(p);
    const out = ofType(r.records, 'row');
    expect(out.map((x) => x.rowNumber)).toEqual([1, 3, 4]);
    expect(cellsOf(out[1]!)).toEqual(['A3=2024-05-01', 'B3=Ann', 'D3=+66 81 111 1111']);
    expect(out[2]!.flags).toEqual(expect.arrayContaining(['hidden-row', 'hidden-column', 'merged-cells', 'value-from-merged-cell']));
    const c = ofType(r.records, 'contact');
    expect(c.map((x) => [x.name, x.time?.kind === 'wall' ? x.time.wall.d : null])).toEqual([
      ['Ann', 1],
      ['Ben', 1],
    ]);
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 3, skipped: 1, reasons: { 'blank-row': 1 } });
  });

  it('a sheet name with quotes is quoted in cell ranges; mapping keys can name the sheet', async () => {
    const p = join(tmpDir(), 'named.xlsx');
    const rows = `<row r="1"><c r="A1" t="inlineStr"><is><t>Contact</t></is></c><c r="B1" t="inlineStr"><is><t>Line</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${escapeXml('Dao')}</t></is></c><c r="B2" t="inlineStr"><is><t>dao.line</t></is></c></row>`;
    writeBook(p, { sheetXml: sheetXml(rows), sheetName: "Agent's list" });
    const r = await parseFile(p, { mapping: { "Agent's list!Line": 'agent.handle@line', "Agent's list!Contact": 'agent.name' } });
    const row = ofType(r.records, 'row')[1]!;
    expect(row.prov.path).toBe("'Agent''s list'!A2:B2");
    expect(ofType(r.records, 'contact')[0]).toMatchObject({ name: 'Dao', identifiers: [{ kind: 'username', value: 'dao.line', platform: 'line', label: 'Line' }], fields: [{ name: 'party', value: 'agent' }] });
  });
});

describe('XLSX: mapping across sheets, whole-column evidence, refusals', () => {
  it('reads a sheet twice when only its later rows prove the day/month order', async () => {
    const p = join(tmpDir(), 'late-order.xlsx');
    const rows = [`<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c><c r="B1" t="inlineStr"><is><t>Amount</t></is></c></row>`];
    for (let i = 0; i < 1500; i++) rows.push(`<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>0${(i % 9) + 1}/0${(i % 8) + 1}/2024</t></is></c><c r="B${i + 2}"><v>${i}</v></c></row>`);
    rows.push(`<row r="1502"><c r="A1502" t="inlineStr"><is><t>12/31/2024</t></is></c><c r="B1502"><v>1</v></c></row>`);
    writeBook(p, { sheetXml: sheetXml(rows.join('')) });
    const r = await parseFile(p);
    expect(fact(r.records, 'date-order')).toMatchObject({ order: 'mdy', state: 'decided', wholeColumn: true, evidence: { monthFirst: 1, dayFirst: 0 } });
    // 09/01/2024 is 1 September once the column is month-first.
    expect(ofType(r.records, 'transaction')[8]!.time).toMatchObject({ kind: 'wall', wall: { mo: 9, d: 1 } });
    expect(r.accounting).toMatchObject({ seen: 1502, parsed: 1502 });
  });

  it('a mapping key that names no column in any sheet is refused', async () => {
    await expect(parseFile(fixture('deposits-1904-date-system.xlsx'), { mapping: { 'Deposits!Nmae': 'name' } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('"Deposits!Nmae"') });
    await expect(parseFile(fixture('deposits-1904-date-system.xlsx'), { mapping: { 'Other!Name': 'name' } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('legacy .xls and password-encrypted workbooks are refused with what to do', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = tmpDir();
    const ole = (names: string[]) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), ...names.map((n) => Buffer.from(n, 'utf16le')), Buffer.alloc(1024)]);
    writeFileSync(join(dir, 'old.xls'), ole(['Root Entry', 'Workbook']));
    writeFileSync(join(dir, 'locked.xlsx'), ole(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']));
    await expect(parseFile(join(dir, 'old.xls'))).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('Excel 97'), hint: expect.stringContaining('.xlsx') });
    await expect(parseFile(join(dir, 'locked.xlsx'))).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('encrypted'), hint: expect.stringContaining('password') });
  });
});

