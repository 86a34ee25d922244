/**
 * CSV reading: encoding and delimiter detection, then papaparse's parser fed decoded chunks of the file stream,
 * keeping for every record its number, the line it starts on (quoted fields span lines), its byte offset
 * and its exact text.
 */
import Papa from 'papaparse';
import { ThreadlineError } from '../../errors';
import type { SourceFile } from '../../intake/source';
import type { CellValue } from '../../model/records';
import type { SniffInput, SniffResult } from '../types';
import { byteLength, chooseEncoding, decodeHead, escapedToBytes, hasEscapes, makeDecoder, unescapeForDisplay, type EncodingChoice } from './decode';
import { guessFromHeader } from './roles';
import { colLetter, type SheetRow, type SheetSource } from './sheet';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
/** The longest record kept; a longer one is almost always an unterminated quote swallowing the file. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

export type Newline = '\r\n' | '\n' | '\r';

export function detectNewline(text: string): Newline {
  const crlf = text.indexOf('\r\n');
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (crlf !== -1 && crlf <= lf) return '\r\n';
  if (lf !== -1) return '\n';
  if (cr !== -1) return '\r';
  return '\n';
}

export interface DelimiterChoice {
  delimiter: string;
  /** The usual number of fields per record with this delimiter. */
  fields: number;
  /** Share of the sampled non-blank records that have that many fields (title rows lower it). */
  consistency: number;
  rows: number;
}

/** Pick the delimiter that splits the first records into the most consistent number of fields (quotes respected). */
export function detectDelimiter(text: string, newline: Newline, prefer?: string): DelimiterChoice {
  // Drop a last record the head may have cut in half.
  const cut = text.lastIndexOf(newline);
  const sample = cut > 0 ? text.slice(0, cut) : text;
  let best: DelimiterChoice = { delimiter: prefer ?? ',', fields: 1, consistency: 0, rows: 0 };
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts: number[] = [];
    const parser = new Papa.Parser({ delimiter: d, newline, quoteChar: '"', preview: 50 });
    const res = parser.parse(sample, 0, false) as { data: string[][] };
    for (const row of res.data) if (!(row.length === 1 && row[0]!.trim() === '')) counts.push(row.length);
    if (!counts.length) continue;
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 1;
    let modeN = 0;
    for (const [c, n] of freq) if (n > modeN || (n === modeN && c > mode)) [mode, modeN] = [c, n];
    if (mode < 2) continue;
    const consistency = modeN / counts.length;
    const score = consistency * 100 + Math.min(mode, 50) + (d === prefer ? 5 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = { delimiter: d, fields: mode, consistency, rows: counts.length };
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// Sniff

// Lines of chat exports: `[LINE] …`, `12/9/20, 23:55 - …`, `[3/27/2565 BE, 21:41:35] Name: …`, `[21:41:35, 3/27/22] …`.
const CHAT_LINE = /^\s*\u200e?(?:\[LINE\]|\[?\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4},?\s+\d{1,2}[:.]\d{2}|\[[^\]\n]{4,40}\]\s+[^:\n]{1,80}:)/;

export function sniffCsv(input: SniffInput): SniffResult | null {
  if (input.zipEntries) return null;
  const ext = /\.([a-z0-9]+)$/i.exec(input.fileName)?.[1]?.toLowerCase() ?? '';
  if (!['csv', 'tsv', 'txt', 'tab', 'psv'].includes(ext)) return null;
  const head = input.head;
  if (!head.length) return null;
  const choice = chooseEncoding(head, undefined, input.fileName);
  const text = decodeHead(head, choice);
  let ctl = 0;
  const n = Math.min(text.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) ctl++;
  }
  if (n && ctl / n > 0.05) return null;
  const newline = detectNewline(text);
  const lines = text.split(newline).slice(0, 6).filter((l) => l.trim());
  // Chat exports (WhatsApp, LINE) have commas and tabs too; leave them to their importers.
  if (ext === 'txt' && lines.some((l) => CHAT_LINE.test(l))) return null;
  const d = detectDelimiter(text, newline, ext === 'tsv' || ext === 'tab' ? '\t' : ext === 'psv' ? '|' : undefined);
  if (d.fields < 2 || d.consistency < (ext === 'txt' ? 0.8 : 0.5)) {
    // A one-column CSV is still a CSV when it says so by name.
    return ext === 'csv' ? { confidence: 0.2, layout: 'single-column' } : null;
  }
  const hits = lines[0] ? lines[0].split(d.delimiter).filter((c) => guessFromHeader(c.replace(/^"|"$/g, ''))).length : 0;
  const layout = `${DELIMITER_NAMES[d.delimiter]}${hits ? '-with-header' : ''}`;
  if (ext === 'txt') return { confidence: d.fields >= 3 ? 0.35 : 0.25, layout };
  return { confidence: 0.6, layout };
}

// ---------------------------------------------------------------------------------------------------------
// Reading

export interface CsvSetup {
  encoding: EncodingChoice;
  delimiter: DelimiterChoice;
  newline: Newline;
}

export function setupCsv(head: Uint8Array, fileName: string, encodingOption: string | undefined): CsvSetup {
  const encoding = chooseEncoding(head, encodingOption, fileName);
  let text: string;
  try {
    text = decodeHead(head, encoding);
  } catch (err) {
    throw new ThreadlineError('ENCODING_ERROR', `The file cannot be decoded as ${encoding.encoding}: ${(err as Error).message}.`, { file: fileName, hint: 'Name the encoding with options.encoding (e.g. windows-874 for Thai, gb18030 for Chinese).' });
  }
  const newline = detectNewline(text);
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const delimiter = detectDelimiter(text, newline, ext === 'tsv' || ext === 'tab' ? '\t' : ext === 'psv' ? '|' : undefined);
  return { encoding, delimiter, newline };
}

export function delimiterName(d: string): string {
  return DELIMITER_NAMES[d] ?? d;
}

interface StepRow {
  data: string[];
  end: number;
  errors: readonly string[];
}

const NO_ERRORS: readonly string[] = [];

/** A CSV file as one sheet. */
export function csvSheet(file: SourceFile, setup: CsvSetup): SheetSource {
  return {
    name: file.name,
    index: 0,
    delimiter: setup.delimiter.delimiter,
    rows: (signal) => csvRows(file, setup, signal),
  };
}

async function* csvRows(file: SourceFile, setup: CsvSetup, signal: AbortSignal): AsyncGenerator<SheetRow[]> {
  const { encoding, newline } = setup;
  const delimiter = setup.delimiter.delimiter;
  const decoder = makeDecoder(encoding.encoding);
  const lineChar = newline === '\r' ? '\r' : '\n';
  let steps: StepRow[] = [];
  const parser = new Papa.Parser({
    delimiter,
    newline,
    quoteChar: '"',
    step: (r: { data: string[][]; errors: { code: string }[]; meta: { cursor: number } }) => {
      steps.push({ data: r.data[0] ?? [''], end: r.meta.cursor, errors: r.errors.length ? r.errors.map((e) => e.code) : NO_ERRORS });
    },
  });

  let pending = '';
  let base = 0; // absolute char index of pending[0]
  let fresh = 0; // chars appended since the last parse
  let line = 1;
  let offset = encoding.bomLength;
  let recNo = 0;

  const makeRow = (text: string, data: string[], errors: readonly string[]): SheetRow => {
    recNo++;
    const body = text.endsWith(newline) ? text.slice(0, text.length - newline.length) : text;
    const inner = countChar(body, lineChar);
    const esc = decoder.escapes > 0 && hasEscapes(text);
    const prov: SheetRow['prov'] = { line, offset, path: `row ${recNo}` };
    if (inner) prov.lineEnd = line + inner;
    const cells: CellValue[] = new Array<CellValue>(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = esc ? unescapeForDisplay(data[i]!) : data[i]!;
      cells[i] = { ref: colLetter(i) + recNo, value: v, type: v === '' ? 'empty' : 'string' };
    }
    const row: SheetRow = { rowNumber: recNo, cells, raw: esc ? unescapeForDisplay(body) : body, prov };
    const flags: string[] = [];
    if (esc) {
      row.rawBytes = escapedToBytes(body);
      flags.push('invalid-utf8');
    }
    if (errors.length) flags.push('csv-quote-error');
    if (body.includes('\uFFFD') && !esc && encoding.encoding !== 'utf-8') flags.push('undecodable-bytes');
    if (flags.length) row.flags = flags;
    line += inner + (text.length > body.length ? 1 : 0);
    offset += byteLength(text, encoding, esc);
    return row;
  };

  const rejectLine = (text: string, reason: string): SheetRow => {
    // The text up to the first line break is one unit: rejected whole, raw kept.
    recNo++;
    const esc = decoder.escapes > 0 && hasEscapes(text);
    const body = text.endsWith(newline) ? text.slice(0, text.length - newline.length) : text;
    const row: SheetRow = { rowNumber: recNo, cells: [], raw: esc ? unescapeForDisplay(body) : body, prov: { line, offset, path: `row ${recNo}` }, reject: reason };
    if (esc) row.rawBytes = escapedToBytes(body);
    line += text.length > body.length ? 1 : 0;
    offset += byteLength(text, encoding, esc);
    return row;
  };

  /** Parse what is pending; `final` at end of file. Returns the rows completed. */
  const run = (final: boolean): SheetRow[] => {
    const out: SheetRow[] = [];
    for (;;) {
      steps = [];
      const res = parser.parse(pending, base, !final) as { meta: { cursor: number } };
      let start = base;
      let recovered = false;
      for (const s of steps) {
        // At end of input papaparse reports an empty record after a final line break: not a line of the file.
        if (final && s.end === start && start === base + pending.length) continue;
        const text = pending.slice(start - base, s.end - base);
        if (s.errors.includes('MissingQuotes')) {
          // An opening quote that never closes: reject the record's first line and read on after it.
          const rel = start - base;
          const nl = pending.indexOf(newline, rel);
          const cutAt = nl === -1 ? pending.length : nl + newline.length;
          out.push(rejectLine(pending.slice(rel, cutAt), 'csv-unterminated-quote'));
          pending = pending.slice(cutAt);
          base += cutAt;
          recovered = true;
          break;
        }
        out.push(makeRow(text, s.data, s.errors));
        start = s.end;
      }
      if (recovered) {
        if (!pending) return out;
        continue;
      }
      const consumed = final ? base + pending.length : res.meta.cursor;
      pending = pending.slice(consumed - base);
      base = consumed;
      if (!final && pending.length > MAX_RECORD_CHARS) {
        const nl = pending.indexOf(newline);
        if (nl === -1 || nl > MAX_RECORD_CHARS) {
          throw new ThreadlineError('LIMIT_EXCEEDED', `A CSV record starting at line ${line} runs past ${MAX_RECORD_CHARS} characters without a line break.`, {
            file: file.name,
            line,
            hint: 'The file is probably not CSV, or not in the detected encoding; check it, or split it and import the parts.',
          });
        }
        out.push(rejectLine(pending.slice(0, nl + newline.length), 'csv-record-too-long'));
        pending = pending.slice(nl + newline.length);
        base += nl + newline.length;
        continue;
      }
      return out;
    }
  };

  // Small reads keep each parse step's rows few, so they die young instead of being promoted by the GC.
  for await (const chunk of file.open({ start: encoding.bomLength, highWaterMark: 64 * 1024 })) {
    if (signal.aborted) throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled.', { file: file.name });
    const text = decoder.write(chunk as Buffer);
    pending += text;
    fresh += text.length;
    // Re-parsing a long carried record on every chunk would be quadratic: wait until as much is new as was
    // carried, unless the carried text passes the record cap (then the cap is applied now).
    if (fresh < pending.length - fresh && pending.length <= MAX_RECORD_CHARS) continue;
    fresh = 0;
    const rows = run(false);
    if (rows.length) yield rows;
  }
  pending += decoder.end();
  const rows = run(true);
  if (rows.length) yield rows;
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}
