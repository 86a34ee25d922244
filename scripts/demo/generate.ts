// Generates the whole demo seizure into a folder: evidence files, MANIFEST.json, ground-truth.json and README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Corpus } from './corpus';
import { buildGroundTruth, checkCorpus, compactJson, pairStats } from './ground-truth';
import { Rng } from './prng';
import { renderReadme } from './readme';
import { renderSeizure } from './seizure';
import { World } from './world';

export const DEMO_SEED = 'threadline-demo-2025-04';
/** Keeps the demo a quick download and a quick import. */
export const MAX_TOTAL_BYTES = 2 * 1024 * 1024;

export interface GeneratedDemo {
  /** Relative paths of every file written, evidence first. */
  files: string[];
  totalBytes: number;
}

export async function generateDemo(outDir: string, seed = DEMO_SEED): Promise<GeneratedDemo> {
  const rng = new Rng(seed);
  const world = new World(rng);
  const corpus = new Corpus();
  const rendered = await renderSeizure(world, corpus, rng.fork('seizure'));
  checkCorpus(world, corpus, new Map(rendered.map((f) => [f.path, f.manifest.region])));

  const structured = pairStats(world, corpus.groups.filter((g) => g.type === 'structured'));
  const evidenceBytes = rendered.reduce((n, f) => n + f.bytes.length, 0);
  const manifest = {
    about: 'The synthetic demo seizure (see README.md). One entry per evidence file: what it is, the declared zone, date order, phone region and owner to pass on import (`import` holds exactly the ImportRequest options), and what it holds.',
    seed,
    case: { title: 'GL Group — Myawaddy compound (synthetic demo)', caseNumber: 'DEMO-2025-0411', tz: 'Asia/Bangkok', region: 'TH' },
    files: rendered.map((f) => f.manifest),
  };
  const extra: [string, string][] = [
    ['MANIFEST.json', `${JSON.stringify(manifest, null, 2)}\n`],
    ['ground-truth.json', compactJson(buildGroundTruth(world, corpus, seed))],
    ['README.md', renderReadme(world, rendered, seed, structured, evidenceBytes)],
  ];
  const all: [string, Buffer][] = [...rendered.map((f): [string, Buffer] => [f.path, f.bytes]), ...extra.map(([p, s]): [string, Buffer] => [p, Buffer.from(s, 'utf8')])];
  const totalBytes = all.reduce((n, [, b]) => n + b.length, 0);
  if (totalBytes > MAX_TOTAL_BYTES) throw new Error(`the demo is ${totalBytes} bytes, over the ${MAX_TOTAL_BYTES} limit`);
  for (const [rel, bytes] of all) {
    const path = join(outDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  return { files: all.map(([p]) => p), totalBytes };
}
