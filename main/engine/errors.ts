/** The engine's one error type: a code, where it happened, and what to do next. */
import type { ErrorCode, ErrorInfo } from '../../shared/errors';

export class ThreadlineError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, where: { file?: string; line?: number; hint?: string; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = 'ThreadlineError';
    this.code = code;
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.hint !== undefined) this.hint = where.hint;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.file !== undefined) info.file = this.file;
    if (this.line !== undefined) info.line = this.line;
    if (this.hint !== undefined) info.hint = this.hint;
    return info;
  }

  /** One human line: `CODE file:line: message — hint`. */
  describe(): string {
    const where = this.file ? `${this.file}${this.line !== undefined ? `:${this.line}` : ''}: ` : '';
    return `${this.code} ${where}${this.message}${this.hint ? `\n  → ${this.hint}` : ''}`;
  }
}

/** Wrap anything thrown into a ThreadlineError, keeping known codes. */
export function toThreadlineError(err: unknown, fallback: { file?: string } = {}): ThreadlineError {
  if (err instanceof ThreadlineError) return err;
  const e = err as { code?: string; message?: string } | undefined;
  const msg = e?.message ?? String(err);
  if (e?.code === 'SQLITE_FULL') {
    return new ThreadlineError('DISK_FULL', 'The case file could not grow: the disk or the case size limit is full. Nothing of this operation was kept.', {
      ...fallback,
      hint: 'Free disk space (or move the case to a larger disk) and run the operation again.',
      cause: err,
    });
  }
  if (e?.code === 'SQLITE_BUSY' || e?.code === 'SQLITE_LOCKED') {
    return new ThreadlineError('CASE_IN_USE', 'The case is open elsewhere (another Threadline window or command holds it).', {
      ...fallback,
      hint: 'Close the other Threadline window or command that has this case open, then try again.',
      cause: err,
    });
  }
  if (e?.code === 'SQLITE_READONLY' || e?.code === 'SQLITE_READONLY_DBMOVED') {
    return new ThreadlineError('CASE_READ_ONLY', 'The case file is read-only.', {
      ...fallback,
      hint: 'Copy the case to a writable location (threadline backup) or fix its permissions.',
      cause: err,
    });
  }
  if (e?.code === 'ENOENT') {
    return new ThreadlineError('SOURCE_NOT_FOUND', msg, { ...fallback, hint: 'Check the path; the file may have been moved or deleted.', cause: err });
  }
  return new ThreadlineError('INTERNAL', msg, { ...fallback, hint: 'This is a bug in Threadline; report it with the audit log entry.', cause: err });
}
