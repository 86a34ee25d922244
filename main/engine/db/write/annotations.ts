/**
 * Writes for examiner annotations (migration 4): tag definitions, tag links, bookmarks, notes and note versions,
 * and event_tags kept in step with event tags (the index the timeline filter reads). Callers run these inside
 * Case.audited, so each change and its audit entry commit together.
 */
import type Database from 'better-sqlite3';

type Db = Database.Database;

/** A stable anchor (see migration 004): an event's record, an identity node, an evidence item. */
export type Anchor = { target: 'event'; evidenceId: number; kind: string; recordId: number } | { target: 'entity'; nodeId: number } | { target: 'evidence'; evidenceId: number };

/** The anchor as the target columns every annotation table has. */
export function anchorColumns(a: Anchor): { target: string; evidence_id: number | null; event_kind: string | null; record_id: number | null; node_id: number | null } {
  switch (a.target) {
    case 'event':
      return { target: 'event', evidence_id: a.evidenceId, event_kind: a.kind, record_id: a.recordId, node_id: null };
    case 'entity':
      return { target: 'entity', evidence_id: null, event_kind: null, record_id: null, node_id: a.nodeId };
    case 'evidence':
      return { target: 'evidence', evidence_id: a.evidenceId, event_kind: null, record_id: null, node_id: null };
    default: {
      const never: never = a;
      throw new Error(`unknown anchor ${JSON.stringify(never)}`);
    }
  }
}

/** The target_key the schema generates for this anchor (`event:message:12`, `entity:5`, `evidence:2`). */
export function anchorKey(a: Anchor): string {
  switch (a.target) {
    case 'event':
      return `event:${a.kind}:${a.recordId}`;
    case 'entity':
      return `entity:${a.nodeId}`;
    case 'evidence':
      return `evidence:${a.evidenceId}`;
    default: {
      const never: never = a;
      throw new Error(`unknown anchor ${JSON.stringify(never)}`);
    }
  }
}

const TARGET_VALUES = '@target, @evidence_id, @event_kind, @record_id, @node_id';
const TARGET_COLS = 'target, evidence_id, event_kind, record_id, node_id';

export function insertTagDef(db: Db, t: { name: string; colour: string; description: string | null; examiner: string; at: string }): number {
  return Number(
    db.prepare('INSERT INTO annotation_tags (name, colour, description, created_by, created_utc) VALUES (?, ?, ?, ?, ?)').run(t.name, t.colour, t.description, t.examiner, t.at).lastInsertRowid,
  );
}

export function updateTagDef(db: Db, id: number, colour: string, description: string | null): void {
  db.prepare('UPDATE annotation_tags SET colour = ?, description = ? WHERE id = ?').run(colour, description, id);
}

/** Link a tag to a target; false when it was already there. */
export function insertTagLink(db: Db, tagId: number, a: Anchor, examiner: string, at: string): boolean {
  return (
    db
      .prepare(`INSERT OR IGNORE INTO annotation_tag_links (tag_id, ${TARGET_COLS}, examiner, ts_utc) VALUES (@tag, ${TARGET_VALUES}, @examiner, @at)`)
      .run({ tag: tagId, ...anchorColumns(a), examiner, at }).changes === 1
  );
}

/** Unlink a tag from a target; false when it was not there. */
export function deleteTagLink(db: Db, tagId: number, a: Anchor): boolean {
  return db.prepare('DELETE FROM annotation_tag_links WHERE target_key = ? AND tag_id = ?').run(anchorKey(a), tagId).changes === 1;
}

/** Mirror an event tag into event_tags (the timeline filter's index) under the event's current key. */
export function setEventTag(db: Db, tag: string, eventKey: bigint, on: boolean): void {
  if (on) db.prepare('INSERT OR IGNORE INTO event_tags (tag, event_id) VALUES (?, ?)').run(tag, eventKey);
  else db.prepare('DELETE FROM event_tags WHERE tag = ? AND event_id = ?').run(tag, eventKey);
}

/** Bookmark a target (or change its label); returns 'added', 'relabelled' or 'unchanged'. */
export function upsertBookmark(db: Db, a: Anchor, label: string | null, examiner: string, at: string): 'added' | 'relabelled' | 'unchanged' {
  const key = anchorKey(a);
  const old = db.prepare('SELECT id, label FROM annotation_bookmarks WHERE target_key = ?').get(key) as { id: number; label: string | null } | undefined;
  if (!old) {
    db.prepare(`INSERT INTO annotation_bookmarks (label, ${TARGET_COLS}, examiner, ts_utc) VALUES (@label, ${TARGET_VALUES}, @examiner, @at)`).run({ label, ...anchorColumns(a), examiner, at });
    return 'added';
  }
  if (old.label === label) return 'unchanged';
  db.prepare('UPDATE annotation_bookmarks SET label = ?, examiner = ?, ts_utc = ? WHERE id = ?').run(label, examiner, at, old.id);
  return 'relabelled';
}

/** Remove a bookmark; returns its label, or undefined when there was none. */
export function deleteBookmark(db: Db, a: Anchor): { label: string | null } | undefined {
  const key = anchorKey(a);
  const old = db.prepare('SELECT label FROM annotation_bookmarks WHERE target_key = ?').get(key) as { label: string | null } | undefined;
  if (old) db.prepare('DELETE FROM annotation_bookmarks WHERE target_key = ?').run(key);
  return old;
}

/** A new note with its first version; returns the note id. */
export function insertNote(db: Db, a: Anchor, text: string, examiner: string, at: string): number {
  const id = Number(db.prepare(`INSERT INTO annotation_notes (${TARGET_COLS}, created_by, created_utc) VALUES (${TARGET_VALUES}, @examiner, @at)`).run({ ...anchorColumns(a), examiner, at }).lastInsertRowid);
  insertNoteVersion(db, id, 1, text, examiner, at);
  return id;
}

/** Append a version (text null = the note is deleted); earlier versions stay (the table refuses changes). */
export function insertNoteVersion(db: Db, noteId: number, version: number, text: string | null, examiner: string, at: string): void {
  db.prepare('INSERT INTO annotation_note_versions (note_id, version, text, examiner, ts_utc) VALUES (?, ?, ?, ?, ?)').run(noteId, version, text, examiner, at);
}
