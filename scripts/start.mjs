// `npm start`: opens the workstation on the demo case — the Electron app where Electron's binary is installed,
// otherwise browser mode (the loopback bridge), printing its `URL …` line to open in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoCase = join(root, 'out', 'demo', 'demo-case.tl');
const run = (args, quiet = false) => spawnSync(process.execPath, args, { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' }).status ?? 1;

if (!existsSync(join(root, 'dist', 'bridge', 'serve.mjs')) || !existsSync(join(root, 'dist', 'app', 'main.mjs')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  console.log('start: building (npm run build)…');
  if (run([join(root, 'scripts', 'build.mjs')]) !== 0) process.exit(1);
}
if (!existsSync(demoCase)) {
  console.log('start: creating the demo case from resources/demo (npm run demo)…');
  if (run([join(root, 'scripts', 'demo.mjs')], true) !== 0) console.error('start: some demo files failed to import; opening what was imported.');
}

// Not require('electron'): when the binary is missing, that tries to download it.
const electron = electronBinary(root);
const child = electron
  ? spawn(electron, [root, '--case', demoCase], { cwd: root, stdio: 'inherit' })
  : (console.log("start: Electron's binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); starting browser mode instead. Open the URL below."),
    spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), '--case', demoCase, '--evidence', join(root, 'resources', 'demo')], { cwd: root, stdio: 'inherit' }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
