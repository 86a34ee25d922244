// Builds Threadline with esbuild and Vite: the CLI (dist/cli.mjs), browser mode (dist/bridge/serve.mjs + its engine
// worker), the Electron main process (dist/app/main.mjs + worker) and sandboxed preload (dist/preload.cjs, which
// must be CommonJS), and the React renderer (dist/renderer/). Dependencies stay external (node_modules).
import { build } from 'esbuild';
import { execSync } from 'node:child_process';

let buildId = 'dev';
try {
  buildId = execSync('git rev-parse --short=12 HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
} catch {
  // not a git checkout: keep 'dev'
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  define: { __THREADLINE_BUILD__: JSON.stringify(buildId) },
  logLevel: 'warning',
};

const only = process.argv.includes('--cli-only');

await build({ ...common, entryPoints: ['main/cli/index.ts'], outfile: 'dist/cli.mjs' });
// The import job starts its parser thread from parse-worker.mjs beside the running bundle (parse-in-worker.ts).
await build({ ...common, entryPoints: ['main/engine/jobs/parse-worker.ts'], outfile: 'dist/parse-worker.mjs' });
console.log(`built dist/cli.mjs and dist/parse-worker.mjs (build ${buildId})`);
if (!only) {
  await Promise.all([
    build({ ...common, entryPoints: ['main/bridge/serve.ts'], outfile: 'dist/bridge/serve.mjs' }),
    build({ ...common, entryPoints: ['main/bridge/host/engine-worker.ts'], outfile: 'dist/bridge/engine-worker.mjs' }),
    build({ ...common, entryPoints: ['main/app/main.ts'], outfile: 'dist/app/main.mjs' }),
    build({ ...common, entryPoints: ['main/bridge/host/engine-worker.ts'], outfile: 'dist/app/engine-worker.mjs' }),
    build({ ...common, entryPoints: ['main/engine/jobs/parse-worker.ts'], outfile: 'dist/bridge/parse-worker.mjs' }),
    build({ ...common, entryPoints: ['main/engine/jobs/parse-worker.ts'], outfile: 'dist/app/parse-worker.mjs' }),
    // A sandboxed preload can only require('electron'): CommonJS, everything else bundled in.
    build({ ...common, entryPoints: ['main/preload/preload.ts'], outfile: 'dist/preload.cjs', format: 'cjs', packages: undefined, external: ['electron'], target: 'chrome120' }),
  ]);
  console.log('built dist/bridge/serve.mjs, dist/app/main.mjs, dist/preload.cjs and the engine workers');
  // Vite's CLI sets NODE_ENV; its API does not, and React would then ship its development build.
  process.env.NODE_ENV = 'production';
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn' });
  console.log('built dist/renderer/');
}
