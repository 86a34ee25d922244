import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../main/engine/db/migrations';
import { migration003 } from '../../main/engine/db/migrations/003-timeline-search';
import { indexPendingEvents } from '../../main/engine/db/write/events';
import { searchText } from '../../main/engine/search/full-text';
import { timelinePage } from '../../main/engine/timeline/page';
import { caseWith, chat, msg } from './case-builder';

const EVIDENCE = `INSERT INTO evidence (id, path_given, path_resolved, file_name, size, sha256, sha1, md5, format, importer_version, tz, options_json, accounting_json, facts_json, examiner, imported_utc)
  VALUES (?, 'x', 'x', ?, 1, 'a', 'b', 'c', 'fake', '1', 'UTC', '{}', '{}', '{}', 'E', '2026-01-01T00:00:00Z')`;

describe('migration 3 (timeline events and full-text search)', () => {
  it('is registered as version 3, after identity', () => {
    expect(MIGRATIONS.map((m) => m.version).indexOf(3)).toBe(2);
    expect(migration003.version).toBe(3);
  });

  it('applies on top of a schema-2 case that already holds records, which are indexed on first use', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of MIGRATIONS.filter((x) => x.version < 3)) db.exec(m.sql);
    db.prepare(EVIDENCE).run(1, 'old.txt');
    db.prepare('INSERT INTO chats (id, key, platform, evidence_id, seq) VALUES (1, ?, ?, 1, 1)').run('c', 'whatsapp');
    const m = db.prepare('INSERT INTO messages (chat_id, ts_utc, kind, body, evidence_id, seq, src_line) VALUES (1, ?, ?, ?, 1, ?, ?)');
    m.run(Date.parse('2025-03-14T10:00:00Z'), 'text', 'imported before the timeline existed', 2, 2);
    m.run(Date.parse('2025-03-14T09:00:00Z'), 'text', 'an earlier line', 3, 3);
    db.exec(migration003.sql);
    expect(db.prepare('SELECT COUNT(*) n FROM search_docs').get()).toEqual({ n: 0 });
    expect(indexPendingEvents(db).map((r) => [r.evidenceId, r.dated])).toEqual([[1, 2]]);
    expect(timelinePage(db, { displayTz: 'UTC' }).events.map((e) => [e.text, e.source])).toEqual([
      ['an earlier line', 'old.txt:3'],
      ['imported before the timeline existed', 'old.txt:2'],
    ]);
    expect(searchText(db, { query: 'timeline', displayTz: 'UTC' }).hits).toHaveLength(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("INSERT INTO events (id, kind, evidence_id, seq, record_id) VALUES (1, 'sms', 1, 1, 1)").run()).toThrow(/CHECK/);
    db.close();
  });

  it('leaves a case that passes integrity_check with both FTS indexes populated', async () => {
    const { c } = await caseWith([[chat(), msg('2025-03-14T10:00:00Z', 'hello สวัสดี'), msg('2025-03-14T10:01:00Z', 'plain')]]);
    expect(c.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    c.db.exec("INSERT INTO search_words(search_words, rank) VALUES ('integrity-check', 0)");
    expect(c.db.prepare('SELECT COUNT(*) n FROM search_gram_docs').get()).toEqual({ n: 1 });
    expect(c.db.prepare('SELECT gram_docs, dated, undated FROM event_index_runs').get()).toEqual({ gram_docs: 1, dated: 2, undated: 0 });
    c.close();
  });
});
