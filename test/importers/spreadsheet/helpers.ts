/** Test helpers for the spreadsheet importers: record filters, and a minimal zip writer to craft (hostile) XLSX files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { ImportRecord } from '../../../main/engine/model/records';
import { writeZip as writeZipBytes } from '../../../scripts/lib/zip-writer';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/spreadsheet');
export const fixture = (name: string) => join(FIXTURES, name);

const made: string[] = [];
// Hostile inputs are large (a 70 MB line, a 200 MB bomb's source): remove them when the file's tests end.
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tmpDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tl-sheet-'));
  made.push(d);
  return d;
}

export function ofType<T extends ImportRecord['type']>(records: ImportRecord[], type: T): Extract<ImportRecord, { type: T }>[] {
  return records.filter((r): r is Extract<ImportRecord, { type: T }> => r.type === type);
}

export function facts(records: ImportRecord[], key: string): unknown[] {
  return ofType(records, 'fact')
    .filter((f) => f.key === key)
    .map((f) => f.value);
}

export function fact<T = Record<string, unknown>>(records: ImportRecord[], key: string, sheet?: string): T {
  const all = facts(records, key) as T[];
  const hit = sheet === undefined ? all[0] : all.find((v) => (v as { sheet?: string }).sheet === sheet);
  if (hit === undefined) throw new Error(`no fact ${key}${sheet ? ` for ${sheet}` : ''}`);
  return hit;
}

/** `A2=value` for each cell of a row record: compact and exact. */
export function cellsOf(r: Extract<ImportRecord, { type: 'row' }>): string[] {
  return r.cells.map((c) => `${c.ref}=${c.value ?? ''}`);
}

export interface ZipEntryInput {
  name: string;
  data: Buffer | string;
  /** Store instead of deflate. */
  store?: boolean;
  /** Lie in the headers about the inflated size (zip-bomb shapes). */
  declaredSize?: number;
}

/** Write a zip file (the shared deterministic writer; deflated unless `store`): enough to craft workbooks byte by byte. */
export function writeZip(path: string, entries: ZipEntryInput[]): void {
  writeFileSync(path, writeZipBytes(entries.map((e) => ({ name: e.name, data: e.data, method: e.store ? 'store' : 'deflate', ...(e.declaredSize !== undefined ? { declaredSize: e.declaredSize } : {}) }))));
}

const CT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

export interface BookParts {
  sheetXml: string | Buffer;
  sheetName?: string;
  sharedStrings?: string[];
  workbookPr?: string;
  extra?: ZipEntryInput[];
  sheetEntry?: Partial<ZipEntryInput>;
}

export function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>${rows}</sheetData></worksheet>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A minimal one-sheet workbook, written by hand. */
export function writeBook(path: string, parts: BookParts): void {
  const wbRels = [`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`];
  const entries: ZipEntryInput[] = [
    { name: '[Content_Types].xml', data: CT },
    { name: '_rels/.rels', data: RELS },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${parts.workbookPr ?? ''}<sheets><sheet name="${escapeXml(parts.sheetName ?? 'Sheet1')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
  ];
  if (parts.sharedStrings) {
    wbRels.push(`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`);
    entries.push({
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${parts.sharedStrings.length}" uniqueCount="${parts.sharedStrings.length}">${parts.sharedStrings.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('')}</sst>`,
    });
  }
  entries.push({ name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${wbRels.join('')}</Relationships>` });
  entries.push({ name: 'xl/worksheets/sheet1.xml', data: parts.sheetXml, ...parts.sheetEntry });
  entries.push(...(parts.extra ?? []));
  writeZip(path, entries);
}
