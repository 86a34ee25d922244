// Signal plain-text export (chat-miner layout): messages, continuation lines, system lines, sniffing against WhatsApp look-alikes.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signalTextImporter } from '../../../main/engine/importers/signal-text';
import { fixture, parseWith, SHARED_FIXTURES, tempFile, wall } from '../line/run';

const fx = (name: string) => fixture('signal-text', name);

describe('Signal text export', () => {
  it('reads messages, multi-line bodies with a blank line, isolates in names, system lines and impossible dates', async () => {
    const r = await parseWith(fx('signal-basic-multiline.txt'));
    expect(r.importer.id).toBe('signal-text');
    expect(r.sniff).toEqual({ confidence: 0.85, layout: 'iso-bracket' });
    expect(r.messages.map((m) => [m.prov.line, m.prov.lineEnd ?? null, m.sender ?? null, m.kind, m.body, wall(m), m.flags ?? []])).toEqual([
      [1, null, 'Jane Doe', 'text', 'Hello John!', [2019, 12, 24, 12, 23], []],
      [2, 5, 'John Doe', 'text', 'Hello\nJane!\n\nHow are you?', [2019, 12, 24, 12, 24], ['multiline']],
      [6, null, '\u2068Mary Major\u2069', 'text', 'isolates around the name', [2020, 1, 17, 21, 49], ['invisible-chars']],
      [7, null, null, 'system', 'Jane Doe changed the group name.', [2020, 1, 17, 21, 50], []],
      [8, null, 'Jane Doe', 'text', 'impossible date <script>x</script>', null, []],
    ]);
    expect(r.messages[4]!.time).toEqual({ kind: 'none', raw: '[2020-02-30, 10:00]', flags: ['invalid-date'] });
    expect(r.messages[1]!.raw).toBe('[2019-12-24, 12:24] John Doe: Hello\nJane!\n\nHow are you?');
    expect(r.messages[0]!.time).toEqual({ kind: 'wall', wall: { y: 2019, mo: 12, d: 24, h: 12, mi: 23, s: 0 }, raw: '[2019-12-24, 12:23]' });
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ platform: 'signal' });
    expect(r.accounts.map((a) => [a.display, a.platform, a.identifiers])).toEqual([
      ['Jane Doe', 'signal', []],
      ['John Doe', 'signal', []],
      ['\u2068Mary Major\u2069', 'signal', []],
    ]);
    expect(r.accounting).toMatchObject({ seen: 8, parsed: 8, skipped: 0, rejected: 0 });
  });

  it('keeps seconds when present, and splits the sender at the first ": "', async () => {
    const r = await parseWith(fx('signal-seconds-iso.txt'), { format: 'signal-text' });
    expect(r.sniff.confidence).toBeCloseTo(0.7); // seconds (WhatsApp-like) 0.45 + "signal" in the name 0.25
    expect(r.messages.map((m) => [m.sender, m.body, m.time.kind === 'wall' ? m.time.wall.s : null])).toEqual([
      ['Jane Doe', 'Hello John!', 45],
      ['John Doe', 'Hi: there\nsecond line', 1],
    ]);
  });

  it('rejects a tool preamble line with its text and still reads the messages', async () => {
    const r = await parseWith(fx('signal-preamble-junk.txt'));
    expect(r.importer.id).toBe('signal-text');
    expect(r.skips.filter((s) => s.outcome === 'rejected').map((s) => [s.prov?.line, s.raw])).toEqual([[1, 'Exported by some tool v1.2']]);
    expect(r.messages.map((m) => m.body)).toEqual(['first']);
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 1, skipped: 1, rejected: 1 });
  });

  it('keeps a 10 MB body cut at the line cap and flagged', async () => {
    const p = tempFile('signal-huge.txt', `[2021-03-01, 08:00] Ann: ${'x'.repeat(10 * 1024 * 1024)}\n[2021-03-01, 08:01] Ann: after\n`);
    const r = await parseWith(p, { format: 'signal-text' });
    expect(r.messages[0]!.flags).toContain('line-truncated');
    expect(r.messages[1]!.body).toBe('after');
  });

  it('sniffs WhatsApp-looking files low so the WhatsApp importer wins, and non-matching files not at all', () => {
    const sniff = (text: string, fileName: string) => signalTextImporter.sniff({ fileName, size: text.length, head: Buffer.from(text) });
    const iso = '[2019-12-24, 12:23] Jane: hi\n[2019-12-24, 12:24] John: yo\n';
    expect(sniff(iso, 'export.txt')?.confidence).toBeCloseTo(0.6);
    expect(sniff(iso, 'signal-export.txt')?.confidence).toBeCloseTo(0.85);
    expect(sniff(iso.replace(/:23\]/, ':23:10]').replace(/:24\]/, ':24:11]'), '_chat.txt')?.confidence).toBeCloseTo(0.25);
    expect(sniff('12/03/2017, 16:46 - Alice: hello\n', 'x.txt')).toBeNull();
    expect(sniff('[LINE] Chat history with X\n', 'x.txt')).toBeNull();
  });
});

const DIR = join(SHARED_FIXTURES, 'signal');
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.txt')) : [];
if (files.length === 0) console.warn(`[signal-text] shared fixtures not found at ${DIR}: skipping the real-sample tests`);

describe.skipIf(files.length === 0)('real Signal sample (shared fixtures)', () => {
  it.each(files)('%s imports with no error', async (name) => {
    const r = await parseWith(join(DIR, name));
    expect(r.importer.id).toBe('signal-text');
    expect(r.accounting.rejected).toBe(0);
    expect(r.messages.length).toBeGreaterThan(0);
  });

  it('chat-miner_signal_test_export.txt: 2 messages, the second over two lines', async () => {
    const r = await parseWith(join(DIR, 'chat-miner_signal_test_export.txt'));
    expect(r.sniff.confidence).toBeCloseTo(0.85);
    expect(r.messages.map((m) => [m.prov.line, m.prov.lineEnd ?? null, m.sender, m.body, wall(m)])).toEqual([
      [1, null, 'Jane Doe', 'Hello John!', [2019, 12, 24, 12, 23]],
      [2, 3, 'John Doe', 'Hello\nJane!', [2020, 1, 17, 21, 49]],
    ]);
    expect(r.accounting).toMatchObject({ seen: 3, parsed: 3, skipped: 0, rejected: 0 });
  });
});
