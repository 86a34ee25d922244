/**
 * Hostile archives and workbook parts for the reliability corpus (traversal names, symlink entries, declared sizes
 * that differ from the real ones, ZIP64 sizes and entry counts no real export has). The writer itself, which can
 * lie in all those ways, is the shared one in scripts/lib/zip-writer.ts.
 */
import { writeZip, type ZipEntrySpec, type ZipOptions } from '../lib/zip-writer';

export type HostileEntry = ZipEntrySpec;
export type { ZipOptions };

export function hostileZip(entries: HostileEntry[], opts: ZipOptions = {}): Buffer {
  return writeZip(entries, opts);
}

/** The parts of a minimal valid XLSX workbook; callers replace or add parts to make it hostile. */
export function xlsxParts(sheetXml: string, opts: { date1904?: boolean; sharedStrings?: string; styles?: string } = {}): HostileEntry[] {
  const parts: HostileEntry[] = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `${opts.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets><sheet name="Ledger" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        (opts.sharedStrings !== undefined ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '') +
        (opts.styles !== undefined ? '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' : '') +
        '</Relationships>',
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml, method: 'deflate' },
  ];
  if (opts.sharedStrings !== undefined) parts.push({ name: 'xl/sharedStrings.xml', data: opts.sharedStrings, method: 'deflate' });
  if (opts.styles !== undefined) parts.push({ name: 'xl/styles.xml', data: opts.styles });
  return parts;
}

/** A worksheet part from rows of cells: strings as inline strings, numbers as numbers, `{ f, v }` as formulas, `{ n, s }` styled numbers. */
export type XCell = string | number | { f: string; v: string } | { n: number; s: number };

export function sheetXml(rows: XCell[][]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const col = (i: number) => String.fromCharCode(65 + i);
  const body = rows
    .map((cells, r) => {
      const xs = cells
        .map((c, i) => {
          const ref = `${col(i)}${r + 1}`;
          if (typeof c === 'string') return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(c)}</t></is></c>`;
          if (typeof c === 'number') return `<c r="${ref}"><v>${c}</v></c>`;
          if ('f' in c) return `<c r="${ref}" t="str"><f>${esc(c.f)}</f><v>${esc(c.v)}</v></c>`;
          return `<c r="${ref}" s="${c.s}"><v>${c.n}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${xs}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

/** styles.xml whose cellXfs index 1 is a date-time number format (so `{ n, s: 1 }` cells are dates). */
export const DATE_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
  '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';
