/**
 * The distinct folded names a link run wrote, read back page by page for its suggestions: held in memory they
 * grow with the item (a contacts file brings one new name per card).
 */
import type Database from 'better-sqlite3';
import { stmt } from './identity';

type Db = Database.Database;

/** The highest name row id before a run writes any (its own rows come after: ids only grow). */
export function lastNameId(db: Db): number {
  return (stmt(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM identity_names').get() as { n: number }).n;
}

/**
 * For each distinct norm among the name rows after `afterId`, its first such row's norm and name, in row order
 * (the order the run first wrote each norm), `pageSize` at a time. The NOT EXISTS is one seek in the by-norm
 * index, whose entries end in the row id.
 */
export function* firstNamesOfNorms(db: Db, afterId: number, pageSize = 1000): Generator<{ norm: string; name: string }[]> {
  const page = stmt(
    db,
    `SELECT n.id, n.norm, n.name FROM identity_names n
      WHERE n.id > ? AND NOT EXISTS (SELECT 1 FROM identity_names m WHERE m.norm = n.norm AND m.id > ? AND m.id < n.id)
      ORDER BY n.id LIMIT ?`,
  );
  let from = afterId;
  for (;;) {
    const rows = page.all(from, afterId, pageSize) as { id: number; norm: string; name: string }[];
    if (rows.length === 0) return;
    from = rows[rows.length - 1]!.id;
    yield rows;
  }
}
