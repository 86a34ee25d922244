/** Evidence-item rows: created at the start of an import's transaction, completed at its end. */
import type Database from 'better-sqlite3';

export interface NewEvidence {
  path_given: string;
  path_resolved: string;
  file_name: string;
  size: number;
  sha256: string;
  sha1: string;
  md5: string;
  mtime_utc: string | null;
  format: string;
  layout: string | null;
  importer_version: string;
  tz: string;
  date_order: string | null;
  region: string | null;
  owner: string | null;
  options_json: string;
  examiner: string;
  imported_utc: string;
  duplicate_of: number | null;
}

export function insertEvidence(db: Database.Database, e: NewEvidence): number {
  const info = db
    .prepare(
      `INSERT INTO evidence (path_given, path_resolved, file_name, size, sha256, sha1, md5, mtime_utc, format, layout, importer_version, tz, date_order, region, owner, options_json, accounting_json, facts_json, examiner, imported_utc, duplicate_of)
       VALUES (@path_given, @path_resolved, @file_name, @size, @sha256, @sha1, @md5, @mtime_utc, @format, @layout, @importer_version, @tz, @date_order, @region, @owner, @options_json, '{}', '{}', @examiner, @imported_utc, @duplicate_of)`,
    )
    .run(e);
  return Number(info.lastInsertRowid);
}

export function completeEvidence(db: Database.Database, id: number, accounting: unknown, facts: unknown, dateOrder: string | null): void {
  db.prepare('UPDATE evidence SET accounting_json = ?, facts_json = ?, date_order = COALESCE(?, date_order) WHERE id = ?').run(JSON.stringify(accounting), JSON.stringify(facts), dateOrder, id);
}

export function findEvidenceBySha256(db: Database.Database, sha256: string): { id: number; file_name: string; imported_utc: string } | undefined {
  return db.prepare('SELECT id, file_name, imported_utc FROM evidence WHERE sha256 = ? ORDER BY id LIMIT 1').get(sha256) as { id: number; file_name: string; imported_utc: string } | undefined;
}
