// Scale: a 120k-line space-layout file (past the exact-count window, into the Bloom-filter path) and a 120k-line tab file parse completely and fast.
import { describe, expect, it } from 'vitest';
import { parseWith, tempFile } from './run';

const NAMES = ['Erik Hornberger', 'Mary Ann Lee', 'Bob', '佐藤 花子', 'สมชาย ใจดี', 'John Smith', 'John Doe'];
const WORDS = 'ok see you at the station tomorrow lunch where are we meeting call me later thanks money transfer account'.split(' ');

function build(lines: number, layout: 'tab' | 'space'): { text: string; senders: string[] } {
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out: string[] = [];
  const senders: string[] = [];
  let day = 0;
  while (out.length < lines) {
    const d = new Date(Date.UTC(2021, 0, 1 + day++));
    const ymd = `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${String(d.getUTCDate()).padStart(2, '0')}`;
    out.push(`${ymd} ${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()]}`);
    for (let i = 0; i < 500 && out.length < lines; i++) {
      const who = NAMES[Math.floor(rand() * NAMES.length)]!;
      const n = 1 + Math.floor(rand() * 6);
      const body = rand() < 0.1 ? 'Stickers' : Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
      const t = `${String(Math.floor(i / 21)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
      out.push(layout === 'space' ? `${t} ${who} ${body}` : `${t}\t${who}\t${body}`);
      senders.push(who);
    }
  }
  return { text: out.join('\n') + '\n', senders };
}

describe('scale', () => {
  it.each(['space', 'tab'] as const)('%s layout, 120k lines: every sender right, every line accounted for', async (layout) => {
    const { text, senders } = build(120_000, layout);
    const t0 = performance.now();
    const r = await parseWith(tempFile(`scale-${layout}.txt`, text));
    const seconds = (performance.now() - t0) / 1000;
    expect(seconds).toBeLessThan(60);
    expect(r.messages.map((m) => m.sender)).toEqual(senders);
    expect(r.messages.filter((m) => m.flags?.includes('sender-ambiguous'))).toHaveLength(0);
    if (layout === 'space') expect(r.facts.get('participants-inferred')).toMatchObject({ names: [...NAMES].sort(), pruned: false });
    expect(r.accounting).toMatchObject({ seen: 120_000, parsed: senders.length, rejected: 0 });
  });
});
