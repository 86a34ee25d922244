/**
 * The child process the crash harness kills: runs real engine work on a case and prints a line as each step
 * starts (`phase hashing`, `decision 12` …) so the harness can tell where the kill landed.
 *
 *   node --import tsx scripts/reliability/child.ts import CASE FILE…
 *   node --import tsx scripts/reliability/child.ts decide CASE ROUNDS
 *   node --import tsx scripts/reliability/child.ts report CASE OUTDIR COUNT
 *   node --import tsx scripts/reliability/child.ts hold CASE          (holds the case open until stdin closes)
 */
import { join } from 'node:path';
import { Case } from '../../main/engine/case';
import { toThreadlineError } from '../../main/engine/errors';
import { listEntities, listSuggestions, mergeEntities, undoDecision, confirmSuggestion } from '../../main/engine/identity';
import { importEvidence } from '../../main/engine/jobs/import';
import { exportReport } from '../../main/engine/reports';

const say = (s: string) => process.stdout.write(`${s}\n`);

async function main(argv: string[]): Promise<number> {
  const [op, caseFile, ...rest] = argv;
  if (!op || !caseFile) throw new Error('usage: child.ts import|decide|report|hold CASE …');
  say('open');
  const c = Case.open(caseFile, { examiner: 'Crash harness' });
  say('opened');
  try {
    switch (op) {
      case 'hold': {
        say('holding');
        await new Promise<void>((done) => {
          process.stdin.on('end', done);
          process.stdin.on('close', done);
          process.stdin.resume();
        });
        return 0;
      }
      case 'import': {
        for (const file of rest) {
          let last = '';
          const r = await importEvidence(c, {
            path: file,
            tz: 'Asia/Bangkok',
            onProgress: (p) => {
              if (p.phase !== last) say(`phase ${(last = p.phase)}`);
            },
          });
          say(`imported E${r.evidenceId}`);
        }
        return 0;
      }
      case 'decide': {
        const rounds = Number(rest[0] ?? 10);
        for (let i = 0; i < rounds; i++) {
          const open = listSuggestions(c.db, {}).filter((s) => s.status === 'open');
          if (open.length) {
            const d = confirmSuggestion(c, open[0]!.id, `crash harness round ${i}`);
            say(`decision ${d.decision} confirm`);
            const u = undoDecision(c, d.decision, `crash harness undo ${i}`);
            say(`decision ${u.decision} undo`);
          }
          const ents = listEntities(c.db, { includeMentionedOnly: false, minNodes: 1 });
          if (ents.length >= 2) {
            const d = mergeEntities(c, ents[i % ents.length]!.id, ents[(i + 1) % ents.length]!.id, `crash harness merge ${i}`);
            say(`decision ${d.decision} merge`);
            const u = undoDecision(c, d.decision, `crash harness undo merge ${i}`);
            say(`decision ${u.decision} undo`);
          }
        }
        return 0;
      }
      case 'report': {
        const [outDir, count] = rest;
        for (let i = 0; i < Number(count ?? 1); i++) {
          say(`report ${i}`);
          const r = await exportReport(c, { out: join(outDir!, `report-${process.pid}-${i}.html`), verifySources: false, maxEvents: 400 });
          say(`reported ${r.auditSeq}`);
        }
        return 0;
      }
      default:
        throw new Error(`unknown op ${op}`);
    }
  } finally {
    c.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    say('done');
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = toThreadlineError(err);
    process.stderr.write(`error: ${e.code} ${e.message}\n`);
    process.exitCode = 1;
  },
);
