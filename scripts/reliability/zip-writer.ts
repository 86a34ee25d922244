/**
 * A zip writer that can lie: hostile archives for the reliability corpus (traversal names, symlink entries,
 * declared sizes that differ from the real ones, ZIP64 sizes and entry counts no real export has).
 */
import { deflateRawSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface HostileEntry {
  name: string;
  data: Uint8Array | string;
  method?: 'store' | 'deflate';
  /** A Unix symlink entry (mode 0120777); `data` is the link target. */
  symlink?: boolean;
  /** Write this as the uncompressed size instead of the real one (a lie). */
  declaredSize?: number;
  /** Declare this uncompressed size through a ZIP64 extra field (sizes above 4 GiB). */
  zip64Size?: number;
}

export interface ZipOptions {
  /** Declare this many entries in a ZIP64 end-of-central-directory record (more than the archive holds). */
  zip64EntryCount?: number;
}

const DOS_TIME = (10 << 11) | (0 << 5);
const DOS_DATE = ((2025 - 1980) << 9) | (3 << 5) | 14;

export function hostileZip(entries: HostileEntry[], opts: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method === 'deflate' ? 8 : 0;
    const body = method === 8 ? deflateRawSync(data, { level: 9 }) : data;
    const crc = crc32(data);
    const flags = /[^\x20-\x7e]/.test(e.name) ? 0x0800 : 0;
    const z64 = e.zip64Size !== undefined;
    const usize = z64 ? 0xffffffff : (e.declaredSize ?? data.length);
    const csize = z64 ? 0xffffffff : body.length;
    let extra = Buffer.alloc(0);
    if (z64) {
      // ZIP64 extended information: uncompressed size, then compressed size (both 8 bytes).
      extra = Buffer.alloc(20);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(e.zip64Size!), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(z64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(csize, 18);
    local.writeUInt32LE(usize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix: the external attributes carry a Unix mode
    central.writeUInt16LE(z64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(csize, 20);
    central.writeUInt32LE(usize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    const mode = e.symlink ? 0o120777 : 0o100644;
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, extra, body);
    centrals.push(central, name, extra);
    offset += local.length + name.length + extra.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  const count = entries.length;
  if (opts.zip64EntryCount !== undefined) {
    const z64eocd = Buffer.alloc(56);
    z64eocd.writeUInt32LE(0x06064b50, 0);
    z64eocd.writeBigUInt64LE(44n, 4);
    z64eocd.writeUInt16LE(45, 12);
    z64eocd.writeUInt16LE(45, 14);
    z64eocd.writeUInt32LE(0, 16);
    z64eocd.writeUInt32LE(0, 20);
    z64eocd.writeBigUInt64LE(BigInt(opts.zip64EntryCount), 24);
    z64eocd.writeBigUInt64LE(BigInt(opts.zip64EntryCount), 32);
    z64eocd.writeBigUInt64LE(BigInt(cd.length), 40);
    z64eocd.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeUInt32LE(0, 4);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(z64eocd, locator);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  const z64count = opts.zip64EntryCount !== undefined;
  eocd.writeUInt16LE(z64count ? 0xffff : count, 8);
  eocd.writeUInt16LE(z64count ? 0xffff : count, 10);
  eocd.writeUInt32LE(z64count ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(z64count ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, cd, ...tail, eocd]);
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
