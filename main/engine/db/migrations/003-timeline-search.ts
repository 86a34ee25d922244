/**
 * Migration 3: the unified event stream (one row per record the timeline or search shows, keyed by a
 * time-ordered integer), its pre-aggregated counts, a minimal tag table, and the full-text indexes.
 *
 * The event key is the design's centre. For a record with a usable instant it is `ts_utc * 2^20 + slot`, where
 * slot numbers the events sharing that exact millisecond in (evidence item, position in source) order; records
 * without a usable time get `2^62 + n` after every instant. So one integer orders the whole case by
 * (instant, evidence, source position); a timeline page is a rowid range scan at any depth, a cursor is one
 * integer, and because the full-text indexes use the same integer as their rowid, "newest first" and "within this
 * time range" are native FTS5 rowid orders and ranges instead of sorts over every match.
 * Instants outside 1691-04 … 2109-05 (garbage dates such as year 1601 or 9999) do not fit and are treated as
 * undated: searchable, never placed on the timeline, and counted so read-outs can say so.
 */
import type { Migration } from './types';

/**
 * Invisible and display-changing characters removed from the *indexed copy* of text (never from stored text):
 * soft hyphen, Mongolian vowel separator, zero-width and bidi marks, embeddings/overrides, invisible operators,
 * isolates, BOM, Arabic letter mark. The same set as identity's INVISIBLE_RE, so a word split by a zero-width
 * space or wrapped in RLO…PDF is still found; main/engine/search/scripts.ts mirrors it for queries.
 * Frozen with this migration: the view below must keep producing exactly what was indexed.
 */
export const INDEX_INVISIBLES: readonly number[] = [
  0x00ad, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067,
  0x2068, 0x2069, 0xfeff, 0x061c,
];

/** SQL for the indexed copy of a text expression: the invisibles above removed (expr is evaluated once). */
export function cleanSql(expr: string): string {
  let out = expr;
  for (const cp of INDEX_INVISIBLES) out = `replace(${out}, char(${cp}), '')`;
  return out;
}

/**
 * cleanSql for a plain column: ASCII text (as many bytes as characters, so no invisible marks and no NUL) skips
 * the replace chain. Only for column references — the expression appears three times.
 */
function cleanColumn(col: string): string {
  return `CASE WHEN octet_length(${col}) = length(${col}) THEN ${col} ELSE ${cleanSql(col)} END`;
}

/** Values of a JSON array of objects (`[{value: …}]`), space-joined in array order. */
function jsonValues(col: string, fields: string[]): string {
  const parts = fields.map((f) => `j.value ->> '$.${f}'`);
  return `(SELECT group_concat(v, ' ' ORDER BY o) FROM (${parts.map((p, i) => `SELECT j.key * ${fields.length} + ${i} AS o, ${p} AS v FROM json_each(${col}) j`).join(' UNION ALL ')}))`;
}

// What full-text search sees of each event: body text, names, file names.
const BODY = `CASE e.kind
    WHEN 'message' THEN ${cleanColumn('m.body')}
    WHEN 'call' THEN ${cleanSql("concat_ws(' ', c.counterpart_raw, c.caller_raw)")}
    WHEN 'contact' THEN ${cleanSql(`concat_ws(' ', ${jsonValues('k.identifiers_json', ['value'])}, ${jsonValues('k.fields_json', ['value'])})`)}
    WHEN 'transaction' THEN ${cleanSql(`concat_ws(' ', t.description, t.reference, t.amount, t.currency,
      CASE WHEN t.from_json IS NOT NULL THEN (SELECT group_concat(j.value ->> '$.value', ' ' ORDER BY j.key) FROM json_each(t.from_json, '$.identifiers') j) END,
      CASE WHEN t.to_json IS NOT NULL THEN (SELECT group_concat(j.value ->> '$.value', ' ' ORDER BY j.key) FROM json_each(t.to_json, '$.identifiers') j) END,
      CASE WHEN tr.cells_json IS NOT NULL THEN ${jsonValues('tr.cells_json', ['value', 'formula'])} END)`)}
    WHEN 'row' THEN ${cleanSql(jsonValues('r.cells_json', ['value', 'formula']))}
  END`;
const NAMES = `CASE e.kind
    WHEN 'call' THEN ${cleanColumn('c.contact_name')}
    WHEN 'contact' THEN ${cleanColumn('k.name')}
    WHEN 'transaction' THEN ${cleanSql("concat_ws(' ', t.from_json ->> '$.name', t.to_json ->> '$.name')")}
  END`;
const FILES = `CASE e.kind
    WHEN 'message' THEN CASE WHEN m.attachments_json IS NOT NULL THEN ${cleanSql("(SELECT group_concat(j.value ->> '$.name', ' ' ORDER BY j.key) FROM json_each(m.attachments_json) j)")} END
    WHEN 'file' THEN ${cleanColumn('a.member')}
  END`;

export const migration003: Migration = {
  version: 3,
  name: 'timeline events and full-text search',
  sql: `
-- Every record the timeline and search show. id is the event key (see the module comment); ts_utc is derived
-- from it and NULL for undated events. actor/counterpart are accounts (who acted, and the other party of a
-- one-to-one exchange); entities are resolved through identity_nodes at query time, since links can change.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('message', 'call', 'contact', 'transaction', 'row', 'file')),
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  seq INTEGER NOT NULL,                         -- the record's position in its evidence item (stable tiebreak)
  record_id INTEGER NOT NULL,                   -- id in messages / calls / contacts / transactions / sheet_rows / attachments
  chat_id INTEGER REFERENCES chats(id),
  actor_account_id INTEGER REFERENCES accounts(id),
  counterpart_account_id INTEGER REFERENCES accounts(id),
  has_attachment INTEGER NOT NULL DEFAULT 0,
  ts_utc INTEGER GENERATED ALWAYS AS (CASE WHEN id < 4611686018427387904 THEN id >> 20 END) VIRTUAL
);
-- One index per filter dimension, each ending in the key so every filter is an ordered range at any depth.
CREATE INDEX events_by_kind ON events(kind, id);
CREATE INDEX events_by_evidence ON events(evidence_id, id);
CREATE INDEX events_by_actor ON events(actor_account_id, id) WHERE actor_account_id IS NOT NULL;
CREATE INDEX events_by_counterpart ON events(counterpart_account_id, id) WHERE counterpart_account_id IS NOT NULL;
CREATE INDEX events_with_attachment ON events(id) WHERE has_attachment = 1;

-- Which evidence items are in the event stream, by which indexer version. Items must be indexed in id order
-- (slots follow evidence order), so the indexer refuses to index an item below one already indexed.
CREATE TABLE event_index_runs (
  evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id),
  indexer_version TEXT NOT NULL,
  ts_utc TEXT NOT NULL,
  dated INTEGER NOT NULL,
  undated INTEGER NOT NULL,
  out_of_range INTEGER NOT NULL,                -- had an instant, but outside the range the key can hold
  max_slot INTEGER NOT NULL,                    -- the largest slot used, for the overflow check
  gram_docs INTEGER NOT NULL
);

-- Exact counts per UTC quarter hour (every zone offset in use is a multiple of 15 minutes), rolled up into
-- display-zone buckets at query time: a whole-case histogram reads these, not the events.
CREATE TABLE event_quarters (
  quarter INTEGER NOT NULL,                     -- floor(ts_utc / 900000)
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (quarter, kind)
) WITHOUT ROWID;
CREATE TABLE event_quarters_by_evidence (
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  quarter INTEGER NOT NULL,
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (evidence_id, quarter, kind)
) WITHOUT ROWID;
-- Small exact totals for choosing which index drives a filtered query.
CREATE TABLE event_totals (
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  kind TEXT NOT NULL,
  dated INTEGER NOT NULL,
  n INTEGER NOT NULL,
  with_attachment INTEGER NOT NULL,
  PRIMARY KEY (evidence_id, kind, dated)
) WITHOUT ROWID;
CREATE TABLE event_party_counts (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (account_id, kind)
) WITHOUT ROWID;

-- Tags on events: the filter hook for annotations (a later schema may fill it from examiner tags).
CREATE TABLE event_tags (
  tag TEXT NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events(id),
  PRIMARY KEY (tag, event_id)
) WITHOUT ROWID;
CREATE INDEX event_tags_by_event ON event_tags(event_id, tag);

-- What full-text search indexes for each event, computed from the records (nothing is stored twice). Both FTS
-- tables read their snippets from here, so it must stay deterministic.
CREATE VIEW search_docs (id, evidence_id, kind, body, names, files) AS
SELECT e.id, e.evidence_id, e.kind, ${BODY}, ${NAMES}, ${FILES}
FROM events e
LEFT JOIN messages m ON e.kind = 'message' AND m.id = e.record_id
LEFT JOIN calls c ON e.kind = 'call' AND c.id = e.record_id
LEFT JOIN contacts k ON e.kind = 'contact' AND k.id = e.record_id
LEFT JOIN transactions t ON e.kind = 'transaction' AND t.id = e.record_id
LEFT JOIN sheet_rows tr ON e.kind = 'transaction' AND tr.id = t.row_id
LEFT JOIN sheet_rows r ON e.kind = 'row' AND r.id = e.record_id
LEFT JOIN attachments a ON e.kind = 'file' AND a.id = e.record_id;

-- Words: every event. unicode61 with combining marks kept inside tokens (Thai, Khmer, Burmese vowel signs),
-- case and Latin diacritics folded. Phrases, prefixes, AND/OR/NOT and bm25 ranking.
CREATE VIRTUAL TABLE search_words USING fts5(
  body, names, files,
  content = 'search_docs', content_rowid = 'id',
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);
-- Substrings: only events whose text contains a script written without spaces between words (Thai, Lao,
-- Khmer, Burmese, Tibetan, Chinese, Japanese), where a word is a substring of a longer run of letters.
CREATE VIRTUAL TABLE search_grams USING fts5(
  body, names, files,
  content = 'search_docs', content_rowid = 'id',
  tokenize = 'trigram remove_diacritics 1'
);
-- The events in search_grams (an external-content FTS table cannot list its own rows cheaply).
CREATE TABLE search_gram_docs (id INTEGER PRIMARY KEY);

-- Names for fuzzy search: account display names, contact names, chat names (trigram, for typo-tolerant candidates).
CREATE VIRTUAL TABLE search_names USING fts5(
  name, source UNINDEXED, ref UNINDEXED, evidence UNINDEXED,
  tokenize = 'trigram remove_diacritics 1'
);
`,
};
