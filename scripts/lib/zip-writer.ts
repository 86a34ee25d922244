/**
 * The one zip writer for generated evidence and tests: deterministic (fixed order, fixed times), and able to lie
 * when a test needs a hostile archive (symlink entries, declared sizes that differ from the real ones, ZIP64 sizes
 * and entry counts no real export has). Not used by the engine, which only reads zips (intake/zip.ts).
 */
import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';

/** CRC-32 as zip stores it (unsigned). */
export function crc32(data: Uint8Array): number {
  return zlibCrc32(data) >>> 0;
}

/** A wall-clock modification time (zip's DOS times have no zone). */
export interface DosWall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

export interface ZipEntrySpec {
  name: string;
  data: Uint8Array | string;
  /** Store (default) or deflate at level 9. */
  method?: 'store' | 'deflate';
  /** Default 2025-03-14 10:00:00. */
  mtime?: DosWall;
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

const DEFAULT_MTIME: DosWall = { y: 2025, mo: 3, d: 14, h: 10, mi: 0, s: 0 };

function dosTime(t: DosWall): { time: number; date: number } {
  return { time: (t.h << 11) | (t.mi << 5) | (t.s >> 1), date: ((t.y - 1980) << 9) | (t.mo << 5) | t.d };
}

/** Writes entries in the order given; the same entries always give the same bytes (for one zlib version). */
export function writeZip(entries: ZipEntrySpec[], opts: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method === 'deflate' ? 8 : 0;
    const body = method === 8 ? deflateRawSync(data, { level: 9 }) : data;
    const crc = crc32(data);
    const { time, date } = dosTime(e.mtime ?? DEFAULT_MTIME);
    // General-purpose flag bit 11: the name is UTF-8.
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
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(csize, 18);
    local.writeUInt32LE(usize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix, spec 3.0: the external attributes carry a Unix mode
    central.writeUInt16LE(z64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
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
  const z64count = opts.zip64EntryCount !== undefined;
  if (z64count) {
    const z64eocd = Buffer.alloc(56);
    z64eocd.writeUInt32LE(0x06064b50, 0);
    z64eocd.writeBigUInt64LE(44n, 4);
    z64eocd.writeUInt16LE(45, 12);
    z64eocd.writeUInt16LE(45, 14);
    z64eocd.writeUInt32LE(0, 16);
    z64eocd.writeUInt32LE(0, 20);
    z64eocd.writeBigUInt64LE(BigInt(opts.zip64EntryCount!), 24);
    z64eocd.writeBigUInt64LE(BigInt(opts.zip64EntryCount!), 32);
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
  eocd.writeUInt16LE(z64count ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(z64count ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(z64count ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(z64count ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, cd, ...tail, eocd]);
}
