// Phone numbers for the synthetic world: valid mobile numbers per country, and the surface forms exports write them in.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Rng } from './prng';

/**
 * National significant number makers. US/CA use the 555-01xx range reserved for fiction and AU the 0491 570 xxx
 * range ACMA reserves for drama; elsewhere no fiction range exists, so numbers are random valid mobiles (see README).
 */
const PLANS: Record<string, (r: Rng) => string> = {
  TH: (r) => r.pick(['81', '82', '86', '89', '91', '95', '62', '64']) + r.digits(7),
  KH: (r) => (r.chance(0.5) ? r.pick(['12', '11', '17']) + r.digits(6) : r.pick(['97', '96', '88']) + r.digits(7)),
  MM: (r) => '9' + r.pick(['7', '6', '4']) + r.pick(['5', '6', '7', '8', '9']) + r.digits(7),
  LA: (r) => '20' + r.pick(['2', '5', '7', '9']) + r.digits(7),
  PH: (r) => '9' + r.pick(['17', '18', '27', '98', '08']) + r.digits(7),
  US: (r) => r.pick(['312', '773', '512', '213', '305', '646']) + '55501' + r.digits(2),
  CA: (r) => r.pick(['416', '647', '604']) + '55501' + r.digits(2),
  CN: (r) => '1' + r.pick(['38', '39', '58', '86', '77']) + r.digits(8),
  MY: (r) => '1' + r.pick(['2', '6', '7', '9']) + r.digits(7),
  JP: (r) => r.pick(['90', '80', '70']) + r.digits(8),
  AU: (r) => '4915701' + r.pick(['56', '57', '58', '59']),
  GB: (r) => '7' + r.pick(['911', '700', '852', '956']) + r.digits(6),
  SG: (r) => r.pick(['8', '9']) + r.digits(7),
  DE: (r) => '1' + r.pick(['51', '52', '60', '70', '76']) + r.digits(8),
  NL: (r) => '6' + r.digits(8),
  TR: (r) => '5' + r.pick(['32', '33', '42', '55']) + r.digits(7),
  AE: (r) => '5' + r.pick(['0', '2', '5', '6']) + r.digits(7),
  IN: (r) => r.pick(['98', '97', '99', '70']) + r.digits(8),
  ID: (r) => '81' + r.pick(['1', '2', '3']) + r.digits(8),
  KE: (r) => '7' + r.pick(['0', '1', '2', '9']) + r.digits(7),
  VN: (r) => r.pick(['91', '98', '97', '86']) + r.digits(7),
  LT: (r) => '6' + r.digits(7),
};

function examplePlus(region: string): string {
  const cc: Record<string, string> = { TH: '66', KH: '855', MM: '95', LA: '856', PH: '63', US: '1', CA: '1', CN: '86', MY: '60', JP: '81', AU: '61', GB: '44', SG: '65', DE: '49', NL: '31', TR: '90', AE: '971', IN: '91', ID: '62', KE: '254', VN: '84', LT: '370' };
  const c = cc[region];
  if (!c) throw new Error(`no plan for region ${region}`);
  return `+${c}`;
}

/** A valid mobile (or fixed-or-mobile, for NANP) number in E.164, checked against libphonenumber's full metadata. */
export function makePhone(r: Rng, region: string, taken: Set<string>, area?: string): string {
  const plan = PLANS[region];
  if (!plan) throw new Error(`no phone plan for ${region}`);
  for (let attempt = 0; attempt < 500; attempt++) {
    // NANP numbers can be pinned to the person's city; the fiction range 555-01xx is kept either way.
    const nsn = area ? `${area}55501${r.digits(2)}` : plan(r);
    const e164 = examplePlus(region) + nsn;
    const n = parsePhoneNumberFromString(e164);
    if (!n || !n.isValid() || n.country !== region) continue;
    const type = n.getType();
    if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') continue;
    if (taken.has(n.number)) continue;
    taken.add(n.number);
    return n.number;
  }
  throw new Error(`could not make a valid ${region} mobile number`);
}

/**
 * How a number is written. `national*` forms are only used in files whose declared region is the number's own
 * country (elsewhere they would normalise to a different number); `digits-cc` is the ledger's number cell that
 * lost its `+`; `wrapped` is WhatsApp's author form with bidi embedding marks and no-break spaces.
 */
export type PhoneForm =
  | 'e164'
  | 'intl'
  | 'intl-dash'
  | 'intl-paren0'
  | 'national'
  | 'national-dash'
  | 'national-compact'
  | 'digits-cc'
  | 'idd00'
  | 'wrapped';

export const PHONE_FORMS: readonly PhoneForm[] = ['e164', 'intl', 'intl-dash', 'intl-paren0', 'national', 'national-dash', 'national-compact', 'digits-cc', 'idd00', 'wrapped'];

function parsed(e164: string) {
  const n = parsePhoneNumberFromString(e164);
  if (!n) throw new Error(`bad E.164 ${e164}`);
  return n;
}

export function phoneRegion(e164: string): string {
  return parsed(e164).country ?? '';
}

/** Whether a form can be written for this number in a file whose declared phone region is `fileRegion`. */
export function formAllowed(e164: string, form: PhoneForm, fileRegion: string): boolean {
  const n = parsed(e164);
  const national = n.formatNational();
  switch (form) {
    case 'national':
    case 'national-dash':
    case 'national-compact':
      // NANP numbers share +1: a US file may hold a Canadian number nationally, and vice versa.
      return n.country === fileRegion || (n.countryCallingCode === '1' && ['US', 'CA'].includes(fileRegion));
    case 'intl-paren0':
      // `+66 (0)81…` only makes sense where the national form starts with a trunk 0.
      return national.startsWith('0');
    default:
      return true;
  }
}

export function renderPhone(e164: string, form: PhoneForm): string {
  const n = parsed(e164);
  const intl = n.formatInternational();
  const digits = e164.slice(1);
  switch (form) {
    case 'e164':
      return e164;
    case 'intl':
      return intl;
    case 'intl-dash': {
      const [cc, ...rest] = intl.split(' ');
      return `${cc} ${rest.join('-')}`;
    }
    case 'intl-paren0': {
      const cc = `+${n.countryCallingCode}`;
      const nat = n.formatNational().replace(/^0/, '(0)');
      return `${cc} ${nat}`;
    }
    case 'national':
      return n.formatNational();
    case 'national-dash':
      return n.formatNational().replace(/[()]/g, '').trim().replace(/\s+/g, '-');
    case 'national-compact':
      return n.formatNational().replace(/\D/g, '');
    case 'digits-cc':
      return digits;
    case 'idd00':
      return `00${digits}`;
    case 'wrapped':
      return `\u202A${intl.replace(/ /g, '\u00A0')}\u202C`;
  }
}
