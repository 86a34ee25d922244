// The finance side on the boss's laptop: victim deposits (the ledger workbook) and bank/USDT transfers (the CSV).
import { DateTime } from 'luxon';
import type { Rng } from '../prng';
import type { Deposit } from './sarah';

export interface LedgerRow {
  t: number;
  victim: string;
  agent: string;
  stage: string;
  usdt: number;
  /** Identifier key of the address the victim paid into (a company wallet: another party than the victim). */
  depositTo: string;
  /** Whether the victim paid by bank transfer (the IBAN column is filled). */
  bank: boolean;
}

export interface AgentRow {
  persona: string;
  worker: string;
  /** Identifier keys written on the row, in column order: work WhatsApp, personal phone, LINE. */
  work?: string;
  personal?: string;
  line?: string;
  team: string;
}

export interface TransferRow {
  t: number;
  ref: string;
  payer: string | null;
  payerName: string;
  /** IBAN key of the payer, when the payer paid from a bank account. */
  payerKey?: string;
  beneficiary: string;
  beneficiaryKey: string;
  amount: number;
  ccy: string;
  usdt: number;
  beneficiaryWallet?: string;
  forwardedTo: string;
  status: string;
}

const AGENTS: Record<string, string> = {
  P15: 'Jessica (Maria S.)',
  P18: 'Yuki (Arjun)',
  P16: 'Emma (Aung Min)',
  P17: 'Lily (Grace)',
  P20: 'Sophia (Ana)',
  P21: 'Mia (Lan)',
  P22: 'Lily (Grace)',
  P23: 'Emma (Aung Min)',
  P24: 'Mia (Lan)',
  P29: 'Yuki (Arjun)',
  X2: 'Sophia (Ana)',
};

export function agentRows(): AgentRow[] {
  return [
    { persona: 'Jessica Lin', worker: 'Maria Santos', work: 'P05.us', personal: 'P05.ph', team: '3组 Team 3' },
    { persona: 'Yuki Tanaka', worker: 'Arjun Mehta', work: 'P06.th', personal: 'P06.in', line: 'P06.line', team: '3组 Team 3' },
    { persona: 'Emma', worker: 'Aung Min', personal: 'P07.mm', team: '3组 Team 3' },
    { persona: 'Anna', worker: 'Budi Santoso', personal: 'P08.id', team: '3组 → 5组' },
    { persona: 'Lily', worker: 'Grace Wanjiru', personal: 'P09.ke', team: '3组 Team 3' },
    { persona: 'Sophia', worker: 'Ana Reyes', personal: 'P28.ph', team: '3组 Team 3' },
    { persona: 'Mia', worker: 'Nguyen Thi Lan', personal: 'P30.vn', team: '3组 Team 3' },
    { persona: 'Nina', worker: 'Napat Wongsakul', personal: 'P19.th', team: '3组 Team 3 (new 03-03)' },
  ];
}

function kh(rng: Rng, date: string): number {
  const dt = DateTime.fromFormat(date, 'yyyy-MM-dd', { zone: 'Asia/Phnom_Penh' }).set({ hour: rng.int(9, 23), minute: rng.int(0, 59) });
  return dt.toMillis();
}

export function ledgerRows(rng: Rng, chatDeposits: Deposit[]): LedgerRow[] {
  const rows: LedgerRow[] = [];
  const stageOf = (i: number, n: number) => (i === 0 ? '入金 first deposit' : i === n - 1 && n > 2 ? '税费 tax' : '加仓 top-up');
  // Deposits the chats show: the book-keeper logs them a few minutes to hours after the victim says "sent".
  const byVictim = new Map<string, Deposit[]>();
  for (const d of chatDeposits) byVictim.set(d.victim, [...(byVictim.get(d.victim) ?? []), d]);
  for (const [victim, list] of byVictim) {
    list.forEach((d, i) => {
      const t = Math.floor((d.t + rng.int(5, 180) * 60_000) / 60_000) * 60_000;
      rows.push({ t, victim, agent: AGENTS[victim]!, stage: victim === 'P18' && i === 2 ? '活动 event' : stageOf(i, list.length), usdt: d.usdt, depositTo: 'P01.tron', bank: false });
    });
  }
  // Victims known only from the ledger.
  const others: [string, boolean][] = [
    ['P16', false],
    ['P17', false],
    ['P20', false],
    ['P21', true],
    ['P22', false],
    ['P23', true],
    ['P24', true],
    ['P29', false],
    ['X2', false],
  ];
  for (const [victim, bank] of others) {
    const n = rng.int(2, 4);
    let day = DateTime.fromISO(`2025-0${rng.int(1, 2)}-${String(rng.int(10, 27)).padStart(2, '0')}`);
    for (let i = 0; i < n; i++) {
      const usdt = i === 0 ? rng.pick([500, 1000, 1500, 2000]) : rng.pick([3000, 5000, 7500, 10000, 12000, 18000]);
      rows.push({ t: kh(rng, day.toISODate()!), victim, agent: AGENTS[victim]!, stage: stageOf(i, n), usdt, depositTo: 'P01.tron', bank });
      day = day.plus({ days: rng.int(6, 16) });
      if (day.toISODate()! > '2025-04-08') break;
    }
  }
  return rows.sort((a, b) => a.t - b.t);
}

export function transferRows(rng: Rng): TransferRow[] {
  const rows: TransferRow[] = [];
  const add = (date: string, r: Omit<TransferRow, 't' | 'ref'>) => rows.push({ t: kh(rng, date), ref: '', ...r });
  const rate: Record<string, number> = { EUR: 1.04, GBP: 1.25, THB: 0.0294, AED: 0.272 };
  const usdt = (amount: number, ccy: string) => Math.round(amount * rate[ccy]! * 0.97 * 100) / 100;
  const payers: [string, string, string, string][] = [
    ['P21', 'James Carter', 'P21.iban', 'GBP'],
    ['P23', 'Robert Klein', 'P23.iban', 'EUR'],
    ['P24', 'Sophie de Vries', 'P24.iban', 'EUR'],
    ['X3', 'David Thompson', 'X3.iban', 'GBP'],
  ];
  const beneficiaries: [string, string, string, string | undefined][] = [
    ['P14', 'Tomas Petrauskas', 'P14.iban', undefined],
    ['P13', 'Yusuf Demir', 'P13.iban', 'P13.tron'],
  ];
  const months = ['2025-01', '2025-02', '2025-03'];
  for (const [payer, name, key, ccy] of payers) {
    const k = payer === 'X3' ? 2 : rng.int(3, 5);
    for (let i = 0; i < k; i++) {
      const [ben, benName, benKey, benWallet] = rng.pick(beneficiaries);
      const amount = rng.pick([1500, 2500, 4000, 4800, 6000, 9500, 12000]);
      const date = `${rng.pick(months)}-${String(rng.int(3, 27)).padStart(2, '0')}`;
      const row: Omit<TransferRow, 't' | 'ref'> = { payer, payerName: name, payerKey: key, beneficiary: ben, beneficiaryKey: benKey, amount, ccy, usdt: usdt(amount, ccy), forwardedTo: date < '2025-02-22' ? 'P11.tron' : 'P11.tron2', status: rng.chance(0.9) ? 'completed' : 'returned' };
      if (benWallet) row.beneficiaryWallet = benWallet;
      add(date, row);
    }
  }
  for (let i = 0; i < 7; i++) {
    const date = `${rng.pick(months)}-${String(rng.int(3, 27)).padStart(2, '0')}`;
    const amount = rng.pick([27300, 35000, 42000, 48500, 50000]);
    add(date, { payer: null, payerName: 'Cash deposit Mae Sot', beneficiary: 'P12', beneficiaryKey: 'P12.acct', amount, ccy: 'THB', usdt: usdt(amount, 'THB'), beneficiaryWallet: 'P12.tron', forwardedTo: date < '2025-02-22' ? 'P11.tron' : 'P11.tron2', status: 'completed' });
  }
  for (let i = 0; i < 5; i++) {
    const date = `${rng.pick(months)}-${String(rng.int(3, 27)).padStart(2, '0')}`;
    const amount = rng.pick([18200, 25700, 36000, 41000, 52500]);
    add(date, { payer: null, payerName: 'OTC desk Dubai', beneficiary: 'P25', beneficiaryKey: 'P25.iban', amount, ccy: 'AED', usdt: usdt(amount, 'AED'), beneficiaryWallet: 'P25.tron', forwardedTo: 'P01.tron', status: 'completed' });
  }
  rows.sort((a, b) => a.t - b.t);
  // References are issued in booking order.
  rows.forEach((r, i) => (r.ref = `GLX-${String(25001 + i)}`));
  return rows;
}
