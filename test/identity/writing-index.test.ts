/** A link run finds writings it resolved before (writing-index.ts) without normalising again, and links exactly as before. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import { linkEvidence, setNodeCacheGeneration } from '../../main/engine/identity/link';
import { WritingIndex, writingKey } from '../../main/engine/identity/writing-index';
import { tempDir } from '../helpers/tmp';

describe('writingKey', () => {
  it('is one key for writings that read alike, and apart for what changes the reading', () => {
    expect(writingKey('phone', '081-234-5678', undefined, false)).toBe(writingKey('phone', '0812345678', 'sms', false));
    expect(writingKey('phone', '+66 81 234 5678', undefined, false)).not.toBe(writingKey('phone', '0812345678', undefined, false));
    expect(writingKey('phone', '0812345678', undefined, true)).not.toBe(writingKey('phone', '0812345678', undefined, false));
    // A raw text never stands for a writing key: `i+66…` as typed is not the bidi-wrapped number's key.
    expect(writingKey('phone', 'i+66812345678', undefined, false)).not.toBe(writingKey('phone', '\u202A+66812345678\u202C', undefined, false));
    expect(writingKey('phone', '+66 (0)81 234 5678', undefined, false)).toBe('\u0003p\u0001+66 (0)81 234 5678');
    // The platform is part of a handle's or id's reading only.
    expect(writingKey('username', '@boss', 'telegram', false)).not.toBe(writingKey('username', '@boss', 'line', false));
    expect(writingKey('email', 'A@x.org', 'telegram', false)).toBe(writingKey('email', 'A@x.org', 'line', false));
    expect(writingKey('user-id', '123', 'telegram', false)).not.toBe(writingKey('account', '123', 'telegram', false));
  });
});

describe('WritingIndex', () => {
  it('gives back the node and the flags of each writing, one shape per kind and flag list, and empties itself at its capacity', () => {
    const w = new WritingIndex(3);
    w.add('a', 10, []);
    w.add('b', 11, ['invisible-chars']);
    w.add('c', 12, ['invisible-chars']);
    expect([w.nodeAt(w.find('a')), w.nodeAt(w.find('b')), w.nodeAt(w.find('c'))]).toEqual([10, 11, 12]);
    expect(w.find('d')).toBe(-1);
    expect(w.shapeAt(w.find('b'), 'phone')).toEqual({ kind: 'phone', value: '', valid: true, flags: ['invisible-chars'], matchKey: null });
    expect(w.shapeAt(w.find('b'), 'phone')).toBe(w.shapeAt(w.find('c'), 'phone'));
    expect(w.shapeAt(w.find('a'), 'email').flags).toEqual([]);
    w.add('d', 13, []); // full: starts again with d alone
    expect([w.find('a'), w.find('b'), w.find('c')]).toEqual([-1, -1, -1]);
    expect(w.nodeAt(w.find('d'))).toBe(13);
    expect(w.size).toBe(1);
  });
});

const N = 120;
const pad = (n: number) => String(n).padStart(4, '0');

/**
 * One item whose numbers come back in other writings: mentioned in messages first (never "used"), then on contact
 * cards (used) in five writings, then in ledger rows (spreadsheet cells, without the +), plus an invalid number
 * written the same way twice. Returns every identity row and the summary, linked with the given node cache bound.
 */
function linkItem(generation: number): { rows: Record<string, unknown[]>; summary: unknown } {
  const c = Case.create(join(tempDir(), 'c.case'), { caseNumber: 'S', examiner: 'E', tz: 'UTC', region: 'TH' });
  const db = c.db;
  const before = setNodeCacheGeneration(generation);
  let summary: unknown;
  try {
    db.transaction(() => {
      insertEvidence(db, {
        path_given: 'e', path_resolved: 'e', file_name: 'e.json', size: 1, sha256: '1'.padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null, format: 'test', layout: null,
        importer_version: '0', tz: 'UTC', date_order: null, region: 'TH', owner: null, options_json: '{}', examiner: 'E', imported_utc: '2025-01-01T00:00:00Z', duplicate_of: null,
      });
      const chat = Number(db.prepare("INSERT INTO chats (key, platform, name, evidence_id, seq) VALUES ('c', 'whatsapp', 'C', 1, 0)").run().lastInsertRowid);
      const msg = db.prepare("INSERT INTO messages (chat_id, sender_account_id, sender_raw, ts_utc, kind, body, evidence_id, seq) VALUES (?, NULL, 'Boss', ?, 'text', ?, 1, ?)");
      const card = db.prepare("INSERT INTO contacts (name, identifiers_json, fields_json, evidence_id, seq) VALUES (?, ?, '[]', 1, ?)");
      const tx = db.prepare("INSERT INTO transactions (ts_utc, amount, from_json, to_json, evidence_id, seq) VALUES (0, '1', ?, NULL, 1, ?)");
      const national = (i: number) => `81000${pad(i % 40)}`;
      const forms = (i: number) => [`0${national(i)}`, `0${national(i).slice(0, 2)}-${national(i).slice(2, 5)}-${national(i).slice(5)}`, `+66 ${national(i)}`, `+66${national(i)}`, `\u202A+66 ${national(i)}\u202C`];
      let seq = 1;
      for (let i = 0; i < N; i++) msg.run(chat, i, `call ${forms(i)[i % 5]} or mail u${i % 30}@x.org`, seq++);
      for (let i = 0; i < N; i++) card.run(`Somchai ${i % 50}`, JSON.stringify([{ kind: 'phone', value: forms(i)[(i + 1) % 5] }, { kind: 'email', value: `U${i % 30}@X.org` }, { kind: 'phone', value: '0812' }]), seq++);
      for (let i = 0; i < N; i++) tx.run(JSON.stringify({ name: `Li ${i % 7}`, identifiers: [{ kind: 'phone', value: `66${national(i)}` }, { kind: 'email', value: `u${i % 30}@x.org` }] }), seq++);
      summary = linkEvidence(db, 1);
    })();
  } finally {
    setNodeCacheGeneration(before);
  }
  const rows: Record<string, unknown[]> = {};
  for (const t of ['identity_nodes', 'identity_occurrences', 'identity_edges', 'identity_names', 'identity_suggestions']) rows[t] = db.prepare(`SELECT * FROM ${t} ORDER BY id`).raw().all();
  c.close();
  const { durationMs: _d, phasesMs: _p, stepsCpuMs: _s, ...rest } = summary as Record<string, unknown>;
  return { rows, summary: rest };
}

describe('a link run finding writings again', () => {
  it('links the same with a writing index emptied every few writings as with room for all, and marks used what a card uses', () => {
    const tiny = linkItem(1); // WritingIndex and node index of 20 entries: emptied many times over
    const roomy = linkItem(1_000_000);
    expect(tiny.rows).toEqual(roomy.rows);
    expect(tiny.summary).toEqual(roomy.summary);
    const nodes = roomy.rows.identity_nodes as [number, string, string | null, string | null, number, string | null, string | null, number | null, number, number][];
    const phones = nodes.filter((n) => n[2] === 'phone' && n[4] === 1);
    // 40 numbers, each one node however written (mentioned, on a card, in a ledger cell without the +).
    expect(phones.length).toBe(40);
    expect(new Set(phones.map((n) => n[3]))).toEqual(new Set(Array.from({ length: 40 }, (_, i) => `+6681000${pad(i)}`)));
    // Mentioned first (not used), then found again by its writing on a card: used.
    expect(phones.every((n) => n[8] === 1)).toBe(true);
    // The invalid `0812` gets a node of its own on every card, never shared.
    expect(nodes.filter((n) => n[2] === 'phone' && n[4] === 0).length).toBe(N);
    const occ = roomy.rows.identity_occurrences as [number, number, number, string, string, number, string, string | null, string | null, number][];
    // Each writing keeps its own flags, also when found again: the bidi-wrapped one is flagged, the others are not
    // (a mention's raw text is the number inside the marks).
    const wrapped = occ.filter((o) => o[6].startsWith('\u202A'));
    expect(wrapped.length).toBe(N / 5);
    expect(wrapped.every((o) => o[8] === '["invisible-chars"]')).toBe(true);
    expect(occ.filter((o) => o[6].startsWith('0') && o[6] !== '0812').every((o) => o[8] === null)).toBe(true);
    expect(occ.filter((o) => o[6].startsWith('66')).map((o) => o[8])).toEqual(Array(N).fill('["country-code-without-plus"]'));
    expect(roomy.summary).toMatchObject({ identifiers: { new: 70, existing: 0, invalid: N }, mentions: N * 2 });
  });
});
