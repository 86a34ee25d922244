/**
 * The linker's one process-wide setting: a larger V8 young generation. A link run makes short-lived objects by the
 * million (normalisation results, mention matches, name folds); with V8's default semi-space (16 MB on a large heap)
 * many survive two scavenges while still in use and are copied into the old generation, which a full collection then
 * has to clear. bench/link 10 M mix, quiet machine (2026-12-01): 59.9 / 60.9 s wall at the default, 56.8 / 57.5 s at 32 MB.
 */
import { setFlagsFromString } from 'node:v8';

/** MB per semi-space while linking; the young generation can then hold up to twice this much more than before. */
export const LINK_SEMI_SPACE_MB = 32;

let applied = false;

/**
 * Raises the semi-space limit once per process (V8 reads it when it next grows the young generation). Set here rather
 * than on the command line so the CLI, the desktop app and the benches link alike. THREADLINE_LINK_SEMI_SPACE=0 skips it.
 */
export function ensureLinkYoungGeneration(): void {
  if (applied) return;
  applied = true;
  if (process.env.THREADLINE_LINK_SEMI_SPACE === '0') return;
  setFlagsFromString(`--max-semi-space-size=${LINK_SEMI_SPACE_MB}`);
}
