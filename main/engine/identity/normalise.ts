/**
 * One identifier as written -> its normalised value (the thing links are made on), or the raw text flagged as
 * invalid. Phone: E.164; e-mail: lower case; handle: `platform:@handle` lower case; wallet: checksum-verified;
 * IBAN: upper case, no spaces, mod-97. Look-alike and invisible characters are flagged, never folded away.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { IdentifierKind } from '../model/records';
import { hasInvisible, lookalikeFlags, skeleton, trimInvisible, stripInvisible } from './confusables';
import { checkIban } from './iban';
import { looksLikePhone, normalisePhone, phoneWritingKey, releaseParsedPhones } from './phones';
import { checkWallet, WALLET_TOKEN_RE } from './wallets';

export interface NormalisedIdentifier {
  kind: IdentifierKind;
  /** The normalised value; for an invalid identifier, the raw text trimmed. */
  value: string;
  /** False when normalisation or the checksum failed: such a value is never linked. */
  valid: boolean;
  /** How this occurrence was written (`invisible-chars`, `international-prefix-00`, …) and why it is invalid. */
  flags: readonly string[];
  /** Folded form shared by look-alike values (handles, e-mails), for suggestions only. */
  matchKey: string | null;
}

export interface NormaliseContext {
  /** Phone region of the evidence item, else of the case. */
  region?: CountryCode | undefined;
  /** Platform for handles and ids without one (the chat's platform). */
  platform?: string | undefined;
  /** The value sits in a spreadsheet cell (a ledger's party columns), where numbers often lose their `+`. */
  numberCell?: boolean | undefined;
}

const PLATFORM_ALIASES: Record<string, string> = { tg: 'telegram', wa: 'whatsapp', ig: 'instagram', fb: 'facebook', x: 'twitter' };

export function normalisePlatform(p: string | undefined | null): string {
  const t = (p ?? '').trim().toLowerCase();
  if (!t) return 'unknown';
  return PLATFORM_ALIASES[t] ?? t;
}

// Links to a profile name the platform: t.me/boss_chen is the Telegram handle boss_chen.
const PROFILE_URLS: [RegExp, string][] = [
  [/^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/@?([A-Za-z0-9_]{3,64})\/?$/i, 'telegram'],
  [/^(?:https?:\/\/)?line\.me\/(?:ti\/p\/|R\/ti\/p\/)~?@?([A-Za-z0-9_.\-]{2,64})\/?$/i, 'line'],
  [/^(?:https?:\/\/)?(?:www\.)?instagram\.com\/([A-Za-z0-9_.]{1,64})\/?$/i, 'instagram'],
  [/^(?:https?:\/\/)?(?:www\.)?facebook\.com\/([A-Za-z0-9.]{3,64})\/?$/i, 'facebook'],
  [/^(?:https?:\/\/)?(?:www\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,64})\/?$/i, 'twitter'],
];

// Interior invisibles are kept (flagged) so a handle with a zero-width space never silently equals the clean one.
const HANDLE_RE = /^[\p{L}\p{N}\p{M}_.\-\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]{1,64}$/u;
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@.]{2,63}$/u;

function invalid(kind: IdentifierKind, raw: string, flags: string[], reason: string): NormalisedIdentifier {
  return { kind, value: raw.trim(), valid: false, flags: [...flags, reason], matchKey: null };
}

function withLookalikes(flags: string[], value: string): string[] {
  for (const f of lookalikeFlags(value)) if (!flags.includes(f)) flags.push(f);
  return flags;
}

function normaliseUsername(raw: string, platformIn: string | undefined): NormalisedIdentifier {
  const flags: string[] = hasInvisible(raw) ? ['invisible-chars'] : [];
  let s = trimInvisible(raw);
  let platform = normalisePlatform(platformIn);
  for (const [re, p] of PROFILE_URLS) {
    const m = re.exec(s);
    if (m) {
      s = m[1]!;
      platform = p;
      flags.push('profile-link');
      break;
    }
  }
  if (s.startsWith('@') || (platform === 'line' && s.startsWith('~'))) s = s.slice(1);
  if (!HANDLE_RE.test(s)) return invalid('username', raw, flags, 'invalid-handle');
  const handle = s.toLowerCase();
  return { kind: 'username', value: `${platform}:@${handle}`, valid: true, flags: withLookalikes(flags, handle), matchKey: `@${skeleton(handle)}` };
}

function normaliseEmail(raw: string): NormalisedIdentifier {
  const flags: string[] = hasInvisible(raw) ? ['invisible-chars'] : [];
  const s = trimInvisible(raw).replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1').trim();
  if (!EMAIL_RE.test(s)) return invalid('email', raw, flags, 'invalid-email');
  const value = s.toLowerCase();
  return { kind: 'email', value, valid: true, flags: withLookalikes(flags, value), matchKey: skeleton(value) };
}

function normaliseWallet(raw: string): NormalisedIdentifier {
  const flags: string[] = hasInvisible(raw) ? ['invisible-chars'] : [];
  let s = stripInvisible(raw).trim();
  let c = checkWallet(s);
  if (!c.valid && c.chain === null) {
    // A cell like `TR7N… (TRC20)`: take the one address-shaped token, if there is exactly one.
    const tokens = s.match(WALLET_TOKEN_RE) ?? [];
    if (tokens.length === 1) {
      s = tokens[0]!;
      flags.push('extracted-from-text');
      c = checkWallet(s);
    }
  }
  if (!c.valid) return invalid('wallet', raw, c.chain ? [...flags, c.chain] : flags, c.reason);
  return { kind: 'wallet', value: c.value, valid: true, flags, matchKey: null };
}

function normaliseIban(raw: string): NormalisedIdentifier {
  const flags: string[] = hasInvisible(raw) ? ['invisible-chars'] : [];
  const r = checkIban(stripInvisible(raw));
  if (!r.valid) return invalid('iban', raw, flags, r.reason === 'not-an-iban' ? 'invalid-iban' : r.reason);
  return { kind: 'iban', value: r.value, valid: true, flags, matchKey: null };
}

function normaliseScoped(kind: 'user-id' | 'account', raw: string, platformIn: string | undefined): NormalisedIdentifier {
  const flags: string[] = hasInvisible(raw) ? ['invisible-chars'] : [];
  let s = trimInvisible(raw).replace(/[\s\u00A0-]+/g, '');
  const platform = normalisePlatform(platformIn);
  // Telegram writes one user as `user7349842612` (message from_id) and `7349842612` (personal_information).
  if (kind === 'user-id' && platform === 'telegram') s = s.replace(/^user(?=\d+$)/i, '');
  if (!s) return invalid(kind, raw, flags, `invalid-${kind}`);
  return { kind, value: `${platform}:${s.toLowerCase()}`, valid: true, flags: withLookalikes(flags, s), matchKey: null };
}

// The same identifier is written the same way many times in a seizure; results are immutable and shared.
// Maps nested by kind, region, platform and number-cell, keyed last by the raw text: the hot path builds no key
// strings. Bounded in two generations: when the young one is full it becomes the old one (the one before is
// dropped) and hits in the old one are carried over, so values in use survive and memory stays flat.
type RawCache = Map<string, NormalisedIdentifier>;
/**
 * Valid phone numbers are also cached by what their reading depends on (phoneWritingKey), under this pseudo-kind:
 * one number written five ways is normalised once, not five times, and its writings share one result (so the
 * linker's lookups by result hit too). Bench/link 10 M: most contact and ledger phones missed the raw-text cache.
 */
const PHONE_WRITING = 'phone writing';
let young = new Map<IdentifierKind | typeof PHONE_WRITING, Map<string, Map<string, RawCache[]>>>();
let old: typeof young | null = null;
let youngSize = 0;
// ~180 bytes an entry (raw text, result, value): two generations of 50,000 hold ~18 MB, and V8 lets the heap grow to
// a few times what is live before it collects. (16,384 cost bench/link's 1 M mix 15-30 % more CPU.) Parsing a phone
// number, the costly part, has its own bigger cache (phones.ts).
let GENERATION_MAX = 50_000;

/**
 * Empties the caches of normalised identifiers and parsed phone numbers. They serve the repetition inside one item's
 * extraction; kept after it they would hold every distinct identifier of the item (~150 MB for 100,000 contact cards)
 * while suggestions allocate on top, and then on an idle workstation.
 */
export function releaseNormaliseCaches(): void {
  emptyCache();
  releaseParsedPhones();
}

function emptyCache(): void {
  young = new Map();
  old = null;
  youngSize = 0;
}

/** Sets the cache's generation size and empties it; returns the previous size (for tests of the turnover). */
export function setNormaliseCacheGeneration(size: number): number {
  const before = GENERATION_MAX;
  GENERATION_MAX = size;
  emptyCache();
  return before;
}

function rawCache(gen: typeof young, kind: IdentifierKind | typeof PHONE_WRITING, ctx: NormaliseContext, create: boolean): RawCache | undefined {
  let byRegion = gen.get(kind);
  if (!byRegion) {
    if (!create) return undefined;
    gen.set(kind, (byRegion = new Map()));
  }
  const region = ctx.region ?? '';
  let byPlatform = byRegion.get(region);
  if (!byPlatform) {
    if (!create) return undefined;
    byRegion.set(region, (byPlatform = new Map()));
  }
  const platform = ctx.platform ?? '';
  let pair = byPlatform.get(platform);
  if (!pair) {
    if (!create) return undefined;
    byPlatform.set(platform, (pair = [new Map(), new Map()]));
  }
  return pair[ctx.numberCell ? 1 : 0];
}

/** Normalise one identifier whose kind the source stated (an account's phone, a card's e-mail, a mapped column). */
export function normaliseIdentifier(kind: IdentifierKind, raw: string, ctx: NormaliseContext = {}): NormalisedIdentifier {
  if (kind === 'phone') {
    const w = phoneWritingKey(raw);
    if (w !== undefined) {
      // Platform plays no part in reading a phone number: one entry serves every platform.
      const pctx = { region: ctx.region, numberCell: ctx.numberCell };
      const hit = cached(PHONE_WRITING, w, pctx);
      if (hit) return hit;
      const r = uncachedNormalise(kind, raw, ctx);
      // An invalid number keeps its raw text as its value: cached by that text, not shared.
      remember(r.valid ? PHONE_WRITING : kind, r.valid ? w : raw, r.valid ? pctx : ctx, r);
      return r;
    }
  }
  const hit = cached(kind, raw, ctx);
  if (hit) return hit;
  const r = uncachedNormalise(kind, raw, ctx);
  remember(kind, raw, ctx, r);
  return r;
}

/** A cached result (a hit in the old generation is carried into the young one). */
function cached(kind: IdentifierKind | typeof PHONE_WRITING, key: string, ctx: NormaliseContext): NormalisedIdentifier | undefined {
  const r = rawCache(young, kind, ctx, false)?.get(key);
  if (r) return r;
  const o = old && rawCache(old, kind, ctx, false)?.get(key);
  if (o) remember(kind, key, ctx, o);
  return o || undefined;
}

function remember(kind: IdentifierKind | typeof PHONE_WRITING, key: string, ctx: NormaliseContext, r: NormalisedIdentifier): void {
  if (++youngSize > GENERATION_MAX) {
    old = young;
    young = new Map();
    youngSize = 1;
  }
  rawCache(young, kind, ctx, true)!.set(key, r);
}

function uncachedNormalise(kind: IdentifierKind, raw: string, ctx: NormaliseContext): NormalisedIdentifier {
  switch (kind) {
    case 'phone': {
      const p = normalisePhone(raw, ctx.region, ctx.numberCell === true);
      return p.valid ? { kind, value: p.value, valid: true, flags: p.flags, matchKey: null } : { kind, value: p.value, valid: false, flags: [...p.flags, p.reason], matchKey: null };
    }
    case 'email':
      return normaliseEmail(raw);
    case 'username':
      return normaliseUsername(raw, ctx.platform);
    case 'wallet':
      return normaliseWallet(raw);
    case 'iban':
      return normaliseIban(raw);
    case 'user-id':
    case 'account':
      return normaliseScoped(kind, raw, ctx.platform);
    default: {
      const never: never = kind;
      throw new Error(`Unexpected identifier kind ${String(never)}`);
    }
  }
}

const WA_ME = /^(?:https?:\/\/)?wa\.me\/(\+?\d{6,15})\/?$/i;

/**
 * An identifier written where the source does not say which kind it is (a call log's number, an SMS address,
 * the owner the examiner typed). Returns null for text that is not an identifier at all (a name).
 */
export function classifyIdentifier(raw: string, ctx: NormaliseContext = {}): NormalisedIdentifier | null {
  const s = trimInvisible(raw);
  if (!s || s.length > 256) return null;
  const wa = WA_ME.exec(s);
  if (wa) return normaliseIdentifier('phone', wa[1]!.startsWith('+') ? wa[1]! : `+${wa[1]!}`, ctx);
  if (/^(?:mailto:)?[^\s@]+@[^\s@]+\.[^\s@]{2,}$/i.test(s)) return normaliseEmail(raw);
  for (const [re] of PROFILE_URLS) if (re.test(s)) return normaliseUsername(raw, ctx.platform);
  if (/^@[\p{L}\p{N}_.]{2,64}$/u.test(s)) return normaliseUsername(raw, ctx.platform);
  if (/^(?:0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc1|BC1)[0-9a-zA-Z]{8,87})$/.test(s)) return normaliseWallet(raw);
  if (/^[A-Z]{2}[0-9]{2}[A-Z0-9 ]{11,40}$/.test(s) && !looksLikePhone(s)) return normaliseIban(raw);
  if (looksLikePhone(s)) return normaliseIdentifier('phone', raw, ctx);
  // Digits alone (a short code, a hotline, a truncated number) are a phone number written badly: kept and
  // flagged invalid, never dropped and never guessed.
  if (/^\+?[0-9\s().\-]+$/.test(stripInvisible(s)) && (s.match(/[0-9]/g) ?? []).length >= 3) return normaliseIdentifier('phone', raw, ctx);
  return null;
}
