// Hostile and damaged LINE files: every one gives flagged records or a clear error, never a crash, hang or silent loss.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../../main/engine/errors';
import { lineImporter } from '../../../main/engine/importers/line';
import { buildSniffInput } from '../../../main/engine/importers/sniff';
import { SourceFile } from '../../../main/engine/intake/source';
import { fixture, parseWith, tempFile, wall } from './run';

const fx = (name: string) => fixture('line', name);
const HEADER = '[LINE] Chat history in Hostile\nSaved on: 2024/01/03 09:00\n\n2024/01/02(Tue)\n';

describe('injection-shaped content is kept verbatim and never pollutes objects', () => {
  it('keeps __proto__ / constructor senders, script tags, formulas, bidi overrides and NUL as data', async () => {
    const r = await parseWith(fx('hostile-injection.txt'));
    expect(r.messages.map((m) => [m.prov.line, m.sender ?? null, m.body, m.flags ?? []])).toEqual([
      [5, '__proto__', '<script>alert("x")</script>', []],
      [6, 'constructor', '<img src=x onerror=alert(1)>', []],
      [7, 'Evil\u202Egnp.exe', '=HYPERLINK("http://x")', ['invisible-chars']],
      [8, 'Nul', 'before\u0000after', ['nul-char']],
      [11, 'Alice', 'after an impossible date', []],
    ]);
    expect(r.accounts.map((a) => [a.key, a.display])).toEqual([
      ['acct:1', '__proto__'],
      ['acct:2', 'constructor'],
      ['acct:3', 'Evil\u202Egnp.exe'],
      ['acct:4', 'Nul'],
      ['acct:5', 'Alice'],
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('acct:1');
    expect(({} as Record<string, unknown>)['acct:1']).toBeUndefined();
  });

  it('keeps an invisible-only sender column as written, flagged, rather than calling the line a system notice', async () => {
    const r = await parseWith(tempFile('invisible-sender.txt', `${HEADER}10:00\t\u200e\thi\n10:01\t\tAlice joined the group\n`));
    expect(r.messages.map((m) => [m.sender ?? null, m.kind, m.flags ?? []])).toEqual([
      ['\u200e', 'text', ['invisible-chars']],
      [null, 'system', []],
    ]);
  });

  it('rejects an impossible date line with its text and gives the messages under it no time', async () => {
    const r = await parseWith(fx('hostile-injection.txt'));
    const rejected = r.skips.filter((s) => s.outcome === 'rejected');
    expect(rejected).toEqual([
      { type: 'skip', outcome: 'rejected', count: 1, reason: 'date line with an impossible date (no such date 2024/2/30); messages under it get no time', prov: { line: 10, offset: 234 }, raw: '2024/02/30(Fri)' },
    ]);
    expect(r.messages[4]!.time).toEqual({ kind: 'none', raw: '2024/02/30(Fri) 10:06', flags: ['invalid-date'] });
    expect(r.accounting).toMatchObject({ seen: 11, parsed: 5, skipped: 5, rejected: 1 });
  });
});

describe('text that is not valid in its encoding', () => {
  it('keeps the original bytes of invalid UTF-8 and of a CESU-encoded lone surrogate', async () => {
    const file = fx('invalid-utf8-and-lone-surrogate.txt');
    const r = await parseWith(file);
    const bytes = readFileSync(file);
    const lineBytes = (offset: number) => bytes.subarray(offset, bytes.indexOf(0x0a, offset));
    const [bad, surrogate, good] = r.messages;
    expect(bad!.flags).toContain('invalid-utf8');
    expect(bad!.body).toContain('\uFFFD');
    expect(Buffer.from(bad!.rawBytes!)).toEqual(lineBytes(bad!.prov.offset!));
    expect(Buffer.from(surrogate!.rawBytes!)).toEqual(lineBytes(surrogate!.prov.offset!));
    expect(Buffer.from(surrogate!.rawBytes!).includes(Buffer.from([0xed, 0xa0, 0x80]))).toBe(true);
    expect(good!.rawBytes).toBeUndefined();
    expect(good!.flags).toBeUndefined();
    expect(r.facts.get('invalid-utf8-lines')).toBe(2);
    expect(r.accounting).toMatchObject({ seen: 7, parsed: 3, skipped: 4, rejected: 0 });
  });

  it('reads UTF-16LE without a BOM', async () => {
    const text = readFileSync(fx('en-personal-12h-mdy-bom-crlf.txt'), 'utf8').replace(/^\uFEFF/, '');
    const p = tempFile('utf16-no-bom.txt', Buffer.from(text, 'utf16le'));
    const r = await parseWith(p);
    expect(r.facts.get('encoding')).toBe('utf-16le');
    expect(r.messages).toHaveLength(13);
    expect(r.messages[1]!.body).toBe('Meeting notes:\nfirst\titem\n\nsecond item');
    expect(r.accounting).toMatchObject({ seen: 22, parsed: 16, skipped: 6, rejected: 0 });
  });

  it('survives a file cut in the middle of a multi-byte character', async () => {
    const bytes = readFileSync(fx('en-personal-12h-mdy-bom-crlf.txt'));
    const phone = bytes.indexOf(Buffer.from('☎ Call time'));
    const p = tempFile('truncated.txt', bytes.subarray(0, phone + 1));
    const r = await parseWith(p);
    const last = r.messages[r.messages.length - 1]!;
    expect(last.prov.line).toBe(12);
    expect(last.flags).toContain('invalid-utf8');
    expect(Buffer.from(last.rawBytes!)).toEqual(bytes.subarray(last.prov.offset!, phone + 1));
    expect(r.accounting).toMatchObject({ seen: 12, rejected: 0 });
  });

  it('refuses an unknown encoding name with a clear error', async () => {
    await expect(parseWith(fx('ja-group.txt'), { encoding: 'no-such-charset' })).rejects.toMatchObject({ code: 'ENCODING_ERROR' });
  });
});

describe('quotes that never close', () => {
  it('ends an open quote at the next message line, gives back the date line it absorbed, and flags both', async () => {
    const r = await parseWith(fx('unterminated-quotes.txt'));
    expect(r.messages.map((m) => [m.prov.line, m.prov.lineEnd ?? null, m.body, wall(m), m.flags ?? []])).toEqual([
      [5, 6, '"unterminated quote\nstill inside', [2024, 3, 1, 10, 7], ['unterminated-quote']],
      [9, null, 'this message ends the open quote', [2024, 3, 2, 10, 8], []],
      [10, 11, '"another unterminated quote, at the end of the file\ntrailing text', [2024, 3, 2, 10, 9], ['unterminated-quote']],
    ]);
    expect(r.accounting).toMatchObject({ seen: 11, parsed: 5, skipped: 6, rejected: 0 });
    expect(r.accounting.reasons).toMatchObject({ 'blank line': 2, 'date line': 2 });
  });

  it('does not swallow the rest of a big file after an opening quote', async () => {
    const lines = ['10:00\tA\t"opens and never closes'];
    for (let i = 0; i < 5000; i++) lines.push(`10:01\tB\tmessage ${i}`);
    const r = await parseWith(tempFile('open-quote.txt', HEADER + lines.join('\n') + '\n'));
    expect(r.messages).toHaveLength(5001);
    expect(r.messages[0]!.flags).toBeUndefined(); // it absorbed nothing: its one line stays as written
    expect(r.messages[0]!.body).toBe('"opens and never closes');
    expect(r.messages[5000]!.body).toBe('message 4999');
  });

  it('keeps text after a closed quote as a flagged continuation, unwrapping only the quoted part', async () => {
    const r = await parseWith(tempFile('after-quote.txt', `${HEADER}10:00\tA\t"one\ntwo"\nthree\n10:01\tB\tok\n`));
    expect(r.messages.map((m) => [m.body, m.flags ?? []])).toEqual([
      ['one\ntwo\nthree', ['text-after-closing-quote', 'quoted-multiline']],
      ['ok', []],
    ]);
  });

  it('keeps a date-looking line inside a closed quote as body text', async () => {
    const body = '10:00\tA\t"agenda\n2024/05/06(Mon)\nbring the files"\n10:01\tB\tok\n';
    const r = await parseWith(tempFile('date-in-quote.txt', HEADER + body));
    expect(r.messages.map((m) => [m.body, wall(m)])).toEqual([
      ['agenda\n2024/05/06(Mon)\nbring the files', [2024, 1, 2, 10, 0]],
      ['ok', [2024, 1, 2, 10, 1]],
    ]);
  });
});

describe('lines that fit nowhere', () => {
  it('rejects stray lines with their text, line number and a reason', async () => {
    const r = await parseWith(fx('orphan-lines.txt'));
    expect(r.skips.filter((s) => s.outcome === 'rejected').map((s) => [s.prov?.line, s.raw, s.reason])).toEqual([
      [3, 'stray text before any date', 'unrecognised line before the first date line'],
      [9, 'orphan line right after a date line', 'unrecognised line (not a date line, message line or continuation of one)'],
    ]);
    expect(r.messages.map((m) => m.body)).toEqual(['hello', 'bye']);
    expect(r.accounting).toMatchObject({ seen: 10, parsed: 2, skipped: 6, rejected: 2 });
  });

  it('gives a message before any date line no time instead of a guessed one', async () => {
    const r = await parseWith(tempFile('no-date.txt', '[LINE] Chat history with Z\n10:00\tZ\thi\n2024/01/02(Tue)\n10:01\tZ\tyo\n'));
    expect(r.messages.map((m) => [m.time.kind, m.time.flags ?? []])).toEqual([
      ['none', ['no-date-context']],
      ['wall', []],
    ]);
  });
});

describe('appended exports', () => {
  it('reports a second header mid-file instead of gluing it to the last message', async () => {
    const second = '[LINE] Chat history with Other\nSaved on: 2024/02/01 10:00\n\n2024/01/31(Wed)\n10:05\tOther\tfrom the second export\n';
    const r = await parseWith(tempFile('appended.txt', `${HEADER}10:00\tA\tlast of the first\n\n${second}`));
    expect(r.messages.map((m) => [m.body, m.prov.line, wall(m)])).toEqual([
      ['last of the first', 5, [2024, 1, 2, 10, 0]],
      ['from the second export', 11, [2024, 1, 31, 10, 5]],
    ]);
    expect(r.facts.get('repeated-headers')).toEqual({ lines: [{ line: 7, raw: '[LINE] Chat history with Other' }] });
    expect(r.records.filter((x) => x.type === 'chat')).toHaveLength(1);
    expect(r.accounting).toMatchObject({ seen: 11, parsed: 2, rejected: 0 });
    expect(r.accounting.reasons).toMatchObject({ 'repeated header line (another export appended to this one?)': 1, 'saved-on line': 2 });
  });
});

describe('huge and degenerate input', () => {
  it('cuts a 10 MB message line at the line cap, flags it and keeps going', async () => {
    const big = 'A'.repeat(10 * 1024 * 1024);
    const p = tempFile('huge-line.txt', `${HEADER}10:00\tBig\t${big}\n10:01\tX\tafter\n`);
    const t0 = Date.now();
    const r = await parseWith(p);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const [huge, after] = r.messages;
    expect(huge!.flags).toContain('line-truncated');
    expect(huge!.body.length).toBe(4 * 1024 * 1024 - '10:00\tBig\t'.length);
    expect(after).toMatchObject({ body: 'after', prov: { line: 6 } });
    expect(r.facts.get('truncated-lines')).toEqual({ count: 1, lines: [{ line: 5, bytes: big.length + '10:00\tBig\t'.length }] });
    expect(r.accounting).toMatchObject({ seen: 6, parsed: 2, rejected: 0 });
  });

  it('rejects a 10 MB line of garbage with its length in the reason', async () => {
    const p = tempFile('huge-garbage.txt', `[LINE] Chat history with Q\n${'x'.repeat(10 * 1024 * 1024)}\n2024/01/02(Tue)\n10:00\tQ\thi\n`);
    const r = await parseWith(p);
    const rej = r.skips.find((s) => s.outcome === 'rejected')!;
    expect(rej.reason).toContain(`line of ${10 * 1024 * 1024} bytes`);
    expect((rej.raw as string).length).toBe(4 * 1024 * 1024);
    expect(r.messages).toHaveLength(1);
  });

  it('cuts a message of more than 200,000 lines into linked records instead of holding it whole', async () => {
    const body = Array.from({ length: 200_100 }, (_, i) => `line ${i}`).join('\n');
    const r = await parseWith(tempFile('long-quote.txt', `${HEADER}10:00\tA\t"${body}"\n10:01\tB\tnext\n`));
    expect(r.messages.map((m) => [m.prov.line, m.prov.lineEnd, m.sender, m.flags])).toEqual([
      [5, 200_004, 'A', ['body-split']],
      [200_005, 200_104, 'A', ['continued-from-previous-record']],
      [200_105, undefined, 'B', undefined],
    ]);
    expect(r.messages[1]!.body.endsWith('line 200099"')).toBe(true);
    expect(r.messages[1]!.time).toEqual(r.messages[0]!.time);
    expect(r.accounting).toMatchObject({ seen: 200_105, parsed: 200_101, rejected: 0 });
  });

  it('reads old-Mac CR-only line endings', async () => {
    const r = await parseWith(tempFile('cr.txt', HEADER.replace(/\n/g, '\r') + '10:00\tA\tone\r10:01\tB\ttwo\r'));
    expect(r.messages.map((m) => [m.prov.line, m.body])).toEqual([
      [5, 'one'],
      [6, 'two'],
    ]);
  });

  it('imports a header-only file as a chat without messages, and says so', async () => {
    const r = await parseWith(tempFile('[LINE] empty.txt', '[LINE] Chat history with Nobody\nSaved on: 2024/01/03 09:00\n'));
    expect(r.messages).toHaveLength(0);
    expect(r.facts.get('no-messages')).toBe(true);
    expect(r.records.find((x) => x.type === 'chat')).toMatchObject({ name: 'Nobody' });
    expect(r.accounting).toMatchObject({ seen: 2, parsed: 0, skipped: 2, rejected: 0 });
  });

  it('refuses an empty file and binary junk with clear errors', async () => {
    await expect(parseWith(tempFile('zero.txt', ''))).rejects.toMatchObject({ code: 'SOURCE_EMPTY' });
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
    await expect(parseWith(tempFile('junk.bin', junk))).rejects.toBeInstanceOf(ThreadlineError);
    await expect(parseWith(tempFile('junk2.bin', junk), { format: 'line' })).rejects.toMatchObject({ code: 'FORMAT_MISMATCH' });
  });

  it('stops with IMPORT_CANCELLED when the job is aborted', async () => {
    const path = fx('ja-group.txt');
    const file = new SourceFile(path, readFileSync(path).length);
    const sniff = lineImporter.sniff(await buildSniffInput(file))!;
    const ac = new AbortController();
    ac.abort();
    const run = async () => {
      for await (const _ of lineImporter.parse({ file, options: { tz: 'UTC' }, sniff, signal: ac.signal })) void _;
    };
    await expect(run()).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
    await file.close();
  });
});

describe('property: any sequence of lines is fully accounted for', () => {
  const line = fc.oneof(
    fc.constantFrom('', '2024/01/02(Tue)', 'Mon, 12/04/2017', '2562/07/12 ศุกร์', '2024/02/30(Fri)', '"', 'closing"', '☎ Call time 0:32', '\u202E', '\u0000'),
    fc.tuple(fc.constantFrom('10:00', '04:46 PM', '下午04:46', '午後3:04', '24:00', '99:99'), fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })).map(([t, s, b]) => `${t}\t${s}\t${b}`),
    fc.tuple(fc.constantFrom('10:00', '9:46 PM'), fc.string({ maxLength: 30 })).map(([t, r]) => `${t} ${r}`),
    fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  );

  it('never throws, and parsed + skipped + rejected = seen', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), async (lines) => {
        const p = tempFile(`prop-${n++}.txt`, HEADER + lines.map((l) => `${l}\n`).join(''));
        const r = await parseWith(p, { format: 'line' });
        const a = r.accounting;
        expect(a.parsed + a.skipped + a.rejected).toBe(a.seen);
        expect(a.seen).toBe(4 + lines.length);
        const covered = r.messages.reduce((sum, m) => sum + ((m.prov.lineEnd ?? m.prov.line!) - m.prov.line! + 1), 0);
        expect(covered).toBe(a.parsed);
      }),
      { numRuns: 150 },
    );
  });
});
