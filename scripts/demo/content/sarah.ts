// "Jessica" (Maria Santos, P05) and Sarah Miller (P15): a pig-butchering conversation on WhatsApp, Jan–Apr 2025.
// Rendered twice: from the worker's iPhone (D2) and from the victim's Android phone (D5).
import { Convo, type Msg } from '../convo';
import type { Rng } from '../prng';

export interface Deposit {
  victim: string;
  /** When the victim says it was sent (UTC ms). */
  t: number;
  usdt: number;
}

export interface SarahChat {
  msgs: Msg[];
  deposits: Deposit[];
}

const J = 'P05';
const S = 'P15';

export function sarahChat(rng: Rng): SarahChat {
  const c = new Convo(rng, 'America/Chicago');
  const deposits: Deposit[] = [];
  const deposit = (usdt: number) => deposits.push({ victim: S, t: c.msgs[c.msgs.length - 1]!.t, usdt });
  const morning = () => rng.pick(['Good morning dear ☀️', 'Morning Sarah! ☕', 'Good morning my friend 🌸', 'Hi Sarah, good morning 😊']);
  const night = () => rng.pick(['Good night dear, sleep well 🌙', 'Sweet dreams Sarah 💤', 'Good night! Talk tomorrow 😘']);

  c.at('2025-01-27 18:42').system('e2e');
  c.say(J, 'Hi, is this Amanda? It\'s Jessica from the yoga class 😊', 3);
  c.wait(9).say(S, 'Sorry, I think you have the wrong number. No Amanda here.');
  c.say(J, 'Oh no, I\'m so sorry to bother you! She must have given me the wrong number 🙈');
  c.say(J, 'May I ask where you are? I\'m in Los Angeles.');
  c.say(S, 'Chicago. It\'s fine, these things happen.');
  c.say(J, 'Chicago! I visited once in summer, the lake is so beautiful. Is it very cold now?');
  c.say(S, 'Minus 5 this morning. I don\'t go out much in January 😄');
  c.say(J, 'Haha stay warm! My name is Jessica by the way. Nice to meet you, even by mistake');
  c.say(S, 'Sarah. Nice to meet you too Jessica.');

  c.at('2025-01-28 08:10').say(J, morning());
  c.say(J, 'I hope it\'s OK that I write. I don\'t have many friends here outside of work');
  c.wait(40).say(S, 'Good morning. Of course it\'s fine. What do you do?');
  c.say(J, 'I import wine from Taiwan and France for restaurants. Small company, my family\'s business');
  c.say(J, 'And you?');
  c.say(S, 'I was a nurse for 32 years at a hospital here. Retired now. Just me and my dog Biscuit');
  c.say(J, 'A nurse! That\'s such a kind job. My mother always said nurses are angels 👼');

  c.at('2025-01-29 19:05').say(J, 'How was your day Sarah?');
  c.say(S, 'Quiet. I made soup and watched a movie. My daughter called from Denver.');
  c.say(J, 'That sounds cosy. Do you have only one daughter?');
  c.say(S, 'Yes, Emma. She is getting married in May!');
  c.say(J, 'Congratulations!! 🎉 You must be so proud');
  c.say(S, 'I am. Weddings are expensive though 😅');
  c.say(J, night());

  c.at('2025-01-31 20:15').photo(J, 'wine-tasting', 'Wine tasting with clients tonight 🍷');
  c.say(S, 'That looks lovely! You look very elegant.');
  c.say(J, 'Thank you 😊 it\'s work but I enjoy it');

  c.at('2025-02-02 10:30').photo(S, 'biscuit', 'This is Biscuit in the snow');
  c.say(J, 'OMG he is so cute!!! Golden retriever?');
  c.say(S, 'Yes, 7 years old. He is my best friend since my husband passed.');
  c.say(J, 'I\'m sorry about your husband 😢 you are a strong woman');

  c.at('2025-02-05 19:40').say(J, 'Can I tell you something? My aunt Mei is a senior analyst at a fund in Hong Kong');
  c.say(J, 'She teaches me short-term contract trading. This month I made 18% 😳');
  c.say(S, '18% in a month? That sounds too good to be true.');
  c.say(J, 'I thought the same at first! But she has inside data from the big funds. I only follow her signals');
  c.say(J, 'I\'m not asking you to do anything, just sharing my happiness with a friend 😊');
  c.say(S, 'Well I\'m happy for you.');

  for (const day of ['2025-02-07 08:05', '2025-02-09 18:50']) {
    c.at(day).say(J, morning());
    c.say(S, rng.pick(['Morning! Snowing again here.', 'Hi Jessica. Biscuit woke me up at 5 😂', 'Good morning. Going to church later.']));
    c.say(J, rng.pick(['Stay warm dear ❤️', 'Haha he wants breakfast!', 'Have a blessed day 🙏']));
  }

  c.at('2025-02-11 19:20').say(S, 'Jessica, how does this trading of yours work? Just curious.');
  c.say(J, 'It\'s on a platform called GLX Pro. You buy USDT (a digital dollar, always 1 USDT = 1 USD) and trade gold and BTC contracts');
  c.say(J, 'Aunt Mei sends a signal, we open the trade for 30 minutes, then close. That\'s it');
  c.say(S, 'I don\'t know anything about crypto.');
  c.say(J, 'I will teach you step by step, it\'s easy. First you need a Coinbase account to buy USDT');
  c.say(S, 'My daughter has Coinbase I think. I will ask her.');
  c.say(J, 'Maybe don\'t tell her yet 🤫 Surprise her with a wedding gift from your profit!');

  c.at('2025-02-14 20:00').say(J, 'Happy Valentine\'s Day Sarah 🌹');
  c.say(S, 'Happy Valentine\'s Day Jessica. You are sweet.');

  c.at('2025-02-17 19:30').say(S, 'OK I opened Coinbase and bought 1000 USDT. What now?');
  c.say(J, 'Great job!! 👏 Now register on the app: https://glx-pro.example/app');
  c.say(J, 'Use your email, and invite code JL8821 so you are in my aunt\'s VIP group');
  c.say(S, 'I registered with {P15.email}');
  c.say(J, 'Perfect. Customer service will confirm your account tomorrow');
  c.say(J, 'If WhatsApp is slow you can also email me: {P05.persona}');

  c.at('2025-02-18 19:10').say(J, 'Your account is verified ✅ The deposit address for GLX Pro is (TRC20 network only!):');
  c.say(J, '{P01.tron}', 8);
  c.say(S, 'Sending now from my Coinbase wallet...');
  c.wait(6).say(S, 'Done. It says sent from {P15.tron}');
  deposit(1000);
  c.say(J, 'Received! You will see 1,000 USDT in your balance ✨ Tomorrow 9am Hong Kong time we trade together');

  c.at('2025-02-21 20:40').say(S, 'I can see $1,184 now! Is that real?');
  c.say(J, 'Of course it\'s real 😊 three trades this week, all profit');
  c.say(S, 'Amazing.');

  c.at('2025-02-24 19:15').say(S, 'Can I take some out? Just to be sure.');
  c.say(J, 'Sure, try to withdraw 150');
  c.wait(25).say(S, '150 is back in my Coinbase! OK I trust this now 😄');
  c.say(J, 'I told you dear. The platform is very safe');

  c.at('2025-02-27 19:50').say(S, 'I want to add 5000. Same address?');
  c.say(J, 'Yes same address. Always check the first and last letters');
  c.wait(10).say(S, 'Sent 5,000 USDT.');
  deposit(5000);
  c.say(J, 'Received ✅ Aunt Mei will be happy, she likes serious students 😂');

  c.at('2025-03-04 08:20').say(J, 'Sarah big news! Aunt Mei\'s fund has a special event next week');
  c.say(J, '40% return in 10 days, but minimum balance is 15,000 USDT 😭');
  c.say(J, 'I put in everything I have. I really want you to join, it\'s a once a year chance');
  c.say(S, 'That\'s a lot of money for me Jessica.');
  c.say(J, 'I know. Think about Emma\'s wedding. You could pay for the whole thing 💍');

  c.at('2025-03-07 18:30').say(S, 'I talked to my bank. I can move money from my retirement savings.');
  c.say(J, 'You are so brave. I will be with you every step ❤️');

  c.at('2025-03-12 19:05').say(S, 'Bought 15,000 USDT. Sending now.');
  c.wait(12).say(S, 'Sent. Please tell me it arrived, I\'m nervous');
  deposit(15000);
  c.say(J, 'Arrived!! Your balance is 21,930 USDT now 🥂');
  c.say(S, 'OK. Thank you Jessica.');

  c.at('2025-03-18 20:10').say(S, 'Jessica I need to withdraw 10,000 for the wedding deposit. The app says "under review"');
  c.say(J, 'Don\'t worry, big withdrawals need a review. Let me ask customer service');
  c.wait(30).say(J, 'They say because your profit is over 20,000 you must pay 20% personal income tax first: 8,500 USDT');
  c.say(S, 'Can\'t they take it from my balance??');
  c.say(J, 'Unfortunately no, it is Hong Kong regulation, the tax must come from outside funds 😔');
  c.say(S, 'This is not what you told me.');
  c.say(J, 'I\'m sorry dear. I paid tax too last year. After that you can take everything out');

  c.at('2025-03-24 07:55').missedCall(J);
  c.wait(20).say(J, 'Sarah are you OK? You didn\'t answer yesterday');
  c.say(S, 'I\'m thinking about it.');

  c.at('2025-03-26 19:40').say(S, 'I borrowed from my sister. Sending the 8,500 tax.');
  c.wait(9).say(S, 'Sent.');
  deposit(8500);
  c.say(J, 'Received ✅ Now the review will finish in 3 working days');

  c.at('2025-03-31 18:20').say(S, 'Now the app says my account is FROZEN for "suspicious activity" and I must pay a 30% security deposit!!');
  c.say(J, 'Oh no... This happens when the tax is paid from a different account. Customer service can unfreeze');
  c.say(S, 'Another 9,000?? No. I want my money back now.');
  c.say(J, 'Please calm down, you will lose everything if you stop now');

  c.at('2025-04-02 21:00').say(S, 'My daughter says this is a scam. She found GLX Pro on a warning list.');
  c.say(J, 'Your daughter doesn\'t understand investing. Did I ever lie to you?');
  c.say(S, 'I don\'t know what to believe anymore.');

  c.at('2025-04-05 10:15').say(S, 'I have reported this to the FBI (IC3) and to my bank. Don\'t contact me again.');
  c.deleted(J);
  c.say(J, 'Sarah you are making a big mistake. Your account will be closed and the funds cannot be recovered');
  c.say(S, '.');

  c.at('2025-04-07 09:00').system('security-code', J);
  c.say(J, 'Hello Sarah, it\'s Jessica. Customer service gave me one last chance for you. Please reply', 30);
  return { msgs: c.msgs, deposits };
}
