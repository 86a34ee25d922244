/**
 * The demo seizure as a case file, built the way `npm run demo` builds it (the `threadline` command, one import per
 * MANIFEST entry with its declared settings), into a folder of the caller's choosing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_DIR, importArgs, newCaseArgs, readDemoManifest, type DemoManifest } from '../../scripts/lib/demo-manifest.mjs';
import { ROOT } from './serve';

export type { DemoManifest };

/** Run the `threadline` command; its standard output, or an error with both streams. */
export function threadline(args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'threadline.cjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`threadline ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function demoManifest(): DemoManifest {
  return readDemoManifest();
}

/** Create `dir/demo.tl` holding every demo file. Returns its path. */
export function buildDemoCase(dir: string, examiner = 'E2E Examiner'): string {
  const manifest = demoManifest();
  const file = join(dir, 'demo.tl');
  threadline(newCaseArgs(file, manifest, examiner));
  for (const f of manifest.files) threadline(importArgs(file, DEMO_DIR, f));
  return file;
}
