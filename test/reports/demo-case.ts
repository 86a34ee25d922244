/** Builds the demo case for report tests: every file of resources/demo imported with the options MANIFEST.json declares (as scripts/demo.mjs does). */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Case } from '../../main/engine/case';
import type { DateOrder } from '../../main/engine/importers/types';
import { importEvidence, type ImportRequest } from '../../main/engine/jobs/import';

export const DEMO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'demo');

interface ManifestFile {
  path: string;
  import?: { format?: string; tz?: string; dateOrder?: string; region?: string; owner?: string; preset?: string; encoding?: string; mapping?: Record<string, string> };
}

interface Manifest {
  case: { title: string; caseNumber: string; tz: string; region: string };
  files: ManifestFile[];
}

export function demoManifest(): Manifest {
  return JSON.parse(readFileSync(join(DEMO_DIR, 'MANIFEST.json'), 'utf8')) as Manifest;
}

/** Create `file` and import the whole demo seizure into it. */
export async function buildDemoCase(file: string, examiner = 'Demo Examiner'): Promise<Case> {
  const m = demoManifest();
  const c = Case.create(file, { caseNumber: m.case.caseNumber, title: m.case.title, examiner, agency: 'Demo Agency (synthetic)', tz: m.case.tz, region: m.case.region });
  for (const f of m.files) {
    const o = f.import ?? {};
    const req: ImportRequest = { path: join(DEMO_DIR, f.path) };
    if (o.format && o.format !== 'auto') req.format = o.format;
    if (o.tz) req.tz = o.tz;
    if (o.dateOrder) req.dateOrder = o.dateOrder as DateOrder;
    if (o.region) req.region = o.region;
    if (o.owner) req.owner = o.owner;
    if (o.preset) req.preset = o.preset;
    if (o.encoding) req.encoding = o.encoding;
    if (o.mapping) req.mapping = o.mapping;
    await importEvidence(c, req);
  }
  return c;
}
