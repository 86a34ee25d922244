/** Phone numbers cached by what their reading depends on (phoneWritingKey): every writing sharing a key reads exactly as it would alone. */
import { describe, expect, it } from 'vitest';
import type { CountryCode } from 'libphonenumber-js';
import { hasInvisible } from '../../main/engine/identity/confusables';
import { normaliseIdentifier, releaseNormaliseCaches, setNormaliseCacheGeneration, type NormalisedIdentifier } from '../../main/engine/identity/normalise';
import { normalisePhone, phoneWritingKey } from '../../main/engine/identity/phones';

/** What normaliseIdentifier gave for a phone before the writing cache: normalisePhone's answer, shaped as a result. */
function direct(raw: string, region: CountryCode | undefined, numberCell: boolean): NormalisedIdentifier {
  const p = normalisePhone(raw, region, numberCell);
  return p.valid ? { kind: 'phone', value: p.value, valid: true, flags: p.flags, matchKey: null } : { kind: 'phone', value: p.value, valid: false, flags: [...p.flags, p.reason], matchKey: null };
}

/** Ways to write one string of digits that the key says read alike (spaces, dashes, bidi wrapping, a leading `+`). */
function writings(digits: string): string[] {
  const spaced = `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  const dashed = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  const out = [digits, spaced, dashed, ` ${dashed} `, `\u202A${spaced}\u202C`, `\u200E${digits}`, `${digits.slice(0, 4)}\u200B${digits.slice(4)}`];
  return [...out, ...out.map((w) => `+${w}`), `\u202A+${spaced}\u202C`, ` + ${digits}`];
}

describe('phone writing key', () => {
  it('is the digits with a leading + and a mark for invisible characters, or undefined when the full path must read it', () => {
    expect(phoneWritingKey('081-234-5678')).toBe('0812345678');
    expect(phoneWritingKey(' 081 234 5678 ')).toBe('0812345678');
    expect(phoneWritingKey('+66 81 234 5678')).toBe('+66812345678');
    expect(phoneWritingKey('\u202A+66 81 234 5678\u202C')).toBe('i+66812345678');
    expect(phoneWritingKey('\u202A+66 81 234 5678\u202C')).not.toBe(phoneWritingKey('+66 81 234 5678'));
    for (const raw of ['+66 (0)81 234 5678', '081.234.5678', 'tel:0812345678', '~0812345678', '66+812345678', '++66812345678', '081\u00A0234\u00A05678', '081\u2011234\u20115678', '\u0E50\u0E58\u0E51 234 5678', '08123', '123456789012345678', '']) {
      expect(phoneWritingKey(raw), raw).toBeUndefined();
    }
  });

  it('marks exactly the characters stripInvisible removes', () => {
    const skipped: number[] = [];
    for (let c = 0x80; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (phoneWritingKey(`081234${String.fromCharCode(c)}5678`) === 'i0812345678') skipped.push(c);
      else if (hasInvisible(String.fromCharCode(c))) throw new Error(`U+${c.toString(16)} is invisible but not skipped`);
    }
    expect(skipped.every((c) => hasInvisible(String.fromCharCode(c)))).toBe(true);
    expect(skipped.length).toBe(23);
  });

  it('gives every writing the result normalisePhone gives it alone, in every region and cell context, sharing valid results', () => {
    const before = setNormaliseCacheGeneration(1_000_000);
    try {
      // Thai mobile nationally and with the country code, 00 prefix, a US number without +, too short, too long for the region, no region.
      const numbers = ['0812345678', '66812345678', '0066812345678', '13125550143', '12025550123', '081234', '081234567890123', '0212345678', '4930123456'];
      const regions: (CountryCode | undefined)[] = ['TH', 'US', 'DE', undefined];
      let compared = 0;
      for (const region of regions) {
        for (const numberCell of [false, true]) {
          releaseNormaliseCaches();
          for (const digits of numbers) {
            const seen = new Map<string, NormalisedIdentifier>();
            for (const raw of writings(digits)) {
              const got = normaliseIdentifier('phone', raw, { region, numberCell, platform: 'whatsapp' });
              expect(got, `${raw} ${region} ${numberCell}`).toEqual(direct(raw, region, numberCell));
              compared++;
              const key = phoneWritingKey(raw)!;
              const first = seen.get(key);
              if (got.valid && first) expect(got).toBe(first);
              if (!seen.has(key)) seen.set(key, got);
            }
          }
        }
      }
      expect(compared).toBe(4 * 2 * 9 * 16);
      // An invalid number keeps its own raw text as its value: two writings are never given one result.
      releaseNormaliseCaches();
      expect(normaliseIdentifier('phone', '081-234', { region: 'TH' }).value).toBe('081-234');
      expect(normaliseIdentifier('phone', '081 234', { region: 'TH' }).value).toBe('081 234');
      // The shared result is the same whichever platform the writing came from, and differs in a number cell.
      releaseNormaliseCaches();
      const a = normaliseIdentifier('phone', '13125550143', { region: 'TH', platform: 'sms' });
      expect(a).toEqual({ kind: 'phone', value: '13125550143', valid: false, flags: ['invalid-phone'], matchKey: null });
      const b = normaliseIdentifier('phone', '1 312 555 0143', { region: 'TH', numberCell: true });
      expect(b).toEqual({ kind: 'phone', value: '+13125550143', valid: true, flags: ['country-code-without-plus'], matchKey: null });
      expect(normaliseIdentifier('phone', '1-312-555-0143', { region: 'TH', numberCell: true, platform: 'line' })).toBe(b);
    } finally {
      setNormaliseCacheGeneration(before);
    }
  });
});
