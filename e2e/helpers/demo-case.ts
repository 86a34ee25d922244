/**
 * The demo seizure as a case file, built the way `npm run demo` builds it (the `threadline` command, one import per
 * MANIFEST entry with its declared settings), into a folder of the caller's choosing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './serve';

interface ManifestFile {
  path: string;
  import?: { format?: string; tz?: string; dateOrder?: string; region?: string; owner?: string; preset?: string; encoding?: string; mapping?: Record<string, string> };
}

/** Run the `threadline` command; its standard output, or an error with both streams. */
export function threadline(args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'threadline.cjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`threadline ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export interface DemoManifest {
  case: { caseNumber: string; title: string; tz: string; region: string };
  files: ManifestFile[];
}

export function demoManifest(): DemoManifest {
  return JSON.parse(readFileSync(join(ROOT, 'resources', 'demo', 'MANIFEST.json'), 'utf8')) as DemoManifest;
}

/** Create `dir/demo.tl` holding every demo file. Returns its path. */
export function buildDemoCase(dir: string, examiner = 'E2E Examiner'): string {
  const demo = join(ROOT, 'resources', 'demo');
  const manifest = demoManifest();
  const file = join(dir, 'demo.tl');
  const k = manifest.case;
  threadline(['new', file, '--examiner', examiner, '--case-number', k.caseNumber, '--title', k.title, '--tz', k.tz, '--region', k.region]);
  for (const f of manifest.files) {
    const o = f.import ?? {};
    const args = ['import', file, join(demo, f.path)];
    if (o.format && o.format !== 'auto') args.push('--format', o.format);
    if (o.tz) args.push('--tz', o.tz);
    if (o.dateOrder) args.push('--date-order', o.dateOrder);
    if (o.region) args.push('--region', o.region);
    if (o.owner) args.push('--owner', o.owner);
    if (o.preset) args.push('--preset', o.preset);
    if (o.encoding) args.push('--encoding', o.encoding);
    if (o.mapping) args.push('--map', Object.entries(o.mapping).map(([col, role]) => `${col}=${role}`).join(','));
    threadline(args);
  }
  return file;
}
