/** Multi-row INSERT helpers for the identity writers: a statement call per row costs more than SQLite's work on it. */
import type Database from 'better-sqlite3';

/** Rows bound per multi-row statement. */
export const ROWS_PER_STATEMENT = 64;

/** `(?, ?, …), (?, ?, …) …`: `rows` groups of `columns` placeholders, for a VALUES clause. */
export function rowsOf(rows: number, columns: number): string {
  return Array(rows).fill(`(${Array(columns).fill('?').join(', ')})`).join(', ');
}

/**
 * Runs `many` (ROWS_PER_STATEMENT rows) over rows 0..count-1 in order, then `one` for the rest: `fill(args, j, i)`
 * puts row i's `columns` values at args[j..]. Rows go in one by one either way, in the same order (same ids).
 */
export function inChunks(count: number, columns: number, many: Database.Statement, one: Database.Statement, fill: (args: unknown[], j: number, i: number) => void): void {
  const args: unknown[] = new Array(ROWS_PER_STATEMENT * columns);
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= count; i += ROWS_PER_STATEMENT) {
    for (let k = 0; k < ROWS_PER_STATEMENT; k++) fill(args, k * columns, i + k);
    many.run(args);
  }
  const single: unknown[] = new Array(columns);
  for (; i < count; i++) {
    fill(single, 0, i);
    one.run(single);
  }
}
