/**
 * Dumps a case's event stream, its counts and its full-text indexes as ordered text (clock times left out), so
 * two indexer versions can be compared on the same evidence with `diff`: a speed-up must not move one event key,
 * count or indexed token. The FTS5 indexes are dumped through fts5vocab (term, rowid, column, offset), i.e. what
 * a search can find, not the segment layout. `--hash` prints one SHA-256 and row count per table instead.
 *
 *   node --import tsx bench/lib/events-dump.ts CASE [--hash] > dump.txt
 *   node --import tsx bench/lib/events-dump.ts --demo DIR CASE   (builds CASE from resources/demo/ first)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Case } from '../../main/engine/case';

const TABLES: [string, string][] = [
  ['events', 'SELECT id, kind, evidence_id, seq, record_id, chat_id, actor_account_id, counterpart_account_id, has_attachment FROM events ORDER BY id'],
  ['event_quarters', 'SELECT * FROM event_quarters ORDER BY quarter, kind'],
  ['event_quarters_by_evidence', 'SELECT * FROM event_quarters_by_evidence ORDER BY evidence_id, quarter, kind'],
  ['event_totals', 'SELECT * FROM event_totals ORDER BY evidence_id, kind, dated'],
  ['event_party_counts', 'SELECT * FROM event_party_counts ORDER BY account_id, kind'],
  ['event_index_runs', 'SELECT evidence_id, indexer_version, dated, undated, out_of_range, max_slot, gram_docs FROM event_index_runs ORDER BY evidence_id'],
  ['search_gram_docs', 'SELECT id FROM search_gram_docs ORDER BY id'],
  ['search_names', 'SELECT rowid, name, source, ref, evidence FROM search_names ORDER BY rowid'],
  ['search_words (vocab)', 'SELECT term, doc, col, offset FROM temp.words_vocab ORDER BY term, doc, col, offset'],
  ['search_grams (vocab)', 'SELECT term, doc, col, offset FROM temp.grams_vocab ORDER BY term, doc, col, offset'],
  ['search_names (vocab)', 'SELECT term, doc, col, offset FROM temp.names_vocab ORDER BY term, doc, col, offset'],
];

/** Writes the dump of an open case through `out`. */
export function dumpEvents(c: Case, out: (s: string) => void, hashOnly: boolean): void {
  const db = c.db;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.words_vocab USING fts5vocab(main, search_words, instance);
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.grams_vocab USING fts5vocab(main, search_grams, instance);
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.names_vocab USING fts5vocab(main, search_names, instance);`);
  for (const [name, sql] of TABLES) {
    const h = createHash('sha256');
    let n = 0;
    if (!hashOnly) out(`## ${name}`);
    // safeIntegers: event keys use 62 bits.
    for (const row of db.prepare(sql).raw().safeIntegers(true).iterate() as Iterable<unknown[]>) {
      const line = JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      n++;
      if (hashOnly) h.update(`${line}\n`);
      else out(line);
    }
    if (hashOnly) out(`${name.padEnd(28)} ${String(n).padStart(9)} ${h.digest('hex')}`);
  }
}

/** A case built from resources/demo/ with each file's manifest import options (as `npm run demo` does). */
export async function buildDemoCase(root: string, path: string): Promise<Case> {
  const { importEvidence } = await import('../../main/engine/jobs/import');
  const manifest = JSON.parse(readFileSync(join(root, 'MANIFEST.json'), 'utf8')) as { case: { caseNumber: string; tz: string; region: string }; files: { path: string; import: Record<string, unknown> }[] };
  const c = Case.create(path, { caseNumber: manifest.case.caseNumber, examiner: 'dump', tz: manifest.case.tz, region: manifest.case.region });
  for (const f of manifest.files) await importEvidence(c, { path: join(root, f.path), ...f.import });
  return c;
}

async function main(argv: string[]): Promise<void> {
  const hashOnly = argv.includes('--hash');
  const args = argv.filter((a) => a !== '--hash');
  const out = (s: string) => process.stdout.write(`${s}\n`);
  let c: Case;
  if (args[0] === '--demo') c = await buildDemoCase(args[1]!, args[2]!);
  else c = Case.open(args[0]!, { examiner: 'dump', quickCheck: false });
  dumpEvents(c, out, hashOnly);
  c.close();
}

if (process.argv[1]?.endsWith('events-dump.ts')) await main(process.argv.slice(2));
