/** Error codes shared by the engine, CLI, IPC and UI: every failure the examiner sees carries one. */

export const ERROR_CODES = {
  CASE_EXISTS: 'A case file already exists at that path.',
  CASE_NOT_FOUND: 'No case file at that path.',
  CASE_IN_USE: 'The case is open elsewhere.',
  CASE_NOT_A_CASE: 'The file is not a Threadline case file.',
  CASE_TOO_NEW: 'The case file was written by a newer Threadline.',
  CASE_CORRUPT: 'The case file failed its integrity check.',
  CASE_READ_ONLY: 'The case file cannot be written.',
  DISK_FULL: 'The disk (or the case size limit) is full.',
  BAD_ARGUMENT: 'An argument is missing or invalid.',
  SOURCE_NOT_FOUND: 'The evidence file does not exist or cannot be read.',
  SOURCE_EMPTY: 'The evidence file is empty.',
  SOURCE_CHANGED: 'The evidence file changed while it was being imported.',
  SOURCE_DUPLICATE: 'These exact bytes were already imported.',
  FORMAT_UNRECOGNISED: 'No importer recognises this file.',
  FORMAT_MISMATCH: 'The file is not in the requested format.',
  PARSE_ERROR: 'The file could not be parsed.',
  DATE_ORDER_AMBIGUOUS: 'The day/month order of the dates cannot be decided from the file.',
  TIMEZONE_INVALID: 'The time zone is not a valid IANA zone.',
  ENCODING_ERROR: 'The text encoding could not be decoded.',
  ZIP_UNSAFE: 'The zip archive contains an unsafe entry.',
  ZIP_BOMB: 'The zip archive inflates beyond the safety limits.',
  ZIP_CORRUPT: 'The zip archive is damaged or truncated.',
  LIMIT_EXCEEDED: 'A safety limit was exceeded.',
  ACCOUNTING_MISMATCH: 'The importer did not account for every unit it read.',
  IMPORT_CANCELLED: 'The import was cancelled.',
  AUDIT_BROKEN: 'The audit chain does not verify.',
  NOT_FOUND: 'The requested record does not exist.',
  NO_CASE_OPEN: 'No case is open.',
  JOB_RUNNING: 'An import is running on this case.',
  UNAUTHORIZED: 'The request did not carry this session\'s access token.',
  DISCONNECTED: 'The connection to the Threadline engine was lost.',
  REPORT_FONT_MISSING: 'A font the PDF report needs is missing.',
  REPORT_EXISTS: 'A file already exists where the report would be written.',
  REPORT_WRITE_FAILED: 'The report could not be written.',
  REPORT_STATE_CHANGED: 'The case changed while the report was being made.',
  REPORT_CANCELLED: 'The report was cancelled before it was written.',
  INTERNAL: 'An internal error occurred.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The serialisable form of an error, as it crosses the CLI/IPC boundary. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** The evidence file the error is about, as the examiner named it. */
  file?: string;
  /** 1-based line (or row) in that file. */
  line?: number;
  /** What the examiner should do next. */
  hint?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
