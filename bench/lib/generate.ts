/**
 * Deterministic input writers for the import benchmarks, one per format: each streams records to disk until a
 * record count or a byte size is reached (so RSS stays flat however large the file), and returns what it wrote.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Stop after this many records, or once this many bytes are written (whichever comes first). */
export interface Target {
  records?: number;
  bytes?: number;
}

export interface Generated {
  /** Files written, in import order. */
  files: string[];
  /** Records written (messages, calls, cards, rows …). */
  records: number;
  bytes: number;
}

/** Buffered writer with back-pressure and a byte count. */
class Sink {
  private buf = '';
  bytes = 0;
  private readonly out: WriteStream;
  constructor(path: string) {
    this.out = createWriteStream(path);
  }
  async write(s: string): Promise<void> {
    this.buf += s;
    this.bytes += Buffer.byteLength(s);
    if (this.buf.length > 1 << 20) {
      const b = this.buf;
      this.buf = '';
      if (!this.out.write(b)) await once(this.out, 'drain');
    }
  }
  async end(): Promise<void> {
    this.out.end(this.buf);
    this.buf = '';
    await once(this.out, 'finish');
  }
}

function more(t: Target, records: number, bytes: number): boolean {
  if (t.records !== undefined && records >= t.records) return false;
  if (t.bytes !== undefined && bytes >= t.bytes) return false;
  return t.records !== undefined || t.bytes !== undefined;
}

/** A small LCG: the same inputs on every run and machine. */
export function rng(seed = 12345): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const WORDS = 'deposit USDT wallet profit trading platform withdraw fee tax account verify urgent tonight bonus signal team leader'.split(' ');
export const SENDERS = ['Somchai', '+66 81 234 5678', 'Boss Chen', 'Mya Mya', '\u202A+855 12 345 678\u202C', 'Anna K', 'Tran Van B', '~ Lucky'];
const PHONES = ['+66812345678', '0812345679', '+855 12 345 678', '+95 9 421 000 111', '+86 158 5926 4863', '+1 312 555 0142', '+66 91 585 7380', '0066 81 000 1234'];
const NAMES = ['Somchai Agent TH', 'Boss Chen', 'Mya Mya', 'Anna K', 'Tran Van B', 'Lucky', 'Omar Haddad', 'Pornthip Saelim', 'Sophie de Vries', 'Kenji Sato'];
const WALLETS = ['TA12QctfM9z8ZNRmRx4V2qw1wrn5jaFhTm', 'TPEwxEvMMyLwNzEfmKXFDy3zodi5EmLWWK', 'TZAQSmnJvL2rFak643bjp2WGMj7RJ3aHuT', 'TGYWRV9ZwTbajunWUn2LfUCo33Yocds6My'];

function pick<T>(arr: readonly T[], r: () => number): T {
  return arr[Math.floor(r() * arr.length) % arr.length]!;
}

function words(r: () => number, min = 3, spread = 12): string[] {
  const n = min + Math.floor(r() * spread);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(pick(WORDS, r));
  return w;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * Android WhatsApp, DMY 24 h: 1 in 20 messages multi-line, 1 in 97 media, 1 in 500 a system line, and 1 in 50
 * states a phone number (so the mention scan has real work).
 */
export async function generateWhatsApp(path: string, t: Target): Promise<Generated> {
  const out = new Sink(path);
  const r = rng();
  let ts = Date.UTC(2024, 0, 1, 8, 0);
  let n = 0;
  while (more(t, n, out.bytes)) {
    ts += Math.floor(r() * 120_000);
    const d = new Date(ts);
    const head = `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} - `;
    if (n % 500 === 0) await out.write(`${head}Somchai added Mya Mya\n`);
    else {
      const w = words(r);
      let body = w.join(' ');
      if (n % 20 === 0) body += `\n${w.reverse().join(' ')}`;
      if (n % 50 === 0) body = `my new number is ${pick(PHONES, r)} call me`;
      if (n % 97 === 0) body = '<Media omitted>';
      await out.write(`${head}${pick(SENDERS, r)}: ${body}\n`);
    }
    n++;
  }
  await out.end();
  return { files: [path], records: n, bytes: out.bytes };
}

/** Telegram Desktop single-chat `result.json`: text as a string, 1 in 25 as an entity array with a phone. */
export async function generateTelegram(path: string, t: Target): Promise<Generated> {
  const out = new Sink(path);
  const r = rng();
  await out.write('{\n "name": "Boss Chen",\n "type": "personal_chat",\n "id": 7349842612,\n "messages": [\n');
  let ts = Date.UTC(2024, 0, 1, 8, 0) / 1000;
  let n = 0;
  while (more(t, n, out.bytes)) {
    ts += Math.floor(r() * 120);
    const local = new Date((ts + 7 * 3600) * 1000).toISOString().slice(0, 19);
    const from = n % 2 === 0 ? ['Boss Chen', 'user7349842612'] : ['Anna K', 'user5433788219'];
    const body = words(r).join(' ');
    const text =
      n % 25 === 0
        ? `[${JSON.stringify(body + ' call ')}, {"type": "phone", "text": ${JSON.stringify(pick(PHONES, r))}}]`
        : JSON.stringify(body);
    const entities = n % 25 === 0 ? '[]' : `[{"type": "plain", "text": ${JSON.stringify(body)}}]`;
    await out.write(
      `${n ? ',\n' : ''}  {\n   "id": ${n + 1},\n   "type": "message",\n   "date": "${local}",\n   "date_unixtime": "${ts}",\n   "from": "${from[0]}",\n   "from_id": "${from[1]}",\n   "text": ${text},\n   "text_entities": ${entities}\n  }`,
    );
    n++;
  }
  await out.write('\n ]\n}\n');
  await out.end();
  return { files: [path], records: n, bytes: out.bytes };
}

/** LINE "Chat history" text, English layout (MM/DD/YYYY, 12 h), a day header whenever the date changes. */
export async function generateLine(path: string, t: Target): Promise<Generated> {
  const out = new Sink(path);
  const r = rng();
  await out.write('\uFEFF[LINE] Chat history with Kenji Sato\nSaved on\uFF1A2025/04/11 15:03\n');
  let ts = Date.UTC(2024, 0, 1, 8, 0);
  let day = '';
  let n = 0;
  const names = ['Kenji Sato', 'Yuki Tanaka'];
  while (more(t, n, out.bytes)) {
    ts += Math.floor(r() * 120_000);
    const d = new Date(ts);
    const key = d.toISOString().slice(0, 10);
    if (key !== day) {
      day = key;
      const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
      await out.write(`\n${wd}, ${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${d.getUTCFullYear()}\n`);
    }
    const h = d.getUTCHours();
    const time = `${p2(h % 12 === 0 ? 12 : h % 12)}:${p2(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
    let body = words(r).join(' ');
    if (n % 50 === 0) body = `my new number is ${pick(PHONES, r)}`;
    if (n % 40 === 0) body = '[Sticker]';
    await out.write(`${time}\t${names[n % 2]}\t${body}\n`);
    n++;
  }
  await out.end();
  return { files: [path], records: n, bytes: out.bytes };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** SMS Backup & Restore: `calls-*.xml` and `sms-*.xml` with the records split evenly between them. */
export async function generateSms(dir: string, t: Target): Promise<Generated> {
  const half: Target = { records: t.records !== undefined ? Math.ceil(t.records / 2) : undefined, bytes: t.bytes !== undefined ? Math.ceil(t.bytes / 2) : undefined };
  const r = rng();
  const head = (kind: string) => `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore v10.20.002 on 12/04/2025 10:15:30-->\n<?xml-stylesheet type="text/xsl" href="${kind}.xsl"?>\n`;
  const callsPath = `${dir}/calls-20250412101530.xml`;
  const calls = new Sink(callsPath);
  const total = half.records ?? 0;
  await calls.write(`${head('calls')}<calls count="${total}" backup_set="3f6c2a91-5d0e-4b7a-9c1e-8a2d4f6b0c13" backup_date="1744429530000" type="full">\n`);
  let ts = Date.UTC(2024, 0, 1, 8, 0);
  let nc = 0;
  while (more(half, nc, calls.bytes)) {
    ts += Math.floor(r() * 600_000);
    const i = Math.floor(r() * NAMES.length);
    await calls.write(
      `  <call number="${xmlEscape(PHONES[i % PHONES.length]!)}" duration="${Math.floor(r() * 900)}" date="${ts}" type="${1 + (nc % 3)}" presentation="1" subscription_id="1" post_dial_digits="" subscription_component_name="com.android.phone/com.android.services.telephony.TelephonyConnectionService" readable_date="9 Apr 2025 17:50:41" contact_name="${xmlEscape(NAMES[i]!)}" />\n`,
    );
    nc++;
  }
  await calls.write('</calls>\n');
  await calls.end();
  const smsPath = `${dir}/sms-20250412101530.xml`;
  const sms = new Sink(smsPath);
  await sms.write(`${head('sms')}<smses count="${total}" backup_set="3f6c2a91-5d0e-4b7a-9c1e-8a2d4f6b0c13" backup_date="1744429530000" type="full">\n`);
  let ns = 0;
  ts = Date.UTC(2024, 0, 1, 8, 0);
  while (more(half, ns, sms.bytes)) {
    ts += Math.floor(r() * 600_000);
    const i = Math.floor(r() * NAMES.length);
    let body = words(r).join(' ');
    if (ns % 50 === 0) body = `my new number is ${pick(PHONES, r)}`;
    const sent = ns % 3 === 0;
    await sms.write(
      `  <sms protocol="0" address="${xmlEscape(PHONES[i % PHONES.length]!)}" date="${ts}" type="${sent ? 2 : 1}" subject="null" body="${xmlEscape(body)}" toa="null" sc_toa="null" service_center="${sent ? 'null' : '+959000000012'}" read="1" status="-1" locked="0" date_sent="${sent ? 0 : ts - 2000}" sub_id="1" readable_date="9 Apr 2025 17:50:41" contact_name="${xmlEscape(NAMES[i]!)}" />\n`,
    );
    ns++;
  }
  await sms.write('</smses>\n');
  await sms.end();
  return { files: [callsPath, smsPath], records: nc + ns, bytes: calls.bytes + sms.bytes };
}

/** vCard 3.0 cards: FN, N, two TELs with types, an EMAIL, a NOTE; every 10th card 2.1 with QUOTED-PRINTABLE. */
export async function generateVcard(path: string, t: Target): Promise<Generated> {
  const out = new Sink(path);
  const r = rng();
  let n = 0;
  while (more(t, n, out.bytes)) {
    const name = `${pick(NAMES, r)} ${n}`;
    const [given, family] = name.split(' ');
    if (n % 10 === 0) {
      await out.write(
        `BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${family};${given};;;\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${name.replace(/ /g, '=20')}\r\nTEL;CELL;PREF:${pick(PHONES, r)}\r\nEND:VCARD\r\n`,
      );
    } else {
      await out.write(
        `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nN:${family};${given};;;\r\nTEL;TYPE=CELL:${pick(PHONES, r)}\r\nTEL;TYPE=WORK:+66 2 ${100 + (n % 900)} ${1000 + (n % 9000)}\r\nEMAIL;TYPE=INTERNET:user${n}@example.com\r\nNOTE:${words(r, 2, 5).join(' ')}\r\nEND:VCARD\r\n`,
      );
    }
    n++;
  }
  await out.end();
  return { files: [path], records: n, bytes: out.bytes };
}

export const LEDGER_HEADER = ['Date', 'Reference', 'Payer', 'Payer phone', 'Beneficiary', 'Beneficiary wallet (TRC20)', 'Amount', 'Currency', 'Status'];

function ledgerRow(r: () => number, n: number, ts: number): (string | number)[] {
  return [ts, `GLX-${100000 + n}`, pick(NAMES, r), pick(PHONES, r), pick(NAMES, r), pick(WALLETS, r), Math.round(r() * 5_000_000) / 100, pick(['USDT', 'THB', 'USD'], r), n % 7 === 0 ? 'returned' : 'completed'];
}

/** A transfers ledger CSV (comma-separated, ISO-like dates, a header row). */
export async function generateCsv(path: string, t: Target): Promise<Generated> {
  const out = new Sink(path);
  const r = rng();
  await out.write(`${LEDGER_HEADER.join(',')}\r\n`);
  let ts = Date.UTC(2024, 0, 1, 8, 0);
  let n = 0;
  while (more(t, n, out.bytes)) {
    ts += Math.floor(r() * 600_000);
    const row = ledgerRow(r, n, ts);
    row[0] = new Date(row[0] as number).toISOString().slice(0, 16).replace('T', ' ');
    await out.write(`${row.map((v) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v))).join(',')}\r\n`);
    n++;
  }
  await out.end();
  return { files: [path], records: n, bytes: out.bytes };
}

/** The same ledger as an XLSX written by exceljs' streaming writer (dates as Excel date cells, shared strings off). */
export async function generateXlsx(path: string, t: Target): Promise<Generated> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('Ledger');
  ws.addRow(LEDGER_HEADER).commit();
  const r = rng();
  let ts = Date.UTC(2024, 0, 1, 8, 0);
  let n = 0;
  // The compressed size is only known at the end: for a byte target, count the uncompressed cell text instead.
  let approx = 0;
  while (more(t, n, approx)) {
    ts += Math.floor(r() * 600_000);
    const row = ledgerRow(r, n, ts);
    row[0] = new Date(row[0] as number) as unknown as number;
    const x = ws.addRow(row);
    x.getCell(1).numFmt = 'yyyy-mm-dd hh:mm';
    x.commit();
    approx += 60;
    n++;
  }
  ws.commit();
  await wb.commit();
  const { statSync } = await import('node:fs');
  return { files: [path], records: n, bytes: statSync(path).size };
}
