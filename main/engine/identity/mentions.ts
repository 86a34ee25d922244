/**
 * Identifiers mentioned inside message text — phone numbers, e-mails, @handles and profile links, wallet
 * addresses, IBANs — with what the words around them say: a first-person statement ("my new number is …")
 * or a name written beside the value ("Sarah (USA) +1 312 …"). Mentions are never links; they feed suggestions.
 */
import type { IdentifierKind } from '../model/records';
import { asciiDigits } from '../text/normalise';
import { normaliseIdentifier, normalisePlatform, type NormaliseContext, type NormalisedIdentifier } from './normalise';
import { IBAN_TOKEN_RE } from './iban';
import { WALLET_TOKEN_RE } from './wallets';

export interface Mention {
  id: NormalisedIdentifier;
  /** The text exactly as written in the body (invisible marks included). */
  raw: string;
  /** UTF-16 offsets of `raw` in the body. */
  start: number;
  end: number;
  /** `self`: the writer states this is theirs; `named`: a name is written beside it; null: a bare mention. */
  cue: 'self' | 'named' | null;
  /** The name written beside the value, for `named`. */
  name: string | null;
  /** The cue words, quoted in the suggestion's reasons. */
  cueText: string | null;
}

/** Bodies longer than this are scanned only up to it (a cap against pathological inputs; counted by the caller). */
export const MENTION_SCAN_LIMIT = 20_000;

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u061C]/;
const ODD_SPACE = /[\u00A0\u202F\u2000-\u200A\u3000]/;
const DASH = /[\u2010-\u2015\u2212]/;

/** A copy of the text for matching (invisibles dropped, odd spaces and dashes plain, digits ASCII) and a map back. */
function matchingCopy(text: string): { copy: string; map: Int32Array | null } {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7F]*$/.test(text)) return { copy: text, map: null };
  let copy = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (INVISIBLE.test(ch)) continue;
    copy += ODD_SPACE.test(ch) ? ' ' : DASH.test(ch) ? '-' : asciiDigits(ch);
    map.push(i);
  }
  map.push(text.length);
  return { copy, map: Int32Array.from(map) };
}

const EMAIL = /[\p{L}\p{N}._%+\-]{1,64}@[\p{L}\p{N}\-]{1,63}(?:\.[\p{L}\p{N}\-]{1,63}){0,6}\.\p{L}{2,24}/gu;
const HANDLE = /(?<![\p{L}\p{N}_.@/])@([\p{L}\p{N}_][\p{L}\p{N}_.]{1,63})/gu;
const PROFILE = /(?:https?:\/\/)?(?:(?:t\.me|telegram\.me)\/([A-Za-z0-9_]{3,64})|line\.me\/(?:R\/)?ti\/p\/~?@?([A-Za-z0-9_.\-]{2,64}))/gi;
const PROFILE_HINT = /\.me\//i;
const PHONE = /(?<![\p{L}\p{N}+])(?:\+|00)?\(?\d[\d ().\-]{4,22}\d(?![\p{L}\p{N}])/gu;

const SELF_CUE =
  /(?:\bmy\b|\bmine\b|\b(?:call|text|reach|contact|add|message|msg|pay|send|dm|ping|find) me\b|\bme (?:at|on)\b|\bI(?:'m| am) (?:on|at)\b|\bnew (?:number|phone|no\.?|line|sim|wallet|address|account|e-?mail|id|handle|telegram|whatsapp)\b|เบอร์ใหม่|เบอร์ผม|เบอร์ฉัน|เบอร์หนู|เบอร์เรา|ไลน์ผม|ไลน์ใหม่|ไอดีผม|ของผม|ของฉัน|ติดต่อผม|ติดต่อฉัน|我的|我新|新号|新號|加我|联系我|聯繫我)[^.!?\n]{0,48}$/iu;
// "my boss's number", "my friend …": someone else's identifier even though the sentence says "my".
const THIRD_PARTY_AFTER_MY =
  /\bmy\s+(?:\p{L}+(?:'s|’s)|boss|friend|brother|sister|wife|husband|mother|mom|mum|father|dad|agent|colleague|cousin|uncle|aunt|son|daughter|partner|manager|team|client|customer|girlfriend|boyfriend|driver|lawyer|bank)\b/iu;
const NAME_BEFORE =
  /(\p{Lu}[\p{L}'’\-]{1,20}(?:\s\p{Lu}[\p{L}'’\-]{1,20}){0,2})(?:\s*\([^()\n]{1,24}\))?(?:'s|’s)?(?:\s+(?:new\s+)?(?:number|phone|no\.?|wallet|address|e-?mail|id|line|telegram|whatsapp))?\s*(?:[:=\-–]|\bat\b|\bis\b|\bon\b)?\s*$/u;
const NOT_NAMES = new Set(
  'my me i the this that new please pay send transfer number phone wallet address email e-mail contact text add line telegram whatsapp usdt trc20 erc20 btc eth ok okay hi hello dear call tel mobile sms id no and or to at is on from for with via account bank iban swift deposit withdraw amount total fee code otp pin'.split(' '),
);

function platformFromWords(before: string, chatPlatform: string | undefined): string {
  const b = before.slice(-40).toLowerCase();
  if (/telegram|\btg\b|\btele\b/.test(b)) return 'telegram';
  if (/\bline\b|ไลน์/.test(b)) return 'line';
  if (/instagram|\big\b/.test(b)) return 'instagram';
  const p = normalisePlatform(chatPlatform);
  // WhatsApp and SMS have no @handles; a bare @name there says nothing about the platform.
  return p === 'whatsapp' || p === 'sms' || p === 'phone' ? 'unknown' : p;
}

function sentenceBefore(copy: string, start: number): string {
  const from = Math.max(0, start - 64);
  const seg = copy.slice(from, start);
  const cut = Math.max(seg.lastIndexOf('. '), seg.lastIndexOf('!'), seg.lastIndexOf('?'), seg.lastIndexOf('\n'));
  return cut >= 0 ? seg.slice(cut + 1) : seg;
}

function cueFor(before: string): { cue: Mention['cue']; name: string | null; cueText: string | null } {
  const self = SELF_CUE.exec(before);
  if (self && !THIRD_PARTY_AFTER_MY.test(before)) return { cue: 'self', name: null, cueText: self[0].trim() };
  const named = NAME_BEFORE.exec(before);
  if (named) {
    const name = named[1]!.trim();
    const first = name.split(/\s/)[0]!.toLowerCase();
    if (!NOT_NAMES.has(first) && !NOT_NAMES.has(name.toLowerCase())) return { cue: 'named', name, cueText: named[0].trim() };
  }
  return { cue: null, name: null, cueText: null };
}

interface Hit {
  kind: IdentifierKind;
  start: number;
  end: number;
  text: string;
  platform?: string;
}

/** How a mention's text is normalised: normaliseIdentifier, or a link run's lookup of writings it has resolved (link.ts). */
export type MentionNormaliser = (kind: IdentifierKind, text: string, ctx: NormaliseContext) => NormalisedIdentifier;

/** Every identifier mentioned in one message body. Invalid phone-like numbers are dropped (amounts, dates, codes). */
export function findMentions(body: string, chatPlatform: string | undefined, ctx: NormaliseContext, normalise: MentionNormaliser = normaliseIdentifier): Mention[] {
  const text = body.length > MENTION_SCAN_LIMIT ? body.slice(0, MENTION_SCAN_LIMIT) : body;
  // Cheap exits: no digit, no @ and no address-looking letters means nothing to find.
  if (!/[0-9@\u0E50-\u0E59\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]|t\.me|line\.me/i.test(text)) return [];
  const { copy, map } = matchingCopy(text);
  const hits: Hit[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  const take = (h: Hit) => {
    if (!free(h.start, h.end)) return;
    taken.push([h.start, h.end]);
    hits.push(h);
  };
  // An e-mail and a handle need an @, a profile link `.me/`: most bodies have neither, and their scans cost.
  const at = copy.includes('@');
  for (const m of copy.matchAll(WALLET_TOKEN_RE)) take({ kind: 'wallet', start: m.index, end: m.index + m[0].length, text: m[0] });
  if (at) for (const m of copy.matchAll(EMAIL)) take({ kind: 'email', start: m.index, end: m.index + m[0].length, text: m[0] });
  if (PROFILE_HINT.test(copy)) for (const m of copy.matchAll(PROFILE)) take({ kind: 'username', start: m.index, end: m.index + m[0].length, text: m[0], platform: m[1] ? 'telegram' : 'line' });
  for (const m of copy.matchAll(IBAN_TOKEN_RE)) take({ kind: 'iban', start: m.index, end: m.index + m[0].length, text: m[0] });
  if (at) for (const m of copy.matchAll(HANDLE)) {
    const handle = m[1]!;
    // WhatsApp writes member mentions as @ followed by the member's number.
    if (/^\d{8,15}$/.test(handle)) take({ kind: 'phone', start: m.index, end: m.index + m[0].length, text: `+${handle}` });
    else take({ kind: 'username', start: m.index, end: m.index + m[0].length, text: m[0], platform: platformFromWords(copy.slice(0, m.index), chatPlatform) });
  }
  for (const m of copy.matchAll(PHONE)) {
    const t = m[0];
    const digits = t.replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15) continue;
    if (!/^[+0(]/.test(t) && digits.length < 10) continue;
    take({ kind: 'phone', start: m.index, end: m.index + t.length, text: t });
  }
  hits.sort((a, b) => a.start - b.start);
  const out: Mention[] = [];
  for (const h of hits) {
    const id = normalise(h.kind, h.text, { region: ctx.region, platform: h.platform ?? ctx.platform });
    // Phone-shaped text that is not a valid number is usually an amount or a code: not a mention.
    if (!id.valid && (h.kind === 'phone' || h.kind === 'iban' || h.kind === 'email' || h.kind === 'username')) continue;
    const start = map ? map[h.start]! : h.start;
    const end = map ? map[h.end - 1]! + 1 : h.end;
    out.push({ id, raw: text.slice(start, end), start, end, ...cueFor(sentenceBefore(copy, h.start)) });
  }
  return out;
}
