/**
 * A link run's name tokens: written batch by batch, and past a million rows staged in a temporary table and written
 * into identity_name_tokens once, in key order, when the run's names are all written.
 */
import type Database from 'better-sqlite3';
import { inChunks, ROWS_PER_STATEMENT, rowsOf } from './multi-row';

const TABLE = 'temp.link_name_tokens';

/**
 * Token rows a run writes straight into the table (each batch in token order) before it stages the rest. Off by
 * default: at 400,000 cards (2.8 million rows) staging cut the contacts step by about a third in one run on a loaded
 * machine, but on the 10 M-occurrence link bench it added 4.5 s to the flush (quiet machine, 2026-12-01), so it waits
 * for a threshold measured on both. Tests pass a small one; the path is exercised there.
 */
export const STAGE_AFTER_ROWS = Number.POSITIVE_INFINITY;

/**
 * identity_name_tokens is keyed by (token, norm): rows written batch by batch land all over it, so each batch of a
 * large contacts file visits most of its pages again — once it outgrows the page cache, the cost of a batch grows
 * with the table (400,000 cards: 2.8 million rows, the link's costliest step). Staged rows are appended to an
 * unindexed temporary table and written with one INSERT … SELECT … ORDER BY: SQLite sorts them (spilling to a
 * temporary file past its cache, so memory stays bounded) and the table is visited once, front to back.
 * The table holds a set, so the order rows are written in changes nothing in it.
 */
export class NameTokenStaging {
  private add1: Database.Statement | undefined;
  private addMany: Database.Statement | undefined;
  private rows = 0;
  private direct = 0;
  private put1: Database.Statement | undefined;
  private putMany: Database.Statement | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly stageAfter = STAGE_AFTER_ROWS,
  ) {}

  /** Writes (tokens[i], norms[i]) rows, or stages them once the run has written `stageAfter` rows. */
  add(tokens: readonly string[], norms: readonly string[]): void {
    if (tokens.length === 0) return;
    if (this.direct + tokens.length <= this.stageAfter) {
      this.direct += tokens.length;
      this.insertInTokenOrder(tokens, norms);
      return;
    }
    if (!this.add1 || !this.addMany) {
      // Anew: rows another run left (it cannot, its transaction rolled the table back with it) must not be written.
      this.db.exec(`DROP TABLE IF EXISTS ${TABLE}; CREATE TEMP TABLE link_name_tokens (token TEXT NOT NULL, norm TEXT NOT NULL)`);
      this.add1 = this.db.prepare(`INSERT INTO ${TABLE} (token, norm) VALUES (?, ?)`);
      this.addMany = this.db.prepare(`INSERT INTO ${TABLE} (token, norm) VALUES ${rowsOf(ROWS_PER_STATEMENT, 2)}`);
    }
    inChunks(tokens.length, 2, this.addMany, this.add1, (args, j, i) => {
      args[j] = tokens[i];
      args[j + 1] = norms[i];
    });
    this.rows += tokens.length;
  }

  /** One batch straight into the table, grouped by token in token order (one Map entry per distinct token, one native sort). */
  private insertInTokenOrder(tokens: readonly string[], norms: readonly string[]): void {
    const byToken = new Map<string, string[]>();
    for (let i = 0; i < tokens.length; i++) {
      const list = byToken.get(tokens[i]!);
      if (list) list.push(norms[i]!);
      else byToken.set(tokens[i]!, [norms[i]!]);
    }
    const one = (this.put1 ??= this.db.prepare('INSERT OR IGNORE INTO identity_name_tokens (token, norm) VALUES (?, ?)'));
    const many = (this.putMany ??= this.db.prepare(`INSERT OR IGNORE INTO identity_name_tokens (token, norm) VALUES ${rowsOf(ROWS_PER_STATEMENT, 2)}`));
    const sortedTokens: string[] = [];
    const sortedNorms: string[] = [];
    for (const t of [...byToken.keys()].sort()) {
      for (const norm of byToken.get(t)!) {
        sortedTokens.push(t);
        sortedNorms.push(norm);
      }
    }
    inChunks(sortedTokens.length, 2, many, one, (args, j, i) => {
      args[j] = sortedTokens[i];
      args[j + 1] = sortedNorms[i];
    });
  }

  /** Rows staged and not yet written. */
  get staged(): number {
    return this.rows;
  }

  /** Writes the staged rows (ones already there are ignored) and drops the temporary table. */
  write(): void {
    if (!this.add1) return;
    this.db.exec(`INSERT OR IGNORE INTO identity_name_tokens (token, norm) SELECT token, norm FROM ${TABLE} ORDER BY token, norm`);
    this.db.exec(`DROP TABLE ${TABLE}`);
    this.add1 = undefined;
    this.addMany = undefined;
    this.rows = 0;
  }
}
