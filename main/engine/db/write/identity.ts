/** Writes to the identity graph (nodes, occurrences, edges, names, suggestions, decisions, runs): prepared once per run. */
import type Database from 'better-sqlite3';

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

export class IdentityWriter {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      maxNode: db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM identity_nodes'),
      insertIdentifier: db.prepare(
        "INSERT INTO identity_nodes (id, type, kind, value, valid, flags, match_key, used, entity_id) VALUES (@id, 'identifier', @kind, @value, @valid, @flags, @matchKey, @used, @id)",
      ),
      insertAccount: db.prepare("INSERT INTO identity_nodes (id, type, account_id, used, entity_id) VALUES (?, 'account', ?, 1, ?)"),
      findIdentifier: db.prepare("SELECT id, entity_id, used FROM identity_nodes WHERE kind = ? AND value = ? AND type = 'identifier' AND valid = 1"),
      findAccount: db.prepare('SELECT id, entity_id FROM identity_nodes WHERE account_id = ?'),
      markUsed: db.prepare('UPDATE identity_nodes SET used = 1 WHERE id = ? AND used = 0'),
      occurrence: db.prepare(
        'INSERT INTO identity_occurrences (node_id, evidence_id, role, src_table, src_id, raw, label, flags, count) VALUES (@node_id, @evidence_id, @role, @src_table, @src_id, @raw, @label, @flags, @count)',
      ),
      edge: db.prepare(
        `INSERT INTO identity_edges (a, b, rule, evidence_id, src_table, src_id, count) VALUES (?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (a, b, rule, evidence_id) WHERE evidence_id IS NOT NULL DO UPDATE SET count = count + 1`,
      ),
      decisionEdge: db.prepare('INSERT INTO identity_edges (a, b, rule, evidence_id, src_table, src_id, count, decision_id, active) VALUES (?, ?, ?, NULL, NULL, NULL, 1, ?, 1)'),
      name: db.prepare('INSERT OR IGNORE INTO identity_names (node_id, name, norm, evidence_id, src_table, src_id, flags) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      token: db.prepare('INSERT OR IGNORE INTO identity_name_tokens (token, name_id) VALUES (?, ?)'),
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
    this.s.insertIdentifier.run({ id: n.id, kind: n.kind, value: n.value, valid: n.valid ? 1 : 0, flags: n.flags, matchKey: n.matchKey, used: n.used ? 1 : 0 });
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
    this.s.occurrence.run(o);
  }

  /** An automatic edge; repeated records behind the same link in the same evidence item raise its count. */
  upsertEdge(a: number, b: number, rule: string, evidenceId: number, srcTable: string, srcId: number): void {
    if (a < b) this.s.edge.run(a, b, rule, evidenceId, srcTable, srcId);
    else this.s.edge.run(b, a, rule, evidenceId, srcTable, srcId);
  }

  insertDecisionEdge(a: number, b: number, rule: string, decisionId: number): number {
    const [x, y] = a < b ? [a, b] : [b, a];
    return Number(this.s.decisionEdge.run(x, y, rule, decisionId).lastInsertRowid);
  }

  /** Returns the new name row id, or 0 when this node already had this name from this evidence item. */
  insertName(nodeId: number, name: string, norm: string, evidenceId: number, srcTable: string, srcId: number, flags: string | null, tokens: readonly string[]): number {
    const info = this.s.name.run(nodeId, name, norm, evidenceId, srcTable, srcId, flags);
    if (info.changes === 0) return 0;
    const id = Number(info.lastInsertRowid);
    for (const t of tokens) this.s.token.run(t, id);
    return id;
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
