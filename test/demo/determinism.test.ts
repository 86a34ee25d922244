import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, MAX_TOTAL_BYTES } from '../../scripts/demo/generate';
import { Rng } from '../../scripts/demo/prng';
import { readZip } from '../../scripts/demo/zip';
import { Demo } from './generated';

const made: string[] = [];
function fresh(): string {
  const d = mkdtempSync(join(tmpdir(), 'threadline-demo-det-'));
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const committed = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'demo');

/** Zips compare by entries (name, order, timestamp, CRC and inflated bytes) so a different zlib build cannot fail the check. */
function sameContent(rel: string, a: Buffer, b: Buffer): void {
  if (/\.(zip|xlsx)$/.test(rel)) {
    const ea = readZip(a).map((e) => ({ name: e.name, crc: e.crc, time: e.dosTime, date: e.dosDate, data: e.data.toString('base64') }));
    const eb = readZip(b).map((e) => ({ name: e.name, crc: e.crc, time: e.dosTime, date: e.dosDate, data: e.data.toString('base64') }));
    expect(eb, `${rel} differs`).toEqual(ea);
  } else expect(b.equals(a), `${rel} differs`).toBe(true);
}

describe('demo generator determinism', () => {
  let a: Demo;
  let b: Demo;
  let sizes: number[] = [];
  beforeAll(async () => {
    a = new Demo(fresh());
    b = new Demo(fresh());
    const ra = await generateDemo(a.dir);
    const rb = await generateDemo(b.dir);
    expect(rb.files).toEqual(ra.files);
    sizes = [ra.totalBytes, rb.totalBytes];
  });

  it('writes byte-identical files on two runs with the fixed seed', () => {
    expect(b.listing()).toEqual(a.listing());
    expect(a.listing()).toHaveLength(16);
    for (const rel of a.listing()) expect(b.bytes(rel).equals(a.bytes(rel)), `${rel} differs between runs`).toBe(true);
    expect(sizes[0]).toBe(sizes[1]);
    expect(sizes[0]).toBeLessThan(MAX_TOTAL_BYTES);
  });

  it('gives a different world for a different seed (the seed is really used)', async () => {
    const c = new Demo(fresh());
    await generateDemo(c.dir, 'another-seed');
    const path = 'D5-victim-phone/WhatsApp Chat with Jessica.txt';
    expect(c.text(path)).not.toBe(a.text(path));
    const sarah = (d: Demo) => d.truth.persons.find((p) => p.id === 'P15')!.identifiers[0]!.value;
    expect(sarah(c)).not.toBe(sarah(a));
  });

  it('matches what is committed in resources/demo (run `npm run demo:generate` after changing the generator)', () => {
    const repo = new Demo(committed);
    expect(repo.listing()).toEqual(a.listing());
    for (const rel of a.listing()) sameContent(rel, a.bytes(rel), repo.bytes(rel));
  });
});

describe('seeded PRNG', () => {
  it('repeats its sequence for a seed and forks independent streams', () => {
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.u32());
    expect(seq(new Rng('x'))).toEqual(seq(new Rng('x')));
    expect(seq(new Rng('x'))).not.toEqual(seq(new Rng('y')));
    expect(seq(new Rng('x').fork('a'))).not.toEqual(seq(new Rng('x').fork('b')));
    const r = new Rng('bounds');
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
    }
  });
});
