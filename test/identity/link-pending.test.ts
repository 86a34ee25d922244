import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import { APPLICATION_ID } from '../../main/engine/db/case-db';
import { MIGRATIONS, SCHEMA_VERSION } from '../../main/engine/db/migrations';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import { RecordWriter } from '../../main/engine/db/write/records';
import { ThreadlineError } from '../../main/engine/errors';
import { linkEvidence, linkPending, listEntities } from '../../main/engine/identity';
import { tempDir } from '../helpers/tmp';

function writeUnlinked(c: Case, file: string, owner: string | null) {
  c.db.transaction(() => {
    const id = insertEvidence(c.db, {
      path_given: file, path_resolved: file, file_name: file, size: 1, sha256: file.padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null,
      format: 'test', layout: null, importer_version: '0', tz: 'Asia/Bangkok', date_order: null, region: null, owner, options_json: '{}',
      examiner: 'E', imported_utc: new Date().toISOString(), duplicate_of: null,
    });
    const w = new RecordWriter(c.db, id, 'Asia/Bangkok');
    w.write({ type: 'account', key: 'me', platform: 'telegram', display: 'Owner', identifiers: [{ kind: 'user-id', value: 'user1' }], isOwner: true, prov: { line: 1 } });
    w.write({ type: 'contact', name: 'Ann', identifiers: [{ kind: 'phone', value: '081 234 5678' }, { kind: 'email', value: 'ANN@x.org' }], fields: [], prov: { line: 2 }, raw: 'card' });
  })();
}

describe('threadline link', () => {
  it('links evidence items not linked yet, each in its own audited transaction, and only once', () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'L', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
    writeUnlinked(c, 'a.json', '+66 81 234 5678');
    writeUnlinked(c, 'b.json', null);
    const r = linkPending(c);
    expect(r.linked.map((s) => s.evidence)).toEqual([1, 2]);
    expect(r.linked[0]).toMatchObject({ occurrences: 4, links: { 'account-identifier': 1, 'contact-card': 1, 'device-owner': 1 } });
    expect([...auditRows(c.db)].filter((a) => a.action === 'identity-linked').map((a) => (JSON.parse(a.details_json) as { evidence: number }).evidence)).toEqual([1, 2]);
    // Item 1's declared owner phone is on Ann's card, and both items' owner accounts state user1: one entity.
    const ann = listEntities(c.db).find((e) => e.identifiers.some((i) => i.value === 'ann@x.org'))!;
    expect(ann.identifiers.map((i) => i.value).sort()).toEqual(['+66812345678', 'ann@x.org', 'telegram:1']);
    expect(ann.accounts.map((a) => [a.evidence, a.key])).toEqual([[1, 'me'], [2, 'me']]);
    expect(listEntities(c.db)).toHaveLength(1);
    expect(linkPending(c).linked).toEqual([]);
    let code: string | undefined;
    try {
      c.db.transaction(() => linkEvidence(c.db, 1))();
    } catch (e) {
      code = (e as ThreadlineError).code;
    }
    expect(code).toBe('BAD_ARGUMENT');
    expect(linkPending(c, { recompute: true }).recompute).toEqual({ nodes: 5, relabelled: 0, entities: 1, orphanOccurrences: 0 });
    c.close();
  });
});

describe('migration 2 (identity)', () => {
  it('upgrades a version-1 case; its evidence is then linked by `link`', () => {
    const dir = tempDir();
    const file = join(dir, 'old.case');
    const c = Case.create(file, { caseNumber: 'OLD', examiner: 'E', tz: 'UTC', region: 'TH' });
    c.close();
    // Rebuild the file as a version-1 case: schema 1 only.
    const old = join(dir, 'v1.case');
    const d = new Database(old);
    d.pragma('journal_mode = WAL');
    d.pragma(`application_id = ${APPLICATION_ID}`);
    d.exec(MIGRATIONS[0]!.sql);
    d.pragma('user_version = 1');
    d.prepare("INSERT INTO case_info VALUES (1, 'u', 'OLD', NULL, 'E', NULL, 'UTC', 'TH', '2025-01-01T00:00:00Z', 'test')").run();
    d.close();
    const v1 = Case.open(old, { examiner: 'E' });
    expect(v1.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const migrated = [...auditRows(v1.db)].map((a) => JSON.parse(a.details_json) as { from: number; to: number; name: string });
    expect(migrated.find((m) => m.to === 2)).toEqual({ from: 1, to: 2, name: 'identity linking' });
    writeUnlinked(v1, 'a.json', null);
    expect(linkPending(v1).linked).toHaveLength(1);
    v1.close();
  });

  it('guards the graph: valid identifiers are unique, invalid ones never shared, edges ordered, decisions justified', () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'G', examiner: 'E', tz: 'UTC' });
    const ins = c.db.prepare("INSERT INTO identity_nodes (id, type, kind, value, valid, entity_id) VALUES (?, 'identifier', 'phone', ?, ?, ?)");
    ins.run(1, '+66812345678', 1, 1);
    expect(() => ins.run(2, '+66812345678', 1, 2)).toThrow(/UNIQUE/);
    ins.run(3, '12345', 0, 3);
    ins.run(4, '12345', 0, 4); // two invalid occurrences: two nodes
    expect(() => c.db.prepare("INSERT INTO identity_edges (a, b, rule, evidence_id) VALUES (3, 1, 'x', NULL)").run()).toThrow(/CHECK/);
    expect(() => c.db.prepare("INSERT INTO identity_nodes (id, type, entity_id) VALUES (9, 'account', 9)").run()).toThrow(/CHECK/);
    expect(() => c.db.prepare("INSERT INTO identity_decisions (kind, why, examiner, ts_utc, details_json) VALUES ('merge', '  ', 'E', 'now', '{}')").run()).toThrow(/CHECK/);
    c.close();
  });
});

describe('transaction parties', () => {
  it('link one party\'s columns, but not an onward ("Forwarded to") column nor two accounts of one kind', () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'T', examiner: 'E', tz: 'UTC', region: 'TH' });
    c.db.transaction(() => {
      const id = insertEvidence(c.db, {
        path_given: 't.csv', path_resolved: 't.csv', file_name: 't.csv', size: 1, sha256: 't'.padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null,
        format: 'csv', layout: null, importer_version: '0', tz: 'UTC', date_order: null, region: null, owner: null, options_json: '{}',
        examiner: 'E', imported_utc: new Date().toISOString(), duplicate_of: null,
      });
      const w = new RecordWriter(c.db, id, 'UTC');
      const time = { kind: 'none' as const };
      w.write({ type: 'transaction', time, to: { name: 'Omar', identifiers: [{ kind: 'iban', value: 'GB82 WEST 1234 5698 7654 32', label: 'Beneficiary IBAN' }, { kind: 'wallet', value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', label: 'Beneficiary wallet' }, { kind: 'wallet', value: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', label: 'Forwarded to (BTC)' }] }, prov: { line: 2 }, raw: 'r2' });
      w.write({ type: 'transaction', time, to: { name: 'Tomas', identifiers: [{ kind: 'iban', value: 'DE89 3704 0044 0532 0130 00' }, { kind: 'wallet', value: '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy' }, { kind: 'wallet', value: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' }] }, prov: { line: 3 }, raw: 'r3' });
    })();
    const r = linkPending(c).linked[0]!;
    expect(r.links).toEqual({ 'transaction-party': 1 });
    expect(r.flags['party-ambiguous']).toBe(3);
    const linked = listEntities(c.db, { minNodes: 2 }).map((e) => e.identifiers.map((i) => i.value).sort());
    expect(linked).toEqual([['GB82WEST12345698765432', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t']]);
    c.close();
  });
});
