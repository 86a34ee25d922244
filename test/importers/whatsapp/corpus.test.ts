// Every WhatsApp file of the shared corpus (../shared/fixtures/whatsapp, real exports; never copied here).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../../main/engine/errors';
import type { DateOrder } from '../../../main/engine/importers/types';
import { SHARED, run, w, wall } from './helpers';

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(txt|zip)$/i.test(name)) out.push(p);
  }
  return out;
}

/**
 * Files whose day/month order cannot be read from the file itself, with the order the test declares and why.
 * Without it each of them must fail with DATE_ORDER_AMBIGUOUS (checked below), never be guessed.
 */
const DECLARED: Record<string, { order: DateOrder; why: string }> = {
  // `12/9/20` only. chat-analytics reads it with whatsapp-chat-parser's days-first default; nothing in the file decides.
  'chat-analytics_4A_11M.txt': { order: 'dmy', why: 'no day above 12; the source project reads it day-first' },
  'chat-analytics_4A_11M.zip': { order: 'dmy', why: 'same chat as the .txt' },
  // `11/01/2023` only. The same author's other Android exports from the same phones are day-first
  // (languages/english_android.txt: 23/03/2022) and were made in January 2023.
  'whats_json/android/WhatsApp Chat with Group Chat XXX Android.txt': { order: 'dmy', why: 'same phones as the day-first exports of the set' },
  // Parser test lines in every layout: three are day-first (13.06.18 …) and two month-first (06.13.18, 06/2018/13).
  'pustur_parser_test_format_lines.txt': { order: 'dmy', why: 'mixed test lines; the month-first ones are flagged invalid-date' },
};

const present = existsSync(SHARED);
const files = present ? walk(SHARED) : [];

describe.skipIf(!present)('shared corpus ../shared/fixtures/whatsapp', () => {
  it('has files to test', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [relative(SHARED, f)]))('%s imports cleanly', async (rel) => {
    const declared = DECLARED[rel];
    const r = await run(join(SHARED, rel), declared ? { dateOrder: declared.order } : {});
    expect(r.importer.id).toBe('whatsapp');
    expect(r.sniff.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.accounting.rejected).toBe(0);
    expect(r.accounting.parsed).toBe(r.accounting.seen);
    expect(r.messages.length).toBeGreaterThan(0);
    expect(r.messages.length).toBeLessThanOrEqual(r.accounting.seen);
    // Provenance and raw form on every message; lines in file order.
    let last = 0;
    for (const m of r.messages) {
      expect(m.prov.line).toBeGreaterThan(last);
      last = m.prov.lineEnd!;
      expect(m.raw.length).toBeGreaterThan(0);
      expect(m.time.raw).toBeTruthy();
      if (m.senderKey) expect(r.accounts.some((a) => a.key === m.senderKey)).toBe(true);
    }
    const undated = r.messages.filter((m) => m.time.kind !== 'wall');
    expect(undated.length).toBe(rel === 'pustur_parser_test_format_lines.txt' ? 2 : 0);
    // Every placeholder in the corpus's languages is in the importer's tables.
    expect(r.messages.filter((m) => m.flags?.includes('media-placeholder-inferred'))).toEqual([]);
    // Plausible dates.
    for (const m of r.messages) if (m.time.kind === 'wall') expect(m.time.wall.y).toBeGreaterThanOrEqual(2013);
  });

  it('refuses to guess the order of the files that need a declared one', async () => {
    for (const rel of Object.keys(DECLARED)) {
      const e = await run(join(SHARED, rel)).catch((x: unknown) => x);
      expect(e, rel).toBeInstanceOf(ThreadlineError);
      expect((e as ThreadlineError).code).toBe('DATE_ORDER_AMBIGUOUS');
    }
  });

  // Counted by hand from the files.
  it('whats_json/languages/english_android.txt: 62 lines, 60 messages', async () => {
    const r = await run(join(SHARED, 'whats_json/languages/english_android.txt'));
    expect(r.accounting).toMatchObject({ seen: 62, parsed: 62 });
    const kinds: Record<string, number> = {};
    for (const m of r.messages) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
    expect(kinds).toEqual({ system: 1, text: 15, media: 27, location: 3, contact: 2, deleted: 8, other: 2, call: 2 });
    expect(r.calls).toHaveLength(2);
    expect(r.accounts.map((a) => a.display)).toEqual(['Dmitry S', 'Elon']);
    expect(r.messages.find((m) => m.prov.line === 39)).toMatchObject({ kind: 'location', prov: { line: 39, lineEnd: 41 } });
    expect(wall(r.messages[0]!)).toEqual(w(2022, 3, 23, 13, 31));
    expect(wall(r.messages[59]!)).toEqual(w(2023, 1, 7, 23, 32));
  });

  it('pustur_website_ios_export_with_media.zip: 62 lines, 52 messages, 4 media files', async () => {
    const r = await run(join(SHARED, 'pustur_website_ios_export_with_media.zip'));
    expect(r.accounting).toMatchObject({ seen: 62, parsed: 62 });
    const kinds: Record<string, number> = {};
    for (const m of r.messages) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
    expect(kinds).toEqual({ system: 4, text: 43, media: 4, poll: 1 });
    expect(r.accounts.map((a) => a.display)).toEqual(['John', 'Loris', 'Emily']);
    expect(r.attachments.map((a) => [a.member, a.status])).toEqual([
      ['00000001-PHOTO-2019-06-20-16-00-15.jpg', 'stored'],
      ['00000002-VIDEO-2019-06-20-16-01-42.mp4', 'stored'],
      ['00000003-AUDIO-2019-06-20-16-03-55.mp3', 'stored'],
      ['00000004-whatsapp-chat-parser-example.zip', 'stored'],
    ]);
    expect(r.messages.filter((m) => m.attachments).flatMap((m) => m.attachments!.map((a) => a.status))).toEqual(['present', 'present', 'present', 'present']);
    expect(r.facts.zipIgnoredMembers).toEqual({ count: 1, names: ['__MACOSX/.__chat.txt'] });
    expect(wall(r.messages[0]!)).toEqual(w(2019, 6, 20, 15, 58, 47));
    expect(r.messages.find((m) => m.kind === 'poll')).toMatchObject({ prov: { line: 48, lineEnd: 54 } });
  });

  it('whats_json/calendars/Japanese iOS.txt: 28 messages in Reiwa years', async () => {
    const r = await run(join(SHARED, 'whats_json/calendars/Japanese iOS.txt'));
    expect(r.accounting).toMatchObject({ seen: 28, parsed: 28 });
    const kinds: Record<string, number> = {};
    for (const m of r.messages) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
    expect(kinds).toEqual({ system: 3, text: 4, media: 15, contact: 1, location: 2, deleted: 3 });
    expect(wall(r.messages[0]!)).toEqual(w(2022, 3, 18, 14, 56, 1));
    expect(wall(r.messages[24]!)).toEqual(w(2023, 1, 7, 23, 32, 30));
    expect(r.facts.calendar).toBe('japanese-era');
  });
});
