/** `verify`: SQLite integrity_check, the audit chain recomputed, and the sources re-hashed against intake. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from './case';
import { verifyChain, type ChainVerdict } from './audit/chain';
import { auditRows } from './db/audit-store';
import { listEvidence } from './db/read/evidence';
import { sha256File } from './intake/hash';

export interface SourceCheck {
  evidence: number;
  file: string;
  expected: string;
  status: 'match' | 'mismatch' | 'not-found';
  checkedPath?: string;
  actual?: string;
}

export interface VerifyReport {
  ok: boolean;
  integrity: { ok: boolean; messages: string[] };
  chain: ChainVerdict;
  sources: SourceCheck[];
}

function findByName(dir: string, name: string, depth = 6): string[] {
  const out: string[] = [];
  const walk = (d: string, level: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isFile() && e.name === name) out.push(p);
      else if (e.isDirectory() && level < depth) walk(p, level + 1);
    }
  };
  walk(dir, 0);
  return out;
}

export async function verifyCase(c: Case, opts: { sourcesDir?: string } = {}): Promise<VerifyReport> {
  const rows = c.db.pragma('integrity_check') as { integrity_check: string }[];
  const messages = rows.map((r) => r.integrity_check);
  const integrity = { ok: messages.length === 1 && messages[0] === 'ok', messages };
  const chain = verifyChain(auditRows(c.db));

  const sources: SourceCheck[] = [];
  for (const ev of listEvidence(c.db)) {
    const candidates: string[] = [];
    if (opts.sourcesDir) candidates.push(...findByName(opts.sourcesDir, ev.file_name));
    if (existsSync(ev.path_resolved)) candidates.push(ev.path_resolved);
    const check: SourceCheck = { evidence: ev.id, file: ev.file_name, expected: ev.sha256, status: 'not-found' };
    for (const p of candidates) {
      try {
        if (!statSync(p).isFile()) continue;
        const h = await sha256File(p);
        check.checkedPath = p;
        check.actual = h.sha256;
        check.status = h.sha256 === ev.sha256 ? 'match' : 'mismatch';
        if (check.status === 'match') break;
      } catch {
        // unreadable candidate: keep looking
      }
    }
    sources.push(check);
  }
  const ok = integrity.ok && chain.ok && !sources.some((s) => s.status === 'mismatch');
  c.audit('case-verified', {
    ok,
    integrity_ok: integrity.ok,
    chain_ok: chain.ok,
    chain_head: chain.ok ? chain.head : null,
    first_bad_seq: chain.ok ? null : chain.firstBadSeq,
    sources: sources.map((s) => ({ evidence: s.evidence, status: s.status, path: s.checkedPath ?? null })),
  });
  return { ok, integrity, chain, sources };
}
