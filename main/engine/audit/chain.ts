/**
 * The audit chain: each entry's hash is SHA-256 over the RFC 8785 canonical JSON of the entry and the
 * previous entry's hash, so a third party can recompute it with any JCS implementation.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  ts_utc: string;
  examiner: string;
  tool_version: string;
  action: string;
  details: unknown;
  prev_hash: string;
}

export interface StoredAuditEntry {
  seq: number;
  ts_utc: string;
  examiner: string;
  tool_version: string;
  action: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

export function canonicalJson(value: unknown): string {
  const s = canonicalize(value);
  if (s === undefined) throw new Error('value cannot be canonicalised');
  return s;
}

export function entryHash(entry: AuditEntry): string {
  return createHash('sha256').update(canonicalJson(entry), 'utf8').digest('hex');
}

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; firstBadSeq: number; problem: string };

/** Recompute the chain over stored entries in seq order; names the first entry that does not hold. */
export function verifyChain(rows: Iterable<StoredAuditEntry>): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let n = 0;
  for (const row of rows) {
    n++;
    if (row.seq !== expectedSeq) {
      return { ok: false, entries: n, firstBadSeq: row.seq, problem: `entry ${expectedSeq} is missing (found ${row.seq} next)` };
    }
    if (row.prev_hash !== prev) {
      return { ok: false, entries: n, firstBadSeq: row.seq, problem: `entry ${row.seq} does not point at the hash of entry ${row.seq - 1}` };
    }
    let details: unknown;
    try {
      details = JSON.parse(row.details_json);
    } catch {
      return { ok: false, entries: n, firstBadSeq: row.seq, problem: `entry ${row.seq} has unreadable details` };
    }
    const h = entryHash({ seq: row.seq, ts_utc: row.ts_utc, examiner: row.examiner, tool_version: row.tool_version, action: row.action, details, prev_hash: row.prev_hash });
    if (h !== row.hash) {
      return { ok: false, entries: n, firstBadSeq: row.seq, problem: `entry ${row.seq} was altered (its hash does not match its content)` };
    }
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries: n, head: prev };
}
