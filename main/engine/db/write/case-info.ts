/** The single case_info row. */
import type Database from 'better-sqlite3';

export interface CaseInfoRow {
  case_uuid: string;
  case_number: string;
  title: string | null;
  examiner: string;
  agency: string | null;
  tz: string;
  region: string | null;
  created_utc: string;
  created_by_tool: string;
}

export function insertCaseInfo(db: Database.Database, row: CaseInfoRow): void {
  db.prepare(
    'INSERT INTO case_info (id, case_uuid, case_number, title, examiner, agency, tz, region, created_utc, created_by_tool) VALUES (1, @case_uuid, @case_number, @title, @examiner, @agency, @tz, @region, @created_utc, @created_by_tool)',
  ).run(row);
}

export function readCaseInfo(db: Database.Database): CaseInfoRow {
  return db.prepare('SELECT case_uuid, case_number, title, examiner, agency, tz, region, created_utc, created_by_tool FROM case_info WHERE id = 1').get() as CaseInfoRow;
}
