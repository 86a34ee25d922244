/**
 * Safe, read-only zip access for container exports: refuses zip-slip names and zip bombs before anything is
 * inflated, caps what is inflated while reading, and never writes a member to disk.
 */
import { Transform, type Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ThreadlineError } from '../errors';

export interface ZipLimits {
  /** Most entries a container may hold. */
  maxEntries: number;
  /** Largest single member, inflated. */
  maxEntryBytes: number;
  /** Largest total of all members, inflated. */
  maxTotalBytes: number;
  /** Highest inflated:compressed ratio for members larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 32 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipMember {
  name: string;
  size: number;
  compressedSize: number;
  isDirectory: boolean;
  isSymlink: boolean;
  encrypted: boolean;
  /** Entries every exporter adds that are not evidence (`__MACOSX/`, `._*` AppleDouble files). */
  isPlatformJunk: boolean;
  entry: Entry;
}

export interface SafeZip {
  members: ZipMember[];
  /** Stream one member's inflated bytes, capped at its declared size. */
  open(member: ZipMember): Promise<Readable>;
  close(): void;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) reject(err ?? new Error('zip open failed'));
      else resolvePromise(zip);
    });
  });
}

function unsafeNameError(fileLabel: string, message: string): ThreadlineError {
  return new ThreadlineError('ZIP_UNSAFE', `The archive holds an entry with an unsafe name (${message}). Threadline refuses archives with path-traversal or absolute entry names.`, {
    file: fileLabel,
    hint: 'Examine the archive with a forensic zip tool; if the entry is genuine evidence, extract it under supervision and import the chat file itself.',
  });
}

/**
 * The member that holds the export's content (its chat text, result.json …) is a symbolic link: following it
 * could read any file on the examiner's machine, and its own bytes are only a path, so the archive is refused.
 */
export function symlinkContentError(fileLabel: string, memberName: string): ThreadlineError {
  return new ThreadlineError('ZIP_UNSAFE', `The archive's content file "${memberName}" is a symbolic link, not a file; Threadline does not follow links inside archives.`, {
    file: fileLabel,
    hint: 'Examine the archive with a forensic zip tool: the export was altered or made on a system that stored a link. Import the real chat file (extracted under supervision) instead.',
  });
}

export async function openSafeZip(path: string, fileLabel: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<SafeZip> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    throw new ThreadlineError('ZIP_CORRUPT', `The zip archive cannot be read: ${(err as Error).message}.`, {
      file: fileLabel,
      hint: 'The file may be truncated or not a zip. Re-acquire it from the device image, or import the chat text file directly.',
      cause: err,
    });
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ThreadlineError('ZIP_BOMB', `The archive declares ${zip.entryCount} entries, over the limit of ${limits.maxEntries}.`, {
      file: fileLabel,
      hint: 'This looks like a zip bomb. If it is genuine, split the export and import its parts.',
    });
  }
  const members: ZipMember[] = [];
  let total = 0;
  try {
    await new Promise<void>((done, fail) => {
      zip.on('entry', (entry: Entry) => {
        const name = entry.fileName;
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
        const member: ZipMember = {
          name,
          size: entry.uncompressedSize,
          compressedSize: entry.compressedSize,
          isDirectory: name.endsWith('/'),
          isSymlink: mode === S_IFLNK,
          encrypted: entry.isEncrypted(),
          isPlatformJunk: name.startsWith('__MACOSX/') || /(^|\/)\._[^/]*$/.test(name) || /(^|\/)\.DS_Store$/.test(name),
          entry,
        };
        total += member.size;
        if (member.size > limits.maxEntryBytes) {
          fail(new ThreadlineError('ZIP_BOMB', `Entry "${name}" declares ${member.size} bytes inflated, over the per-entry limit of ${limits.maxEntryBytes}.`, { file: fileLabel, hint: 'Refused as a possible zip bomb. Extract it under supervision if it is genuine.' }));
          return;
        }
        if (member.size > limits.ratioFloorBytes && member.size / Math.max(1, member.compressedSize) > limits.maxRatio) {
          fail(new ThreadlineError('ZIP_BOMB', `Entry "${name}" inflates ${Math.round(member.size / Math.max(1, member.compressedSize))}:1, over the ratio limit of ${limits.maxRatio}:1.`, { file: fileLabel, hint: 'Refused as a possible zip bomb. Extract it under supervision if it is genuine.' }));
          return;
        }
        if (total > limits.maxTotalBytes) {
          fail(new ThreadlineError('ZIP_BOMB', `The archive's entries add up to more than ${limits.maxTotalBytes} bytes inflated.`, { file: fileLabel, hint: 'Refused as a possible zip bomb.' }));
          return;
        }
        members.push(member);
        zip.readEntry();
      });
      zip.on('end', () => done());
      zip.on('error', (err: Error) => {
        const m = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/.exec(err.message);
        if (m) fail(unsafeNameError(fileLabel, `${m[1]}: "${m[2]}"`));
        else fail(new ThreadlineError('ZIP_CORRUPT', `The zip archive is damaged: ${err.message}.`, { file: fileLabel, hint: 'The file may be truncated. Re-acquire it from the device image.', cause: err }));
      });
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }

  return {
    members,
    open(member) {
      return new Promise((done, fail) => {
        zip.openReadStream(member.entry, (err, stream) => {
          if (err || !stream) {
            fail(new ThreadlineError('ZIP_CORRUPT', `Entry "${member.name}" cannot be read: ${err?.message ?? 'no stream'}.`, { file: fileLabel, hint: 'The archive may be truncated or encrypted.' }));
            return;
          }
          // yauzl already refuses more bytes than declared; this cap is a second, independent guard.
          let seen = 0;
          const cap = Math.min(member.size, limits.maxEntryBytes);
          const guard = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              seen += chunk.length;
              if (seen > cap) cb(new ThreadlineError('ZIP_BOMB', `Entry "${member.name}" inflates past its declared size.`, { file: fileLabel, hint: 'Refused as a possible zip bomb.' }));
              else cb(null, chunk);
            },
          });
          stream.on('error', (e: Error) => {
            // yauzl's own size check fires before the guard: an entry inflating past its declared size is a bomb, not damage.
            guard.destroy(e instanceof ThreadlineError ? e : /^too many bytes in the stream/.test(e.message) ? new ThreadlineError('ZIP_BOMB', `Entry "${member.name}" inflates past its declared size.`, { file: fileLabel, hint: 'Refused as a possible zip bomb.' }) : new ThreadlineError('ZIP_CORRUPT', `Entry "${member.name}" is damaged: ${e.message}.`, { file: fileLabel, hint: 'The archive may be truncated. Re-acquire it.' }));
          });
          done(stream.pipe(guard));
        });
      });
    },
    close() {
      zip.close();
    },
  };
}

/** True when the first bytes are a zip local-file or end-of-central-directory signature. */
export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06);
}
