/**
 * Migration 4: examiner annotations — tag definitions with colours, tags / bookmarks / notes on events, entities
 * and evidence items, each with who and when. Notes are append-only versions, so an edited or deleted note still
 * shows what it said before (a court wants to know a note was changed).
 *
 * Anchors are stable identities, never derived ids:
 * - an event is its record (kind + record id, the public `m12` / `c3` id) plus its evidence item: event keys are
 *   recomputed when the event stream is rebuilt, records are not. event_tags (migration 3) stays the index the
 *   timeline filter reads; it is kept in step with the event tags here and survives rebuilds by itself.
 * - an entity is the identity node the examiner annotated (the entity's id at that moment, which is a node id):
 *   entities are derived components of identity_nodes and their ids change on merge and split, nodes never do.
 *   After a merge the annotation shows on the merged entity; after a split it stays with the side its node is on.
 * - an evidence item is its id.
 */
import type { Migration } from './types';

/** The palette names (shared/annotations.ts TAG_COLOURS), frozen here as the CHECK the schema enforces. */
export const MIGRATION_004_COLOURS = ['orange', 'sky', 'green', 'yellow', 'blue', 'vermillion', 'purple', 'grey'] as const;

const COLOURS = MIGRATION_004_COLOURS.map((c) => `'${c}'`).join(', ');

// What an annotation is on: exactly one of the three anchors, and one text key for uniqueness.
const TARGET = `
  target TEXT NOT NULL CHECK (target IN ('event', 'entity', 'evidence')),
  evidence_id INTEGER REFERENCES evidence(id),     -- the event's evidence item, or the annotated item
  event_kind TEXT,                                 -- event: events.kind (message, call, contact, …)
  record_id INTEGER,                               -- event: id in the record table of that kind
  node_id INTEGER REFERENCES identity_nodes(id),   -- entity: the identity node it was made on
  target_key TEXT GENERATED ALWAYS AS (target || ':' || CASE target
    WHEN 'event' THEN event_kind || ':' || record_id WHEN 'entity' THEN node_id ELSE evidence_id END) VIRTUAL`;

// Exactly one anchor per target type (a table constraint: goes after every column).
const TARGET_CHECK = `
  CHECK (CASE target
    WHEN 'event' THEN evidence_id IS NOT NULL AND event_kind IS NOT NULL AND record_id IS NOT NULL AND node_id IS NULL
    WHEN 'entity' THEN node_id IS NOT NULL AND evidence_id IS NULL AND event_kind IS NULL AND record_id IS NULL
    ELSE evidence_id IS NOT NULL AND event_kind IS NULL AND record_id IS NULL AND node_id IS NULL END)`;

const WHO = `
  examiner TEXT NOT NULL CHECK (length(trim(examiner)) > 0),
  ts_utc TEXT NOT NULL`;

function appendOnly(table: string, why: string): string {
  return `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${why}'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${why}'); END;`;
}

// Tags already in event_tags (written by hand or by tests before this schema) become definitions and assignments.
const BEFORE = "'(before schema 4)'";
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export const migration004: Migration = {
  version: 4,
  name: 'annotations: tags, bookmarks and notes',
  sql: `
CREATE TABLE annotation_tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0 AND length(name) <= 200 AND name = trim(name)),
  colour TEXT NOT NULL CHECK (colour IN (${COLOURS})),
  description TEXT,
  created_by TEXT NOT NULL,
  created_utc TEXT NOT NULL
);

CREATE TABLE annotation_tag_links (
  id INTEGER PRIMARY KEY,
  tag_id INTEGER NOT NULL REFERENCES annotation_tags(id),
  ${TARGET},
  ${WHO},
  ${TARGET_CHECK}
);
CREATE UNIQUE INDEX annotation_tag_links_unique ON annotation_tag_links(target_key, tag_id);
CREATE INDEX annotation_tag_links_by_tag ON annotation_tag_links(tag_id);

CREATE TABLE annotation_bookmarks (
  id INTEGER PRIMARY KEY,
  label TEXT CHECK (label IS NULL OR length(trim(label)) > 0),
  ${TARGET},
  ${WHO},
  ${TARGET_CHECK}
);
CREATE UNIQUE INDEX annotation_bookmarks_unique ON annotation_bookmarks(target_key);

-- A note is its target and creation; what it says lives in its versions (append-only: an edit or a deletion is
-- a new version, the earlier text stays).
CREATE TABLE annotation_notes (
  id INTEGER PRIMARY KEY,
  ${TARGET},
  created_by TEXT NOT NULL,
  created_utc TEXT NOT NULL,
  ${TARGET_CHECK}
);
CREATE INDEX annotation_notes_by_target ON annotation_notes(target_key);
${appendOnly('annotation_notes', 'a note is changed by a new version')}

CREATE TABLE annotation_note_versions (
  note_id INTEGER NOT NULL REFERENCES annotation_notes(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  text TEXT CHECK (text IS NULL OR length(trim(text)) > 0),  -- NULL: this version deletes the note
  ${WHO},
  PRIMARY KEY (note_id, version)
) WITHOUT ROWID;
${appendOnly('annotation_note_versions', 'edit or delete a note by adding a version')}

INSERT INTO annotation_tags (name, colour, created_by, created_utc)
  SELECT tag, CASE (row_number() OVER (ORDER BY tag) - 1) % 8
      WHEN 0 THEN 'orange' WHEN 1 THEN 'sky' WHEN 2 THEN 'green' WHEN 3 THEN 'yellow'
      WHEN 4 THEN 'blue' WHEN 5 THEN 'vermillion' WHEN 6 THEN 'purple' ELSE 'grey' END,
    ${BEFORE}, ${NOW}
  FROM (SELECT DISTINCT tag FROM event_tags WHERE length(trim(tag)) > 0 AND tag = trim(tag));
INSERT OR IGNORE INTO annotation_tag_links (tag_id, target, evidence_id, event_kind, record_id, examiner, ts_utc)
  SELECT d.id, 'event', e.evidence_id, e.kind, e.record_id, ${BEFORE}, ${NOW}
  FROM event_tags t JOIN events e ON e.id = t.event_id JOIN annotation_tags d ON d.name = t.tag
  ORDER BY e.id, d.id;
`,
};
