/**
 * The `verify` result at report time, computed without writing to the case: integrity_check, the audit chain
 * recomputed, and each evidence file re-hashed (where it was imported from, or found by name under a folder).
 * `threadline verify` audits its run; a report records its verification inside its own report-exported entry.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { verifyChain, type ChainVerdict } from '../audit/chain';
import type { SqlDb } from '../db/case-db';
import { auditRows } from '../db/audit-store';
import type { EvidenceRow } from '../db/read/evidence';
import { integrityCheck } from '../db/read/report';
import { sha256File } from '../intake/hash';
import type { SourceCheckOut } from './types';

/** Files named `name` under `dir` (depth-limited, as `verify --sources` searches), in a stable order. */
function findByName(dir: string, name: string, depth = 6): string[] {
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

/** Re-hash each evidence file; the first candidate whose SHA-256 matches wins, else the last one read. */
export async function checkSources(evidence: EvidenceRow[], sourcesDir: string | null, onItem?: (done: number) => void): Promise<Map<number, SourceCheckOut>> {
  const out = new Map<number, SourceCheckOut>();
  let done = 0;
  for (const ev of evidence) {
    const candidates: string[] = [];
    if (existsSync(ev.path_resolved)) candidates.push(ev.path_resolved);
    if (sourcesDir) for (const p of findByName(sourcesDir, ev.file_name)) if (!candidates.includes(p)) candidates.push(p);
    const check: SourceCheckOut = { status: 'not-found', checkedPath: null, actual: null };
    for (const p of candidates) {
      try {
        if (!statSync(p).isFile()) continue;
        const h = await sha256File(p);
        check.checkedPath = p;
        check.actual = h.sha256;
        check.status = h.sha256 === ev.sha256 ? 'match' : 'mismatch';
        if (check.status === 'match') break;
      } catch {
        // An unreadable candidate: keep looking; the status says what was found.
      }
    }
    out.set(ev.id, check);
    onItem?.(++done);
  }
  return out;
}

export function notChecked(evidence: EvidenceRow[]): Map<number, SourceCheckOut> {
  return new Map(evidence.map((e) => [e.id, { status: 'not-checked', checkedPath: null, actual: null }]));
}

export function checkDatabase(db: SqlDb): { integrity: { ok: boolean; messages: string[] }; chain: ChainVerdict } {
  const messages = integrityCheck(db);
  return { integrity: { ok: messages.length === 1 && messages[0] === 'ok', messages }, chain: verifyChain(auditRows(db)) };
}
