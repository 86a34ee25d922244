// `npm run demo:generate`: rewrites resources/demo/ from the fixed seed (the generator lives in scripts/demo/).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemo } from './demo/generate';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo');
// The folder holds only generated output, so it is replaced whole: no stale file from an older generator survives.
rmSync(out, { recursive: true, force: true });
let result;
try {
  result = await generateDemo(out);
} catch (err) {
  // The generator checks its own corpus (forms normalise back, every person connected, nothing over 2 MB) before writing.
  console.error(`demo generation failed: ${(err as Error).message}`);
  console.error('  → fix the generator under scripts/demo/ (content/ for conversations, seizure.ts for files) and run `npm run demo:generate` again.');
  process.exit(1);
}
console.log(`wrote ${result.files.length} files (${(result.totalBytes / 1024).toFixed(0)} KiB) to ${out}`);
for (const f of result.files) console.log(`  ${f}`);
