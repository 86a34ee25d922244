/**
 * Reads for examiner annotations (migration 4): tag definitions, and every tag link, bookmark and note (with all
 * its versions) by target, plus the lookups that check a target exists before it is annotated. Nothing writes.
 */
import type Database from 'better-sqlite3';

type Db = Database.Database;

export interface TagDefRow {
  id: number;
  name: string;
  colour: string;
  description: string | null;
  created_by: string;
  created_utc: string;
  uses: number;
}

export function tagDefs(db: Db): TagDefRow[] {
  return db
    .prepare(
      `SELECT d.id, d.name, d.colour, d.description, d.created_by, d.created_utc, (SELECT COUNT(*) FROM annotation_tag_links l WHERE l.tag_id = d.id) AS uses
       FROM annotation_tags d ORDER BY d.name, d.id`,
    )
    .all() as TagDefRow[];
}

export function tagDefByName(db: Db, name: string): Omit<TagDefRow, 'uses'> | undefined {
  return db.prepare('SELECT id, name, colour, description, created_by, created_utc FROM annotation_tags WHERE name = ?').get(name) as Omit<TagDefRow, 'uses'> | undefined;
}

/** The target columns every annotation row carries. */
export interface TargetRow {
  target: 'event' | 'entity' | 'evidence';
  evidence_id: number | null;
  event_kind: string | null;
  record_id: number | null;
  node_id: number | null;
  target_key: string;
}

// target_key is not selected: reading a virtual generated column costs ~30 µs a row; it is rebuilt in JS (withKey).
const T = 'x.target, x.evidence_id, x.event_kind, x.record_id, x.node_id';

/** The target_key the schema generates (`event:message:12`, `entity:5`, `evidence:2`), from the anchor columns. */
function withKey<R extends Omit<TargetRow, 'target_key'>>(r: R): R & { target_key: string } {
  const key = r.target === 'event' ? `event:${r.event_kind}:${r.record_id}` : r.target === 'entity' ? `entity:${r.node_id}` : `evidence:${r.evidence_id}`;
  return Object.assign(r, { target_key: key });
}

export interface TagLinkRow extends TargetRow {
  name: string;
  colour: string;
  examiner: string;
  ts_utc: string;
}

/** Every tag link, in the order they were made. */
export function tagLinks(db: Db): TagLinkRow[] {
  return (db.prepare(`SELECT ${T}, d.name, d.colour, x.examiner, x.ts_utc FROM annotation_tag_links x JOIN annotation_tags d ON d.id = x.tag_id ORDER BY x.id`).all() as Omit<TagLinkRow, 'target_key'>[]).map(withKey);
}

export interface BookmarkRow extends TargetRow {
  label: string | null;
  examiner: string;
  ts_utc: string;
}

export function bookmarks(db: Db): BookmarkRow[] {
  return (db.prepare(`SELECT ${T}, x.label, x.examiner, x.ts_utc FROM annotation_bookmarks x ORDER BY x.id`).all() as Omit<BookmarkRow, 'target_key'>[]).map(withKey);
}

export interface NoteRow extends TargetRow {
  id: number;
  created_by: string;
  created_utc: string;
}

export interface NoteVersionRow {
  note_id: number;
  version: number;
  text: string | null;
  examiner: string;
  ts_utc: string;
}

export function notes(db: Db): NoteRow[] {
  return (db.prepare(`SELECT x.id, ${T}, x.created_by, x.created_utc FROM annotation_notes x ORDER BY x.id`).all() as Omit<NoteRow, 'target_key'>[]).map(withKey);
}

/** Every version of every note, by note then version. */
export function noteVersions(db: Db): NoteVersionRow[] {
  return db.prepare('SELECT note_id, version, text, examiner, ts_utc FROM annotation_note_versions ORDER BY note_id, version').all() as NoteVersionRow[];
}

/** One note with its latest version, or undefined. */
export function noteWithLatest(db: Db, id: number): (NoteRow & { version: number; text: string | null }) | undefined {
  const r = db
    .prepare(
      `SELECT x.id, ${T}, x.created_by, x.created_utc, v.version, v.text
       FROM annotation_notes x JOIN annotation_note_versions v ON v.note_id = x.id
       WHERE x.id = ? ORDER BY v.version DESC LIMIT 1`,
    )
    .get(id) as (Omit<NoteRow, 'target_key'> & { version: number; text: string | null }) | undefined;
  return r && withKey(r);
}

const RECORD_TABLE: Record<string, string> = { message: 'messages', call: 'calls', contact: 'contacts', transaction: 'transactions', row: 'sheet_rows', file: 'attachments' };

/** The evidence item of a record of an event kind, or undefined when there is no such record. */
export function recordEvidence(db: Db, kind: string, recordId: number): number | undefined {
  const table = RECORD_TABLE[kind];
  if (!table) return undefined;
  return (db.prepare(`SELECT evidence_id FROM ${table} WHERE id = ?`).get(recordId) as { evidence_id: number } | undefined)?.evidence_id;
}

/** The record behind an event key, or undefined when no event has that key. */
export function eventByKey(db: Db, key: bigint): { kind: string; record_id: number; evidence_id: number } | undefined {
  return db.prepare('SELECT kind, record_id, evidence_id FROM events WHERE id = ?').get(key) as { kind: string; record_id: number; evidence_id: number } | undefined;
}

export function evidenceName(db: Db, id: number): { id: number; file_name: string; sha256: string } | undefined {
  return db.prepare('SELECT id, file_name, sha256 FROM evidence WHERE id = ?').get(id) as { id: number; file_name: string; sha256: string } | undefined;
}

/** A node and the entity it is in now. */
export function nodeEntity(db: Db, nodeId: number): { id: number; entity_id: number; type: string; kind: string | null; value: string | null; account_id: number | null } | undefined {
  return db.prepare('SELECT id, entity_id, type, kind, value, account_id FROM identity_nodes WHERE id = ?').get(nodeId) as
    | { id: number; entity_id: number; type: string; kind: string | null; value: string | null; account_id: number | null }
    | undefined;
}

export function tagLinkExists(db: Db, tagId: number, targetKey: string): boolean {
  return db.prepare('SELECT 1 FROM annotation_tag_links WHERE target_key = ? AND tag_id = ?').get(targetKey, tagId) !== undefined;
}

export function bookmarkOf(db: Db, targetKey: string): { label: string | null } | undefined {
  return db.prepare('SELECT label FROM annotation_bookmarks WHERE target_key = ?').get(targetKey) as { label: string | null } | undefined;
}
