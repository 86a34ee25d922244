// The boss's Telegram: the OTC broker, the finance group, the payment agents, the handler and his own saved notes.
import { Convo, type Msg } from '../convo';
import type { Rng } from '../prng';

export interface TgChat {
  name?: string;
  type: 'personal_chat' | 'private_supergroup' | 'saved_messages';
  /** The other party of a personal chat, or the members of a group. */
  peer?: string;
  members?: string[];
  msgs: Msg[];
}

const CHEN = 'P01';
const ZHAO = 'P02';
const LINA = 'P10';
const LIM = 'P11';
const YUSUF = 'P13';
const OMAR = 'P25';
const WANG = 'P27';

/** `42500` -> `42,500`, without depending on the platform's locale data. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A 64-hex transaction hash, as TRONSCAN shows them. */
function txHash(rng: Rng): string {
  return Buffer.from(rng.bytes(32)).toString('hex');
}

function limChat(rng: Rng): TgChat {
  const c = new Convo(rng, 'Asia/Phnom_Penh');
  c.at('2025-01-18 15:20').say(CHEN, 'Lim，今天汇率？Rate today?');
  c.say(LIM, '1 USDT = 4.62 MYR / 35.1 THB cash Bangkok. Min 20k');
  c.say(CHEN, '明天 80,000U，现金曼谷。');
  c.say(LIM, 'OK boss. Send to my TRC20: {P11.tron}');
  c.say(CHEN, 'Our collection address for the platform deposits, in case you need to check: {P01.tron}');
  c.at('2025-01-19 10:05').say(CHEN, `Sent 80,000. tx ${txHash(rng)}`);
  c.wait(14).say(LIM, 'Received 👍 cash ready 3pm, same place Sukhumvit 22');
  c.call(LIM, rng.int(60, 240));
  for (const day of ['2025-01-27', '2025-02-04', '2025-02-12', '2025-02-19']) {
    const amount = rng.pick(['45,000', '60,000', '72,500', '90,000']);
    c.at(`${day} ${rng.pick(['10', '14', '16'])}:${String(rng.int(0, 59)).padStart(2, '0')}`);
    c.say(CHEN, `${amount}U today. 汇率？`);
    c.say(LIM, `${rng.pick(['35.0', '35.2', '34.9'])} THB. OK?`);
    c.say(CHEN, 'OK');
    c.wait(20).say(CHEN, `tx ${txHash(rng)}`);
    c.say(LIM, rng.pick(['Received', 'Got it boss', 'Received, cash tomorrow 11am']));
    if (rng.chance(0.6)) c.call(CHEN, rng.chance(0.3) ? 0 : rng.int(40, 400));
  }
  c.at('2025-02-22 19:40').say(LIM, 'Boss STOP. My old TRC20 address frozen by Tether today 😡');
  c.say(LIM, 'New address {P11.tron2}. Don\'t use old one anymore');
  c.say(CHEN, '多少被冻结？How much frozen?');
  c.say(LIM, '38,000. I try to talk to the exchange. Not your money, don\'t worry');
  c.say(LIM, 'For ETH/ERC20 use {P11.eth}');
  c.call(CHEN, 0);
  c.call(LIM, rng.int(120, 600));
  c.at('2025-03-02 11:10').say(LIM, 'If this account gets banned, my backup is {P11.tg}, phone {P11.my}');
  c.say(CHEN, '好');
  for (const day of ['2025-03-05', '2025-03-13', '2025-03-20', '2025-03-28', '2025-04-04']) {
    c.at(`${day} ${rng.pick(['11', '15', '17'])}:${String(rng.int(0, 59)).padStart(2, '0')}`);
    c.say(CHEN, `${rng.pick(['55,000', '120,000', '66,300', '81,000'])}U. Same as last time.`);
    c.say(LIM, rng.pick(['OK. Rate 35.1', 'OK boss, 34.8 today', 'Rate 35.3, cash day after tomorrow']));
    c.wait(15).say(CHEN, `tx ${txHash(rng)}`);
    c.say(LIM, 'Received');
  }
  c.at('2025-04-09 21:00').say(LIM, 'Heard news about Myawaddy. Be careful boss. I pause for 2 weeks.');
  c.say(CHEN, '明白。');
  return { name: 'Lim OTC', type: 'personal_chat', peer: LIM, msgs: c.msgs };
}

function financeGroup(rng: Rng): TgChat {
  const c = new Convo(rng, 'Asia/Phnom_Penh');
  const members = [CHEN, LINA, WANG, ZHAO, YUSUF, OMAR];
  c.at('2025-01-16 09:00').system('created-group', CHEN, undefined, 'GL 财务 Finance');
  c.say(CHEN, '财务群。All money questions here, not in WhatsApp.', 30);
  c.say(LINA, '收到老板。日报每天晚上11点。');
  c.say(LINA, '报表发我邮箱 {P10.email}');
  c.say(WANG, '公司账户 ABA {P27.acct}，现金存这里。');
  c.say(WANG, '我国内号 {P27.cn}，柬埔寨号 {P27.kh}');
  c.say(YUSUF, 'Hello all. For EUR and TRY clients pay to my account {P13.iban}. USDT comes back from {P13.tron}');
  c.say(OMAR, 'AED IBAN {P25.iban}. WhatsApp me on {P25.ae} if urgent');
  c.say(OMAR, 'USDT from {P25.tron} only, do not accept other addresses with my name');
  const days = ['2025-01-22', '2025-01-29', '2025-02-05', '2025-02-12', '2025-02-19', '2025-02-26', '2025-03-05', '2025-03-12', '2025-03-19', '2025-03-26', '2025-04-02'];
  for (const [i, day] of days.entries()) {
    c.at(`${day} 23:${String(rng.int(0, 20)).padStart(2, '0')}`);
    const inU = rng.int(18, 95) * 500;
    const outU = rng.int(2, 12) * 500;
    c.say(LINA, `${day.slice(5)} 入金合计 ${thousands(inU)}U，出金 ${thousands(outU)}U，余额正常。`);
    if (i % 2 === 0) c.say(CHEN, `{P02.tg} 3组今天数据？`);
    if (i % 2 === 0) c.say(ZHAO, rng.pick(['3组今天 2 笔，7,000U', 'Team 3: 1 deposit 5,000U', '3组今天 0，明天有两个客户入金']));
    if (i % 3 === 1) c.say(YUSUF, `Received ${rng.pick(['4.800', '9.500', '12.000'])} EUR today, USDT sent to Lim`);
    if (i % 4 === 2) c.say(OMAR, `AED ${rng.pick(['36,000', '52,500', '18,200'])} cleared, USDT on the way`);
    if (i === 3) {
      c.say(ZHAO, '新号 {P02.mm}，旧号下周停。');
      c.say(CHEN, '👌');
    }
    if (i === 5) {
      c.say(WANG, '落地页又打不开了，谁改的？The landing page shows this:');
      c.say(WANG, "<script>window.location='https://glx-pro.example/login?ref=JL8821'</script>");
      c.say(CHEN, '找Arjun修。');
    }
    if (i === 7) {
      c.say(LINA, '3月15日 大活动入金 42,000U，其中日本客户 20,000U。');
    }
  }
  c.at('2025-04-09 22:30').say(CHEN, '所有人：这两周暂停出金。Pause all payouts for two weeks. 删除本群记录。');
  return { name: 'GL 财务 Finance', type: 'private_supergroup', members, msgs: c.msgs };
}

function yusufChat(rng: Rng): TgChat {
  const c = new Convo(rng, 'Asia/Phnom_Penh');
  c.at('2025-02-03 16:00').say(YUSUF, 'Hi Chen, Omar gave me your contact. I can take EUR SEPA, 3% fee.');
  c.say(CHEN, '可以。Start small, 10k EUR per week.');
  c.say(YUSUF, 'OK. I send USDT to your broker same day.');
  c.call(YUSUF, rng.int(100, 500));
  for (const day of ['2025-02-14', '2025-02-28', '2025-03-14', '2025-03-28']) {
    c.at(`${day} 18:${String(rng.int(0, 59)).padStart(2, '0')}`);
    c.say(YUSUF, `Today ${rng.pick(['3.200', '4.800', '7.150'])} EUR from 2 payers. USDT to Lim.`);
    c.say(CHEN, 'OK');
    if (rng.chance(0.5)) c.call(CHEN, rng.chance(0.4) ? 0 : rng.int(30, 200));
  }
  return { name: 'Yusuf Demir', type: 'personal_chat', peer: YUSUF, msgs: c.msgs };
}

function omarChat(rng: Rng): TgChat {
  const c = new Convo(rng, 'Asia/Phnom_Penh');
  c.at('2025-01-25 13:30').say(OMAR, 'Salam boss. Rate for AED this week 3.69. Fee 2%.');
  c.say(CHEN, 'OK. 下周开始。');
  c.call(OMAR, rng.int(200, 700));
  for (const day of ['2025-02-08', '2025-03-01', '2025-03-22']) {
    c.at(`${day} 12:${String(rng.int(0, 59)).padStart(2, '0')}`);
    c.say(OMAR, `Cleared AED ${rng.pick(['41,000', '25,700', '60,300'])}. USDT sent.`);
    c.say(CHEN, '收到');
  }
  c.call(CHEN, 0);
  return { name: 'Omar Haddad', type: 'personal_chat', peer: OMAR, msgs: c.msgs };
}

function zhaoChat(rng: Rng): TgChat {
  const c = new Convo(rng, 'Asia/Phnom_Penh');
  c.at('2025-01-21 10:00').say(ZHAO, '老板，Telegram 加上了。');
  c.say(CHEN, '以后重要的事在这里说。');
  c.call(CHEN, rng.int(60, 300));
  c.at('2025-03-03 15:10').say(ZHAO, '换号了 {P02.mm}');
  c.say(CHEN, '好');
  c.at('2025-04-10 23:05').say(ZHAO, '军队在门外。');
  c.call(ZHAO, 0);
  c.call(CHEN, rng.int(20, 90));
  return { name: 'Zhao Lei', type: 'personal_chat', peer: ZHAO, msgs: c.msgs };
}

function savedMessages(rng: Rng): TgChat {
  const c = new Convo(rng, 'Asia/Phnom_Penh');
  c.at('2025-01-17 08:00').say(CHEN, '备用钱包 backup wallets: ETH {P01.eth} / TRON {P01.tron}');
  c.at('2025-02-16 21:30').say(CHEN, 'Tomas LT account {P14.iban} email {P14.email} — EUR only, max 15k/week');
  c.at('2025-03-01 09:00').say(CHEN, 'Lim new address after freeze: {P11.tron2}');
  c.at('2025-04-09 23:50').say(CHEN, '清理清单: WhatsApp, LINE 账号全部换掉。');
  return { type: 'saved_messages', msgs: c.msgs };
}

export function telegramChats(rng: Rng): TgChat[] {
  return [limChat(rng.fork('lim')), financeGroup(rng.fork('finance')), yusufChat(rng.fork('yusuf')), omarChat(rng.fork('omar')), zhaoChat(rng.fork('zhao')), savedMessages(rng.fork('saved'))];
}
