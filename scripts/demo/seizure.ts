// The seizure: which evidence file comes from which device, how each party is saved there, and how it is rendered.
import { DateTime } from 'luxon';
import { agentRows, ledgerRows, transferRows } from './content/ledger';
import { bossChat, teamGroup } from './content/compound';
import { kenjiChat, napatChat } from './content/line';
import { callLog, smsLog } from './content/phone-logs';
import { sarahChat } from './content/sarah';
import { telegramChats } from './content/telegram';
import type { Corpus } from './corpus';
import type { ManifestEntry, RenderCtx, RenderedFile } from './doc';
import { appleDouble, flatJpeg } from './media';
import { renderLine } from './render-line';
import { AGENT_COLUMNS, AGENT_SHEET, LEDGER_COLUMNS, LEDGER_SHEET, RATES_SHEET, renderLedger, renderTransfers, TRANSFER_COLUMNS } from './render-sheets';
import { renderCalls, renderSms } from './render-sms';
import { renderTelegram } from './render-telegram';
import { renderVcards, type Card } from './render-vcard';
import { renderWhatsApp, type Author } from './render-whatsapp';
import type { Rng } from './prng';
import type { World } from './world';
import { writeZip, type ZipEntryIn } from './zip';

function entry(ctx: RenderCtx, path: string, e: Omit<ManifestEntry, 'path' | 'device' | 'zone' | 'region' | 'owner' | 'ownerPerson' | 'import'> & { dateOrder: ManifestEntry['dateOrder'] }): ManifestEntry {
  const d = ctx.device;
  const owner = ctx.world.ident(d.ownerIdent).canonical;
  const imp: ManifestEntry['import'] = { format: 'auto', tz: d.zone, region: d.region, owner };
  if (e.dateOrder) imp.dateOrder = e.dateOrder;
  return { path, device: d.id, zone: d.zone, region: d.region, owner, ownerPerson: d.owner, import: imp, ...e };
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** Contact names on the handler's Android phone, per identifier (used by WhatsApp, SMS, calls and the vCard export). */
const D1_NAMES: Record<string, string> = {
  'P01.kh': '陈总 Boss',
  'P01.cn': '陈总 Boss',
  'X1.th': 'Chen Wei',
  'P04.mm': 'Kyaw Zin Htet ကျော်ဇင်ထက်',
  'P04.th': 'Kyaw Zin Htet ကျော်ဇင်ထက်',
  'X4.mm': 'Aung Min',
  'P03.th': 'Somchai Agent TH',
  'P27.cn': '王主管',
  'P06.in': 'Arjun IT',
  'P06.th': 'Arjun IT',
  'P26.la': 'Souk SIM Laos',
  'P26.la2': 'Souk SIM Laos',
  'P12.th': 'Pornthip KBank',
  'P11.my': 'Lim OTC',
};

function d1Cards(): Card[] {
  return [
    { person: 'P01', fn: '陈总 Boss', n: ['陈', '总'], fields: [{ id: 'P01.kh', label: 'CELL' }, { id: 'P01.cn', label: 'WORK' }, { id: 'P01.email', label: 'HOME' }], photo: true },
    { person: 'X1', fn: 'Chen Wei', n: ['Wei', 'Chen'], fields: [{ id: 'X1.th', label: 'CELL' }], note: 'Phone shop Mae Sot, used iPhones' },
    { person: 'P04', fn: 'Kyaw Zin Htet ကျော်ဇင်ထက်', n: ['Kyaw Zin Htet', 'ကျော်ဇင်ထက်'], fields: [{ id: 'P04.mm', label: 'CELL', form: 'national' }, { id: 'P04.th', label: 'CELL' }] },
    { person: 'X4', fn: 'Aung Min', n: ['Min', 'Aung'], fields: [{ id: 'X4.mm', label: 'CELL', form: 'national-compact' }], note: 'Moto taxi Myawaddy' },
    { person: 'P03', fn: 'Somchai Agent TH', n: ['Agent TH', 'Somchai'], fields: [{ id: 'P03.th', label: 'CELL' }], note: 'LINE {P03.line}' },
    { person: 'P27', fn: '王主管', n: ['王', '主管'], fields: [{ id: 'P27.cn', label: 'CELL', form: 'e164' }] },
    { person: 'P06', fn: 'Arjun IT', n: ['IT', 'Arjun'], fields: [{ id: 'P06.in', label: 'CELL' }, { id: 'P06.th', label: 'WORK', form: 'idd00' }] },
    { person: 'P26', fn: 'Souk SIM Laos', n: ['SIM Laos', 'Souk'], fields: [{ id: 'P26.la', label: 'CELL' }, { id: 'P26.la2', label: 'HOME', form: 'intl-paren0' }] },
    { person: 'P12', fn: 'Pornthip KBank', n: ['KBank', 'Pornthip'], fields: [{ id: 'P12.th', label: 'CELL', form: 'e164' }], note: 'KBank {P12.acct} เงินสด cash only' },
    { person: 'P11', fn: 'Lim OTC', n: ['OTC', 'Lim'], fields: [{ id: 'P11.my', label: 'CELL' }] },
  ];
}

function d2Cards(): Card[] {
  return [
    { person: 'P05', fn: 'Maria Santos', n: ['Santos', 'Maria'], fields: [{ id: 'P05.ph', label: 'CELL', form: 'intl' }, { id: 'P05.us', label: 'Work WA', grouped: true, form: 'intl' }, { id: 'P05.email', label: 'HOME' }] },
    { person: 'P15', fn: 'Sarah Chicago 🇺🇸', n: ['Chicago 🇺🇸', 'Sarah'], fields: [{ id: 'P15.us', label: 'CELL', form: 'intl-dash' }, { id: 'P15.email', label: 'HOME', form: 'capitalised' }], note: 'nurse, widow, dog Biscuit, daughter Emma (wedding May)' },
    // Hostile name: U+202E makes "rotcerid" display as "director". Stored and shown as written, flagged.
    { person: 'P02', fn: 'Team \u202Erotcerid', n: ['\u202Erotcerid', 'Team'], fields: [{ id: 'P02.mm', label: 'CELL', form: 'e164' }, { id: 'P02.tg', label: 'pref', form: 'bare' }] },
    { person: 'P09', fn: 'Grace KE', n: ['KE', 'Grace'], fields: [{ id: 'P09.ke', label: 'CELL', form: 'intl' }] },
    { person: 'P28', fn: 'Ana', n: ['', 'Ana'], fields: [{ id: 'P28.ph', label: 'CELL', form: 'intl' }] },
    { person: 'P04', fn: 'Kyaw Security', n: ['Security', 'Kyaw'], fields: [{ id: 'P04.th', label: 'CELL', form: 'national-dash' }] },
    { person: 'P06', fn: 'Arjun', n: ['', 'Arjun'], fields: [{ id: 'P06.th', label: 'CELL', form: 'national' }] },
    { person: 'P07', fn: 'Aung Min', n: ['Min', 'Aung'], fields: [{ id: 'P07.mm', label: 'CELL', form: 'intl' }] },
  ];
}

export async function renderSeizure(world: World, corpus: Corpus, rng: Rng): Promise<RenderedFile[]> {
  const out: RenderedFile[] = [];
  const ctxFor = (deviceId: string, name: string): RenderCtx => ({ world, corpus, rng: rng.fork(`render/${name}`), device: world.device(deviceId) });
  const content = rng.fork('content');
  const sarah = sarahChat(content.fork('sarah'));
  const kenji = kenjiChat(content.fork('kenji'));

  // ---- D1: the handler's Android phone (Myanmar region, Myawaddy time).
  {
    const dev = world.device('D1');
    const named = (p: string): Author => ({ name: D1_NAMES[Object.keys(D1_NAMES).find((k) => k.startsWith(`${p}.`))!]! });
    let ctx = ctxFor('D1', 'boss-chat');
    let path = `${dev.folder}/WhatsApp Chat with 陈总 Boss.txt`;
    const boss = renderWhatsApp(ctx, { layout: 'android-dmy-24h', file: path, authors: { P01: named('P01'), P02: { name: 'Zhao Lei' } }, phoneForms: ['intl', 'e164', 'intl-dash'], msgs: bossChat(content.fork('boss')) });
    out.push({ path, bytes: utf8(boss.text), manifest: entry(ctx, path, { format: 'whatsapp', layout: 'android-dmy-24h', description: 'WhatsApp 1:1 chat between the handler and the boss (Chinese/English): targets, passports, mule accounts, a SIM change, raid warning.', dateOrder: 'dmy', encoding: 'utf-8', counts: { messages: boss.messages } }) });

    ctx = ctxFor('D1', 'team-group');
    path = `${dev.folder}/WhatsApp Chat with GL Team 3.txt`;
    const authors: Record<string, Author> = { P02: { name: 'Zhao Lei' }, P04: named('P04'), P06: named('P06') };
    for (const p of ['P05', 'P07', 'P08', 'P09', 'P28', 'P30', 'P19']) authors[p] = { phone: `${p}.${Object.keys(world.person(p).ids).find((k) => world.person(p).ids[k]!.kind === 'phone')}` };
    const group = renderWhatsApp(ctx, { layout: 'android-dmy-24h', file: path, authors, phoneForms: ['intl'], msgs: teamGroup(content.fork('group')) });
    out.push({ path, bytes: utf8(group.text), manifest: entry(ctx, path, { format: 'whatsapp', layout: 'android-dmy-24h-group', description: 'WhatsApp group "GL Team 3": daily deposit reports by workers who are not saved contacts, so their numbers are the authors (wrapped in U+202A…U+202C with no-break spaces); Burmese, Thai and Chinese lines; members added and leaving.', dateOrder: 'dmy', encoding: 'utf-8', counts: { messages: group.messages } }) });

    const backupAt = DateTime.fromISO('2025-04-12T10:15:30', { zone: dev.zone }).toMillis();
    const stamp = DateTime.fromMillis(backupAt, { zone: dev.zone }).toFormat('yyyyMMddHHmmss');
    const smsSpec = { contactNames: D1_NAMES, backupAt, backupSet: '3f6c2a91-5d0e-4b7a-9c1e-8a2d4f6b0c13' };
    ctx = ctxFor('D1', 'sms');
    path = `${dev.folder}/sms-${stamp}.xml`;
    const sms = renderSms(ctx, { file: path, ...smsSpec }, smsLog(content.fork('sms')));
    out.push({ path, bytes: utf8(sms.text), manifest: entry(ctx, path, { format: 'sms-backup', layout: 'sms', description: 'SMS Backup & Restore sms.xml: texts with the boss, the security chief, the recruiter, the SIM supplier and the Thai mule, carrier notices, and one MMS with a PNG deposit QR code.', dateOrder: null, encoding: 'utf-8', counts: sms.counts }) });
    ctx = ctxFor('D1', 'calls');
    path = `${dev.folder}/calls-${stamp}.xml`;
    const calls = renderCalls(ctx, { file: path, ...smsSpec }, callLog(content.fork('calls')));
    out.push({ path, bytes: utf8(calls.text), manifest: entry(ctx, path, { format: 'sms-backup', layout: 'calls', description: 'SMS Backup & Restore calls.xml: incoming, outgoing, missed and rejected calls, newest first; Myanmar numbers stored nationally.', dateOrder: null, encoding: 'utf-8', counts: calls.counts }) });

    ctx = ctxFor('D1', 'vcard');
    path = `${dev.folder}/contacts.vcf`;
    const vc = renderVcards(ctx, path, '2.1', d1Cards());
    out.push({ path, bytes: utf8(vc.text), manifest: entry(ctx, path, { format: 'vcard', layout: 'vcard-2.1-android', description: 'Android contacts export, vCard 2.1: bare TEL types, QUOTED-PRINTABLE names in Chinese and Burmese with soft line breaks, one base64 photo; includes two decoys who share a name with a suspect.', dateOrder: null, encoding: 'utf-8', counts: vc.counts }) });
  }

  // ---- D2: the worker's iPhone ("Jessica Lin"), Thai time.
  {
    const dev = world.device('D2');
    let ctx = ctxFor('D2', 'sarah-ios');
    const path = `${dev.folder}/WhatsApp Chat - Sarah Chicago.zip`;
    const wa = renderWhatsApp(ctx, { layout: 'ios-mdy-12h', file: path, member: '_chat.txt', authors: { P05: { name: 'Jessica Lin' }, P15: { name: 'Sarah Chicago 🇺🇸' } }, phoneForms: ['intl'], msgs: sarah.msgs });
    const exportAt = DateTime.fromISO('2025-04-11T16:42:10', { zone: dev.zone });
    const mtime = (ms: number) => {
      const d = DateTime.fromMillis(ms, { zone: dev.zone });
      return { y: d.year, mo: d.month, d: d.day, h: d.hour, mi: d.minute, s: d.second };
    };
    const greys: Record<string, number> = { 'wine-tasting': 96, biscuit: 176 };
    const entries: ZipEntryIn[] = [{ name: '_chat.txt', data: utf8(wa.text), mtime: mtime(exportAt.toMillis()), method: 'deflate' }];
    for (const a of wa.attachments) entries.push({ name: a.name, data: flatJpeg(greys[a.stem] ?? 128, a.stem), mtime: mtime(a.t), method: 'store' });
    entries.push({ name: `__MACOSX/._${wa.attachments[0]!.name}`, data: appleDouble(), mtime: mtime(exportAt.toMillis()), method: 'store' });
    out.push({ path, bytes: writeZip(entries), manifest: entry(ctx, path, { format: 'whatsapp', layout: 'ios-mdy-12h-zip', description: 'iOS WhatsApp export (zip) of the persona "Jessica Lin" with the victim Sarah: _chat.txt (CRLF, NNBSP before AM/PM, E2E notice under the contact\'s name), two attached JPEGs and macOS __MACOSX junk. The same conversation as the victim\'s own export (D5).', dateOrder: 'mdy', encoding: 'utf-8', counts: { messages: wa.messages, attachments: wa.attachments.length, zipEntries: entries.length } }) });

    ctx = ctxFor('D2', 'vcard');
    const vpath = `${dev.folder}/iPhone contacts.vcf`;
    const vc = renderVcards(ctx, vpath, '3.0', d2Cards());
    out.push({ path: vpath, bytes: utf8(vc.text), manifest: entry(ctx, vpath, { format: 'vcard', layout: 'vcard-3.0-iphone', description: 'iPhone contacts, vCard 3.0: TYPE= parameters, grouped item1.TEL + X-ABLabel, IMPP handle, the owner\'s own card, and a name with a U+202E right-to-left override.', dateOrder: null, encoding: 'utf-8', counts: vc.counts }) });
  }

  // ---- D3: the boss's laptop: Telegram export, the ledger workbook and the transfers sheet (Cambodia time).
  {
    const dev = world.device('D3');
    let ctx = ctxFor('D3', 'telegram');
    const path = `${dev.folder}/Telegram Desktop/DataExport_2025-04-12/result.json`;
    const tg = renderTelegram(ctx, {
      file: path,
      chats: telegramChats(content.fork('telegram')),
      names: { P02: 'Zhao Lei', P10: 'Li Na 财务', P11: 'Lim OTC', P03: 'Somchai TH', P13: 'Yusuf Demir', P25: 'Omar Haddad', P27: 'Wang Jun 王军' },
      contacts: [
        { person: 'P02', phone: 'P02.kh', form: 'intl', addedAt: '2024-11-02T10:12:00' },
        { person: 'P10', phone: 'P10.cn', form: 'e164', addedAt: '2024-08-19T09:40:00' },
        { person: 'P11', phone: 'P11.my', form: 'intl', addedAt: '2024-06-30T18:05:00' },
        { person: 'P03', phone: 'P03.th', form: 'e164', addedAt: '2024-12-01T14:22:00' },
        { person: 'P13', phone: 'P13.tr', form: 'intl', addedAt: '2025-02-03T15:58:00' },
        { person: 'P25', phone: 'P25.ae', form: 'intl', addedAt: '2025-01-10T11:00:00' },
        { person: 'P27', phone: 'P27.kh', form: 'e164', addedAt: '2024-05-14T08:30:00' },
      ],
    });
    out.push({ path, bytes: utf8(tg.text), manifest: entry(ctx, path, { format: 'telegram', layout: 'full-account-export-json', description: 'Telegram Desktop full-account export: personal_information, contacts.list, chats.list (OTC broker, finance supergroup, payment agents, the handler, saved messages) with phone_call service messages and text entity arrays; `date` is Cambodia time, `date_unixtime` UTC.', dateOrder: null, encoding: 'utf-8', counts: tg.counts }) });

    ctx = ctxFor('D3', 'ledger');
    const xpath = `${dev.folder}/客户登记表 2025Q1.xlsx`;
    const lrows = ledgerRows(content.fork('ledger'), [...sarah.deposits, ...kenji.deposits]);
    const savedAt = DateTime.fromISO('2025-04-09T23:41:00', { zone: dev.zone }).toMillis();
    const xl = await renderLedger(ctx, xpath, lrows, agentRows(), savedAt);
    out.push({
      path: xpath,
      bytes: xl.bytes,
      manifest: {
        ...entry(ctx, xpath, { format: 'xlsx', layout: 'victim-ledger', description: 'Victim deposit ledger: a merged title row above a Chinese+English header row, Excel-serial dates, phone numbers as text and as numbers that lost their +, a live HYPERLINK formula, a SUM total row, a rates sheet and a hidden sheet mapping personas to workers.', dateOrder: null, encoding: 'xlsx', counts: xl.counts }),
        columns: [...LEDGER_COLUMNS.map((c) => ({ ...c, header: `${LEDGER_SHEET} / ${c.header}` })), ...AGENT_COLUMNS.map((c) => ({ ...c, header: `${AGENT_SHEET} / ${c.header}` }))],
        headerRows: { [LEDGER_SHEET]: 2, [AGENT_SHEET]: 1, [RATES_SHEET]: 1 },
      },
    });

    ctx = ctxFor('D3', 'transfers');
    const cpath = `${dev.folder}/transfers_2025Q1.csv`;
    const tr = renderTransfers(ctx, cpath, transferRows(content.fork('transfers')));
    out.push({
      path: cpath,
      bytes: tr.bytes,
      manifest: { ...entry(ctx, cpath, { format: 'csv', layout: 'bank-usdt-transfers', description: 'Bank and USDT transfers: UTF-8 with BOM, semicolon-delimited, CRLF, decimal commas and dot thousands, day-first dates; payers (victims) and beneficiaries (mules) in one row — different parties, so only each party\'s own columns belong together.', dateOrder: 'dmy', encoding: 'utf-8-bom', counts: tr.counts }), columns: TRANSFER_COLUMNS, headerRows: { csv: 1 } },
    });
  }

  // ---- D4: the recruiter's phone: LINE in Thai with Buddhist-Era years.
  {
    const dev = world.device('D4');
    const ctx = ctxFor('D4', 'napat');
    const path = `${dev.folder}/[LINE] Napat.txt`;
    const savedAt = DateTime.fromISO('2025-04-12T10:20:00', { zone: dev.zone }).toMillis();
    const l = renderLine(ctx, { layout: 'th', file: path, title: 'Napat', names: { P03: 'Somchai Jobs', P19: 'Napat' }, phoneForms: ['national-dash', 'intl'], msgs: napatChat(content.fork('napat')), savedAt });
    out.push({ path, bytes: utf8(l.text), manifest: entry(ctx, path, { format: 'line', layout: 'line-th-buddhist-era', description: 'LINE chat history exported in Thai: Thai header and "saved on" line, date lines with Buddhist-Era years (2568 = 2025) day first, 24-hour times, a quoted multi-line message, photos and calls; the recruitment of a trafficked job-seeker.', dateOrder: 'dmy', encoding: 'utf-8-bom', counts: { messages: l.messages } }) });
  }

  // ---- D5: the victim's own Android phone (US, Chicago time, crosses the March DST change).
  {
    const dev = world.device('D5');
    const ctx = ctxFor('D5', 'sarah-android');
    const path = `${dev.folder}/WhatsApp Chat with Jessica.txt`;
    const wa = renderWhatsApp(ctx, { layout: 'android-mdy-12h', file: path, authors: { P15: { name: 'Sarah Miller' }, P05: { name: 'Jessica' } }, phoneForms: ['national', 'intl'], msgs: sarah.msgs });
    out.push({ path, bytes: utf8(wa.text), manifest: entry(ctx, path, { format: 'whatsapp', layout: 'android-mdy-12h', description: 'Android WhatsApp export (no media) from the victim\'s phone: month-first 12-hour times, <Media omitted>, end-to-end and security-code notices, a missed voice call and a deleted message; spans the 9 March 2025 DST change in Chicago.', dateOrder: 'mdy', encoding: 'utf-8', counts: { messages: wa.messages } }) });
  }

  // ---- D6: the worker's Redmi: LINE in English with the Japanese victim.
  {
    const dev = world.device('D6');
    const ctx = ctxFor('D6', 'kenji');
    const path = `${dev.folder}/[LINE] Chat with Kenji Sato.txt`;
    const savedAt = DateTime.fromISO('2025-04-11T15:03:00', { zone: dev.zone }).toMillis();
    const l = renderLine(ctx, { layout: 'en', file: path, title: 'Kenji Sato', names: { P06: 'Yuki Tanaka', P18: 'Kenji Sato' }, phoneForms: ['intl'], msgs: kenji.msgs, savedAt });
    out.push({ path, bytes: utf8(l.text), manifest: entry(ctx, path, { format: 'line', layout: 'line-en', description: 'LINE chat history in English: "Www, MM/DD/YYYY" date lines, 12-hour times, tab-separated, stickers, photos, calls and quoted multi-line messages, with some Japanese; the persona "Yuki" and a victim in Osaka.', dateOrder: 'mdy', encoding: 'utf-8-bom', counts: { messages: l.messages } }) });
  }
  return out;
}
