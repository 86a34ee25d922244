/** A case file, open and locked: metadata, the acting examiner, and audited transactions. */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { CaseSummary } from '../../shared/model';
import { ThreadlineError, toThreadlineError } from './errors';
import { createCaseDb, openCaseDb, type OpenOptions, type SqlDb } from './db/case-db';
import { appendAudit } from './db/audit-store';
import { insertCaseInfo, readCaseInfo, type CaseInfoRow } from './db/write/case-info';
import { assertTimeZone } from './time/zone';
import { TOOL_ID } from './version';
import { assertRegion } from './region';

export interface NewCaseInput {
  caseNumber: string;
  examiner: string;
  title?: string;
  agency?: string;
  /** The case's default zone for zone-less evidence (default UTC). */
  tz?: string;
  /** The case's default phone region (ISO 3166 alpha-2). */
  region?: string;
}

/** The case's metadata as the CLI's `--json` and the workstation show it (camelCase, one mapping for both). */
export type CaseMetadata = Pick<CaseSummary, 'uuid' | 'caseNumber' | 'title' | 'examiner' | 'agency' | 'tz' | 'region' | 'created' | 'tool' | 'schemaVersion'>;

export class Case {
  readonly file: string;
  readonly db: SqlDb;
  readonly info: CaseInfoRow;
  /** Who is acting now (recorded on every audit entry); defaults to the case's examiner. */
  readonly examiner: string;

  private constructor(file: string, db: SqlDb, examiner?: string) {
    this.file = file;
    this.db = db;
    this.info = readCaseInfo(db);
    this.examiner = examiner ?? this.info.examiner;
  }

  metadata(): CaseMetadata {
    const i = this.info;
    return {
      uuid: i.case_uuid,
      caseNumber: i.case_number,
      title: i.title,
      examiner: i.examiner,
      agency: i.agency,
      tz: i.tz,
      region: i.region,
      created: i.created_utc,
      tool: i.created_by_tool,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  static create(file: string, input: NewCaseInput): Case {
    const caseNumber = input.caseNumber?.trim();
    const examiner = input.examiner?.trim();
    if (!caseNumber) throw new ThreadlineError('BAD_ARGUMENT', 'A case number is required.', { hint: 'Pass --case-number, e.g. --case-number "TH-2026-0142".' });
    if (!examiner) throw new ThreadlineError('BAD_ARGUMENT', 'The examiner is required.', { hint: 'Pass --examiner "Your Name" (it is recorded on every audit entry).' });
    const tz = assertTimeZone(input.tz ?? 'UTC', 'case time zone');
    const region = input.region ? assertRegion(input.region) : null;
    const path = resolve(file);
    const db = createCaseDb(path, { examiner }, (d) => {
      const row: CaseInfoRow = {
        case_uuid: randomUUID(),
        case_number: caseNumber,
        title: input.title ?? null,
        examiner,
        agency: input.agency ?? null,
        tz,
        region,
        created_utc: new Date().toISOString(),
        created_by_tool: TOOL_ID,
      };
      insertCaseInfo(d, row);
      appendAudit(d, { examiner }, 'case-created', { case_uuid: row.case_uuid, case_number: caseNumber, title: row.title, agency: row.agency, tz, region, file: path });
    });
    return new Case(path, db, examiner);
  }

  static open(file: string, opts: OpenOptions & { examiner?: string } = {}): Case {
    const path = resolve(file);
    const db = openCaseDb(path, { ...opts, actor: { examiner: opts.examiner ?? 'unknown' } });
    try {
      return new Case(path, db, opts.examiner);
    } catch (err) {
      db.close();
      throw toThreadlineError(err, { file: path });
    }
  }

  /** Run `fn` in one IMMEDIATE transaction and audit it in the same transaction. */
  audited<T>(action: string, fn: () => { result: T; details: unknown }): T {
    const tx = this.db.transaction(() => {
      const { result, details } = fn();
      appendAudit(this.db, { examiner: this.examiner }, action, details);
      return result;
    });
    try {
      return tx.immediate();
    } catch (err) {
      throw toThreadlineError(err, { file: this.file });
    }
  }

  /** Record an event that changes nothing else (verify runs, failures, exports). */
  audit(action: string, details: unknown): void {
    this.audited(action, () => ({ result: undefined, details }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
