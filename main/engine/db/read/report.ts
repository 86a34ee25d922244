/**
 * Reads only reports need: the audit log summarised and paged, the chain head's time, integrity_check, suggestion
 * counts, tagged events, and when each entity was first and last seen. Nothing here writes.
 */
import type Database from 'better-sqlite3';
import type { StoredAuditEntry } from '../../audit/chain';

type Db = Database.Database;

export interface AuditHeadRow {
  seq: number;
  ts_utc: string;
  hash: string;
}

/** The last audit entry (the chain head), or undefined for an empty log. */
export function auditHeadRow(db: Db): AuditHeadRow | undefined {
  return db.prepare('SELECT seq, ts_utc, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditHeadRow | undefined;
}

export interface AuditActionCount {
  action: string;
  count: number;
  first: string;
  last: string;
}

/** Entries per action with the first and last time each was recorded, in order of first appearance. */
export function auditByAction(db: Db): AuditActionCount[] {
  return db
    .prepare('SELECT action, COUNT(*) AS count, MIN(ts_utc) AS first, MAX(ts_utc) AS last FROM audit_log GROUP BY action ORDER BY MIN(seq)')
    .all() as AuditActionCount[];
}

/** An audit row as stored, every column (the chain's own definition). */
export type AuditFullRow = StoredAuditEntry;

/** Audit entries after a sequence number, in order, a page at a time. */
export function auditRowsAfter(db: Db, afterSeq: number, limit: number): AuditFullRow[] {
  return db
    .prepare('SELECT seq, ts_utc, examiner, tool_version, action, details_json, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(afterSeq, limit) as AuditFullRow[];
}

/** SQLite's full integrity check ("ok", or the problems found). */
export function integrityCheck(db: Db): string[] {
  return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
}

export function suggestionStatusCounts(db: Db): { open: number; confirmed: number; rejected: number } {
  const out = { open: 0, confirmed: 0, rejected: 0 };
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM identity_suggestions GROUP BY status').all() as { status: keyof typeof out; n: number }[]) {
    out[r.status] = r.n;
  }
  return out;
}

/** Events carrying tags, in event order, with their tags (sorted), at most `limit` events. */
export function taggedEvents(db: Db, limit: number): { key: bigint; tags: string[] }[] {
  const rows = db
    .prepare('SELECT event_id AS key, group_concat(tag, char(31)) AS tags FROM (SELECT event_id, tag FROM event_tags ORDER BY event_id, tag) GROUP BY event_id ORDER BY event_id LIMIT ?')
    .safeIntegers(true)
    .all(limit) as { key: bigint; tags: string }[];
  return rows.map((r) => ({ key: r.key, tags: r.tags.split('\u001f') }));
}

/** First and last UTC instant (ms) of the records where an entity's accounts act or its identifiers are used. */
export function entityTimeSpan(db: Db, entityId: number): { first: number | null; last: number | null } {
  const r = db
    .prepare(
      `WITH acc AS (SELECT account_id FROM identity_nodes WHERE entity_id = @e AND type = 'account'),
            occ AS (SELECT o.src_table, o.src_id FROM identity_occurrences o JOIN identity_nodes n ON n.id = o.node_id
                    WHERE n.entity_id = @e AND o.role != 'mentioned')
       SELECT MIN(ts) AS first, MAX(ts) AS last FROM (
         SELECT MIN(ts_utc) AS ts FROM messages WHERE sender_account_id IN (SELECT account_id FROM acc)
         UNION ALL SELECT MAX(ts_utc) FROM messages WHERE sender_account_id IN (SELECT account_id FROM acc)
         UNION ALL SELECT MIN(ts_utc) FROM calls WHERE account_id IN (SELECT account_id FROM acc)
         UNION ALL SELECT MAX(ts_utc) FROM calls WHERE account_id IN (SELECT account_id FROM acc)
         UNION ALL SELECT m.ts_utc FROM occ JOIN messages m ON occ.src_table = 'messages' AND m.id = occ.src_id
         UNION ALL SELECT c.ts_utc FROM occ JOIN calls c ON occ.src_table = 'calls' AND c.id = occ.src_id
         UNION ALL SELECT t.ts_utc FROM occ JOIN transactions t ON occ.src_table = 'transactions' AND t.id = occ.src_id
       ) WHERE ts IS NOT NULL`,
    )
    .get({ e: entityId }) as { first: number | null; last: number | null };
  return r;
}

/** Which of these entity ids exist (an entity id is the smallest node id of its component). */
export function existingEntities(db: Db, ids: readonly number[]): Set<number> {
  const out = new Set<number>();
  const q = db.prepare('SELECT 1 FROM identity_nodes WHERE entity_id = ? LIMIT 1');
  for (const id of ids) if (q.get(id) !== undefined) out.add(id);
  return out;
}
