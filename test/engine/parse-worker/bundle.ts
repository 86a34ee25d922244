/** Test helper: builds main/engine/jobs/parse-worker.ts as it ships (esbuild, scripts/build.mjs options) into a temp folder. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../../main/engine/jobs/parse-worker.ts', import.meta.url));
// Inside the repo (out/ is gitignored) so that the bundle's external packages resolve from node_modules.
const OUT = fileURLToPath(new URL('../../../out/test-parse-worker/', import.meta.url));

/** The bundled worker's URL and a function removing it. Starting it costs a fraction of the tsx source path. */
export async function buildParseWorkerBundle(): Promise<{ url: URL; dir: string; remove: () => void }> {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(OUT, 'bundle-'));
  const outfile = join(dir, 'parse-worker.mjs');
  const { build } = await import('esbuild');
  await build({ entryPoints: [ENTRY], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', define: { __THREADLINE_BUILD__: '"test"' }, logLevel: 'warning' });
  return { url: pathToFileURL(outfile), dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
