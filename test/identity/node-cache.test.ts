/** The linker's bounded memory: the same graph with a tiny node cache as with room for all, and its building blocks. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import { linkEvidence, setNodeCacheGeneration, type LinkSummary } from '../../main/engine/identity/link';
import { EdgeAggregator } from '../../main/engine/identity/edge-agg';
import { KeyFilter } from '../../main/engine/identity/node-cache';
import { tempDir } from '../helpers/tmp';

const CARDS = 300;
const pad = (n: number) => String(n).padStart(4, '0');

/** Card i of item e: identifiers repeated within the item and across both items, a few invalid, names repeated. */
function card(e: number, i: number): { name: string; ids: { kind: string; value: string; label?: string }[] } {
  const ids = [
    { kind: 'phone', value: `+66 81 000 ${pad(i % 40)}`, label: 'CELL' },
    // Item 2 reuses item 1's e-mails 0..149 and adds 150..299.
    { kind: 'email', value: `U${(i * 7) % 150 + (e === 2 && i % 2 ? 150 : 0)}@X.org` },
  ];
  if (i % 3 === 0) ids.push({ kind: 'username', value: `@agent_${e}_${i % 50}` });
  if (i % 17 === 0) ids.push({ kind: 'phone', value: '12' }); // invalid: a node of its own each time
  return { name: `Somchai ${['Boss', 'Chen', 'Li', 'Anan'][i % 4]} ${i % 60}`, ids };
}

/** Links two contact items into a fresh case with the given node cache generation; returns every identity row. */
function linkTwoItems(generation: number): { rows: Record<string, unknown[]>; summaries: Omit<LinkSummary, 'durationMs' | 'phasesMs' | 'stepsCpuMs'>[] } {
  const c = Case.create(join(tempDir(), 'c.case'), { caseNumber: 'S', examiner: 'E', tz: 'UTC', region: 'TH' });
  const db = c.db;
  const before = setNodeCacheGeneration(generation);
  const summaries: LinkSummary[] = [];
  try {
    for (const e of [1, 2]) {
      db.transaction(() => {
        insertEvidence(db, {
          path_given: `e${e}`, path_resolved: `e${e}`, file_name: `e${e}.vcf`, size: 1, sha256: String(e).padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null, format: 'vcard', layout: null,
          importer_version: '0', tz: 'UTC', date_order: null, region: null, owner: null, options_json: '{}', examiner: 'E', imported_utc: '2025-01-01T00:00:00Z', duplicate_of: null,
        });
        const ins = db.prepare("INSERT INTO contacts (name, identifiers_json, fields_json, evidence_id, seq) VALUES (?, ?, '[]', ?, ?)");
        for (let i = 0; i < CARDS; i++) {
          const k = card(e, i);
          ins.run(k.name, JSON.stringify(k.ids), e, i + 1);
        }
        summaries.push(linkEvidence(db, e));
      })();
    }
  } finally {
    setNodeCacheGeneration(before);
  }
  const rows: Record<string, unknown[]> = {};
  for (const t of ['identity_nodes', 'identity_occurrences', 'identity_edges', 'identity_names', 'identity_suggestions']) rows[t] = db.prepare(`SELECT * FROM ${t} ORDER BY id`).raw().all();
  rows.identity_name_tokens = db.prepare('SELECT * FROM identity_name_tokens ORDER BY token, norm').raw().all();
  c.close();
  // Timings differ from run to run; everything else in the summaries must not.
  return { rows, summaries: summaries.map(({ durationMs: _d, phasesMs: _p, stepsCpuMs: _s, ...rest }) => rest) };
}

describe('bounded node cache in a link run', () => {
  it('gives the same nodes, occurrences, links, names, suggestions and counts with the smallest bound as with room for all', () => {
    // Generation 1: the run's node memory (a small multiple of it) is emptied many times over the 400 identifiers.
    const tiny = linkTwoItems(1);
    const roomy = linkTwoItems(1_000_000);
    expect(tiny.rows).toEqual(roomy.rows);
    expect(tiny.summaries).toEqual(roomy.summaries);
    // Not a vacuous comparison: item 1 makes 40 phones, 150 e-mails and 50 handles; item 2 finds 75 of those e-mails
    // and all 40 phones again (each counted once however often it left the cache) and brings 75 e-mails and 50 handles.
    const [s1, s2] = roomy.summaries;
    expect(s1!.identifiers).toEqual({ new: 240, existing: 0, invalid: 18 });
    expect(s2!.identifiers).toEqual({ new: 125, existing: 115, invalid: 18 });
    expect(s1!.links).toEqual({ 'contact-card': CARDS + 100 });
    expect(roomy.rows.identity_nodes!.length).toBe(240 + 125 + 36);
    expect(roomy.rows.identity_suggestions!.length).toBeGreaterThan(0);
  });
});

describe('KeyFilter', () => {
  it('never forgets an added key across its growth, and rarely claims one never added', () => {
    const f = new KeyFilter();
    expect(f.mightHave('email\u0001a@x.org')).toBe(false);
    // 200,000 keys: past the first layer's 65,536, so three layers are probed.
    for (let i = 0; i < 200_000; i++) f.add(`email\u0001user${i}@example.com`);
    let missing = 0;
    for (let i = 0; i < 200_000; i++) if (!f.mightHave(`email\u0001user${i}@example.com`)) missing++;
    expect(missing).toBe(0);
    let claimed = 0;
    for (let i = 0; i < 100_000; i++) if (f.mightHave(`phone\u0001+6681${i}`)) claimed++;
    // About 0.2 % per layer: well under 1 % of 100,000 over three layers.
    expect(claimed).toBeLessThan(1000);
  });
});

describe('EdgeAggregator', () => {
  it('keeps one edge per (a, b, rule) with its first record and the summed count, in first-seen order, across growth', () => {
    const agg = new EdgeAggregator<'contact-card' | 'call-party'>(['contact-card', 'call-party']);
    expect(agg.add(1, 2, 'contact-card', 'contacts', 10, 1)).toBe(true);
    expect(agg.add(1, 2, 'call-party', 'calls', 11, 3)).toBe(true);
    expect(agg.add(1, 2, 'contact-card', 'contacts', 12, 2)).toBe(false);
    // 5,000 more edges: past the first 1,024 entries, so the index is rebuilt several times; ids beyond 32 bits stay exact.
    for (let i = 0; i < 5000; i++) agg.add(2 ** 33 + i, 2 ** 33 + i + 1, 'contact-card', i % 2 ? 'contacts' : 'transactions', 100 + i, 1);
    for (let i = 0; i < 5000; i += 7) expect(agg.add(2 ** 33 + i, 2 ** 33 + i + 1, 'contact-card', 'messages', 1, 4)).toBe(false);
    expect(agg.size).toBe(5002);
    const all = [...agg.entries()];
    expect(all[0]).toEqual({ a: 1, b: 2, rule: 'contact-card', srcTable: 'contacts', srcId: 10, count: 3 });
    expect(all[1]).toEqual({ a: 1, b: 2, rule: 'call-party', srcTable: 'calls', srcId: 11, count: 3 });
    expect(all[2]).toEqual({ a: 2 ** 33, b: 2 ** 33 + 1, rule: 'contact-card', srcTable: 'transactions', srcId: 100, count: 5 });
    expect(all[5001]).toEqual({ a: 2 ** 33 + 4999, b: 2 ** 33 + 5000, rule: 'contact-card', srcTable: 'contacts', srcId: 5099, count: 1 });
    agg.clear();
    expect(agg.size).toBe(0);
    expect(agg.add(1, 2, 'contact-card', 'contacts', 13, 1)).toBe(true);
    expect([...agg.entries()]).toEqual([{ a: 1, b: 2, rule: 'contact-card', srcTable: 'contacts', srcId: 13, count: 1 }]);
  });
});
