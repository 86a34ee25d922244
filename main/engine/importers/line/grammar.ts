// LINE chat-history grammar: header, saved-on, date lines, clock times, placeholders, call and unsent notices, in every layout and language we know of.
import type { AttachmentRef, CallDirection, MessageKind, WallTime } from '../../model/records';
import { asciiDigits, matchCopy } from '../../text/normalise';

// Characters that make a matching copy necessary (invisible marks, odd spaces, non-ASCII digits).
const NEEDS_CLEAN = /[\uFEFF\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\u00A0\u202F\u2000-\u200A\u3000\u0660-\u0669\u06F0-\u06F9\u0E50-\u0E59\uFF10-\uFF19]/;

/** A copy for pattern matching only: invisibles removed, odd spaces and digits made plain, trimmed. */
export function clean(text: string): string {
  return (NEEDS_CLEAN.test(text) ? asciiDigits(matchCopy(text)) : text).trim();
}

export function isBlank(text: string): boolean {
  // Fast path: almost every line starts with a visible character.
  const c0 = text.charCodeAt(0);
  if (c0 > 0x20 && c0 < 0x7f) return false;
  return clean(text) === '';
}

// ---------------------------------------------------------------- header

export type ChatKind = 'personal' | 'group';

export interface HeaderInfo {
  /** The chat name as written in the header, when the header names it. */
  name?: string;
  chatKind?: ChatKind;
  /** Language of the header wording (`en`, `ja`, `zh-CN`, `zh-TW`, `th`, `unknown`). */
  language: string;
}

// Order matters: the 1:1 wording of each language is tried before its group wording, which it contains.
const HEADERS: { re: RegExp; kind?: ChatKind; language: string }[] = [
  { re: /^(?:\[LINE\]\s*)?Chat history with\s+(.+)$/i, kind: 'personal', language: 'en' },
  { re: /^(?:\[LINE\]\s*)?Chat history in\s+(.+)$/i, kind: 'group', language: 'en' },
  { re: /^\[LINE\]\s*(.+)とのトーク履歴$/, kind: 'personal', language: 'ja' },
  { re: /^\[LINE\]\s*(.+)のトーク履歴$/, kind: 'group', language: 'ja' },
  { re: /^\[LINE\]\s*与(.+)的聊天记录$/, kind: 'personal', language: 'zh-CN' },
  { re: /^\[LINE\]\s*(.+)的聊天记录$/, kind: 'group', language: 'zh-CN' },
  { re: /^\[LINE\]\s*與(.+)的聊天記錄$/, kind: 'personal', language: 'zh-TW' },
  { re: /^\[LINE\]\s*(.+)的聊天記錄$/, kind: 'group', language: 'zh-TW' },
  { re: /^\[LINE\]\s*ประวัติการ(?:แชท|สนทนา)กับ\s*(.+)$/, kind: 'personal', language: 'th' },
  { re: /^\[LINE\]\s*ประวัติการ(?:แชท|สนทนา)ใน\s*(.+)$/, kind: 'group', language: 'th' },
];

/** Recognise the first line of a LINE export. Any other `[LINE] …` line is a header in an unknown language. */
export function parseHeader(text: string): HeaderInfo | null {
  if (text.length > 600) return null;
  // The name is taken as written when the line matches as it stands; only otherwise from the matching copy
  // (invisible marks removed), which the caller's `header` fact keeps next to the raw line.
  const asWritten = text.replace(/^\uFEFF/, '').trim();
  const c = clean(text);
  for (const h of HEADERS) {
    const m = h.re.exec(asWritten) ?? h.re.exec(c);
    if (m) {
      const name = m[1]!.trim();
      const info: HeaderInfo = { language: h.language };
      if (name) info.name = name;
      if (h.kind) info.chatKind = h.kind;
      return info;
    }
  }
  if (/^\[LINE\]/i.test(c)) return { language: 'unknown' };
  return null;
}

/** The chat name LINE puts in the export's file name: `[LINE] Chat with X.txt`, `[LINE] X.txt`. */
export function nameFromFileName(fileName: string): string | undefined {
  const base = fileName.replace(/^.*[\\/]/, '');
  const m = /^\[LINE\]\s*(.*?)(?:\.txt)?$/i.exec(base);
  if (!m) return undefined;
  const name = m[1]!.replace(/^Chat (?:history )?(?:with|in)\s+/i, '').trim();
  return name || undefined;
}

// ---------------------------------------------------------------- saved on

const SAVED_ON = /^(Saved on|保存日時|保存日期|儲存日期|บันทึกวันที่|บันทึกเมื่อ|저장일시)\s*[:：]?\s*(.*)$/i;

export interface SavedOn {
  raw: string;
  wall?: WallTime;
}

export function parseSavedOn(text: string): SavedOn | null {
  const m = SAVED_ON.exec(clean(text));
  if (!m) return null;
  const value = m[2]!;
  const out: SavedOn = { raw: text };
  const dm = /^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})\s+(.+)$/.exec(value);
  if (dm) {
    let y = Number(dm[1]);
    if (y >= 2400) y -= 543;
    const mo = Number(dm[2]);
    const d = Number(dm[3]);
    const t = parseTime(dm[4]!);
    if (t && validDate(y, mo, d)) out.wall = { y, mo, d, h: t.h, mi: t.mi, s: 0 };
  }
  return out;
}

// ---------------------------------------------------------------- weekdays

const WEEKDAYS = new Map<string, number>();
function addDays(names: string[][]): void {
  names.forEach((list, dow) => list.forEach((n) => WEEKDAYS.set(n, dow)));
}
addDays([
  ['sun', 'sunday', 'minggu', 'min'],
  ['mon', 'monday', 'senin', 'sen'],
  ['tue', 'tues', 'tuesday', 'selasa', 'sel'],
  ['wed', 'weds', 'wednesday', 'rabu', 'rab'],
  ['thu', 'thur', 'thurs', 'thursday', 'kamis', 'kam'],
  ['fri', 'friday', 'jumat', "jum'at", 'jum'],
  ['sat', 'saturday', 'sabtu', 'sab'],
]);
// Japanese 日月火…, Chinese 日/天 一…六, Korean 일월화…, Thai full names and abbreviations.
addDays([['日', '天', '일', 'อาทิตย์', 'อา'], ['月', '一', '월', 'จันทร์', 'จ'], ['火', '二', '화', 'อังคาร', 'อ'], ['水', '三', '수', 'พุธ', 'พ'], ['木', '四', '목', 'พฤหัสบดี', 'พฤหัส', 'พฤ'], ['金', '五', '금', 'ศุกร์', 'ศ'], ['土', '六', '토', 'เสาร์', 'ส']]);

/** The day of the week a localised weekday name stands for (0 = Sunday), or undefined. */
export function weekdayOf(token: string): number | undefined {
  let t = token.trim();
  const paren = /^[(（]\s*(.*?)\s*[)）]$/.exec(t);
  if (paren) t = paren[1]!;
  t = t.replace(/\.$/, '').toLowerCase();
  const direct = WEEKDAYS.get(t);
  if (direct !== undefined) return direct;
  const stripped = t
    .replace(/^(?:星期|禮拜|礼拜|週|周|วัน)/, '')
    .replace(/(?:曜日|曜|요일)$/, '')
    .replace(/\.$/, '');
  return stripped === t ? undefined : WEEKDAYS.get(stripped);
}

// ---------------------------------------------------------------- dates

export function validDate(y: number, mo: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(mo) || !Number.isInteger(d)) return false;
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function dayOfWeek(y: number, mo: number, d: number): number {
  const dt = new Date(Date.UTC(2000, mo - 1, d));
  dt.setUTCFullYear(y);
  return dt.getUTCDay();
}

/** A date line as read, before day/month order is decided (only the `Www, A/B/YYYY` form needs that). */
export type RawDateLine =
  | { form: 'ymd'; y: number; mo: number; d: number; weekday?: number; weekdayText?: string; era: boolean }
  | { form: 'ab-y'; a: number; b: number; y: number; weekday?: number; weekdayText: string; era: boolean };

const ERA = /\s*(?:B\.?E\.?|พ\.ศ\.?)$/i;
const YMD = /^(\d{4})(?:[/.\-](\d{1,2})[/.\-](\d{1,2})|年(\d{1,2})月(\d{1,2})日)(.*)$/;
const AB_Y = /^([^\d,\t]{1,24}),\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(.*)$/;

/** Recognise a date line (`2015/12/25 Fri`, `2024.01.02 Tuesday`, `2017/11/20（一）`, `Mon, 12/03/2017`, `Wed, 10/07/2562 BE` …). */
export function parseDateLine(text: string): RawDateLine | null {
  if (text.length > 80 || text.includes('\t')) return null;
  const c = clean(text);
  let m = YMD.exec(c);
  if (m) {
    let rest = m[6]!.trim();
    const era = ERA.test(rest);
    if (era) rest = rest.replace(ERA, '').trim();
    const out: RawDateLine = { form: 'ymd', y: Number(m[1]), mo: Number(m[2] ?? m[4]), d: Number(m[3] ?? m[5]), era };
    if (rest) {
      const wd = weekdayOf(rest);
      if (wd !== undefined) out.weekday = wd;
      // An unknown word in brackets is still a weekday slot (a language we lack), and so is one word that did not
      // decode (a mis-encoded file); other text after a date is not a date line.
      else if (!/^[(（][^()（）\d\t]{1,15}[)）]$/.test(rest) && !(rest.includes('\uFFFD') && /^[(（]?[^\s\d()（）]{1,15}[)）]?$/.test(rest))) return null;
      out.weekdayText = rest;
    }
    return out;
  }
  m = AB_Y.exec(c);
  if (m) {
    let rest = m[5]!.trim();
    const era = ERA.test(rest);
    if (era) rest = rest.replace(ERA, '').trim();
    if (rest) return null;
    const wdText = m[1]!.trim();
    const wd = weekdayOf(wdText);
    if (wd === undefined && !/^[\p{L}\p{M}.'\uFFFD]{1,20}$/u.test(wdText)) return null;
    const out: RawDateLine = { form: 'ab-y', a: Number(m[2]), b: Number(m[3]), y: Number(m[4]), weekdayText: wdText, era };
    if (wd !== undefined) out.weekday = wd;
    return out;
  }
  return null;
}

export type DayMonthOrder = 'dmy' | 'mdy';

export interface ResolvedDate {
  y: number;
  mo: number;
  d: number;
  /** Time flags every message of the day inherits (`buddhist-era`, `weekday-mismatch`, `date-order-assumed` …). */
  flags: string[];
}

/**
 * Turns date lines into calendar dates. `Www, A/B/YYYY` is month-first in English exports and day-first in Thai
 * ones, so the order is decided per line: by a number above 12, else by the weekday written beside it. A line that
 * neither settles takes the examiner's declared order, else the order the rest of the file proves (`fileOrder`,
 * from a first pass), else the order earlier lines proved, else an assumption, and says which in its flags.
 */
export class DateResolver {
  /** How each `A/B/YYYY` line was decided, for the report. */
  readonly decisions = { range: 0, weekday: 0, same: 0, declared: 0, file: 0, earlier: 0, assumed: 0 };
  /** Lines that prove each order by themselves (a number above 12, or the weekday). */
  readonly proven = { mdy: 0, dmy: 0 };
  private established: DayMonthOrder | undefined;

  constructor(
    private readonly declared?: DayMonthOrder,
    private readonly fileOrder?: DayMonthOrder,
  ) {}

  /** The order the lines seen so far prove, when they agree on one. */
  provenOrder(): DayMonthOrder | undefined {
    if (this.proven.mdy > 0 && this.proven.dmy === 0) return 'mdy';
    if (this.proven.dmy > 0 && this.proven.mdy === 0) return 'dmy';
    return undefined;
  }

  resolve(raw: RawDateLine): ResolvedDate | { invalid: string } {
    const flags: string[] = [];
    let y = raw.y;
    if (raw.era || y >= 2400) {
      // Thai Buddhist Era: CE = BE - 543. A year of 2400+ can only be BE in a chat export.
      if (y >= 2400) {
        y -= 543;
        flags.push('buddhist-era');
      } else flags.push('era-suspect');
    }
    if (raw.form === 'ymd') {
      if (!validDate(y, raw.mo, raw.d)) return { invalid: `no such date ${raw.y}/${raw.mo}/${raw.d}` };
      if (raw.weekday === undefined && raw.weekdayText) flags.push('weekday-unrecognised');
      else if (raw.weekday !== undefined && dayOfWeek(y, raw.mo, raw.d) !== raw.weekday) flags.push('weekday-mismatch');
      return { y, mo: raw.mo, d: raw.d, flags };
    }
    const { a, b } = raw;
    const fits = (o: DayMonthOrder) => (o === 'mdy' ? validDate(y, a, b) : validDate(y, b, a));
    const pick = (o: DayMonthOrder): ResolvedDate => (o === 'mdy' ? { y, mo: a, d: b, flags } : { y, mo: b, d: a, flags });
    const weekdayOk = (o: DayMonthOrder) => raw.weekday !== undefined && (o === 'mdy' ? dayOfWeek(y, a, b) : dayOfWeek(y, b, a)) === raw.weekday;
    const proved = (o: DayMonthOrder, how: 'range' | 'weekday'): ResolvedDate => {
      this.decisions[how]++;
      this.proven[o]++;
      this.established ??= o;
      if (this.declared && this.declared !== o) flags.push('date-order-differs-from-declared');
      return pick(o);
    };
    const cands = (['mdy', 'dmy'] as const).filter(fits);
    if (cands.length === 0) return { invalid: `no such date ${raw.a}/${raw.b}/${raw.y} in either day/month order` };
    if (raw.weekday === undefined) flags.push('weekday-unrecognised');
    if (a === b) {
      this.decisions.same++;
      if (raw.weekday !== undefined && !weekdayOk('mdy')) flags.push('weekday-mismatch');
      return pick('mdy');
    }
    if (cands.length === 1) {
      const o = cands[0]!;
      if (raw.weekday !== undefined && !weekdayOk(o)) flags.push('weekday-mismatch');
      return proved(o, 'range');
    }
    const byWeekday = cands.filter(weekdayOk);
    if (byWeekday.length === 1) return proved(byWeekday[0]!, 'weekday');
    if (raw.weekday !== undefined && byWeekday.length === 0) flags.push('weekday-mismatch');
    if (this.declared) {
      this.decisions.declared++;
      return pick(this.declared);
    }
    if (this.fileOrder) {
      this.decisions.file++;
      flags.push('date-order-from-other-lines');
      return pick(this.fileOrder);
    }
    if (this.established) {
      this.decisions.earlier++;
      flags.push('date-order-from-other-lines');
      return pick(this.established);
    }
    this.decisions.assumed++;
    flags.push('date-order-assumed');
    return pick(raw.era || raw.y >= 2400 ? 'dmy' : 'mdy');
  }
}

// ---------------------------------------------------------------- clock times

export interface ClockTime {
  h: number;
  mi: number;
  flags?: string[];
}

const TIME = /^(上午|下午|午前|午後|오전|오후|AM|PM)?\s*(\d{1,2}):(\d{2})(?:\s*([AaPp])\.?\s?[Mm]\.?)?$/i;
const PLAIN_TIME = /^(\d{1,2}):(\d{2})$/;

/** `07:33`, `04:46 PM`, `03:05pm`, `下午04:46`, `午後3:04`, `午前0:15` → 24-hour clock. */
export function parseTime(token: string): ClockTime | null {
  let m = PLAIN_TIME.exec(token);
  if (m) {
    const h = Number(m[1]);
    const mi = Number(m[2]);
    if (mi > 59 || h > 24) return null;
    return h === 24 ? { h: 0, mi, flags: ['hour-24'] } : { h, mi };
  }
  const c = clean(token);
  if (c.length > 16) return null;
  m = TIME.exec(c);
  if (!m) return null;
  let h = Number(m[2]);
  const mi = Number(m[3]);
  if (mi > 59 || h > 24) return null;
  const pre = m[1]?.toLowerCase();
  const post = m[4]?.toLowerCase();
  if (pre !== undefined && post !== undefined) return null;
  const marker = pre ?? post;
  if (marker === undefined) return h === 24 ? { h: 0, mi, flags: ['hour-24'] } : { h, mi };
  const pm = marker === '下午' || marker === '午後' || marker === '오후' || marker === 'pm' || marker === 'p';
  if (h > 12) return { h: h === 24 ? 0 : h, mi, flags: ['time-inconsistent'] };
  // 12 AM = 00, 12 PM = 12; Japanese writes 午前0時 / 午後0時 for midnight / noon.
  if (h === 12) h = 0;
  return { h: pm ? h + 12 : h, mi };
}

// ---------------------------------------------------------------- message lines

export interface TabLine {
  timeText: string;
  time: ClockTime;
  /** undefined for a two-column line; '' for an empty sender column. */
  sender?: string;
  body: string;
}

/** `HH:MM<TAB>Sender<TAB>Text` (tabs inside the text are kept), `HH:MM<TAB><TAB>notice` or `HH:MM<TAB>notice`. */
export function parseTabLine(text: string): TabLine | null {
  const t1 = text.indexOf('\t');
  if (t1 < 1 || t1 > 20) return null;
  const timeText = text.slice(0, t1);
  const time = parseTime(timeText);
  if (!time) return null;
  const rest = text.slice(t1 + 1);
  const t2 = rest.indexOf('\t');
  if (t2 === -1) return { timeText, time, body: rest };
  return { timeText, time, sender: rest.slice(0, t2), body: rest.slice(t2 + 1) };
}

export interface SpaceLine {
  timeText: string;
  time: ClockTime;
  /** Everything after the time: `Sender Name text …`, to be split with the participant list. */
  rest: string;
  /** Offset of `rest` in the line. */
  restAt: number;
}

/** `21:46 佐藤太郎 Stickers`, `9:46 PM Erik Hornberger hi` (the newer header-less layout). */
export function parseSpaceLine(text: string): SpaceLine | null {
  const s1 = text.indexOf(' ');
  if (s1 < 1 || s1 > 16) return null;
  // Cheap rejection first: the first word must hold "d:dd".
  const colon = text.indexOf(':');
  if (colon < 1 || colon > s1 - 3) return null;
  let timeText = text.slice(0, s1);
  let restAt = s1 + 1;
  const c = text.charCodeAt(restAt);
  if (c === 0x41 || c === 0x61 || c === 0x50 || c === 0x70) {
    // A following AM/PM word belongs to the time.
    const s2 = text.indexOf(' ', restAt);
    const next = s2 === -1 ? text.slice(restAt) : text.slice(restAt, s2);
    if (/^[AaPp]\.?[Mm]\.?$/.test(next)) {
      timeText = text.slice(0, s2 === -1 ? text.length : s2);
      restAt = s2 === -1 ? text.length : s2 + 1;
    }
  }
  const time = parseTime(timeText);
  if (!time) return null;
  const rest = text.slice(restAt);
  const r0 = rest.charCodeAt(0);
  if (!(r0 > 0x20 && r0 < 0x7f) && !clean(rest)) return null;
  return { timeText, time, rest, restAt };
}

// ---------------------------------------------------------------- bodies

export interface CallInfo {
  direction: CallDirection;
  durationS?: number;
  media?: 'voice' | 'video';
  flags: string[];
}

export interface BodyClass {
  kind: MessageKind;
  attachment?: AttachmentRef;
  call?: CallInfo;
  flags?: string[];
}

const PLACEHOLDERS = new Map<string, string>();
function addPlaceholders(type: string, names: string[]): void {
  for (const n of names) PLACEHOLDERS.set(n, type);
}
addPlaceholders('photo', ['[Photo]', '[Photos]', '[写真]', '[照片]', '[相片]', '[圖片]', '[图片]', '[รูป]', '[รูปภาพ]', '[사진]', '[Foto]']);
addPlaceholders('sticker', ['[Sticker]', '[スタンプ]', '[貼圖]', '[贴图]', '[สติกเกอร์]', '[스티커]', '[Stiker]']);
addPlaceholders('video', ['[Video]', '[動画]', '[影片]', '[视频]', '[視頻]', '[วิดีโอ]', '[동영상]']);
addPlaceholders('file', ['[File]', '[ファイル]', '[檔案]', '[文件]', '[ไฟล์]', '[파일]']);
addPlaceholders('voice', ['[Voice message]', '[ボイスメッセージ]', '[語音訊息]', '[语音信息]', '[ข้อความเสียง]', '[음성메시지]', '[Pesan suara]']);
addPlaceholders('location', ['[Location]', '[位置情報]', '[位置]', '[位置資訊]', '[ตำแหน่ง]', '[ตำแหน่งที่ตั้ง]', '[위치정보]', '[Lokasi]']);
addPlaceholders('note', ['[Notes]', '[Note]', '[ノート]', '[記事本]', '[记事本]', '[โน้ต]', '[노트]']);
addPlaceholders('contact', ['[Contact]', '[連絡先]', '[聯絡資訊]', '[联系人]', '[ผู้ติดต่อ]', '[연락처]', '[Kontak]']);
addPlaceholders('gif', ['[GIF]']);
// The newer space-separated layout writes placeholders bare, in English even in Japanese files (ryouy samples).
const BARE_PLACEHOLDERS = new Map<string, string>([
  ['Photos', 'photo'],
  ['Photo', 'photo'],
  ['Stickers', 'sticker'],
  ['Sticker', 'sticker'],
  ['Videos', 'video'],
  ['Video', 'video'],
  ['Audio', 'voice'],
  ['Voice message', 'voice'],
  ['Files', 'file'],
  ['File', 'file'],
  ['Location', 'location'],
  ['Contacts', 'contact'],
  ['Contact', 'contact'],
  ['Notes', 'note'],
  ['GIF', 'gif'],
]);
const ALBUM = /^\[(?:Albums?|アルバム|相簿|相册|อัลบั้ม|앨범)\]/;

const DURATION = /(?:(\d{1,3}):)?(\d{1,2}):(\d{2})\s*$/;
const MISSED = /missed|不在着信|未接|부재중|ไม่ได้รับสาย|สายที่ไม่ได้รับ|tak terjawab/i;
const CANCELED = /cancel|キャンセル|取消|취소|ยกเลิก|dibatalkan/i;
const NO_ANSWER = /no answer|応答なし|無人接聽|无人接听|응답 ?없음|ไม่มีผู้รับสาย/i;
const DECLINED = /declined|拒否|拒絕|拒绝|거절|ปฏิเสธ/i;
const VIDEO_CALL = /video|ビデオ|視訊|视频|영상|วิดีโอ/i;
const BARE_CALLS = /^(?:Canceled|Cancelled|Missed call|No answer|Declined|Call time \d{1,3}:\d{2}(?::\d{2})?|Video call time \d{1,3}:\d{2}(?::\d{2})?)$/;

const UNSENT = /unsent a message\.?$|^Message unsent\.?$|メッセージの送信を取り消しました|送信を取り消しました|已收回訊息|收回了訊息|收回了一則訊息|撤回了一条消息|已撤回|ยกเลิกการส่งข้อความ|메시지를 취소했습니다|membatalkan pesan/;

function callFrom(c: string): CallInfo {
  const flags: string[] = [];
  const info: CallInfo = { direction: 'unknown', flags };
  if (VIDEO_CALL.test(c)) info.media = 'video';
  const dur = DURATION.exec(c);
  if (dur) {
    info.durationS = Number(dur[1] ?? 0) * 3600 + Number(dur[2]) * 60 + Number(dur[3]);
    flags.push('call-completed');
  } else if (MISSED.test(c)) {
    info.direction = 'missed';
    flags.push('call-missed');
  } else if (NO_ANSWER.test(c)) {
    info.direction = 'missed';
    flags.push('call-no-answer');
  } else if (DECLINED.test(c)) {
    info.direction = 'rejected';
    flags.push('call-declined');
  } else if (CANCELED.test(c)) {
    // Cancelled by the caller before it was answered: a missed call from the callee's side.
    info.direction = 'missed';
    flags.push('call-canceled');
  } else flags.push('call-unclassified');
  return info;
}

/**
 * What a one-line body means: a media placeholder, a call notice, an unsent notice, a system notice (no sender)
 * or plain text. Only exact, known wordings are read as structure; anything else stays text.
 */
export function classifyBody(body: string, hasSender: boolean, layout: 'tab' | 'space'): BodyClass {
  if (body.length > 300) return { kind: hasSender ? 'text' : 'system' };
  const c = clean(body);
  if (c.length === 0) return { kind: hasSender ? 'text' : 'system' };
  const ph = PLACEHOLDERS.get(c);
  if (ph) return { kind: 'media', attachment: { name: c, status: 'omitted' }, flags: [`media-${ph}`] };
  if (ALBUM.test(c)) return { kind: 'media', attachment: { name: c, status: 'omitted' }, flags: ['media-album'] };
  if (c.startsWith('☎')) return { kind: 'call', call: callFrom(c) };
  if (layout === 'space') {
    const bare = BARE_PLACEHOLDERS.get(c);
    if (bare) return { kind: 'media', attachment: { name: c, status: 'omitted' }, flags: [`media-${bare}`, 'placeholder-unbracketed'] };
    if (BARE_CALLS.test(c)) {
      const call = callFrom(c);
      return { kind: 'call', call, flags: ['placeholder-unbracketed'] };
    }
  }
  if (UNSENT.test(c)) return { kind: 'deleted' };
  return { kind: hasSender ? 'text' : 'system' };
}
