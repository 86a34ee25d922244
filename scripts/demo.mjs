// `npm run demo`: creates a case from the synthetic seizure in resources/demo/ (per MANIFEST.json), imports
// every file with its declared zone / date order / region / owner, and prints the case summary and the
// head of the timeline — all through the `threadline` command, as an examiner would run it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(root, 'resources', 'demo');
const outDir = join(root, 'out', 'demo');
const caseFile = join(outDir, 'demo-case.tl');
const bin = join(root, 'bin', 'threadline.cjs');

function threadline(args, { quiet = false } = {}) {
  if (!quiet) console.log(`\n$ threadline ${args.map((a) => (/[\s"'[\]]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', cwd: root });
  return r.status ?? 1;
}

if (!existsSync(join(root, 'dist', 'cli.mjs'))) {
  console.error('Threadline is not built: run `bash scripts/setup.sh` (or `npm run build`) first.');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(demoDir, 'MANIFEST.json'), 'utf8'));
mkdirSync(outDir, { recursive: true });
for (const suffix of ['', '-wal', '-shm']) rmSync(caseFile + suffix, { force: true });

const k = manifest.case;
let status = threadline(['new', caseFile, '--examiner', 'Demo Examiner', '--case-number', k.caseNumber, '--title', k.title, '--tz', k.tz, '--region', k.region]);
if (status !== 0) process.exit(status);

let failed = 0;
for (const f of manifest.files) {
  const o = f.import ?? {};
  const args = ['import', caseFile, join(demoDir, f.path)];
  if (o.format && o.format !== 'auto') args.push('--format', o.format);
  if (o.tz) args.push('--tz', o.tz);
  if (o.dateOrder) args.push('--date-order', o.dateOrder);
  if (o.region) args.push('--region', o.region);
  if (o.owner) args.push('--owner', o.owner);
  if (o.preset) args.push('--preset', o.preset);
  if (o.encoding) args.push('--encoding', o.encoding);
  if (o.mapping) args.push('--map', Object.entries(o.mapping).map(([col, role]) => `${col}=${role}`).join(','));
  if (threadline(args) !== 0) failed++;
}

threadline(['info', caseFile]);
threadline(['timeline', caseFile, '--limit', '25']);
console.log(`\nCase file: ${caseFile}`);
console.log(failed ? `${failed} demo file(s) failed to import (see above).` : `All ${manifest.files.length} demo files imported.`);
console.log('Next: `npx threadline timeline <case> --json`, `npx threadline verify <case> --sources resources/demo`.');
process.exit(failed ? 1 : 0);
