// Where Electron's binary is, or null — found the way node_modules/electron/index.js finds it, but WITHOUT its
// fallback of downloading the binary when it is missing (Threadline's machines are offline; a test must not
// reach for the network just to learn that the binary is absent).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function electronBinary(root) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
    return existsSync(p) ? p : null;
  }
  if (!name) return null;
  const p = join(pkg, 'dist', name);
  return existsSync(p) ? p : null;
}
