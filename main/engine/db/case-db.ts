/**
 * Opening and creating case files: the one place that imports better-sqlite3. Sets the durability pragmas,
 * takes the exclusive lock, refuses files that are not cases or come from a newer Threadline, and migrates.
 */
import Database from 'better-sqlite3';
import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ThreadlineError } from '../errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { appendAudit, type AuditActor } from './audit-store';

export type SqlDb = Database.Database;
export type SqlStatement = Database.Statement;

/** 'THLN' — marks a SQLite file as a Threadline case. */
export const APPLICATION_ID = 0x54484c4e;

export interface OpenOptions {
  /** Run PRAGMA quick_check on open (default true). */
  quickCheck?: boolean;
  /** Who is acting, for the audit entries that opening may write (migrations). */
  actor?: Partial<AuditActor>;
  /** Open for reading only: no migration, no writes. */
  readonly?: boolean;
}

function sqliteCode(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

function applyPragmas(db: SqlDb, file: string, readonly: boolean): void {
  // Fail at once instead of waiting when another process holds the case.
  db.pragma('busy_timeout = 0');
  if (!readonly) {
    // Exclusive locking: the first access takes the lock and holds it until close, so a second
    // Threadline process gets "case is open elsewhere" instead of interleaving writes. Must precede WAL.
    db.pragma('locking_mode = EXCLUSIVE');
  }
  try {
    if (!readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new Error(`journal_mode is ${String(mode)}`);
      // better-sqlite3's WAL default is NORMAL, which can lose the last commits on power loss.
      db.pragma('synchronous = FULL');
      // Take the lock now, not at the first write.
      db.exec('BEGIN EXCLUSIVE; COMMIT;');
    }
    db.pragma('foreign_keys = ON');
  } catch (err) {
    throw mapOpenError(err, file);
  }
}

function mapOpenError(err: unknown, file: string): ThreadlineError {
  if (err instanceof ThreadlineError) return err;
  const code = sqliteCode(err);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new ThreadlineError('CASE_IN_USE', 'The case is open elsewhere: another Threadline window or command holds it.', {
      file,
      hint: 'Close the other Threadline window or command that has this case open, then try again.',
      cause: err,
    });
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new ThreadlineError('CASE_NOT_A_CASE', 'The file is not a Threadline case file (it is not a readable SQLite database).', {
      file,
      hint: 'Check the path. Create a case with `threadline new`, or restore the case from its backup.',
      cause: err,
    });
  }
  if (isReadOnlyFailure(code, file)) {
    return new ThreadlineError('CASE_READ_ONLY', `The case file cannot be opened for writing (${(err as Error).message}): ${notWritableReason(file) ?? 'SQLite could not write it or its journal'}.`, {
      file,
      hint: 'Copy the case to writable storage (a read-only mount or write-blocked drive cannot hold an open case), or fix the file and folder permissions so this user can write both.',
      cause: err,
    });
  }
  return new ThreadlineError('INTERNAL', `Opening the case failed: ${(err as Error).message}`, { file, cause: err });
}

/** Why the case file or its folder cannot be written by this process (undefined when both can). */
function notWritableReason(file: string): string | undefined {
  // WAL needs the file and its folder (for the -wal file) to be writable; a read-only mount says EROFS.
  for (const [what, path] of [['the file', file], ['its folder', dirname(file)]] as const) {
    try {
      accessSync(path, fsConstants.W_OK);
    } catch (err) {
      const c = (err as { code?: string }).code;
      if (c === 'ENOENT') continue;
      return `${what} is not writable (${c === 'EROFS' ? 'read-only file system' : c === 'EACCES' || c === 'EPERM' ? 'permission denied' : (c ?? 'no write access')})`;
    }
  }
  return undefined;
}

/**
 * SQLite reports a case it cannot write in many ways: SQLITE_READONLY* (the file), SQLITE_CANTOPEN (the -wal
 * or -shm file cannot be created), and on some paths a generic "disk I/O error" (SQLITE_IOERR_*, e.g. when
 * the -wal file cannot be opened in a read-only folder). An I/O error counts as read-only only when the
 * file or its folder really is not writable, so genuine I/O failures keep their own report.
 */
function isReadOnlyFailure(code: string | undefined, file: string): boolean {
  if (!code) return false;
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return true;
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return notWritableReason(file) !== undefined;
  return false;
}

function migrate(db: SqlDb, file: string, actor: AuditActor): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    const tx = db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      // The very first migration creates the audit log, so it can audit itself.
      appendAudit(db, actor, 'schema-migrated', { from: current, to: m.version, name: m.name });
    });
    try {
      tx.exclusive();
    } catch (err) {
      throw new ThreadlineError('INTERNAL', `Schema migration ${m.version} (${m.name}) failed: ${(err as Error).message}. The case was left at version ${current}.`, {
        file,
        hint: 'Nothing was changed. Report this with the case file; do not edit the file by hand.',
        cause: err,
      });
    }
  }
}

const DEFAULT_ACTOR: AuditActor = { examiner: 'unknown' };

/** Create a new, empty case file (schema + metadata are written by the caller inside `init`). */
export function createCaseDb(file: string, actor: AuditActor, init: (db: SqlDb) => void): SqlDb {
  if (existsSync(file)) {
    throw new ThreadlineError('CASE_EXISTS', 'A file already exists at that path; Threadline never overwrites a case.', {
      file,
      hint: 'Choose a new file name, or open the existing case instead.',
    });
  }
  let db: SqlDb;
  try {
    db = new Database(file);
  } catch (err) {
    throw mapOpenError(err, file);
  }
  try {
    applyPragmas(db, file, false);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db, file, actor);
    db.transaction(() => init(db)).exclusive();
    return db;
  } catch (err) {
    db.close();
    throw err instanceof ThreadlineError ? err : mapOpenError(err, file);
  }
}

/** Open an existing case file: lock, check it is a case of a schema we know, quick_check, migrate. */
export function openCaseDb(file: string, opts: OpenOptions = {}): SqlDb {
  if (!existsSync(file)) {
    throw new ThreadlineError('CASE_NOT_FOUND', 'There is no case file at that path.', { file, hint: 'Check the path, or create a case with `threadline new`.' });
  }
  let db: SqlDb;
  try {
    db = new Database(file, { fileMustExist: true, readonly: opts.readonly === true });
  } catch (err) {
    throw mapOpenError(err, file);
  }
  try {
    applyPragmas(db, file, opts.readonly === true);
    let appId: number;
    let version: number;
    try {
      appId = db.pragma('application_id', { simple: true }) as number;
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      throw mapOpenError(err, file);
    }
    if (appId !== APPLICATION_ID) {
      throw new ThreadlineError('CASE_NOT_A_CASE', 'The file is a SQLite database but not a Threadline case file.', {
        file,
        hint: 'Check the path. Threadline only opens case files it created.',
      });
    }
    if (version > SCHEMA_VERSION) {
      throw new ThreadlineError('CASE_TOO_NEW', `The case file has schema version ${version}, newer than this Threadline understands (${SCHEMA_VERSION}).`, {
        file,
        hint: 'Open it with the newer Threadline that wrote it; this version will not change it.',
      });
    }
    if (opts.quickCheck !== false) {
      const rows = db.pragma('quick_check') as { quick_check: string }[];
      if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
        throw new ThreadlineError('CASE_CORRUPT', `The case file failed its integrity check: ${rows.slice(0, 3).map((r) => r.quick_check).join('; ')}.`, {
          file,
          hint: 'Do not write to it. Restore the case from a backup and run `threadline verify`.',
        });
      }
    }
    if (version < SCHEMA_VERSION) {
      if (opts.readonly) {
        throw new ThreadlineError('CASE_READ_ONLY', `The case file has schema version ${version} and needs migrating to ${SCHEMA_VERSION}, which a read-only open cannot do.`, {
          file,
          hint: 'Open the case once for writing (any write command migrates it, and the migration is audited).',
        });
      }
      migrate(db, file, { ...DEFAULT_ACTOR, ...opts.actor });
    }
    return db;
  } catch (err) {
    db.close();
    throw err instanceof ThreadlineError ? err : mapOpenError(err, file);
  }
}
