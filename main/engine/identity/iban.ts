/** IBANs: upper case without spaces, the ISO 13616 mod-97 check, and the length each country prescribes. */

// Lengths by country for the IBAN registry's most common members; others are checked by mod-97 and the 15..34 range.
const LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28,
  EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23,
  IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30,
  NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29,
  VG: 24, XK: 20,
};

export type IbanCheck = { valid: true; value: string } | { valid: false; value: string; reason: 'bad-checksum' | 'bad-length' | 'not-an-iban' };

/** mod 97 of the rearranged IBAN, computed in chunks so no big integers are needed. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem;
}

export function checkIban(raw: string): IbanCheck {
  const value = raw.replace(/^IBAN[:\s]*/i, '').replace(/[\s\-\u00A0]/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(value)) return { valid: false, value, reason: 'not-an-iban' };
  const expected = LENGTHS[value.slice(0, 2)];
  if (expected !== undefined && value.length !== expected) return { valid: false, value, reason: 'bad-length' };
  if (mod97(value) !== 1) return { valid: false, value, reason: 'bad-checksum' };
  return { valid: true, value };
}

export const IBAN_TOKEN_RE = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;
