/**
 * Migration 2: the identity graph. Nodes are distinct normalised identifiers and accounts; edges are links with
 * their rule and the records behind them; entities are the connected components (derived, recomputable), so
 * nothing is destroyed by a merge and every link can be undone. Examiner decisions are append-only.
 */
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'identity linking',
  sql: `
-- A node: one distinct valid identifier (kind + normalised value), one invalid occurrence (never shared, never
-- linked), or one account as a source wrote it.
CREATE TABLE identity_nodes (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('identifier', 'account')),
  kind TEXT,                        -- phone | email | username | wallet | iban | user-id | account; NULL for accounts
  value TEXT,                       -- normalised; for an invalid identifier the raw text; NULL for accounts
  valid INTEGER NOT NULL DEFAULT 1, -- 0: failed normalisation or checksum, never linked
  flags TEXT,                       -- JSON array about the value (confusable, mixed-script, invalid-phone …)
  match_key TEXT,                   -- folded look-alike form, for suggestions only
  account_id INTEGER REFERENCES accounts(id),
  used INTEGER NOT NULL DEFAULT 0,  -- 1 once a record shows it in use (not merely mentioned in a message)
  entity_id INTEGER NOT NULL,       -- derived: the smallest node id of its connected component
  CHECK ((type = 'account') = (account_id IS NOT NULL))
);
CREATE UNIQUE INDEX identity_nodes_by_value ON identity_nodes(kind, value) WHERE type = 'identifier' AND valid = 1;
CREATE UNIQUE INDEX identity_nodes_by_account ON identity_nodes(account_id) WHERE account_id IS NOT NULL;
CREATE INDEX identity_nodes_by_entity ON identity_nodes(entity_id);
CREATE INDEX identity_nodes_by_match ON identity_nodes(match_key) WHERE match_key IS NOT NULL;

-- Where an identifier was seen: every record, with its role and the raw form (message senders grouped per account).
-- The largest table (one row per record naming an identifier): its node and evidence ids are written by the
-- linker from rows it has just read or made, so they carry no FOREIGN KEY clause (a third of the insert cost);
-- 'threadline link --recompute' checks them instead.
CREATE TABLE identity_occurrences (
  id INTEGER PRIMARY KEY,
  node_id INTEGER NOT NULL,
  evidence_id INTEGER NOT NULL,
  role TEXT NOT NULL,               -- account | sender | recipient | call | contact-card | tx-from | tx-to | device-owner | mentioned
  src_table TEXT NOT NULL,          -- accounts | messages | calls | contacts | transactions | evidence
  src_id INTEGER NOT NULL,
  raw TEXT NOT NULL,
  label TEXT,
  flags TEXT,                       -- JSON array about how it was written (invisible-chars, international-prefix-00 …)
  -- count: records this row stands for; the first is src_id. Only records a query can list again are grouped:
  -- a sender's messages (same account and sender text), a number's calls (same party and number text), an
  -- address's messages (same recipient text); db/read/identity.ts occurrenceRecords lists them.
  count INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX identity_occurrences_by_node ON identity_occurrences(node_id);

-- Append-only examiner decisions; an undo is a new decision naming the one it undoes.
CREATE TABLE identity_decisions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('confirm', 'reject', 'merge', 'split', 'name', 'undo')),
  suggestion_id INTEGER REFERENCES identity_suggestions(id),
  a_node INTEGER REFERENCES identity_nodes(id),
  b_node INTEGER REFERENCES identity_nodes(id),
  name TEXT,
  undoes INTEGER UNIQUE REFERENCES identity_decisions(id),
  why TEXT NOT NULL CHECK (length(trim(why)) > 0),
  examiner TEXT NOT NULL,
  ts_utc TEXT NOT NULL,
  details_json TEXT NOT NULL
);
CREATE TRIGGER identity_decisions_no_update BEFORE UPDATE ON identity_decisions
  BEGIN SELECT RAISE(ABORT, 'identity_decisions is append-only: undo a decision with a new one'); END;
CREATE TRIGGER identity_decisions_no_delete BEFORE DELETE ON identity_decisions
  BEGIN SELECT RAISE(ABORT, 'identity_decisions is append-only: undo a decision with a new one'); END;

-- A link. Automatic ones carry the evidence item and the first record behind them (count = how many records);
-- examiner ones carry their decision. active is derived from decisions (cuts and undos) and recomputable.
CREATE TABLE identity_edges (
  id INTEGER PRIMARY KEY,
  a INTEGER NOT NULL REFERENCES identity_nodes(id),
  b INTEGER NOT NULL REFERENCES identity_nodes(id),
  rule TEXT NOT NULL,
  evidence_id INTEGER REFERENCES evidence(id),
  src_table TEXT,
  src_id INTEGER,
  count INTEGER NOT NULL DEFAULT 1,
  decision_id INTEGER REFERENCES identity_decisions(id),
  active INTEGER NOT NULL DEFAULT 1,
  CHECK (a < b),
  CHECK ((evidence_id IS NULL) = (decision_id IS NOT NULL))
);
-- Also the lookup by a; examiner edges (evidence_id NULL) never conflict, as NULLs are distinct.
CREATE UNIQUE INDEX identity_edges_unique ON identity_edges(a, b, rule, evidence_id);
CREATE INDEX identity_edges_by_b ON identity_edges(b);

-- Edges a split decision cut.
CREATE TABLE identity_cuts (
  edge_id INTEGER NOT NULL REFERENCES identity_edges(id),
  decision_id INTEGER NOT NULL REFERENCES identity_decisions(id),
  PRIMARY KEY (edge_id, decision_id)
) WITHOUT ROWID;

-- Display names seen for a node (never identifiers): for naming entities and suggesting.
CREATE TABLE identity_names (
  id INTEGER PRIMARY KEY,
  node_id INTEGER NOT NULL REFERENCES identity_nodes(id),
  name TEXT NOT NULL,
  norm TEXT NOT NULL,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  src_table TEXT NOT NULL,
  src_id INTEGER NOT NULL,
  flags TEXT,
  UNIQUE (node_id, name, evidence_id)
);
CREATE INDEX identity_names_by_norm ON identity_names(norm);
-- Words of each distinct folded name (and each word's first three letters), to find names spelled alike.
CREATE TABLE identity_name_tokens (
  token TEXT NOT NULL,
  norm TEXT NOT NULL,
  PRIMARY KEY (token, norm)
) WITHOUT ROWID;

-- "Maybe the same person": never a link by itself. status mirrors the decisions about it.
CREATE TABLE identity_suggestions (
  id INTEGER PRIMARY KEY,
  a_node INTEGER NOT NULL REFERENCES identity_nodes(id),
  b_node INTEGER NOT NULL REFERENCES identity_nodes(id),
  rule TEXT NOT NULL,
  score REAL NOT NULL,
  reasons_json TEXT NOT NULL,
  evidence_id INTEGER REFERENCES evidence(id),
  src_table TEXT NOT NULL DEFAULT '',
  src_id INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'rejected')),
  decision_id INTEGER REFERENCES identity_decisions(id),
  CHECK (a_node < b_node),
  UNIQUE (a_node, b_node, rule, src_table, src_id)
);
CREATE INDEX identity_suggestions_by_b ON identity_suggestions(b_node);

-- Lookups the linker and its suggestions make on the record tables: an account's chats, an item's owner accounts.
CREATE INDEX identity_chat_members_by_account ON chat_members(account_id);
CREATE INDEX identity_owner_accounts ON accounts(evidence_id) WHERE is_owner = 1;

-- Which evidence items have been linked, by which linker version, with what result.
CREATE TABLE identity_runs (
  evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id),
  linker_version TEXT NOT NULL,
  ts_utc TEXT NOT NULL,
  summary_json TEXT NOT NULL
);
`,
};
