/** Migration 1: case metadata, audit log, evidence items and every record table with provenance and raw form. */
import type { Migration } from './types';

// Columns every record table carries: where it came from (provenance) and what it was (raw).
const PROVENANCE = `
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  seq INTEGER NOT NULL,            -- position among the evidence item's records, in source order
  src_member TEXT,                 -- zip member, when inside a container
  src_line INTEGER,                -- first line (or spreadsheet row)
  src_line_end INTEGER,
  src_path TEXT,                   -- JSON path / XML path / cell range
  src_offset INTEGER,              -- byte offset of the record in the file or member
  flags TEXT,                      -- JSON array of flag strings, NULL when none
  raw TEXT,                        -- the record as written
  -- raw_bytes: the original bytes when the text was not valid in its encoding
  raw_bytes BLOB`;

// Columns for a point in time: the UTC instant, and what the source said.
const TIME = `
  ts_utc INTEGER,                  -- UTC instant in ms; NULL when the source gives no usable time
  ts_raw TEXT,                     -- the timestamp text exactly as written
  ts_local TEXT,                   -- wall-clock time as read (ISO without zone), for zone-less formats
  ts_zone TEXT,                    -- the zone the wall time was read in, or 'UTC' for real instants
  -- ts_flags: JSON array of time flags (dst-gap, dst-overlap, no-unixtime …)
  ts_flags TEXT`;

export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE case_info (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  case_uuid TEXT NOT NULL,
  case_number TEXT NOT NULL,
  title TEXT,
  examiner TEXT NOT NULL,
  agency TEXT,
  tz TEXT NOT NULL,
  region TEXT,
  created_utc TEXT NOT NULL,
  created_by_tool TEXT NOT NULL
);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  ts_utc TEXT NOT NULL,
  examiner TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  action TEXT NOT NULL,
  details_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;

CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  path_given TEXT NOT NULL,
  path_resolved TEXT NOT NULL,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  sha1 TEXT NOT NULL,
  md5 TEXT NOT NULL,
  mtime_utc TEXT,
  format TEXT NOT NULL,
  layout TEXT,
  importer_version TEXT NOT NULL,
  tz TEXT NOT NULL,
  date_order TEXT,
  region TEXT,
  owner TEXT,
  options_json TEXT NOT NULL,
  accounting_json TEXT NOT NULL,
  facts_json TEXT NOT NULL,
  examiner TEXT NOT NULL,
  imported_utc TEXT NOT NULL,
  duplicate_of INTEGER REFERENCES evidence(id)
);
CREATE INDEX evidence_by_sha256 ON evidence(sha256);

CREATE TABLE chats (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  platform TEXT NOT NULL,
  name TEXT,
  chat_kind TEXT,
  ext_id TEXT,
  ${PROVENANCE},
  UNIQUE (evidence_id, key)
);

-- Accounts / participants exactly as the source writes them (a sender name, a number, the owner).
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  platform TEXT NOT NULL,
  display TEXT,
  is_owner INTEGER NOT NULL DEFAULT 0,
  implicit INTEGER NOT NULL DEFAULT 0,   -- 1 = created because a record named it, not declared by the source
  ${PROVENANCE},
  UNIQUE (evidence_id, key)
);

-- Hard identifiers the source states for an account, written together in one record about it.
CREATE TABLE account_identifiers (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL,
  value_raw TEXT NOT NULL,
  platform TEXT,
  label TEXT,
  UNIQUE (account_id, kind, value_raw)
);

CREATE TABLE chat_members (
  chat_id INTEGER NOT NULL REFERENCES chats(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  PRIMARY KEY (chat_id, account_id)
) WITHOUT ROWID;

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER REFERENCES chats(id),
  sender_account_id INTEGER REFERENCES accounts(id),
  sender_raw TEXT,
  direction TEXT,
  recipients_json TEXT,
  ${TIME},
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  ext_id TEXT,
  reply_to TEXT,
  forwarded_from TEXT,
  attachments_json TEXT,
  entities_json TEXT,
  ${PROVENANCE}
);
CREATE INDEX messages_by_time ON messages(ts_utc, evidence_id, seq);
CREATE INDEX messages_by_evidence ON messages(evidence_id, seq);
CREATE INDEX messages_by_chat ON messages(chat_id, ts_utc, seq);

CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER REFERENCES chats(id),
  account_id INTEGER REFERENCES accounts(id),
  ${TIME},
  direction TEXT NOT NULL,
  duration_s REAL,
  media TEXT,
  counterpart_raw TEXT,
  contact_name TEXT,
  caller_raw TEXT,
  ${PROVENANCE}
);
CREATE INDEX calls_by_time ON calls(ts_utc, evidence_id, seq);
CREATE INDEX calls_by_evidence ON calls(evidence_id, seq);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  name TEXT,
  identifiers_json TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  ${TIME},
  ${PROVENANCE}
);
CREATE INDEX contacts_by_evidence ON contacts(evidence_id, seq);

-- Spreadsheet rows, kept whole (every cell with its address, exact text, type and formula).
CREATE TABLE sheet_rows (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  sheet TEXT NOT NULL,
  row_number INTEGER NOT NULL,
  cells_json TEXT NOT NULL,
  is_header INTEGER NOT NULL DEFAULT 0,
  ${PROVENANCE},
  UNIQUE (evidence_id, key)
);

CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  row_id INTEGER REFERENCES sheet_rows(id),
  ${TIME},
  amount TEXT,
  currency TEXT,
  from_json TEXT,
  to_json TEXT,
  reference TEXT,
  description TEXT,
  ${PROVENANCE}
);
CREATE INDEX transactions_by_time ON transactions(ts_utc, evidence_id, seq);

-- Files inside a container export: hashed, never opened or executed.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  member TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT,
  status TEXT NOT NULL,
  reason TEXT,
  ${PROVENANCE}
);

-- Units read but not turned into records: rejected (raw + reason kept) and skipped.
CREATE TABLE skipped_units (
  id INTEGER PRIMARY KEY,
  outcome TEXT NOT NULL CHECK (outcome IN ('rejected', 'skipped')),
  count INTEGER NOT NULL,
  reason TEXT NOT NULL,
  ${PROVENANCE}
);
CREATE INDEX skipped_by_evidence ON skipped_units(evidence_id, seq);
`,
};
