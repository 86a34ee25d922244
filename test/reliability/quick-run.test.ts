/**
 * `npm run reliability -- --quick` as part of `npm test`: the whole proof (hostile corpus, crash harness, storage
 * faults, tamper detection, offline proof, hardening) must exit 0; on a miss this test lists every miss.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp';

const ROOT = join(import.meta.dirname, '..', '..');

interface RunJson {
  rows: { check: string; tried: number | string; passed: number | string; miss: boolean; note?: string }[];
  misses: { section: string; item: string; problems: string[] }[];
}

describe('reliability proof (quick form)', () => {
  it('runs every section and finds no miss', { timeout: 20 * 60_000 }, () => {
    const json = join(tempDir('threadline-reliability-json-'), 'run.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'reliability', 'run.ts'), '--quick', '--json', json], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const out: RunJson = JSON.parse(readFileSync(json, 'utf8')) as RunJson;
    process.stdout.write(`${r.stdout}\n`);
    expect(out.rows.map((x) => x.check)).toEqual([
      'hostile inputs tried',
      'sources untouched (corpus)',
      'crashes survived (kill -9)',
      'storage faults',
      'tamper cases detected',
      'packets off-host',
      'sources untouched (full workflow)',
      'hardening checks',
    ]);
    expect(Number(out.rows[0]!.tried)).toBeGreaterThanOrEqual(48);
    expect(out.misses.map((m) => `[${m.section}] ${m.item}: ${m.problems.join(' | ')}`)).toEqual([]);
    expect(r.status).toBe(0);
  });
});
