/** The one table `npm run reliability` prints: a row per check, figures as tried / as expected, and a verdict. */

export interface Row {
  check: string;
  tried: number | string;
  passed: number | string;
  /** True when the row is a miss (the run exits non-zero). */
  miss: boolean;
  note?: string;
}

export function formatTable(rows: Row[]): string {
  const head = ['check', 'tried', 'as expected', 'result', 'note'];
  const body = rows.map((r) => [r.check, String(r.tried), String(r.passed), r.miss ? 'MISS' : 'ok', r.note ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => [...b[i]!].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
