/** Writes to the identity graph (nodes, occurrences, edges, names, suggestions, decisions, runs): prepared once per run. */
import type Database from 'better-sqlite3';
import { inChunks, ROWS_PER_STATEMENT, rowsOf } from './multi-row';
import type { NameColumns } from './name-buffer';
import type { OccurrenceColumns } from './occurrence-buffer';

export interface NewIdentifierNode {
  id: number;
  kind: string;
  value: string;
  valid: boolean;
  flags: string | null;
  matchKey: string | null;
  used: boolean;
}

export interface NewOccurrence {
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

export interface NewSuggestion {
  a: number;
  b: number;
  rule: string;
  score: number;
  reasons: string[];
  evidenceId: number | null;
  srcTable: string;
  srcId: number;
}

/**
 * Rows a link run writes by the hundred thousand, flushed in chunks sorted by their index key: on a large case,
 * inserting into an index in key order is several times cheaper than in the order records are read.
 */
export class SortedBatch<T> {
  private rows: T[] = [];

  /** `write` takes one row, or (`bulk`) all rows of a flush in order. */
  constructor(
    private readonly key: (t: T) => number,
    private readonly write: ((t: T) => void) | { bulk: (rows: readonly T[]) => void },
    private readonly size = 50_000,
  ) {}

  push(t: T): void {
    this.rows.push(t);
    if (this.rows.length >= this.size) this.flush();
  }

  flush(): void {
    const rows = this.rows;
    this.rows = [];
    rows.sort((a, b) => this.key(a) - this.key(b));
    const w = this.write;
    if (typeof w === 'function') for (const r of rows) w(r);
    else w.bulk(rows);
  }
}

/**
 * SQLite page cache a link run works with, in KiB (the connection's default is 16 MB). Linking runs inside the
 * import's transaction, so this adds to the import's peak RSS for big items (which has a 300 MB target on a 1 GB
 * input): 128 MiB sped 10-million-occurrence links but put a 400 MB WhatsApp import's peak at 363 MB (226 MB at
 * 100 MB without it). 32 MiB is a compromise between the two, not yet measured on bench/link at 10 M.
 */
export const LINK_PAGE_CACHE_KIB = 32 * 1024;

/**
 * Runs `fn` with at least `kib` of page cache, then restores the connection's setting. A link run inserts into
 * indexes (occurrences by node, nodes by value) spread over the whole graph: once they outgrow a 2 MiB cache every
 * batch re-reads their pages and spills them to the WAL, which on a 10-million-occurrence item multiplies the
 * work. A fixed bound: memory does not grow with the item.
 */
export function withPageCache<T>(db: Database.Database, kib: number, fn: () => T): T {
  const before = db.pragma('cache_size', { simple: true }) as number;
  // Negative: KiB; positive: pages (of page_size bytes).
  const current = before < 0 ? -before : (before * (db.pragma('page_size', { simple: true }) as number)) / 1024;
  if (current >= kib) return fn();
  db.pragma(`cache_size = ${-Math.floor(kib)}`);
  try {
    return fn();
  } finally {
    db.pragma(`cache_size = ${before}`);
  }
}

export class IdentityWriter {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      maxNode: db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM identity_nodes'),
      insertIdentifier: db.prepare("INSERT INTO identity_nodes (id, type, kind, value, valid, flags, match_key, used, entity_id) VALUES (?, 'identifier', ?, ?, ?, ?, ?, ?, ?)"),
      insertAccount: db.prepare("INSERT INTO identity_nodes (id, type, account_id, used, entity_id) VALUES (?, 'account', ?, 1, ?)"),
      findIdentifier: db.prepare("SELECT id, entity_id, used FROM identity_nodes WHERE kind = ? AND value = ? AND type = 'identifier' AND valid = 1"),
      findAccount: db.prepare('SELECT id, entity_id FROM identity_nodes WHERE account_id = ?'),
      markUsed: db.prepare('UPDATE identity_nodes SET used = 1 WHERE id = ? AND used = 0'),
      // Positional parameters: named binding costs a quarter more on the hottest statement.
      occurrence: db.prepare('INSERT INTO identity_occurrences (node_id, evidence_id, role, src_table, src_id, raw, label, flags, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      occurrences: db.prepare(
        `INSERT INTO identity_occurrences (node_id, evidence_id, role, src_table, src_id, raw, label, flags, count) VALUES ${rowsOf(ROWS_PER_STATEMENT, 9)}`,
      ),
      edge: db.prepare(
        `INSERT INTO identity_edges (a, b, rule, evidence_id, src_table, src_id, count) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (a, b, rule, evidence_id) DO UPDATE SET count = count + excluded.count`,
      ),
      // Rows are upserted one after another, so a later row of the same statement adds to an earlier one's count.
      edges: db.prepare(
        `INSERT INTO identity_edges (a, b, rule, evidence_id, src_table, src_id, count) VALUES ${rowsOf(ROWS_PER_STATEMENT, 7)}
         ON CONFLICT (a, b, rule, evidence_id) DO UPDATE SET count = count + excluded.count`,
      ),
      decisionEdge: db.prepare('INSERT INTO identity_edges (a, b, rule, evidence_id, src_table, src_id, count, decision_id, active) VALUES (?, ?, ?, NULL, NULL, NULL, 1, ?, 1)'),
      name: db.prepare('INSERT OR IGNORE INTO identity_names (node_id, name, norm, evidence_id, src_table, src_id, flags) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      token: db.prepare('INSERT OR IGNORE INTO identity_name_tokens (token, norm) VALUES (?, ?)'),
      names: db.prepare(`INSERT OR IGNORE INTO identity_names (node_id, name, norm, evidence_id, src_table, src_id, flags) VALUES ${rowsOf(ROWS_PER_STATEMENT, 7)}`),
      relabelEntity: db.prepare('UPDATE identity_nodes SET entity_id = ? WHERE entity_id = ?'),
      relabelNode: db.prepare('UPDATE identity_nodes SET entity_id = ? WHERE id = ?'),
      suggestion: db.prepare(
        'INSERT OR IGNORE INTO identity_suggestions (a_node, b_node, rule, score, reasons_json, evidence_id, src_table, src_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      run: db.prepare('INSERT INTO identity_runs (evidence_id, linker_version, ts_utc, summary_json) VALUES (?, ?, ?, ?)'),
      decision: db.prepare(
        'INSERT INTO identity_decisions (kind, suggestion_id, a_node, b_node, name, undoes, why, examiner, ts_utc, details_json) VALUES (@kind, @suggestion_id, @a_node, @b_node, @name, @undoes, @why, @examiner, @ts_utc, @details_json)',
      ),
      cut: db.prepare('INSERT OR IGNORE INTO identity_cuts (edge_id, decision_id) VALUES (?, ?)'),
      edgeActive: db.prepare('UPDATE identity_edges SET active = ? WHERE id = ?'),
      suggestionStatus: db.prepare('UPDATE identity_suggestions SET status = ?, decision_id = ? WHERE id = ?'),
    };
  }

  /** The next free node id: the linker assigns ids itself so it can union before it writes. */
  nextNodeId(): number {
    return (this.s.maxNode.get() as { n: number }).n + 1;
  }

  insertIdentifierNode(n: NewIdentifierNode): void {
    this.s.insertIdentifier.run(n.id, n.kind, n.value, n.valid ? 1 : 0, n.flags, n.matchKey, n.used ? 1 : 0, n.id);
  }

  insertAccountNode(id: number, accountId: number): void {
    this.s.insertAccount.run(id, accountId, id);
  }

  findIdentifierNode(kind: string, value: string): { id: number; entity_id: number; used: number } | undefined {
    return this.s.findIdentifier.get(kind, value) as { id: number; entity_id: number; used: number } | undefined;
  }

  findAccountNode(accountId: number): { id: number; entity_id: number } | undefined {
    return this.s.findAccount.get(accountId) as { id: number; entity_id: number } | undefined;
  }

  markUsed(id: number): void {
    this.s.markUsed.run(id);
  }

  insertOccurrence(o: NewOccurrence): void {
    this.s.occurrence.run(o.node_id, o.evidence_id, o.role, o.src_table, o.src_id, o.raw, o.label, o.flags, o.count);
  }

  /** Buffered occurrences of one evidence item, written in the order given (`order` indexes the columns). */
  insertOccurrenceColumns(c: OccurrenceColumns, order: Uint32Array, evidenceId: number): void {
    inChunks(order.length, 9, this.s.occurrences, this.s.occurrence, (args, j, i) => {
      const o = order[i]!;
      args[j] = c.node[o];
      args[j + 1] = evidenceId;
      args[j + 2] = c.role[o];
      args[j + 3] = c.srcTable[o];
      args[j + 4] = c.srcId[o];
      args[j + 5] = c.raw[o];
      args[j + 6] = c.label[o];
      args[j + 7] = c.flags[o];
      args[j + 8] = c.count[o];
    });
  }

  /** An automatic edge; repeated records behind the same link in the same evidence item raise its count. */
  upsertEdge(a: number, b: number, rule: string, evidenceId: number, srcTable: string, srcId: number, count = 1): void {
    if (a < b) this.s.edge.run(a, b, rule, evidenceId, srcTable, srcId, count);
    else this.s.edge.run(b, a, rule, evidenceId, srcTable, srcId, count);
  }

  insertDecisionEdge(a: number, b: number, rule: string, decisionId: number): number {
    const [x, y] = a < b ? [a, b] : [b, a];
    return Number(this.s.decisionEdge.run(x, y, rule, decisionId).lastInsertRowid);
  }

  /** Returns the new name row id, or 0 when this node already had this name from this evidence item. */
  insertName(nodeId: number, name: string, norm: string, evidenceId: number, srcTable: string, srcId: number, flags: string | null): number {
    const info = this.s.name.run(nodeId, name, norm, evidenceId, srcTable, srcId, flags);
    return info.changes === 0 ? 0 : Number(info.lastInsertRowid);
  }

  /**
   * Buffered name rows of one evidence item, in the order given (`order` indexes the columns); a row whose node
   * already has that name from this item is ignored, as insertName does — the ids of the others are the same.
   */
  insertNameColumns(c: NameColumns, order: Uint32Array, evidenceId: number): void {
    const fill = (args: unknown[], j: number, o: number) => {
      args[j] = c.node[o];
      args[j + 1] = c.name[o];
      args[j + 2] = c.norm[o];
      args[j + 3] = evidenceId;
      args[j + 4] = c.srcTable[o];
      args[j + 5] = c.srcId[o];
      args[j + 6] = c.flags[o];
    };
    inChunks(order.length, 7, this.s.names, this.s.name, (args, j, i) => fill(args, j, order[i]!));
  }

  /** Automatic edges of one evidence item, upserted in the order given: the same rows and ids as upsertEdge on each. */
  upsertEdgeRows(rows: readonly { a: number; b: number; rule: string; srcTable: string; srcId: number; count: number }[], evidenceId: number): void {
    inChunks(rows.length, 7, this.s.edges, this.s.edge, (args, j, i) => {
      const e = rows[i]!;
      args[j] = Math.min(e.a, e.b);
      args[j + 1] = Math.max(e.a, e.b);
      args[j + 2] = e.rule;
      args[j + 3] = evidenceId;
      args[j + 4] = e.srcTable;
      args[j + 5] = e.srcId;
      args[j + 6] = e.count;
    });
  }

  /** (token, norm) rows, in the order given; ones already there are ignored. */
  insertNameTokenRows(rows: readonly (readonly [string, string])[]): void {
    for (const [t, norm] of rows) this.s.token.run(t, norm);
  }

  relabelEntity(from: number, to: number): number {
    return this.s.relabelEntity.run(to, from).changes;
  }

  relabelNode(id: number, entity: number): void {
    this.s.relabelNode.run(entity, id);
  }

  /** Returns true when the suggestion is new. */
  insertSuggestion(s: NewSuggestion): boolean {
    const [a, b] = s.a < s.b ? [s.a, s.b] : [s.b, s.a];
    return this.s.suggestion.run(a, b, s.rule, Math.round(s.score * 1000) / 1000, JSON.stringify(s.reasons), s.evidenceId, s.srcTable, s.srcId).changes > 0;
  }

  insertRun(evidenceId: number, version: string, summary: unknown): void {
    this.s.run.run(evidenceId, version, new Date().toISOString(), JSON.stringify(summary));
  }

  insertDecision(d: {
    kind: string;
    suggestion_id: number | null;
    a_node: number | null;
    b_node: number | null;
    name: string | null;
    undoes: number | null;
    why: string;
    examiner: string;
    details: unknown;
  }): number {
    const { details, ...rest } = d;
    return Number(this.s.decision.run({ ...rest, ts_utc: new Date().toISOString(), details_json: JSON.stringify(details) }).lastInsertRowid);
  }

  insertCut(edgeId: number, decisionId: number): void {
    this.s.cut.run(edgeId, decisionId);
  }

  setEdgeActive(edgeId: number, active: boolean): void {
    this.s.edgeActive.run(active ? 1 : 0, edgeId);
  }

  setSuggestionStatus(id: number, status: 'open' | 'confirmed' | 'rejected', decisionId: number | null): void {
    this.s.suggestionStatus.run(status, decisionId, id);
  }
}
