// The demo seizure's MANIFEST.json turned into `threadline` command lines: the one mapping from a manifest entry's
// declared import settings to CLI flags, shared by `npm run demo`, the e2e demo case and the reliability suites
// (plain ESM so that scripts/demo.mjs runs on Node without a TypeScript loader; types in demo-manifest.d.mts).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'demo');

/** resources/demo/MANIFEST.json, parsed. */
export function readDemoManifest() {
  return JSON.parse(readFileSync(join(DEMO_DIR, 'MANIFEST.json'), 'utf8'));
}

/** `threadline new` arguments for the manifest's case, created by `examiner`. */
export function newCaseArgs(caseFile, manifest, examiner) {
  const k = manifest.case;
  return ['new', caseFile, '--examiner', examiner, '--case-number', k.caseNumber, '--title', k.title, '--tz', k.tz, '--region', k.region];
}

/** `threadline import` arguments for one manifest entry, its file found under `dir` (the demo folder or a copy of it). */
export function importArgs(caseFile, dir, file) {
  const o = file.import ?? {};
  const args = ['import', caseFile, join(dir, file.path)];
  // `auto` is the CLI's own default: leaving it out keeps the printed command what an examiner would type.
  if (o.format && o.format !== 'auto') args.push('--format', o.format);
  if (o.tz) args.push('--tz', o.tz);
  if (o.dateOrder) args.push('--date-order', o.dateOrder);
  if (o.region) args.push('--region', o.region);
  if (o.owner) args.push('--owner', o.owner);
  if (o.preset) args.push('--preset', o.preset);
  if (o.encoding) args.push('--encoding', o.encoding);
  if (o.mapping) args.push('--map', Object.entries(o.mapping).map(([col, role]) => `${col}=${role}`).join(','));
  return args;
}
