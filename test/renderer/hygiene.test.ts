import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(e)) out.push(p);
  }
  return out;
}

const sources = files('renderer', /\.(ts|tsx|css|html)$/);
const built = 'dist/renderer/index.html';

describe('renderer hygiene', () => {
  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(15);
  });

  it('never sets HTML from strings (no dangerouslySetInnerHTML, innerHTML, outerHTML, insertAdjacentHTML)', () => {
    const banned = [['dangerously', 'SetInnerHTML'], ['inner', 'HTML'], ['outer', 'HTML'], ['insertAdjacent', 'HTML'], ['document', '.write']].map((p) => p.join(''));
    const hits = sources.flatMap((f) => banned.filter((b) => readFileSync(f, 'utf8').includes(b)).map((b) => `${f}: ${b}`));
    expect(hits).toEqual([]);
  });

  it('loads nothing remote: no http(s) URLs, no @import, no remote fonts', () => {
    const hits = sources.filter((f) => /https?:\/\/|@import|@font-face/.test(readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '')));
    expect(hits).toEqual([]);
  });

  it('only api.ts touches window.threadline or fetch', () => {
    const hits = sources.filter((f) => !f.endsWith('api.ts') && /window\.threadline|\bfetch\(/.test(readFileSync(f, 'utf8')));
    expect(hits).toEqual([]);
  });

  it.skipIf(!existsSync(built))('the built page has no inline script (the CSP allows none)', () => {
    const html = readFileSync(built, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) {
      expect(s[1]).toMatch(/\bsrc=/);
      expect(s[2]!.trim()).toBe('');
    }
  });
});
