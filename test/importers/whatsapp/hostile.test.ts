// Hostile and damaged input: a clear error or a flagged record, never a crash, a hang or a silent loss.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../../main/engine/errors';
import { AccountingTally } from '../../../main/engine/importers/accounting';
import { whatsappImporter } from '../../../main/engine/importers/whatsapp';
import { SourceFile } from '../../../main/engine/intake/source';
import type { ImportRecord, MessageRecord } from '../../../main/engine/model/records';
import { run } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'wa-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

async function error(p: Promise<unknown>): Promise<ThreadlineError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof ThreadlineError)) throw new Error(`expected a ThreadlineError, got ${String(e)}`);
  return e;
}

/** Run the importer directly on a SourceFile (to control streams and the abort signal). */
async function direct(source: SourceFile, signal = new AbortController().signal): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  const tally = new AccountingTally();
  for await (const batch of whatsappImporter.parse({ file: source, options: { tz: 'UTC' }, sniff: { confidence: 0.9 }, signal })) {
    for (const r of batch) {
      tally.add(r);
      out.push(r);
    }
  }
  tally.finish(source.name);
  return out;
}

describe('hostile input', () => {
  it('refuses an empty file clearly', async () => {
    const e = await error(run(file('empty.txt', '')));
    expect(e.code).toBe('SOURCE_EMPTY');
  });

  it('does not take random binary data for a chat, even when asked to', async () => {
    const p = file('random.bin', randomBytes(200_000));
    expect((await error(run(p))).code).toBe('FORMAT_UNRECOGNISED');
    expect((await error(run(p, { format: 'whatsapp' }))).code).toBe('FORMAT_MISMATCH');
  });

  it('fails clearly on text with no header when forced (nothing imported silently)', async () => {
    const p = file('notes.txt', 'just some notes\nmore notes\n');
    const e = await error(direct(new SourceFile(p, statSync(p).size)));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/None of the 2 lines/);
  });

  it('does not recognise a 50 MB single line, and reads one that starts with a header with the line cut and flagged', async () => {
    const junk = join(tmp, 'junk-50mb.txt');
    const fd = openSync(junk, 'w');
    const chunk = Buffer.alloc(1024 * 1024, 0x79);
    for (let i = 0; i < 50; i++) writeSync(fd, chunk);
    closeSync(fd);
    const t0 = performance.now();
    expect((await error(run(junk))).code).toBe('FORMAT_UNRECOGNISED');

    const big = join(tmp, 'one-line-50mb.txt');
    const fd2 = openSync(big, 'w');
    writeSync(fd2, '13/01/2021, 10:00 - Ann: ');
    for (let i = 0; i < 50; i++) writeSync(fd2, chunk);
    closeSync(fd2);
    const r = await run(big);
    expect(r.accounting).toMatchObject({ seen: 1, parsed: 1 });
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]!.flags).toContain('line-truncated');
    expect(r.messages[0]!.body.length).toBe(1024 * 1024 - '13/01/2021, 10:00 - Ann: '.length);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });

  it('keeps the original bytes of invalid UTF-8 (wrong encoding) and reads it right when the encoding is given', async () => {
    const latin1 = Buffer.from('13/01/2021, 10:00 - Zoë: café crème\n13/01/2021, 10:01 - Ann: ok\n', 'latin1');
    const p = file('latin1.txt', latin1);
    const r = await run(p);
    const m = r.messages[0]!;
    expect(m.flags).toContain('invalid-utf8');
    expect(m.body).toBe('caf\ufffd cr\ufffdme');
    expect(Buffer.from(m.rawBytes!).equals(latin1.subarray(0, latin1.indexOf(0x0a)))).toBe(true);
    expect(r.messages[1]!.rawBytes).toBeUndefined();
    const fixed = await run(p, { encoding: 'windows-1252' });
    expect(fixed.messages[0]).toMatchObject({ sender: 'Zoë', body: 'café crème' });
    expect(fixed.messages[0]!.flags).toBeUndefined();
    expect(fixed.facts.encoding).toMatchObject({ encoding: 'windows-1252' });
  });

  it('keeps the bytes of a lone surrogate written into UTF-8 (CESU) and of a multi-line message', async () => {
    const bytes = Buffer.concat([Buffer.from('13/01/2021, 10:00 - Ann: lone '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' end\nsecond line\n')]);
    const r = await run(file('cesu.txt', bytes));
    const m = r.messages[0]!;
    // The bytes are kept, so the U+FFFD of the lossy text is not flagged as a silent replacement.
    expect(m.flags).toEqual(['invalid-utf8']);
    expect(Buffer.from(m.rawBytes!).equals(bytes.subarray(0, bytes.length - 1))).toBe(true);
    expect(m.raw).toBe('13/01/2021, 10:00 - Ann: lone \ufffd\ufffd\ufffd end\nsecond line');
  });

  it('reports blank lines before the first message once, over their whole range', async () => {
    const r = await run(file('gaps.txt', '\njunk line\n\n13/01/2021, 10:00 - Ann: hi\n'));
    expect(r.accounting).toMatchObject({ seen: 4, parsed: 1, skipped: 2, rejected: 1 });
    expect(r.skips).toEqual([
      { type: 'skip', outcome: 'rejected', count: 1, reason: 'text-before-first-message', prov: { line: 2, lineEnd: 2, offset: 1 }, raw: 'junk line' },
      { type: 'skip', outcome: 'skipped', count: 2, reason: 'blank-before-first-message', prov: { line: 1, lineEnd: 3, offset: 0 } },
    ]);
  });

  it('refuses an unknown declared encoding with a clear error', async () => {
    const e = await error(run(file('enc.txt', '13/01/2021, 10:00 - Ann: hi\n'), { encoding: 'klingon-8' }));
    expect(e.code).toBe('ENCODING_ERROR');
  });

  it('flags U+FFFD from a UTF-16 file whose lone surrogate the shared reader replaced', async () => {
    const p = file('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('13/01/2021, 10:00 - Ann: hi\n13/01/2021, 10:01 - Ben: lone \ud800 x\n', 'utf16le')]));
    const r = await run(p);
    expect(r.facts.encoding).toMatchObject({ encoding: 'utf-16le', bom: true });
    expect(r.messages.map((m) => m.sender)).toEqual(['Ann', 'Ben']);
    expect(r.messages[1]!.flags).toContain('replacement-char');
  });

  it('keeps `__proto__` and `constructor` senders as data without polluting prototypes', async () => {
    const r = await run(file('proto.txt', '13/01/2021, 10:00 - __proto__: hi\n13/01/2021, 10:01 - constructor: there\n13/01/2021, 10:02 - __proto__: again\n'));
    expect(r.accounts.map((a) => [a.key, a.display])).toEqual([
      ['acct:__proto__', '__proto__'],
      ['acct:constructor', 'constructor'],
    ]);
    expect(r.messages.map((m) => m.senderKey)).toEqual(['acct:__proto__', 'acct:constructor', 'acct:__proto__']);
    expect(({} as Record<string, unknown>).hi).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'display')).toBe(false);
  });

  it('keeps markup, NUL, bidi overrides and zero-width characters verbatim, flagged', async () => {
    const body = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const r = await run(file('markup.txt', `13/01/2021, 10:00 - Ann: ${body}\n13/01/2021, 10:01 - Ben: a\u0000b \u202eevil\u202c z\u200bw\n`));
    expect(r.messages[0]!.body).toBe(body);
    expect(r.messages[0]!.flags).toBeUndefined();
    expect(r.messages[1]!.body).toBe('a\u0000b \u202eevil\u202c z\u200bw');
    expect(r.messages[1]!.flags).toEqual(['invisible-chars', 'bidi-override', 'control-chars']);
  });

  it('reads lines of 100k spaces / digits / brackets quickly', async () => {
    const p = file('pathological.txt', `13/01/2021, 10:00 - Ann: x${' '.repeat(100_000)}\n${'1'.repeat(100_000)}\n${'['.repeat(100_000)}\n${'1/'.repeat(50_000)}\n${'\u200e'.repeat(100_000)}\n`);
    const t = performance.now();
    const r = await run(p);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(r.accounting).toMatchObject({ seen: 5, parsed: 5 });
    expect(r.messages).toHaveLength(1);
  });

  it('splits a message longer than 8 Mi characters into flagged parts without losing a line', async () => {
    const line = 'z'.repeat(1_000_000);
    const lines = ['13/01/2021, 10:00 - Ann: start', ...Array.from({ length: 10 }, () => line), '13/01/2021, 10:01 - Ben: next'];
    const r = await run(file('huge-message.txt', lines.join('\n') + '\n'));
    expect(r.accounting).toMatchObject({ seen: 12, parsed: 12 });
    const parts = r.messages.filter((m) => m.sender === 'Ann');
    expect(parts.length).toBe(2);
    expect(parts[0]!.flags).toEqual(['split-oversized']);
    expect(parts[1]!.flags).toEqual(['continued-part']);
    expect(parts[0]!.prov.line).toBe(1);
    expect(parts[1]!.prov.line).toBe(parts[0]!.prov.lineEnd! + 1);
    expect(parts[1]!.prov.lineEnd).toBe(11);
    expect(parts[1]!.time).toEqual(parts[0]!.time);
    expect(parts[0]!.body + '\n' + parts[1]!.body).toBe(['start', ...lines.slice(1, 11)].join('\n'));
    expect(r.messages[2]).toMatchObject({ sender: 'Ben', body: 'next' });
  });

  it('splits a message of 250,000 blank lines into parts of at most 100,000 lines (memory stays bounded)', async () => {
    const r = await run(file('blank-flood.txt', '13/01/2021, 10:00 - Ann: start\n' + '\n'.repeat(250_000) + '13/01/2021, 10:01 - Ben: next\n'));
    expect(r.accounting).toMatchObject({ seen: 250_002, parsed: 250_002 });
    const parts = r.messages.filter((m) => m.sender === 'Ann');
    expect(parts.map((m) => [m.prov.line, m.prov.lineEnd])).toEqual([
      [1, 100_000],
      [100_001, 200_000],
      [200_001, 250_001],
    ]);
    expect(parts.map((m) => m.flags)).toEqual([['split-oversized'], ['continued-part', 'split-oversized'], ['continued-part']]);
  });

  it('stops with IMPORT_CANCELLED when the job is cancelled', async () => {
    const p = file('cancel.txt', '13/01/2021, 10:00 - Ann: hi\n');
    const ac = new AbortController();
    ac.abort();
    const e = await error(direct(new SourceFile(p, statSync(p).size), ac.signal));
    expect(e.code).toBe('IMPORT_CANCELLED');
  });

  it('notices a source that changes between its two passes', async () => {
    const p = file('changing.txt', '13/01/2021, 10:00 - Ann: hi\n');
    let passes = 0;
    class Changing extends SourceFile {
      override open(opts: Parameters<SourceFile['open']>[0] = {}): ReturnType<SourceFile['open']> {
        // Head reads (with a byte range) see the original; the second full read sees an added line.
        if (opts.start === undefined) passes++;
        const text = passes <= 1 ? '13/01/2021, 10:00 - Ann: hi\n' : '13/01/2021, 10:00 - Ann: hi\n13/01/2021, 10:01 - Ann: added\n';
        return Readable.from([Buffer.from(text)]) as unknown as ReturnType<SourceFile['open']>;
      }
    }
    const e = await error(direct(new Changing(p, statSync(p).size)));
    expect(e.code).toBe('SOURCE_CHANGED');
  });

  it('keeps every record JSON-serialisable with its provenance (no undefined holes in required fields)', async () => {
    const r = await run(file('plain.txt', '13/01/2021, 10:00 - Ann: hi\n'));
    const m = r.messages[0] as MessageRecord;
    expect(JSON.parse(JSON.stringify(m))).toEqual({ type: 'message', chatKey: 'chat', time: { kind: 'wall', wall: { y: 2021, mo: 1, d: 13, h: 10, mi: 0, s: 0 }, raw: '13/01/2021, 10:00' }, kind: 'text', body: 'hi', prov: { line: 1, lineEnd: 1, offset: 0 }, raw: '13/01/2021, 10:00 - Ann: hi', senderKey: 'acct:Ann', sender: 'Ann' });
  });
});
