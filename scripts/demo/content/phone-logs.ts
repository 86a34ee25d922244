// The handler's own phone (D1): SMS and call history as SMS Backup & Restore saw them.
import { DateTime } from 'luxon';
import type { Rng } from '../prng';

export interface Sms {
  t: number;
  /** The other party's identifier key (`P01.kh`), or an alphanumeric sender id like `MPT`. */
  peer: string;
  sent: boolean;
  text: string;
  /** An MMS with a tiny image part (the boss's deposit QR code). */
  mms?: boolean;
}

export interface CallLog {
  t: number;
  peer: string;
  /** SMS Backup & Restore call types: 1 incoming, 2 outgoing, 3 missed, 5 rejected. */
  type: 1 | 2 | 3 | 5;
  durationS: number;
}

function at(rng: Rng, local: string): number {
  const dt = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: 'Asia/Yangon' });
  if (!dt.isValid) throw new Error(`bad time ${local}`);
  return dt.toMillis() + rng.int(0, 59) * 1000 + rng.int(0, 999);
}

export function smsLog(rng: Rng): Sms[] {
  const out: Sms[] = [];
  const add = (local: string, peer: string, sent: boolean, text: string, mms = false) => {
    const s: Sms = { t: at(rng, local), peer, sent, text };
    if (mms) s.mms = true;
    out.push(s);
  };
  add('2025-01-16 09:10', 'MPT', false, 'MPT: Your balance is 1,250 Ks. Top up now and get 20% bonus data.');
  add('2025-01-17 21:40', 'P26.la', false, 'Sabaidee boss. 40 SIM Laos ready. Pick up Friday at the bridge.');
  add('2025-01-17 21:52', 'P26.la', true, 'OK Friday 3pm');
  add('2025-01-19 08:30', 'P04.mm', false, 'Gate check 10pm tonight. 2 guards new.');
  add('2025-01-22 13:05', 'P01.kh', false, '打电话给我');
  add('2025-01-24 15:20', 'P26.la2', false, 'This is my other number. The Laos SIM number changes next month.');
  add('2025-01-30 11:15', 'P03.th', false, 'น้องใหม่ 2 คน ถึงแม่สอดวันเสาร์ 2 new people arrive Mae Sot Saturday');
  add('2025-01-30 11:20', 'P03.th', true, 'OK. Kyaw picks up at the river 6pm');
  for (const [i, d] of ['2025-02-05', '2025-02-12', '2025-02-19', '2025-02-26', '2025-03-05', '2025-03-12', '2025-03-19', '2025-03-26', '2025-04-02'].entries()) {
    const baht = rng.pick(['35,000', '42,000', '48,500', '50,000', '27,300']);
    add(`${d} 1${rng.int(0, 6)}:${String(rng.int(10, 59)).padStart(2, '0')}`, 'P12.th', false, i % 2 === 0 ? `โอนแล้วค่ะ ${baht} บาท / transferred ${baht} THB` : `USDT sent to Lim ${rng.pick(['1,380', '1,420', '990'])}U ค่ะ`);
    add(`${d} 17:${String(rng.int(0, 59)).padStart(2, '0')}`, 'P12.th', true, rng.pick(['OK thanks', 'ได้รับแล้ว', 'OK']));
    if (i % 3 === 1) add(`${d} 20:${String(rng.int(0, 59)).padStart(2, '0')}`, 'MPT', false, 'MPT: Your balance is low. Dial *124# to top up.');
  }
  add('2025-02-10 10:30', 'P01.kh', false, '新收款码 new deposit QR. TRON {P01.tron}', true);
  add('2025-02-10 10:41', 'P01.kh', true, '收到');
  add('2025-02-17 22:10', 'P04.mm', false, 'Budi argued with guard. I keep him in room.');
  add('2025-02-17 22:12', 'P04.mm', true, 'OK. Tomorrow talk.');
  add('2025-02-28 19:45', 'P03.th', false, 'Napat ขึ้นรถ 1 มี.ค. 2 ทุ่ม Napat bus 1 March 8pm');
  add('2025-03-01 23:30', 'P04.mm', false, 'Napat arrived. Passport with me.');
  add('2025-03-03 13:25', 'P27.cn', true, '王总，我换号了，新号 {P02.mm}');
  add('2025-03-03 13:40', 'P27.cn', false, '好的');
  add('2025-03-15 08:00', 'MPT', false, 'MPT: Welcome! Your new SIM is active.');
  add('2025-03-20 16:20', 'P26.la', false, 'Boss 30 SIM more? Price same.');
  add('2025-03-20 16:45', 'P26.la', true, 'Yes 30. Next week');
  add('2025-04-09 21:10', 'P01.kh', false, '删除所有聊天记录');
  add('2025-04-10 22:15', 'P04.mm', false, 'Army at gate. Many trucks.');
  add('2025-04-10 22:16', 'P04.mm', true, 'Stay inside');
  return out.sort((a, b) => a.t - b.t);
}

export function callLog(rng: Rng): CallLog[] {
  const out: CallLog[] = [];
  const peers: [string, number][] = [
    ['P01.kh', 14],
    ['P01.cn', 2],
    ['P04.mm', 12],
    ['P04.th', 3],
    ['P03.th', 8],
    ['P26.la', 5],
    ['P26.la2', 2],
    ['P12.th', 7],
    ['P11.my', 3],
    ['P27.cn', 4],
    ['P27.kh', 3],
    ['X1.th', 3],
    ['X4.mm', 4],
    ['P06.in', 2],
  ];
  const start = DateTime.fromISO('2025-01-15T08:00', { zone: 'Asia/Yangon' }).toMillis();
  const end = DateTime.fromISO('2025-04-10T23:00', { zone: 'Asia/Yangon' }).toMillis();
  for (const [peer, n] of peers) {
    for (let i = 0; i < n; i++) {
      const t = start + Math.floor(rng.next() * (end - start));
      const roll = rng.next();
      const type: CallLog['type'] = roll < 0.42 ? 1 : roll < 0.82 ? 2 : roll < 0.94 ? 3 : 5;
      const durationS = type === 1 || type === 2 ? (rng.chance(0.1) ? 0 : rng.int(8, 900)) : 0;
      out.push({ t, peer, type, durationS });
    }
  }
  return out.sort((a, b) => b.t - a.t);
}
