/**
 * The report builder's options: what the engine's report supports (sections, formats, CSV tables), the defaults
 * for the open case, and the wire options turned into the engine's ReportOptions (instants as UTC ms).
 */
import type { ReportOptionsInfo, ReportOptionsWire, ReportSectionInfo } from '../../../shared/report-contract';
import { REPORT_CSV_TABLES } from '../../../shared/report-contract';
import type { Case } from '../../engine/case';
import { auditHeadRow } from '../../engine/db/read/report';
import type { ReportOptions } from '../../engine/reports';
import { DEFAULT_MAX_EVENTS, MAX_EVENTS_CEILING } from '../../engine/reports/limits';
import { assertTimeZone } from '../../engine/time/zone';
import { engineFilter } from './filters';

/** The preview is an HTML document shown in the window: a few thousand rows is plenty to check the options. */
export const PREVIEW_MAX_EVENTS = 500;

export const REPORT_SECTIONS: ReportSectionInfo[] = [
  { id: 'cover', label: 'Cover', availability: 'always', note: 'Case, examiner, agency, report date, tool version and build, display zone, the options in words.' },
  { id: 'evidence', label: 'Evidence and verification', availability: 'always', note: 'Every item with its SHA-256/SHA-1/MD5, importer, declared zone and counts, and the verify result at report time.' },
  { id: 'methodology', label: 'Methodology', availability: 'always', note: 'What each importer does and its limits, time and normalisation rules, linking rules with measured precision.' },
  { id: 'entities', label: 'Entity profiles', availability: 'optional', note: 'Identifiers, where each was seen, links with their reasons.' },
  { id: 'annotations', label: 'Bookmarked and tagged events', availability: 'always', note: 'Included whenever the case holds tags, bookmarks or notes.' },
  { id: 'timeline', label: 'Timeline excerpt', availability: 'optional', note: 'The events the filter selects, each citing its source.' },
  { id: 'graph', label: 'Link graph', availability: 'optional', note: 'Entities joined by messages, calls and transfers in the same event selection (at most 150, the strongest links); positions are a layout, not evidence.' },
  { id: 'audit', label: 'Audit appendix', availability: 'always', note: 'The chain head always; the full log when chosen (the XLSX always holds it all).' },
];

const FORMATS: ReportOptionsInfo['formats'] = [
  { id: 'pdf', label: 'PDF', note: 'Paginated, page N of M and the case number on every page; fonts embedded.' },
  { id: 'html', label: 'HTML', note: 'One self-contained file: escaped text, its own CSP, no scripts, no external resources.' },
  { id: 'xlsx', label: 'XLSX', note: 'One sheet per table (evidence, entities, identifiers, events, audit); values as strings, never formulas.' },
  { id: 'csv', label: 'CSV', note: 'One table per file, formula-like cells neutralised (and the rule stated).' },
];

/** The engine's options for what the examiner chose (every field explicit, so the audit entry states them all). */
export function engineReportOptions(o: ReportOptionsWire): ReportOptions {
  const out: ReportOptions = {
    displayTz: assertTimeZone(o.displayTz, 'display time zone'),
    filter: engineFilter(o.filter),
    timeline: o.timeline,
    graph: o.graph,
    maxEvents: o.maxEvents,
    entities: o.entities,
    includeAudit: o.includeAudit,
    verifySources: o.verifySources,
    csvTable: o.csvTable,
  };
  if (o.reportDate !== null) out.reportDate = o.reportDate;
  return out;
}

/** The options for a preview: the sources are not re-hashed (the export does that) and the excerpt is capped. */
export function previewOptions(o: ReportOptionsWire): { options: ReportOptions; limited: boolean } {
  const options = engineReportOptions(o);
  options.verifySources = false;
  const limited = o.timeline && o.maxEvents > PREVIEW_MAX_EVENTS;
  if (limited) options.maxEvents = PREVIEW_MAX_EVENTS;
  return { options, limited };
}

/** `TH-2026-0142-report-2026-11-30`: the case number made file-name safe, and the date of the case state. */
export function suggestedName(caseNumber: string, stateDate: string): string {
  const safe = caseNumber.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '') || 'case';
  return `${safe}-report-${stateDate.slice(0, 10)}`;
}

export function reportOptionsInfo(c: Case, output: ReportOptionsInfo['output']): ReportOptionsInfo {
  const head = auditHeadRow(c.db);
  const stateDate = head?.ts_utc ?? c.info.created_utc;
  return {
    formats: FORMATS.map((f) => ({ ...f })),
    csvTables: [...REPORT_CSV_TABLES],
    sections: REPORT_SECTIONS.map((s) => ({ ...s })),
    defaults: {
      displayTz: c.info.tz,
      filter: {},
      timeline: true,
      graph: true,
      maxEvents: DEFAULT_MAX_EVENTS,
      entities: 'linked',
      includeAudit: false,
      verifySources: true,
      reportDate: null,
      csvTable: 'events',
    },
    maxEventsCeiling: MAX_EVENTS_CEILING,
    previewMaxEvents: PREVIEW_MAX_EVENTS,
    stateDate,
    output,
    suggestedName: suggestedName(c.info.case_number, stateDate),
  };
}
