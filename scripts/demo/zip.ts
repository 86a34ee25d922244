// A minimal deterministic zip writer (fixed timestamps, fixed order) and reader, for the demo's .zip and .xlsx files.
import { inflateRawSync } from 'node:zlib';
import { crc32, writeZip as writeZipCore, type DosWall } from '../lib/zip-writer';

export { crc32 };

export interface ZipEntryIn {
  name: string;
  data: Uint8Array;
  /** Wall-clock modification time written into the entry (zip has no zone). */
  mtime: DosWall;
  /** Store small or already-compressed files (jpg); deflate text. */
  method: 'store' | 'deflate';
}

/** Writes entries in the order given; the same entries always give the same bytes (for one zlib version). */
export function writeZip(entries: ZipEntryIn[]): Buffer {
  return writeZipCore(entries);
}

export interface ZipEntryOut {
  name: string;
  data: Buffer;
  method: number;
  crc: number;
  dosTime: number;
  dosDate: number;
}

/** Reads every entry through the central directory (enough for the well-formed zips exceljs and writeZip make). */
export function readZip(zip: Buffer): ZipEntryOut[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: ZipEntryOut[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const method = zip.readUInt16LE(p + 10);
    const dosTimeV = zip.readUInt16LE(p + 12);
    const dosDateV = zip.readUInt16LE(p + 14);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localAt = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const lNameLen = zip.readUInt16LE(localAt + 26);
    const lExtraLen = zip.readUInt16LE(localAt + 28);
    const start = localAt + 30 + lNameLen + lExtraLen;
    const raw = zip.subarray(start, start + csize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`unsupported zip method ${method} for ${name}`);
    if (crc32(data) !== crc) throw new Error(`CRC mismatch for ${name}`);
    out.push({ name, data, method, crc, dosTime: dosTimeV, dosDate: dosDateV });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
