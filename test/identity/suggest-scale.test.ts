/**
 * Suggestions that scale keep results exact: the bulk reads names are scored from return what the per-name reads
 * return (so every name meets the same rows and candidates as before), checked over a generated address book.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import { namesWithNorm, nodesWithMatchKey, normsWithToken, type NameRow } from '../../main/engine/db/read/identity';
import { linkEvidence } from '../../main/engine/identity/link';
import { BULK_CHUNK, namesByNorm, nodesWithLookalikeTwin, tokenPostings } from '../../main/engine/identity/suggest-bulk';
import { tempDir } from '../helpers/tmp';

const SYL = ['som', 'chai', 'nok', 'ploy', 'an', 'wan', 'kit', 'ti', 'pong', 'sak', 'sri', 'suk'];
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);

/**
 * Person p's display name as card `k` writes it: 144 first names x 1,728 family names (so names recur and share
 * words), every 7th card misspelled (a letter doubled), every 11th with the family name alone, every 13th in upper case.
 */
function nameOf(p: number, k: number): string {
  const h = (p * 2246822519) >>> 0;
  const first = cap(SYL[h % 12]! + SYL[(h >>> 4) % 12]!);
  let family = cap(SYL[(h >>> 8) % 12]! + SYL[(h >>> 12) % 12]! + SYL[(h >>> 16) % 12]!);
  if (k % 7 === 3) family = family.slice(0, 3) + family[2] + family.slice(3);
  const name = k % 11 === 5 ? family : `${first} ${family}`;
  return k % 13 === 0 ? name.toUpperCase() : name;
}

function caseWithItems(items: number): Case {
  const c = Case.create(join(tempDir(), 'c.case'), { caseNumber: 'S', examiner: 'E', tz: 'UTC', region: 'TH' });
  c.db.transaction(() => {
    for (let i = 0; i < items; i++) {
      insertEvidence(c.db, {
        path_given: `a${i}`, path_resolved: `a${i}`, file_name: `a${i}.vcf`, size: 1, sha256: String(i).padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null, format: 'test', layout: null,
        importer_version: '0', tz: 'UTC', date_order: null, region: 'TH', owner: null, options_json: '{}', examiner: 'E', imported_utc: '2025-01-01T00:00:00Z', duplicate_of: null,
      });
    }
  })();
  return c;
}

/** Address-book cards: person p's phone and e-mail; every 17th an impostor's phone with p's e-mail in a Cyrillic look-alike. */
function addCards(c: Case, evidenceId: number, from: number, count: number, people: number): void {
  const ins = c.db.prepare("INSERT INTO contacts (name, identifiers_json, fields_json, evidence_id, seq, src_line) VALUES (?, ?, '[]', ?, ?, ?)");
  c.db.transaction(() => {
    for (let k = from; k < from + count; k++) {
      const p = (k * 7919) % people;
      const email = k % 17 === 0 ? `us\u0435r${p}@example.com` : `user${p}@example.com`;
      const phoneOf = k % 17 === 0 ? p + people : p;
      const ids = [{ kind: 'phone', value: `08${String(10_000_000 + ((phoneOf * 104729) % 89_999_999)).padStart(8, '0')}` }, { kind: 'email', value: email }];
      ins.run(nameOf(p, k), JSON.stringify(ids), evidenceId, k, k + 1);
    }
  })();
}

describe('suggestion reads in bulk', () => {
  it('return for every name, token and node of a generated address book what the per-value reads return', () => {
    const c = caseWithItems(2);
    // Two items, so names meet names of an earlier item; more names than one bulk chunk holds.
    addCards(c, 1, 0, 1800, 1500);
    addCards(c, 2, 1800, 1400, 1500);
    const s1 = c.db.transaction(() => linkEvidence(c.db, 1))();
    const s2 = c.db.transaction(() => linkEvidence(c.db, 2))();
    const norms = c.db.prepare('SELECT DISTINCT norm FROM identity_names ORDER BY norm').pluck().all() as string[];
    expect(norms.length).toBeGreaterThan(BULK_CHUNK);
    // A cap the generated names exceed on some (shared family names alone) and not on most.
    for (const capRows of [1, 3, 20]) {
      const bulk = namesByNorm(c.db, norms, capRows);
      let common = 0;
      for (const n of norms) {
        const one: NameRow[] = namesWithNorm(c.db, n, capRows + 1);
        if (one.length > capRows) {
          common++;
          expect(bulk.get(n)).toBe('common');
        } else expect(bulk.get(n)).toEqual(one);
      }
      if (capRows === 1) expect(common).toBeGreaterThan(100);
    }
    const tokens = c.db.prepare('SELECT DISTINCT token FROM identity_name_tokens ORDER BY token').pluck().all() as string[];
    for (const limit of [2, 301]) {
      const bulk = tokenPostings(c.db, tokens, limit);
      expect(bulk.size).toBe(tokens.length);
      for (const t of tokens) expect(bulk.get(t)).toEqual(normsWithToken(c.db, t, limit));
    }
    const nodes = c.db.prepare("SELECT id FROM identity_nodes WHERE type = 'identifier' ORDER BY id").pluck().all() as number[];
    const twinned = nodesWithLookalikeTwin(c.db, nodes);
    const expected = nodes.filter((id) => {
      const key = (c.db.prepare('SELECT match_key FROM identity_nodes WHERE id = ?').pluck().get(id) as string | null) ?? null;
      return key !== null && nodesWithMatchKey(c.db, key).some((o) => o.id !== id);
    });
    expect([...twinned].sort((a, b) => a - b)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
    // The address book raises both kinds of suggestion the scoring makes from these reads.
    expect((s1.suggestions['similar-name'] ?? 0) + (s2.suggestions['similar-name'] ?? 0)).toBeGreaterThan(50);
    expect((s1.suggestions.lookalike ?? 0) + (s2.suggestions.lookalike ?? 0)).toBeGreaterThan(10);
    c.close();
  });
});
