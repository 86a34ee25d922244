/**
 * Drives the SMS Backup & Restore pipeline (bytes → text → prepass → character repair → saxes) and turns
 * parser events into element trees for the record builder. Handlers run once per start and end tag (not per
 * attribute), and each record's raw form is cut from the text the parser read, so the hot path stays lean.
 */
import { randomBytes } from 'node:crypto';
import { SaxesParser, type XMLDecl } from 'saxes';
import { ThreadlineError } from '../../errors';
import type { FactRecord, ImportRecord } from '../../model/records';
import { detach, elided, escAttr, serialise, SmsBackupRecords, type XEl } from './build';
import { CharRepair, type CharMark } from './charrefs';
import type { XmlTextDecoder } from './decode';
import { XmlPrepass, type Extraction, type StrayText, type TagStart } from './prepass';

export interface WalkerTuning {
  attrCap: number;
  markupCap: number;
}

/** Most child elements kept in one message's tree and raw form. */
const MAX_NODES = 10_000;

export class Walker {
  readonly pre: XmlPrepass;
  readonly rep = new CharRepair();
  readonly parser = new SaxesParser({ position: true });
  readonly rec: SmsBackupRecords;
  private readonly file: string;
  private readonly dec: XmlTextDecoder;
  private depth = 0;
  private root: string | undefined;
  private declaredCount: string | undefined;
  private unit: XEl | undefined;
  private stack: XEl[] = [];
  private unitFlags = new Set<string>();
  private readonly counts = new Map<string, number>();
  private unitNodes = 0;
  private strayOutside = 0;
  /** The XML declaration (saxes resets its copy when parsing ends). */
  private xmlDecl: XMLDecl | undefined;
  /** Text handed to the parser, kept from the start of the current element, to cut each record's raw form from. */
  private win: { start: number; text: string }[] = [];
  private winEnd = 0;
  /** Where the current top-level element starts in the parser's text. */
  private unitStart = -1;
  private unitExts: Extraction[] = [];
  private sinceCompact = 0;

  constructor(file: string, dec: XmlTextDecoder, tuning: WalkerTuning, member: string | undefined, owner: string | undefined) {
    this.file = file;
    this.dec = dec;
    this.pre = new XmlPrepass({
      file,
      attrCap: tuning.attrCap,
      markupCap: tuning.markupCap,
      startByte: dec.bomLength,
      dataTag: 'part',
      dataAttr: 'data',
      // Unguessable per run, so a value written in the file can never pass for a lifted one.
      tokenPrefix: `#tl${randomBytes(6).toString('hex')}:`,
    });
    this.rec = new SmsBackupRecords({ ...(member !== undefined ? { member } : {}), ...(owner ? { owner } : {}) });
    const p = this.parser;
    p.on('error', (err) => {
      throw this.parseError(err);
    });
    // Only three handlers: every handler saxes is given becomes a property added to the parser object, and
    // past a few of them V8 turns the object into a slow dictionary and the whole parser runs 3-4x slower.
    // Comments, CDATA, processing instructions and DTDs are seen by the prepass instead.
    p.on('opentag', (tag) => this.onOpenTag(tag.name, tag.attributes as Record<string, string>, tag.isSelfClosing));
    p.on('closetag', (tag) => this.onCloseTag(tag.isSelfClosing));
  }

  feed(text: string, exactChars: number): void {
    this.pass(this.pre.write(text, exactChars), false);
  }

  finish(): ImportRecord[] {
    this.pass(this.pre.end(), true);
    this.parser.close();
    const facts: FactRecord[] = [];
    const fact = (key: string, value: FactRecord['value']) => facts.push({ type: 'fact', key, value });
    fact('text-encoding', this.dec.encoding);
    const d = this.xmlDecl;
    if (d?.version !== undefined) fact('xml-declaration', { version: d.version, encoding: d.encoding ?? null, standalone: d.standalone ?? null });
    if (this.pre.stylesheet !== undefined) fact('xml-stylesheet', this.pre.stylesheet);
    fact('element-count', this.rec.seen);
    if (this.declaredCount !== undefined) {
      fact('declared-count', this.declaredCount);
      fact('count-mismatch', this.declaredCount !== String(this.rec.seen));
    }
    fact('char-ref-repairs', { surrogatePairsCombined: this.rep.pairs, loneSurrogates: this.rep.lone, forbiddenCharacters: this.rep.controls });
    if (this.dec.invalidSequences > 0) fact('invalid-utf8-sequences', this.dec.invalidSequences);
    if (this.root === 'smses') {
      fact('mms-attachments', { stored: this.rec.attachments, bytes: this.rec.attachmentBytes, invalidBase64: this.rec.invalidAttachments, smilPartsSkipped: this.rec.smilParts });
    }
    if (this.pre.comments) fact('xml-comments', this.pre.comments);
    if (this.pre.otherPis) fact('processing-instructions', this.pre.otherPis);
    if (this.strayOutside) fact('text-between-elements', this.strayOutside);
    const out = this.take();
    out.push(...facts, { type: 'units', unit: 'element', seen: this.rec.seen, parsed: this.rec.parsed });
    return out;
  }

  take(): ImportRecord[] {
    const out = this.rec.out;
    this.rec.out = [];
    return out;
  }

  // ------------------------------------------------------------ stream plumbing

  private pass(a: string, final: boolean): void {
    this.trimWindow();
    if (a) {
      this.win.push({ start: this.winEnd, text: a });
      this.winEnd += a.length;
    }
    const b = final ? this.rep.write(a) + this.rep.end() : this.rep.write(a);
    if (b) this.parser.write(b);
  }

  /** Drop window text that no record can still need. */
  private trimWindow(): void {
    let keep = this.parser.position;
    const next = this.pre.tagStarts[this.pre.tagHead];
    if (next && next.fPos < keep) keep = next.fPos;
    if (this.unitStart >= 0 && this.unitStart < keep) keep = this.unitStart;
    const w = this.win;
    let n = 0;
    while (n < w.length && w[n]!.start + w[n]!.text.length <= keep) n++;
    if (n) w.splice(0, n);
  }

  /** The parser's text from `from` to `to`, when the window still holds it. */
  private sliceF(from: number, to: number): string | undefined {
    const parts: string[] = [];
    let covered = from;
    for (const e of this.win) {
      const end = e.start + e.text.length;
      if (end <= from) continue;
      if (e.start >= to) break;
      if (e.start > covered) return undefined;
      parts.push(e.text.slice(Math.max(0, from - e.start), Math.min(e.text.length, to - e.start)));
      covered = Math.min(end, to);
    }
    if (covered < to) return undefined;
    return parts.length === 1 ? parts[0]! : parts.join('');
  }

  /** The element's source text, with lifted values (tokens) replaced by their elided form. */
  private sourceRaw(el: XEl, end: number): string | undefined {
    if (this.unitStart < 0) return undefined;
    const text = this.sliceF(this.unitStart, end);
    if (text === undefined || !text.startsWith(`<${el.name}`)) return undefined;
    if (this.unitExts.length === 0) return detach(text);
    const exts = this.unitExts.slice().sort((x, y) => x.fPos - y.fPos);
    let out = '';
    let at = 0;
    for (const e of exts) {
      const off = e.fPos - this.unitStart;
      const token = this.pre.token(e);
      if (off < at || !text.startsWith(token, off)) return undefined;
      out += text.slice(at, off) + elided(e);
      at = off + token.length;
    }
    return out + text.slice(at);
  }

  private compact(): void {
    const pre = this.pre;
    const rep = this.rep;
    if (pre.tagHead > 4096) {
      pre.tagStarts.splice(0, pre.tagHead);
      pre.tagHead = 0;
    }
    if (pre.endHead > 4096) {
      pre.endTags.splice(0, pre.endHead);
      pre.endHead = 0;
    }
    if (pre.strayHead > 1024) {
      pre.stray.splice(0, pre.strayHead);
      pre.strayHead = 0;
    }
    if (rep.markHead > 4096) {
      rep.marks.splice(0, rep.markHead);
      rep.markHead = 0;
    }
    if (rep.pairHead > 4096) {
      rep.pairAt.splice(0, rep.pairHead);
      rep.pairHead = 0;
    }
  }

  private parseError(err: Error): ThreadlineError {
    const msg = err.message.replace(/^\d+:\d+: /, '');
    // Lifted values may have held line breaks the parser never saw; add them back (exact unless they follow the error).
    const line = this.parser.line + this.pre.removedNewlines;
    const read = this.rec.seen;
    return new ThreadlineError('PARSE_ERROR', `The XML is not well-formed at line ${line}, column ${this.parser.column}: ${msg}`, {
      file: this.file,
      line,
      hint:
        `The backup is damaged or truncated there (an interrupted backup or copy, or an edited file). ${read} element(s) before that point read without problems, ` +
        'but an import is all-or-nothing, so nothing was imported. Re-export the backup or re-acquire the file; keep this copy as evidence and note the damage.',
    });
  }

  // ------------------------------------------------------------ events

  private top(): XEl {
    return this.stack[this.stack.length - 1]!;
  }

  /** Marks, combined pairs and stray text before `pos` (text and comments, not attribute values). */
  private drain(pos: number): void {
    if (++this.sinceCompact >= 1024) {
      this.sinceCompact = 0;
      this.compact();
    }
    const rep = this.rep;
    while (rep.markHead < rep.marks.length && rep.marks[rep.markHead]!.pos < pos) {
      const m = rep.marks[rep.markHead++]!;
      // Outside a message the text they were in is reported on its own.
      if (m.flag && this.unit) this.unitFlags.add(m.flag);
    }
    while (rep.pairHead < rep.pairAt.length && rep.pairAt[rep.pairHead]! < pos) {
      rep.pairHead++;
      if (this.unit) this.unitFlags.add('surrogate-pair-ref');
    }
    const stray = this.pre.stray;
    while (this.pre.strayHead < stray.length && stray[this.pre.strayHead]!.fPos < pos) {
      const st = stray[this.pre.strayHead++]!;
      this.textNode(st, st.cdata === true);
    }
  }

  /** Text (or CDATA) where SMS Backup & Restore writes none. */
  private textNode(st: StrayText, cdata: boolean): void {
    const text = st.sample + (st.chars > st.sample.length ? `[… ${st.chars} chars in all]` : '');
    if (this.unit) {
      if (this.unitNodes < MAX_NODES) this.top().children.push({ kind: cdata ? 'cdata' : 'text', text });
      this.unitNodes++;
      this.unitFlags.add('unexpected-text');
      return;
    }
    if (!this.root) return; // before the root the XML parser reports it as an error
    this.strayOutside++;
    this.rec.out.push({
      type: 'skip',
      outcome: 'rejected',
      count: 0,
      reason: 'text between elements (belongs to no message or call)',
      prov: { path: `/${this.root}/text()` },
      raw: cdata ? `<![CDATA[${text}]]>` : text,
    });
  }

  private onOpenTag(name: string, attrs: Record<string, string>, selfClosing: boolean): void {
    const end = this.parser.position;
    // The k-th start tag the prepass saw is the k-th the parser reports.
    const pre = this.pre;
    let ts: TagStart | undefined = pre.tagStarts[pre.tagHead];
    if (ts && ts.fPos < end) pre.tagHead++;
    else ts = undefined;
    const start = ts ? ts.fPos : -1;
    this.drain(start >= 0 ? start : end);
    const flags = new Set<string>();
    const exts = this.attributeExtras(attrs, start, end, flags);
    const line = ts?.line ?? this.parser.line + pre.removedNewlines;
    if (this.depth === 0) {
      this.xmlDecl = { ...this.parser.xmlDecl };
      this.openRoot(name, attrs, exts?.exts);
      this.depth++;
      return;
    }
    const el: XEl = { kind: 'el', name, attrs, children: [], selfClosing, path: '', line, endLine: selfClosing ? (ts?.endLine ?? line) : line };
    if (exts?.exts) el.exts = exts.exts;
    if (exts?.rawValues) el.rawValues = exts.rawValues;
    if (ts?.byteOffset !== undefined) el.offset = ts.byteOffset;
    if (this.depth === 1) {
      const n = (this.counts.get(name) ?? 0) + 1;
      this.counts.set(name, n);
      el.path = `/${this.root}/${name}[${n}]`;
      this.unit = el;
      this.stack = [el];
      this.unitFlags = flags;
      this.unitNodes = 1;
      this.unitStart = start;
      this.unitExts = exts?.exts ? [...exts.exts.values()] : [];
    } else if (this.unit) {
      const parent = this.top();
      parent.counts ??= new Map();
      const n = (parent.counts.get(name) ?? 0) + 1;
      parent.counts.set(name, n);
      el.path = `${parent.path}/${name}[${n}]`;
      if (this.unitNodes < MAX_NODES) parent.children.push(el);
      else this.unitFlags.add('too-many-children');
      this.unitNodes++;
      for (const f of flags) this.unitFlags.add(f);
      if (exts?.exts) for (const e of exts.exts.values()) this.unitExts.push(e);
      this.stack.push(el);
    }
    this.depth++;
  }

  /**
   * What the stream stages did inside this start tag: lifted values (matched by their per-run token and
   * position), repaired characters (put back into the values, in order), combined surrogate pairs.
   */
  private attributeExtras(attrs: Record<string, string>, start: number, end: number, flags: Set<string>): { exts?: Map<string, Extraction>; rawValues?: Map<string, string> } | undefined {
    const rep = this.rep;
    const pre = this.pre;
    let result: { exts?: Map<string, Extraction>; rawValues?: Map<string, string> } | undefined;
    if (pre.extractions.size > 0) {
      const prefix = pre.tokenPrefix;
      for (const name in attrs) {
        const v = attrs[name]!;
        if (!v.startsWith(prefix)) continue;
        const id = Number(v.slice(prefix.length));
        const e = pre.extractions.get(id);
        if (!e || e.fPos < start || e.fPos >= end) continue;
        pre.extractions.delete(id);
        result ??= {};
        (result.exts ??= new Map()).set(name, e);
      }
    }
    if (rep.pairHead < rep.pairAt.length && rep.pairAt[rep.pairHead]! < end) {
      while (rep.pairHead < rep.pairAt.length && rep.pairAt[rep.pairHead]! < end) rep.pairHead++;
      flags.add('surrogate-pair-ref');
    }
    if (rep.markHead < rep.marks.length && rep.marks[rep.markHead]!.pos < end) {
      const mine: CharMark[] = [];
      while (rep.markHead < rep.marks.length && rep.marks[rep.markHead]!.pos < end) mine.push(rep.marks[rep.markHead++]!);
      result ??= {};
      result.rawValues = this.restore(attrs, mine, flags);
    }
    return result;
  }

  /**
   * Put back the characters the repair stage stood in for. Stand-ins (U+FFFD, tab) appear in the attribute
   * values in the same order as their marks; each value gets its real characters and a raw form showing
   * what was written. Returns the raw forms of the values that changed.
   */
  private restore(attrs: Record<string, string>, marks: CharMark[], flags: Set<string>): Map<string, string> {
    const fffd = marks.filter((m) => m.kind === 'fffd');
    const tabs = marks.filter((m) => m.kind === 'tab');
    for (const m of marks) if (m.flag) flags.add(m.flag);
    let fi = 0;
    let ti = 0;
    const rawValues = new Map<string, string>();
    const re = /[\uFFFD\t]/g;
    for (const name in attrs) {
      const v = attrs[name]!;
      re.lastIndex = 0;
      if (!re.test(v)) continue;
      re.lastIndex = 0;
      let value = '';
      let raw = '';
      let last = 0;
      for (let m = re.exec(v); m; m = re.exec(v)) {
        const mark = m[0] === '\t' ? tabs[ti++] : fffd[fi++];
        if (!mark) {
          flags.add('repair-unaligned');
          return rawValues;
        }
        const between = v.slice(last, m.index);
        value += between + (mark.restore ?? m[0]);
        raw += escAttr(between) + (mark.orig === null ? escAttr(m[0]) : mark.orig.startsWith('&#') ? mark.orig : `&#${mark.orig.codePointAt(0)};`);
        last = m.index + 1;
        if (mark.orig === null && mark.kind === 'fffd' && this.dec.invalidSequences > 0) flags.add('invalid-utf8');
      }
      attrs[name] = value + v.slice(last);
      rawValues.set(name, raw + escAttr(v.slice(last)));
    }
    if (fi !== fffd.length || ti !== tabs.length) flags.add('repair-unaligned');
    return rawValues;
  }

  private onCloseTag(selfClosing: boolean): void {
    const end = this.parser.position;
    // text before this end tag belongs to the element it closes
    this.drain(end);
    this.depth--;
    const endLine = selfClosing ? undefined : this.pre.endTags[this.pre.endHead++];
    if (this.depth === 0) return;
    const el = this.stack.pop();
    if (el && endLine !== undefined) el.endLine = endLine;
    if (this.depth === 1 && this.unit) {
      const raw = this.sourceRaw(this.unit, end) ?? serialise(this.unit);
      this.rec.unit(this.unit, this.unitFlags, raw);
      this.unit = undefined;
      this.stack = [];
      this.unitStart = -1;
      this.unitExts = [];
    }
  }

  private openRoot(name: string, attrs: Record<string, string>, exts: Map<string, Extraction> | undefined): void {
    if (name !== 'smses' && name !== 'calls') {
      throw new ThreadlineError('FORMAT_MISMATCH', `The XML's root element is <${name.slice(0, 40)}>, not <smses> or <calls>: this is not an SMS Backup & Restore backup.`, {
        file: this.file,
        hint: 'Import it with the importer for the program that wrote it, or --format auto.',
      });
    }
    this.root = name;
    const get = (k: string) => (exts?.has(k) ? undefined : attrs[k]);
    this.declaredCount = get('count');
    const facts: FactRecord[] = [{ type: 'fact', key: 'root-element', value: name }];
    const set = get('backup_set');
    if (set !== undefined) facts.push({ type: 'fact', key: 'backup-set', value: set });
    const date = get('backup_date');
    if (date !== undefined) {
      const utc = /^\d{1,15}$/.test(date) ? new Date(Number(date)).toISOString() : null;
      facts.push({ type: 'fact', key: 'backup-date', value: { raw: date, utc } });
    }
    const type = get('type');
    if (type !== undefined) facts.push({ type: 'fact', key: 'backup-type', value: type });
    const other: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    let n = 0;
    for (const k in attrs) {
      if (k === 'count' || k === 'backup_set' || k === 'backup_date' || k === 'type') continue;
      other[k] = get(k) ?? null;
      n++;
    }
    if (n) facts.push({ type: 'fact', key: 'root-attributes', value: other });
    this.rec.out.push(...facts);
    this.rec.owner(name === 'calls' ? 'phone' : 'sms');
  }
}
