// The line reader's ASCII fast path against a whole-buffer reference split, over many inputs and chunkings.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines, type TextLine } from '../../main/engine/text/lines';

async function viaReader(bytes: Buffer, chunkSizes: number[], maxLineBytes: number): Promise<TextLine[]> {
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = chunkSizes[k % chunkSizes.length]!;
    chunks.push(bytes.subarray(i, i + n));
    i += n;
  }
  const out: TextLine[] = [];
  for await (const b of readLines(Readable.from(chunks), { maxLineBytes })) out.push(...b);
  return out;
}

/**
 * What the reader must produce for BOM-less UTF-8, computed on the whole buffer at once: LF separators (a CR
 * before one dropped), or lone CRs when the first 4 KiB the reader looks at hold no LF but a CR.
 */
function reference(bytes: Buffer, maxLine: number): TextLine[] {
  const head = bytes.subarray(0, Math.max(4096, 0));
  const sep = !head.includes(0x0a) && head.includes(0x0d) ? 0x0d : 0x0a;
  const out: TextLine[] = [];
  let start = 0;
  let line = 0;
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lossy = new TextDecoder('utf-8', { ignoreBOM: true });
  while (start < bytes.length) {
    let nl = bytes.indexOf(sep, start);
    const last = nl === -1;
    if (last) nl = bytes.length;
    const total = nl - start;
    let b = bytes.subarray(start, start + Math.min(total, maxLine));
    const cut = total > maxLine;
    if (!cut && b.length && b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
    let text: string;
    let invalid = false;
    try {
      text = fatal.decode(b);
    } catch {
      text = lossy.decode(b);
      invalid = true;
    }
    const rec: TextLine = { line: ++line, offset: start, text };
    if (invalid) rec.invalidBytes = new Uint8Array(b);
    if (cut) rec.truncatedFrom = total;
    out.push(rec);
    start = nl + 1;
  }
  return out;
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const PIECES = ['hello', ' ', 'deposit 500 USDT', '\r', '\n', '\n', '\r\n', 'é', 'สวัสดี', '\u202E', 'x'.repeat(40), '', '\u0000'];

function randomInput(r: () => number): Buffer {
  const parts: Buffer[] = [Buffer.from('start')];
  // Longer than the 4 KiB the reader gathers before splitting, so chunk boundaries fall inside lines.
  const n = 50 + Math.floor(r() * 900);
  for (let i = 0; i < n; i++) {
    if (r() < 0.05) parts.push(Buffer.from([0xff, 0xc3])); // invalid UTF-8
    else parts.push(Buffer.from(PIECES[Math.floor(r() * PIECES.length)]!, 'utf8'));
  }
  return Buffer.concat(parts);
}

describe('readLines fast path (differential)', () => {
  it('matches the whole-buffer reference for 300 random inputs, chunkings and line caps', async () => {
    const r = lcg(7);
    for (let k = 0; k < 300; k++) {
      const bytes = randomInput(r);
      const chunks = [1 + Math.floor(r() * 9), 1 + Math.floor(r() * 200), 4096];
      const maxLine = [8, 16, 50, 4096][k % 4]!;
      expect(await viaReader(bytes, chunks, maxLine), `input ${k}`).toEqual(reference(bytes, maxLine));
    }
  });

  it('keeps offsets and CR stripping exact when an ASCII chunk ends inside a CRLF', async () => {
    const bytes = Buffer.from('ab\r\ncd\r\nef');
    const got = await viaReader(bytes, [3, 100], 4096);
    expect(got).toEqual([
      { line: 1, offset: 0, text: 'ab' },
      { line: 2, offset: 4, text: 'cd' },
      { line: 3, offset: 8, text: 'ef' },
    ]);
  });

  it('cuts an ASCII line longer than the cap in the fast path, as the slow path does', async () => {
    const got = await viaReader(Buffer.from('abcdefghij\nxy\n'), [4096], 4);
    expect(got).toEqual([
      { line: 1, offset: 0, text: 'abcd', truncatedFrom: 10 },
      { line: 2, offset: 11, text: 'xy' },
    ]);
  });
});
