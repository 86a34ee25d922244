/**
 * A labelled synthetic seizure for identity linking: 32 people and 4 decoys across eight evidence items
 * (WhatsApp, Telegram, LINE, calls.xml, sms.xml, vCards, a ledger XLSX, a transfers CSV), written as the
 * importers write records. Each identifier appears in different surface forms in different files; decoys
 * share display names (and one a look-alike handle) but no identifier. The truth is kept beside: which person
 * every canonical identifier and every account belongs to, so tests can score the linker pairwise.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from '../../main/engine/case';
import { base58CheckEncode } from '../../main/engine/identity/base58';
import { eip55 } from '../../main/engine/identity/wallets';
import type { ImportResult } from '../../main/engine/jobs/import';
import { importEvidence } from '../../main/engine/jobs/import';
import type { Importer } from '../../main/engine/importers/types';
import type { AccountRecord, ImportRecord, PartyRef, RawIdentifier } from '../../main/engine/model/records';

// ------------------------------------------------------------------ identifiers and their surface forms

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function tron(seed: string): string {
  const p = Buffer.alloc(21);
  p[0] = 0x41;
  digest(`tron:${seed}`).copy(p, 1, 0, 20);
  return base58CheckEncode(p);
}

export function eth(seed: string): string {
  return eip55(`0x${digest(`eth:${seed}`).toString('hex').slice(0, 40)}`);
}

function mod97(s: string): number {
  let r = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    for (const d of c >= 65 ? String(c - 55) : ch) r = (r * 10 + Number(d)) % 97;
  }
  return r;
}

/** An IBAN with correct check digits for a country and BBAN. */
export function iban(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

function group4(s: string): string {
  return s.replace(/(.{4})/g, '$1 ').trim();
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** Surface forms of a Thai mobile written as E.164 `+66XXXXXXXXX` (9 national digits). */
export function th(e164: string, form: string): string {
  const n = e164.slice(3); // 9 digits, e.g. 812345601
  const a = n.slice(0, 2);
  const b = n.slice(2, 5);
  const c = n.slice(5);
  switch (form) {
    case 'e164':
      return e164;
    case 'intl':
      return `+66 ${a} ${b} ${c}`;
    case 'national':
      return `0${n}`;
    case 'dashed':
      return `0${a}-${b}-${c}`;
    case 'spaced':
      return `0${a} ${b} ${c}`;
    case 'idd00':
      return `0066${n}`;
    case 'noplus':
      return `66${n}`;
    case 'trunk':
      return `+66 (0)${a} ${b} ${c}`;
    case 'bidi':
      return `\u202A+66 ${a} ${b} ${c}\u202C`;
    case 'nbsp':
      return `+66\u00A0${a}\u2011${b}\u2011${c}`;
    case 'thai':
      return `0${n}`.replace(/\d/g, (d) => THAI_DIGITS[Number(d)]!);
    case 'thai-dashed':
      return `0${a}-${b}-${c}`.replace(/\d/g, (d) => THAI_DIGITS[Number(d)]!);
    default:
      throw new Error(`unknown form ${form}`);
  }
}

// ------------------------------------------------------------------ the people

export interface Person {
  id: string;
  name: string;
  /** Canonical (normalised) identifiers: what the linker must produce. */
  ids: string[];
}

const T = (n: string) => `+66${n}`;

export const W05 = tron('P05');
export const E07 = eth('P07');
const victimWallet = (i: number) => tron(`victim${i}`);

export const PEOPLE: Person[] = [
  { id: 'P01', name: 'Boss Chen', ids: [T('812345601')] },
  { id: 'P02', name: 'Tony', ids: [T('891234502'), 'tony.k@example.com'] },
  { id: 'P03', name: 'Bank', ids: [T('891234503')] },
  { id: 'P04', name: 'Jay', ids: [T('891234504'), T('921234504')] },
  { id: 'P05', name: 'Boss Li', ids: [T('865550505'), 'telegram:@boss_li', 'telegram:5005', W05] },
  { id: 'P06', name: 'Ken', ids: ['telegram:6006', 'telegram:@ken_w', 'line:@kenw88', T('623456006')] },
  { id: 'P07', name: 'Mimi', ids: ['telegram:7007', E07.toLowerCase()] },
  { id: 'P08', name: 'Lek', ids: [T('812345608')] },
  { id: 'P09', name: 'Kwan', ids: ['kwan.p@example.com', T('987654309')] },
  { id: 'P10', name: 'Nok', ids: [T('954321010')] },
  { id: 'P11', name: 'Ann', ids: [T('641112011'), 'ann.k@example.org'] },
  { id: 'P12', name: 'Bee', ids: [T('641112012')] },
  { id: 'P13', name: 'Oat', ids: [T('641112013'), 'oat.s@example.com'] },
  { id: 'P14', name: 'Fern', ids: ['telegram:1414', T('641112014')] },
  { id: 'P15', name: 'Pim', ids: [T('641112015')] },
  { id: 'P16', name: 'Joy', ids: [T('641112016')] },
  { id: 'D01', name: 'Tony', ids: [T('899999901')] },
  { id: 'D02', name: 'Sarah Miller', ids: [iban('GB', 'NWBK60161331926819'), 'sarah.miller@example.net'] },
  { id: 'D03', name: 'Boss Li', ids: ['telegram:9003', 'telegram:@b\u043Ess_li'] },
  { id: 'D04', name: 'Nok', ids: [T('899999904')] },
  // Not a person: a bank's short-code hotline in the call log (its number is invalid as a phone number).
  { id: 'H01', name: 'Bank hotline', ids: [] },
];

export interface Victim extends Person {
  phoneRaw: string;
  email: string;
  emailRaw: string;
  wallet: string;
  iban: string | null;
}

const VICTIM_NAMES = ['Emily Carter', 'James Wilson', 'Hannah Lee', 'Sarah Miller', 'David Brown', 'Olivia Green', 'Lucas Martin', 'Mia Walker', 'Ploy Srisuk', 'Somchai K.', 'Anna Novak', 'Peter Hall', 'Grace Kim', 'Ryan Scott', 'Chloe Adams', 'Ben Turner'];

export const VICTIMS: Victim[] = VICTIM_NAMES.map((name, k) => {
  const i = 17 + k;
  const id = `P${i}`;
  const us = k % 3 === 0;
  const phone = us ? `+1312555${String(100 + i).padStart(4, '0')}` : T(`6411125${String(i).padStart(2, '0')}`);
  const phoneRaw = us ? `+1 (312) 555-${String(100 + i).padStart(4, '0')}` : th(phone, k % 2 ? 'noplus' : 'dashed');
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/\.$/, '')}@example.com`;
  const emailRaw = k % 2 ? email.toUpperCase() : email.replace(/^./, (c) => c.toUpperCase());
  const wallet = victimWallet(i);
  const ib = k < 9 ? iban('DE', `370400440532013${String(i).padStart(3, '0')}`) : null;
  // Ploy (P25) appears only with her IBAN in the transfers and her phone only in a message; her phone is
  // still labelled so suggestions about it can be scored.
  const ids = [email, wallet, phone, ...(ib ? [ib] : [])];
  return { id, name, ids, phoneRaw, email, emailRaw, wallet, iban: ib };
});

export const ALL_PEOPLE: Person[] = [...PEOPLE, ...VICTIMS];

// ------------------------------------------------------------------ evidence items

export interface SynthItem {
  file: string;
  owner?: string;
  records: ImportRecord[];
  /** account key -> person id. */
  accounts: Record<string, string>;
}

const wall = (d: number, h: number, mi = 0) => ({ kind: 'wall' as const, wall: { y: 2025, mo: 3, d, h, mi, s: 0 }, raw: `${d}/03/2025 ${h}:${mi}` });
const acct = (key: string, platform: AccountRecord['platform'], display: string | undefined, identifiers: RawIdentifier[], extra: Partial<AccountRecord> = {}): AccountRecord => ({
  type: 'account',
  key,
  platform,
  ...(display !== undefined ? { display } : {}),
  identifiers,
  prov: { line: 1 },
  ...extra,
});

function msgs(chatKey: string, lines: [string, string][], startLine = 2): ImportRecord[] {
  return lines.map(([sender, body], i) => ({
    type: 'message' as const,
    chatKey,
    senderKey: sender,
    sender,
    time: wall(10 + (i % 5), 9 + i),
    kind: 'text' as const,
    body,
    prov: { line: startLine + i },
    raw: `${sender}: ${body}`,
  }));
}

function whatsapp(): SynthItem {
  const p3 = th(T('891234503'), 'bidi');
  const p4 = '+66 89 123 4504';
  const p8 = th(T('812345608'), 'nbsp');
  const p13 = '+66 64 111 2013';
  return {
    file: 'WhatsApp Chat with Team A.txt',
    owner: th(T('812345601'), 'dashed'),
    accounts: { 'Boss Chen': 'P01', Tony: 'P02', [p3]: 'P03', [p4]: 'P04', [p8]: 'P08', [p13]: 'P13' },
    records: [
      { type: 'chat', key: 'team', platform: 'whatsapp', name: 'Team A', chatKind: 'group', prov: { line: 1 } },
      acct('Boss Chen', 'whatsapp', 'Boss Chen', [], { isOwner: true, chats: ['team'] }),
      acct('Tony', 'whatsapp', 'Tony', [], { chats: ['team'] }),
      acct(p3, 'whatsapp', p3, [{ kind: 'phone', value: p3 }], { chats: ['team'] }),
      acct(p4, 'whatsapp', p4, [], { chats: ['team'] }),
      acct(p8, 'whatsapp', p8, [], { chats: ['team'] }),
      acct(p13, 'whatsapp', p13, [{ kind: 'phone', value: p13 }], { chats: ['team'] }),
      ...msgs('team', [
        ['Boss Chen', 'Meeting 14:00. Target 1,250,000 THB this week, report by 2025-03-14'],
        ['Tony', 'my new number is 089-123-4502'],
        [p3, 'Sarah (USA) +1 312 555 0120 ready, send script'],
        [p4, 'Ploy +66 64 111 2525 paid'],
        [p8, 'ok boss'],
        [p13, `Transfer done ${E07.toLowerCase()}`],
      ]),
    ],
  };
}

function telegram(): SynthItem {
  return {
    file: 'result.json',
    accounts: { user5005: 'P05', user6006: 'P06', user7007: 'P07', user9003: 'D03', user1414: 'P14' },
    records: [
      { type: 'chat', key: 'ops', platform: 'telegram', name: 'Ops', chatKind: 'private_group', extId: '4001', prov: { path: '$.chats.list[0]' } },
      acct('user5005', 'telegram', 'Boss Li', [
        { kind: 'phone', value: th(T('865550505'), 'intl') },
        { kind: 'username', value: 'boss_li' },
        { kind: 'user-id', value: 'user5005' },
      ], { isOwner: true, chats: ['ops'], prov: { path: '$.personal_information' } }),
      acct('user6006', 'telegram', 'Ken', [{ kind: 'user-id', value: 'user6006' }, { kind: 'username', value: '@ken_w' }], { chats: ['ops'] }),
      acct('user7007', 'telegram', 'Mimi', [{ kind: 'user-id', value: 'user7007' }], { chats: ['ops'] }),
      acct('user9003', 'telegram', 'Boss Li', [{ kind: 'user-id', value: 'user9003' }, { kind: 'username', value: 'b\u043Ess_li' }], { chats: ['ops'] }),
      acct('user1414', 'telegram', 'Fern', [{ kind: 'user-id', value: 'user1414' }], { chats: ['ops'] }),
      { type: 'contact', name: 'Chen', identifiers: [{ kind: 'phone', value: th(T('812345601'), 'e164') }], fields: [], prov: { path: '$.contacts.list[0]' }, raw: '{"first_name":"Chen"}' },
      { type: 'contact', name: 'Fern', identifiers: [{ kind: 'phone', value: th(T('641112014'), 'noplus') }], fields: [], prov: { path: '$.contacts.list[1]' }, raw: '{"first_name":"Fern"}' },
      ...msgs('ops', [
        ['user7007', `my wallet ${E07}`],
        ['user6006', 'add me on line @kenw88'],
        ['user5005', `new wallet for deposits: ${W05}`],
        ['user1414', 'my number 064-111-2014'],
        ['user9003', 'hello team'],
        ['user5005', 'send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x today'],
      ]),
    ],
  };
}

function line(): SynthItem {
  return {
    file: '[LINE] Chat in Shift B.txt',
    accounts: { Kwan: 'P09', Nok: 'P10', Tony: 'P02', 'Boss Chen': 'P01' },
    records: [
      { type: 'chat', key: 'b', platform: 'line', name: 'Shift B', chatKind: 'group', prov: { line: 1 } },
      acct('Kwan', 'line', 'Kwan', [], { isOwner: true, chats: ['b'] }),
      acct('Nok', 'line', 'Nok', [], { chats: ['b'] }),
      acct('Tony', 'line', 'Tony', [], { chats: ['b'] }),
      acct('Boss Chen', 'line', 'Boss Chen', [], { chats: ['b'] }),
      ...msgs('b', [
        ['Nok', 'เบอร์ใหม่ 095-432-1010 นะคะ'],
        ['Tony', `call me at ${th(T('891234502'), 'bidi')}`],
        ['Boss Chen', `my number ${th(T('812345601'), 'thai-dashed')}`],
        ['Kwan', 'my email is Kwan.P@Example.com'],
      ]),
    ],
  };
}

function calls(): SynthItem {
  const entries: [string, string | undefined, string][] = [
    [th(T('812345601'), 'national'), 'Boss', 'P01'],
    [th(T('865550505'), 'e164'), 'Li', 'P05'],
    [th(T('641112012'), 'national'), 'Bee', 'P12'],
    [th(T('899999904'), 'national'), 'Nok', 'D04'],
    [th(T('954321010'), 'national'), 'Nok', 'P10'],
    ['1677', 'Bank hotline', 'H01'],
    [th(T('623456006'), 'trunk'), 'Ken', 'P06'],
    [th(T('641112015'), 'national'), undefined, 'P15'],
    [th(T('812345601'), 'national'), 'Boss', 'P01'],
  ];
  const accounts: Record<string, string> = {};
  for (const [n, , p] of entries) if (p) accounts[n] = p;
  return {
    file: 'calls-2025-03-20.xml',
    owner: th(T('891234502'), 'national'),
    accounts,
    records: entries.map(([number, name], i) => ({
      type: 'call' as const,
      accountKey: number,
      time: { kind: 'instant' as const, utcMs: Date.UTC(2025, 2, 10, i), raw: String(Date.UTC(2025, 2, 10, i)) },
      direction: i % 2 ? ('incoming' as const) : ('outgoing' as const),
      durationS: 30 + i,
      counterpart: number,
      ...(name ? { contactName: name } : {}),
      prov: { path: `/calls/call[${i + 1}]` },
      raw: `<call number="${number}"/>`,
    })),
  };
}

function sms(): SynthItem {
  const ann = th(T('641112011'), 'e164');
  const joy = th(T('641112016'), 'national');
  const pim = th(T('641112015'), 'intl');
  const chen = th(T('812345601'), 'e164');
  const v27 = VICTIMS.find((v) => v.id === 'P27')!;
  const v27raw = th(v27.ids.find((x) => x.startsWith('+66'))!, 'intl');
  const threads: [string, string, string][] = [
    [ann, 'hi this is Ann, my email is ann.k@example.org', 'P11'],
    [joy, 'Your OTP is 482913', 'P16'],
    [pim, 'ok', 'P15'],
    [chen, 'come to office 9am', 'P01'],
    [v27raw, 'please give my money back', 'P27'],
  ];
  const records: ImportRecord[] = [];
  const accounts: Record<string, string> = {};
  threads.forEach(([addr, body, person], i) => {
    accounts[addr] = person;
    records.push({ type: 'chat', key: `t${i}`, platform: 'sms', name: addr, chatKind: 'sms-thread', prov: { path: `/smses/sms[${2 * i + 1}]` } });
    records.push(acct(addr, 'sms', addr, i % 2 ? [] : [{ kind: 'phone', value: addr }], { chats: [`t${i}`] }));
    records.push({ type: 'message', chatKey: `t${i}`, senderKey: addr, sender: addr, direction: 'incoming', time: wall(12, 8 + i), kind: 'text', body, prov: { path: `/smses/sms[${2 * i + 1}]` }, raw: `<sms address="${addr}"/>` });
    records.push({ type: 'message', chatKey: `t${i}`, direction: 'outgoing', recipients: [addr], time: wall(12, 9 + i), kind: 'text', body: 'noted', prov: { path: `/smses/sms[${2 * i + 2}]` }, raw: `<sms address="${addr}" type="2"/>` });
  });
  return { file: 'sms-backup.xml', owner: '095 432 1010', accounts, records };
}

function vcards(): SynthItem {
  const card = (i: number, name: string, ids: RawIdentifier[]): ImportRecord => ({
    type: 'contact',
    name,
    identifiers: ids,
    fields: [],
    prov: { line: 1 + i * 6, lineEnd: 5 + i * 6 },
    raw: `BEGIN:VCARD\nFN:${name}\nEND:VCARD`,
  });
  return {
    file: 'contacts.vcf',
    accounts: {},
    records: [
      card(0, 'Tony', [{ kind: 'phone', value: th(T('891234502'), 'trunk'), label: 'CELL' }, { kind: 'email', value: 'Tony.K@Example.com' }]),
      card(1, 'Jay', [{ kind: 'phone', value: th(T('891234504'), 'dashed') }, { kind: 'phone', value: th(T('921234504'), 'dashed'), label: 'SIM2' }]),
      card(2, 'Ken W', [{ kind: 'phone', value: th(T('623456006'), 'e164') }, { kind: 'username', value: 'kenw88', platform: 'line' }]),
      card(3, 'Kwan', [{ kind: 'email', value: 'kwan.p@example.com' }, { kind: 'phone', value: th(T('987654309'), 'national') }]),
      card(4, 'Ann', [{ kind: 'phone', value: th(T('641112011'), 'spaced') }, { kind: 'email', value: 'ann.k@example.org' }]),
      card(5, 'Bee', [{ kind: 'phone', value: th(T('641112012'), 'thai') }]),
      card(6, 'Tony', [{ kind: 'phone', value: th(T('899999901'), 'spaced') }]),
      card(7, 'Bank', [{ kind: 'phone', value: '12345' }]),
      card(8, 'Oat', [{ kind: 'phone', value: th(T('641112013'), 'national') }, { kind: 'email', value: 'oat.s@example.com' }]),
    ],
  };
}

function party(name: string | undefined, ids: RawIdentifier[]): PartyRef {
  return { ...(name ? { name } : {}), identifiers: ids };
}

function ledger(): SynthItem {
  const records: ImportRecord[] = [];
  VICTIMS.filter((v) => v.id !== 'P25').forEach((v, k) => {
    const row = k + 2;
    const wallet = v.id === 'P29' ? `${v.wallet.slice(0, -1)}${v.wallet.endsWith('a') ? 'b' : 'a'}` : v.wallet; // a typo'd wallet: invalid
    records.push({ type: 'row', key: `r${row}`, sheet: 'Ledger', rowNumber: row, cells: [], prov: { line: row, path: `'Ledger'!A${row}:F${row}` }, raw: '' });
    records.push({
      type: 'transaction',
      rowKey: `r${row}`,
      time: wall(1 + (k % 20), 10),
      amount: String(1000 + k),
      currency: 'USDT',
      from: party(v.name, [{ kind: 'phone', value: v.phoneRaw, label: 'Victim phone' }, { kind: 'email', value: v.emailRaw, label: 'Victim email' }, { kind: 'wallet', value: wallet, label: 'Victim wallet' }]),
      to: party('Deposit T1', [{ kind: 'wallet', value: W05, label: 'Deposit wallet' }]),
      prov: { line: row, path: `'Ledger'!A${row}:F${row}` },
      raw: '',
    });
  });
  return { file: 'ledger.xlsx', accounts: {}, records };
}

function transfers(): SynthItem {
  const records: ImportRecord[] = [];
  let row = 2;
  for (const v of VICTIMS.filter((x) => x.iban)) {
    const ids: RawIdentifier[] = [{ kind: 'iban', value: group4(v.iban!) }];
    if (v.id !== 'P25') ids.push({ kind: 'email', value: v.email.toUpperCase() });
    records.push({ type: 'transaction', time: wall(15, 10), amount: '500.00', currency: 'EUR', from: party(v.name, ids), to: party(undefined, [{ kind: 'wallet', value: E07 }]), prov: { line: row }, raw: '' });
    row++;
  }
  const d02 = PEOPLE.find((p) => p.id === 'D02')!;
  records.push({ type: 'transaction', time: wall(16, 10), amount: '750.00', currency: 'GBP', from: party('Sarah Miller', [{ kind: 'iban', value: group4(d02.ids[0]!) }, { kind: 'email', value: d02.ids[1]! }]), to: party(undefined, [{ kind: 'wallet', value: E07 }]), prov: { line: row }, raw: '' });
  return { file: 'transfers.csv', accounts: {}, records };
}

export function seizureItems(): SynthItem[] {
  return [whatsapp(), telegram(), line(), calls(), sms(), vcards(), ledger(), transfers()];
}

/** An importer that yields one item's prepared records, whatever the file holds. */
function synthImporter(item: SynthItem): Importer {
  return {
    id: 'synthetic',
    version: '0.0.1',
    label: 'Synthetic records',
    method: 'test importer',
    limits: [],
    unit: 'record',
    sniff: () => ({ confidence: 1 }),
    async *parse() {
      const units = item.records.filter((r) => r.type !== 'chat' && r.type !== 'account').length;
      yield [...item.records, { type: 'units', unit: 'record', seen: units, parsed: units }];
    },
  };
}

/** Imports every item through the real import job (which links each one). */
export async function importSeizure(c: Case, dir: string, items = seizureItems()): Promise<ImportResult[]> {
  const out: ImportResult[] = [];
  for (const item of items) {
    const path = join(dir, item.file);
    writeFileSync(path, `synthetic evidence: ${item.file}\n`);
    out.push(await importEvidence(c, { path, importers: [synthImporter(item)], ...(item.owner ? { owner: item.owner } : {}) }));
  }
  return out;
}

// ------------------------------------------------------------------ truth

/** Canonical identifier -> person. */
export function identifierTruth(): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of ALL_PEOPLE) for (const v of p.ids) m.set(v, p.id);
  return m;
}

/** `file|account key` -> person. */
export function accountTruth(items = seizureItems()): Map<string, string> {
  const m = new Map<string, string>();
  for (const it of items) for (const [k, p] of Object.entries(it.accounts)) m.set(`${it.file}|${k}`, p);
  return m;
}
