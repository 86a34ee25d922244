import ExcelJS from 'exceljs';
import { decode as qpDecode } from 'libqp';
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { AGENT_COLUMNS, AGENT_SHEET, LEDGER_COLUMNS, LEDGER_SHEET, TRANSFER_COLUMNS } from '../../scripts/demo/render-sheets';
import { readZip } from '../../scripts/demo/zip';
import { lines, useGeneratedDemo } from './generated';

const demo = useGeneratedDemo();

// ---------------------------------------------------------------- WhatsApp

const WA = {
  'android-dmy-24h': { re: /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}) - /, eol: '\n' as const },
  'android-dmy-24h-group': { re: /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}) - /, eol: '\n' as const },
  'android-mdy-12h': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{2}), (\d{1,2}):(\d{2}) (AM|PM) - /, eol: '\n' as const },
  'ios-mdy-12h-zip': { re: /^\[(\d{1,2})\/(\d{1,2})\/(\d{2}), (\d{1,2}):(\d{2}):(\d{2})\u202F(AM|PM)\] /, eol: '\r\n' as const },
};

interface WaMsg {
  utc: number;
  author: string | null;
  body: string;
}

/** Reads a WhatsApp export with the layout's header regex; every line must be a header or continue the one before. */
function readWhatsApp(layout: keyof typeof WA, text: string, zone: string): { msgs: WaMsg[]; continuation: number } {
  const { re, eol } = WA[layout];
  if (eol === '\n') expect(text.includes('\r')).toBe(false);
  const msgs: WaMsg[] = [];
  let continuation = 0;
  for (const l of lines(text, eol)) {
    const m = re.exec(l);
    if (!m) {
      expect(msgs.length, `first line is not a header: ${l}`).toBeGreaterThan(0);
      continuation++;
      msgs[msgs.length - 1]!.body += `\n${l}`;
      continue;
    }
    let y: number, mo: number, d: number, h: number;
    const mi = Number(m[5]);
    const s = layout === 'ios-mdy-12h-zip' ? Number(m[6]) : 0;
    if (layout.startsWith('android-dmy')) [d, mo, y, h] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    else {
      [mo, d, y, h] = [Number(m[1]), Number(m[2]), 2000 + Number(m[3]), Number(m[4])];
      const pm = (layout === 'ios-mdy-12h-zip' ? m[7] : m[6]) === 'PM';
      expect(h >= 1 && h <= 12).toBe(true);
      h = (h % 12) + (pm ? 12 : 0);
    }
    const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi, second: s }, { zone });
    expect(dt.isValid, l).toBe(true);
    const rest = l.slice(m[0].length);
    const colon = rest.indexOf(': ');
    const system = layout.startsWith('android') && (rest.startsWith('Messages and calls are end-to-end') || rest.startsWith('You ') || rest.startsWith('Your security code') || / left$/.test(rest));
    msgs.push({ utc: dt.toMillis(), author: system ? null : rest.slice(0, colon), body: system ? rest : rest.slice(colon + 2) });
  }
  return { msgs, continuation };
}

describe('WhatsApp exports', () => {
  it('every message line matches its layout header, counts match the manifest, and time never runs backwards', () => {
    for (const layout of Object.keys(WA) as (keyof typeof WA)[]) {
      const e = demo().entry(layout);
      const text = layout === 'ios-mdy-12h-zip' ? demo().text(e.path, '_chat.txt') : demo().text(e.path);
      const { msgs } = readWhatsApp(layout, text, e.zone);
      expect(msgs.length, layout).toBe(e.counts.messages);
      expect(msgs.length).toBeGreaterThan(40);
      for (let i = 1; i < msgs.length; i++) expect(msgs[i]!.utc, `${layout} message ${i}`).toBeGreaterThanOrEqual(msgs[i - 1]!.utc);
    }
  });

  it('the victim\'s Android export and the worker\'s iOS export hold the same conversation at the same UTC minutes', () => {
    const android = demo().entry('android-mdy-12h');
    const ios = demo().entry('ios-mdy-12h-zip');
    expect(android.zone).toBe('America/Chicago');
    expect(ios.zone).toBe('Asia/Bangkok');
    const a = readWhatsApp('android-mdy-12h', demo().text(android.path), android.zone).msgs.filter((m) => m.author !== null && !m.body.includes('<Media omitted>') && !/deleted|Missed voice call/.test(m.body));
    const i = readWhatsApp('ios-mdy-12h-zip', demo().text(ios.path, '_chat.txt'), ios.zone).msgs.filter((m) => !m.body.includes('<attached:') && !/deleted|end-to-end/.test(m.body));
    expect(a.length).toBe(i.length);
    expect(a.length).toBeGreaterThan(90);
    for (let k = 0; k < a.length; k++) {
      expect(i[k]!.body).toBe(a[k]!.body);
      // Android drops the seconds: the iOS instant floors to the Android minute.
      expect(Math.floor(i[k]!.utc / 60_000) * 60_000).toBe(a[k]!.utc);
    }
    // The conversation spans the 9 March 2025 DST change in Chicago (offset -6 h before, -5 h after).
    expect(a[0]!.utc).toBeLessThan(Date.parse('2025-03-09T08:00:00Z'));
    expect(a[a.length - 1]!.utc).toBeGreaterThan(Date.parse('2025-03-09T08:00:00Z'));
  });

  it('the Android MDY export has media omitted, system notices, a missed call and a deleted message', () => {
    const text = demo().text(demo().entry('android-mdy-12h').path);
    expect(text.match(/ - Jessica: <Media omitted>$/m) ?? text.match(/: <Media omitted>$/m)).not.toBeNull();
    expect(text.split('<Media omitted>').length - 1).toBe(2);
    expect(text).toMatch(/^\d+\/\d+\/25, \d+:\d\d [AP]M - Messages and calls are end-to-end encrypted\./m);
    expect(text).toMatch(/ - Your security code with Jessica changed\. Tap to learn more\.$/m);
    expect(text).toMatch(/ - Jessica: Missed voice call$/m);
    expect(text).toMatch(/ - Jessica: This message was deleted$/m);
  });

  it('the group export has phone-number authors wrapped in U+202A…U+202C with no-break spaces, and system lines', () => {
    const e = demo().entry('android-dmy-24h-group');
    const { msgs } = readWhatsApp('android-dmy-24h-group', demo().text(e.path), e.zone);
    const wrapped = new Set(msgs.map((m) => m.author).filter((a): a is string => !!a && a.startsWith('\u202A')));
    expect(wrapped.size).toBe(7);
    for (const a of wrapped) expect(a).toMatch(/^\u202A\+\d{2,3}(\u00A0\d+)+\u202C$/);
    const text = demo().text(e.path);
    expect(text).toMatch(/ - You created group "GL Team 3"$/m);
    expect(text).toMatch(/ - You added \u202A\+/m);
    expect(text).toMatch(/ - \u202A\+62[\d\u00A0]+\u202C left$/m);
    expect(text).toMatch(/[\u1000-\u109F]/); // Burmese
    expect(text).toMatch(/[\u0E00-\u0E7F]/); // Thai
  });

  it('the iOS zip holds _chat.txt, the two attached photos it names, and __MACOSX junk', () => {
    const e = demo().entry('ios-mdy-12h-zip');
    const entries = readZip(demo().bytes(e.path));
    const names = entries.map((x) => x.name);
    expect(names[0]).toBe('_chat.txt');
    expect(names).toHaveLength(4);
    const chat = entries[0]!.data.toString('utf8');
    const attached = [...chat.matchAll(/\u200E<attached: ([^>]+)>/g)].map((m) => m[1]!);
    expect(attached).toHaveLength(2);
    for (const a of attached) {
      expect(a).toMatch(/^\d{8}-PHOTO-2025-\d\d-\d\d-\d\d-\d\d-\d\d\.jpg$/);
      const jpg = entries.find((x) => x.name === a)!.data;
      expect([jpg[0], jpg[1], jpg[jpg.length - 2], jpg[jpg.length - 1]]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    }
    expect(names.filter((n) => n.startsWith('__MACOSX/._'))).toHaveLength(1);
    expect(entries.find((x) => x.name.startsWith('__MACOSX/'))!.data.readUInt32BE(0)).toBe(0x00051607);
    // iOS puts the end-to-end notice under the contact's name, with a left-to-right mark.
    expect(chat).toMatch(/^\[1\/28\/25, [\d:]+\u202FAM\] Sarah Chicago 🇺🇸: \u200EMessages and calls are end-to-end encrypted/);
  });
});

// ---------------------------------------------------------------- Telegram

describe('Telegram result.json', () => {
  it('is a full-account export whose `date` is `date_unixtime` in the declared zone', () => {
    const e = demo().entry('full-account-export-json');
    const root = JSON.parse(demo().text(e.path)) as {
      personal_information: Record<string, unknown>;
      contacts: { list: Record<string, unknown>[] };
      chats: { list: { name?: string; type: string; id: number; messages: Record<string, unknown>[] }[] };
    };
    expect(Object.keys(root.personal_information).sort()).toEqual(['about', 'bio', 'first_name', 'last_name', 'phone_number', 'user_id', 'username']);
    expect(root.contacts.list).toHaveLength(e.counts.contacts!);
    expect(root.chats.list.map((c) => c.type).sort()).toEqual(['personal_chat', 'personal_chat', 'personal_chat', 'personal_chat', 'private_supergroup', 'saved_messages']);
    let messages = 0;
    let calls = 0;
    const entityTypes = new Set<string>();
    const texts: string[] = [];
    for (const chat of root.chats.list) {
      let lastId = 0;
      for (const m of chat.messages) {
        expect(m.id as number).toBeGreaterThan(lastId);
        lastId = m.id as number;
        const local = DateTime.fromSeconds(Number(m.date_unixtime), { zone: e.zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
        expect(m.date).toBe(local);
        if (m.type === 'message') {
          messages++;
          expect(typeof m.from).toBe('string');
          expect(m.from_id).toMatch(/^user\d{10}$/);
          const ents = m.text_entities as { type: string; text: string }[];
          const flat = typeof m.text === 'string' ? m.text : (m.text as (string | { text: string })[]).map((p) => (typeof p === 'string' ? p : p.text)).join('');
          expect(ents.map((x) => x.text).join('')).toBe(flat);
          texts.push(flat);
          for (const x of ents) entityTypes.add(x.type);
        } else {
          expect(m.type).toBe('service');
          if (m.action === 'phone_call') {
            calls++;
            expect(['hangup', 'missed', 'busy']).toContain(m.discard_reason);
            expect(m.discard_reason === 'hangup').toBe(typeof m.duration_seconds === 'number');
          }
        }
      }
    }
    expect(messages).toBe(e.counts.messages);
    expect(calls).toBe(e.counts.calls);
    for (const t of ['plain', 'phone', 'mention', 'email', 'link']) expect(entityTypes.has(t), t).toBe(true);
    // Hostile markup pasted into a chat; Telegram still marks the URL inside it as a link entity.
    expect(texts).toContain("<script>window.location='https://glx-pro.example/login?ref=JL8821'</script>");
  });
});

// ---------------------------------------------------------------- LINE

describe('LINE exports', () => {
  for (const layout of ['line-en', 'line-th-buddhist-era']) {
    it(`${layout}: header, saved-on, date lines, tab-separated messages and quoted multi-line messages`, () => {
      const e = demo().entry(layout);
      const all = lines(demo().text(e.path), '\n');
      const th = layout === 'line-th-buddhist-era';
      expect(all[0]).toMatch(th ? /^\uFEFF\[LINE\] ประวัติการแชทกับ Napat$/ : /^\uFEFF\[LINE\] Chat history with Kenji Sato$/);
      expect(all[1]).toMatch(th ? /^บันทึกวันที่: 2568\/04\/12 10:20$/ : /^Saved on\uFF1A2025\/04\/11 15:03$/);
      const dateRe = th ? /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2})\/(\d{2})\/(\d{4}) BE$/ : /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2})\/(\d{2})\/(\d{4})$/;
      const msgRe = th ? /^\d{2}:\d{2}\t[^\t]+\t/ : /^\d{2}:\d{2} [AP]M\t[^\t]+\t/;
      let messages = 0;
      let dates = 0;
      let open = false;
      let quoted = 0;
      for (const l of all.slice(2)) {
        if (open) {
          if (l.endsWith('"')) open = false;
          continue;
        }
        if (l === '') continue;
        const d = dateRe.exec(l);
        if (d) {
          dates++;
          const [day, month] = th ? [Number(d[2]), Number(d[3])] : [Number(d[3]), Number(d[2])];
          const year = Number(d[4]) - (th ? 543 : 0);
          expect(year).toBe(2025);
          expect(DateTime.fromObject({ year, month, day }).setLocale('en').toFormat('ccc')).toBe(d[1]);
          continue;
        }
        expect(l, `unexpected line in ${e.path}`).toMatch(msgRe);
        messages++;
        const body = l.split('\t').slice(2).join('\t');
        if (body.startsWith('"') && !body.endsWith('"')) {
          open = true;
          quoted++;
        }
      }
      expect(open).toBe(false);
      expect(messages).toBe(e.counts.messages);
      expect(dates).toBeGreaterThan(8);
      expect(quoted).toBeGreaterThanOrEqual(1);
    });
  }
});

// ---------------------------------------------------------------- SMS Backup & Restore

function parseXml(text: string): { name: string; attrs: Record<string, string>; depth: number }[] {
  const out: { name: string; attrs: Record<string, string>; depth: number }[] = [];
  const p = new SaxesParser();
  let depth = 0;
  p.on('error', (e) => {
    throw e;
  });
  p.on('opentag', (t) => {
    out.push({ name: t.name, attrs: t.attributes as Record<string, string>, depth: depth++ });
  });
  p.on('closetag', () => {
    depth--;
  });
  p.write(text).close();
  return out;
}

describe('SMS Backup & Restore XML', () => {
  it('sms.xml is well-formed, its count matches, and the MMS carries a base64 PNG and both addresses', () => {
    const e = demo().entry('sms');
    const text = demo().text(e.path);
    expect(text.startsWith("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")).toBe(true);
    const els = parseXml(text);
    expect(els[0]!.name).toBe('smses');
    const sms = els.filter((x) => x.name === 'sms');
    const mms = els.filter((x) => x.name === 'mms');
    expect(sms).toHaveLength(e.counts.sms!);
    expect(mms).toHaveLength(1);
    expect(Number(els[0]!.attrs.count)).toBe(sms.length + mms.length);
    for (const s of sms) {
      expect(s.attrs.date).toMatch(/^\d{13}$/);
      expect(['1', '2']).toContain(s.attrs.type);
      expect(s.attrs.readable_date).toBe(DateTime.fromMillis(Number(s.attrs.date), { zone: e.zone }).setLocale('en').toFormat('d MMM yyyy HH:mm:ss'));
    }
    const png = Buffer.from(els.find((x) => x.name === 'part' && x.attrs.ct === 'image/png')!.attrs.data!, 'base64');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(els.filter((x) => x.name === 'addr').map((x) => x.attrs.type)).toEqual(['137', '151']);
  });

  it('calls.xml is well-formed with incoming, outgoing, missed and rejected calls; unanswered ones last 0 s', () => {
    const e = demo().entry('calls');
    const els = parseXml(demo().text(e.path));
    const calls = els.filter((x) => x.name === 'call');
    expect(calls).toHaveLength(e.counts.calls!);
    expect(Number(els[0]!.attrs.count)).toBe(calls.length);
    expect(new Set(calls.map((c) => c.attrs.type))).toEqual(new Set(['1', '2', '3', '5']));
    for (const c of calls) if (c.attrs.type === '3' || c.attrs.type === '5') expect(c.attrs.duration).toBe('0');
    // Newest first, as the app writes them.
    const dates = calls.map((c) => Number(c.attrs.date));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });
});

// ---------------------------------------------------------------- vCard

function cards(text: string): string[][] {
  expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
  const out: string[][] = [];
  let cur: string[] | null = null;
  for (const l of lines(text, '\r\n')) {
    if (l === 'BEGIN:VCARD') cur = [];
    else if (l === 'END:VCARD') {
      out.push(cur!);
      cur = null;
    } else cur!.push(l);
  }
  expect(cur).toBeNull();
  return out;
}

describe('vCard exports', () => {
  it('Android 2.1: bare TEL types, QUOTED-PRINTABLE names with soft line breaks that decode to Chinese and Burmese', () => {
    const e = demo().entry('vcard-2.1-android');
    const cs = cards(demo().text(e.path));
    expect(cs).toHaveLength(e.counts.contacts!);
    const names: string[] = [];
    let softBreaks = 0;
    for (const c of cs) {
      expect(c[0]).toBe('VERSION:2.1');
      expect(c.some((l) => /^TEL;(CELL|WORK|HOME)(;PREF)?:/.test(l))).toBe(true);
      const fnAt = c.findIndex((l) => l.startsWith('FN'));
      let fn = c[fnAt]!;
      if (fn.startsWith('FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:')) {
        let v = fn.slice(fn.indexOf(':') + 1);
        let k = fnAt;
        while (v.endsWith('=')) {
          softBreaks++;
          v = v.slice(0, -1) + c[++k]!;
        }
        fn = Buffer.from(qpDecode(v)).toString('utf8');
      } else fn = fn.slice(3);
      names.push(fn);
    }
    expect(names).toContain('陈总 Boss');
    expect(names).toContain('Kyaw Zin Htet ကျော်ဇင်ထက်');
    expect(names).toContain('王主管');
    expect(softBreaks).toBeGreaterThan(0);
    // Two people named the same as suspects (decoys) are in this phone book.
    expect(names).toContain('Chen Wei');
    expect(names).toContain('Aung Min');
  });

  it('iPhone 3.0: TYPE= parameters, grouped item1.TEL with X-ABLabel, IMPP, and a U+202E name', () => {
    const e = demo().entry('vcard-3.0-iphone');
    const cs = cards(demo().text(e.path));
    expect(cs).toHaveLength(e.counts.contacts!);
    for (const c of cs) {
      expect(c[0]).toBe('VERSION:3.0');
      expect(c[1]).toMatch(/^PRODID:-\/\/Apple Inc\.\/\/iPhone OS/);
    }
    const flat = cs.flat();
    const item = flat.findIndex((l) => l.startsWith('item1.TEL:'));
    expect(flat[item + 1]).toBe('item1.X-ABLabel:Work WA');
    expect(flat.some((l) => /^TEL;type=CELL;type=VOICE;type=pref:\+/.test(l))).toBe(true);
    expect(flat.some((l) => l.startsWith('IMPP;X-SERVICE-TYPE=Telegram'))).toBe(true);
    expect(flat).toContain('FN:Team \u202Erotcerid');
  });
});

// ---------------------------------------------------------------- spreadsheets

describe('spreadsheets', () => {
  it('the ledger workbook opens with exceljs: title row over the header row, serial dates, numbers that lost their +, a formula, a hidden sheet', async () => {
    const e = demo().entry('victim-ledger');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(demo().bytes(e.path) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      [LEDGER_SHEET, 'visible'],
      ['汇率 Rates', 'visible'],
      [AGENT_SHEET, 'hidden'],
    ]);
    const ws = wb.getWorksheet(LEDGER_SHEET)!;
    expect(String(ws.getCell('A1').value)).toContain('客户入金登记表');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    const rows = e.counts.rows!;
    let numericPhones = 0;
    let sum = 0;
    for (let r = 3; r < 3 + rows; r++) {
      const date = ws.getCell(`A${r}`);
      // exceljs turns a serial with a date format back into a Date (read as UTC wall time).
      expect(date.value instanceof Date || typeof date.value === 'number').toBe(true);
      expect(date.numFmt).toBe('yyyy-mm-dd hh:mm');
      const wall = date.value instanceof Date ? date.value : new Date(Date.UTC(1899, 11, 30) + (date.value as number) * 86_400_000);
      expect(wall.getUTCFullYear()).toBe(2025);
      if (typeof ws.getCell(`C${r}`).value === 'number') numericPhones++;
      sum += ws.getCell(`H${r}`).value as number;
    }
    expect(numericPhones).toBeGreaterThan(3);
    const total = ws.getCell(`H${3 + rows}`).value as { formula: string; result: number };
    expect(total.formula).toBe(`SUM(H3:H${2 + rows})`);
    expect(total.result).toBe(sum);
    const formulas: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => typeof c.value === 'object' && c.value && 'formula' in c.value && formulas.push(String((c.value as { formula: string }).formula))));
    expect(formulas.some((f) => f.startsWith('HYPERLINK("https://glx-pro.example/'))).toBe(true);
    const ag = wb.getWorksheet(AGENT_SHEET)!;
    expect((ag.getRow(1).values as unknown[]).slice(1)).toEqual(AGENT_COLUMNS.map((c) => c.header));
    expect(ag.rowCount).toBe(1 + e.counts.agentRows!);
  });

  it('the transfers CSV is UTF-8 with BOM, semicolons, CRLF, decimal commas and day-first dates', () => {
    const e = demo().entry('bank-usdt-transfers');
    const bytes = demo().bytes(e.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    const parsed = Papa.parse<string[]>(text.trimEnd(), { delimiter: ';', header: false });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual(TRANSFER_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(e.counts.rows!);
    for (const r of rows) {
      expect(r).toHaveLength(12);
      expect(r[0]).toMatch(/^\d{2}\.\d{2}\.2025 \d{2}:\d{2}$/);
      expect(r[6]).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/);
      expect(r[8]).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/);
      expect(['EUR', 'GBP', 'THB', 'AED']).toContain(r[7]);
    }
    expect(rows.map((r) => r[1])).toEqual(rows.map((_, i) => `GLX-${25001 + i}`));
  });
});
