/**
 * Reads for identity linking: an evidence item's records page by page (for extraction), the graph around an
 * entity (for explanations and listings), record citations, and the entity filters other views use.
 */
import type Database from 'better-sqlite3';
import { citeSource } from '../../provenance';

type Db = Database.Database;

// Prepared once per connection: linking and listing call these by the hundred thousand.
const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A cached prepared statement for this connection (also the workbench reads'). */
export function stmt(db: Db, sql: string): Database.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

export interface LinkTarget {
  id: number;
  file_name: string;
  format: string;
  region: string | null;
  owner: string | null;
  case_region: string | null;
}

export function linkTarget(db: Db, evidenceId: number): LinkTarget | undefined {
  return stmt(db, 'SELECT e.id, e.file_name, e.format, e.region, e.owner, ci.region AS case_region FROM evidence e LEFT JOIN case_info ci ON ci.id = 1 WHERE e.id = ?').get(evidenceId) as LinkTarget | undefined;
}

export function isLinked(db: Db, evidenceId: number): boolean {
  return stmt(db, 'SELECT 1 FROM identity_runs WHERE evidence_id = ?').get(evidenceId) !== undefined;
}

export function unlinkedEvidenceIds(db: Db): number[] {
  return (stmt(db, 'SELECT id FROM evidence WHERE id NOT IN (SELECT evidence_id FROM identity_runs) ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

const RECORD_TABLES = new Set(['accounts', 'messages', 'calls', 'contacts', 'transactions']);

/**
 * Rows of one evidence item, in id order, a page at a time. An item's rows are written by one import
 * transaction, so they occupy one id range; paging by rowid inside it avoids re-sorting per page.
 */
export function* evidencePages<T>(db: Db, table: string, columns: string, evidenceId: number, pageSize = 2000, join = '', filter = ''): Generator<T[]> {
  if (!RECORD_TABLES.has(table)) throw new Error(`not a record table: ${table}`);
  const range = stmt(db, `SELECT MIN(id) AS lo, MAX(id) AS hi FROM ${table} WHERE evidence_id = ?`).get(evidenceId) as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return;
  // `+t.evidence_id`: keep SQLite on the rowid range; the (evidence_id, seq) index would re-sort every page.
  // A filter narrows the rows returned, not the id window scanned: pages advance by id window.
  const page = stmt(db, `SELECT ${columns} FROM ${table} t ${join} WHERE t.id > ? AND t.id <= ? AND +t.evidence_id = ?${filter ? ` AND (${filter})` : ''} ORDER BY t.id`);
  for (let lo = range.lo - 1; lo < range.hi; lo += pageSize) {
    const rows = page.all(lo, Math.min(lo + pageSize, range.hi), evidenceId) as T[];
    if (rows.length) yield rows;
  }
}

export interface AccountIdentifierRow {
  account_id: number;
  kind: string;
  value_raw: string;
  platform: string | null;
  label: string | null;
}

export function accountIdentifiersBetween(db: Db, loAccount: number, hiAccount: number): AccountIdentifierRow[] {
  return stmt(db, 'SELECT account_id, kind, value_raw, platform, label FROM account_identifiers WHERE account_id BETWEEN ? AND ? ORDER BY id').all(loAccount, hiAccount) as AccountIdentifierRow[];
}

export interface SenderGroup {
  sender_account_id: number | null;
  sender_raw: string;
  first_id: number;
  n: number;
}

/** Each distinct (account, sender as written) of an item's messages, with its first message and count. */
export function messageSenders(db: Db, evidenceId: number): SenderGroup[] {
  // An item's messages are one id range: scanning it (`+evidence_id` keeps SQLite off the (evidence_id, seq)
  // index) reads the table in order instead of looking up every row through the index.
  const range = stmt(db, 'SELECT MIN(id) AS lo, MAX(id) AS hi FROM messages WHERE evidence_id = ?').get(evidenceId) as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return [];
  return stmt(
    db,
    'SELECT sender_account_id, sender_raw, MIN(id) AS first_id, COUNT(*) AS n FROM messages WHERE id BETWEEN ? AND ? AND +evidence_id = ? AND sender_raw IS NOT NULL GROUP BY sender_account_id, sender_raw ORDER BY first_id',
  ).all(range.lo, range.hi, evidenceId) as SenderGroup[];
}

export interface CallGroup {
  /** 1: the number is the call's caller (caller_raw); 0: its counterpart (counterpart_raw). */
  caller: number;
  account_id: number | null;
  chat_id: number | null;
  raw: string;
  first_id: number;
  n: number;
  /** The chat's platform, when the call is in a chat. */
  platform: string | null;
}

/**
 * Each distinct (counterpart or caller, entry party, chat, number as written) of an item's calls, with its first
 * call and count, in the order of first calls (a call's counterpart before its caller). Grouped by SQLite over the
 * item's id range: a call log repeats the same few numbers very many times.
 */
export function callGroups(db: Db, evidenceId: number): CallGroup[] {
  const range = stmt(db, 'SELECT MIN(id) AS lo, MAX(id) AS hi FROM calls WHERE evidence_id = ?').get(evidenceId) as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return [];
  const side = (caller: number, col: string) =>
    `SELECT ${caller} AS caller, account_id, chat_id, ${col} AS raw, MIN(id) AS first_id, COUNT(*) AS n FROM calls
       WHERE id BETWEEN ? AND ? AND +evidence_id = ? AND ${col} IS NOT NULL AND ${col} != '' GROUP BY account_id, chat_id, ${col}`;
  return stmt(
    db,
    `SELECT g.caller, g.account_id, g.chat_id, g.raw, g.first_id, g.n, c.platform FROM (${side(0, 'counterpart_raw')} UNION ALL ${side(1, 'caller_raw')}) g
       LEFT JOIN chats c ON c.id = g.chat_id ORDER BY g.first_id, g.caller`,
  ).all(range.lo, range.hi, evidenceId, range.lo, range.hi, evidenceId) as CallGroup[];
}

/** The platform of each chat of an evidence item. */
export function chatPlatforms(db: Db, evidenceId: number): Map<number, string> {
  return new Map((stmt(db, 'SELECT id, platform FROM chats WHERE evidence_id = ?').all(evidenceId) as { id: number; platform: string }[]).map((r) => [r.id, r.platform]));
}

/**
 * Messages that can hold a mentioned identifier or list recipients: a digit (ASCII, Thai, full-width or
 * Arabic-Indic), an @, or a profile link. Checked by SQLite so the rest never reach JavaScript.
 * The class is split in two: GLOB decodes UTF-8 for every class member at every position, so the non-ASCII
 * digits are only looked for in text that has a non-ASCII byte (or a NUL: length() stops there) — ten times
 * faster on ASCII chat text, and the same set of messages.
 */
export const MENTION_CANDIDATE_SQL =
  "t.recipients_json IS NOT NULL OR t.body GLOB '*[0-9@]*' OR (octet_length(t.body) != length(t.body) AND t.body GLOB '*[๐-๙０-９٠-٩۰-۹]*') OR instr(t.body, 't.me/') > 0 OR instr(t.body, 'line.me/') > 0";

/** MENTION_CANDIDATE_SQL's character classes in one (a non-ASCII digit implies the non-ASCII text SQL checks first). */
const CANDIDATE_CHARS = /[0-9@๐-๙０-９٠-٩۰-۹]/;
/** Anything MENTION_CANDIDATE_SQL looks for in a body, anywhere: no match, no candidate (one scan for most messages). */
const CANDIDATE_ANY = /[0-9@๐-๙０-９٠-٩۰-۹]|t\.me\/|line\.me\//;

/**
 * The very test MENTION_CANDIDATE_SQL makes, for a message as it is written (the import's link hints): the same
 * messages, without reading them back. GLOB sees text only up to its first NUL (SQLite hands it a C string);
 * instr() sees all of it.
 */
export function isMentionCandidate(body: string, recipientsJson: string | null): boolean {
  if (recipientsJson !== null) return true;
  if (!CANDIDATE_ANY.test(body)) return false;
  const nul = body.indexOf('\0');
  if (nul < 0) return true;
  if (CANDIDATE_CHARS.test(body.slice(0, nul))) return true;
  return body.includes('t.me/') || body.includes('line.me/');
}

/** Mention candidates by id, in id order (ids from the import's link hints). */
export function messagesById<T>(db: Db, columns: string, ids: readonly number[]): T[] {
  return stmt(db, `SELECT ${columns} FROM messages t WHERE t.id IN (SELECT value FROM json_each(?)) ORDER BY t.id`).all(JSON.stringify(ids)) as T[];
}

export function ownerAccountIds(db: Db, evidenceId: number): number[] {
  return (stmt(db, 'SELECT id FROM accounts WHERE evidence_id = ? AND is_owner = 1 ORDER BY id').all(evidenceId) as { id: number }[]).map((r) => r.id);
}

export function caseRegion(db: Db): string | null {
  return (stmt(db, 'SELECT region FROM case_info WHERE id = 1').get() as { region: string | null } | undefined)?.region ?? null;
}

// ---------------------------------------------------------------- graph reads

export interface NodeRow {
  id: number;
  type: 'identifier' | 'account';
  kind: string | null;
  value: string | null;
  valid: number;
  flags: string | null;
  match_key: string | null;
  account_id: number | null;
  used: number;
  entity_id: number;
  // for account nodes
  acc_evidence: number | null;
  acc_platform: string | null;
  acc_key: string | null;
  acc_display: string | null;
  acc_owner: number | null;
}

const NODE_COLS = `n.id, n.type, n.kind, n.value, n.valid, n.flags, n.match_key, n.account_id, n.used, n.entity_id,
  a.evidence_id AS acc_evidence, a.platform AS acc_platform, a.key AS acc_key, a.display AS acc_display, a.is_owner AS acc_owner`;

export function entityNodes(db: Db, entityId: number): NodeRow[] {
  return stmt(db, `SELECT ${NODE_COLS} FROM identity_nodes n LEFT JOIN accounts a ON a.id = n.account_id WHERE n.entity_id = ? ORDER BY n.id`).all(entityId) as NodeRow[];
}

export function nodeById(db: Db, id: number): NodeRow | undefined {
  return stmt(db, `SELECT ${NODE_COLS} FROM identity_nodes n LEFT JOIN accounts a ON a.id = n.account_id WHERE n.id = ?`).get(id) as NodeRow | undefined;
}

/** Every node, grouped by entity (entity id, then node id). */
export function allNodesByEntity(db: Db): NodeRow[] {
  return stmt(db, `SELECT ${NODE_COLS} FROM identity_nodes n LEFT JOIN accounts a ON a.id = n.account_id ORDER BY n.entity_id, n.id`).all() as NodeRow[];
}

export function entityExists(db: Db, entityId: number): boolean {
  return stmt(db, 'SELECT 1 FROM identity_nodes WHERE entity_id = ? LIMIT 1').get(entityId) !== undefined;
}

export function entityOfNode(db: Db, nodeId: number): number | undefined {
  return (stmt(db, 'SELECT entity_id FROM identity_nodes WHERE id = ?').get(nodeId) as { entity_id: number } | undefined)?.entity_id;
}

export function findIdentifierNode(db: Db, kind: string, value: string): { id: number; entity_id: number } | undefined {
  return stmt(db, "SELECT id, entity_id FROM identity_nodes WHERE kind = ? AND value = ? AND type = 'identifier' AND valid = 1").get(kind, value) as { id: number; entity_id: number } | undefined;
}

export interface OccurrenceRow {
  id: number;
  node_id: number;
  evidence_id: number;
  role: string;
  src_table: string;
  src_id: number;
  raw: string;
  label: string | null;
  flags: string | null;
  count: number;
}

/**
 * Every record a (possibly grouped) occurrence stands for, in source order: the grouped ones are listed again
 * by the query that defines their group; the others are their one record.
 */
export function occurrenceRecords(db: Db, o: OccurrenceRow): number[] {
  if (o.count <= 1) return [o.src_id];
  if (o.role === 'sender') {
    return stmt(db, 'SELECT m.id FROM messages m JOIN messages f ON f.id = ? WHERE m.evidence_id = f.evidence_id AND m.sender_raw = f.sender_raw AND m.sender_account_id IS f.sender_account_id ORDER BY m.id').pluck().all(o.src_id) as number[];
  }
  if (o.role === 'call') {
    return stmt(db, `SELECT c.id FROM calls c JOIN calls f ON f.id = ? WHERE c.evidence_id = f.evidence_id AND c.account_id IS f.account_id AND c.chat_id IS f.chat_id
      AND (c.counterpart_raw = ? OR c.caller_raw = ?) ORDER BY c.id`).pluck().all(o.src_id, o.raw, o.raw) as number[];
  }
  if (o.role === 'recipient') {
    return stmt(db, 'SELECT m.id FROM messages m, json_each(m.recipients_json) r WHERE m.evidence_id = ? AND r.value = ? GROUP BY m.id ORDER BY m.id').pluck().all(o.evidence_id, o.raw) as number[];
  }
  return [o.src_id];
}

export function entityOccurrences(db: Db, entityId: number): OccurrenceRow[] {
  return stmt(db, 'SELECT o.* FROM identity_occurrences o JOIN identity_nodes n ON n.id = o.node_id WHERE n.entity_id = ? ORDER BY o.node_id, o.id')
    .all(entityId) as OccurrenceRow[];
}

/** Distinct raw forms and evidence items per node, over every node (for listings). */
export function allRawForms(db: Db): { node_id: number; raw: string; evidence_id: number; role: string }[] {
  return stmt(db, 'SELECT node_id, raw, evidence_id, role FROM identity_occurrences GROUP BY node_id, raw, evidence_id, role ORDER BY node_id, MIN(id)').all() as {
    node_id: number;
    raw: string;
    evidence_id: number;
    role: string;
  }[];
}

export interface EdgeRow {
  id: number;
  a: number;
  b: number;
  rule: string;
  evidence_id: number | null;
  src_table: string | null;
  src_id: number | null;
  count: number;
  decision_id: number | null;
  active: number;
}

/** Edges touching an entity's nodes: active ones inside it, and inactive ones (cut or undone) for its history. */
export function entityEdges(db: Db, entityId: number): EdgeRow[] {
  return stmt(db, 
      `SELECT e.* FROM identity_edges e WHERE e.a IN (SELECT id FROM identity_nodes WHERE entity_id = ?)
       UNION SELECT e.* FROM identity_edges e WHERE e.b IN (SELECT id FROM identity_nodes WHERE entity_id = ?) ORDER BY 1`,
    )
    .all(entityId, entityId) as EdgeRow[];
}

export function allActiveEdges(db: Db): EdgeRow[] {
  return stmt(db, 'SELECT * FROM identity_edges WHERE active = 1 ORDER BY id').all() as EdgeRow[];
}

export function edgeById(db: Db, id: number): EdgeRow | undefined {
  return stmt(db, 'SELECT * FROM identity_edges WHERE id = ?').get(id) as EdgeRow | undefined;
}

/** Active edges with both ends among the given entity's nodes (for recomputing its components). */
export function activeEdgePairsOfEntity(db: Db, entityId: number): { a: number; b: number }[] {
  return stmt(db, 'SELECT a, b FROM identity_edges WHERE active = 1 AND a IN (SELECT id FROM identity_nodes WHERE entity_id = ?)').all(entityId) as { a: number; b: number }[];
}

export function edgesTouching(db: Db, nodeId: number, activeOnly: boolean): EdgeRow[] {
  return stmt(db, `SELECT * FROM identity_edges WHERE (a = ? OR b = ?)${activeOnly ? ' AND active = 1' : ''} ORDER BY id`).all(nodeId, nodeId) as EdgeRow[];
}

export function edgesOfDecision(db: Db, decisionId: number): EdgeRow[] {
  return stmt(db, 'SELECT * FROM identity_edges WHERE decision_id = ?').all(decisionId) as EdgeRow[];
}

export function cutsOfDecision(db: Db, decisionId: number): number[] {
  return (stmt(db, 'SELECT edge_id FROM identity_cuts WHERE decision_id = ?').all(decisionId) as { edge_id: number }[]).map((r) => r.edge_id);
}

/** An edge is active unless its decision was undone or a split that was not undone cut it. */
export function edgeShouldBeActive(db: Db, edgeId: number): boolean {
  const row = stmt(db, 
      `SELECT (e.decision_id IS NULL OR NOT EXISTS (SELECT 1 FROM identity_decisions u WHERE u.undoes = e.decision_id))
          AND NOT EXISTS (SELECT 1 FROM identity_cuts c WHERE c.edge_id = e.id AND NOT EXISTS (SELECT 1 FROM identity_decisions u WHERE u.undoes = c.decision_id)) AS ok
       FROM identity_edges e WHERE e.id = ?`,
    )
    .get(edgeId) as { ok: number } | undefined;
  return row?.ok === 1;
}

export interface NameRow {
  id: number;
  node_id: number;
  name: string;
  norm: string;
  evidence_id: number;
  src_table: string;
  src_id: number;
  flags: string | null;
  entity_id: number;
}

export function entityNames(db: Db, entityId: number): NameRow[] {
  return stmt(db, 'SELECT nm.*, n.entity_id FROM identity_names nm JOIN identity_nodes n ON n.id = nm.node_id WHERE n.entity_id = ? ORDER BY nm.id')
    .all(entityId) as NameRow[];
}

export function allNames(db: Db): NameRow[] {
  return stmt(db, 'SELECT nm.*, n.entity_id FROM identity_names nm JOIN identity_nodes n ON n.id = nm.node_id ORDER BY nm.id').all() as NameRow[];
}

/** Display-name rows with one folded name, oldest first (at most `limit`). */
export function namesWithNorm(db: Db, norm: string, limit: number): NameRow[] {
  return stmt(db, 'SELECT nm.*, n.entity_id FROM identity_names nm JOIN identity_nodes n ON n.id = nm.node_id WHERE nm.norm = ? ORDER BY nm.id LIMIT ?').all(norm, limit) as NameRow[];
}

/** Distinct folded names carrying a token (at most `limit`). */
export function normsWithToken(db: Db, token: string, limit: number): string[] {
  return stmt(db, 'SELECT norm FROM identity_name_tokens WHERE token = ? LIMIT ?').pluck().all(token, limit) as string[];
}

export function nodeIdsOfEntity(db: Db, entityId: number): number[] {
  return stmt(db, 'SELECT id FROM identity_nodes WHERE entity_id = ? ORDER BY id').pluck().all(entityId) as number[];
}

export function maxNodeId(db: Db): number {
  return (stmt(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM identity_nodes').get() as { n: number }).n;
}

/** Occurrences whose node or evidence item does not exist (the table has no FOREIGN KEY clauses to stop them). */
export function orphanOccurrences(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM identity_occurrences o WHERE NOT EXISTS (SELECT 1 FROM identity_nodes n WHERE n.id = o.node_id) OR NOT EXISTS (SELECT 1 FROM evidence e WHERE e.id = o.evidence_id)').get() as { n: number }).n;
}

export function allNodeEntities(db: Db): { id: number; entity_id: number }[] {
  return stmt(db, 'SELECT id, entity_id FROM identity_nodes ORDER BY id').all() as { id: number; entity_id: number }[];
}

export function nodesWithMatchKey(db: Db, key: string): { id: number; kind: string; value: string; entity_id: number }[] {
  return stmt(db, "SELECT id, kind, value, entity_id FROM identity_nodes WHERE match_key = ? AND type = 'identifier' AND valid = 1").all(key) as {
    id: number;
    kind: string;
    value: string;
    entity_id: number;
  }[];
}

/** Chats in which an account of each entity is a member (two accounts of one chat are usually two people). */
export function sharedChats(db: Db, entityA: number, entityB: number): { id: number; name: string | null; evidence_id: number }[] {
  return stmt(db, 
      `SELECT DISTINCT c.id, c.name, c.evidence_id FROM identity_nodes na
         JOIN chat_members ma ON ma.account_id = na.account_id
         JOIN chat_members mb ON mb.chat_id = ma.chat_id AND mb.account_id != ma.account_id
         JOIN identity_nodes nb ON nb.account_id = mb.account_id
         JOIN chats c ON c.id = ma.chat_id
       WHERE na.entity_id = ? AND nb.entity_id = ? LIMIT 5`,
    )
    .all(entityA, entityB) as { id: number; name: string | null; evidence_id: number }[];
}

/** Entities an entity is seen dealing with: fellow chat members, and the owner of a device whose calls/contacts name it. */
export function counterpartEntities(db: Db, entityId: number, limit = 500): Set<number> {
  const rows = stmt(db, 
      `SELECT DISTINCT n2.entity_id AS e FROM identity_nodes n
         JOIN chat_members cm ON cm.account_id = n.account_id
         JOIN chat_members cm2 ON cm2.chat_id = cm.chat_id AND cm2.account_id != cm.account_id
         JOIN identity_nodes n2 ON n2.account_id = cm2.account_id
       WHERE n.entity_id = ?
       UNION
       SELECT DISTINCT n2.entity_id FROM identity_nodes n
         JOIN identity_occurrences o ON o.node_id = n.id AND o.role IN ('call', 'contact-card', 'sender', 'recipient')
         JOIN accounts a ON a.evidence_id = o.evidence_id AND a.is_owner = 1
         JOIN identity_nodes n2 ON n2.account_id = a.id
       WHERE n.entity_id = ?
       LIMIT ?`,
    )
    .all(entityId, entityId, limit) as { e: number }[];
  const out = new Set<number>();
  for (const r of rows) if (r.e !== entityId) out.add(r.e);
  return out;
}

export interface SuggestionRow {
  id: number;
  a_node: number;
  b_node: number;
  rule: string;
  score: number;
  reasons_json: string;
  evidence_id: number | null;
  src_table: string;
  src_id: number;
  status: 'open' | 'confirmed' | 'rejected';
  decision_id: number | null;
  a_entity: number;
  b_entity: number;
}

const SUGGESTION_COLS = 's.*, na.entity_id AS a_entity, nb.entity_id AS b_entity';

export function suggestionById(db: Db, id: number): SuggestionRow | undefined {
  return stmt(db, `SELECT ${SUGGESTION_COLS} FROM identity_suggestions s JOIN identity_nodes na ON na.id = s.a_node JOIN identity_nodes nb ON nb.id = s.b_node WHERE s.id = ?`)
    .get(id) as SuggestionRow | undefined;
}

export function allSuggestions(db: Db): SuggestionRow[] {
  return stmt(db, `SELECT ${SUGGESTION_COLS} FROM identity_suggestions s JOIN identity_nodes na ON na.id = s.a_node JOIN identity_nodes nb ON nb.id = s.b_node ORDER BY s.score DESC, s.id`)
    .all() as SuggestionRow[];
}

export interface DecisionRow {
  id: number;
  kind: 'confirm' | 'reject' | 'merge' | 'split' | 'name' | 'undo';
  suggestion_id: number | null;
  a_node: number | null;
  b_node: number | null;
  name: string | null;
  undoes: number | null;
  why: string;
  examiner: string;
  ts_utc: string;
  details_json: string;
  undone_by: number | null;
}

const DECISION_COLS = 'd.*, (SELECT u.id FROM identity_decisions u WHERE u.undoes = d.id) AS undone_by';

export function decisionById(db: Db, id: number): DecisionRow | undefined {
  return stmt(db, `SELECT ${DECISION_COLS} FROM identity_decisions d WHERE d.id = ?`).get(id) as DecisionRow | undefined;
}

export function allDecisions(db: Db): DecisionRow[] {
  return stmt(db, `SELECT ${DECISION_COLS} FROM identity_decisions d ORDER BY d.id`).all() as DecisionRow[];
}

/** Decisions about any of an entity's nodes (and the undos of those). */
export function entityDecisions(db: Db, entityId: number): DecisionRow[] {
  return stmt(db, 
      `SELECT ${DECISION_COLS} FROM identity_decisions d
       WHERE d.a_node IN (SELECT id FROM identity_nodes WHERE entity_id = ?) OR d.b_node IN (SELECT id FROM identity_nodes WHERE entity_id = ?)
       ORDER BY d.id`,
    )
    .all(entityId, entityId) as DecisionRow[];
}

/** The latest naming decision still in force among an entity's nodes. */
export function entityGivenName(db: Db, entityId: number): { name: string; decision: number } | undefined {
  const r = stmt(db, 
      `SELECT d.name, d.id FROM identity_decisions d
       WHERE d.kind = 'name' AND d.a_node IN (SELECT id FROM identity_nodes WHERE entity_id = ?)
         AND NOT EXISTS (SELECT 1 FROM identity_decisions u WHERE u.undoes = d.id)
       ORDER BY d.id DESC LIMIT 1`,
    )
    .get(entityId) as { name: string; id: number } | undefined;
  return r ? { name: r.name, decision: r.id } : undefined;
}

/** Every naming decision in force, newest first (for listings). */
export function activeNameDecisions(db: Db): { a_node: number; name: string; id: number }[] {
  return stmt(db, "SELECT d.a_node, d.name, d.id FROM identity_decisions d WHERE d.kind = 'name' AND NOT EXISTS (SELECT 1 FROM identity_decisions u WHERE u.undoes = d.id) ORDER BY d.id DESC")
    .all() as { a_node: number; name: string; id: number }[];
}

// ---------------------------------------------------------------- citations

export interface Citation {
  table: string;
  id: number;
  evidence: number;
  file: string;
  /** `file:line`, `file $.path` … as citeSource writes it. */
  cite: string;
  line: number | null;
  path: string | null;
}

/** Where a record came from: its evidence item and line/row/path, ready to quote. */
export function citeRecord(db: Db, table: string, id: number): Citation | undefined {
  if (table === 'evidence') {
    const e = stmt(db, 'SELECT id, file_name FROM evidence WHERE id = ?').get(id) as { id: number; file_name: string } | undefined;
    return e ? { table, id, evidence: e.id, file: e.file_name, cite: `${e.file_name} (device owner declared at import)`, line: null, path: null } : undefined;
  }
  if (!RECORD_TABLES.has(table)) return undefined;
  const r = stmt(db, `SELECT t.evidence_id, e.file_name, t.src_member, t.src_line, t.src_line_end, t.src_path FROM ${table} t JOIN evidence e ON e.id = t.evidence_id WHERE t.id = ?`)
    .get(id) as { evidence_id: number; file_name: string; src_member: string | null; src_line: number | null; src_line_end: number | null; src_path: string | null } | undefined;
  if (!r) return undefined;
  return { table, id, evidence: r.evidence_id, file: r.file_name, cite: citeSource(r), line: r.src_line, path: r.src_path };
}

export function messageText(db: Db, id: number): { body: string; sender_raw: string | null; ts_utc: number | null } | undefined {
  return stmt(db, 'SELECT body, sender_raw, ts_utc FROM messages WHERE id = ?').get(id) as { body: string; sender_raw: string | null; ts_utc: number | null } | undefined;
}

// ---------------------------------------------------------------- entity scope (for timeline and search filters)

/** Accounts (accounts.id) that belong to an entity: the senders, callers and members it acted as. */
export function entityAccountIds(db: Db, entityId: number): number[] {
  return (stmt(db, "SELECT account_id FROM identity_nodes WHERE entity_id = ? AND type = 'account' ORDER BY account_id").all(entityId) as { account_id: number }[]).map((r) => r.account_id);
}

/** The entity's valid identifiers, normalised (phone E.164, `telegram:@x` …). */
export function entityIdentifierValues(db: Db, entityId: number): { kind: string; value: string }[] {
  return stmt(db, "SELECT kind, value FROM identity_nodes WHERE entity_id = ? AND type = 'identifier' AND valid = 1 ORDER BY kind, value").all(entityId) as { kind: string; value: string }[];
}

/** Records in which the entity's identifiers are used (not mentioned): calls, contact cards, transactions, accounts, first messages. */
export function entitySourceRecords(db: Db, entityId: number): { table: string; id: number; role: string }[] {
  return stmt(db, 
      `SELECT DISTINCT o.src_table AS "table", o.src_id AS id, o.role FROM identity_occurrences o JOIN identity_nodes n ON n.id = o.node_id
       WHERE n.entity_id = ? AND o.role != 'mentioned' ORDER BY o.src_table, o.src_id`,
    )
    .all(entityId) as { table: string; id: number; role: string }[];
}

/** The entity an account or a normalised identifier belongs to. */
export function entityOfAccount(db: Db, accountId: number): number | undefined {
  return (stmt(db, 'SELECT entity_id FROM identity_nodes WHERE account_id = ?').get(accountId) as { entity_id: number } | undefined)?.entity_id;
}
