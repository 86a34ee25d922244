import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { cellsOf, fact, fixture, ofType } from './helpers';

const TRON_A = 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE';
const TRON_B = 'TGzz8gjYiYRqpfmDwnLxfgPuLVNmpCswVp';

describe('CSV: victim ledger with title row, UTF-8 BOM, CRLF', () => {
  it('finds the header under the title, maps columns, emits transactions and contacts', async () => {
    const r = await parseFile(fixture('ledger-victims-title-row-utf8-bom.csv'));
    expect(r.importer.id).toBe('csv');
    expect(r.sniff.confidence).toBe(0.6);
    expect(fact(r.records, 'encoding')).toMatchObject({ encoding: 'utf-8', bom: true, source: 'bom' });
    expect(fact(r.records, 'csv-delimiter')).toMatchObject({ delimiter: ',', name: 'comma', fields: 7 });
    expect(fact(r.records, 'csv-newline')).toBe('CRLF');
    expect(fact(r.records, 'header-row')).toMatchObject({ row: 3, titleRows: [1], groupRow: null });
    const used = fact<{ columns: { column: string; role: string }[]; records: unknown }>(r.records, 'mapping-used');
    expect(used.columns.map((c) => `${c.column}=${c.role}`)).toEqual(['A=datetime', 'B=victim.name', 'C=victim.phone', 'D=amount', 'E=wallet', 'F=agent.name', 'G=text']);
    expect(used.records).toEqual({ calls: false, transactions: true, contacts: true });
    const proposed = fact<{ columns: { column: string; role: string; source: string }[] }>(r.records, 'mapping-proposed');
    expect(proposed.columns.find((c) => c.column === 'D')).toMatchObject({ role: 'amount', source: 'header+values', currency: 'USDT' });
    expect(fact(r.records, 'date-order')).toMatchObject({ column: 'A', order: 'dmy', state: 'decided', evidence: { dayFirst: 1, monthFirst: 0, undecided: 2 } });

    // Accounting: 6 rows = title (skipped) + blank (skipped) + header (parsed) + 3 data rows.
    expect(r.accounting).toMatchObject({ unit: 'row', seen: 6, parsed: 4, skipped: 2, rejected: 0, reasons: { 'title-row': 1, 'blank-row': 1 } });

    const rows = ofType(r.records, 'row');
    expect(rows.map((x) => x.rowNumber)).toEqual([1, 3, 4, 5, 6]);
    expect(rows[0]!.flags).toContain('title-row');
    expect(rows[1]!.isHeader).toBe(true);
    const r4 = rows[2]!;
    expect(cellsOf(r4)).toEqual(['A4=13/03/2024 10:15', 'B4=Somchai Jaidee', 'C4=+66 81 234 5678', 'D4=1,250.50', `E4=${TRON_A}`, 'F4=Agent K', 'G4=first deposit']);
    // Byte offsets: 3-byte BOM, then the title (36 chars incl. two 3-byte dashes = 40 bytes) + CRLF, blank CRLF, header.
    expect(rows[0]!.prov).toEqual({ line: 1, offset: 3, path: 'row 1' });
    expect(r4.prov).toEqual({ line: 4, offset: 107, path: 'row 4' });
    expect(r4.raw).toBe(`13/03/2024 10:15,Somchai Jaidee,+66 81 234 5678,"1,250.50",${TRON_A},Agent K,first deposit`);
    const r6 = rows[4]!;
    expect(r6.cells[6]!.value).toBe('asked for "withdrawal"');

    const tx = ofType(r.records, 'transaction');
    expect(tx.map((t) => [t.amount, t.currency, t.rowKey])).toEqual([
      ['1250.50', 'USDT', '4'],
      ['300', 'USDT', '5'],
      ['12000.00', 'USDT', '6'],
    ]);
    expect(tx[0]!.time).toEqual({ kind: 'wall', wall: { y: 2024, mo: 3, d: 13, h: 10, mi: 15, s: 0 }, raw: '13/03/2024 10:15' });
    expect(tx[2]!.time).toEqual({ kind: 'wall', wall: { y: 2024, mo: 4, d: 5, h: 18, mi: 30, s: 5 }, raw: '05/04/2024 18:30:05' });
    expect(tx[0]!.description).toBe('first deposit');
    // Whose wallet it is was not said: no from/to, and the row says so.
    expect(tx[0]!.from).toBeUndefined();
    expect(tx[0]!.flags).toContain('party-side-unknown');

    const contacts = ofType(r.records, 'contact');
    const victim = contacts.find((c) => c.name === 'Somchai Jaidee')!;
    expect(victim.identifiers).toEqual([{ kind: 'phone', value: '+66 81 234 5678', label: 'Victim phone' }]);
    expect(victim.fields).toEqual([{ name: 'party', value: 'victim' }]);
    expect(victim.prov.path).toBe('row 4');
    expect(contacts.find((c) => c.name === 'Agent K')!.fields).toEqual([{ name: 'party', value: 'agent' }]);
    expect(contacts.filter((c) => c.identifiers.some((i) => i.kind === 'wallet')).map((c) => c.identifiers[0]!.value)).toEqual([TRON_A, TRON_B, '0x52908400098527886E0F7030069857D2E4169EE7']);
  });

  it('takes the examiner mapping over the proposal (header text and column letter)', async () => {
    const r = await parseFile(fixture('ledger-victims-title-row-utf8-bom.csv'), { mapping: { Wallet: 'to.wallet', F: 'ignore', 'Victim phone': 'victim.phone' } });
    const used = fact<{ columns: { column: string; role: string; source: string }[] }>(r.records, 'mapping-used');
    expect(used.columns.map((c) => `${c.column}=${c.role}:${c.source}`)).toEqual(['A=datetime:header+values', 'B=victim.name:header+values', 'C=victim.phone:option', 'D=amount:header+values', 'E=to.wallet:option', 'G=text:header+values']);
    const tx = ofType(r.records, 'transaction');
    expect(tx[1]!.to).toEqual({ identifiers: [{ kind: 'wallet', value: TRON_B, label: 'Wallet' }] });
    expect(tx[1]!.flags ?? []).not.toContain('party-side-unknown');
    expect(ofType(r.records, 'contact').some((c) => c.name === 'Agent K')).toBe(false);
  });

  it('refuses a mapping naming an unknown role or a column that does not exist', async () => {
    await expect(parseFile(fixture('ledger-victims-title-row-utf8-bom.csv'), { mapping: { Wallet: 'purse' } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('"purse" is not a column role') });
    await expect(parseFile(fixture('ledger-victims-title-row-utf8-bom.csv'), { mapping: { 'Victim phne': 'phone' } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('"Victim phne"') });
    await expect(parseFile(fixture('ledger-victims-title-row-utf8-bom.csv'), { preset: 'ledger-v2' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});

describe('CSV: encodings', () => {
  it('UTF-16LE with BOM, Chinese headers, identifiers of one person together', async () => {
    const r = await parseFile(fixture('contacts-chinese-utf16le-bom.csv'));
    expect(fact(r.records, 'encoding')).toMatchObject({ encoding: 'utf-16le', bom: true });
    const used = fact<{ columns: { header: string; role: string }[] }>(r.records, 'mapping-used');
    expect(used.columns.map((c) => `${c.header}=${c.role}`)).toEqual(['姓名=name', '电话=phone', '微信=handle', '邮箱=email', '备注=text']);
    const c = ofType(r.records, 'contact');
    expect(c).toHaveLength(2);
    expect(c[0]).toMatchObject({ name: '王小明', fields: [{ name: '备注', value: '客户A' }] });
    expect(c[0]!.identifiers).toEqual([
      { kind: 'phone', value: '+86 138 0013 8000', label: '电话' },
      { kind: 'username', value: 'wxid_abc123', label: '微信', platform: 'wechat' },
      { kind: 'email', value: 'wang@example.cn', label: '邮箱' },
    ]);
    // UTF-16: two bytes per code unit after the 2-byte BOM; row 2 starts after 16 code units of header + CRLF.
    const rows = ofType(r.records, 'row');
    expect(rows[0]!.prov.offset).toBe(2);
    expect(rows[1]!.prov.offset).toBe(2 + 2 * 16);
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 3 });
  });

  it('Thai windows-874 without BOM: detected by evidence, amounts with baht', async () => {
    const r = await parseFile(fixture('deposits-thai-windows-874.csv'));
    expect(fact(r.records, 'encoding')).toMatchObject({ encoding: 'windows-874', source: 'legacy detection' });
    expect(fact(r.records, 'header-row')).toMatchObject({ row: 1, headers: ['วันที่', 'ชื่อ', 'เบอร์โทร', 'จำนวนเงิน', 'หมายเหตุ'] });
    const tx = ofType(r.records, 'transaction');
    expect(tx.map((t) => [t.amount, t.currency, t.time.kind === 'wall' ? t.time.wall.d : null])).toEqual([
      ['15000.00', 'THB', 25],
      ['2500', 'THB', 26],
    ]);
    expect(ofType(r.records, 'contact')[0]).toMatchObject({ name: 'สมชาย ใจดี', identifiers: [{ kind: 'phone', value: '081-234-5678' }] });
    // Single-byte code page: offsets count bytes exactly (header line is 40 bytes + CRLF).
    expect(ofType(r.records, 'row')[1]!.prov.offset).toBe(41);
  });

  it('windows-1252 and GB18030 by evidence; options.encoding overrides', async () => {
    const latin = await parseFile(fixture('contacts-spanish-windows-1252.csv'));
    expect(fact(latin.records, 'encoding')).toMatchObject({ encoding: 'windows-1252' });
    expect(ofType(latin.records, 'contact').map((c) => c.name)).toEqual(['José Martínez', 'Ángela Núñez']);
    const zh = await parseFile(fixture('ledger-chinese-gb18030.csv'));
    expect(fact(zh.records, 'encoding')).toMatchObject({ encoding: 'gb18030' });
    expect(ofType(zh.records, 'contact')[0]).toMatchObject({ name: '张伟', identifiers: [{ kind: 'phone', value: '13800138000' }, { kind: 'wallet', value: TRON_A }] });
    const forced = await parseFile(fixture('ledger-chinese-gb18030.csv'), { encoding: 'big5' });
    expect(fact(forced.records, 'encoding')).toMatchObject({ encoding: 'big5', source: 'option' });
    await expect(parseFile(fixture('ledger-chinese-gb18030.csv'), { encoding: 'klingon-8' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('damaged UTF-8 bytes: display text gets U+FFFD, the row keeps its original bytes', async () => {
    const r = await parseFile(fixture('damaged-utf8-bytes.csv'));
    expect(fact(r.records, 'encoding')).toMatchObject({ encoding: 'utf-8', source: 'mostly valid utf-8' });
    const rows = ofType(r.records, 'row');
    expect(rows[2]!.cells[0]!.value).toBe('\uFFFD\uFFFD');
    expect(Buffer.from(rows[2]!.rawBytes!)).toEqual(Buffer.from([0xe0, 0xb8, ...Buffer.from(',089-111-2222')]));
    expect(rows[2]!.flags).toContain('invalid-utf8');
    expect(Buffer.from(rows[3]!.rawBytes!)).toEqual(Buffer.concat([Buffer.from('ok'), Buffer.from([0xff]), Buffer.from(',090-000-0000')]));
    // Offsets stay exact in bytes despite the escapes: row 4 starts after 17 + 3 bytes of the damaged row 3 + LF.
    expect(rows[3]!.prov.offset).toBe(rows[2]!.prov.offset! + 2 + ',089-111-2222'.length + 1);
    expect(rows[1]!.flags).toBeUndefined();
  });
});

describe('CSV: layouts', () => {
  it('semicolons and decimal commas: exact amount text, column decides 1.000', async () => {
    const r = await parseFile(fixture('transfers-spanish-semicolon-decimal-comma.csv'));
    expect(fact(r.records, 'csv-delimiter')).toMatchObject({ delimiter: ';', name: 'semicolon' });
    const tx = ofType(r.records, 'transaction');
    expect(tx.map((t) => `${t.amount} ${t.currency} ${t.reference}`)).toEqual(['1234.56 EUR REF-001', '250.00 EUR REF-002', '1000 USDT REF-003']);
    expect(fact(r.records, 'mapping-used')).toMatchObject({ decimalSeparator: ',' });
  });

  it('quoted fields spanning lines keep their start and end lines', async () => {
    const r = await parseFile(fixture('notes-quoted-multiline-crlf.csv'));
    const rows = ofType(r.records, 'row');
    expect(rows.map((x) => [x.rowNumber, x.prov.line, x.prov.lineEnd])).toEqual([
      [1, 1, undefined],
      [2, 2, 4],
      [3, 5, undefined],
      [4, 6, undefined],
    ]);
    expect(rows[1]!.cells[3]!.value).toBe('line one\r\nline two\r\nline three');
    expect(rows[2]!.cells[3]!.value).toBe('he said "pay now", then hung up');
    expect(rows[3]!.prov.offset).toBe(138);
  });

  it('tab-separated Vietnamese ledger with dong amounts', async () => {
    const r = await parseFile(fixture('ledger-vietnamese-tab.tsv'));
    expect(r.sniff.layout).toBe('tab-with-header');
    const used = fact<{ columns: { header: string; role: string }[] }>(r.records, 'mapping-used');
    expect(used.columns.map((c) => `${c.header}=${c.role}`)).toEqual(['Ngày=date', 'Họ tên=name', 'Số điện thoại=phone', 'Số tiền=amount', 'Ghi chú=text']);
    expect(ofType(r.records, 'transaction').map((t) => `${t.amount} ${t.currency}`)).toEqual(['1500000 VND', '25000000 VND']);
  });

  it('Google Contacts legacy layout: ::: multi-values, type labels, full name over name parts', async () => {
    const r = await parseFile(fixture('google-contacts-legacy.csv'));
    const c = ofType(r.records, 'contact');
    expect(c[0]!.name).toBe('Mai Tran');
    expect(c[0]!.identifiers).toEqual([
      { kind: 'email', value: 'mai@example.com', label: '* Home' },
      { kind: 'email', value: 'mai.tran@example.org', label: '* Home' },
      { kind: 'phone', value: '+84 90 123 4567', label: 'Mobile' },
      { kind: 'phone', value: '+84 28 3822 1234', label: 'Work' },
    ]);
    expect(c[1]!.identifiers).toEqual([{ kind: 'phone', value: '+95 9 123 456 789', label: 'Mobile' }]);
  });

  it('sender and receiver sides become the transaction parties, identifiers with their names', async () => {
    const r = await parseFile(fixture('transfers-sender-receiver-pipe.csv'));
    expect(fact(r.records, 'csv-delimiter')).toMatchObject({ delimiter: '|' });
    const tx = ofType(r.records, 'transaction');
    expect(tx[0]).toMatchObject({
      amount: '5000.00',
      currency: 'USD',
      from: { name: 'Chen Wei', identifiers: [{ kind: 'account', value: '6222021234567890123', label: 'Sender account' }] },
      to: { name: 'Lucky Trade Ltd', identifiers: [{ kind: 'iban', value: 'GB82WEST12345698765432', label: 'Receiver account' }] },
    });
    expect(tx[0]!.flags).toEqual(['date-only']);
    // Sides go to the transaction, not to separate contacts.
    expect(ofType(r.records, 'contact')).toHaveLength(0);
  });

  it('ragged rows are kept whole and flagged', async () => {
    const r = await parseFile(fixture('ragged-rows.csv'));
    const rows = ofType(r.records, 'row');
    expect(rows.map((x) => x.cells.length)).toEqual([3, 3, 2, 5]);
    expect(rows.map((x) => (x.flags ?? []).includes('ragged-row'))).toEqual([false, false, true, true]);
    expect(cellsOf(rows[3]!)).toEqual(['A4=C', 'B4=+1 202 555 0103', 'C4=c@example.com', 'D4=EXTRA', 'E4=MORE']);
    expect(ofType(r.records, 'contact')[2]!.fields).toEqual([
      { name: 'D', value: 'EXTRA' },
      { name: 'E', value: 'MORE' },
    ]);
  });
});

describe('CSV: dates', () => {
  it('never guesses the day/month order: ambiguous rows get no time, the raw text stays', async () => {
    const r = await parseFile(fixture('dates-ambiguous-order.csv'));
    expect(fact(r.records, 'date-order')).toMatchObject({ order: null, state: 'ambiguous', evidence: { undecided: 2 } });
    const tx = ofType(r.records, 'transaction');
    expect(tx[0]!.time).toEqual({ kind: 'none', raw: '01/02/2024', flags: ['date-order-ambiguous'] });
    expect(tx[1]!.time).toEqual({ kind: 'none', raw: '03/04/2024', flags: ['date-order-ambiguous'] });
    // 05/05 reads the same either way.
    expect(tx[2]!.time).toMatchObject({ kind: 'wall', wall: { y: 2024, mo: 5, d: 5 } });
    expect(ofType(r.records, 'row')[1]!.flags).toContain('date-order-ambiguous');
  });

  it('options.dateOrder decides', async () => {
    const r = await parseFile(fixture('dates-ambiguous-order.csv'), { dateOrder: 'mdy' });
    expect(fact(r.records, 'date-order')).toMatchObject({ order: 'mdy', state: 'option' });
    expect(ofType(r.records, 'transaction').map((t) => (t.time.kind === 'wall' ? `${t.time.wall.mo}/${t.time.wall.d}` : 'none'))).toEqual(['1/2', '3/4', '5/5']);
  });

  it('offsets make instants; ISO without offset stays wall time', async () => {
    const r = await parseFile(fixture('dates-offsets-iso.csv'));
    const t = ofType(r.records, 'transaction').map((x) => x.time);
    expect(t[0]).toEqual({ kind: 'instant', utcMs: Date.UTC(2024, 2, 1, 3, 0, 0), raw: '2024-03-01T10:00:00+07:00' });
    expect(t[1]).toEqual({ kind: 'instant', utcMs: Date.UTC(2021, 5, 13, 3, 15, 2), raw: '13/06/2021 10:15:02(UTC+7)' });
    expect(t[2]).toEqual({ kind: 'instant', utcMs: Date.UTC(2024, 2, 2, 8, 0, 0), raw: '2024-03-02 08:00:00Z' });
    expect(t[3]).toEqual({ kind: 'wall', wall: { y: 2024, mo: 3, d: 3, h: 9, mi: 30, s: 0 }, raw: '2024-03-03 09:30' });
    const tx = ofType(r.records, 'transaction');
    expect(tx[0]!.from!.identifiers[0]!.value).toBe(TRON_A);
    expect(tx[0]!.to!.identifiers[0]!.value).toBe(TRON_B);
    expect(tx.map((x) => `${x.amount} ${x.currency} ${x.reference ?? ''}`)).toEqual(['500 USDT abc123', '75.5 USDT def456', '1 ETH 0xfeed', '0.015 BTC ']);
  });

  it('a date order proved only deep in the file is found by reading the whole column', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpDir } = await import('./helpers');
    const p = join(tmpDir(), 'late-evidence.csv');
    const lines = ['Date,Name,Amount'];
    for (let i = 0; i < 3000; i++) lines.push(`0${(i % 9) + 1}/0${(i % 8) + 1}/2024,N${i},${i}`);
    lines.push('25/12/2024,Late,1');
    writeFileSync(p, lines.join('\n') + '\n');
    const r = await parseFile(p);
    expect(fact(r.records, 'date-order')).toMatchObject({ order: 'dmy', state: 'decided', wholeColumn: true, evidence: { dayFirst: 1 } });
    // Row of i = 8 reads 09/01/2024: 9 January once the column is known to be day-first.
    const ninth = ofType(r.records, 'transaction')[8]!;
    expect(ninth.time).toMatchObject({ kind: 'wall', raw: '09/01/2024', wall: { y: 2024, mo: 1, d: 9 } });
    expect(ninth.flags ?? []).not.toContain('date-order-ambiguous');
    expect(r.accounting).toMatchObject({ seen: 3002, parsed: 3002 });
  });
});

describe('CSV: call logs', () => {
  it('operator CDR: calling/called by direction, SMS rows kept but not calls, IMEI/IMSI exact', async () => {
    const r = await parseFile(fixture('call-log-operator-cdr.csv'));
    expect(fact(r.records, 'mapping-proposed')).toMatchObject({ callLog: true });
    expect(fact(r.records, 'mapping-used')).toMatchObject({ preset: 'call-log', records: { calls: true, transactions: false, contacts: false } });
    const calls = ofType(r.records, 'call');
    expect(calls.map((c) => [c.direction, c.counterpart, c.caller, c.durationS])).toEqual([
      ['outgoing', '66898765432', '66812345678', 125],
      ['incoming', '66855501234', '66855501234', 42],
      ['missed', '66877700000', '66877700000', 0],
    ]);
    expect(calls[0]!.time).toEqual({ kind: 'wall', wall: { y: 2024, mo: 3, d: 1, h: 10, mi: 0, s: 0 }, raw: '2024-03-01 10:00:00' });
    const rows = ofType(r.records, 'row');
    expect(rows[3]!.flags).toEqual(['not-a-call']);
    expect(rows[1]!.cells.map((c) => c.value).slice(6)).toEqual(['356938035643809', '520010123456789']);
  });

  it('Nokia LogExport: US dates, localised directions, names in RemoteParty', async () => {
    const r = await parseFile(fixture('call-log-nokia-logexport.csv'));
    expect(fact(r.records, 'date-order')).toMatchObject({ order: 'mdy', state: 'decided', evidence: { monthFirst: 3 } });
    const calls = ofType(r.records, 'call');
    expect(calls.map((c) => [c.direction, c.counterpart ?? null, c.contactName ?? null, c.durationS, c.media])).toEqual([
      ['outgoing', '+358401234567', null, 83, 'voice'],
      ['incoming', null, 'John Smith', 45, 'voice'],
      ['missed', '+358409876543', null, 0, 'voice'],
    ]);
    expect(calls[1]!.time).toEqual({ kind: 'wall', wall: { y: 2009, mo: 2, d: 13, h: 9, mi: 5, s: 0 }, raw: '02/13/2009 09:05:00' });
    expect(r.accounting).toMatchObject({ seen: 5, parsed: 5 });
  });

  it('preset none turns the call-log detection off; preset call-log forces it', async () => {
    const none = await parseFile(fixture('call-log-operator-cdr.csv'), { preset: 'none' });
    expect(ofType(none.records, 'call')).toHaveLength(0);
    const forced = await parseFile(fixture('ragged-rows.csv'), { preset: 'call-log' });
    expect(ofType(forced.records, 'call').map((c) => c.counterpart)).toEqual(['+1 202 555 0101', '+1 202 555 0102', '+1 202 555 0103']);
  });

  it('the owner number decides the direction when the log has none', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpDir } = await import('./helpers');
    const p = join(tmpDir(), 'no-direction.csv');
    writeFileSync(p, 'Start Time,Calling Number,Called Number,Duration\n2024-03-01 10:00:00,+66 81 234 5678,0898765432,60\n2024-03-01 11:00:00,0855501234,081-234-5678,30\n');
    const r = await parseFile(p, { owner: '+66812345678' });
    expect(ofType(r.records, 'call').map((c) => [c.direction, c.counterpart])).toEqual([
      ['outgoing', '0898765432'],
      ['incoming', '0855501234'],
    ]);
  });
});
