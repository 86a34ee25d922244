/** Before the browser-mode suite: make sure the bundles in dist/ are built from the current sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './serve';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const outputs = ['dist/bridge/serve.mjs', 'dist/bridge/engine-worker.mjs', 'dist/renderer/index.html'].map((p) => join(ROOT, p));
  const built = outputs.every((p) => existsSync(p)) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
  const sources = Math.max(...['main', 'renderer', 'shared'].map((d) => newest(join(ROOT, d))), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (built > sources) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed; browser-mode tests need dist/');
}
