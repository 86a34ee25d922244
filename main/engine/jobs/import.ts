/**
 * The import job: intake (hash, duplicate check) -> sniff -> importer -> accounting -> re-hash -> db writes +
 * audit, all of one evidence item in one transaction. On any failure nothing of the item remains and the
 * failure itself is audited.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Case } from '../case';
import { appendAudit } from '../db/audit-store';
import { ImportDigest, importMark } from '../db/read/record-digest';
import { completeEvidence, findEvidenceBySha256, insertEvidence } from '../db/write/evidence';
import { indexPendingEvents } from '../db/write/events';
import { RecordWriter } from '../db/write/records';
import { ThreadlineError, toThreadlineError } from '../errors';
import { linkEvidence, type LinkSummary } from '../identity/link';
import { AccountingTally, type Accounting } from '../importers/accounting';
import { IMPORTERS } from '../importers/registry';
import { buildSniffInput, pickImporter } from '../importers/sniff';
import type { DateOrder, ImportOptions, Importer } from '../importers/types';
import { hashFile, type FileHashes } from '../intake/hash';
import { startRehash } from '../intake/rehash';
import { SourceFile } from '../intake/source';
import { assertRegion } from '../region';
import { assertTimeZone } from '../time/zone';
import { parseBatches, type ParsePlace } from './parse-in-worker';

export interface ImportRequest {
  path: string;
  format?: string;
  tz?: string;
  dateOrder?: DateOrder;
  region?: string;
  owner?: string;
  mapping?: Record<string, string>;
  preset?: string;
  encoding?: string;
  allowDuplicate?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** The importers to choose from (default: every registered one); tests inject their own. */
  importers?: readonly Importer[];
  /** Where the parser runs (default: THREADLINE_PARSE_WORKER, else a worker thread for big files); see parse-in-worker.ts. */
  parseIn?: ParsePlace;
}

export interface ImportProgress {
  phase: 'hashing' | 'parsing' | 'verifying' | 'linking' | 'committing';
  bytes?: number;
  totalBytes?: number;
  records?: number;
}

export interface ImportResult {
  evidenceId: number;
  file: string;
  pathResolved: string;
  format: string;
  importerVersion: string;
  layout: string | null;
  hashes: FileHashes;
  tz: string;
  dateOrder: string | null;
  region: string | null;
  owner: string | null;
  accounting: Accounting;
  written: Record<string, number>;
  timeFlags: Record<string, number>;
  facts: Record<string, unknown>;
  firstUtc: string | null;
  lastUtc: string | null;
  duplicateOf: number | null;
  durationMs: number;
  /** Identity linking of this item, done in the import's transaction. */
  identity: LinkSummary;
}

const DATE_ORDERS = new Set(['dmy', 'mdy', 'ymd']);

export async function importEvidence(c: Case, req: ImportRequest): Promise<ImportResult> {
  const started = Date.now();
  const label = req.path;
  let hashes: FileHashes | undefined;
  let hashingStarted = false;
  try {
    const tz = assertTimeZone(req.tz ?? c.info.tz, 'evidence time zone');
    const region = req.region ? assertRegion(req.region) : (c.info.region ?? null);
    if (req.dateOrder !== undefined && !DATE_ORDERS.has(req.dateOrder)) {
      throw new ThreadlineError('BAD_ARGUMENT', `Unknown date order "${String(req.dateOrder)}".`, { hint: 'Use --date-order dmy, mdy or ymd.' });
    }
    let st;
    try {
      st = await stat(req.path);
    } catch (err) {
      throw new ThreadlineError('SOURCE_NOT_FOUND', `The evidence file cannot be read: ${(err as Error).message}.`, { file: label, hint: 'Check the path and that the evidence drive is mounted.', cause: err });
    }
    if (st.isDirectory()) {
      throw new ThreadlineError('BAD_ARGUMENT', 'That path is a folder; import the export file inside it (the .txt, .json, .xml, .zip …).', { file: label, hint: 'Name the files, e.g. `threadline import CASE folder/*.txt`.' });
    }
    req.onProgress?.({ phase: 'hashing', bytes: 0, totalBytes: st.size });
    hashingStarted = true;
    hashes = await hashFile(req.path, (bytes) => req.onProgress?.({ phase: 'hashing', bytes, totalBytes: st.size }));

    const earlier = findEvidenceBySha256(c.db, hashes.sha256);
    if (earlier && !req.allowDuplicate) {
      throw new ThreadlineError('SOURCE_DUPLICATE', `These exact bytes were already imported as evidence item E${earlier.id} ("${earlier.file_name}", ${earlier.imported_utc}).`, {
        file: label,
        hint: 'Nothing was imported. If a second copy must be recorded, re-run with --allow-duplicate (that choice is audited).',
      });
    }

    const file = new SourceFile(req.path, hashes.size);
    try {
      const input = await buildSniffInput(file);
      const { importer, sniff } = pickImporter(input, req.importers ?? IMPORTERS, req.format ?? 'auto');
      const options: ImportOptions = { tz };
      if (req.dateOrder) options.dateOrder = req.dateOrder;
      if (region) options.region = region;
      if (req.owner) options.owner = req.owner;
      if (req.mapping) options.mapping = req.mapping;
      if (req.preset) options.preset = req.preset;
      if (req.encoding) options.encoding = req.encoding;
      const signal = req.signal ?? new AbortController().signal;

      const db = c.db;
      db.exec('BEGIN IMMEDIATE');
      try {
        // Every row this import writes gets a larger id than these: the records digest reads only those.
        const mark = importMark(db);
        const evidenceId = insertEvidence(db, {
          path_given: req.path,
          path_resolved: file.pathResolved,
          file_name: file.name,
          size: hashes.size,
          sha256: hashes.sha256,
          sha1: hashes.sha1,
          md5: hashes.md5,
          mtime_utc: st.mtime.toISOString(),
          format: importer.id,
          layout: sniff.layout ?? null,
          importer_version: importer.version,
          tz,
          date_order: req.dateOrder ?? null,
          region,
          owner: req.owner ?? null,
          options_json: JSON.stringify({ format: req.format ?? 'auto', ...options, allowDuplicate: req.allowDuplicate === true }),
          examiner: c.examiner,
          imported_utc: new Date().toISOString(),
          duplicate_of: earlier?.id ?? null,
        });
        const writer = new RecordWriter(db, evidenceId, tz);
        // The records digest is read as the rows are written (see ImportDigest), sealed below.
        const digest = new ImportDigest(db, evidenceId, mark);
        const tally = new AccountingTally();
        const facts: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        let records = 0;
        req.onProgress?.({ phase: 'parsing', records: 0 });
        for await (const batch of parseBatches(importer, { file, options, sniff, signal }, { label, injected: req.importers !== undefined, place: req.parseIn })) {
          if (signal.aborted) throw new ThreadlineError('IMPORT_CANCELLED', 'The import was cancelled; nothing of this file was kept.', { file: label, hint: 'Start the import again when ready.' });
          for (const rec of batch) {
            tally.add(rec);
            if (rec.type === 'fact') facts[rec.key] = rec.value;
            else writer.write(rec);
          }
          records += batch.length;
          digest.advance();
          req.onProgress?.({ phase: 'parsing', records });
        }
        const accounting = tally.finish(label);

        // Prove the parsed bytes are the hashed bytes: the source is read afresh now that parsing is done, on another
        // thread while this one links and indexes (small files: here, when awaited below).
        const rehashed = startRehash(req.path, hashes.size);

        const dateOrder = req.dateOrder ?? (typeof facts['date-order'] === 'string' ? (facts['date-order'] as string) : null);
        completeEvidence(db, evidenceId, accounting, facts, dateOrder);
        // Linked inside the import's transaction: the item and its links commit (or roll back) together.
        req.onProgress?.({ phase: 'linking' });
        const identity = linkEvidence(db, evidenceId, writer.messageHints);
        // Timeline events and search indexes, in the same transaction (earlier unindexed items first).
        indexPendingEvents(db);

        req.onProgress?.({ phase: 'verifying' });
        const after = await rehashed.catch((err: unknown) => {
          throw new ThreadlineError('SOURCE_CHANGED', `The evidence file could not be re-read after parsing (${(err as Error).message}); it may have been moved or deleted during the import.`, {
            file: label,
            hint: 'Nothing was imported. Make the source read-only (or work from a verified copy) and import again.',
          });
        });
        if (after.sha256 !== hashes.sha256 || after.size !== hashes.size) {
          throw new ThreadlineError('SOURCE_CHANGED', 'The evidence file changed while it was being imported (its SHA-256 after parsing differs from the intake hash).', {
            file: label,
            hint: 'Nothing was imported. Make the source read-only (or work from a verified copy) and import again.',
          });
        }
        const result: ImportResult = {
          evidenceId,
          file: file.name,
          pathResolved: file.pathResolved,
          format: importer.id,
          importerVersion: importer.version,
          layout: sniff.layout ?? null,
          hashes,
          tz,
          dateOrder,
          region,
          owner: req.owner ?? null,
          accounting,
          written: { ...writer.written },
          timeFlags: { ...writer.timeFlags },
          facts: { ...facts },
          firstUtc: writer.first === null ? null : new Date(writer.first).toISOString(),
          lastUtc: writer.last === null ? null : new Date(writer.last).toISOString(),
          duplicateOf: earlier?.id ?? null,
          durationMs: Date.now() - started,
          identity,
        };
        req.onProgress?.({ phase: 'committing' });
        // Sealed in the audit entry, in this transaction: `verify` recomputes it to detect edited records.
        const recordsDigest = digest.finish();
        appendAudit(db, { examiner: c.examiner }, 'evidence-imported', {
          evidence: evidenceId,
          file: file.name,
          path_given: req.path,
          path_resolved: file.pathResolved,
          size: hashes.size,
          sha256: hashes.sha256,
          sha1: hashes.sha1,
          md5: hashes.md5,
          importer: importer.id,
          importer_version: importer.version,
          layout: sniff.layout ?? null,
          options: { tz, date_order: dateOrder, region, owner: req.owner ?? null, format: req.format ?? 'auto', mapping: req.mapping ?? null, preset: req.preset ?? null, encoding: req.encoding ?? null },
          duplicate_of: earlier?.id ?? null,
          allow_duplicate: req.allowDuplicate === true,
          accounting,
          written: result.written,
          identity,
          records_digest: recordsDigest,
        });
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      await file.close();
    }
  } catch (err) {
    const e = hashingStarted ? vanishedToChanged(err, label) : toThreadlineError(err, { file: label });
    // Name the file as the examiner named it (importers may only know its base name).
    if (!e.file || e.file === basename(label)) Object.assign(e, { file: label });
    try {
      c.audit('import-failed', {
        file: label,
        sha256: hashes?.sha256 ?? null,
        size: hashes?.size ?? null,
        code: e.code,
        message: e.message,
        line: e.line ?? null,
        format: req.format ?? 'auto',
      });
    } catch {
      // The failure could not be audited (e.g. the disk is full); the original error is what matters.
    }
    throw e;
  }
}

/**
 * The file existed when hashing began, so a "not found" from the hashing, an importer's later pass or the
 * re-hash means it was moved or deleted during the import: that is SOURCE_CHANGED, not a wrong path.
 */
function vanishedToChanged(err: unknown, label: string): ThreadlineError {
  const e = toThreadlineError(err, { file: label });
  if (e.code !== 'SOURCE_NOT_FOUND') return e;
  return new ThreadlineError('SOURCE_CHANGED', `The source changed or vanished during import: ${e.message.replace(/\.$/, '')}.`, {
    file: e.file ?? label,
    hint: 'Nothing was imported. Make the source read-only (or work from a verified copy), check that the evidence drive stayed mounted, and import again.',
    cause: err,
  });
}
