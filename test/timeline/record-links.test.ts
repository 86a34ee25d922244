import { describe, expect, it } from 'vitest';
import { searchText } from '../../main/engine/search/full-text';
import { caseWith, row, transfer } from './case-builder';

describe('a transaction and the spreadsheet row behind it', () => {
  it('are linked whether the row is emitted before or after the transaction', async () => {
    const { c } = await caseWith([
      [row('r1', ['2025-03-14', 'row first', 'KBank 111'], 1), transfer('2025-03-14T12:00:00Z', '100', 'first transfer', 'r1')],
      [transfer('2025-03-14T13:00:00Z', '200', 'second transfer', 'r2'), row('r2', ['2025-03-14', 'row after', 'KBank 222'], 2)],
    ]);
    const links = c.db
      .prepare('SELECT t.description, r.row_number FROM transactions t LEFT JOIN sheet_rows r ON r.id = t.row_id ORDER BY t.id')
      .all() as { description: string; row_number: number | null }[];
    expect(links).toEqual([
      { description: 'first transfer', row_number: 1 },
      { description: 'second transfer', row_number: 2 },
    ]);
    // The event stream shows a linked row as its transaction, whose search text includes the row's cells.
    expect(searchText(c.db, { query: '"kbank 222"', displayTz: 'UTC' }).hits.map((h) => h.event.text)).toEqual(['200 USDT second transfer']);
    c.close();
  });
});
