// LINE chats: the persona "Yuki" (Arjun Mehta) with Kenji Sato in English, and the recruiter Somchai with Napat in Thai.
import { Convo, type Msg } from '../convo';
import type { Rng } from '../prng';
import type { Deposit } from './sarah';

const YUKI = 'P06';
const KENJI = 'P18';
const SOMCHAI = 'P03';
const NAPAT = 'P19';

export function kenjiChat(rng: Rng): { msgs: Msg[]; deposits: Deposit[] } {
  // Kenji writes in his Osaka evening; sessions are scripted in Japan time.
  const c = new Convo(rng, 'Asia/Tokyo');
  const deposits: Deposit[] = [];
  const deposit = (usdt: number) => deposits.push({ victim: KENJI, t: c.msgs[c.msgs.length - 1]!.t, usdt });

  c.at('2025-01-13 21:05').say(YUKI, 'Hello, is this Mr. Watanabe from the golf club? This is Yuki 😊');
  c.wait(12).say(KENJI, 'No, I am Sato. Wrong person I think.');
  c.say(YUKI, 'Ah, I am so sorry! すみません🙇‍♀️');
  c.say(KENJI, 'No problem. 大丈夫ですよ');
  c.say(YUKI, 'You speak English well! I grew up in Kobe but now I work in Bangkok');
  c.say(KENJI, 'I am engineer, I use English at work. Car parts company in Osaka.');
  c.sticker(YUKI);

  c.at('2025-01-15 20:30').say(YUKI, 'Good evening Sato-san. Did you finish work?');
  c.say(KENJI, 'Yes. Tired. Today many meetings.');
  c.say(YUKI, 'Please rest well. What do you do on weekends?');
  c.say(KENJI, 'Fishing at Lake Biwa. Since divorce I have more time 😅');
  c.photo(KENJI, 'fish', '');
  c.say(YUKI, 'Wow big fish!! すごい！');

  for (const day of ['2025-01-18 21:40', '2025-01-22 20:55', '2025-01-26 10:20']) {
    c.at(day).say(YUKI, rng.pick(['Good evening Kenji-san 🌙', 'How is Osaka today?', 'Did you go fishing this weekend?']));
    c.say(KENJI, rng.pick(['Cold. 寒いです。', 'Yes, but no fish today 😂', 'Busy week, but OK.']));
    c.say(YUKI, rng.pick(['Take care of your health 🍵', 'Next time you will catch a big one!', 'I made curry tonight 🍛']));
    if (rng.chance(0.5)) c.sticker(KENJI);
  }

  c.at('2025-01-29 21:10').say(YUKI, 'Kenji-san, my uncle works at a gold trading company in Singapore');
  c.say(YUKI, 'He taught me to trade gold with his analysis. Last month I earned 1.2 million yen 😳');
  c.say(KENJI, 'Gold? I only have bank savings.');
  c.say(YUKI, 'Japanese banks give 0.02% 😢 Your money is sleeping!');
  c.say(KENJI, 'That is true...');

  c.at('2025-02-03 22:00').call(KENJI, rng.int(300, 900));
  c.say(YUKI, 'Thank you for the call, your voice is kind 😊');

  c.at('2025-02-12 20:45').say(KENJI, 'Yuki-san, how do I start? Just small amount.');
  c.say(YUKI, 'The platform is AurumFX: https://aurumfx.example/jp\nRegister with email, invite code YK5510\nThen buy USDT on an exchange and deposit');
  c.wait(30).say(KENJI, 'I registered with {P18.email}. LINE ID {P18.line}, phone {P18.jp:intl-dash} in case they call');
  c.say(YUKI, 'Perfect! If your friend wants to add me, my LINE ID is {P06.line}');

  c.at('2025-02-20 21:15').say(YUKI, 'Deposit address for AurumFX (TRC20):\n{P01.tron}\nPlease check carefully 🙏');
  c.wait(20).say(KENJI, 'Sent 2,000 USDT.');
  deposit(2000);
  c.say(YUKI, 'Received ✨ tomorrow 10pm we trade together');

  c.at('2025-02-25 22:30').say(KENJI, 'Balance 2,460 now. 本当ですか？');
  c.say(YUKI, 'Yes! 本当です😊');

  c.at('2025-03-05 20:10').say(KENJI, 'I add 10,000 USDT.');
  c.wait(15).say(KENJI, 'Sent.');
  deposit(10000);
  c.say(YUKI, 'Received. You are a good student Kenji-san 📈');
  c.call(YUKI, 0);

  c.at('2025-03-11 21:00').say(YUKI, 'My uncle\'s fund has an event from 15 March, 35% in one week. Minimum 20,000 USDT');
  c.say(KENJI, 'That is a lot. I need to think.');
  c.say(YUKI, 'Opportunity does not wait.\nThat is what my uncle always says 🙏');

  c.at('2025-03-21 20:20').say(KENJI, 'OK. I sent 20,000 USDT. This is my retirement money, please be careful.');
  deposit(20000);
  c.say(YUKI, 'Thank you for trusting me ❤️');

  c.at('2025-03-30 21:45').say(KENJI, 'I want to withdraw 5,000. Platform says "risk control, pay 15% fee".');
  c.say(YUKI, 'It is normal for big accounts. After the fee everything is released');
  c.say(KENJI, 'This is strange. My colleague says it is 詐欺 (fraud).');
  c.say(YUKI, 'Please don\'t listen to people who don\'t understand 😢');

  c.at('2025-04-04 22:10').call(KENJI, 0);
  c.say(KENJI, 'Yuki-san, please answer.');
  c.at('2025-04-08 20:00').say(KENJI, 'I went to Osaka police today.');
  return { msgs: c.msgs, deposits };
}

export function napatChat(rng: Rng): Msg[] {
  const c = new Convo(rng, 'Asia/Bangkok');
  c.at('2025-01-10 19:02').say(NAPAT, 'สวัสดีครับ ผมเห็นประกาศรับสมัครงานใน Facebook ครับ');
  c.say(SOMCHAI, 'สวัสดีครับน้อง งานแอดมินลูกค้าต่างประเทศ เงินเดือน 35,000 บาท ที่พักฟรี');
  c.say(NAPAT, 'ต้องพูดภาษาอังกฤษได้ไหมครับ');
  c.say(SOMCHAI, 'พื้นฐานก็พอครับ มีสอนให้');
  c.say(NAPAT, 'ทำงานที่ไหนครับ');
  c.say(SOMCHAI, 'ที่แม่สอด จ.ตาก ครับ บริษัทคาสิโนออนไลน์ ถูกกฎหมาย');
  c.say(NAPAT, 'เบอร์ผม {P19.th:national-dash} ไลน์ {P19.line} ครับ');
  c.say(SOMCHAI, 'ได้ครับ ไอดีไลน์พี่ {P03.line} ส่งต่อให้เพื่อนที่สนใจได้เลย');

  c.at('2025-01-14 20:30').say(SOMCHAI, 'น้องส่งรูปบัตรประชาชนกับพาสปอร์ตมาด้วยนะครับ');
  c.photo(NAPAT, 'id-card', '');
  c.photo(NAPAT, 'passport', '');
  c.say(SOMCHAI, 'ได้รับแล้วครับ');

  for (const day of ['2025-01-20 18:40', '2025-01-27 21:05', '2025-02-04 19:30']) {
    c.at(day).say(NAPAT, rng.pick(['พี่ครับ ได้คิวเดินทางหรือยังครับ', 'แม่ผมถามว่าบริษัทชื่ออะไรครับ', 'ต้องเตรียมอะไรไปบ้างครับ']));
    c.say(SOMCHAI, rng.pick(['รออีกนิดนะครับ กำลังจัดรถให้', 'บริษัท GL Group ครับ ของคนจีน มั่นคง', 'เสื้อผ้า 1 สัปดาห์พอ ที่นั่นมีทุกอย่าง']));
    c.say(NAPAT, 'ขอบคุณครับพี่');
  }

  c.at('2025-02-24 10:15').say(SOMCHAI, 'วันที่ 1 มีนาคม รถไปรับที่หมอชิต 2 ทุ่มนะครับ ตั๋วฟรี');
  c.say(NAPAT, 'ครับ ตื่นเต้นมากครับ 😊');
  c.say(SOMCHAI, 'ถึงแม่สอดแล้วจะมีคนพาข้ามไปที่ทำงาน เบอร์หัวหน้าทีม {P02.kh:intl}');
  c.call(SOMCHAI, rng.int(120, 400));

  c.at('2025-03-01 20:05').say(NAPAT, 'ขึ้นรถแล้วครับพี่');
  c.say(SOMCHAI, 'โชคดีนะครับ 👍');

  c.at('2025-03-04 23:40').say(NAPAT, 'พี่ครับ ที่นี่ไม่ใช่งานที่บอกไว้ เขายึดพาสปอร์ตผม');
  c.say(NAPAT, 'เขาให้โทรหลอกคนต่างชาติ\nผมอยากกลับบ้านครับ');
  c.wait(300).say(SOMCHAI, 'อดทนหน่อยนะน้อง ทำงานครบ 6 เดือนก็ได้กลับ');
  c.say(NAPAT, 'ถ้าจะกลับต้องจ่าย 200,000 บาท ผมไม่มีเงินครับ');
  c.call(NAPAT, 0);
  c.call(NAPAT, 0);
  c.at('2025-03-18 02:10').say(NAPAT, 'ช่วยผมด้วยครับ');
  return c.msgs;
}
