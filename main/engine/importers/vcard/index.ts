/**
 * vCard importer (2.1 / 3.0 / 4.0 `.vcf`, and jCard JSON): streams lines, unfolds them, joins
 * quoted-printable soft line breaks, decodes CHARSETs, hashes embedded photos as they stream past, and emits one
 * contact per card with the identifiers written together on it (FORMATS.md §4.6).
 */
import type { Readable } from 'node:stream';
import libqp from 'libqp';
import { ThreadlineError } from '../../errors';
import type { ContactRecord, ImportRecord, Provenance } from '../../model/records';
import { detectEncoding, readLines, type TextLine } from '../../text/lines';
import { Base64Hasher, type Base64Digest } from '../sms-backup/base64-hash';
import type { Importer, ImporterContext, SniffInput, SniffResult } from '../types';
import { buildCard } from './card';
import { JCARD_CAP, jcardRecords } from './jcard';
import { decodeCharset, isBase64, isQp, param, parseHead, type PropHead, type VProp } from './props';

export interface VcardTuning {
  /** Longest physical line kept (bytes); longer lines are cut and the card flagged. Default 16 MiB. */
  maxLineBytes?: number;
  /** Most raw characters kept per card. Default 8 Mi. */
  rawCap?: number;
  batch?: number;
}

const DEFAULT_MAX_LINE = 16 * 1024 * 1024;
const DEFAULT_RAW_CAP = 8 * 1024 * 1024;
/** A binary property whose lines hold more characters than this is elided from raw; shorter ones are kept verbatim. */
const BINARY_RAW_KEEP = 512;
const VALUE_CAP = 16 * 1024 * 1024;
const MAX_PROPS = 50_000;
const STRAY_RAW_CAP = 64 * 1024;

const METHOD =
  'Reads vCard files (versions 2.1, 3.0 and 4.0) line by line without loading them whole, and jCard (JSON) files up to 64 MiB. ' +
  'Folded lines (a line starting with a space or tab continues the previous one) are unfolded; quoted-printable values ' +
  '(vCard 2.1) are joined across their soft line breaks and decoded, then read in the CHARSET the property names ' +
  '(UTF-8 when none is named); backslash escapes (\\n, \\, and \\;) are undone. Each card (BEGIN:VCARD … END:VCARD) ' +
  'is one unit and becomes one contact record: its name is FN, or else the composed N; every TEL, EMAIL, IMPP, ' +
  'X-SOCIALPROFILE and messenger-handle property (X-SKYPE, X-JABBER, X-WHATSAPP, …) becomes an identifier exactly as ' +
  'written (a tel:/mailto: prefix removed), labelled with its TYPE parameters or its Apple group label ' +
  '(item1.X-ABLabel); a waid= parameter on TEL is also recorded as a WhatsApp user id. All other properties are kept as ' +
  'fields. Embedded PHOTO, LOGO, SOUND and KEY data is base64-decoded and SHA-256 hashed as it streams past and ' +
  'recorded as "sha256:<hash> (<n> bytes, <type>)"; the bytes are not kept. A card without END:VCARD (truncated) and ' +
  'text outside any card are rejected with their raw lines. The raw form of a contact is its lines exactly as ' +
  'written (line endings as \\n), except an embedded binary property whose lines exceed 512 characters, which is ' +
  'replaced by one line giving its length and hash.';

const LIMITS = [
  'Photos and other embedded files are hashed, not stored; photos given by URL are recorded as the URL and never fetched.',
  'A value labelled with a non-UTF-8 CHARSET but written as valid UTF-8 is read as UTF-8 and flagged charset-mismatch.',
  'Lines longer than 16 MiB are cut; the card is flagged line-truncated.',
  'Nested vCards (2.1 AGENT) are kept as the text of the AGENT field, not as separate contacts.',
];

// ---------------------------------------------------------------- sniff

function headText(head: Uint8Array): string {
  const { encoding, bomLength } = detectEncoding(head);
  let b = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 8192)).subarray(bomLength);
  if (encoding === 'utf-16le') return b.subarray(0, b.length & ~1).toString('utf16le');
  if (encoding === 'utf-16be') {
    b = Buffer.from(b.subarray(0, b.length & ~1));
    return b.swap16().toString('utf16le');
  }
  return b.toString('utf8');
}

export function sniffVcard(input: SniffInput): SniffResult | null {
  const s = headText(input.head).replace(/^[\uFEFF\s]+/, '');
  const member = input.zipMember !== undefined ? { member: input.zipMember } : {};
  const v = /[\r\n]VERSION:[ \t]*([0-9.]{1,5})/i.exec(s.slice(0, 4096));
  const layout = v ? `vcard-${v[1]}` : 'vcard';
  if (/^BEGIN:VCARD[ \t]*(\r\n|\n|\r|$)/i.test(s)) return { confidence: 0.95, layout, ...member };
  // A BEGIN:VCARD line a little further down (a preamble line first): likely, but other formats win ties.
  if (/(^|[\r\n])BEGIN:VCARD[ \t]*(\r\n|\n|\r)/i.test(s.slice(0, 4096))) return { confidence: 0.6, layout, ...member };
  if (/^\[\s*(\[\s*)?"vcard"\s*,/i.test(s)) return { confidence: 0.9, layout: 'jcard', ...member };
  return null;
}

// ---------------------------------------------------------------- line assembly

type RawEntry = string | TextLine;

/** Some exports end lines with CR CR LF: the extra CR is line-ending debris, not part of the line. */
function trimCr(l: TextLine): TextLine {
  const s = l.text;
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 13) n--;
  return n === s.length ? l : { ...l, text: s.slice(0, n) };
}

/** One property being assembled from its physical lines. */
class PropAsm {
  readonly first: TextLine;
  head: PropHead | undefined;
  text: string;
  mode: 'text' | 'qp' | 'b64';
  b64: Base64Hasher | undefined;
  mime: string | undefined;
  /** `data:…;base64,` before a 4.0 inline value (kept in the elided raw line). */
  dataPrefix = '';
  lines: TextLine[] = [];
  rawChars = 0;
  dropped = false;
  invalid = false;
  flags: string[] = [];

  constructor(l: TextLine) {
    this.first = l;
    this.text = l.text;
    this.head = parseHead(l.text);
    this.mode = 'text';
    if (this.head) {
      const value = l.text.slice(this.head.colon + 1);
      const data = /^data:([^,;]*)((?:;[^,;]*)*);base64,/i.exec(value);
      if (isBase64(this.head.params) || data) {
        this.mode = 'b64';
        this.b64 = new Base64Hasher();
        if (data?.[1]) this.mime = data[1];
        if (data) this.dataPrefix = data[0];
        this.b64.write(data ? value.slice(data[0].length) : value);
      } else if (isQp(this.head.params)) this.mode = 'qp';
    }
    this.note(l);
  }

  private note(l: TextLine): void {
    if (l.invalidBytes) this.invalid = true;
    if (l.truncatedFrom !== undefined && !this.flags.includes('line-truncated')) this.flags.push('line-truncated');
    if (this.mode === 'b64') {
      if (!this.dropped) {
        this.rawChars += l.text.length;
        if (this.rawChars > BINARY_RAW_KEEP) {
          this.dropped = true;
          this.lines = [];
        } else this.lines.push(l);
      }
    } else this.lines.push(l);
  }

  /** `=` at the end of a quoted-printable value: the next line continues it, unindented. */
  softBreak(): boolean {
    return this.mode === 'qp' && this.text.endsWith('=');
  }

  append(l: TextLine, how: 'fold' | 'qp' | 'b64'): void {
    if (this.mode === 'b64') this.b64!.write(how === 'fold' ? l.text.slice(1) : l.text);
    else if (this.text.length > VALUE_CAP) {
      if (!this.flags.includes('value-truncated')) this.flags.push('value-truncated');
    } else this.text += how === 'qp' ? `\r\n${l.text}` : l.text.slice(1);
    this.note(l);
  }

  /** The raw lines this property contributes to its card (binary values elided when long). */
  rawEntries(digest: Base64Digest | undefined): RawEntry[] {
    if (!this.dropped || !digest) return this.lines;
    const header = this.head ? this.first.text.slice(0, this.head.colon + 1) : '';
    return [`${header}${this.dataPrefix}[${digest.chars} base64 chars elided; sha256 ${digest.sha256} of the ${digest.size} decoded bytes]`];
  }

  finish(): { prop: VProp; raw: RawEntry[] } {
    const flags = this.flags;
    const head = this.head ?? parseHead(this.text);
    if (!head) {
      flags.push('unparsed-line');
      return { prop: { name: '(UNPARSED)', params: new Map(), value: this.text, escaped: false, line: this.first.line, flags }, raw: this.lines };
    }
    const prop: VProp = { name: head.name, params: head.params, value: '', escaped: true, line: this.first.line, flags };
    if (head.group !== undefined) prop.group = head.group;
    if (this.mode === 'b64') {
      const d = this.b64!.end();
      prop.binary = { ...d, ...(this.mime !== undefined ? { mime: this.mime } : {}) };
      return { prop, raw: this.rawEntries(d) };
    }
    const charset = param(head, 'CHARSET');
    // A single line with bytes that are not UTF-8: read the value from the bytes, in its CHARSET.
    const bytes = this.invalid && this.lines.length === 1 ? this.first.invalidBytes : undefined;
    let valueBytes: Buffer | undefined;
    if (bytes) {
      const latin = Buffer.from(bytes).toString('latin1');
      const h = parseHead(latin);
      if (h) valueBytes = Buffer.from(bytes).subarray(h.colon + 1);
    } else if (this.invalid) flags.push('invalid-utf8');
    const valueText = this.text.slice(head.colon + 1);
    if (this.mode === 'qp') {
      const decoded = libqp.decode(valueBytes ?? Buffer.from(valueText, 'utf8'));
      prop.value = decodeCharset(decoded, charset, flags);
      if (this.text.endsWith('=')) flags.push('qp-soft-break-at-end');
    } else if (valueBytes) {
      prop.value = decodeCharset(valueBytes, charset, flags);
    } else {
      prop.value = valueText;
      const cs = charset?.toLowerCase();
      if (cs !== undefined && cs !== 'utf-8' && cs !== 'utf8' && /[^\x00-\x7f]/.test(valueText)) flags.push('charset-mismatch');
    }
    return { prop, raw: this.lines };
  }
}

interface CardState {
  startLine: number;
  startOffset: number;
  props: VProp[];
  raw: RawEntry[];
  rawChars: number;
  rawDropped: number;
  flags: Set<string>;
  agent?: { depth: number; lines: string[]; prop: VProp };
}

const BEGIN_RE = /^BEGIN:VCARD[ \t]*$/i;
const END_RE = /^END:VCARD[ \t]*$/i;
// A first-character check spares the regex on the many ordinary property lines.
const BEGIN = { test: (t: string) => (t.charCodeAt(0) | 0x20) === 0x62 && BEGIN_RE.test(t) };
const END = { test: (t: string) => (t.charCodeAt(0) | 0x20) === 0x65 && END_RE.test(t) };
const B64_LINE = /^[A-Za-z0-9+/=]+$/;

class VcardReader {
  out: ImportRecord[] = [];
  seen = 0;
  parsed = 0;
  private card: CardState | undefined;
  private prop: PropAsm | undefined;
  private stray: TextLine[] = [];
  private strayChars = 0;
  private strayDropped = 0;
  private strayLast: TextLine | undefined;
  private readonly member: string | undefined;
  private readonly rawCap: number;

  constructor(member: string | undefined, rawCap: number) {
    this.member = member;
    this.rawCap = rawCap;
  }

  private prov(line: number, lineEnd: number, offset: number): Provenance {
    const p: Provenance = { line, offset };
    if (lineEnd > line) p.lineEnd = lineEnd;
    if (this.member !== undefined) p.member = this.member;
    return p;
  }

  private pushRaw(card: CardState, entries: RawEntry[]): void {
    for (const e of entries) {
      const n = typeof e === 'string' ? e.length : e.text.length;
      if (card.rawChars + n > this.rawCap) {
        card.rawDropped++;
        card.flags.add('raw-truncated');
        continue;
      }
      card.rawChars += n + 1;
      card.raw.push(e);
    }
  }

  line(l0: TextLine): void {
    const l = trimCr(l0);
    const t = l.text;
    const card = this.card;
    if (!card) {
      if (BEGIN.test(t)) {
        this.flushStray();
        this.card = { startLine: l.line, startOffset: l.offset, props: [], raw: [l], rawChars: t.length + 1, rawDropped: 0, flags: new Set() };
      } else if (t.trim() === '') this.flushStray();
      else {
        if (this.strayChars < STRAY_RAW_CAP) this.stray.push(l);
        else this.strayDropped++;
        this.strayLast = l;
        this.strayChars += t.length + 1;
      }
      return;
    }
    if (card.agent) {
      // Lines of a nested vCard (2.1 AGENT): part of this card's raw and of the AGENT value.
      this.pushRaw(card, [l]);
      if (BEGIN.test(t)) card.agent.depth++;
      else if (END.test(t)) card.agent.depth--;
      card.agent.lines.push(t);
      if (card.agent.depth === 0) {
        card.agent.prop.value = card.agent.lines.join('\n');
        card.agent.prop.escaped = false;
        card.agent = undefined;
      }
      return;
    }
    const p = this.prop;
    if (p) {
      if (p.softBreak() && !BEGIN.test(t) && !END.test(t)) return p.append(l, 'qp');
      if (t.length > 0 && (t[0] === ' ' || t[0] === '\t')) return p.append(l, 'fold');
      // 2.1 base64 may continue on unindented lines and ends at a blank line
      if (p.mode === 'b64' && t.length > 0 && !t.includes(':') && B64_LINE.test(t)) return p.append(l, 'b64');
      this.finishProp(card);
    }
    if (END.test(t)) {
      this.pushRaw(card, [l]);
      this.finishCard(card, l);
      return;
    }
    if (BEGIN.test(t)) {
      const last = card.props[card.props.length - 1];
      if (last && last.name === 'AGENT' && last.value.trim() === '') {
        this.pushRaw(card, [l]);
        card.agent = { depth: 1, lines: [t], prop: last };
        return;
      }
      // A new card starts inside this one: this one was cut off.
      this.rejectCard(card, 'card without END:VCARD (a new card begins inside it)', l.line - 1);
      this.card = { startLine: l.line, startOffset: l.offset, props: [], raw: [l], rawChars: t.length + 1, rawDropped: 0, flags: new Set() };
      return;
    }
    if (t.trim() === '') {
      this.pushRaw(card, [l]);
      return;
    }
    this.prop = new PropAsm(l);
  }

  private finishProp(card: CardState): void {
    const p = this.prop!;
    this.prop = undefined;
    const { prop, raw } = p.finish();
    this.pushRaw(card, raw);
    if (card.props.length < MAX_PROPS) card.props.push(prop);
    else card.flags.add('too-many-properties');
    if (prop.name === 'AGENT' && BEGIN.test(prop.value.trim())) card.agent = { depth: 1, lines: [prop.value.trim()], prop };
  }

  private rawOf(card: CardState): { raw: string; rawBytes?: Uint8Array } {
    const parts = card.raw.map((e) => (typeof e === 'string' ? e : e.text));
    if (card.rawDropped) parts.push(`[… ${card.rawDropped} more lines not kept: the card is longer than the raw cap]`);
    const raw = parts.join('\n');
    if (!card.raw.some((e) => typeof e !== 'string' && e.invalidBytes)) return { raw };
    const nl = Buffer.from('\n');
    const bufs: Buffer[] = [];
    card.raw.forEach((e, k) => {
      if (k) bufs.push(nl);
      bufs.push(typeof e === 'string' ? Buffer.from(e, 'utf8') : e.invalidBytes ? Buffer.from(e.invalidBytes) : Buffer.from(e.text, 'utf8'));
    });
    return { raw, rawBytes: new Uint8Array(Buffer.concat(bufs)) };
  }

  private finishCard(card: CardState, endLine: TextLine): void {
    this.card = undefined;
    this.seen++;
    this.parsed++;
    if (card.agent) card.flags.add('agent-unterminated');
    const c = buildCard(card.props);
    for (const f of card.flags) c.flags.push(f);
    const { raw, rawBytes } = this.rawOf(card);
    const rec: ContactRecord = {
      type: 'contact',
      ...(c.name !== undefined ? { name: c.name } : {}),
      identifiers: c.identifiers,
      fields: c.fields,
      ...(c.flags.length ? { flags: c.flags } : {}),
      prov: this.prov(card.startLine, endLine.line, card.startOffset),
      raw,
      ...(rawBytes ? { rawBytes } : {}),
    };
    this.out.push(rec);
  }

  private rejectCard(card: CardState, reason: string, lastLine: number): void {
    this.seen++;
    const { raw, rawBytes } = this.rawOf(card);
    this.out.push({ type: 'skip', outcome: 'rejected', count: 1, reason, prov: this.prov(card.startLine, lastLine, card.startOffset), raw: rawBytes ?? raw });
  }

  private flushStray(): void {
    if (this.stray.length === 0) return;
    const lines = this.stray;
    const dropped = this.strayDropped;
    const last = this.strayLast ?? lines[lines.length - 1]!;
    this.stray = [];
    this.strayChars = 0;
    this.strayDropped = 0;
    this.strayLast = undefined;
    this.seen++;
    const first = lines[0]!;
    this.out.push({
      type: 'skip',
      outcome: 'rejected',
      count: 1,
      reason: 'text outside BEGIN:VCARD … END:VCARD',
      prov: this.prov(first.line, last.line, first.offset),
      raw: lines.map((x) => x.text).join('\n') + (dropped ? `\n[… ${dropped} more lines not kept]` : ''),
    });
  }

  end(lastLine: number): void {
    const card = this.card;
    if (card) {
      if (this.prop) this.finishProp(card);
      this.card = undefined;
      this.rejectCard(card, 'card without END:VCARD (the file ends inside it)', lastLine);
    }
    this.flushStray();
  }
}

// ---------------------------------------------------------------- parse

async function readAll(stream: Readable, file: string): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > JCARD_CAP) {
      throw new ThreadlineError('LIMIT_EXCEEDED', 'The jCard file is larger than 64 MiB; jCard is read whole and this is refused.', {
        file,
        hint: 'Convert it to .vcf (text vCard), which is streamed, or split it.',
      });
    }
    chunks.push(c);
  }
  const b = Buffer.concat(chunks);
  const { encoding, bomLength } = detectEncoding(b);
  return encoding === 'utf-16le' ? b.subarray(bomLength).toString('utf16le') : b.subarray(bomLength).toString('utf8');
}

async function* parseVcard(ctx: ImporterContext, tuning: VcardTuning): AsyncGenerator<ImportRecord[]> {
  const file = ctx.file.name;
  let member: string | undefined;
  const open = async (): Promise<Readable> => {
    if (ctx.sniff.member === undefined) return ctx.file.open();
    const zip = await ctx.file.zip();
    const m = zip.members.find((x) => x.name === ctx.sniff.member);
    if (!m) throw new ThreadlineError('PARSE_ERROR', `The zip has no member "${ctx.sniff.member}".`, { file });
    member = m.name;
    return zip.open(m);
  };
  const stream = await open();
  try {
    if (ctx.sniff.layout === 'jcard') {
      const { records, seen, parsed } = jcardRecords(await readAll(stream, file), file, member);
      records.push({ type: 'fact', key: 'layout', value: 'jcard' }, { type: 'units', unit: 'card', seen, parsed });
      yield records;
      return;
    }
    const reader = new VcardReader(member, tuning.rawCap ?? DEFAULT_RAW_CAP);
    const batch = tuning.batch ?? 1024;
    let lastLine = 0;
    const versions = new Map<string, number>();
    for await (const lines of readLines(stream, { maxLineBytes: tuning.maxLineBytes ?? DEFAULT_MAX_LINE, ...(ctx.options.encoding ? { encoding: ctx.options.encoding } : {}) })) {
      if (ctx.signal.aborted) throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled.', { file });
      for (const l of lines) {
        reader.line(l);
        lastLine = l.line;
      }
      if (reader.out.length >= batch) {
        for (const r of reader.out) if (r.type === 'contact') countVersion(r, versions);
        yield reader.out;
        reader.out = [];
      }
    }
    reader.end(lastLine);
    const out = reader.out;
    for (const r of out) if (r.type === 'contact') countVersion(r, versions);
    out.push({ type: 'fact', key: 'vcard-versions', value: Object.fromEntries(versions) });
    out.push({ type: 'units', unit: 'card', seen: reader.seen, parsed: reader.parsed });
    yield out;
  } finally {
    stream.destroy();
  }
}

function countVersion(r: ContactRecord, versions: Map<string, number>): void {
  const v = r.fields.find((f) => f.name === 'VERSION')?.value.trim() ?? 'none';
  versions.set(v, (versions.get(v) ?? 0) + 1);
}

export function createVcardImporter(tuning: VcardTuning = {}): Importer {
  return {
    id: 'vcard',
    version: '1.0.0',
    label: 'vCard contacts (.vcf 2.1/3.0/4.0, jCard)',
    method: METHOD,
    limits: LIMITS,
    unit: 'card',
    sniff: sniffVcard,
    parse: (ctx) => parseVcard(ctx, tuning),
  };
}

export const vcardImporter = createVcardImporter();
