/**
 * A light tokenizer that runs over the decoded XML text before saxes sees it. It
 *  - refuses DTDs (`<!DOCTYPE`, `<!ENTITY` …) before any of their text is buffered (billion laughs, XXE);
 *  - lifts every MMS `<part data="…">` value out of the stream and decodes + hashes it as it streams past, so
 *    base64 media (the bulk of a multi-GB backup) never becomes a string in the XML parser;
 *  - elides any other attribute value longer than a cap (hashed), and refuses over-long comments and names,
 *    so one hostile value cannot exhaust memory;
 *  - records the line and byte offset of every start tag, the line of every end tag, comments, processing
 *    instructions, CDATA and any non-whitespace text between elements (so saxes needs no handlers for them).
 * Lifted values are replaced by a short token (a per-run random prefix and a number); the importer matches
 * each token to its extraction by prefix and stream position, so nothing written in the file can pass for one.
 */
import { ThreadlineError } from '../../errors';
import { Base64Hasher, TextHasher, type Base64Digest } from './base64-hash';

export interface TagStart {
  /** Position of the `<` in the text handed to saxes. */
  fPos: number;
  /** 1-based line of the `<` in the source. */
  line: number;
  /** 1-based line of the tag's closing `>` (set once it is read). */
  endLine?: number;
  /** Byte offset in the source, when the decoding is exact up to here. */
  byteOffset?: number;
}

export interface Extraction {
  id: number;
  tag: string;
  attr: string;
  /** Position of the token in the text handed to saxes. */
  fPos: number;
  /** `base64` = MMS part data (decoded and hashed); `long` = a value over the cap (text hashed). */
  kind: 'base64' | 'long';
  digest?: Base64Digest;
  long?: { chars: number; head: string; sha256: string };
}

export interface StrayText {
  fPos: number;
  /** A CDATA section rather than plain text. */
  cdata?: boolean;
  /** The start of the text as written (at most STRAY_SAMPLE characters). */
  sample: string;
  chars: number;
}

const STRAY_SAMPLE = 4096;
const NAME_CAP = 64 * 1024;

const enum S {
  Text,
  Markup,
  Comment,
  Pi,
  Cdata,
  EndTag,
  TagName,
  Tag,
  Quote,
  Extract,
  Long,
}

const TAG_DELIM = /["'>]/g;
// the attribute name before `=` and an opening quote
const ATTR_NAME = /([^\s=/]+)\s*=\s*$/;
const NON_WS = /[^ \t\r\n]/g;

/** Indices of line breaks (the LF of CRLF, a lone LF, a lone CR) in s. */
function lineBreaks(s: string, final: boolean): number[] {
  const out: number[] = [];
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) out.push(i);
  if (s.includes('\r')) {
    // A CR that ends the text may be the first half of a CRLF: it is decided by the next write.
    const last = final ? s.length : s.length - 1;
    for (let i = s.indexOf('\r'); i !== -1 && i < last; i = s.indexOf('\r', i + 1)) if (s.charCodeAt(i + 1) !== 10) out.push(i);
    out.sort((a, b) => a - b);
  }
  return out;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  // Lone CRs are line breaks for the XML parser too.
  if (s.includes('\r')) for (let i = s.indexOf('\r'); i !== -1; i = s.indexOf('\r', i + 1)) if (s.charCodeAt(i + 1) !== 10) n++;
  return n;
}

export interface PrepassOptions {
  file: string;
  /** Longest attribute value (characters) passed to the XML parser; longer values are hashed and elided. */
  attrCap: number;
  /** Longest comment / processing instruction / CDATA section accepted. */
  markupCap: number;
  /** Byte offset of the first character (the BOM length). */
  startByte: number;
  /** The attribute lifted out and base64-decoded (`data` of `<part>`). */
  dataTag: string;
  dataAttr: string;
  /** Start of the tokens that replace lifted values (unguessable per run). */
  tokenPrefix: string;
}

export class XmlPrepass {
  /** Start tags in document order, consumed by the importer as saxes reports them. */
  readonly tagStarts: TagStart[] = [];
  tagHead = 0;
  /** Lines of end tags (`</mms>`) in document order. */
  readonly endTags: number[] = [];
  endHead = 0;
  readonly extractions = new Map<number, Extraction>();
  readonly stray: StrayText[] = [];
  strayHead = 0;
  /** Line breaks inside lifted values, which the XML parser never sees (for error line numbers). */
  removedNewlines = 0;
  /** Characters handed on so far. */
  outPos = 0;
  /** Comments seen (SMS Backup & Restore writes none). */
  comments = 0;
  /** The body of the first `<?xml-stylesheet …?>`, and how many other processing instructions there were. */
  stylesheet: string | undefined;
  otherPis = 0;

  private readonly o: PrepassOptions;
  private state = S.Text;
  private carry = '';
  private byteBase: number;
  private lineBase = 1;
  private pendingCr = false;
  private openTag: TagStart | undefined;
  private byteExact = true;
  private nextId = 1;
  // current markup
  private tagName = '';
  private nameAcc = '';
  private tagGap = 0;
  private attrName = '';
  private quote = '';
  private runLen = 0;
  private held: string[] = [];
  private b64: Base64Hasher | undefined;
  private text: TextHasher | undefined;
  private current: Extraction | undefined;
  private sawRoot = false;
  private piText = '';
  private cdata: StrayText | undefined;

  constructor(o: PrepassOptions) {
    this.o = o;
    this.byteBase = o.startByte;
  }

  /**
   * Process decoded text; returns the text for the XML parser. `exactChars`: how many leading characters of
   * `chunk` still map 1:1 to their bytes (so UTF-8 lengths are byte offsets up to there).
   */
  write(chunk: string, exactChars: number, final = false): string {
    const carryLen = this.carry.length;
    const buf = this.carry + chunk;
    this.carry = '';
    if (this.pendingCr && buf.length > 0) {
      if (buf.charCodeAt(0) !== 10) this.lineBase++;
      this.pendingCr = false;
    }
    const out: string[] = [];
    let outLen = this.outPos;
    let emitFrom = 0;
    let i = 0;
    let markStart = 0;
    // byte cursor: byte offset of buf[ci]
    let ci = 0;
    let cb = this.byteBase;
    const byteAt = (idx: number): number => {
      if (idx >= ci) cb += Buffer.byteLength(buf.slice(ci, idx), 'utf8');
      else cb -= Buffer.byteLength(buf.slice(idx, ci), 'utf8');
      ci = idx;
      return cb;
    };
    const emit = (s: string) => {
      if (s.length) {
        out.push(s);
        outLen += s.length;
      }
    };
    const fposOf = (idx: number) => outLen + (idx - emitFrom);
    // line cursor: positions of line breaks in buf, found once per write (LF, CRLF and lone CR count once each)
    const breaks = lineBreaks(buf, final);
    let bi = 0;
    const lineAt = (idx: number): number => {
      while (bi < breaks.length && breaks[bi]! < idx) bi++;
      return this.lineBase + bi;
    };
    const exactEnd = this.byteExact ? carryLen + exactChars : -1; // byte offsets are exact before buf[exactEnd]
    let stopAt = -1; // carry buf[stopAt..] to the next write
    let vStart = 0; // where the current attribute value starts in buf (0 when it began in an earlier write)

    loop: while (i < buf.length) {
      switch (this.state) {
        case S.Text: {
          const j = buf.indexOf('<', i);
          const end = j === -1 ? buf.length : j;
          if (end > i) {
            NON_WS.lastIndex = i;
            const m = NON_WS.exec(buf);
            if (m && m.index < end) this.noteStray(fposOf(m.index), buf, m.index, end);
          }
          if (j === -1) {
            i = buf.length;
            break;
          }
          markStart = j;
          i = j;
          this.state = S.Markup;
          break;
        }
        case S.Markup: {
          const avail = buf.length - markStart;
          if (avail < 9 && !final) {
            stopAt = markStart;
            break loop;
          }
          const c1 = buf.charCodeAt(markStart + 1);
          if (c1 === 0x21 /* ! */) {
            if (buf.startsWith('<!--', markStart)) {
              this.state = S.Comment;
              this.comments++;
              i = markStart + 4;
              this.runLen = 0;
            } else if (buf.startsWith('<![CDATA[', markStart)) {
              this.state = S.Cdata;
              this.cdata = { fPos: fposOf(markStart), sample: '', chars: 0, cdata: true };
              this.stray.push(this.cdata);
              i = markStart + 9;
              this.runLen = 0;
            } else {
              throw this.dtdError(buf.slice(markStart, markStart + 12));
            }
          } else if (c1 === 0x3f /* ? */) {
            this.state = S.Pi;
            this.piText = '';
            i = markStart + 2;
            this.runLen = 0;
          } else if (c1 === 0x2f /* / */) {
            this.state = S.EndTag;
            i = markStart + 2;
            this.runLen = 0;
          } else {
            this.state = S.TagName;
            i = markStart + 1;
          }
          break;
        }
        case S.TagName: {
          let k = i;
          while (k < buf.length) {
            const c = buf.charCodeAt(k);
            if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) break;
            k++;
          }
          if (k - markStart > NAME_CAP) throw this.limitError('an element name is longer than 64 KiB');
          if (k === buf.length && !final) {
            stopAt = markStart;
            break loop;
          }
          this.tagName = buf.slice(markStart + 1, k);
          const ts: TagStart = { fPos: fposOf(markStart), line: lineAt(markStart) };
          this.openTag = ts;
          if (markStart < exactEnd) ts.byteOffset = byteAt(markStart);
          this.tagStarts.push(ts);
          this.sawRoot = true;
          this.state = S.Tag;
          this.nameAcc = '';
          this.attrName = '';
          this.tagGap = 0;
          i = k;
          break;
        }
        case S.Tag: {
          // Only the data tag needs attribute names; elsewhere values are skipped quote to quote.
          const named = this.tagName === this.o.dataTag;
          for (;;) {
            TAG_DELIM.lastIndex = i;
            const m = TAG_DELIM.exec(buf);
            if (!m) {
              this.tagGap += buf.length - i;
              if (named) this.nameAcc += buf.slice(i);
              if (this.tagGap > NAME_CAP) throw this.limitError(`the start tag <${this.tagName.slice(0, 40)}> holds more than 64 KiB of attribute names`);
              i = buf.length;
              break;
            }
            const k = m.index;
            this.tagGap = 0;
            if (m[0] === '>') {
              if (this.openTag) this.openTag.endLine = lineAt(k);
              this.openTag = undefined;
              this.nameAcc = '';
              this.state = S.Text;
              i = k + 1;
              break;
            }
            let isData = false;
            if (named) {
              this.attrName = ATTR_NAME.exec(this.nameAcc + buf.slice(i, k))?.[1] ?? '';
              this.nameAcc = '';
              isData = this.attrName === this.o.dataAttr;
            }
            this.quote = m[0];
            i = k + 1;
            if (isData) {
              emit(buf.slice(emitFrom, i));
              emitFrom = i;
              this.startExtraction('base64', fposOf(i));
              emit(this.token(this.current!));
              this.state = S.Extract;
              break;
            }
            const close = buf.indexOf(this.quote, i);
            if (close !== -1 && close - i <= this.o.attrCap) {
              i = close + 1;
              continue;
            }
            // Unterminated in this chunk, or too long: the Quote state holds it back or lifts it out.
            if (!named) this.attrName = '';
            vStart = i;
            this.runLen = 0;
            this.state = S.Quote;
            break;
          }
          break;
        }
        case S.Quote: {
          const k = buf.indexOf(this.quote, i);
          const end = k === -1 ? buf.length : k;
          this.runLen += end - i;
          if (this.runLen > this.o.attrCap) {
            // Too long to hand to the parser: hash what was held and what follows, and pass a token instead.
            emit(buf.slice(emitFrom, vStart));
            emitFrom = vStart;
            this.startExtraction('long', fposOf(vStart));
            const t = this.text!;
            for (const h of this.held) {
              t.write(h);
              this.removedNewlines += countNewlines(h);
            }
            this.held = [];
            const piece = buf.slice(vStart, end);
            t.write(piece);
            this.removedNewlines += countNewlines(piece);
            emit(this.token(this.current!));
            emitFrom = end;
            i = end;
            this.state = S.Long;
            break;
          }
          if (k === -1) {
            // Hold the value back until it ends or proves too long.
            emit(buf.slice(emitFrom, vStart));
            this.held.push(buf.slice(vStart));
            emitFrom = buf.length;
            i = buf.length;
            break;
          }
          for (const h of this.held) emit(h);
          this.held = [];
          i = k + 1;
          this.state = S.Tag;
          break;
        }
        case S.Extract:
        case S.Long: {
          const k = buf.indexOf(this.quote, i);
          const end = k === -1 ? buf.length : k;
          const piece = buf.slice(i, end);
          if (this.state === S.Extract) this.b64!.write(piece);
          else this.text!.write(piece);
          this.removedNewlines += countNewlines(piece);
          i = end;
          emitFrom = end;
          if (k !== -1) {
            this.finishExtraction();
            i = k + 1; // the closing quote is passed on from emitFrom = k
            this.state = S.Tag;
          }
          break;
        }
        case S.Comment:
        case S.Pi:
        case S.Cdata:
        case S.EndTag: {
          const term = this.state === S.Comment ? '-->' : this.state === S.Pi ? '?>' : this.state === S.Cdata ? ']]>' : '>';
          const k = buf.indexOf(term, i);
          const upto = k === -1 ? (final ? buf.length : Math.max(i, buf.length - (term.length - 1))) : k;
          if (this.state === S.Pi && this.piText.length < 1000) this.piText += buf.slice(i, Math.min(upto, i + 1000));
          if (this.state === S.Cdata && this.cdata) {
            if (this.cdata.sample.length < STRAY_SAMPLE) this.cdata.sample += buf.slice(i, Math.min(upto, i + STRAY_SAMPLE));
            this.cdata.chars += upto - i;
          }
          if (k === -1) {
            const keep = upto;
            this.runLen += keep - i;
            const cap = this.state === S.EndTag ? NAME_CAP : this.o.markupCap;
            if (this.runLen > cap) throw this.limitError(`${this.markupName()} is longer than ${Math.round(cap / 1024)} KiB`);
            if (!final) {
              stopAt = keep;
              break loop;
            }
            i = buf.length;
            break;
          }
          const cap = this.state === S.EndTag ? NAME_CAP : this.o.markupCap;
          if (this.runLen + (k - i) > cap) throw this.limitError(`${this.markupName()} is longer than ${Math.round(cap / 1024)} KiB`);
          if (this.state === S.EndTag) this.endTags.push(lineAt(k));
          else if (this.state === S.Pi) this.notePi();
          i = k + term.length;
          this.state = S.Text;
          break;
        }
      }
    }
    const upto = stopAt === -1 ? buf.length : stopAt;
    if (emitFrom < upto) emit(buf.slice(emitFrom, upto));
    if (stopAt !== -1) this.carry = buf.slice(stopAt);
    if (this.byteExact && upto <= exactEnd) this.byteBase = byteAt(upto);
    else this.byteExact = false;
    this.lineBase = lineAt(upto);
    if (!final && upto === buf.length && buf.charCodeAt(buf.length - 1) === 13) this.pendingCr = true;
    if (final) {
      for (const h of this.held) emit(h);
      this.held = [];
      if (this.current) this.finishExtraction();
    }
    this.outPos = outLen;
    return out.length === 1 ? out[0]! : out.join('');
  }

  end(): string {
    return this.write('', 0, true);
  }

  private markupName(): string {
    return this.state === S.Comment ? 'an XML comment' : this.state === S.Pi ? 'a processing instruction' : this.state === S.Cdata ? 'a CDATA section' : 'an end tag';
  }

  private notePi(): void {
    const m = /^([^\s?]+)\s*([\s\S]*)$/.exec(this.piText);
    const target = m?.[1] ?? '';
    if (target === 'xml') return; // the XML declaration
    if (target === 'xml-stylesheet' && this.stylesheet === undefined) this.stylesheet = (m?.[2] ?? '').trim();
    else this.otherPis++;
  }

  /** Text outside the root or between elements, kept for the importer to report. */
  private noteStray(fPos: number, buf: string, from: number, to: number): void {
    const last = this.stray[this.stray.length - 1];
    if (last && !last.cdata && this.stray.length > this.strayHead && last.fPos + last.chars >= fPos - 1 && last.sample.length < STRAY_SAMPLE) {
      last.sample += buf.slice(from, Math.min(to, from + STRAY_SAMPLE - last.sample.length));
      last.chars = fPos + (to - from) - last.fPos;
      return;
    }
    this.stray.push({ fPos, sample: buf.slice(from, Math.min(to, from + STRAY_SAMPLE)), chars: to - from });
  }

  private startExtraction(kind: 'base64' | 'long', fPos: number): void {
    this.current = { id: this.nextId++, tag: this.tagName, attr: this.attrName, fPos, kind };
    if (kind === 'base64') this.b64 = new Base64Hasher({ xmlRefs: true });
    else this.text = new TextHasher();
  }

  get tokenPrefix(): string {
    return this.o.tokenPrefix;
  }

  /** The token that stands for a lifted value in the text handed on. */
  token(e: Extraction): string {
    return `${this.o.tokenPrefix}${e.id}`;
  }

  private finishExtraction(): void {
    const e = this.current!;
    if (e.kind === 'base64') e.digest = this.b64!.end();
    else e.long = { chars: this.text!.chars, head: this.text!.head, sha256: this.text!.digest() };
    this.extractions.set(e.id, e);
    this.current = undefined;
    this.b64 = undefined;
    this.text = undefined;
  }

  private dtdError(start: string): ThreadlineError {
    const what = /^<!DOCTYPE/i.test(start) ? 'a DOCTYPE declaration' : /^<!ENTITY/i.test(start) ? 'an ENTITY declaration' : `the markup declaration "${start.replace(/[^\x20-\x7e]/g, '?')}…"`;
    return new ThreadlineError(
      'PARSE_ERROR',
      `The XML contains ${what}${this.sawRoot ? '' : ' before its root element'}. SMS Backup & Restore never writes one; DTDs and entity declarations are refused (they can expand without limit or point at other files).`,
      { file: this.o.file, hint: 'This file was not written by SMS Backup & Restore as-is (it was edited or crafted). Examine it as a plain file; do not import it as a backup.' },
    );
  }

  private limitError(what: string): ThreadlineError {
    return new ThreadlineError('LIMIT_EXCEEDED', `The XML cannot be read safely: ${what}.`, {
      file: this.o.file,
      hint: 'SMS Backup & Restore never writes this; the file is damaged or crafted. Examine it as a plain file.',
    });
  }
}
