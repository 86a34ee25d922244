/** One streaming pass over a source computes SHA-256 (primary), SHA-1 and MD5 (to match acquisition reports) and size. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileHashes {
  size: number;
  sha256: string;
  sha1: string;
  md5: string;
}

export async function hashFile(path: string, onProgress?: (bytes: number) => void): Promise<FileHashes> {
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  const md5 = createHash('md5');
  let size = 0;
  for await (const chunk of createReadStream(path, { flags: 'r', highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    sha256.update(b);
    sha1.update(b);
    md5.update(b);
    size += b.length;
    onProgress?.(size);
  }
  return { size, sha256: sha256.digest('hex'), sha1: sha1.digest('hex'), md5: md5.digest('hex') };
}

/** SHA-256 only: the re-hash after parsing that proves the parsed bytes are the hashed bytes. */
export async function sha256File(path: string): Promise<{ size: number; sha256: string }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { flags: 'r', highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: h.digest('hex') };
}
