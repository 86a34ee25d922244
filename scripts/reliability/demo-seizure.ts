/** The demo seizure (resources/demo) for the reliability suites: its manifest, a private copy, and CLI import arguments per file. */
import { cpSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_DIR = join(ROOT, 'resources', 'demo');

export interface DemoFile {
  path: string;
  import: { format?: string; tz?: string; dateOrder?: string; region?: string; owner?: string; preset?: string; encoding?: string };
}

export interface DemoManifest {
  case: { title: string; caseNumber: string; tz: string; region: string };
  files: DemoFile[];
}

export function demoManifest(): DemoManifest {
  return JSON.parse(readFileSync(join(DEMO_DIR, 'MANIFEST.json'), 'utf8')) as DemoManifest;
}

/** Copy the demo seizure to `dest` (the suites flip bytes and make folders read-only; resources/ stays pristine). */
export function copyDemo(dest: string): string {
  cpSync(DEMO_DIR, dest, { recursive: true });
  return dest;
}

/** `threadline import` arguments for one manifest entry. */
export function importArgs(caseFile: string, dir: string, f: DemoFile): string[] {
  const o = f.import;
  const args = ['import', caseFile, join(dir, f.path)];
  if (o.format && o.format !== 'auto') args.push('--format', o.format);
  if (o.tz) args.push('--tz', o.tz);
  if (o.dateOrder) args.push('--date-order', o.dateOrder);
  if (o.region) args.push('--region', o.region);
  if (o.owner) args.push('--owner', o.owner);
  if (o.preset) args.push('--preset', o.preset);
  if (o.encoding) args.push('--encoding', o.encoding);
  return args;
}

export function newCaseArgs(caseFile: string, m: DemoManifest): string[] {
  return ['new', caseFile, '--examiner', 'Reliability Suite', '--case-number', m.case.caseNumber, '--tz', m.case.tz, '--region', m.case.region, '--title', m.case.title];
}
