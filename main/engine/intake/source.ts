/** Read-only access to one evidence file: streams of its bytes, and its zip members when it is a zip. */
import { createReadStream, type ReadStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { openSafeZip, type SafeZip, type ZipLimits, DEFAULT_ZIP_LIMITS } from './zip';

export class SourceFile {
  readonly pathGiven: string;
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly zipLimits: ZipLimits;
  private zipPromise: Promise<SafeZip> | undefined;

  constructor(pathGiven: string, size: number, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS) {
    this.pathGiven = pathGiven;
    this.path = resolve(pathGiven);
    this.name = basename(pathGiven);
    this.size = size;
    this.zipLimits = zipLimits;
  }

  /** A fresh read-only stream of the file's bytes (flag 'r': never creates or writes anything). */
  open(opts: { start?: number; end?: number; highWaterMark?: number } = {}): ReadStream {
    return createReadStream(this.path, { flags: 'r', highWaterMark: opts.highWaterMark ?? 1 << 20, start: opts.start, end: opts.end });
  }

  /** The file as a zip, opened once with the safety limits (zip-slip and zip-bomb checks). */
  zip(): Promise<SafeZip> {
    this.zipPromise ??= openSafeZip(this.path, this.name, this.zipLimits);
    return this.zipPromise;
  }

  async close(): Promise<void> {
    if (this.zipPromise) {
      const z = await this.zipPromise.catch(() => undefined);
      z?.close();
    }
  }
}
