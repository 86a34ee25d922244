// The synthetic world behind the demo seizure: the people of one scam-compound case, their identifiers and devices.
import { eip55, makeIban, tronAddress } from './checksums';
import { makePhone } from './phones';
import type { Rng } from './prng';

export type IdKind = 'phone' | 'email' | 'username' | 'wallet' | 'iban' | 'account' | 'user-id';

export interface Ident {
  /** `P02.mm`: person id + the identifier's name in that person's record. */
  key: string;
  person: string;
  kind: IdKind;
  /** The normalised value (E.164, lower-case e-mail, `telegram:@handle`, wallet, IBAN, `bank:digits`). */
  value: string;
  /** `telegram` / `line` for handles and user ids; the bank for accounts. */
  platform?: string;
  /** Wallets: which chain. */
  chain?: 'tron' | 'ethereum';
  /** The form people write it in when nothing else is said: EIP-55 wallet, bare handle, compact IBAN, bank's account layout. */
  canonical: string;
}

export type Role = 'boss' | 'handler' | 'recruiter' | 'security' | 'worker' | 'finance' | 'broker' | 'mule' | 'supplier' | 'victim' | 'decoy';

export interface Person {
  id: string;
  name: string;
  /** The name in the person's own script, where it differs. */
  native?: string;
  role: Role;
  country: string;
  /** For decoys: the person whose display name they share (and with whom they share no identifier). */
  decoyOf?: string;
  about: string;
  ids: Record<string, Ident>;
}

export interface Device {
  id: string;
  label: string;
  kind: 'phone' | 'laptop';
  owner: string;
  /** The identifier the examiner states as the owner on import (`--owner`). */
  ownerIdent: string;
  zone: string;
  region: string;
  folder: string;
  seizedAt: string;
}

type Spec = { kind: 'phone'; region: string; area?: string } | { kind: 'email'; local: string; domain: string } | { kind: 'tg'; handle: string } | { kind: 'tgid' } | { kind: 'line'; handle: string } | { kind: 'tron' } | { kind: 'eth' } | { kind: 'iban'; country: string } | { kind: 'account'; bank: string };

interface PersonSpec {
  id: string;
  name: string;
  native?: string;
  role: Role;
  country: string;
  decoyOf?: string;
  about: string;
  ids: Record<string, Spec>;
}

const phone = (region: string, area?: string): Spec => (area ? { kind: 'phone', region, area } : { kind: 'phone', region });
const email = (local: string, domain = 'example.com'): Spec => ({ kind: 'email', local, domain });
const tg = (handle: string): Spec => ({ kind: 'tg', handle });
const line = (handle: string): Spec => ({ kind: 'line', handle });
const TGID: Spec = { kind: 'tgid' };
const TRON: Spec = { kind: 'tron' };
const ETH: Spec = { kind: 'eth' };
const iban = (country: string): Spec => ({ kind: 'iban', country });

/** Everyone in the case. Ids are stable: the corpus, the tests and the README refer to them. */
const PEOPLE: PersonSpec[] = [
  { id: 'P01', name: 'Chen Wei', native: '陈伟', role: 'boss', country: 'CN', about: 'Runs the "GL Group" operation from Sihanoukville; owner of the seized laptop (Telegram, ledger, transfers).', ids: { cn: phone('CN'), kh: phone('KH'), tg: tg('chenwei_gl88'), tgid: TGID, email: email('chen.wei.gl'), tron: TRON, eth: ETH } },
  { id: 'P02', name: 'Zhao Lei', native: '赵磊', role: 'handler', country: 'CN', about: 'Team leader of "Team 3" in the Myawaddy compound; owner of the seized Android handset. Changes SIM in March.', ids: { kh: phone('KH'), mm: phone('MM'), tg: tg('zhao_tl3'), tgid: TGID } },
  { id: 'P03', name: 'Somchai Rattanakorn', role: 'recruiter', country: 'TH', about: 'Recruits Thai job-seekers with fake customer-service jobs; owner of the seized Thai phone (LINE).', ids: { th: phone('TH'), line: line('somchai.job88'), tgid: TGID } },
  { id: 'P04', name: 'Kyaw Zin Htet', native: 'ကျော်ဇင်ထက်', role: 'security', country: 'MM', about: 'Compound security chief; posts rules in the team group in Burmese and English.', ids: { mm: phone('MM'), th: phone('TH') } },
  { id: 'P05', name: 'Maria Santos', role: 'worker', country: 'PH', about: 'Trafficked Filipina worker made to run the persona "Jessica Lin"; owner of the seized iPhone.', ids: { ph: phone('PH'), us: phone('US', '213'), email: email('maria.santos.ph', 'example.net'), persona: email('jessica.lin.invest', 'example.com') } },
  { id: 'P06', name: 'Arjun Mehta', role: 'worker', country: 'IN', about: 'Indian worker and the floor\'s IT helper, runs the LINE persona "Yuki Tanaka"; owner of the seized Redmi phone.', ids: { th: phone('TH'), in: phone('IN'), line: line('yuki_fx_life') } },
  { id: 'P07', name: 'Aung Min', role: 'worker', country: 'MM', about: 'Burmese worker on Team 3.', ids: { mm: phone('MM') } },
  { id: 'P08', name: 'Budi Santoso', role: 'worker', country: 'ID', about: 'Indonesian worker on Team 3; leaves the group in March.', ids: { id: phone('ID') } },
  { id: 'P09', name: 'Grace Wanjiru', role: 'worker', country: 'KE', about: 'Kenyan worker on Team 3.', ids: { ke: phone('KE') } },
  { id: 'P10', name: 'Li Na', native: '李娜', role: 'finance', country: 'CN', about: 'Book-keeper (财务) of GL Group; keeps the ledger.', ids: { cn: phone('CN'), tgid: TGID, email: email('lina.caiwu', 'example.net') } },
  { id: 'P11', name: 'Lim Boon Huat', role: 'broker', country: 'MY', about: 'Malaysian OTC broker who turns USDT into cash; changes TRON address after a freeze.', ids: { my: phone('MY'), tg: tg('lim_otc_my'), tgid: TGID, tron: TRON, tron2: TRON, eth: ETH } },
  { id: 'P12', name: 'Pornthip Saelim', role: 'mule', country: 'TH', about: 'Thai money mule; receives baht and forwards USDT.', ids: { th: phone('TH'), acct: { kind: 'account', bank: 'kbank' }, tron: TRON } },
  { id: 'P13', name: 'Yusuf Demir', role: 'mule', country: 'TR', about: 'Turkish payment agent with a lira account and a TRON wallet.', ids: { tr: phone('TR'), tgid: TGID, iban: iban('TR'), tron: TRON } },
  { id: 'P14', name: 'Tomas Petrauskas', role: 'mule', country: 'LT', about: 'Lithuanian fintech account holder receiving euro transfers.', ids: { iban: iban('LT'), email: email('tomas.petrauskas', 'example.org') } },
  { id: 'P15', name: 'Sarah Miller', role: 'victim', country: 'US', about: 'Retired nurse in Chicago; befriended by "Jessica" on WhatsApp; handed her phone to police.', ids: { us: phone('US', '312'), email: email('sarah.miller.chi'), tron: TRON } },
  { id: 'P16', name: 'David Thompson', role: 'victim', country: 'US', about: 'Victim in Austin, Texas (ledger only).', ids: { us: phone('US', '512'), email: email('dthompson.atx', 'example.net'), eth: ETH } },
  { id: 'P17', name: 'Linda Park', role: 'victim', country: 'CA', about: 'Victim in Toronto (ledger only).', ids: { ca: phone('CA', '416'), email: email('linda.park.to', 'example.org'), tron: TRON } },
  { id: 'P18', name: 'Kenji Sato', native: '佐藤健二', role: 'victim', country: 'JP', about: 'Victim in Osaka; befriended by "Yuki" on LINE.', ids: { jp: phone('JP'), email: email('kenji.sato71'), line: line('kenji_sato71') } },
  { id: 'P19', name: 'Napat Wongsakul', role: 'worker', country: 'TH', about: 'Thai job-seeker recruited by Somchai, trafficked to the compound in February; joins Team 3.', ids: { th: phone('TH'), line: line('napat.w') } },
  { id: 'P20', name: "Margaret O'Brien", role: 'victim', country: 'AU', about: 'Victim in Brisbane (ledger only).', ids: { au: phone('AU'), email: email('maggie.obrien', 'example.net') } },
  { id: 'P21', name: 'James Carter', role: 'victim', country: 'GB', about: 'Victim in Leeds; paid by bank transfer.', ids: { gb: phone('GB'), email: email('j.carter.leeds'), iban: iban('GB') } },
  { id: 'P22', name: 'Priya Nair', role: 'victim', country: 'SG', about: 'Victim in Singapore (ledger only).', ids: { sg: phone('SG'), email: email('priya.nair.sg', 'example.org'), tron: TRON } },
  { id: 'P23', name: 'Robert Klein', role: 'victim', country: 'DE', about: 'Victim in Hamburg; paid by bank transfer.', ids: { de: phone('DE'), email: email('r.klein.hh', 'example.net'), iban: iban('DE') } },
  { id: 'P24', name: 'Sophie de Vries', role: 'victim', country: 'NL', about: 'Victim in Utrecht; paid by bank transfer.', ids: { nl: phone('NL'), email: email('sophie.devries'), iban: iban('NL') } },
  { id: 'P25', name: 'Omar Haddad', role: 'mule', country: 'AE', about: 'Dubai-based payment agent.', ids: { ae: phone('AE'), tgid: TGID, iban: iban('AE'), tron: TRON } },
  { id: 'P26', name: 'Souksavanh Phommachanh', role: 'supplier', country: 'LA', about: 'Supplies SIM cards from Laos.', ids: { la: phone('LA'), la2: phone('LA') } },
  { id: 'P27', name: 'Wang Jun', native: '王军', role: 'handler', country: 'CN', about: 'Deputy (主管) to Chen; manages the Cambodian side and the company account.', ids: { cn: phone('CN'), kh: phone('KH'), tgid: TGID, acct: { kind: 'account', bank: 'aba' } } },
  { id: 'P28', name: 'Ana Reyes', role: 'worker', country: 'PH', about: 'Filipina worker on Team 3.', ids: { ph: phone('PH') } },
  { id: 'P29', name: 'Hiroshi Yamamoto', native: '山本博', role: 'victim', country: 'JP', about: 'Victim in Nagoya (ledger only).', ids: { jp: phone('JP'), email: email('h.yamamoto.ngy', 'example.net') } },
  { id: 'P30', name: 'Nguyen Thi Lan', role: 'worker', country: 'VN', about: 'Vietnamese worker on Team 3.', ids: { vn: phone('VN') } },
  { id: 'X1', name: 'Chen Wei', role: 'decoy', country: 'TH', decoyOf: 'P01', about: 'A different Chen Wei: a phone-shop owner in Mae Sot saved in the handler\'s contacts.', ids: { th: phone('TH') } },
  { id: 'X2', name: 'Maria Santos', role: 'decoy', country: 'US', decoyOf: 'P05', about: 'A different Maria Santos: a victim in Miami listed in the ledger.', ids: { us: phone('US', '305'), email: email('msantos.miami', 'example.org') } },
  { id: 'X3', name: 'David Thompson', role: 'decoy', country: 'GB', decoyOf: 'P16', about: 'A different David Thompson: a UK payer in the transfers sheet.', ids: { iban: iban('GB') } },
  { id: 'X4', name: 'Aung Min', role: 'decoy', country: 'MM', decoyOf: 'P07', about: 'A different Aung Min: a motorbike-taxi driver saved in the handler\'s contacts.', ids: { mm: phone('MM') } },
];

export const DEVICES: Device[] = [
  { id: 'D1', label: 'Samsung Galaxy A14 (Android) seized from Zhao Lei, Myawaddy', kind: 'phone', owner: 'P02', ownerIdent: 'P02.kh', zone: 'Asia/Yangon', region: 'MM', folder: 'D1-handler-phone', seizedAt: '2025-04-11' },
  { id: 'D2', label: 'iPhone 11 seized from Maria Santos, Myawaddy (clock on Thai time)', kind: 'phone', owner: 'P05', ownerIdent: 'P05.us', zone: 'Asia/Bangkok', region: 'TH', folder: 'D2-worker-iphone', seizedAt: '2025-04-11' },
  { id: 'D3', label: 'ThinkPad laptop seized from Chen Wei, Sihanoukville', kind: 'laptop', owner: 'P01', ownerIdent: 'P01.cn', zone: 'Asia/Phnom_Penh', region: 'KH', folder: 'D3-boss-laptop', seizedAt: '2025-04-11' },
  { id: 'D4', label: 'OPPO A78 (Android) seized from Somchai Rattanakorn, Mae Sot', kind: 'phone', owner: 'P03', ownerIdent: 'P03.th', zone: 'Asia/Bangkok', region: 'TH', folder: 'D4-recruiter-phone', seizedAt: '2025-04-12' },
  { id: 'D5', label: 'Pixel 7 (Android) provided voluntarily by the victim Sarah Miller, Chicago', kind: 'phone', owner: 'P15', ownerIdent: 'P15.us', zone: 'America/Chicago', region: 'US', folder: 'D5-victim-phone', seizedAt: '2025-04-09' },
  { id: 'D6', label: 'Redmi Note 12 (Android) seized from Arjun Mehta, Myawaddy (clock on Thai time)', kind: 'phone', owner: 'P06', ownerIdent: 'P06.th', zone: 'Asia/Bangkok', region: 'TH', folder: 'D6-worker-phone', seizedAt: '2025-04-11' },
];

const IBAN_BBAN: Record<string, (r: Rng) => string> = {
  DE: (r) => r.pick(['2004', '3704', '5001', '1203']) + r.digits(4) + r.digits(10),
  GB: (r) => r.pick(['NWBK', 'BARC', 'LOYD', 'MIDL']) + r.digits(6) + r.digits(8),
  NL: (r) => r.pick(['INGB', 'RABO', 'ABNA']) + r.digits(10),
  LT: (r) => r.pick(['32500', '37300', '70440']) + r.digits(11),
  TR: (r) => r.pick(['00062', '00010', '00046']) + '0' + r.digits(16),
  AE: (r) => r.pick(['033', '026', '035']) + r.digits(16),
};

export class World {
  readonly people: Person[] = [];
  readonly byId = new Map<string, Person>();
  readonly idents = new Map<string, Ident>();
  readonly devices = DEVICES;

  constructor(rng: Rng) {
    const r = rng.fork('identifiers');
    const phones = new Set<string>();
    const tgids = new Set<string>();
    for (const spec of PEOPLE) {
      const p: Person = { id: spec.id, name: spec.name, role: spec.role, country: spec.country, about: spec.about, ids: {} };
      if (spec.native) p.native = spec.native;
      if (spec.decoyOf) p.decoyOf = spec.decoyOf;
      for (const [name, s] of Object.entries(spec.ids)) {
        const key = `${spec.id}.${name}`;
        const id = this.makeIdent(r, key, spec.id, s, phones, tgids);
        p.ids[name] = id;
        if (this.idents.has(key)) throw new Error(`duplicate identifier key ${key}`);
        this.idents.set(key, id);
      }
      this.people.push(p);
      this.byId.set(p.id, p);
    }
    const values = new Map<string, string>();
    for (const id of this.idents.values()) {
      const prev = values.get(id.value);
      if (prev) throw new Error(`identifier ${id.value} given to both ${prev} and ${id.key}`);
      values.set(id.value, id.key);
    }
  }

  private makeIdent(r: Rng, key: string, person: string, s: Spec, phones: Set<string>, tgids: Set<string>): Ident {
    switch (s.kind) {
      case 'phone': {
        const v = makePhone(r, s.region, phones, s.area);
        return { key, person, kind: 'phone', value: v, canonical: v };
      }
      case 'email': {
        const v = `${s.local}@${s.domain}`;
        return { key, person, kind: 'email', value: v, canonical: v };
      }
      case 'tg':
        return { key, person, kind: 'username', platform: 'telegram', value: `telegram:@${s.handle.toLowerCase()}`, canonical: s.handle };
      case 'line':
        return { key, person, kind: 'username', platform: 'line', value: `line:@${s.handle.toLowerCase()}`, canonical: s.handle };
      case 'tgid': {
        let v = '';
        do v = String(r.int(5, 7)) + r.digits(9);
        while (tgids.has(v));
        tgids.add(v);
        return { key, person, kind: 'user-id', platform: 'telegram', value: `telegram:${v}`, canonical: v };
      }
      case 'tron': {
        const v = tronAddress(r.bytes(20));
        return { key, person, kind: 'wallet', chain: 'tron', value: v, canonical: v };
      }
      case 'eth': {
        const hex = Buffer.from(r.bytes(20)).toString('hex');
        const mixed = eip55(`0x${hex}`);
        return { key, person, kind: 'wallet', chain: 'ethereum', value: `0x${hex}`, canonical: mixed };
      }
      case 'iban': {
        const bban = IBAN_BBAN[s.country];
        if (!bban) throw new Error(`no IBAN layout for ${s.country}`);
        const v = makeIban(s.country, bban(r));
        return { key, person, kind: 'iban', value: v, canonical: v };
      }
      case 'account': {
        if (s.bank === 'kbank') {
          // Kasikornbank writes its 10-digit accounts as xxx-x-xxxxx-x.
          const d = r.digits(10);
          return { key, person, kind: 'account', platform: 'kbank', value: `kbank:${d}`, canonical: `${d.slice(0, 3)}-${d.slice(3, 4)}-${d.slice(4, 9)}-${d.slice(9)}` };
        }
        const d = r.digits(9);
        return { key, person, kind: 'account', platform: s.bank, value: `${s.bank}:${d}`, canonical: `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` };
      }
    }
  }

  person(id: string): Person {
    const p = this.byId.get(id);
    if (!p) throw new Error(`no person ${id}`);
    return p;
  }

  ident(key: string): Ident {
    const i = this.idents.get(key);
    if (!i) throw new Error(`no identifier ${key}`);
    return i;
  }

  device(id: string): Device {
    const d = this.devices.find((x) => x.id === id);
    if (!d) throw new Error(`no device ${id}`);
    return d;
  }

  /** The display name a person goes by in a given file (saved contact names differ per device). */
  first(id: string): string {
    return this.person(id).name.split(' ')[0]!;
  }
}
