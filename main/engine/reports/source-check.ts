/**
 * The `verify` result at report time, computed without writing to the case: integrity_check, the audit chain
 * recomputed, and each evidence file re-hashed (where it was imported from, or found by name under a folder).
 * `threadline verify` audits its run; a report records its verification inside its own report-exported entry.
 */
import { verifyChain, type ChainVerdict } from '../audit/chain';
import type { SqlDb } from '../db/case-db';
import { auditRows } from '../db/audit-store';
import type { EvidenceRow } from '../db/read/evidence';
import { integrityCheck } from '../db/read/report';
import { recheckSource } from '../intake/recheck';
import type { SourceCheckOut } from './types';

/** Re-hash each evidence file (see intake/recheck.ts: the imported path, then same-named files under sourcesDir). */
export async function checkSources(evidence: EvidenceRow[], sourcesDir: string | null, onItem?: (done: number) => void): Promise<Map<number, SourceCheckOut>> {
  const out = new Map<number, SourceCheckOut>();
  let done = 0;
  for (const ev of evidence) {
    out.set(ev.id, await recheckSource(ev, sourcesDir));
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
