/**
 * Re-hashing an evidence item's source file against the SHA-256 taken at intake: one place for `verify` and for
 * the verification a report states. Looks where the item was imported from, then (optionally) for files of the
 * same name under a folder the examiner names — originals are often moved to an evidence store after import.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceRow } from '../db/read/evidence';
import { sha256File } from './hash';

export interface SourceRecheck {
  status: 'match' | 'mismatch' | 'not-found';
  /** The file whose hash is reported (the matching one, else the last one read). */
  checkedPath: string | null;
  actual: string | null;
}

/** Files named `name` under `dir`, depth-limited, in a stable (sorted) order so two runs name the same file. */
export function findByName(dir: string, name: string, depth = 6): string[] {
  const out: string[] = [];
  const walk = (d: string, level: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isFile() && e.name === name) out.push(p);
      else if (e.isDirectory() && level < depth) walk(p, level + 1);
    }
  };
  walk(dir, 0);
  return out;
}

/** Re-hash one item's source: the imported path first, then same-named files under sourcesDir; the first match wins. */
export async function recheckSource(ev: Pick<EvidenceRow, 'path_resolved' | 'file_name' | 'sha256'>, sourcesDir?: string | null): Promise<SourceRecheck> {
  const candidates: string[] = [];
  if (existsSync(ev.path_resolved)) candidates.push(ev.path_resolved);
  if (sourcesDir) for (const p of findByName(sourcesDir, ev.file_name)) if (!candidates.includes(p)) candidates.push(p);
  const out: SourceRecheck = { status: 'not-found', checkedPath: null, actual: null };
  for (const p of candidates) {
    try {
      if (!statSync(p).isFile()) continue;
      const h = await sha256File(p);
      out.checkedPath = p;
      out.actual = h.sha256;
      out.status = h.sha256 === ev.sha256 ? 'match' : 'mismatch';
      if (out.status === 'match') break;
    } catch {
      // An unreadable candidate: keep looking; the status says what was found.
    }
  }
  return out;
}
