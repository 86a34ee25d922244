// Tiny but valid media files for the demo (a flat-colour JPEG, a small PNG, macOS AppleDouble junk), built in code.
import { deflateSync } from 'node:zlib';
import { crc32 } from './zip';

function seg(marker: number, body: number[]): number[] {
  const len = body.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...body];
}

/** Bits (as a '0'/'1' string) to bytes, padded with 1s as JPEG requires, with 0xFF byte-stuffing. */
function bitsToBytes(bits: string): number[] {
  const padded = bits + '1'.repeat((8 - (bits.length % 8)) % 8);
  const out: number[] = [];
  for (let i = 0; i < padded.length; i += 8) {
    const b = parseInt(padded.slice(i, i + 8), 2);
    out.push(b);
    if (b === 0xff) out.push(0x00);
  }
  return out;
}

/**
 * A baseline 8×8 grayscale JPEG of one flat grey level: one DC coefficient, end-of-block, single-code Huffman tables.
 * `comment` goes into a COM segment so two pictures of the same grey still differ.
 */
export function flatJpeg(grey: number, comment: string): Buffer {
  const dc = 8 * (grey - 128);
  const mag = Math.abs(dc);
  const cat = mag === 0 ? 0 : Math.floor(Math.log2(mag)) + 1;
  // JPEG writes negative values as the one's complement of their magnitude in `cat` bits.
  const valueBits = cat === 0 ? '' : (dc > 0 ? dc : dc + (1 << cat) - 1).toString(2).padStart(cat, '0');
  const scan = bitsToBytes('0' + valueBits + '0');
  const counts = (n: number) => [n, ...new Array<number>(15).fill(0)];
  const bytes = [
    0xff, 0xd8,
    ...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    ...seg(0xfe, [...Buffer.from(comment, 'utf8')]),
    ...seg(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...seg(0xc0, [0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00]),
    ...seg(0xc4, [0x00, ...counts(1), cat]),
    ...seg(0xc4, [0x10, ...counts(1), 0x00]),
    ...seg(0xda, [0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]),
    ...scan,
    0xff, 0xd9,
  ];
  return Buffer.from(bytes);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A grayscale PNG from rows of 0/1 (black/white), e.g. a toy "QR code". */
export function bitmapPng(rows: string[]): Buffer {
  const h = rows.length;
  const w = rows[0]!.length;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.alloc(h * (w + 1));
  rows.forEach((r, y) => {
    raw[y * (w + 1)] = 0; // filter: none
    for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = r[x] === '1' ? 0 : 255;
  });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export const TOY_QR = ['1111111011', '1000001010', '1011101001', '1011101011', '1000001000', '1111111010', '0001000111', '1101011010', '1010110101', '1111001011'];

/** The `._name` AppleDouble file macOS adds to zips (Finder info only). Importers must skip these. */
export function appleDouble(): Buffer {
  const b = Buffer.alloc(82);
  b.writeUInt32BE(0x00051607, 0); // magic
  b.writeUInt32BE(0x00020000, 4); // version 2
  b.write('Mac OS X        ', 8, 'ascii');
  b.writeUInt16BE(1, 24); // one entry
  b.writeUInt32BE(9, 26); // entry id 9: Finder info
  b.writeUInt32BE(50, 30); // offset
  b.writeUInt32BE(32, 34); // length
  return b;
}
