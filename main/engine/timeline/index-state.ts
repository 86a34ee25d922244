/** Bringing the event stream up to date before a read-out: items imported before schema 3 are indexed once, audited. */
import type { Case } from '../case';
import { indexPendingEvents, unindexedEvidenceIds, EVENT_INDEXER_VERSION, type EventIndexRun } from '../db/write/events';

/** Index any evidence item not yet in the event stream (no-op when all are). Needs the case open for writing. */
export function ensureEventsIndexed(c: Case): EventIndexRun[] {
  if (unindexedEvidenceIds(c.db).length === 0) return [];
  return c.audited('events-indexed', () => {
    const runs = indexPendingEvents(c.db);
    return { result: runs, details: { indexer_version: EVENT_INDEXER_VERSION, items: runs } };
  });
}
