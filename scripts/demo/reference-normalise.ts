// The reference normalisation of the labelled corpus: how ground-truth.json turns each raw form into its value.
// Kept independent of the engine's identity code so the corpus can judge it.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { IdKind } from './world';

const INVISIBLE = /[\uFEFF\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;
const ODD_SPACE = /[\u00A0\u202F\u2009]/g;

/**
 * Phone: strip bidi marks and odd spaces, drop a `(0)` trunk hint, read `00` as `+`, read a bare digit run that
 * the corpus marks `digits-cc` as having lost its `+`; anything else is parsed in the file's declared region.
 */
export function normalisePhone(raw: string, region: string, form?: string): string | null {
  let s = raw.replace(INVISIBLE, '').replace(ODD_SPACE, ' ').trim();
  s = s.replace(/\(0\)/g, '');
  if (form === 'digits-cc') s = `+${s.replace(/\D/g, '')}`;
  else if (/^00[1-9]/.test(s.replace(/[\s-]/g, ''))) s = `+${s.replace(/[\s-]/g, '').slice(2)}`;
  const n = parsePhoneNumberFromString(s, region as CountryCode);
  return n && n.isValid() ? n.number : null;
}

export function normaliseIdentifier(kind: IdKind, raw: string, region: string, form?: string, platform?: string): string | null {
  switch (kind) {
    case 'phone':
      return normalisePhone(raw, region, form);
    case 'email':
      return raw.replace(/^mailto:/i, '').trim().toLowerCase();
    case 'username': {
      const handle = raw
        .trim()
        .replace(/^https?:\/\//i, '')
        .replace(/^(?:t\.me\/|line\.me\/ti\/p\/~)/i, '')
        .replace(/^@/, '')
        .toLowerCase();
      return `${platform}:@${handle}`;
    }
    case 'user-id':
      return `${platform}:${raw.replace(/^user/, '')}`;
    case 'wallet':
      return raw.startsWith('0x') || raw.startsWith('0X') ? raw.toLowerCase() : raw;
    case 'iban':
      return raw.replace(/\s+/g, '').toUpperCase();
    case 'account':
      // Bank account numbers have no global form: `<bank>:<digits>`, with the bank named beside the number.
      return `${platform}:${raw.replace(/\D/g, '')}`;
  }
}
