/**
 * Runs every spreadsheet file (CSV/TSV/XLSX) under ../shared/fixtures through the importers, when there are any.
 * At the time of writing the shared set holds no spreadsheets (FORMATS.md §5: no public case data), so this
 * skips with a message; the exact-count checks below switch on for the files named when they appear.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';

const SHARED = resolve(__dirname, '../../../../shared/fixtures');
const FOLDERS = ['spreadsheet', 'spreadsheets', 'csv', 'xlsx', 'call-log', 'call-logs', 'ledgers'];

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
}

const files = existsSync(SHARED)
  ? FOLDERS.map((f) => join(SHARED, f))
      .filter((d) => existsSync(d))
      .flatMap(walk)
      .filter((f) => /\.(csv|tsv|xlsx|xlsm)$/i.test(f))
  : [];

/** Files counted by hand: rows in the file (data + header + blank/title), when they are present. */
const EXACT: Record<string, { seen: number; parsed: number }> = {};

describe('shared spreadsheet fixtures', () => {
  if (!files.length) it.skip(`skipped: no spreadsheet fixtures under ${SHARED}/{${FOLDERS.join(',')}}`, () => undefined);

  for (const f of files) {
    const name = relative(SHARED, f);
    it(`imports ${name} with no error and plausible counts`, async () => {
      const r = await parseFile(f);
      expect(['csv', 'xlsx']).toContain(r.importer.id);
      expect(r.accounting.seen).toBeGreaterThan(0);
      expect(r.accounting.parsed).toBeGreaterThan(0);
      expect(r.accounting.rejected).toBeLessThanOrEqual(r.accounting.seen * 0.1);
      expect(r.records.some((x) => x.type === 'fact' && x.key === 'mapping-proposed')).toBe(true);
      const exact = EXACT[name];
      if (exact) expect(r.accounting).toMatchObject(exact);
    });
  }
});
