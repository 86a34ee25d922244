/**
 * XLSX reading through SafeZip: every XML part is first streamed once and refused if it holds a DTD or entity
 * declaration (billion laughs, XXE); then workbook, relationships, styles and shared strings are read, and each
 * sheet (hidden ones too) is streamed with saxes into rows with exact cell text, formulas (never evaluated) with
 * their cached values, date cells re-derived from their serials, merged ranges and the row's own XML as raw.
 */
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { ThreadlineError } from '../../errors';
import type { SourceFile } from '../../intake/source';
import type { SafeZip, ZipMember } from '../../intake/zip';
import type { CellValue, FactRecord } from '../../model/records';
import type { SniffInput, SniffResult } from '../types';
import { formatWall, serialToWall } from './dates';
import { colIndex, sheetRef, type MergeRange, type SheetRow, type SheetSource } from './sheet';
import { beyondDoublePrecision } from './values';

/** Excel's last column (XFD); cells addressed past it are kept but not mapped. */
const MAX_COL = 16383;
/** The longest `<row>` XML kept as a row's raw form. */
const RAW_CAP = 16 * 1024 * 1024;
const ROW_BATCH = 500;

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An OLE compound file: a legacy .xls workbook, or an XLSX encrypted with a password (EncryptedPackage). */
export function oleKind(head: Uint8Array): 'encrypted-ooxml' | 'legacy-xls' | 'ole' | undefined {
  if (head.length < 8 || OLE_MAGIC.some((b, i) => head[i] !== b)) return undefined;
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.includes(Buffer.from('EncryptedPackage', 'utf16le'))) return 'encrypted-ooxml';
  if (b.includes(Buffer.from('Workbook', 'utf16le')) || b.includes(Buffer.from('Book', 'utf16le'))) return 'legacy-xls';
  return 'ole';
}

export function sniffXlsx(input: SniffInput): SniffResult | null {
  const e = input.zipEntries;
  if (!e) {
    // Not a zip: claim OLE workbooks only to refuse them with a clear message instead of "unrecognised".
    const ole = oleKind(input.head);
    if (ole && (ole !== 'ole' || /\.xls[xmb]?$/i.test(input.fileName))) return { confidence: 0.5, layout: ole };
    return null;
  }
  if (e.includes('[Content_Types].xml') && e.some((n) => /^xl\/workbook\.xml$/i.test(n))) {
    return { confidence: 0.95, layout: e.includes('xl/vbaProject.bin') ? 'xlsm' : 'xlsx', member: 'xl/workbook.xml' };
  }
  return null;
}

function local(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

/** What the handlers need of a saxes tag (parsed without namespace processing: attributes are plain strings). */
interface Tag {
  name: string;
  attributes: Record<string, unknown>;
}

function attr(tag: Tag, name: string): string | undefined {
  const a = tag.attributes;
  const v = a[name];
  if (typeof v === 'string') return v;
  // Prefixed attributes (`r:id`, `x:r`) whatever the prefix.
  for (const k of Object.keys(a)) {
    const w = a[k];
    if (local(k) === name && typeof w === 'string') return w;
  }
  return undefined;
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_` (ECMA-376 ST_Xstring); `_x005F_` protects a literal one. */
export function decodeXString(s: string): string {
  if (s.indexOf('_x') === -1) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function refToRC(ref: string): { r: number; c: number } | undefined {
  const m = /^\$?([A-Z]{1,4})\$?(\d{1,7})$/.exec(ref.toUpperCase());
  if (!m) return undefined;
  return { c: colIndex(m[1]!), r: parseInt(m[2]!, 10) };
}

/** The 0-based column of a cell reference like `AB12` (the hot path: one per cell), or -1. */
function refCol(ref: string): number {
  let c = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) c = c * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) c = c * 26 + (ch - 96);
    else if (ch === 36 && i === 0) continue;
    else break;
  }
  if (i === 0 || c === 0 || i > 5) return -1;
  for (let k = i; k < ref.length; k++) {
    const ch = ref.charCodeAt(k);
    if ((ch < 48 || ch > 57) && !(ch === 36 && k === i)) return -1;
  }
  return c - 1;
}

function parseRange(ref: string): MergeRange | undefined {
  const [a, b] = ref.split(':');
  const p = a ? refToRC(a) : undefined;
  const q = b ? refToRC(b) : p;
  if (!p || !q) return undefined;
  return { r1: Math.min(p.r, q.r), c1: Math.min(p.c, q.c), r2: Math.max(p.r, q.r), c2: Math.max(p.c, q.c) };
}

// ---------------------------------------------------------------------------------------------------------
// Streaming XML helpers

async function* decodedChunks(stream: Readable, member: string, file: string): AsyncGenerator<string> {
  const dec = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const s = dec.decode(chunk, { stream: true });
      if (s) yield s;
    }
    const tail = dec.decode();
    if (tail) yield tail;
  } catch (err) {
    if (err instanceof ThreadlineError) throw err;
    throw new ThreadlineError('PARSE_ERROR', `The workbook part "${member}" is not valid UTF-8 text: ${(err as Error).message}.`, { file, hint: 'The workbook is damaged. Open a copy in a spreadsheet application to see whether it repairs it, and import the repaired copy beside the original.' });
  } finally {
    stream.destroy();
  }
}

/** Run saxes over a member, calling the handlers; errors become PARSE_ERROR naming the part and line. */
async function parseXml(zip: SafeZip, m: ZipMember, file: string, h: { open?: (t: Tag) => void; close?: (t: Tag) => void; text?: (t: string) => void }): Promise<void> {
  const p = new SaxesParser({ position: true });
  let error: Error | undefined;
  p.on('error', (e) => {
    error ??= e;
  });
  if (h.open) p.on('opentag', h.open);
  if (h.close) p.on('closetag', h.close);
  if (h.text) {
    p.on('text', h.text);
    p.on('cdata', h.text);
  }
  for await (const s of decodedChunks(await zip.open(m), m.name, file)) {
    p.write(s);
    if (error) break;
  }
  if (!error) p.close();
  if (error) throw new ThreadlineError('PARSE_ERROR', `The workbook part "${m.name}" is not well-formed XML: ${error.message}.`, { file, hint: 'The workbook is damaged or truncated. Re-acquire it, or open a copy in a spreadsheet application and import the repaired copy beside the original.' });
}

// ---------------------------------------------------------------------------------------------------------
// Pre-pass: refuse DTDs, collect merged ranges

const MERGE_RE = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Za-z$]+\d+(?::[A-Za-z$]+\d+)?)["']/g;

async function prescan(zip: SafeZip, m: ZipMember, file: string, collectMerges: boolean): Promise<MergeRange[]> {
  const merges: MergeRange[] = [];
  const stream = await zip.open(m);
  let tail = Buffer.alloc(0);
  let carry = '';
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) {
        first = false;
        if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff) || (chunk.length > 1 && chunk[1] === 0)) {
          throw new ThreadlineError('PARSE_ERROR', `The workbook part "${m.name}" is UTF-16 XML, which Excel never writes; refused.`, { file, hint: 'Examine the workbook by hand; it was not produced by a spreadsheet application as it stands.' });
        }
      }
      const buf = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      for (let i = buf.indexOf('<!'); i !== -1; i = buf.indexOf('<!', i + 2)) {
        const word = buf.toString('latin1', i + 2, i + 9).toUpperCase();
        if (word.startsWith('DOCTYPE') || word.startsWith('ENTITY')) {
          throw new ThreadlineError('PARSE_ERROR', `The workbook part "${m.name}" declares a ${word.startsWith('DOCTYPE') ? 'DOCTYPE' : 'ENTITY'}; Threadline refuses XML with DTDs or entity declarations (entity-expansion and external-entity attacks). Excel never writes them.`, {
            file,
            hint: 'Treat the file as hostile. Examine it with a forensic zip/XML tool under supervision; do not open it in a spreadsheet application on a networked machine.',
          });
        }
      }
      // Keep enough bytes to see a `<!DOCTYPE` cut by the chunk boundary.
      tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 9)));
      if (collectMerges) {
        const text = carry + chunk.toString('latin1');
        if (text.indexOf('ergeCell') !== -1) {
          MERGE_RE.lastIndex = 0;
          let lastEnd = 0;
          for (let mm = MERGE_RE.exec(text); mm; mm = MERGE_RE.exec(text)) {
            const r = parseRange(mm[1]!);
            if (r) merges.push(r);
            lastEnd = MERGE_RE.lastIndex;
          }
          const gt = text.lastIndexOf('>');
          carry = text.slice(Math.max(gt + 1, lastEnd, text.length - 4096));
        } else carry = text.slice(Math.max(0, text.length - 4096));
      }
    }
  } finally {
    stream.destroy();
  }
  return merges;
}

// ---------------------------------------------------------------------------------------------------------
// Workbook parts

interface WbSheet {
  name: string;
  sheetId: string;
  state?: string;
  rid?: string;
}

interface Rel {
  id: string;
  type: string;
  target: string;
}

function resolveTarget(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const parts = (dir ? dir.split('/') : []).concat(target.split('/'));
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function relsPath(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

async function readRels(zip: SafeZip, byName: Map<string, ZipMember>, part: string, file: string): Promise<Rel[]> {
  const m = byName.get(relsPath(part));
  if (!m) return [];
  const rels: Rel[] = [];
  await parseXml(zip, m, file, {
    open: (t) => {
      if (local(t.name) === 'Relationship') {
        const id = attr(t, 'Id');
        const target = attr(t, 'Target');
        if (id && target && attr(t, 'TargetMode') !== 'External') rels.push({ id, type: attr(t, 'Type') ?? '', target: resolveTarget(part, target) });
      }
    },
  });
  return rels;
}

const BUILTIN_DATE_FMTS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Does a number format show a date or time? (Quoted text, `[…]` sections other than elapsed time, and escapes removed.) */
export function isDateFormat(code: string): boolean {
  if (/^general$/i.test(code.trim())) return false;
  const s = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
  return /[dmyhsb]/i.test(s.replace(/\[[hms]+\]/gi, 'h'));
}

async function readStyles(zip: SafeZip, m: ZipMember | undefined, file: string): Promise<boolean[]> {
  if (!m) return [];
  const fmts = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  await parseXml(zip, m, file, {
    open: (t) => {
      const n = local(t.name);
      if (n === 'numFmt') {
        const id = parseInt(attr(t, 'numFmtId') ?? '', 10);
        if (Number.isFinite(id)) fmts.set(id, attr(t, 'formatCode') ?? '');
      } else if (n === 'cellXfs') inCellXfs = true;
      else if (n === 'xf' && inCellXfs) xfs.push(parseInt(attr(t, 'numFmtId') ?? '0', 10) || 0);
    },
    close: (t) => {
      if (local(t.name) === 'cellXfs') inCellXfs = false;
    },
  });
  return xfs.map((id) => {
    const code = fmts.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FMTS.has(id);
  });
}

/** Shared strings: rich-text runs joined, phonetic guides (`rPh`) left out, `_xHHHH_` escapes decoded. */
async function readSharedStrings(zip: SafeZip, m: ZipMember | undefined, file: string): Promise<string[]> {
  if (!m) return [];
  const out: string[] = [];
  let parts: string[] = [];
  let inSi = false;
  let inT = false;
  let inRPh = 0;
  await parseXml(zip, m, file, {
    open: (t) => {
      const n = local(t.name);
      if (n === 'si') {
        inSi = true;
        parts = [];
      } else if (n === 'rPh') inRPh++;
      else if (n === 't' && inSi && !inRPh) inT = true;
    },
    text: (s) => {
      if (inT) parts.push(s);
    },
    close: (t) => {
      const n = local(t.name);
      if (n === 't') inT = false;
      else if (n === 'rPh') inRPh--;
      else if (n === 'si') {
        inSi = false;
        out.push(decodeXString(parts.join('')));
      }
    },
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Workbook

export interface Workbook {
  sheets: SheetSource[];
  facts: FactRecord[];
}

const REL_WORKSHEET = /\/(worksheet|chartsheet|dialogsheet|macrosheet|xlMacrosheet|xlIntlMacrosheet)$/;

export async function openWorkbook(file: SourceFile, layout?: string): Promise<Workbook> {
  if (layout === 'encrypted-ooxml') {
    throw new ThreadlineError('PARSE_ERROR', 'The workbook is encrypted with a password (an OLE container holding an EncryptedPackage).', {
      file: file.name,
      hint: 'Obtain the password, decrypt a copy with a forensic tool or a spreadsheet application, and import the decrypted copy beside the original.',
    });
  }
  if (layout === 'legacy-xls' || layout === 'ole') {
    throw new ThreadlineError('PARSE_ERROR', 'The file is a legacy Excel 97–2003 workbook (.xls, BIFF in an OLE container), which Threadline does not read.', {
      file: file.name,
      hint: 'Save a copy as .xlsx (or export each sheet as CSV) in a spreadsheet application on an offline machine, and import that copy; keep the original as the evidence item.',
    });
  }
  const zip = await file.zip();
  const byName = new Map<string, ZipMember>();
  for (const m of zip.members) if (!m.isDirectory) byName.set(m.name, m);
  const encrypted = zip.members.filter((m) => m.encrypted);
  if (encrypted.length) {
    throw new ThreadlineError('PARSE_ERROR', `The workbook's zip entries are encrypted (${encrypted[0]!.name}).`, { file: file.name, hint: 'Obtain the password and decrypt a copy with a forensic tool, then import the copy.' });
  }
  const facts: FactRecord[] = [];
  // 1. Every XML part, streamed once: no DTDs or entity declarations anywhere, and merged ranges collected.
  const merges = new Map<string, MergeRange[]>();
  for (const m of byName.values()) {
    if (!/\.(xml|rels|vml)$/i.test(m.name)) continue;
    const isSheet = /^xl\/(worksheets|macrosheets|dialogsheets)\//i.test(m.name);
    const mr = await prescan(zip, m, file.name, isSheet);
    if (mr.length) merges.set(m.name, mr);
  }
  // 2. The workbook part, from the package relationships (normally xl/workbook.xml).
  const pkgRels = await readRels(zip, byName, '', file.name).catch(() => [] as Rel[]);
  const wbPath = pkgRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const wbMember = byName.get(wbPath) ?? byName.get('xl/workbook.xml');
  if (!wbMember) {
    throw new ThreadlineError('PARSE_ERROR', 'The file is a zip but holds no workbook part (xl/workbook.xml).', { file: file.name, hint: 'It may be another Office format or a damaged workbook. Check the file type.' });
  }
  let date1904 = false;
  const wbSheets: WbSheet[] = [];
  await parseXml(zip, wbMember, file.name, {
    open: (t) => {
      const n = local(t.name);
      if (n === 'workbookPr') {
        const v = (attr(t, 'date1904') ?? '').toLowerCase();
        date1904 = v === '1' || v === 'true' || v === 'on';
      } else if (n === 'sheet') {
        const s: WbSheet = { name: attr(t, 'name') ?? `Sheet${wbSheets.length + 1}`, sheetId: attr(t, 'sheetId') ?? '' };
        const state = attr(t, 'state');
        if (state && state !== 'visible') s.state = state;
        const rid = attr(t, 'id');
        if (rid) s.rid = rid;
        wbSheets.push(s);
      }
    },
  });
  const wbRels = await readRels(zip, byName, wbMember.name, file.name);
  const relById = new Map(wbRels.map((r) => [r.id, r]));
  const stylesMember = byName.get(wbRels.find((r) => r.type.endsWith('/styles'))?.target ?? 'xl/styles.xml');
  const ssMember = byName.get(wbRels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml');
  const dateStyles = await readStyles(zip, stylesMember, file.name);
  const shared = await readSharedStrings(zip, ssMember, file.name);

  facts.push({ type: 'fact', key: 'date-system', value: date1904 ? '1904' : '1900' });
  facts.push({ type: 'fact', key: 'sheets', value: { sheets: wbSheets.map((s) => ({ name: s.name, state: s.state ?? 'visible' })) } });
  if (byName.has('xl/vbaProject.bin')) facts.push({ type: 'fact', key: 'vba-project', value: true });
  const ext = [...byName.keys()].filter((n) => /^xl\/externalLinks\//i.test(n) && /\.xml$/i.test(n));
  if (ext.length) facts.push({ type: 'fact', key: 'external-links', value: { parts: ext } });

  const sheets: SheetSource[] = [];
  const seen = new Set<string>();
  for (const ws of wbSheets) {
    const rel = ws.rid ? relById.get(ws.rid) : undefined;
    const member = rel ? byName.get(rel.target) : undefined;
    const kind = rel ? REL_WORKSHEET.exec(rel.type)?.[1] : undefined;
    const src: SheetSource = { name: ws.name, index: sheets.length, date1904, rows: () => emptyRows() };
    if (ws.state) src.state = ws.state;
    if (member) {
      seen.add(member.name);
      src.member = member.name;
      const mr = merges.get(member.name);
      if (mr) src.merges = mr;
      if (kind !== 'chartsheet') {
        const flags = kind === 'macrosheet' || kind === 'xlMacrosheet' || kind === 'xlIntlMacrosheet' ? ['macro-sheet'] : [];
        src.rows = (signal) => sheetRows(zip, member, src, shared, dateStyles, flags, file.name, signal);
      }
    } else {
      facts.push({ type: 'fact', key: 'sheet-part-missing', value: { sheet: ws.name, target: rel?.target ?? null } });
    }
    if (kind && kind !== 'worksheet') facts.push({ type: 'fact', key: 'sheet-kind', value: { sheet: ws.name, kind } });
    sheets.push(src);
  }
  // Worksheet parts the workbook does not list are still evidence: read them too.
  for (const m of byName.values()) {
    if (seen.has(m.name) || !/^xl\/worksheets\/[^/]+\.xml$/i.test(m.name)) continue;
    const src: SheetSource = { name: m.name, index: sheets.length, date1904, member: m.name, state: 'unlisted', rows: () => emptyRows() };
    const mr = merges.get(m.name);
    if (mr) src.merges = mr;
    src.rows = (signal) => sheetRows(zip, m, src, shared, dateStyles, ['unlisted-sheet'], file.name, signal);
    facts.push({ type: 'fact', key: 'unlisted-sheet', value: { member: m.name } });
    sheets.push(src);
  }
  return { sheets, facts };
}

async function* emptyRows(): AsyncGenerator<SheetRow[]> {
  // A chart sheet or a missing part has no rows.
}

// ---------------------------------------------------------------------------------------------------------
// Sheet rows

async function* sheetRows(zip: SafeZip, m: ZipMember, src: SheetSource, shared: string[], dateStyles: boolean[], sheetFlags: string[], file: string, signal: AbortSignal): AsyncGenerator<SheetRow[]> {
  const p = new SaxesParser({ position: true });
  let error: Error | undefined;
  const date1904 = src.date1904 === true;
  const sheetPrefix = `${sheetRef(src.name)}!`;
  const hiddenCols: [number, number][] = [];
  let inCols = false;
  let inData = false;
  let batch: SheetRow[] = [];

  // Raw XML capture of the current row.
  let buf = '';
  let bufStart = 0;
  let rowStart = -1;
  let rawCut = false;
  let rawPrefix = '';

  // Row state.
  let lastRow = 0;
  let rowNo = 0;
  let cells: CellValue[] = [];
  let cols: number[] = [];
  let nums: (number | undefined)[] = [];
  let rowFlags: string[] = [];
  const flag = (f: string) => {
    if (!rowFlags.includes(f)) rowFlags.push(f);
  };
  let nextCol = 0;
  // Cell state.
  let inCell = false;
  let cRef: string | undefined;
  let cCol = 0;
  let cType = 'n';
  let cStyle = 0;
  let vText: string | undefined;
  let fText: string | undefined;
  let fShared = false;
  let isParts: string[] | undefined;
  let inV = false;
  let inF = false;
  let inT = false;
  let inIs = false;
  let inRPh = 0;

  p.on('error', (e) => {
    error ??= e;
  });
  p.on('opentag', (t) => {
    const n = local(t.name);
    if (inCell) {
      if (n === 'v') {
        inV = true;
        vText = '';
      } else if (n === 'f') {
        inF = true;
        fText = '';
        fShared = attr(t, 't') === 'shared';
      } else if (n === 'is') {
        inIs = true;
        isParts = [];
      } else if (n === 'rPh') inRPh++;
      else if (n === 't' && inIs && !inRPh) inT = true;
      return;
    }
    switch (n) {
      case 'c': {
        if (rowNo === 0) return;
        inCell = true;
        // Cell attributes are unprefixed in SpreadsheetML: read them directly (this runs for every cell).
        const a = t.attributes as Record<string, string | undefined>;
        cRef = a.r;
        const col = cRef ? refCol(cRef) : -1;
        cCol = col >= 0 ? col : nextCol;
        cType = a.t ?? 'n';
        cStyle = a.s ? parseInt(a.s, 10) || 0 : 0;
        vText = undefined;
        fText = undefined;
        fShared = false;
        isParts = undefined;
        return;
      }
      case 'row': {
        if (!inData) return;
        const r = parseInt(attr(t, 'r') ?? '', 10);
        rowNo = Number.isFinite(r) && r > 0 ? r : lastRow + 1;
        lastRow = rowNo;
        cells = [];
        cols = [];
        nums = [];
        rowFlags = sheetFlags.length ? sheetFlags.slice() : [];
        const h = (attr(t, 'hidden') ?? '').toLowerCase();
        if (h === '1' || h === 'true') flag('hidden-row');
        nextCol = 0;
        rowStart = bufStart + buf.lastIndexOf('<', p.position - 1 - bufStart);
        rawCut = false;
        rawPrefix = '';
        return;
      }
      case 'sheetData':
        inData = true;
        return;
      case 'cols':
        inCols = true;
        return;
      case 'col':
        if (inCols) {
          const hidden = (attr(t, 'hidden') ?? '').toLowerCase();
          if (hidden === '1' || hidden === 'true') {
            const a = parseInt(attr(t, 'min') ?? '', 10);
            const b = parseInt(attr(t, 'max') ?? '', 10);
            if (a > 0 && b >= a) hiddenCols.push([a - 1, b - 1]);
          }
        }
        return;
      default:
        return;
    }
  });
  p.on('text', onText);
  p.on('cdata', onText);
  function onText(s: string): void {
    if (inV) vText += s;
    else if (inF) fText += s;
    else if (inT) isParts!.push(s);
  }
  p.on('closetag', (t) => {
    const n = local(t.name);
    if (inCell) {
      if (n === 'v') inV = false;
      else if (n === 'f') inF = false;
      else if (n === 't') inT = false;
      else if (n === 'rPh') inRPh--;
      else if (n === 'is') inIs = false;
      else if (n === 'c') {
        inCell = false;
        endCell();
      }
      return;
    }
    if (n === 'row' && rowNo) endRow();
    else if (n === 'sheetData') inData = false;
    else if (n === 'cols') inCols = false;
  });

  function endCell(): void {
    nextCol = cCol + 1;
    let value: string | null = null;
    let type = 'empty';
    let num: number | undefined;
    switch (cType) {
      case 's': {
        if (vText === undefined) break;
        const s = shared[parseInt(vText, 10)];
        if (s === undefined) flag('shared-string-missing');
        else value = s;
        type = 'string';
        break;
      }
      case 'inlineStr':
        value = isParts ? decodeXString(isParts.join('')) : vText !== undefined ? decodeXString(vText) : null;
        type = 'string';
        break;
      case 'str':
        value = vText !== undefined ? decodeXString(vText) : null;
        type = 'string';
        break;
      case 'b':
        if (vText === undefined) break;
        value = vText === '1' ? 'TRUE' : vText === '0' ? 'FALSE' : vText;
        type = 'boolean';
        break;
      case 'e':
        value = vText ?? null;
        type = 'error';
        break;
      case 'd':
        value = vText ?? null;
        type = 'date';
        break;
      default: {
        if (vText === undefined || vText === '') break;
        const v = vText.trim();
        num = Number(v);
        if (!Number.isFinite(num)) {
          value = vText;
          type = 'string';
          num = undefined;
          break;
        }
        if (dateStyles[cStyle]) {
          const sw = serialToWall(num, date1904);
          if (sw.wall) {
            value = formatWall(sw.wall, sw.timeOnly);
            type = 'date';
          } else if (sw.flags.includes('excel-1900-02-29')) {
            value = '1900-02-29';
            type = 'date';
          } else {
            value = v;
            type = 'number';
          }
        } else {
          value = v;
          type = 'number';
        }
        // Excel keeps 15 significant digits: a longer number (an ICCID, a card number) has already lost some.
        if (type === 'number' && beyondDoublePrecision(v)) flag('precision-loss-possible');
      }
    }
    if (fText === undefined && (value === null || value === '') && type !== 'string') return;
    const ref = cCol > MAX_COL ? cRef ?? `col${cCol + 1}${rowNo}` : colLetterCached(cCol) + rowNo;
    const cell: CellValue = { ref, value, type };
    if (fText !== undefined) {
      cell.type = 'formula';
      cell.formula = fText;
      if (fShared && fText === '') flag('shared-formula-follower');
    }
    if (cCol > MAX_COL) {
      flag('cell-out-of-range');
      cCol = MAX_COL + 1;
    }
    if (cols.length && cols[cols.length - 1]! >= cCol) flag(cols.includes(cCol) ? 'duplicate-cell' : 'cells-out-of-order');
    if (hiddenCols.length && value !== null && value !== '' && hiddenCols.some(([a, b]) => cCol >= a && cCol <= b)) flag('hidden-column');
    cells.push(cell);
    cols.push(cCol);
    nums.push(num);
  }

  function endRow(): void {
    const raw = rawCut ? rawPrefix : buf.slice(rowStart - bufStart, p.position - bufStart);
    if (rowFlags.includes('cells-out-of-order') || rowFlags.includes('duplicate-cell')) {
      const order = cols.map((_c, i) => i).sort((a, b) => cols[a]! - cols[b]! || a - b);
      cells = order.map((i) => cells[i]!);
      nums = order.map((i) => nums[i]);
      cols = order.map((i) => cols[i]!);
    }
    const first = cols.length ? cols[0]! : -1;
    const last = cols.length ? cols[cols.length - 1]! : -1;
    const path = first >= 0 ? `${sheetPrefix}${colLetterCached(first)}${rowNo}:${colLetterCached(Math.min(last, MAX_COL))}${rowNo}` : `${sheetPrefix}${rowNo}:${rowNo}`;
    const row: SheetRow = { rowNumber: rowNo, cells, cols, raw, prov: { member: m.name, line: rowNo, path } };
    if (nums.some((x) => x !== undefined)) row.nums = nums;
    if (rawCut) flag('raw-truncated');
    if (rowFlags.length) row.flags = rowFlags;
    batch.push(row);
    rowNo = 0;
    rowStart = -1;
  }

  const stream = await zip.open(m);
  for await (const s of decodedChunks(stream, m.name, file)) {
    if (signal.aborted) throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled.', { file });
    buf += s;
    p.write(s);
    if (error) break;
    // Keep only what a row's raw form still needs: the row being read, or a tag cut by the chunk's end.
    let keepFrom: number;
    if (rowNo && !rawCut) {
      keepFrom = rowStart;
      if (bufStart + buf.length - rowStart > RAW_CAP) {
        rawCut = true;
        rawPrefix = buf.slice(rowStart - bufStart, rowStart - bufStart + RAW_CAP);
      }
    }
    if (!rowNo || rawCut) {
      const lt = buf.lastIndexOf('<');
      keepFrom = lt === -1 ? bufStart + buf.length : bufStart + lt;
    }
    buf = buf.slice(keepFrom! - bufStart);
    bufStart = keepFrom!;
    if (batch.length >= ROW_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (!error) p.close();
  if (error) {
    throw new ThreadlineError('PARSE_ERROR', `Sheet "${src.name}" (${m.name}) is not well-formed XML: ${error.message}.`, {
      file,
      line: lastRow || undefined,
      hint: 'The workbook is damaged or truncated. Rows before the damage are not imported either (all or nothing); re-acquire the file or import a repaired copy beside it.',
    });
  }
  if (batch.length) yield batch;
}

const COLS: string[] = [];
function colLetterCached(c: number): string {
  let s = COLS[c];
  if (s === undefined) {
    let n = c + 1;
    s = '';
    while (n > 0) {
      const r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    if (c <= MAX_COL + 1) COLS[c] = s;
  }
  return s;
}
