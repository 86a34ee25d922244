/**
 * The contacts-import speed-ups keep results exact: name rows buffered as columns, names / name tokens / edges
 * written by multi-row statements, tokens taken from the norm, and the one-word shortcut of name candidates.
 */
import { join } from 'node:path';
import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { normsWithToken } from '../../main/engine/db/read/identity';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import { IdentityWriter } from '../../main/engine/db/write/identity';
import { NameBuffer, type NameColumns } from '../../main/engine/db/write/name-buffer';
import { NameTokenStaging } from '../../main/engine/db/write/name-token-staging';
import { writeNameBatch } from '../../main/engine/identity/name-writes';
import { foldName, tokensOfNorm } from '../../main/engine/identity/names';
import { fuzzyNorms } from '../../main/engine/identity/suggest';
import { tempDir } from '../helpers/tmp';

function caseWithNodes(nodes: number): Case {
  const c = Case.create(join(tempDir(), 'c.case'), { caseNumber: 'S', examiner: 'E', tz: 'UTC', region: 'TH' });
  c.db.transaction(() => {
    insertEvidence(c.db, {
      path_given: 'e1', path_resolved: 'e1', file_name: 'e1.vcf', size: 1, sha256: '1'.padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null, format: 'vcard', layout: null,
      importer_version: '0', tz: 'UTC', date_order: null, region: null, owner: null, options_json: '{}', examiner: 'E', imported_utc: '2025-01-01T00:00:00Z', duplicate_of: null,
    });
    const w = new IdentityWriter(c.db);
    for (let id = 1; id <= nodes; id++) w.insertIdentifierNode({ id, kind: 'phone', value: `+6681000${String(id).padStart(4, '0')}`, valid: true, flags: null, matchKey: null, used: true });
  })();
  return c;
}

const rows = (c: Case, sql: string) => c.db.prepare(sql).raw().all() as unknown[][];

describe('tokensOfNorm', () => {
  it('gives the tokens folding the name gave, so a norm read back needs no name folded again', () => {
    const names = ['Boss CHEN 👑', 'somchai somsak somkid', 'Вoss Li', 'สมชาย ใจดี', '王 小明', 'ab c de f gh ij kl mn op', 'Kenji Kenji Sato', 'Mya   Mya', 'J. R. R. Tolkien', 'Ａｎｎａ Ｋ'];
    for (const n of names) {
      const f = foldName(n)!;
      expect(tokensOfNorm(f.norm)).toEqual(f.tokens);
    }
    expect(tokensOfNorm('somchai somsak somkid')).toEqual(['somchai', 'somsak', 'somkid', '^som', '^som', '^som']);
    expect(tokensOfNorm('a b c')).toEqual([]); // no word of two letters: foldName gives null
  });
});

describe('NameBuffer', () => {
  it('hands each full batch over ordered by node, ties in push order, and keeps no string after', () => {
    const batches: string[][] = [];
    let held: NameColumns | undefined;
    const buf = new NameBuffer((c, order) => {
      held = c;
      batches.push([...order].map((i) => `${c.node[i]}:${c.name[i]}:${c.srcId[i]}`));
    }, 4);
    [5, 2, 5, 1, 2, 8].forEach((node, i) => buf.push(node, `n${i}`, `n${i}`, [`n${i}`], 'contacts', 10 + i, null));
    expect(buf.length).toBe(2);
    buf.flush();
    buf.flush();
    expect(batches).toEqual([
      ['1:n3:13', '2:n1:11', '5:n0:10', '5:n2:12'],
      ['2:n4:14', '8:n5:15'],
    ]);
    expect(held!.name.slice(0, 2)).toEqual(['', '']);
    expect(() => new NameBuffer(() => {}, 0)).toThrow(RangeError);
  });
});

describe('names and tokens written in bulk', () => {
  it('are the rows and ids one insertName per row, then its tokens, gave (repeats, shared norms, batches, tokens staged then written once)', () => {
    // 150 rows over 9 nodes: names repeat on a node (ignored by the UNIQUE index), different names fold alike.
    const spell = ['Boss Chen', 'BOSS CHEN', 'Somchai Somsak', 'Mya Mya', 'Anna K', 'Кenji Sato'];
    const input = Array.from({ length: 150 }, (_, i) => {
      const name = i % 10 === 9 ? spell[i % spell.length]! : `${spell[i % spell.length]} ${i % 40}`;
      const f = foldName(name)!;
      return { node: 1 + ((i * 5) % 9), name, norm: f.norm, tokens: f.tokens, srcId: 1000 + i, flags: f.flags.length ? JSON.stringify(f.flags) : null };
    });
    const oneByOne = caseWithNodes(9);
    const bulk = caseWithNodes(9);
    oneByOne.db.transaction(() => {
      // The run's former writer: a row's tokens once per norm, only when its name row was new.
      const w = new IdentityWriter(oneByOne.db);
      const written = new Set<string>();
      const tokens: [string, string][] = [];
      // Flushed 60 at a time, each batch sorted by node (stably), as SortedBatch did.
      const batches = [input.slice(0, 60), input.slice(60, 120), input.slice(120)];
      for (const r of batches.flatMap((b) => [...b].sort((x, y) => x.node - y.node))) {
        const id = w.insertName(r.node, r.name, r.norm, 1, 'contacts', r.srcId, r.flags);
        if (id && !written.has(r.norm)) {
          written.add(r.norm);
          for (const t of r.tokens) tokens.push([t, r.norm]);
        }
      }
      w.insertNameTokenRows(tokens);
    })();
    bulk.db.transaction(() => {
      const w = new IdentityWriter(bulk.db);
      const written = new Set<string>();
      const staging = new NameTokenStaging(bulk.db, 250); // the first batch's rows written, the rest staged
      const buf = new NameBuffer((c, order) => writeNameBatch(w, c, order, 1, written, 7, staging), 60);
      for (const r of input) buf.push(r.node, r.name, r.norm, r.tokens, 'contacts', r.srcId, r.flags);
      buf.flush();
      const direct = rows(bulk, 'SELECT COUNT(*) FROM identity_name_tokens')[0]![0] as number;
      expect(direct).toBeGreaterThan(0);
      expect(direct).toBeLessThanOrEqual(250);
      expect(staging.staged).toBeGreaterThan(0);
      staging.write();
      expect(staging.staged).toBe(0);
      expect(rows(bulk, "SELECT COUNT(*) FROM sqlite_temp_master WHERE name = 'link_name_tokens'")).toEqual([[0]]);
    })();
    const names = 'SELECT * FROM identity_names ORDER BY id';
    const tokens = 'SELECT * FROM identity_name_tokens ORDER BY token, norm';
    expect(rows(bulk, names)).toEqual(rows(oneByOne, names));
    expect(rows(bulk, tokens)).toEqual(rows(oneByOne, tokens));
    // 150 pushed; each (node, name) first seen is kept: the spelled-alone names recur on the same nodes.
    expect(rows(bulk, names).length).toBe(new Set(input.map((r) => `${r.node}|${r.name}`)).size);
    // 'Somchai Somsak N' for N = i % 40 of i = 2, 8, 14 … 146 (repeating after 120): 20 norms, each holding `^som` once.
    expect(rows(bulk, "SELECT COUNT(*) FROM identity_name_tokens WHERE token = '^som'")).toEqual([[20]]);
    oneByOne.close();
    bulk.close();
  });
});

describe('edges upserted in bulk', () => {
  it('are the rows, ids and counts one upsertEdge per row gives, also when a statement holds the same edge twice', () => {
    const edges = Array.from({ length: 64 * 3 + 5 }, (_, i) => ({ a: 1 + (i % 7), b: 8 + ((i * 3) % 5), rule: i % 2 ? 'contact-card' : 'account-identifier', srcTable: 'contacts', srcId: 500 + i, count: 1 + (i % 3) }));
    const oneByOne = caseWithNodes(12);
    const bulk = caseWithNodes(12);
    for (const c of [oneByOne, bulk]) c.db.transaction(() => new IdentityWriter(c.db).upsertEdge(2, 9, 'contact-card', 1, 'contacts', 1, 5))(); // there before
    oneByOne.db.transaction(() => {
      const w = new IdentityWriter(oneByOne.db);
      for (const e of edges) w.upsertEdge(e.a, e.b, e.rule, 1, e.srcTable, e.srcId, e.count);
    })();
    bulk.db.transaction(() => new IdentityWriter(bulk.db).upsertEdgeRows(edges, 1))();
    const sql = 'SELECT * FROM identity_edges ORDER BY id';
    const got = rows(bulk, sql);
    expect(got).toEqual(rows(oneByOne, sql));
    // a, b and rule cycle by 7, 5 and 2: 70 distinct edges, one of them (2, 9, contact-card) there before.
    expect(got.length).toBe(70);
    const total = (got as number[][]).reduce((s, r) => s + r[7]!, 0);
    expect(total).toBe(5 + edges.reduce((s, e) => s + e.count, 0));
    oneByOne.close();
    bulk.close();
  });
});

/** fuzzyNorms as it was before the one-word shortcut: every shared name in a map, then filtered. */
function fuzzyNormsReference(db: Case['db'], norm: string, tokens: readonly string[], partial: boolean, common: Set<string>): string[] {
  const words = tokens.filter((t) => !t.startsWith('^'));
  const position = new Map<string, number>();
  words.forEach((w, i) => {
    if (!position.has(w)) position.set(w, i);
    const p = `^${[...w].slice(0, 3).join('')}`;
    if (!position.has(p)) position.set(p, i);
  });
  const shared = new Map<string, number>();
  for (const t of tokens) {
    if (common.has(t)) continue;
    const norms = normsWithToken(db, t, 301);
    if (norms.length > 300) {
      common.add(t);
      continue;
    }
    const bit = 1 << Math.max(0, position.get(t) ?? -1);
    for (const n of norms) if (n !== norm) shared.set(n, (shared.get(n) ?? 0) | bit);
  }
  const oneIsEnough = partial || words.length <= 1;
  let out: string[] = [];
  for (const [n, m] of shared) if ((m & (m - 1)) !== 0 || oneIsEnough || !n.includes(' ')) out.push(n);
  if (out.length > 50) out = new Fuse(out, { includeScore: true, threshold: 0.34, ignoreLocation: true }).search(norm, { limit: 50 }).map((m) => m.item);
  return out.sort();
}

describe('name candidates', () => {
  it('are what filtering every shared name gives, also when only one word of a name is rare enough to use', () => {
    const c = caseWithNodes(0);
    // "agent" is on 325 names (too common), each family name on 65; one-word names among them.
    const family = ['kitti', 'kittisak', 'kit', 'somsak', 'nok'];
    const norms = new Set<string>();
    for (let i = 0; i < 320; i++) norms.add(`agent ${family[i % 5]} ${i}`);
    for (const w of family) norms.add(`agent ${w}`);
    for (const w of [...family, 'agent', 'kitti somsak', 'nok kitti']) norms.add(w);
    c.db.transaction(() => {
      const ins = c.db.prepare('INSERT OR IGNORE INTO identity_name_tokens (token, norm) VALUES (?, ?)');
      for (const n of norms) for (const t of tokensOfNorm(n)) ins.run(t, n);
    })();
    let shortcut = 0;
    for (const partial of [false, true]) {
      const common = new Set<string>();
      const commonRef = new Set<string>();
      const postings = new Map<string, string[]>();
      for (const n of norms) {
        const tokens = tokensOfNorm(n);
        const got = fuzzyNorms(c.db, n, tokens, partial, common, postings);
        expect({ n, partial, got }).toEqual({ n, partial, got: fuzzyNormsReference(c.db, n, tokens, partial, commonRef) });
        if (!partial && /^agent [a-z]+$/.test(n) && got.length) shortcut++;
      }
      expect([...common].sort()).toEqual([...commonRef].sort());
    }
    // "agent kitti": "agent" too common, so only `kitti` and `^kit` are usable (one word): the one-word names they hold.
    expect(fuzzyNorms(c.db, 'agent kitti', tokensOfNorm('agent kitti'), false, new Set(), new Map())).toEqual(['kitti', 'kittisak']);
    expect(shortcut).toBe(5);
    c.close();
  });
});
