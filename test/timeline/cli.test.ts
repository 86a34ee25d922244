import { describe, expect, it } from 'vitest';
import { run } from '../../main/cli/main';
import type { Out } from '../../main/cli/output';
import { caseWith, chat, msg } from './case-builder';

function capture() {
  const lines: string[] = [];
  const errs: string[] = [];
  const out: Out = { line: (s = '') => lines.push(s), json: (v) => lines.push(JSON.stringify(v)), err: (s) => errs.push(s) };
  return { out, lines, errs };
}

async function sample() {
  const built = await caseWith([[chat('c', 'Ann'), msg('2025-03-14T14:00:00Z', 'first usdt'), msg('2025-03-14T14:05:00Z', 'second \u202Eevil\u202C'), msg('2025-03-15T02:00:00Z', 'third usdt')]], { tz: 'Asia/Bangkok' });
  built.c.close();
  return built;
}

describe('threadline timeline / histogram / search / thread', () => {
  it('timeline --json keeps the contract: an array of events with ts (UTC, Z), kind, evidence, from, to, text, source, plus cursors', async () => {
    const { file } = await sample();
    const o = capture();
    expect(await run(['timeline', file, '--json', '--limit', '2', '--display-tz', 'Asia/Yangon'], o.out)).toBe(0);
    const events = JSON.parse(o.lines.join('\n')) as Record<string, unknown>[];
    expect(Array.isArray(events)).toBe(true);
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      for (const k of ['kind', 'evidence', 'from', 'to', 'text', 'source']) expect(e).toHaveProperty(k);
      expect(e.display).toMatchObject({ tz: 'Asia/Yangon' });
    }
    expect((events[0]!.display as { time: string }).time).toBe('2025-03-14 20:30:00 +06:30');
    const next = o.errs.find((l) => l.startsWith('next: --cursor '))!.slice('next: --cursor '.length);
    expect(next).toBe((events[1]!.cursor as { next: string }).next);
    const o2 = capture();
    expect(await run(['timeline', file, '--json', '--cursor', next], o2.out)).toBe(0);
    expect((JSON.parse(o2.lines.join('\n')) as { text: string }[]).map((e) => e.text)).toEqual(['third usdt']);
  });

  it('human output names the display zone and shows hostile text visibly', async () => {
    const { file } = await sample();
    const o = capture();
    expect(await run(['timeline', file], o.out)).toBe(0);
    expect(o.lines[0]).toBe('Times shown in Asia/Bangkok, each with its UTC offset (stored as UTC).');
    expect(o.lines.join('\n')).toContain('second <U+202E>evil<U+202C>');
    expect(o.lines.join('\n')).toContain('2025-03-14 21:00:00 +07:00');
  });

  it('histogram, search and thread answer in JSON, with filters', async () => {
    const { file } = await sample();
    const h = capture();
    expect(await run(['histogram', file, '--bucket', 'day', '--json'], h.out)).toBe(0);
    const hist = JSON.parse(h.lines.join('\n')) as { displayTz: string; buckets: { local: string; count: number }[]; total: number };
    expect(hist.displayTz).toBe('Asia/Bangkok');
    expect(hist.buckets.map((b) => [b.local.slice(0, 10), b.count])).toEqual([
      ['2025-03-14', 2],
      ['2025-03-15', 1],
    ]);
    const s = capture();
    expect(await run(['search', file, 'usdt', '--json', '--order', 'oldest', '--kind', 'message'], s.out)).toBe(0);
    const res = JSON.parse(s.lines.join('\n')) as { text: { hits: { event: { id: string; text: string }; snippet: unknown[] }[] } };
    expect(res.text.hits.map((x) => x.event.text)).toEqual(['first usdt', 'third usdt']);
    const t = capture();
    expect(await run(['thread', file, res.text.hits[0]!.event.id, '--json', '--after', '1'], t.out)).toBe(0);
    const th = JSON.parse(t.lines.join('\n')) as { target: { text: string }; after: { text: string }[] };
    expect([th.target.text, th.after.map((e) => e.text)]).toEqual(['first usdt', ['second \u202Eevil\u202C']]);
  });

  it('usage errors exit 2 with a hint; unknown records exit 1', async () => {
    const { file } = await sample();
    for (const argv of [
      ['histogram', file, '--bucket', 'fortnight'],
      ['timeline', file, '--kind', 'sms'],
      ['timeline', file, '--cursor', 'garbage!'],
      ['search', file, 'NOT x'],
      ['thread', file, 'abc'],
      ['timeline', file, '--before'],
    ]) {
      const o = capture();
      expect(await run(argv, o.out)).toBe(2);
      expect(o.errs.join('\n')).toMatch(/error: BAD_ARGUMENT[\s\S]*→/);
    }
    const o = capture();
    expect(await run(['thread', file, 'm999'], o.out)).toBe(1);
    expect(o.errs.join('\n')).toContain('NOT_FOUND');
  });
});
