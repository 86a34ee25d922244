/** Generates the demo once per test file into a temporary folder and reads it back (files, zip members, manifest, ground truth). */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ManifestEntry } from '../../scripts/demo/doc';
import { generateDemo } from '../../scripts/demo/generate';
import type { GroundTruthFile } from '../../scripts/demo/ground-truth';
import { readZip } from '../../scripts/demo/zip';

export type GroundTruth = GroundTruthFile;

export interface Manifest {
  seed: string;
  case: { title: string; caseNumber: string; tz: string; region: string };
  files: ManifestEntry[];
}

export class Demo {
  constructor(readonly dir: string) {}

  bytes(rel: string): Buffer {
    return readFileSync(join(this.dir, rel));
  }

  text(rel: string, member?: string): string {
    if (!member) return this.bytes(rel).toString('utf8');
    const e = readZip(this.bytes(rel)).find((x) => x.name === member);
    if (!e) throw new Error(`${rel} has no member ${member}`);
    return e.data.toString('utf8');
  }

  get manifest(): Manifest {
    return JSON.parse(this.text('MANIFEST.json')) as Manifest;
  }

  get truth(): GroundTruth {
    return JSON.parse(this.text('ground-truth.json')) as GroundTruth;
  }

  entry(layout: string): ManifestEntry {
    const e = this.manifest.files.find((f) => f.layout === layout);
    if (!e) throw new Error(`no file with layout ${layout}`);
    return e;
  }

  /** Every file under the folder, relative, sorted. */
  listing(): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else out.push(relative(this.dir, p).split('\\').join('/'));
      }
    };
    walk(this.dir);
    return out.sort();
  }
}

/** Registers beforeAll/afterAll that generate a fresh demo; the returned getter is valid inside tests. */
export function useGeneratedDemo(): () => Demo {
  let demo: Demo | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'threadline-demo-'));
    await generateDemo(dir);
    demo = new Demo(dir);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!demo) throw new Error('demo not generated yet');
    return demo;
  };
}

/** Splits text into lines on the given end-of-line, dropping the final empty piece after a trailing newline. */
export function lines(text: string, eol: '\n' | '\r\n'): string[] {
  const parts = text.split(eol);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
