// ground-truth.json: the labelled corpus for identity linking, with the recall the structured records allow.
import type { Corpus, LinkGroup, NameSeen, Occurrence } from './corpus';
import { normaliseIdentifier } from './reference-normalise';
import type { Device, World } from './world';

/** The shape of resources/demo/ground-truth.json, for tests that read the labelled corpus (identity linking). */
export interface GroundTruthFile {
  seed: string;
  persons: { id: string; name: string; native?: string; role: string; country: string; decoyOf?: string; about: string; identifiers: { key: string; kind: string; value: string; platform?: string; chain?: string }[] }[];
  devices: { id: string; label: string; kind: string; owner: string; ownerIdentifier: string; zone: string; region: string; folder: string; seizedAt: string }[];
  occurrences: Occurrence[];
  names: NameSeen[];
  links: { structured: LinkGroup[]; content: LinkGroup[] };
  expected: {
    identifiers: number;
    truePairs: number;
    structuredOnly: { reachablePairs: number; recall: number; falsePairs: number; clusters: string[][] };
    withContent: { reachablePairs: number; recall: number; falsePairs: number };
  };
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

export interface PairStats {
  /** Identifier pairs that belong to the same person (the positives). */
  truePairs: number;
  /** Of those, pairs joined by the groups considered. */
  reachablePairs: number;
  recall: number;
  /** Pairs joined that belong to different people (must be 0). */
  falsePairs: number;
  clusters: string[][];
}

/** Pairwise recall of the clusters that `groups` (plus "same value = same identifier") produce. */
export function pairStats(world: World, groups: LinkGroup[]): PairStats {
  const owner = new Map<string, string>();
  for (const id of world.idents.values()) owner.set(id.value, id.person);
  const uf = new UnionFind();
  for (const g of groups) for (const v of g.values.slice(1)) uf.union(g.values[0]!, v);
  const clusters = new Map<string, string[]>();
  for (const v of owner.keys()) {
    const r = uf.find(v);
    clusters.set(r, [...(clusters.get(r) ?? []), v]);
  }
  let truePairs = 0;
  let reachable = 0;
  let falsePairs = 0;
  const values = [...owner.keys()];
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const same = owner.get(values[i]!) === owner.get(values[j]!);
      const joined = uf.find(values[i]!) === uf.find(values[j]!);
      if (same) truePairs++;
      if (same && joined) reachable++;
      if (!same && joined) falsePairs++;
    }
  }
  const list = [...clusters.values()].map((c) => c.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return { truePairs, reachablePairs: reachable, recall: truePairs ? Math.round((reachable / truePairs) * 1e6) / 1e6 : 1, falsePairs, clusters: list };
}

/** Checks the corpus against itself before anything is written; throws on the first inconsistency. */
export function checkCorpus(world: World, corpus: Corpus, regions: Map<string, string>): void {
  for (const o of corpus.occurrences) {
    const region = regions.get(o.file);
    if (!region) throw new Error(`occurrence in unknown file ${o.file}`);
    const v = normaliseIdentifier(o.kind, o.raw, region, o.form, o.platform);
    if (v !== o.value) throw new Error(`${o.file} ${JSON.stringify(o.at)}: ${JSON.stringify(o.raw)} (${o.form}) normalises to ${v}, not ${o.value}`);
  }
  const seen = new Set(corpus.occurrences.map((o) => o.value));
  for (const id of world.idents.values()) if (!seen.has(id.value)) throw new Error(`identifier ${id.key} (${id.value}) is never written in any file`);
  const all = pairStats(world, corpus.groups);
  if (all.falsePairs) throw new Error('a co-occurrence group joins two different people');
  if (all.reachablePairs !== all.truePairs) {
    const missing = world.people.filter((p) => new Set(Object.values(p.ids).map((i) => all.clusters.findIndex((c) => c.includes(i.value)))).size > 1).map((p) => p.id);
    throw new Error(`structured + content co-occurrences do not connect every person's identifiers: ${missing.join(', ')}`);
  }
}

export function buildGroundTruth(world: World, corpus: Corpus, seed: string): unknown {
  const structured = corpus.groups.filter((g) => g.type === 'structured');
  const s = pairStats(world, structured);
  const all = pairStats(world, corpus.groups);
  const deviceOf = (d: Device) => ({ id: d.id, label: d.label, kind: d.kind, owner: d.owner, ownerIdentifier: world.ident(d.ownerIdent).value, zone: d.zone, region: d.region, folder: d.folder, seizedAt: d.seizedAt });
  return {
    about:
      'Labelled corpus for identity linking, written by scripts/generate-demo.ts with the seed below. Everything is synthetic. ' +
      'persons: who owns which identifier (values normalised as described in `normalisation`). occurrences: every place an identifier is written, raw as in the file, with its location and whether the record is about that party (used-by) or states it in free text (mentioned). ' +
      'links.structured: identifiers written together in one structured record about one party (contact card, Telegram contact, personal_information, one party\'s columns of a spreadsheet row) — automatic links may rest on these. ' +
      'links.content: identifiers stated together in a message (or paired with the sender\'s own identifier in that record) — suggestions only. ' +
      'expected: pairwise recall reachable from structured records alone, and with content suggestions confirmed.',
    seed,
    normalisation: {
      phone: 'E.164 (libphonenumber, region = the file\'s declared region; `00` read as `+`; a `digits-cc` form is a number cell that lost its `+`)',
      email: 'lower case',
      username: '`platform:@handle`, lower case (telegram, line)',
      'user-id': '`telegram:<numeric id>`',
      wallet: 'TRON as written (base58check, case-sensitive); Ethereum lower-case hex (EIP-55 checked when mixed case)',
      iban: 'upper case, no spaces (mod-97 valid)',
      account: '`<bank>:<digits>` (kbank = Kasikornbank TH, aba = ABA Bank KH)',
    },
    persons: world.people.map((p) => ({
      id: p.id,
      name: p.name,
      ...(p.native ? { native: p.native } : {}),
      role: p.role,
      country: p.country,
      ...(p.decoyOf ? { decoyOf: p.decoyOf } : {}),
      about: p.about,
      identifiers: Object.values(p.ids).map((i) => ({ key: i.key, kind: i.kind, value: i.value, ...(i.platform ? { platform: i.platform } : {}), ...(i.chain ? { chain: i.chain } : {}) })),
    })),
    devices: world.devices.map(deviceOf),
    occurrences: corpus.occurrences,
    names: corpus.names,
    links: { structured, content: corpus.groups.filter((g) => g.type === 'content') },
    expected: {
      identifiers: world.idents.size,
      truePairs: s.truePairs,
      structuredOnly: { reachablePairs: s.reachablePairs, recall: s.recall, falsePairs: s.falsePairs, clusters: s.clusters },
      withContent: { reachablePairs: all.reachablePairs, recall: all.recall, falsePairs: all.falsePairs },
    },
  };
}

/** JSON with one array element per line for the long lists, so diffs stay readable and the file small. */
export function compactJson(value: unknown): string {
  const big = new Set(['occurrences', 'names', 'structured', 'content', 'clusters', 'persons']);
  const walk = (v: unknown, indent: string, key?: string): string => {
    if (Array.isArray(v) && key && big.has(key)) {
      if (v.length === 0) return '[]';
      return `[\n${v.map((x) => `${indent}  ${JSON.stringify(x)}`).join(',\n')}\n${indent}]`;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) return '{}';
      return `{\n${entries.map(([k, x]) => `${indent}  ${JSON.stringify(k)}: ${walk(x, `${indent}  `, k)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  return `${walk(value, '')}\n`;
}
