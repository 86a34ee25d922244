/**
 * Evidence files offered to the renderer as opaque ids: files under the evidence roots given on the command line
 * (browser mode), files chosen in a native dialog (Electron), and copies uploaded into the staging folder. The
 * renderer only ever holds ids; the paths stay here, so it cannot name a file main did not offer.
 */
import { randomBytes } from 'node:crypto';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { SourceEntry, SourceListing } from '../../../shared/model';
import { ThreadlineError } from '../../engine/errors';

/** A listing stops here: evidence roots are folders of exports, not whole disks. */
export const MAX_LISTED_FILES = 5_000;
const MAX_DEPTH = 12;

interface Registered {
  entry: SourceEntry;
  path: string;
}

export interface EvidenceRoot {
  id: string;
  label: string;
  path: string;
}

function opaqueId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

export class SourceRegistry {
  private readonly byId = new Map<string, Registered>();
  private readonly byPath = new Map<string, string>();
  readonly roots: EvidenceRoot[];

  constructor(rootPaths: readonly string[]) {
    const seen = new Set<string>();
    this.roots = [];
    for (const p of rootPaths) {
      const path = resolve(p);
      if (seen.has(path)) continue;
      seen.add(path);
      this.roots.push({ id: opaqueId('r'), label: basename(path) || path, path });
    }
  }

  /** Offer a file (idempotent per path): returns its entry with a stable id for this session. */
  register(path: string, size: number, root: string, label: string, staged = false): SourceEntry {
    const full = resolve(path);
    const known = this.byPath.get(full);
    if (known) {
      const r = this.byId.get(known)!;
      r.entry.size = size;
      return r.entry;
    }
    const entry: SourceEntry = { id: opaqueId('s'), root, label, name: basename(full), size, staged };
    this.byId.set(entry.id, { entry, path: full });
    this.byPath.set(full, entry.id);
    return entry;
  }

  /** Register files chosen in a native dialog (Electron): each is its own root. */
  async registerChosen(paths: readonly string[]): Promise<SourceEntry[]> {
    const out: SourceEntry[] = [];
    for (const p of paths) {
      const st = await stat(p).catch(() => null);
      if (!st || !st.isFile()) continue;
      out.push(this.register(p, st.size, 'chosen', basename(p)));
    }
    return out;
  }

  entry(id: string): SourceEntry {
    return this.lookup(id).entry;
  }

  /** The path behind an id, or NOT_FOUND (an id main never issued, or one from an earlier session). */
  pathOf(id: string): string {
    return this.lookup(id).path;
  }

  private lookup(id: string): Registered {
    const r = this.byId.get(id);
    if (!r) {
      throw new ThreadlineError('NOT_FOUND', 'That evidence file is not one this session offered (the list may be from before a restart).', {
        hint: 'Reload the evidence list and choose the file again.',
      });
    }
    return r;
  }

  /** Every regular file under the evidence roots, by path inside its root; symlinks leading out of a root are skipped. */
  async list(): Promise<SourceListing> {
    const files: SourceEntry[] = [];
    const notes: string[] = [];
    let truncated = false;
    for (const root of this.roots) {
      let realRoot: string;
      try {
        realRoot = await realpath(root.path);
      } catch {
        notes.push(`Evidence folder "${root.label}" cannot be read (is the evidence drive mounted?).`);
        continue;
      }
      const walk = async (dir: string, depth: number): Promise<void> => {
        if (truncated || depth > MAX_DEPTH) return;
        let names: string[];
        try {
          names = (await readdir(dir)).sort();
        } catch {
          notes.push(`A folder in "${root.label}" cannot be read: ${relative(realRoot, dir) || '.'}`);
          return;
        }
        for (const name of names) {
          if (files.length >= MAX_LISTED_FILES) {
            truncated = true;
            return;
          }
          const p = join(dir, name);
          const l = await lstat(p).catch(() => null);
          if (!l) continue;
          let st = l;
          if (l.isSymbolicLink()) {
            const target = await realpath(p).catch(() => null);
            // Never follow a link out of the evidence folder (an export could point anywhere on the disk).
            if (!target || !(target === realRoot || target.startsWith(realRoot + sep))) continue;
            const s = await stat(target).catch(() => null);
            if (!s) continue;
            st = s;
          }
          if (st.isDirectory()) await walk(p, depth + 1);
          else if (st.isFile()) files.push(this.register(p, st.size, root.label, relative(realRoot, p).split(sep).join('/')));
        }
      };
      await walk(realRoot, 0);
    }
    if (truncated) notes.push(`Only the first ${MAX_LISTED_FILES.toLocaleString('en')} files are listed; start Threadline with a narrower --evidence folder.`);
    return { roots: this.roots.map((r) => ({ id: r.id, label: r.label })), files, truncated, notes };
  }
}
