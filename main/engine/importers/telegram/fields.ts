/**
 * Reading Telegram export fields safely: own-property access (a `__proto__` or `constructor` key in the data
 * never reaches a prototype), the zone-less `date` strings, message text with entities, media references and
 * the prose the importer renders for service actions, polls, locations and shared contacts.
 */
import type { AttachmentRef, TextEntity, WallTime } from '../../model/records';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value of an own property only (never one inherited through the prototype chain). */
export function own(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export function str(o: Obj, key: string): string | undefined {
  const v = own(o, key);
  return typeof v === 'string' ? v : undefined;
}

// ---- time ----

const ISO_WALL_ZONE = /^(Z|[+-]\d{2}:\d{2})$/;

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

export interface ParsedDate {
  wall: WallTime;
  /** Set when the string carries a zone (`Z`, `+07:00`) — not written by tdesktop, but by other tools. */
  offsetMin?: number;
}

/** Two ASCII digits at i, or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * tdesktop's `date`: `QDateTime::toString(Qt::ISODate)` of local time, `2023-08-10T23:11:02` (read by hand:
 * this runs once per message). Optional `.mmm` and a zone are accepted for files written by other tools.
 */
export function parseIsoDate(s: string): ParsedDate | null {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const c1 = d2(s, 0);
  const c2 = d2(s, 2);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  const h = d2(s, 11);
  const mi = d2(s, 14);
  const sec = d2(s, 17);
  if (c1 < 0 || c2 < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  const y = c1 * 100 + c2;
  if (d > daysInMonth(y, mo)) return null;
  const wall: WallTime = { y, mo, d, h, mi, s: sec };
  if (s.length === 19) return { wall };
  let rest = s.slice(19);
  const frac = /^\.(\d{1,3})/.exec(rest);
  if (frac) {
    wall.ms = Number(frac[1]!.padEnd(3, '0'));
    rest = rest.slice(frac[0].length);
  }
  if (rest === '') return { wall };
  const z = ISO_WALL_ZONE.exec(rest);
  if (!z) return null;
  const zone = z[1]!;
  return { wall, offsetMin: zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) };
}

export function wallToUtcMs(w: WallTime): number {
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms ?? 0);
}

/** Epoch seconds as tdesktop writes them (a string of digits), or a number from other tools. */
export function parseUnixtime(v: unknown): number | null {
  if (typeof v === 'string') return /^-?\d{1,12}$/.test(v) ? Number(v) * 1000 : null;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v * 1000;
  return null;
}

export function formatOffset(sec: number): string {
  const sign = sec < 0 ? '-' : '+';
  const a = Math.abs(sec);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  return `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}${s ? `:${String(s).padStart(2, '0')}` : ''}`;
}

// ---- ids ----

export const PEER_ID = /^(user|channel|chat)(\d+)$/;

/** The exact digits of a numeric field as written in the raw text, when JSON.parse lost precision. */
export function exactNumberText(raw: string, key: string): string | undefined {
  const m = new RegExp(`"${key}"\\s*:\\s*(-?\\d+)`).exec(raw);
  return m?.[1];
}

/**
 * An id field as exact text: numbers beyond 2^53 (Telegram chat, channel and message ids can be 64-bit) are
 * taken from the raw JSON text, where JSON.parse would have rounded them.
 */
export function exactIdText(value: unknown, raw: string, key: string): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') return undefined;
  if (Number.isSafeInteger(value)) return String(value);
  return exactNumberText(raw, key) ?? String(value);
}

// ---- text ----

export interface TextResult {
  body: string;
  entities?: TextEntity[];
  malformed?: boolean;
}

function entityOf(p: Obj): TextEntity | null {
  const type = str(p, 'type') ?? 'unknown';
  if (type === 'plain') return null;
  const e: TextEntity = { type, text: str(p, 'text') ?? '' };
  const href = str(p, 'href');
  if (href !== undefined) e.href = href;
  const uid = own(p, 'user_id');
  if (typeof uid === 'number' || typeof uid === 'string') e.userId = String(uid);
  return e;
}

/** `text` as a string, or an array mixing strings and `{type, text, href|user_id|…}` objects. */
export function readText(t: unknown, wantEntities: boolean): TextResult {
  if (typeof t === 'string') return { body: t };
  if (!Array.isArray(t)) return { body: t === undefined ? '' : JSON.stringify(t), malformed: t !== undefined };
  let body = '';
  let entities: TextEntity[] | undefined;
  let malformed = false;
  for (const p of t) {
    if (typeof p === 'string') body += p;
    else if (isObj(p)) {
      body += str(p, 'text') ?? '';
      if (wantEntities) {
        const e = entityOf(p);
        if (e) (entities ??= []).push(e);
      }
    } else malformed = true;
  }
  const out: TextResult = { body };
  if (entities) out.entities = entities;
  if (malformed) out.malformed = true;
  return out;
}

/** `text_entities`: always an array of objects; returns the entities and the text they add up to. */
export function readEntities(te: unknown[]): { text: string; entities?: TextEntity[] } {
  let text = '';
  let entities: TextEntity[] | undefined;
  for (const p of te) {
    if (!isObj(p)) continue;
    text += str(p, 'text') ?? '';
    const e = entityOf(p);
    if (e) (entities ??= []).push(e);
  }
  return entities ? { text, entities } : { text };
}

// ---- media ----

/** The placeholders tdesktop writes instead of a path when a file was left out of the export. */
const OMITTED = /^\((?:File|Photo) (?:not included|exceeds maximum size|unavailable)/;
const UNSAFE_PATH = /(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[A-Za-z]:|\0/;

export interface MediaContext {
  /** Zip member names (when the export came as a zip) and the folder of result.json inside it. */
  zipNames?: Set<string>;
  baseDir: string;
}

export function attachment(v: unknown, mime: unknown, ctx: MediaContext, flags: string[]): AttachmentRef | null {
  if (typeof v !== 'string' || v === '') return null;
  const ref: AttachmentRef = { name: v, status: 'referenced' };
  if (typeof mime === 'string' && mime) ref.mime = mime;
  if (OMITTED.test(v)) ref.status = 'omitted';
  else if (UNSAFE_PATH.test(v)) {
    if (!flags.includes('unsafe-attachment-path')) flags.push('unsafe-attachment-path');
  } else if (ctx.zipNames?.has(ctx.baseDir + v.replace(/\\/g, '/'))) ref.status = 'present';
  return ref;
}

// ---- rendered bodies (the JSON has fields, not prose; the raw JSON is always kept) ----

const MAX_RENDERED_VALUE = 500;

function renderValue(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null)) s = v.map((x) => (x === null ? '(deleted account)' : x)).join(', ');
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = '(value too deeply nested to render; see raw)'; // JSON.stringify recurses
    }
  }
  return s.length > MAX_RENDERED_VALUE ? `${s.slice(0, MAX_RENDERED_VALUE)}…` : s;
}

const SERVICE_BASE = new Set(['id', 'type', 'date', 'date_unixtime', 'edited', 'edited_unixtime', 'actor', 'actor_id', 'from', 'from_id', 'action', 'text', 'text_entities']);

/** `create_group — title: Ops; members: A, B` for a service message, then its text if it has one. */
export function renderService(m: Obj, text: string): string {
  const action = str(m, 'action');
  const parts: string[] = [];
  for (const k of Object.keys(m)) {
    if (SERVICE_BASE.has(k)) continue;
    parts.push(`${k}: ${renderValue(m[k])}`);
  }
  let out = action ?? 'service';
  if (parts.length) out += ` — ${parts.join('; ')}`;
  if (text) out += `\n${text}`;
  return out;
}

export function renderPoll(p: Obj): string {
  const lines = [`Poll: ${str(p, 'question') ?? ''}`];
  const answers = own(p, 'answers');
  if (Array.isArray(answers)) {
    for (const a of answers) {
      if (!isObj(a)) continue;
      const voters = own(a, 'voters');
      lines.push(`- ${str(a, 'text') ?? ''}${typeof voters === 'number' ? ` (${voters} vote${voters === 1 ? '' : 's'})` : ''}${own(a, 'chosen') === true ? ' [chosen]' : ''}`);
    }
  }
  if (own(p, 'closed') === true) lines.push('(closed)');
  return lines.join('\n');
}

export function renderLocation(m: Obj): string {
  const loc = own(m, 'location_information');
  const parts: string[] = [];
  if (isObj(loc)) parts.push(`Location: ${String(own(loc, 'latitude'))}, ${String(own(loc, 'longitude'))}`);
  else parts.push('Location');
  const place = str(m, 'place_name');
  const address = str(m, 'address');
  if (place) parts.push(place);
  if (address) parts.push(address);
  const live = own(m, 'live_location_period_seconds');
  if (typeof live === 'number') parts.push(`live for ${live} s`);
  return parts.join(' — ');
}

export function renderContact(ci: Obj): string {
  const name = [str(ci, 'first_name'), str(ci, 'last_name')].filter((x) => x).join(' ');
  const phone = str(ci, 'phone_number');
  return `Contact: ${name}${phone ? ` ${phone}` : ''}`;
}

// ---- hostile-text checks ----

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// Either a control character or one of the invisible marks of normalise.ts: one cheap test per message.
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export function hasControlChars(s: string): boolean {
  return CONTROL.test(s);
}

/** False for almost every message: then neither control characters nor invisible marks are present. */
export function mayBeSuspect(s: string): boolean {
  return SUSPECT.test(s);
}

const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** True when any string anywhere in the value holds an unpaired UTF-16 surrogate (iterative: values may nest deeply). */
export function hasLoneSurrogate(value: unknown): boolean {
  const todo: unknown[] = [value];
  while (todo.length) {
    const v = todo.pop();
    if (typeof v === 'string') {
      if (!isWellFormed(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) todo.push(x);
    } else if (isObj(v)) {
      for (const k of Object.keys(v)) {
        if (!isWellFormed(k)) return true;
        todo.push(v[k]);
      }
    }
  }
  return false;
}

/** A copy of an entry with only its scalar fields (facts are serialised whole; nested values stay in raw). */
export function scalarsOf(o: Obj): Record<string, string | number | boolean | null> {
  const out = Object.create(null) as Record<string, string | number | boolean | null>;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
