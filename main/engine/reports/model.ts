/**
 * Builds the report model from a case and options, without writing to the case. The evidence files are re-hashed
 * first (the only slow, asynchronous step); everything after that is read synchronously, so the model describes
 * one state of the case: the one whose audit chain head it prints.
 */
import type { Case } from '../case';
import { evidenceCounts, listEvidence, type EvidenceRow } from '../db/read/evidence';
import { auditByAction, auditHeadRow, auditRowsAfter } from '../db/read/report';
import { ThreadlineError } from '../errors';
import type { Accounting } from '../importers/accounting';
import { importerById } from '../importers/registry';
import { displayTime } from '../timeline/display-time';
import { resolveFilter } from '../timeline/filter';
import { histogram } from '../timeline/histogram';
import { coverageNotes, timelinePage } from '../timeline/page';
import { renderEvents } from '../timeline/render';
import type { TimelineEvent } from '../timeline/types';
import { TOOL_BUILD, TOOL_ID, TOOL_NAME, TOOL_VERSION } from '../version';
import { reportAnnotations } from './annotations';
import { entityProfile, selectEntities } from './entities';
import { graphSection } from './graph';
import { ANNOTATED_EVENTS_LIMIT } from './limits';
import { buildMethodology } from './methodology';
import { describeFilter, describeOptions, resolveOptions } from './options';
import { checkDatabase, checkSources, notChecked } from './source-check';
import type { AuditRowOut, ChainState, EvidenceOut, ReportModel, ReportOptions, ReportProgress, ResolvedReportOptions, SourceCheckOut, TimelineSection, VerificationOut } from './types';

/** Events read per timeline page while rendering: large enough to be fast, small enough to bound memory. */
const EVENT_PAGE = 2000;
const AUDIT_PAGE = 1000;

function parseJson<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

function evidenceOut(db: Case['db'], e: EvidenceRow, check: SourceCheckOut): EvidenceOut {
  const acc = parseJson<Partial<Accounting>>(e.accounting_json, {});
  const counts = evidenceCounts(db, e.id);
  const records: Record<string, number> = {};
  for (const [k, v] of Object.entries(counts)) if (k !== 'rejected' && k !== 'skipped' && v > 0) records[k] = v;
  return {
    id: e.id,
    fileName: e.file_name,
    pathGiven: e.path_given,
    ...(e.path_resolved !== e.path_given ? { pathResolved: e.path_resolved } : {}),
    size: e.size,
    sha256: e.sha256,
    sha1: e.sha1,
    md5: e.md5,
    mtime: e.mtime_utc,
    format: e.format,
    importerLabel: importerById(e.format)?.label ?? e.format,
    importerVersion: e.importer_version,
    layout: e.layout,
    tz: e.tz,
    dateOrder: e.date_order,
    region: e.region,
    owner: e.owner,
    examiner: e.examiner,
    imported: e.imported_utc,
    duplicateOf: e.duplicate_of,
    accounting: {
      unit: acc.unit ?? 'unit',
      seen: acc.seen ?? 0,
      parsed: acc.parsed ?? 0,
      skipped: acc.skipped ?? 0,
      rejected: acc.rejected ?? 0,
      reasons: acc.reasons ?? {},
    },
    records,
    verify: check,
  };
}

function auditOut(r: ReturnType<typeof auditRowsAfter>[number]): AuditRowOut {
  return { seq: r.seq, ts: r.ts_utc, examiner: r.examiner, toolVersion: r.tool_version, action: r.action, details: r.details_json, prevHash: r.prev_hash, hash: r.hash };
}

function timelineSection(c: Case, o: ResolvedReportOptions): TimelineSection {
  const db = c.db;
  if (!o.timeline || o.maxEvents === 0) {
    return { included: false, filterLines: describeFilter(o.filter, o.displayTz), matched: 0, shown: 0, truncated: false, notes: [], pages: () => [] };
  }
  const resolved = resolveFilter(db, o.filter);
  const matched = histogram(db, { filter: o.filter, bucket: 'year', displayTz: o.displayTz }).total;
  const shown = Math.min(matched, o.maxEvents);
  const notes = [...resolved.notes, ...coverageNotes(db)];
  if (matched > o.maxEvents) notes.push(`${matched.toLocaleString('en-US')} events match the filter; the first ${o.maxEvents.toLocaleString('en-US')} in time order are included. Narrow the filter or raise the limit for the rest.`);
  function* pages(): Generator<TimelineEvent[]> {
    let cursor: string | undefined;
    let count = 0;
    while (count < o.maxEvents) {
      const page = timelinePage(db, { filter: o.filter, displayTz: o.displayTz, limit: Math.min(EVENT_PAGE, o.maxEvents - count), ...(cursor === undefined ? {} : { cursor }) });
      if (page.events.length) {
        count += page.events.length;
        yield page.events;
      }
      if (page.next === null) return;
      cursor = page.next;
    }
  }
  return { included: true, filterLines: describeFilter(o.filter, o.displayTz), matched, shown, truncated: matched > o.maxEvents, notes, pages };
}

/**
 * The report model of a case. Reads only: nothing is written to the case (the export step audits the report).
 * The timeline and audit sections read their rows while rendering, so render before the case changes.
 */
export async function buildReportModel(c: Case, options: ReportOptions = {}, onProgress?: (p: ReportProgress) => void): Promise<ReportModel> {
  const o = resolveOptions(options, c.info.tz);
  const db = c.db;
  // Validate the filter before the slow part, so a typo fails at once.
  if (o.timeline || o.graph) resolveFilter(db, o.filter);
  const evidenceRows = listEvidence(db);
  onProgress?.({ phase: 'verifying', done: 0, total: evidenceRows.length });
  const checks = o.verifySources ? await checkSources(evidenceRows, o.sourcesDir, (done) => onProgress?.({ phase: 'verifying', done, total: evidenceRows.length })) : notChecked(evidenceRows);

  // From here on, synchronous reads only: one consistent state of the case.
  onProgress?.({ phase: 'reading' });
  const head = auditHeadRow(db);
  if (!head) throw new ThreadlineError('AUDIT_BROKEN', 'The case has no audit log entries, so no report can be tied to its state.', { file: c.file, hint: 'Run `threadline verify CASE`; restore the case from a backup.' });
  const dbCheck = checkDatabase(db);
  const chain: ChainState = { entries: dbCheck.chain.entries, headSeq: head.seq, headHash: head.hash, headTime: head.ts_utc, verdict: dbCheck.chain };
  const evidence = evidenceRows.map((e) => evidenceOut(db, e, checks.get(e.id) ?? { status: 'not-checked', checkedPath: null, actual: null }));
  const sources = evidence.map((e) => e.verify.status);
  const verification: VerificationOut = {
    ok: dbCheck.integrity.ok && dbCheck.chain.ok && !sources.includes('mismatch'),
    integrity: dbCheck.integrity,
    chainOk: dbCheck.chain.ok,
    chainProblem: dbCheck.chain.ok ? null : dbCheck.chain.problem,
    sourcesChecked: o.verifySources,
    sourcesMatched: sources.filter((s) => s === 'match').length,
    sourcesMissing: sources.filter((s) => s === 'not-found').length,
    sourcesMismatched: sources.filter((s) => s === 'mismatch').length,
  };
  const reportDate = o.reportDate ?? head.ts_utc;
  const reportMs = Date.parse(reportDate);

  const selection = selectEntities(db, o.entities);
  const entities = selection.ids.map((id, i) => {
    onProgress?.({ phase: 'reading', done: i, total: selection.ids.length });
    return entityProfile(db, id);
  });

  const annotations = reportAnnotations(db, o.displayTz, ANNOTATED_EVENTS_LIMIT);

  const userVersion = db.pragma('user_version', { simple: true }) as number;
  return {
    meta: {
      caseNumber: c.info.case_number,
      caseUuid: c.info.case_uuid,
      title: c.info.title,
      examiner: c.info.examiner,
      agency: c.info.agency,
      caseTz: c.info.tz,
      caseRegion: c.info.region,
      caseCreated: c.info.created_utc,
      displayTz: o.displayTz,
      reportDate: new Date(reportMs).toISOString(),
      reportDateDisplay: displayTime(reportMs, o.displayTz),
      tool: { name: TOOL_NAME, version: TOOL_VERSION, build: TOOL_BUILD, id: TOOL_ID },
      schemaVersion: userVersion,
      options: o,
      optionLines: describeOptions(o),
    },
    chain,
    verification,
    evidence,
    methodology: buildMethodology(db, evidenceRows, o.displayTz),
    entities,
    missingEntities: selection.missing,
    annotations,
    graph: null,
    linkGraph: graphSection(db, o),
    timeline: timelineSection(c, o),
    audit: {
      chain,
      byAction: auditByAction(db),
      pages: function* () {
        let after = 0;
        // Stop at the head the report was made from, so entries added while rendering are not mixed in.
        while (after < head.seq) {
          const rows = auditRowsAfter(db, after, Math.min(AUDIT_PAGE, head.seq - after));
          if (rows.length === 0) return;
          yield rows.map(auditOut);
          after = rows[rows.length - 1]!.seq;
        }
      },
    },
  };
}
