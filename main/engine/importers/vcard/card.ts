/**
 * One vCard's properties → the contact's name, identifiers (phones, e-mails, messenger handles, written
 * together on this card) and other fields, kept as written. Shared by the text vCard and jCard readers.
 */
import type { RawIdentifier } from '../../model/records';
import { hasInvisibles } from '../../text/normalise';
import { param, splitStructured, unescapeText, type VProp } from './props';

export interface CardContent {
  name?: string;
  identifiers: RawIdentifier[];
  fields: { name: string; value: string; label?: string }[];
  flags: string[];
  version?: string;
}

/** Messenger-handle properties (3.0 `X-` extensions) and the service they name. */
const HANDLE_PROPS: Record<string, string> = {
  'X-JABBER': 'xmpp',
  'X-SKYPE': 'skype',
  'X-SKYPE-USERNAME': 'skype',
  'X-MSN': 'msn',
  'X-AIM': 'aim',
  'X-ICQ': 'icq',
  'X-YAHOO': 'yahoo',
  'X-GTALK': 'gtalk',
  'X-GOOGLE-TALK': 'gtalk',
  'X-QQ': 'qq',
  'X-WECHAT': 'wechat',
  'X-LINE': 'line',
  'X-TELEGRAM': 'telegram',
  'X-WHATSAPP': 'whatsapp',
  'X-VIBER': 'viber',
  'X-SIGNAL': 'signal',
  'X-TWITTER': 'twitter',
  'X-FACEBOOK': 'facebook',
  'X-INSTAGRAM': 'instagram',
  'X-KAKAOTALK': 'kakaotalk',
  'X-ZALO': 'zalo',
  'X-MS-IMADDRESS': 'im',
  'X-GADUGADU': 'gadugadu',
  'X-GROUPWISE': 'groupwise',
};

/** IMPP URI schemes → service. */
const IMPP_SCHEMES: Record<string, string> = {
  xmpp: 'xmpp',
  skype: 'skype',
  aim: 'aim',
  ymsgr: 'yahoo',
  msnim: 'msn',
  msn: 'msn',
  icq: 'icq',
  sip: 'sip',
  gtalk: 'gtalk',
  irc: 'irc',
  facebook: 'facebook',
  fb: 'facebook',
  whatsapp: 'whatsapp',
  tg: 'telegram',
  telegram: 'telegram',
  line: 'line',
  weixin: 'wechat',
  wechat: 'wechat',
  viber: 'viber',
  signal: 'signal',
  qq: 'qq',
  kakaotalk: 'kakaotalk',
  zalo: 'zalo',
};

const BINARY_PROPS = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
const N_PARTS = ['family', 'given', 'additional', 'prefix', 'suffix'];
const ADR_PARTS = ['pobox', 'extended', 'street', 'locality', 'region', 'postcode', 'country'];

function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/** Apple's `_$!<HomePage>!$_` label form → `HomePage`. */
function abLabel(s: string): string {
  const m = /^_\$!<(.*)>!\$_$/.exec(s);
  return m ? m[1]! : s;
}

function text(p: VProp): string {
  return p.escaped ? unescapeText(p.value) : p.value;
}

function components(p: VProp): string[] {
  return p.components ?? (p.escaped ? splitStructured(p.value) : p.value.split(';'));
}

function binaryField(p: VProp): string {
  const b = p.binary!;
  const type = b.mime ?? param(p, 'TYPE') ?? param(p, 'MEDIATYPE') ?? 'type not stated';
  if (!b.valid) return `not valid base64 (${b.problem ?? 'invalid'}; ${b.chars} characters)`;
  return `sha256:${b.sha256} (${b.size} bytes, ${type})`;
}

/** Strip a URI scheme the value is written with (`tel:`, `mailto:`), keeping the rest as written. */
function stripScheme(v: string, scheme: string): string {
  return v.slice(0, scheme.length + 1).toLowerCase() === `${scheme}:` ? v.slice(scheme.length + 1) : v;
}

export function buildCard(props: VProp[]): CardContent {
  const out: CardContent = { identifiers: [], fields: [], flags: [] };
  const flags = new Set<string>();
  // Apple/Google group labels: item1.TEL + item1.X-ABLabel
  const labels = new Map<string, string>();
  for (const p of props) if (p.name === 'X-ABLABEL' && p.group !== undefined) labels.set(p.group.toLowerCase(), abLabel(text(p)));
  let fn: string | undefined;
  let nName: string | undefined;
  const field = (name: string, value: string, label: string | undefined) => out.fields.push(label !== undefined ? { name, value, label } : { name, value });
  const id = (r: RawIdentifier) => {
    if (r.value.trim() === '') return;
    if (hasInvisibles(r.value)) flags.add('invisible-chars');
    out.identifiers.push(r);
  };

  for (const p of props) {
    for (const f of p.flags) flags.add(f);
    const types = p.params.get('TYPE');
    const groupLabel = p.group !== undefined ? labels.get(p.group.toLowerCase()) : undefined;
    const label = groupLabel ?? (types && types.length ? types.join(',') : undefined);
    const name = p.name;
    if (name === 'X-ABLABEL' && p.group !== undefined) continue; // consumed as the label of its group
    if (p.binary) {
      field(name, binaryField(p), label);
      if (!p.binary.valid) flags.add('binary-invalid');
      continue;
    }
    const v = text(p);
    switch (name) {
      case 'VERSION':
        out.version = v.trim();
        field(name, v, label);
        break;
      case 'FN':
        if (fn === undefined && v.trim() !== '') fn = v;
        field(name, v, label);
        break;
      case 'N': {
        const c = components(p);
        c.forEach((part, k) => {
          if (part !== '') field(`N.${N_PARTS[k] ?? String(k + 1)}`, part, label);
        });
        const composed = [c[3], c[1], c[2], c[0], c[4]].filter((x) => x !== undefined && x.trim() !== '').join(' ');
        if (composed !== '') {
          nName ??= composed;
          field('N', composed, label);
        }
        break;
      }
      case 'ADR': {
        const c = components(p);
        c.forEach((part, k) => {
          if (part !== '') field(`ADR.${ADR_PARTS[k] ?? String(k + 1)}`, part, label);
        });
        const joined = c.filter((x) => x.trim() !== '').join(', ');
        if (joined !== '') field('ADR', joined, label);
        break;
      }
      case 'ORG':
        field(name, components(p).filter((x) => x !== '').join(', '), label);
        break;
      case 'TEL': {
        const value = stripScheme(v.trim(), 'tel');
        id({ kind: 'phone', value, ...(label !== undefined ? { label } : {}) });
        const waid = param(p, 'WAID');
        if (waid !== undefined) id({ kind: 'user-id', value: waid, platform: 'whatsapp', label: 'waid' });
        break;
      }
      case 'EMAIL':
        id({ kind: 'email', value: stripScheme(v.trim(), 'mailto'), ...(label !== undefined ? { label } : {}) });
        break;
      case 'IMPP': {
        const t = v.trim();
        const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(t);
        const service = param(p, 'X-SERVICE-TYPE')?.toLowerCase();
        const scheme = m?.[1]?.toLowerCase();
        const platform = service ?? (scheme !== undefined ? own(IMPP_SCHEMES, scheme) : undefined) ?? scheme ?? 'other';
        id({ kind: 'username', value: m ? m[2]! : t, platform, ...(label !== undefined ? { label } : {}) });
        break;
      }
      case 'X-SOCIALPROFILE':
      case 'SOCIALPROFILE': {
        const user = param(p, 'X-USER') ?? param(p, 'USERNAME');
        const platform = (types?.[0] ?? param(p, 'SERVICE-TYPE') ?? 'other').toLowerCase();
        id({ kind: 'username', value: user ?? v.trim(), platform, ...(user !== undefined ? { label: v.trim() } : {}) });
        break;
      }
      default: {
        const platform = own(HANDLE_PROPS, name);
        if (platform !== undefined) {
          id({ kind: 'username', value: v.trim(), platform, ...(label !== undefined ? { label } : {}) });
          break;
        }
        if (BINARY_PROPS.has(name)) {
          // PHOTO/LOGO/SOUND/KEY given by reference: the address as written, never fetched
          field(name, v, label);
          break;
        }
        field(name, v, label);
      }
    }
  }
  if (fn !== undefined) out.name = fn;
  else if (nName !== undefined) out.name = nName;
  else flags.add('no-name');
  if (out.name !== undefined && hasInvisibles(out.name)) flags.add('invisible-chars');
  if (out.identifiers.length === 0) flags.add('no-identifiers');
  if (out.version === undefined) flags.add('no-version');
  out.flags = [...flags];
  return out;
}
