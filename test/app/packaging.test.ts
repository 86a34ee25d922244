import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUSES } from '../../main/app/security/fuses';

// electron-builder.yml is YAML; its electronFuses block is flat `key: value` lines, read without a YAML dependency.
function fusesFromBuilderConfig(): Record<string, boolean> {
  const text = readFileSync('electron-builder.yml', 'utf8');
  const block = /^electronFuses:\n((?: {2}\w+: \w+\n)+)/m.exec(text);
  if (!block) throw new Error('electron-builder.yml has no electronFuses block');
  const out: Record<string, boolean> = {};
  for (const line of block[1]!.trim().split('\n')) {
    const [k, v] = line.trim().split(': ');
    out[k!] = v === 'true';
  }
  return out;
}

describe('packaging configuration', () => {
  it('electron-builder flips exactly the fuses the security policy declares', () => {
    const { version: _v, ...expected } = FUSES;
    expect(fusesFromBuilderConfig()).toEqual(expected);
  });

  it('packages ASAR and never publishes (no update server, no network)', () => {
    const text = readFileSync('electron-builder.yml', 'utf8');
    expect(text).toMatch(/^asar: true$/m);
    expect(text).toMatch(/^publish: null$/m);
  });
});
