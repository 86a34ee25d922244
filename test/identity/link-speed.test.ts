/** The linker's speed-ups keep results exact: bounded normalisation cache, ASCII fast paths, page cache, call grouping (bulk occurrence writes and edge aggregation: link-bulk-writes and node-cache tests). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import { callGroups } from '../../main/engine/db/read/identity';
import { withPageCache } from '../../main/engine/db/write/identity';
import { lookalikeFlags, skeleton } from '../../main/engine/identity/confusables';
import { normaliseIdentifier, setNormaliseCacheGeneration } from '../../main/engine/identity/normalise';
import { normalisePhone } from '../../main/engine/identity/phones';
import { tempDir } from '../helpers/tmp';

function emptyCase(): Case {
  const c = Case.create(join(tempDir(), 'c.case'), { caseNumber: 'S', examiner: 'E', tz: 'UTC', region: 'TH' });
  c.db.transaction(() =>
    insertEvidence(c.db, {
      path_given: 'a', path_resolved: 'a', file_name: 'a', size: 1, sha256: 'a'.padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null, format: 'test', layout: null,
      importer_version: '0', tz: 'UTC', date_order: null, region: null, owner: null, options_json: '{}', examiner: 'E', imported_utc: '2025-01-01T00:00:00Z', duplicate_of: null,
    }),
  )();
  return c;
}

describe('normalisation cache', () => {
  it('keeps values in use across a generation turnover and recomputes dropped ones to the same result', () => {
    const before = setNormaliseCacheGeneration(2);
    try {
      const ctx = { region: 'TH' as const };
      const a1 = normaliseIdentifier('phone', '081-234-5678', ctx);
      normaliseIdentifier('email', 'A@x.org', ctx);
      // Third entry: the young generation (a, A@x.org) becomes the old one.
      normaliseIdentifier('email', 'B@x.org', ctx);
      // A hit in the old generation is carried into the young one: the same shared result.
      expect(normaliseIdentifier('phone', '081-234-5678', ctx)).toBe(a1);
      normaliseIdentifier('email', 'C@x.org', ctx);
      normaliseIdentifier('email', 'D@x.org', ctx);
      normaliseIdentifier('email', 'E@x.org', ctx);
      normaliseIdentifier('email', 'F@x.org', ctx);
      // Unused for two turnovers: recomputed, equal.
      const a2 = normaliseIdentifier('phone', '081-234-5678', ctx);
      expect(a2).not.toBe(a1);
      expect(a2).toEqual({ kind: 'phone', value: '+66812345678', valid: true, flags: [], matchKey: null });
      // The cache is per context: the same text in a spreadsheet cell is its own entry.
      expect(normaliseIdentifier('phone', '13125550143', { region: 'TH', numberCell: true })).toEqual({ kind: 'phone', value: '+13125550143', valid: true, flags: ['country-code-without-plus'], matchKey: null });
      expect(normaliseIdentifier('phone', '13125550143', { region: 'TH' })).toEqual({ kind: 'phone', value: '13125550143', valid: false, flags: ['invalid-phone'], matchKey: null });
    } finally {
      setNormaliseCacheGeneration(before);
    }
  });
});

describe('ASCII fast paths', () => {
  it('give plain ASCII no look-alike flag and fold only its case, while non-ASCII look-alikes are still flagged', () => {
    expect(lookalikeFlags('boss_chen@x.org')).toEqual([]);
    expect(skeleton('Boss_Chen')).toBe('boss_chen');
    expect(lookalikeFlags('b\u043Ess')).toEqual(['mixed-script', 'confusable']);
    expect(skeleton('B\u043Ess\u200B')).toBe('boss');
  });

  it('read an ASCII phone number as the same number its non-ASCII writings give, flagging only those', () => {
    expect(normalisePhone('081-234-5678', 'TH')).toEqual({ valid: true, value: '+66812345678', flags: [] });
    expect(normalisePhone('\u202A081\u2011234\u00A05678\u202C', 'TH')).toEqual({ valid: true, value: '+66812345678', flags: ['invisible-chars'] });
    expect(normalisePhone('\u0E50\u0E58\u0E51 234 5678', 'TH')).toEqual({ valid: true, value: '+66812345678', flags: ['non-ascii-digits'] });
    expect(normalisePhone('0812', 'TH')).toEqual({ valid: false, value: '0812', flags: [], reason: 'invalid-phone' });
  });
});

describe('page cache for a link run', () => {
  it('is raised while the run works and restored after it, also when it fails, and never lowered', () => {
    const c = emptyCase();
    const size = () => c.db.pragma('cache_size', { simple: true });
    c.db.pragma('cache_size = -2000');
    expect(withPageCache(c.db, 65536, () => size())).toBe(-65536);
    expect(size()).toBe(-2000);
    expect(() => withPageCache(c.db, 65536, () => { throw new Error('boom'); })).toThrow('boom');
    expect(size()).toBe(-2000);
    c.db.pragma('cache_size = -200000');
    expect(withPageCache(c.db, 65536, () => size())).toBe(-200000);
    // A positive setting counts pages: 100000 pages of 4 KiB are more than 64 MiB.
    c.db.pragma('cache_size = 100000');
    expect(withPageCache(c.db, 65536, () => size())).toBe(100000);
    c.close();
  });
});

describe('call groups', () => {
  it('are one per (counterpart or caller, party, chat, number as written), with the first call and the count, in first-call order', () => {
    const c = emptyCase();
    const db = c.db;
    db.transaction(() => {
      db.prepare("INSERT INTO chats (id, key, platform, name, evidence_id, seq) VALUES (1, 'g', 'whatsapp', 'G', 1, 0)").run();
      const acc = db.prepare("INSERT INTO accounts (id, key, platform, evidence_id, seq) VALUES (?, ?, 'phone', 1, ?)");
      acc.run(1, 'a', 1);
      acc.run(2, 'b', 2);
      const call = db.prepare("INSERT INTO calls (id, chat_id, account_id, ts_utc, direction, counterpart_raw, caller_raw, evidence_id, seq) VALUES (?, ?, ?, 0, 'incoming', ?, ?, 1, ?)");
      call.run(10, null, 1, '0812345678', null, 10);
      call.run(11, null, 2, '0812345678', '0812345678', 11); // same text as counterpart and caller: two groups
      call.run(12, null, 1, '0812345678', null, 12);
      call.run(13, 1, 1, '0812345678', null, 13); // in a chat: its own group, with the chat's platform
      call.run(14, null, 1, '081-234-5678', '', 14); // another writing; an empty caller is no number
      call.run(15, null, 2, null, '0812345678', 15);
    })();
    expect(callGroups(db, 1)).toEqual([
      { caller: 0, account_id: 1, chat_id: null, raw: '0812345678', first_id: 10, n: 2, platform: null },
      { caller: 0, account_id: 2, chat_id: null, raw: '0812345678', first_id: 11, n: 1, platform: null },
      { caller: 1, account_id: 2, chat_id: null, raw: '0812345678', first_id: 11, n: 2, platform: null },
      { caller: 0, account_id: 1, chat_id: 1, raw: '0812345678', first_id: 13, n: 1, platform: 'whatsapp' },
      { caller: 0, account_id: 1, chat_id: null, raw: '081-234-5678', first_id: 14, n: 1, platform: null },
    ]);
    expect(callGroups(db, 2)).toEqual([]);
    c.close();
  });
});
