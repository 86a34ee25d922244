/** Read-only access to one evidence file: streams of its bytes, and its zip members when it is a zip. */
import { createReadStream, realpathSync, type ReadStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { openSafeZip, type SafeZip, type ZipLimits, DEFAULT_ZIP_LIMITS } from './zip';

export class SourceFile {
  readonly pathGiven: string;
  readonly path: string;
  /**
   * The real path (every symlink resolved) at intake: an evidence file that is a link out of the export
   * folder is recorded with both the path as given and where its bytes really came from.
   */
  readonly pathResolved: string;
  readonly name: string;
  readonly size: number;
  readonly zipLimits: ZipLimits;
  private zipPromise: Promise<SafeZip> | undefined;

  constructor(pathGiven: string, size: number, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS) {
    this.pathGiven = pathGiven;
    this.path = resolve(pathGiven);
    this.pathResolved = realPath(this.path);
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

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // A dangling link or a vanished file: opening it fails next with a clear error; record the path as resolved.
    return path;
  }
}
