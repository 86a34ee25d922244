// Runs every real LINE sample under ../shared/fixtures/line (never copied into the repo); exact counts for the ones counted by hand.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWith, SHARED_FIXTURES, wall } from './run';

const DIR = join(SHARED_FIXTURES, 'line');
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.txt')) : [];
if (files.length === 0) console.warn(`[line] shared fixtures not found at ${DIR}: skipping the real-sample tests`);

describe.skipIf(files.length === 0)('real LINE samples (shared fixtures)', () => {
  it.each(files)('%s imports with no error and plausible counts', async (name) => {
    const r = await parseWith(join(DIR, name));
    expect(r.importer.id).toBe('line');
    const a = r.accounting;
    expect(a.parsed + a.skipped + a.rejected).toBe(a.seen);
    expect(a.rejected).toBe(0);
    expect(r.messages.length).toBeGreaterThan(0);
    expect(r.messages.length).toBeLessThanOrEqual(a.parsed);
    expect(r.messages.every((m) => m.time.kind === 'wall')).toBe(true);
    expect(r.messages.every((m) => m.raw.length > 0 && m.prov.line! >= 1)).toBe(true);
  });

  it('chonyy_sampleEN.txt: 53 messages, 4 calls, MM/DD dates settled by the file', async () => {
    const r = await parseWith(join(DIR, 'chonyy_sampleEN.txt'));
    expect(r.sniff).toMatchObject({ confidence: 0.95, layout: 'tab' });
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: 'User10', chatKind: 'personal' });
    expect(r.messages).toHaveLength(53);
    expect(r.calls.map((c) => [c.prov.line, c.durationS])).toEqual([
      [36, 31],
      [44, 35],
      [46, 15],
      [59, 15],
    ]);
    expect(r.messages.filter((m) => m.kind === 'media').length).toBe(10);
    // "Mon, 12/03/2017" matches neither order's weekday (a synthetic sample); the file's other lines prove month-first.
    expect(wall(r.messages[0]!)).toEqual([2017, 12, 3, 16, 46]);
    expect(r.messages[0]!.time.flags).toEqual(['weekday-mismatch', 'date-order-from-other-lines']);
    expect(wall(r.messages[52]!)).toEqual([2016, 5, 8, 23, 25]);
    expect(r.accounts.map((a) => [a.display, a.isOwner ?? false])).toEqual([
      ['User10', false],
      ['User20', true],
    ]);
    expect(r.accounting).toMatchObject({ seen: 62, parsed: 53, skipped: 9, rejected: 0 });
  });

  it('chonyy_sample_zh-TW.txt: 53 messages, 下午 times, （一） dates, 4 calls of 53 s', async () => {
    const r = await parseWith(join(DIR, 'chonyy_sample_zh-TW.txt'));
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: 'User1', chatKind: 'personal' });
    expect(r.messages).toHaveLength(53);
    expect(r.calls.map((c) => c.durationS)).toEqual([53, 53, 53, 53]);
    expect(wall(r.messages[0]!)).toEqual([2017, 11, 20, 16, 46]);
    expect(wall(r.messages[52]!)).toEqual([2016, 5, 8, 23, 25]);
    expect(r.messages.every((m) => !m.time.flags)).toBe(true);
    expect(r.facts.get('saved-on')).toMatchObject({ kind: 'wall', wall: { y: 2020, mo: 2, d: 12, h: 2, mi: 42 } });
    expect(r.accounting).toMatchObject({ seen: 62, parsed: 53, skipped: 9, rejected: 0 });
  });

  it('ryouy_sample_space-separated_ja.txt: 5 messages, Stickers and two Canceled calls', async () => {
    const r = await parseWith(join(DIR, 'ryouy_sample_space-separated_ja.txt'));
    expect(r.sniff).toMatchObject({ confidence: 0.7, layout: 'space' });
    expect(r.messages.map((m) => [m.sender, m.kind, m.body, wall(m), m.flags?.includes('sender-ambiguous') ?? false])).toEqual([
      ['牧場主', 'media', 'Stickers', [2026, 2, 17, 21, 46], false],
      ['牧場主', 'call', 'Canceled', [2026, 2, 27, 14, 48], false],
      ['とくしげ', 'call', 'Canceled', [2026, 2, 27, 15, 15], false],
      ['とくしげ', 'text', 'なんや', [2026, 2, 27, 15, 15], false],
      ['牧場主', 'text', 'ごめんわいの気まぐれやった', [2026, 2, 27, 15, 15], false],
    ]);
    expect(r.calls.map((c) => [c.caller, c.direction])).toEqual([
      ['牧場主', 'missed'],
      ['とくしげ', 'missed'],
    ]);
    expect(r.accounting).toMatchObject({ seen: 7, parsed: 5, skipped: 2, rejected: 0 });
  });

  it('ryouy_personal1_space-separated_ja.txt: 26 messages from two people, one Photos placeholder', async () => {
    const r = await parseWith(join(DIR, 'ryouy_personal1_space-separated_ja.txt'));
    expect(r.messages).toHaveLength(26);
    expect(new Set(r.messages.map((m) => m.sender))).toEqual(new Set(['恒一', '彩音']));
    expect(r.messages.some((m) => m.flags?.includes('sender-ambiguous'))).toBe(false);
    expect(r.messages.filter((m) => m.kind === 'media').map((m) => m.prov.line)).toEqual([24]);
    expect(r.messages[1]!.body).toBe('おはよう 今日は早いね');
    expect(r.accounting).toMatchObject({ seen: 28, parsed: 26, skipped: 2, rejected: 0 });
  });
});
