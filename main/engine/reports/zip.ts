/**
 * Deterministic zip for reproducible XLSX: exceljs (through archiver) stamps every zip entry with the current time,
 * so its output is re-packed here with a fixed entry time (the report date), fixed entry order and a fixed
 * deflate level. The same contents then always give the same bytes.
 */
import { crc32, createDeflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { ThreadlineError } from '../errors';

export interface ZipEntryIn {
  name: string;
  /** The entry's uncompressed bytes, as chunks. */
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>;
}

/** MS-DOS date and time fields of a UTC instant (zip has no zone; 1980 is its epoch). */
export function dosDateTime(ms: number): { date: number; time: number } {
  const d = new Date(ms);
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

async function deflate(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<{ data: Buffer[]; size: number; compressed: number; crc: number }> {
  const z = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  let compressed = 0;
  z.on('data', (b: Buffer) => {
    out.push(b);
    compressed += b.length;
  });
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  for await (const c of chunks) {
    crc = crc32(c, crc);
    size += c.length;
    if (!z.write(c)) await new Promise<void>((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return { data: out, size, compressed, crc };
}

/** Write a zip with every entry deflated and dated `ms`; entries keep the order given. */
export async function writeZip(entries: ZipEntryIn[], ms: number): Promise<Buffer> {
  const { date, time } = dosDateTime(ms);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const d = await deflate(e.chunks);
    if (offset > 0xffffffff || d.size > 0xffffffff || d.compressed > 0xffffffff) {
      throw new ThreadlineError('LIMIT_EXCEEDED', 'The spreadsheet report is larger than 4 GiB, which a zip without ZIP64 cannot hold.', { hint: 'Narrow the timeline filter or lower --max-events.' });
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: deflate
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(d.crc >>> 0, 14);
    local.writeUInt32LE(d.compressed, 18);
    local.writeUInt32LE(d.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4); // made by: MS-DOS/FAT attributes, spec 2.0
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt16LE(time, 12);
    cd.writeUInt16LE(date, 14);
    cd.writeUInt32LE(d.crc >>> 0, 16);
    cd.writeUInt32LE(d.compressed, 20);
    cd.writeUInt32LE(d.size, 24);
    cd.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal and external attributes: all zero
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    parts.push(local, name, ...d.data);
    offset += local.length + name.length + d.compressed;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

function openZip(buf: Buffer): Promise<{ zip: yauzl.ZipFile; entries: yauzl.Entry[] }> {
  return new Promise((resolve, reject) => {
    // decodeStrings off: exceljs writes names with a leading "/", which yauzl's name check refuses; names are
    // decoded below (they are ASCII part names).
    yauzl.fromBuffer(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip unreadable'));
      const entries: yauzl.Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve({ zip, entries }));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

function entryName(e: yauzl.Entry): string {
  return Buffer.from(e.fileName as unknown as Uint8Array).toString('utf8');
}

function entryStream(zip: yauzl.ZipFile, e: yauzl.Entry): Promise<AsyncIterable<Buffer>> {
  return new Promise((resolve, reject) => zip.openReadStream(e, (err, stream) => (err || !stream ? reject(err ?? new Error('zip entry unreadable')) : resolve(stream))));
}

/** Every entry of a zip in a buffer: name and uncompressed bytes, in the zip's order (for tests and checks). */
export async function readZipEntries(buf: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const { zip, entries } = await openZip(buf);
  try {
    const out: { name: string; data: Buffer }[] = [];
    for (const e of entries) {
      const chunks: Buffer[] = [];
      for await (const c of await entryStream(zip, e)) chunks.push(c);
      out.push({ name: entryName(e), data: Buffer.concat(chunks) });
    }
    return out;
  } finally {
    zip.close();
  }
}

/**
 * Re-pack a zip deterministically: names without a leading "/" (exceljs writes some so; strict readers refuse
 * them), [Content_Types].xml first (as Office writes it), then the original order, every entry dated `ms`.
 * Entries are streamed one at a time, so only the compressed output is held in memory.
 */
export async function repackZip(buf: Buffer, ms: number): Promise<Buffer> {
  const { zip, entries } = await openZip(buf);
  try {
    const files = entries.filter((e) => !entryName(e).endsWith('/')).map((e) => ({ entry: e, name: entryName(e).replace(/^\/+/, '') }));
    files.sort((a, b) => Number(b.name === '[Content_Types].xml') - Number(a.name === '[Content_Types].xml'));
    const input: ZipEntryIn[] = files.map((f) => ({
      name: f.name,
      chunks: {
        async *[Symbol.asyncIterator]() {
          for await (const c of await entryStream(zip, f.entry)) yield c as Buffer;
        },
      },
    }));
    return await writeZip(input, ms);
  } finally {
    zip.close();
  }
}
