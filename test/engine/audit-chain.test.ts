import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { canonicalJson, entryHash, GENESIS_HASH, verifyChain } from '../../main/engine/audit/chain';
import { auditRows } from '../../main/engine/db/audit-store';
import { tempDir } from '../helpers/tmp';

function setup() {
  const c = Case.create(join(tempDir(), 'a.case'), { caseNumber: 'A-1', examiner: 'E', tz: 'UTC' });
  for (let i = 0; i < 5; i++) c.audit('note', { i, text: `entry ${i}`, weird: '\uD800 lone', nested: { b: 1, a: [3, 2] } });
  return c;
}

// Tampering needs the append-only triggers out of the way, as an attacker with the file would do.
function dropTriggers(c: Case) {
  c.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

describe('audit chain', () => {
  it('canonical JSON sorts keys and is stable (RFC 8785)', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}');
    expect(canonicalJson({ n: 1e21, f: 0.1 })).toBe('{"f":0.1,"n":1e+21}');
  });

  it('verifies an untouched chain and reports its head', () => {
    const c = setup();
    const rows = [...auditRows(c.db)];
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    const v = verifyChain(rows);
    expect(v).toEqual({ ok: true, entries: rows.length, head: rows[rows.length - 1]!.hash });
    // A lone surrogate in seized text is recorded as a visible escape, not mangled or refused.
    expect(rows[rows.length - 1]!.details_json).toContain('"weird":"\\\\uD800 lone"');
    c.close();
  });

  it('detects an altered entry and names it', () => {
    const c = setup();
    dropTriggers(c);
    c.db.prepare("UPDATE audit_log SET details_json = replace(details_json, 'entry 2', 'entry X') WHERE action = 'note' AND details_json LIKE '%entry 2%'").run();
    const bad = (c.db.prepare("SELECT seq FROM audit_log WHERE details_json LIKE '%entry X%'").get() as { seq: number }).seq;
    const v = verifyChain(auditRows(c.db));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.firstBadSeq).toBe(bad);
    c.close();
  });

  it('detects a deleted entry', () => {
    const c = setup();
    dropTriggers(c);
    c.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    const v = verifyChain(auditRows(c.db));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.firstBadSeq).toBe(4);
    c.close();
  });

  it('detects two swapped entries', () => {
    const c = setup();
    dropTriggers(c);
    c.db.exec('UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -3;');
    const v = verifyChain(auditRows(c.db));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.firstBadSeq).toBe(3);
    c.close();
  });

  it('a rewrite-and-rechain verifies internally but changes the head printed outside the file', () => {
    const c = setup();
    const headBefore = verifyChain(auditRows(c.db));
    dropTriggers(c);
    // Rewrite entry 2 and recompute every hash after it: only an external copy of the head can catch this.
    const rows = [...auditRows(c.db)];
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const details = JSON.parse(r.details_json) as unknown;
      const d = r.seq === 2 ? { rewritten: true } : details;
      const details_json = canonicalJson(d);
      const hash = entryHash({ seq: r.seq, ts_utc: r.ts_utc, examiner: r.examiner, tool_version: r.tool_version, action: r.action, details: d, prev_hash: prev });
      c.db.prepare('UPDATE audit_log SET details_json = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(details_json, prev, hash, r.seq);
      prev = hash;
    }
    const after = verifyChain(auditRows(c.db));
    expect(after.ok).toBe(true);
    expect(headBefore.ok && after.ok && headBefore.head !== after.head).toBe(true);
    c.close();
  });
});
