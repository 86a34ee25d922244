// Builds the engine bundles with esbuild: the CLI (dist/cli.mjs). Dependencies stay external (node_modules).
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

await build({ ...common, entryPoints: ['main/cli/index.ts'], outfile: 'dist/cli.mjs' });
console.log(`built dist/cli.mjs (build ${buildId})`);
