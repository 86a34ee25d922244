// `npm run serve -- [--case FILE] [--port N] [--evidence DIR]… [--cases DIR]`: browser mode. Builds first when the
// bundles are missing, then runs dist/bridge/serve.mjs, which prints `URL http://127.0.0.1:PORT/?token=…` on one line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'bridge', 'serve.mjs');
if (!existsSync(bundle) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  process.stderr.write('serve: building first (npm run build)…\n');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exit(await main(process.argv.slice(2)));
