import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Base64Hasher, hashBase64 } from '../../../main/engine/importers/sms-backup/base64-hash';
import { CharRepair } from '../../../main/engine/importers/sms-backup/charrefs';
import { XmlTextDecoder } from '../../../main/engine/importers/sms-backup/decode';
import { addressIdentifier } from '../../../main/engine/importers/sms-backup/build';

describe('Base64Hasher', () => {
  it('hashes exactly what Buffer decodes, however the text is split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat({ max: 4100 }), { maxLength: 12 }), (bytes, cuts) => {
        const text = Buffer.from(bytes).toString('base64');
        const h = new Base64Hasher();
        let from = 0;
        for (const c of [...cuts.map((x) => x % (text.length + 1))].sort((a, b) => a - b)) {
          h.write(text.slice(from, Math.max(from, c)));
          from = Math.max(from, c);
        }
        h.write(text.slice(from));
        const d = h.end();
        expect(d.valid).toBe(true);
        expect(d.size).toBe(bytes.length);
        expect(d.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(d.chars).toBe(text.length);
      }),
      { numRuns: 200 },
    );
  });

  it('ignores MIME line breaks, also written as XML references', () => {
    const bytes = Buffer.from('The quick brown fox jumps over the lazy dog, twice over, to make a longer line.');
    const wrapped = bytes.toString('base64').replace(/(.{20})/g, '$1&#13;&#10;');
    const d = hashBase64(wrapped, { xmlRefs: true });
    expect(d).toMatchObject({ valid: true, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it('reports what is wrong with invalid text', () => {
    expect(hashBase64('abc!').problem).toBe('character "!" is not base64');
    expect(hashBase64('QQ==QQ==').problem).toBe('data continues after the "=" padding');
    expect(hashBase64('QUJD=').problem).toBe('the "=" padding does not complete a group of four characters (data cut or altered)');
    expect(hashBase64('QUJDR').problem).toBe('the text ends with a single stray character (truncated?)');
    expect(hashBase64('QUI')).toMatchObject({ valid: true, unpadded: true, size: 2 });
  });
});

describe('CharRepair', () => {
  const run = (pieces: string[]) => {
    const r = new CharRepair();
    const out = pieces.map((p) => r.write(p)).join('') + r.end();
    return { out, r };
  };

  it('keeps the length of every replacement, so positions still match the source', () => {
    const src = 'a &#55357;&#56832; b &#xD83D; c &#0; d &#x1B; e &#65534; f &#9; g &#10;';
    const { out, r } = run([src]);
    expect(out.length).toBe(src.length);
    expect(out).toBe('a &#0000000128512; b &#65533; c &#9; d &#009; e &#65533; f &#9; g &#10;');
    expect(r.pairs).toBe(1);
    expect(r.lone).toBe(1);
    expect(r.controls).toBe(3);
    expect(r.marks.map((m) => [m.pos, m.kind, m.orig, m.flag])).toEqual([
      [21, 'fffd', '&#xD83D;', 'lone-surrogate-ref'],
      [32, 'tab', '&#0;', 'control-char'],
      [39, 'tab', '&#x1B;', 'control-char'],
      [48, 'fffd', '&#65534;', 'control-char'],
      [59, 'tab', null, undefined],
    ]);
  });

  it('gives the same output for any chunking (pairs split across chunks)', () => {
    const src = 'x&#55357;&#56832;y&#xD83D;&#xDE4F;z&#56832;&#55357;w\u0001&#0;';
    const whole = run([src]).out;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: src.length }), { maxLength: 8 }), (cuts) => {
        const pts = [...new Set(cuts)].sort((a, b) => a - b);
        const pieces: string[] = [];
        let from = 0;
        for (const p of pts) {
          pieces.push(src.slice(from, p));
          from = p;
        }
        pieces.push(src.slice(from));
        expect(run(pieces).out).toBe(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves ordinary text and references alone', () => {
    const src = 'Hello &#10; &#128512; &amp; &#x1F600; ไทย';
    expect(run([src]).out).toBe(src);
  });
});

describe('XmlTextDecoder', () => {
  it('never splits a UTF-8 character across chunks', () => {
    const text = 'ไทย 😀 é ñ';
    const bytes = Buffer.from(text);
    const d = new XmlTextDecoder(bytes, undefined, 'x');
    const out = [...bytes].map((b) => d.write(Buffer.from([b]))).join('') + d.end();
    expect(out).toBe(text);
    expect(d.invalidSequences).toBe(0);
  });

  it('counts invalid sequences and says how much of a chunk is exact', () => {
    const d = new XmlTextDecoder(Buffer.from('<x/>'), undefined, 'x');
    expect(d.write(Buffer.from([0x61, 0x62, 0xc3, 0x28, 0x63]))).toBe('ab\uFFFD(c');
    expect(d.lastExactChars).toBe(2);
    expect(d.invalidSequences).toBe(1);
    d.write(Buffer.from('more'));
    expect(d.lastExactChars).toBe(0);
  });

  it('takes the encoding from the XML declaration', () => {
    const head = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><smses/>', 'latin1');
    const d = new XmlTextDecoder(head, undefined, 'x');
    expect(d.encoding).toBe('iso-8859-1');
    expect(d.write(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
  });

  it('refuses an encoding it cannot decode', () => {
    expect(() => new XmlTextDecoder(Buffer.from('<?xml version="1.0" encoding="x-klingon"?>'), undefined, 'f.xml')).toThrow(/x-klingon/);
  });
});

describe('addressIdentifier', () => {
  it('classifies counterpart addresses as written', () => {
    expect(addressIdentifier('+66 81-234 5678')).toEqual({ kind: 'phone', value: '+66 81-234 5678' });
    expect(addressIdentifier('1234')).toEqual({ kind: 'phone', value: '1234' });
    expect(addressIdentifier('user@example.com')).toEqual({ kind: 'email', value: 'user@example.com' });
    expect(addressIdentifier('KBANK')).toEqual({ kind: 'username', value: 'KBANK', platform: 'sms-sender-id' });
    expect(addressIdentifier('-2')).toBeUndefined();
    expect(addressIdentifier('insert-address-token')).toBeUndefined();
  });
});
