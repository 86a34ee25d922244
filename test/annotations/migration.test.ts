import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAG_COLOUR_NAMES } from '../../shared/annotations';
import { listAnnotated } from '../../main/engine/annotations';
import { Case } from '../../main/engine/case';
import { appendAudit } from '../../main/engine/db/audit-store';
import { APPLICATION_ID } from '../../main/engine/db/case-db';
import { MIGRATIONS } from '../../main/engine/db/migrations';
import { MIGRATION_004_COLOURS, migration004 } from '../../main/engine/db/migrations/004-annotations';
import { insertCaseInfo } from '../../main/engine/db/write/case-info';
import { indexPendingEvents } from '../../main/engine/db/write/events';
import { timelinePage } from '../../main/engine/timeline/page';
import { tempDir } from '../helpers/tmp';

const EVIDENCE = `INSERT INTO evidence (id, path_given, path_resolved, file_name, size, sha256, sha1, md5, format, importer_version, tz, options_json, accounting_json, facts_json, examiner, imported_utc)
  VALUES (?, 'x', 'x', ?, 1, 'a', 'b', 'c', 'fake', '1', 'UTC', '{}', '{}', '{}', 'E', '2026-01-01T00:00:00Z')`;

/** A case file exactly as schema 3 left it: records, their events, and tags written straight into event_tags. */
function schema3Case(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  for (const m of MIGRATIONS.filter((x) => x.version <= 3)) db.exec(m.sql);
  db.pragma('user_version = 3');
  insertCaseInfo(db, { case_uuid: 'u', case_number: 'OLD-3', title: null, examiner: 'Old Examiner', agency: null, tz: 'UTC', region: null, created_utc: '2026-01-01T00:00:00Z', created_by_tool: 'threadline 0.3' });
  appendAudit(db, { examiner: 'Old Examiner' }, 'case-created', { case_number: 'OLD-3' });
  db.prepare(EVIDENCE).run(1, 'old.txt');
  db.prepare('INSERT INTO chats (id, key, platform, evidence_id, seq) VALUES (1, ?, ?, 1, 1)').run('c', 'whatsapp');
  const m = db.prepare('INSERT INTO messages (id, chat_id, ts_utc, kind, body, evidence_id, seq, src_line) VALUES (?, 1, ?, ?, ?, 1, ?, ?)');
  m.run(10, Date.parse('2025-03-14T10:00:00Z'), 'text', 'send the money', 2, 2);
  m.run(11, Date.parse('2025-03-14T09:00:00Z'), 'text', 'hello', 3, 3);
  indexPendingEvents(db);
  const key = (id: number) => db.prepare("SELECT id FROM events WHERE kind = 'message' AND record_id = ?").safeIntegers(true).pluck().get(id) as bigint;
  const tag = db.prepare('INSERT INTO event_tags (tag, event_id) VALUES (?, ?)');
  tag.run('zeta', key(10));
  tag.run('alpha', key(10));
  tag.run('alpha', key(11));
  db.close();
}

describe('migration 4 (annotations)', () => {
  it('freezes the palette the shared module offers', () => {
    expect([...MIGRATION_004_COLOURS]).toEqual(TAG_COLOUR_NAMES);
    expect(MIGRATIONS.map((x) => x.version).indexOf(4)).toBe(3);
    expect(migration004.version).toBe(4);
  });

  it('migrates a schema-3 case on open: event_tags become tag definitions and assignments anchored to records', () => {
    const dir = tempDir();
    const file = join(dir, 'old.case');
    schema3Case(file);
    const c = Case.open(file, { examiner: 'New Examiner' });
    expect(c.db.pragma('user_version', { simple: true })).toBe(4);
    const mig = c.db.prepare("SELECT examiner, details_json FROM audit_log WHERE action = 'schema-migrated'").all() as { examiner: string; details_json: string }[];
    expect(mig.map((r) => [r.examiner, JSON.parse(r.details_json)])).toEqual([['New Examiner', { from: 3, to: 4, name: 'annotations: tags, bookmarks and notes' }]]);
    expect(c.db.prepare('SELECT name, colour, created_by FROM annotation_tags ORDER BY id').all()).toEqual([
      { name: 'alpha', colour: 'orange', created_by: '(before schema 4)' },
      { name: 'zeta', colour: 'sky', created_by: '(before schema 4)' },
    ]);
    expect(c.db.prepare('SELECT target_key, tag_id, evidence_id FROM annotation_tag_links ORDER BY target_key, tag_id').all()).toEqual([
      { target_key: 'event:message:10', tag_id: 1, evidence_id: 1 },
      { target_key: 'event:message:10', tag_id: 2, evidence_id: 1 },
      { target_key: 'event:message:11', tag_id: 1, evidence_id: 1 },
    ]);
    const items = listAnnotated(c.db, 'UTC');
    expect(items.map((a) => [a.target.id, a.text, a.source, a.tags.map((t) => t.name)])).toEqual([
      ['m11', 'hello', 'E1 old.txt:3', ['alpha']],
      ['m10', 'send the money', 'E1 old.txt:2', ['alpha', 'zeta']],
    ]);
    // The filter still reads event_tags, untouched by the migration.
    expect(timelinePage(c.db, { displayTz: 'UTC', filter: { tags: ['zeta'] } }).events.map((e) => e.id)).toEqual(['m10']);
    expect(c.db.pragma('foreign_key_check')).toEqual([]);
    expect(c.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    c.close();
  });

  it('enforces one anchor per target type and the palette', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) db.exec(m.sql);
    db.prepare(EVIDENCE).run(1, 'x.txt');
    const ins = db.prepare("INSERT INTO annotation_bookmarks (target, evidence_id, event_kind, record_id, node_id, examiner, ts_utc) VALUES (?, ?, ?, ?, ?, 'E', 't')");
    expect(() => ins.run('event', 1, null, 5, null)).toThrow(/CHECK/);
    expect(() => ins.run('evidence', 1, 'message', null, null)).toThrow(/CHECK/);
    expect(() => ins.run('entity', null, null, null, null)).toThrow(/CHECK/);
    ins.run('evidence', 1, null, null, null);
    expect(() => ins.run('evidence', 1, null, null, null)).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT target_key FROM annotation_bookmarks').pluck().all()).toEqual(['evidence:1']);
    expect(() => db.prepare("INSERT INTO annotation_tags (name, colour, created_by, created_utc) VALUES ('x', 'red', 'E', 't')").run()).toThrow(/CHECK/);
    db.close();
  });
});
