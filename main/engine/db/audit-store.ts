/** Reading and appending audit-log rows; always called inside the transaction of the change it records. */
import type Database from 'better-sqlite3';
import { canonicalJson, entryHash, GENESIS_HASH, type StoredAuditEntry } from '../audit/chain';
import { TOOL_ID } from '../version';

export interface AuditActor {
  examiner: string;
}

/**
 * RFC 8785 forbids lone surrogates (I-JSON). Seized text can contain them, so in audit details they are
 * written as the six ASCII characters `\uD800` — visible, reversible and canonicalisable.
 */
export function auditSafe(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  if (Array.isArray(value)) return value.map(auditSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      Object.defineProperty(out, auditSafe(k) as string, { value: auditSafe(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Append one entry chained to the last; returns it. Must run inside the caller's transaction. */
export function appendAudit(db: Database.Database, actor: AuditActor, action: string, details: unknown): StoredAuditEntry {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prev_hash = last?.hash ?? GENESIS_HASH;
  const ts_utc = new Date().toISOString();
  // Store the canonical form so verification parses exactly what was hashed.
  const detailsCanonical = canonicalJson(auditSafe(details ?? {}));
  const entry = { seq, ts_utc, examiner: actor.examiner, tool_version: TOOL_ID, action, details: JSON.parse(detailsCanonical) as unknown, prev_hash };
  const hash = entryHash(entry);
  db.prepare('INSERT INTO audit_log (seq, ts_utc, examiner, tool_version, action, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    seq,
    ts_utc,
    actor.examiner,
    TOOL_ID,
    action,
    detailsCanonical,
    prev_hash,
    hash,
  );
  return { seq, ts_utc, examiner: actor.examiner, tool_version: TOOL_ID, action, details_json: detailsCanonical, prev_hash, hash };
}

export function auditRows(db: Database.Database): IterableIterator<StoredAuditEntry> {
  return db.prepare('SELECT seq, ts_utc, examiner, tool_version, action, details_json, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as IterableIterator<StoredAuditEntry>;
}

export function auditHead(db: Database.Database): { seq: number; hash: string } | undefined {
  return db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
}
