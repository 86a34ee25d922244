import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import { tableCounts } from '../../main/engine/db/read/evidence';
import { importEvidence } from '../../main/engine/jobs/import';
import { fakeImporter } from '../helpers/fake-importer';
import { tempDir } from '../helpers/tmp';

// The linker fails on the second item imported: the import around it must leave nothing of that item.
let calls = 0;
vi.mock('../../main/engine/identity/link', async (orig) => {
  const real = await orig<typeof import('../../main/engine/identity/link')>();
  return {
    ...real,
    linkEvidence: (...args: Parameters<typeof real.linkEvidence>) => {
      if (++calls === 2) throw new Error('linker failed');
      return real.linkEvidence(...args);
    },
  };
});

describe('linking inside the import transaction', () => {
  it('links each item as it is imported, and a linking failure rolls the whole item back', async () => {
    const dir = tempDir();
    const c = Case.create(join(dir, 'c.case'), { caseNumber: 'H', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
    const a = join(dir, 'a.fake');
    const b = join(dir, 'b.fake');
    writeFileSync(a, 'FAKE\n09:00|+66812345678|my new number is 089-123-4502\n');
    writeFileSync(b, 'FAKE\n10:00|0812345678|hi\n');
    const r = await importEvidence(c, { path: a, importers: [fakeImporter()] });
    expect(r.identity).toMatchObject({ evidence: 1, accounts: 1, links: { 'account-identifier': 1, 'sender-identifier': 1 }, suggestions: { 'self-statement': 1 } });
    const imported = [...auditRows(c.db)].find((x) => x.action === 'evidence-imported')!;
    expect(JSON.parse(imported.details_json).identity).toMatchObject({ evidence: 1, occurrences: 3 });
    const before = tableCounts(c.db);
    const nodes = (c.db.prepare('SELECT COUNT(*) AS n FROM identity_nodes').get() as { n: number }).n;
    await expect(importEvidence(c, { path: b, importers: [fakeImporter()] })).rejects.toMatchObject({ code: 'INTERNAL' });
    const after = tableCounts(c.db);
    delete (before as Record<string, number>).audit_log;
    delete (after as Record<string, number>).audit_log;
    expect(after).toEqual(before);
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM identity_nodes').get() as { n: number }).n).toBe(nodes);
    expect((c.db.prepare('SELECT evidence_id FROM identity_runs').all() as { evidence_id: number }[]).map((x) => x.evidence_id)).toEqual([1]);
    c.close();
  });
});
