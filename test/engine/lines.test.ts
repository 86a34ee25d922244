import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readLines, type TextLine } from '../../main/engine/text/lines';

async function lines(bytes: Buffer, opts: Parameters<typeof readLines>[1] = {}, chunk = 7): Promise<TextLine[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: TextLine[] = [];
  for await (const b of readLines(Readable.from(chunks), opts)) out.push(...b);
  return out;
}

describe('readLines', () => {
  it('splits LF and CRLF, keeps exact byte offsets, strips a UTF-8 BOM', async () => {
    const l = await lines(Buffer.from('\uFEFFab\r\ncé\n\nlast', 'utf8'));
    expect(l.map((x) => x.text)).toEqual(['ab', 'cé', '', 'last']);
    expect(l.map((x) => x.offset)).toEqual([3, 7, 11, 12]);
    expect(l.map((x) => x.line)).toEqual([1, 2, 3, 4]);
  });

  it('splits classic-Mac lone CR files', async () => {
    expect((await lines(Buffer.from('a\rb\rc'))).map((x) => x.text)).toEqual(['a', 'b', 'c']);
  });

  it('decodes UTF-16LE with and without BOM', async () => {
    const text = 'สวัสดี\r\n二行目\n';
    expect((await lines(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]))).map((x) => x.text)).toEqual(['สวัสดี', '二行目']);
    expect((await lines(iconv.encode('hello\nworld', 'utf-16le'))).map((x) => x.text)).toEqual(['hello', 'world']);
  });

  it('keeps the original bytes of a line that is not valid UTF-8', async () => {
    const bad = Buffer.from([0x61, 0xff, 0xfe, 0x62]);
    const l = await lines(Buffer.concat([Buffer.from('ok\n'), bad, Buffer.from('\nok2')]));
    expect(l[1]!.text).toBe('a\uFFFD\uFFFDb');
    expect(Buffer.from(l[1]!.invalidBytes!)).toEqual(bad);
    expect(l[0]!.invalidBytes).toBeUndefined();
  });

  it('caps a huge line, marking its full length, without holding it', async () => {
    const big = Buffer.alloc(5_000_000, 0x41);
    const l = await lines(Buffer.concat([big, Buffer.from('\nnext')]), { maxLineBytes: 1000 }, 65536);
    expect(l[0]!.text.length).toBe(1000);
    expect(l[0]!.truncatedFrom).toBe(5_000_000);
    expect(l[1]!.text).toBe('next');
    expect(l[1]!.offset).toBe(5_000_001);
  });

  it('reads a legacy single-byte encoding when told (Windows-874 Thai)', async () => {
    expect((await lines(iconv.encode('ภาษาไทย\nok', 'windows-874'), { encoding: 'windows-874' })).map((x) => x.text)).toEqual(['ภาษาไทย', 'ok']);
  });
});
