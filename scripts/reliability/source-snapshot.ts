/**
 * Snapshots of an evidence folder (every entry's type, size, SHA-256 and mtime, and the listing itself) to prove
 * that importing and reporting leave the sources untouched: no byte changed, no -wal/-shm/temp file beside them.
 */
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface EntrySnap {
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  mode: number;
  mtimeMs: number;
  sha256?: string;
  target?: string;
}

export type Snapshot = Record<string, EntrySnap>;

/** Walks without following symlinks (a link is recorded as a link, with its target). */
export function snapshot(root: string): Snapshot {
  const out: Snapshot = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      const key = relative(root, p);
      if (st.isSymbolicLink()) out[key] = { type: 'symlink', size: st.size, mode: st.mode, mtimeMs: st.mtimeMs, target: readlinkSync(p) };
      else if (st.isDirectory()) {
        out[key] = { type: 'dir', size: 0, mode: st.mode, mtimeMs: st.mtimeMs };
        walk(p);
      } else if (st.isFile()) out[key] = { type: 'file', size: st.size, mode: st.mode, mtimeMs: st.mtimeMs, sha256: createHash('sha256').update(readFileSync(p)).digest('hex') };
      else out[key] = { type: 'other', size: st.size, mode: st.mode, mtimeMs: st.mtimeMs };
    }
  };
  walk(root);
  return out;
}

/** Differences between two snapshots, one line each (empty = identical). */
export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [k, a] of Object.entries(before)) {
    const b = after[k];
    if (!b) {
      out.push(`${k}: removed`);
      continue;
    }
    for (const f of ['type', 'size', 'mode', 'mtimeMs', 'sha256', 'target'] as const) {
      if (a[f] !== b[f]) out.push(`${k}: ${f} ${String(a[f])} -> ${String(b[f])}`);
    }
  }
  for (const k of Object.keys(after)) if (!(k in before)) out.push(`${k}: appeared`);
  return out;
}

/** Make a tree read-only (files 0444, folders 0555) or writable again, without following symlinks. */
export function setTreeWritable(root: string, writable: boolean): void {
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if (writable) chmodSync(p, 0o755);
        walk(p);
        if (!writable) chmodSync(p, 0o555);
      } else chmodSync(p, writable ? 0o644 : 0o444);
    }
  };
  if (writable) chmodSync(root, 0o755);
  walk(root);
  if (!writable) chmodSync(root, 0o555);
}
