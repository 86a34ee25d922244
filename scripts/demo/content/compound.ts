// Inside the compound: the handler's WhatsApp chat with the boss, and the Team 3 group where workers report numbers.
import { Convo, type Msg } from '../convo';
import type { Rng } from '../prng';

const CHEN = 'P01';
const ZHAO = 'P02';
const KYAW = 'P04';

/** Zhao Lei (D1 owner) and "Boss Chen": Android export, Myawaddy time. */
export function bossChat(rng: Rng): Msg[] {
  const c = new Convo(rng, 'Asia/Yangon');
  const daily = (d: string, friends: number, chats: number, dep: string) =>
    c.at(d).say(ZHAO, `今日报数 ${d.slice(5, 10)}: 新好友 ${friends}, 聊天 ${chats}, 入金 ${dep}`);

  c.at('2025-01-20 09:12').system('e2e');
  c.say(CHEN, '赵磊，2月开始3组目标 30万U。Target 300k USDT for February.', 4);
  c.say(ZHAO, '收到老板。Team 3 has 7 people now. 2 more from Thailand next week.');
  c.say(CHEN, '新人护照先收好。Keep the passports in the office safe.');
  c.say(ZHAO, '明白');
  c.say(CHEN, 'WhatsApp 不安全, add my Telegram {P01.tg} or call {P01.kh}');
  c.say(ZHAO, 'OK 老板');

  c.at('2025-01-23 14:30').say(CHEN, 'SIM card够不够？');
  c.say(ZHAO, 'Souk from Laos brings 40 SIM on Friday. Thai SIM we still have 25.');
  c.say(CHEN, '好。每个人两个号，一个WhatsApp一个LINE。');

  c.at('2025-01-28 10:05').say(ZHAO, 'Maria (Jessica) has a new client from Chicago. Widow, retired nurse. Chat is going well.');
  c.say(CHEN, '慢慢来，不要急。Build trust first, 2-3 weeks.');
  c.say(ZHAO, '收到');

  daily('2025-02-03 23:40', 11, 46, '0');
  c.say(CHEN, '太少了。Why no deposit?', 300);
  c.say(ZHAO, 'New scripts this week. Arjun fixed the app link, it was blocked in Japan.');

  c.at('2025-02-10 11:00').say(ZHAO, 'Pornthip account for THB cash: KBank {P12.acct}, her phone {P12.th:intl}');
  c.say(CHEN, 'OK. 每次不超过5万泰铢。Max 50k baht each time.');

  daily('2025-02-14 23:50', 14, 63, '2 笔 6,000U');
  c.say(CHEN, '👍', 600);

  c.at('2025-02-19 08:15').say(ZHAO, 'Chicago client first deposit 1,000U yesterday. Jessica let her withdraw 150 next week to build trust.');
  c.say(CHEN, 'Good. 让她先看到利润。');

  c.at('2025-02-22 21:10').say(CHEN, 'Lim 的旧地址被Tether冻结了。From now USDT goes to his new address:');
  c.say(CHEN, '{P11.tron2}', 10);
  c.say(ZHAO, '收到，我通知财务。');

  daily('2025-02-28 23:45', 12, 58, '3 笔 11,200U');
  c.say(CHEN, '继续。Napat 什么时候到？', 400);
  c.say(ZHAO, 'Somchai says Napat arrives Mae Sot on 1 March. Kyaw will pick him up at the river.');

  c.at('2025-03-03 13:20').say(ZHAO, '老板我换号了。New number {P02.mm}, old {P02.kh:e164} stops next week. Telegram still {P02.tg}');
  c.say(CHEN, 'OK saved.');

  c.at('2025-03-06 22:05').say(CHEN, '日本客户怎么样？The Osaka one with Yuki.');
  c.say(ZHAO, 'Kenji deposited 10,000U yesterday. Arjun says he will put 20k in the event.');
  c.say(CHEN, '很好。Event 下周开始。');

  c.at('2025-03-10 10:40').say(ZHAO, 'Budi refuses to work, says he wants to go home.');
  c.say(CHEN, '按规矩罚款。Fine him and move him to Team 5. 不要闹大。');
  c.say(ZHAO, '明白');

  daily('2025-03-13 23:55', 16, 71, '4 笔 27,400U');
  c.say(CHEN, '3组这个月第一 🏆', 500);

  c.at('2025-03-19 09:30').say(ZHAO, 'Chicago client wants to withdraw 10k for daughter\'s wedding. Jessica told her 20% tax first.');
  c.say(CHEN, 'OK. 税交了再冻结账户。After tax, freeze the account and ask security deposit.');

  c.at('2025-03-27 07:50').say(ZHAO, 'Chicago client paid the tax 8,500U.');
  c.say(CHEN, '好。');

  daily('2025-03-31 23:40', 9, 52, '2 笔 9,000U');

  c.at('2025-04-06 11:15').say(ZHAO, 'Chicago client says she reported to FBI. Jessica deleted the chat messages.');
  c.say(CHEN, '换号。Change Jessica\'s WhatsApp number tomorrow. Don\'t contact her from the old one.');

  c.at('2025-04-09 20:30').say(CHEN, 'Police checking Myawaddy next week. Delete old chats, move laptops to KK4.');
  c.say(ZHAO, '收到。我今晚处理。');
  c.at('2025-04-10 22:10').say(ZHAO, 'Army trucks outside the gate.');
  c.say(CHEN, 'Stay calm. 不要打电话。', 90);
  return c.msgs;
}

/** A worker as the group shows them: persona they run and their daily style. */
interface Reporter {
  id: string;
  persona: string;
}

/** "GL Team 3" WhatsApp group on Zhao's phone: workers who are not saved contacts appear by phone number. */
export function teamGroup(rng: Rng): Msg[] {
  const c = new Convo(rng, 'Asia/Yangon');
  const workers: Reporter[] = [
    { id: 'P05', persona: 'Jessica' },
    { id: 'P06', persona: 'Yuki' },
    { id: 'P07', persona: 'Emma' },
    { id: 'P08', persona: 'Anna' },
    { id: 'P09', persona: 'Lily' },
    { id: 'P28', persona: 'Sophia' },
    { id: 'P30', persona: 'Mia' },
  ];
  c.at('2025-01-15 19:02').system('created-group', ZHAO, undefined, 'GL Team 3');
  for (const w of workers) c.system('added', ZHAO, w.id);
  c.system('added', ZHAO, KYAW);
  c.say(ZHAO, '欢迎3组。Welcome to Team 3. Daily report in this group before 23:30 Myanmar time.', 20);
  c.say(ZHAO, 'Format: 报数 date / new friends / chats / deposits / persona name');
  c.say(KYAW, 'မင်္ဂလာပါ။ Rules: no phones in the bedrooms. ဖုန်းတွေ အိပ်ခန်းထဲ မယူလာရ။');
  c.say('P07', 'ဟုတ်ကဲ့');
  c.say('P05', 'Noted sir');

  let active = workers.slice();
  const report = (w: Reporter, date: string) => {
    const friends = rng.int(0, 6);
    const chats = friends * rng.int(3, 6) + rng.int(2, 9);
    const dep = rng.chance(0.18) ? `${rng.pick([1, 2])} 笔 ${rng.pick(['500', '1,000', '2,000', '3,500', '5,000'])}U` : '0';
    c.say(w.id, `报数 ${date} / 新好友 ${friends} / 聊天 ${chats} / 入金 ${dep} / ${w.persona}`, rng.int(40, 400));
  };
  const days: string[] = [];
  for (let d = 20; d <= 31; d += rng.int(2, 3)) days.push(`2025-01-${String(d).padStart(2, '0')}`);
  for (let d = 2; d <= 28; d += rng.int(2, 3)) days.push(`2025-02-${String(d).padStart(2, '0')}`);
  for (let d = 1; d <= 31; d += rng.int(2, 3)) days.push(`2025-03-${String(d).padStart(2, '0')}`);
  for (let d = 2; d <= 9; d += rng.int(2, 3)) days.push(`2025-04-${String(d).padStart(2, '0')}`);

  let tick = 0;
  for (const day of days) {
    const dd = `${day.slice(8, 10)}/${day.slice(5, 7)}`;
    c.at(`${day} 22:${String(rng.int(40, 55)).padStart(2, '0')}`);
    if (day >= '2025-03-03' && !active.some((w) => w.id === 'P19')) {
      c.system('added', ZHAO, 'P19');
      c.say('P19', 'สวัสดีครับ ผมนภัทร มาใหม่ครับ Hello, I am Napat, new.');
      c.say(ZHAO, 'Welcome. Persona name for you: Nina. Arjun will set up your phone.');
      active.push({ id: 'P19', persona: 'Nina' });
    }
    if (day >= '2025-03-14' && active.some((w) => w.id === 'P08')) {
      c.system('left', 'P08');
      active = active.filter((w) => w.id !== 'P08');
      c.say(ZHAO, 'Anna (Budi) moved to Team 5. 不要讨论。');
    }
    for (const w of rng.shuffle(active).slice(0, rng.int(3, active.length))) report(w, dd);
    tick++;
    if (tick % 4 === 0) c.say(ZHAO, rng.pick(['今天不错，继续 💪', 'Too few deposits. Push the old clients.', 'Remember: never say the platform name on the phone.', '明天早上9点开会。Meeting 9am.']));
    if (tick % 7 === 3) c.say(KYAW, rng.pick(['ဒီနေ့ည ၈ နာရီ အစည်းအဝေး ရှိပါတယ်။ Meeting 8pm tonight.', 'Gate closes 10pm. ဂိတ် ၁၀ နာရီ ပိတ်မယ်။', 'Water delivery tomorrow, everyone help.']));
    if (day === '2025-02-05') {
      c.say('P06', 'App link for Japan clients fixed. New link in the script doc.');
      c.say(ZHAO, 'Thanks Arjun 👍');
    }
    if (day === '2025-02-19') {
      c.say('P05', 'My Chicago client did first deposit 1000U 🙏');
      c.say(ZHAO, 'Good job Jessica');
    }
    if (day === '2025-03-12' || day === '2025-03-13') {
      c.say('P06', 'Kenji says he will join the event with 20k');
    }
  }
  c.at('2025-04-10 21:30').say(KYAW, 'Everyone stay inside tonight. အပြင် မထွက်ရ။');
  c.say(ZHAO, 'Delete old chats now. 现在删除旧聊天记录。');
  return c.msgs;
}
