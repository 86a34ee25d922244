// Every Telegram file in ../shared/fixtures/telegram (real exports and other parsers' test data), when present.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { byExt, calls, fact, messages, SHARED, skips } from './helpers';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const present = existsSync(SHARED);
const files = present ? walk(SHARED).filter((f) => /\.(json|html)$/.test(f)) : [];

/** Hand-counted (node one-liners over the messages arrays, grep for div.message). */
const EXPECTED: Record<string, { importer: string; seen: number; parsed: number; skipped?: number; rejected?: number } | { error: RegExp }> = {
  'chat-analytics_DM_2A_7M.json': { importer: 'telegram', seen: 8, parsed: 8 },
  'chat-miner_test_batch_export.json': { importer: 'telegram', seen: 2, parsed: 2, rejected: 0 },
  'chat-miner_test_single_export.json': { importer: 'telegram', seen: 2, parsed: 2, rejected: 0 },
  'innerdvations/bot.json': { importer: 'telegram', seen: 2, parsed: 2 },
  'innerdvations/users_test.json': { importer: 'telegram', seen: 9, parsed: 9 },
  'innerdvations/private_channel.json': { importer: 'telegram', seen: 7, parsed: 7 },
  'innerdvations/public_channel.json': { importer: 'telegram', seen: 7, parsed: 7 },
  'innerdvations/public_supergroup.json': { importer: 'telegram', seen: 4, parsed: 4 },
  'innerdvations/saved.json': { importer: 'telegram', seen: 21, parsed: 21 },
  // Valid JSON with deliberately odd values: imported, the message without an id rejected.
  'innerdvations/error-unexpected.json': { importer: 'telegram', seen: 16, parsed: 16, rejected: 0 },
  // Deliberately invalid JSON (a missing comma after "id"): the whole file must fail.
  'innerdvations/error.json': { error: /^error\.json is not valid JSON at byte 67, line 5 \(\$\.id\): Expected "," or "}" but found """/ },
  'tg-parser/personal_chat.json': { importer: 'telegram', seen: 5, parsed: 5 },
  'html/lassepe_messages.html': { importer: 'telegram-html', seen: 5, parsed: 4, skipped: 1 },
};

it.skipIf(present)('shared Telegram fixtures: ../shared/fixtures/telegram is absent, nothing to run', () => {});

describe.skipIf(!present)('shared Telegram fixtures', () => {
  it('has files to run', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const f of files) {
    const name = relative(SHARED, f).split('\\').join('/');
    it(`imports ${name} with the expected outcome`, async () => {
      const exp = EXPECTED[name];
      if (exp && 'error' in exp) {
        await expect(parseFile(f)).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringMatching(exp.error) });
        return;
      }
      const r = await parseFile(f);
      expect(['telegram', 'telegram-html']).toContain(r.importer.id);
      expect(r.accounting.seen).toBeGreaterThan(0);
      if (exp) {
        expect(r.importer.id).toBe(exp.importer);
        expect(r.accounting).toMatchObject({ seen: exp.seen, parsed: exp.parsed, skipped: exp.skipped ?? 0, rejected: exp.rejected ?? 0 });
      } else {
        // A file added later: plausible counts only.
        expect(r.accounting.parsed).toBeGreaterThan(0);
      }
    });
  }

  it('chat-analytics DM: call, mixed time fields, offset', async () => {
    const r = await parseFile(join(SHARED, 'chat-analytics_DM_2A_7M.json'));
    expect(messages(r.records)).toHaveLength(7);
    const c = calls(r.records);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ direction: 'outgoing', durationS: 56, caller: 'Alice', counterpart: 'user700000000', contactName: 'Bob', time: { kind: 'instant', utcMs: 1691719862000 } });
    expect(byExt(r.records, '2675').time).toMatchObject({ kind: 'wall', raw: '2019-07-05T16:55:32' });
    expect(byExt(r.records, '3662').time).toEqual({ kind: 'instant', utcMs: 1652135033000, raw: '1652135033' });
    expect(byExt(r.records, '3672').attachments).toEqual([{ name: '(File not included. Change data exporting settings to download.)', status: 'omitted' }]);
    expect(fact(r.records, 'exporter-utc-offsets')).toMatchObject({ offsets: [{ offset: '-03:00', count: 1, firstLine: 106 }] });
  });

  it('chat-miner files: messages without "id" are imported, flagged no-id, cited by JSON path', async () => {
    const r = await parseFile(join(SHARED, 'chat-miner_test_batch_export.json'));
    expect(skips(r.records)).toEqual([]);
    expect(messages(r.records).map((m) => [m.flags?.includes('no-id'), m.prov.path])).toEqual([
      [true, '$.chats.list[0].messages[0]'],
      [true, '$.chats.list[0].messages[1]'],
    ]);
    expect(fact(r.records, 'telegram-layout')).toBe('chats-list');
  });

  it('innerdvations error-unexpected: odd values are flagged, not dropped', async () => {
    const r = await parseFile(join(SHARED, 'innerdvations/error-unexpected.json'));
    const m = messages(r.records);
    expect(m[0]!.flags).toContain('unknown-type');
    expect(m[1]!.flags).toEqual(expect.arrayContaining(['unusual-from-id', 'id-order']));
    expect(byExt(r.records, '176169')).toMatchObject({ body: '{"error":"ERROR: text is object"}', flags: expect.arrayContaining(['text-malformed']) });
    expect(byExt(r.records, '183290').flags).toContain('no-from-id');
    expect(byExt(r.records, '210087').flags).toContain('no-text');
  });

  it('innerdvations saved messages: the saved chat id is the owner, so Ben is outgoing', async () => {
    const r = await parseFile(join(SHARED, 'innerdvations/saved.json'));
    expect(byExt(r.records, '173429')).toMatchObject({ direction: 'outgoing', sender: 'Ben', senderKey: 'tg:9999999999' });
    expect(byExt(r.records, '5').kind).toBe('poll');
    expect(byExt(r.records, '5').body).toBe('Poll: Poll question\n- option 1 (1 vote) [chosen]\n- option 2 (0 votes)');
  });
});
