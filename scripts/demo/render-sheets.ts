// The seized spreadsheets: the victim ledger workbook (exceljs, repacked deterministically) and the transfers CSV.
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { AgentRow, LedgerRow, TransferRow } from './content/ledger';
import type { RenderCtx } from './doc';
import { TextDoc } from './doc';
import type { PhoneForm } from './phones';
import { renderIdent } from './text';
import type { Ident } from './world';
import { readZip, writeZip } from './zip';

/** Excel's 1900 date system: days since 1899-12-30, time as the fraction (the wall-clock time, no zone). */
export function excelSerial(ms: number, zone: string): number {
  const d = DateTime.fromMillis(ms, { zone });
  const wallAsUtc = Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second);
  return (wallAsUtc - Date.UTC(1899, 11, 30)) / 86_400_000;
}

export const LEDGER_SHEET = '客户登记 Ledger';
export const AGENT_SHEET = '业务员 Agents';
export const RATES_SHEET = '汇率 Rates';

export const LEDGER_COLUMNS: { header: string; role: string; party: string }[] = [
  { header: '日期 Date', role: 'datetime', party: 'row' },
  { header: '受害人 Victim name', role: 'person-name', party: 'victim' },
  { header: '电话 Victim phone', role: 'phone', party: 'victim' },
  { header: '邮箱 Email', role: 'email', party: 'victim' },
  { header: '钱包 Wallet (TRON)', role: 'wallet', party: 'victim' },
  { header: '社交账号 LINE/Telegram', role: 'handle', party: 'victim' },
  { header: '银行 IBAN', role: 'iban', party: 'victim' },
  { header: '入金 Amount USDT', role: 'amount', party: 'row' },
  { header: '收款地址 Deposit address', role: 'wallet', party: 'counterparty' },
  { header: '业务员 Agent', role: 'free-text', party: 'agent' },
  { header: '阶段 Stage', role: 'free-text', party: 'row' },
  { header: '备注 Note', role: 'free-text', party: 'row' },
];

export const AGENT_COLUMNS: { header: string; role: string; party: string }[] = [
  { header: '人设 Persona', role: 'free-text', party: 'worker' },
  { header: '员工 Worker', role: 'person-name', party: 'worker' },
  { header: '工作WhatsApp Work WhatsApp', role: 'phone', party: 'worker' },
  { header: '个人电话 Personal phone', role: 'phone', party: 'worker' },
  { header: 'LINE ID', role: 'handle', party: 'worker' },
  { header: '组 Team', role: 'free-text', party: 'worker' },
];

const PHONE_ROTATION: PhoneForm[] = ['intl', 'digits-cc', 'e164', 'intl-dash', 'idd00'];

function colLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

export async function renderLedger(ctx: RenderCtx, file: string, rows: LedgerRow[], agents: AgentRow[], savedAt: number): Promise<{ bytes: Buffer; counts: Record<string, number> }> {
  const { world, corpus, device } = ctx;
  const wb = new ExcelJS.Workbook();
  const when = new Date(savedAt);
  wb.creator = 'Li Na';
  wb.lastModifiedBy = 'Li Na';
  wb.created = new Date(Date.UTC(2025, 0, 2, 3, 15, 0));
  wb.modified = when;
  const ws = wb.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.mergeCells('A1:L1');
  ws.getCell('A1').value = 'GL 3组 客户入金登记表 · Team 3 client deposit ledger · 2025 Q1';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getRow(2).values = LEDGER_COLUMNS.map((c) => c.header);
  ws.getRow(2).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = [17, 18, 18, 28, 38, 18, 30, 14, 38, 18, 16, 24][i] ?? 14));

  const perVictim = new Map<string, number>();
  let r = 3;
  let total = 0;
  for (const row of rows) {
    const p = world.person(row.victim);
    const k = perVictim.get(row.victim) ?? 0;
    perVictim.set(row.victim, k + 1);
    const cellAt = (col: number) => ({ path: `'${LEDGER_SHEET}'!${colLetter(col)}${r}` });
    const ids: Ident[] = [];
    const put = (col: number, id: Ident, form: string, asNumber = false) => {
      const raw = renderIdent(id, form);
      ws.getCell(`${colLetter(col)}${r}`).value = asNumber ? Number(raw) : raw;
      corpus.occur(file, cellAt(col), id, raw, form, 'used-by', 'ledger-row');
      ids.push(id);
    };
    ws.getCell(`A${r}`).value = excelSerial(row.t, device.zone);
    ws.getCell(`A${r}`).numFmt = 'yyyy-mm-dd hh:mm';
    ws.getCell(`B${r}`).value = p.name;
    corpus.name(file, cellAt(1), p.name, p.id, 'ledger-row');
    const phone = Object.values(p.ids).find((i) => i.kind === 'phone')!;
    const pf = PHONE_ROTATION[(k + p.id.charCodeAt(p.id.length - 1)) % PHONE_ROTATION.length]!;
    put(2, phone, pf, pf === 'digits-cc');
    const email = Object.values(p.ids).find((i) => i.kind === 'email');
    if (email) put(3, email, k % 3 === 2 ? 'capitalised' : 'as-is');
    const wallet = Object.values(p.ids).find((i) => i.kind === 'wallet');
    if (wallet) put(4, wallet, wallet.chain === 'ethereum' ? (k % 2 ? 'lower' : 'eip55') : 'as-is');
    const handle = Object.values(p.ids).find((i) => i.kind === 'username');
    if (handle) put(5, handle, 'bare');
    const iban = row.bank ? Object.values(p.ids).find((i) => i.kind === 'iban') : undefined;
    if (iban) put(6, iban, k % 2 ? 'compact' : 'grouped');
    ws.getCell(`H${r}`).value = row.usdt;
    ws.getCell(`H${r}`).numFmt = '#,##0.00';
    total += row.usdt;
    const dep = world.ident(row.depositTo);
    ws.getCell(`I${r}`).value = dep.canonical;
    corpus.occur(file, cellAt(8), dep, dep.canonical, 'as-is', 'used-by', 'ledger-row-counterparty');
    ws.getCell(`J${r}`).value = row.agent;
    ws.getCell(`K${r}`).value = row.stage;
    if (row.victim === 'P15' && k === 2) {
      // Hostile but real-looking: a live formula in a seized cell. Importers must keep it as text, never evaluate it.
      ws.getCell(`L${r}`).value = { formula: 'HYPERLINK("https://glx-pro.example/admin/user?id=JL8821-0417","后台 admin")', result: '后台 admin' };
    } else if (row.victim === 'P18' && k === 2) ws.getCell(`L${r}`).value = '活动 event 15/03, 客户很信任 Yuki';
    else if (row.victim === 'X2') ws.getCell(`L${r}`).value = '注意: 和3组 Maria 同名 (not our worker)';
    else if (row.stage.startsWith('税费')) ws.getCell(`L${r}`).value = '税费后冻结 freeze after tax';
    corpus.structured(file, { path: `'${LEDGER_SHEET}'!A${r}:L${r}` }, 'ledger-row', ids);
    r++;
  }
  ws.getCell(`G${r}`).value = '合计 Total';
  ws.getCell(`H${r}`).value = { formula: `SUM(H3:H${r - 1})`, result: total };
  ws.getCell(`H${r}`).numFmt = '#,##0.00';

  const rates = wb.addWorksheet(RATES_SHEET);
  rates.getRow(1).values = ['日期 Date', 'USDT/THB', 'USDT/MYR', 'USDT/AED'];
  const rateDays = ['2025-01-06', '2025-02-03', '2025-03-03', '2025-04-01'];
  rateDays.forEach((d, i) => {
    const ms = DateTime.fromISO(d, { zone: device.zone }).toMillis();
    rates.getCell(`A${i + 2}`).value = excelSerial(ms, device.zone);
    rates.getCell(`A${i + 2}`).numFmt = 'yyyy-mm-dd';
    rates.getCell(`B${i + 2}`).value = [34.6, 35.1, 34.9, 35.3][i]!;
    rates.getCell(`C${i + 2}`).value = [4.58, 4.62, 4.6, 4.57][i]!;
    rates.getCell(`D${i + 2}`).value = 3.6725;
  });

  // The hidden sheet maps personas to the workers behind them: the examiner must see it (importers flag hidden sheets).
  const ag = wb.addWorksheet(AGENT_SHEET, { state: 'hidden' });
  ag.getRow(1).values = AGENT_COLUMNS.map((c) => c.header);
  agents.forEach((a, i) => {
    const rr = i + 2;
    const ids: Ident[] = [];
    ag.getCell(`A${rr}`).value = a.persona;
    ag.getCell(`B${rr}`).value = a.worker;
    const person = [a.work, a.personal, a.line].find(Boolean)!.split('.')[0]!;
    corpus.name(file, { path: `'${AGENT_SHEET}'!B${rr}` }, a.worker, person, 'agent-row');
    const cells: [string, string | undefined, string][] = [
      ['C', a.work, 'intl'],
      ['D', a.personal, 'e164'],
      ['E', a.line, 'bare'],
    ];
    for (const [col, key, form] of cells) {
      if (!key) continue;
      const id = world.ident(key);
      const raw = renderIdent(id, form);
      ag.getCell(`${col}${rr}`).value = raw;
      corpus.occur(file, { path: `'${AGENT_SHEET}'!${col}${rr}` }, id, raw, form, 'used-by', 'agent-row');
      ids.push(id);
    }
    ag.getCell(`F${rr}`).value = a.team;
    corpus.structured(file, { path: `'${AGENT_SHEET}'!A${rr}:F${rr}` }, 'agent-row', ids);
  });

  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  // exceljs stamps zip entries with the current time; rewrite them with the save time so output is byte-stable.
  const d = DateTime.fromMillis(savedAt, { zone: device.zone });
  const mtime = { y: d.year, mo: d.month, d: d.day, h: d.hour, mi: d.minute, s: d.second };
  const bytes = writeZip(readZip(raw).map((e) => ({ name: e.name, data: e.data, mtime, method: 'deflate' as const })));
  return { bytes, counts: { rows: rows.length, sheets: 3, agentRows: agents.length } };
}

function euro(n: number): string {
  const [i, f] = n.toFixed(2).split('.') as [string, string];
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${f}`;
}

export const TRANSFER_COLUMNS: { header: string; role: string; party: string }[] = [
  { header: 'Date', role: 'datetime', party: 'row' },
  { header: 'Reference', role: 'reference', party: 'row' },
  { header: 'Payer', role: 'person-name', party: 'payer' },
  { header: 'Payer IBAN', role: 'iban', party: 'payer' },
  { header: 'Beneficiary', role: 'person-name', party: 'beneficiary' },
  { header: 'Beneficiary IBAN / account', role: 'iban-or-account', party: 'beneficiary' },
  { header: 'Amount', role: 'amount', party: 'row' },
  { header: 'Currency', role: 'currency', party: 'row' },
  { header: 'USDT', role: 'amount', party: 'row' },
  { header: 'Beneficiary wallet (TRC20)', role: 'wallet', party: 'beneficiary' },
  { header: 'Forwarded to (TRC20)', role: 'wallet', party: 'counterparty' },
  { header: 'Status', role: 'free-text', party: 'row' },
];

export function renderTransfers(ctx: RenderCtx, file: string, rows: TransferRow[]): { bytes: Buffer; counts: Record<string, number> } {
  const { world, corpus, device } = ctx;
  const doc = new TextDoc();
  doc.add(TRANSFER_COLUMNS.map((c) => c.header).join(';'));
  rows.forEach((t, i) => {
    const line = doc.next;
    const cells: string[] = [];
    const record = (id: Ident, form: string, context: string) => {
      const raw = renderIdent(id, form);
      corpus.occur(file, { line }, id, raw, form, 'used-by', context);
      return raw;
    };
    cells.push(DateTime.fromMillis(t.t, { zone: device.zone }).toFormat('dd.MM.yyyy HH:mm'));
    cells.push(t.ref);
    cells.push(t.payerName);
    if (t.payer && t.payerKey) corpus.name(file, { line }, t.payerName, t.payer, 'transfer-payer');
    cells.push(t.payerKey ? record(world.ident(t.payerKey), i % 2 ? 'grouped' : 'compact', 'transfer-payer') : '');
    const ben = world.person(t.beneficiary);
    cells.push(ben.name);
    corpus.name(file, { line }, ben.name, ben.id, 'transfer-beneficiary');
    const benId = world.ident(t.beneficiaryKey);
    const benIds: Ident[] = [benId];
    cells.push(record(benId, benId.kind === 'iban' ? (i % 3 === 0 ? 'grouped' : 'compact') : 'bank-layout', 'transfer-beneficiary'));
    cells.push(euro(t.amount));
    cells.push(t.ccy);
    cells.push(euro(t.usdt));
    if (t.beneficiaryWallet) {
      const w = world.ident(t.beneficiaryWallet);
      cells.push(record(w, 'as-is', 'transfer-beneficiary'));
      benIds.push(w);
    } else cells.push('');
    cells.push(record(world.ident(t.forwardedTo), 'as-is', 'transfer-counterparty'));
    cells.push(t.status);
    doc.add(cells.join(';'));
    corpus.structured(file, { line }, 'transfer-row', benIds);
  });
  return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc.toString('\r\n'), 'utf8')]), counts: { rows: rows.length } };
}
