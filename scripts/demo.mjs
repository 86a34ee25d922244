// `npm run demo`: creates a case from the synthetic seizure in resources/demo/ (per MANIFEST.json), imports
// every file with its declared zone / date order / region / owner, and prints the case summary and the
// head of the timeline — all through the `threadline` command, as an examiner would run it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_DIR, importArgs, newCaseArgs, readDemoManifest } from './lib/demo-manifest.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
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
const manifest = readDemoManifest();
mkdirSync(outDir, { recursive: true });
for (const suffix of ['', '-wal', '-shm']) rmSync(caseFile + suffix, { force: true });

let status = threadline(newCaseArgs(caseFile, manifest, 'Demo Examiner'));
if (status !== 0) process.exit(status);

let failed = 0;
for (const f of manifest.files) if (threadline(importArgs(caseFile, DEMO_DIR, f)) !== 0) failed++;

threadline(['info', caseFile]);
threadline(['timeline', caseFile, '--limit', '25']);
console.log(`\nCase file: ${caseFile}`);
console.log(failed ? `${failed} demo file(s) failed to import (see above).` : `All ${manifest.files.length} demo files imported.`);
console.log('Next: `npx threadline timeline <case> --json`, `npx threadline verify <case> --sources resources/demo`.');
process.exit(failed ? 1 : 0);
