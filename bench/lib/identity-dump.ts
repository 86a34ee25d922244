/**
 * Dumps a case's identity tables as ordered text (timings and clock times left out), so two linker versions can
 * be compared on the same generated case with `diff`: a speed-up must not change one identifier, link or citation.
 *
 *   node --import tsx bench/lib/identity-dump.ts CASE > dump.txt
 */
import { Case } from '../../main/engine/case';

const TABLES: [string, string][] = [
  ['identity_nodes', 'SELECT * FROM identity_nodes ORDER BY id'],
  ['identity_occurrences', 'SELECT * FROM identity_occurrences ORDER BY id'],
  ['identity_edges', 'SELECT * FROM identity_edges ORDER BY id'],
  ['identity_names', 'SELECT * FROM identity_names ORDER BY id'],
  ['identity_name_tokens', 'SELECT * FROM identity_name_tokens ORDER BY token, norm'],
  ['identity_suggestions', 'SELECT * FROM identity_suggestions ORDER BY id'],
  ['identity_runs', 'SELECT evidence_id, linker_version, summary_json FROM identity_runs ORDER BY evidence_id'],
];

const c = Case.open(process.argv[2]!, { examiner: 'dump', quickCheck: false });
const out = (s: string) => process.stdout.write(`${s}\n`);
for (const [name, sql] of TABLES) {
  out(`## ${name}`);
  for (const row of c.db.prepare(sql).raw().iterate() as Iterable<unknown[]>) {
    if (name === 'identity_runs') {
      const s = JSON.parse(row[2] as string) as Record<string, unknown>;
      delete s.durationMs;
      delete s.phasesMs;
      delete s.stepsCpuMs;
      row[2] = JSON.stringify(s);
    }
    out(JSON.stringify(row));
  }
}
c.close();
