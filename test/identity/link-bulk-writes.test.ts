/** The 10-million-occurrence speed-ups keep results exact: node key index, column-wise occurrence buffer. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import { IdentityWriter } from '../../main/engine/db/write/identity';
import { OccurrenceBuffer, type OccurrenceColumns } from '../../main/engine/db/write/occurrence-buffer';
import { NodeKeyIndex } from '../../main/engine/identity/node-index';
import { tempDir } from '../helpers/tmp';

function emptyCase(): Case {
  return Case.create(join(tempDir(), 'c.case'), { caseNumber: 'S', examiner: 'E', tz: 'UTC', region: 'TH' });
}

function addEvidence(c: Case, e: number): void {
  insertEvidence(c.db, {
    path_given: `e${e}`, path_resolved: `e${e}`, file_name: `e${e}.vcf`, size: 1, sha256: String(e).padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null, format: 'vcard', layout: null,
    importer_version: '0', tz: 'UTC', date_order: null, region: null, owner: null, options_json: '{}', examiner: 'E', imported_utc: '2025-01-01T00:00:00Z', duplicate_of: null,
  });
}

describe('NodeKeyIndex', () => {
  it('answers exactly what a Map answers, for keys that differ in one code unit, length, or outside ASCII', () => {
    const idx = new NodeKeyIndex(1_000_000);
    const ref = new Map<string, number>();
    const keys: string[] = ['', 'a', 'ab', 'ba', 'phone\u0001+66812345678', 'phone\u0001+66812345679', 'email\u0001b\u043Ess@x.org', 'email\u0001boss@x.org', 'username\u0001telegram:@\u{1F600}'];
    for (let i = 0; i < 20_000; i++) keys.push(`phone\u0001+668${String((i * 7919) % 100_000_000).padStart(8, '0')}`);
    keys.forEach((k, i) => {
      idx.set(k, i + 1);
      ref.set(k, i + 1);
    });
    idx.set('ab', 99); // a second set overwrites, as Map.set does
    ref.set('ab', 99);
    expect(idx.size).toBe(ref.size);
    for (const k of keys) expect(idx.get(k)).toBe(ref.get(k));
    for (const k of ['abc', 'phone\u0001+6681234567', 'email\u0001boss@x.or', 'b\u043Ess', 'A']) expect(idx.get(k)).toBeUndefined();
  });

  it('empties itself at its capacity and keeps answering for the keys set since', () => {
    const idx = new NodeKeyIndex(3);
    idx.set('a', 1);
    idx.set('b', 2);
    idx.set('c', 3);
    idx.set('d', 4); // the fourth key finds it full: it starts again with d alone
    expect(idx.size).toBe(1);
    expect([idx.get('a'), idx.get('b'), idx.get('c'), idx.get('d')]).toEqual([undefined, undefined, undefined, 4]);
    idx.set('d', 5); // overwriting is no new key
    expect(idx.size).toBe(1);
    expect(idx.get('d')).toBe(5);
    expect(() => new NodeKeyIndex(0)).toThrow(RangeError);
  });
});

describe('OccurrenceBuffer', () => {
  it('writes each full batch ordered by node, ties in push order, as a stable sort of row objects did', () => {
    const batches: { node: number; srcId: number; raw: string; label: string | null }[][] = [];
    const write = (c: OccurrenceColumns, order: Uint32Array) => batches.push([...order].map((i) => ({ node: c.node[i]!, srcId: c.srcId[i]!, raw: c.raw[i]!, label: c.label[i]! })));
    const buf = new OccurrenceBuffer(write, 5);
    const nodes = [7, 3, 7, 1, 3, 9, 2, 9];
    nodes.forEach((n, i) => buf.push(n, 'call', 'calls', 100 + i, `raw${i}`, i % 2 ? 'L' : null, null, 1));
    expect(buf.length).toBe(3); // 5 were written when the batch filled
    buf.flush();
    buf.flush(); // nothing left: no empty batch
    expect(batches).toEqual([
      [
        { node: 1, srcId: 103, raw: 'raw3', label: 'L' },
        { node: 3, srcId: 101, raw: 'raw1', label: 'L' },
        { node: 3, srcId: 104, raw: 'raw4', label: null },
        { node: 7, srcId: 100, raw: 'raw0', label: null },
        { node: 7, srcId: 102, raw: 'raw2', label: null },
      ],
      [
        { node: 2, srcId: 106, raw: 'raw6', label: null },
        { node: 9, srcId: 105, raw: 'raw5', label: 'L' },
        { node: 9, srcId: 107, raw: 'raw7', label: 'L' },
      ],
    ]);
    expect(() => new OccurrenceBuffer(write, 65_537)).toThrow(RangeError);
  });
});

describe('occurrence columns written', () => {
  it('are the rows, ids and values one-by-one writes of the same rows in the same order give (full statements and the tail)', () => {
    const n = 64 * 2 + 7;
    const cols: OccurrenceColumns = {
      node: Int32Array.from({ length: n }, (_, i) => (i * 7) % 11),
      srcId: Float64Array.from({ length: n }, (_, i) => 1000 + i),
      count: Float64Array.from({ length: n }, (_, i) => 1 + (i % 4)),
      role: Array.from({ length: n }, (_, i) => (i % 2 ? 'contact-card' : 'mentioned')),
      srcTable: Array.from({ length: n }, () => 'contacts'),
      raw: Array.from({ length: n }, (_, i) => `raw ${i}`),
      label: Array.from({ length: n }, (_, i) => (i % 3 ? null : `label ${i}`)),
      flags: Array.from({ length: n }, (_, i) => (i % 5 ? null : '["invisible-chars"]')),
    };
    const order = Uint32Array.from({ length: n }, (_, i) => (i * 37) % n); // a permutation: 37 and 135 are coprime
    const dump = (c: Case) => c.db.prepare('SELECT * FROM identity_occurrences ORDER BY id').raw().all() as unknown[][];
    const one = emptyCase();
    const cols1 = emptyCase();
    for (const c of [one, cols1]) c.db.transaction(() => addEvidence(c, 1))();
    one.db.transaction(() => {
      const w = new IdentityWriter(one.db);
      for (const o of order) w.insertOccurrence({ node_id: cols.node[o]!, evidence_id: 1, role: cols.role[o]!, src_table: 'contacts', src_id: cols.srcId[o]!, raw: cols.raw[o]!, label: cols.label[o]!, flags: cols.flags[o]!, count: cols.count[o]! });
    })();
    cols1.db.transaction(() => new IdentityWriter(cols1.db).insertOccurrenceColumns(cols, order, 1))();
    const got = dump(cols1);
    expect(got).toEqual(dump(one));
    expect(got.length).toBe(n);
    // Row 131 is column 85 (130 × 37 mod 135): node 85 × 7 mod 11, odd (a card), a multiple of 5 (flagged).
    expect(got[130]).toEqual([131, 1, 1, 'contact-card', 'contacts', 1085, 'raw 85', null, '["invisible-chars"]', 2]);
    one.close();
    cols1.close();
  });
});
