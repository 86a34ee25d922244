/** The demo seizure (resources/demo) for the reliability suites: its manifest, a private copy, and CLI import arguments per file. */
import { cpSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_DIR, importArgs as sharedImportArgs, newCaseArgs as sharedNewCaseArgs, readDemoManifest } from '../lib/demo-manifest.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export { DEMO_DIR };

export interface DemoFile {
  path: string;
  import: { format?: string; tz?: string; dateOrder?: string; region?: string; owner?: string; preset?: string; encoding?: string };
}

export interface DemoManifest {
  case: { title: string; caseNumber: string; tz: string; region: string };
  files: DemoFile[];
}

export function demoManifest(): DemoManifest {
  return readDemoManifest() as DemoManifest;
}

/** Copy the demo seizure to `dest` (the suites flip bytes and make folders read-only; resources/ stays pristine). */
export function copyDemo(dest: string): string {
  cpSync(DEMO_DIR, dest, { recursive: true });
  return dest;
}

/** `threadline import` arguments for one manifest entry (the mapping `npm run demo` uses: scripts/lib/demo-manifest.mjs). */
export function importArgs(caseFile: string, dir: string, f: DemoFile): string[] {
  return sharedImportArgs(caseFile, dir, f);
}

export function newCaseArgs(caseFile: string, m: DemoManifest): string[] {
  return sharedNewCaseArgs(caseFile, m, 'Reliability Suite');
}
