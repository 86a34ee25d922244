import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  const out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(e)) out.push(p);
  }
  return out;
}

// Built from pieces so this test file does not match itself.
const FORBIDDEN = [['dangerously', 'SetInnerHTML'], ['shell', '.openExternal'], ['shell', '.openPath'], ['inner', 'HTML ='], ['new ', 'Function('], ['ev', 'al(']].map((p) => p.join(''));

describe('forbidden APIs', () => {
  const files = [...sources('main'), ...sources('renderer'), ...sources('shared')];
  it('the source tree has files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  for (const api of FORBIDDEN) {
    it(`no ${api} in main/, renderer/ or shared/`, () => {
      const hits = files.filter((f) => readFileSync(f, 'utf8').includes(api));
      expect(hits).toEqual([]);
    });
  }
});
