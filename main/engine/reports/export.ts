/**
 * Exporting a report: render it, write it atomically (temporary file, then rename), record its SHA-256 with the
 * options and chain head in the audit log (action `report-exported`), and write the sidecar manifest
 * FILE.sha256.json. A report never overwrites an existing file unless asked, and never an evidence file or the case.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Case } from '../case';
import { listEvidence } from '../db/read/evidence';
import { auditHeadRow } from '../db/read/report';
import { ThreadlineError } from '../errors';
import { ensureEventsIndexed } from '../timeline/index-state';
import { CSV_NEUTRALISED_DESCRIPTION } from './csv-safety';
import { formatFromPath } from './options';
import { renderReport } from './render';
import type { ReportFormat, ReportOptions, ReportProgress } from './types';
import { TOOL_ID } from '../version';

export interface ExportRequest extends ReportOptions {
  /** Where to write the report; the format comes from its extension unless given. */
  out: string;
  format?: ReportFormat;
  /** Replace an existing file at `out` (never an evidence file or the case itself). */
  overwrite?: boolean;
  onProgress?: (p: ReportProgress) => void;
}

export interface ExportResult {
  file: string;
  manifest: string;
  format: ReportFormat;
  sha256: string;
  size: number;
  pages: number | null;
  chainHead: { seq: number; hash: string };
  /** The audit entry that records this export. */
  auditSeq: number;
  events: { matched: number; shown: number };
  verificationOk: boolean;
}

function writeDurably(path: string, bytes: Buffer): void {
  const fd = openSync(path, 'wx');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function checkTarget(c: Case, file: string, overwrite: boolean): void {
  const protectedPaths = new Set([resolve(c.file), `${resolve(c.file)}-wal`, `${resolve(c.file)}-shm`, ...listEvidence(c.db).map((e) => resolve(e.path_resolved))]);
  if (protectedPaths.has(file) || protectedPaths.has(`${file}.sha256.json`)) {
    throw new ThreadlineError('BAD_ARGUMENT', 'The report would be written over the case file or an evidence file.', { file, hint: 'Write reports to a separate folder, e.g. --out reports/case-report.pdf.' });
  }
  if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory()) {
    throw new ThreadlineError('REPORT_WRITE_FAILED', `The folder ${dirname(file)} does not exist.`, { file, hint: 'Create the folder first, or choose another --out path.' });
  }
  if (existsSync(file) && !overwrite) {
    throw new ThreadlineError('REPORT_EXISTS', 'A file already exists at the report path; reports are not overwritten silently.', { file, hint: 'Choose a new file name, or pass --overwrite to replace it (the audit log keeps the hash of both).' });
  }
}

export async function exportReport(c: Case, req: ExportRequest): Promise<ExportResult> {
  const file = resolve(req.out);
  const format = req.format ?? formatFromPath(file);
  checkTarget(c, file, req.overwrite === true);
  // Items imported before the event index existed are indexed (and audited) first, so the report sees them.
  ensureEventsIndexed(c);
  const { out: _out, format: _format, overwrite: _overwrite, onProgress, ...options } = req;
  const r = await renderReport(c, format, options, onProgress);
  const tmp = `${dirname(file)}/.${basename(file)}.${process.pid}.tmp`;
  try {
    writeDurably(tmp, r.bytes);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ThreadlineError('REPORT_WRITE_FAILED', `The report could not be written: ${(err as Error).message}.`, { file, hint: 'Check free space and permissions of the output folder.', cause: err });
  }
  let auditSeq: number;
  try {
    c.audited('report-exported', () => ({
      result: undefined,
      details: {
        format,
        file,
        size: r.bytes.length,
        sha256: r.sha256,
        pages: r.pages,
        report_date: r.reportDate,
        chain_head: { seq: r.chain.headSeq, hash: r.chain.headHash, ts_utc: r.chain.headTime },
        options: r.options,
        events: r.events,
        verification: {
          ok: r.verification.ok,
          integrity_ok: r.verification.integrity.ok,
          chain_ok: r.verification.chainOk,
          sources_checked: r.verification.sourcesChecked,
          sources_matched: r.verification.sourcesMatched,
          sources_mismatched: r.verification.sourcesMismatched,
          sources_missing: r.verification.sourcesMissing,
        },
      },
    }));
    auditSeq = auditHeadRow(c.db)!.seq;
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  const entry = auditHeadRow(c.db)!;
  const manifest = `${file}.sha256.json`;
  const body = {
    file: basename(file),
    sha256: r.sha256,
    size: r.bytes.length,
    format,
    pages: r.pages,
    case: { number: c.info.case_number, uuid: c.info.case_uuid, title: c.info.title },
    report_date: r.reportDate,
    chain_head: { seq: r.chain.headSeq, hash: r.chain.headHash, ts_utc: r.chain.headTime },
    audit_entry: { seq: auditSeq, hash: entry.seq === auditSeq ? entry.hash : null, action: 'report-exported' },
    options: r.options,
    verification_ok: r.verification.ok,
    ...(format === 'csv' ? { csv: { table: r.options.csvTable, encoding: 'UTF-8 with BOM, RFC 4180, CRLF', formula_neutralisation: CSV_NEUTRALISED_DESCRIPTION } } : {}),
    tool: TOOL_ID,
    check: `sha256sum ${basename(file)} should print ${r.sha256}`,
  };
  try {
    writeFileSync(manifest, `${JSON.stringify(body, null, 2)}\n`);
  } catch (err) {
    throw new ThreadlineError('REPORT_WRITE_FAILED', `The report was written and audited, but its manifest could not be written: ${(err as Error).message}.`, {
      file: manifest,
      hint: `The report's SHA-256 is ${r.sha256} (also in audit entry ${auditSeq}); fix the folder's permissions to have the manifest.`,
      cause: err,
    });
  }
  return { file, manifest, format, sha256: r.sha256, size: r.bytes.length, pages: r.pages, chainHead: { seq: r.chain.headSeq, hash: r.chain.headHash }, auditSeq, events: r.events, verificationOk: r.verification.ok };
}
