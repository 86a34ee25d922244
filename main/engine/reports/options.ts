/**
 * Report options: validated, defaults applied (the resolved form is what the audit log records), the format taken
 * from the output file name, and the options put into words for the cover page.
 */
import { extname } from 'node:path';
import { ThreadlineError } from '../errors';
import { assertTimeZone } from '../time/zone';
import { displayTime } from '../timeline/display-time';
import type { EventFilter } from '../timeline/types';
import { DEFAULT_MAX_EVENTS, GRAPH_MAX_NODES, MAX_EVENTS_CEILING } from './limits';
import { CSV_TABLES, REPORT_FORMATS, type CsvTable, type ReportFormat, type ReportOptions, type ResolvedReportOptions } from './types';

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

export function isCsvTable(s: string): s is CsvTable {
  return (CSV_TABLES as readonly string[]).includes(s);
}

/** The format a report file name asks for (`.pdf`, `.html`/`.htm`, `.xlsx`, `.csv`). */
export function formatFromPath(path: string): ReportFormat {
  const ext = extname(path).toLowerCase().replace(/^\./, '');
  const f = ext === 'htm' ? 'html' : ext;
  if (!isReportFormat(f)) {
    throw new ThreadlineError('BAD_ARGUMENT', `The report file name "${path}" does not end in .pdf, .html, .xlsx or .csv.`, {
      hint: 'Name the output after the format you want, e.g. --out report.pdf or --out events.csv.',
    });
  }
  return f;
}

function isoInstant(text: string, what: string): string {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(t) || Number.isNaN(Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t))) {
    throw new ThreadlineError('BAD_ARGUMENT', `${what} "${text}" is not an ISO-8601 date or instant with a zone.`, { hint: 'Use e.g. 2025-04-20 or 2025-04-20T09:00:00+07:00.' });
  }
  return new Date(Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t)).toISOString();
}

export function resolveOptions(o: ReportOptions, caseTz: string): ResolvedReportOptions {
  const displayTz = assertTimeZone(o.displayTz ?? caseTz, 'display time zone');
  const maxEvents = o.maxEvents ?? DEFAULT_MAX_EVENTS;
  if (!Number.isInteger(maxEvents) || maxEvents < 0 || maxEvents > MAX_EVENTS_CEILING) {
    throw new ThreadlineError('BAD_ARGUMENT', `A timeline excerpt of ${String(maxEvents)} events is not allowed.`, {
      hint: `Use 0 to ${MAX_EVENTS_CEILING.toLocaleString('en-US')} events; narrow the filters for larger selections.`,
    });
  }
  const entities = o.entities ?? 'linked';
  if (Array.isArray(entities)) {
    for (const e of entities) {
      if (!Number.isSafeInteger(e) || e < 1) throw new ThreadlineError('BAD_ARGUMENT', `Entity "${String(e)}" is not an entity id.`, { hint: 'List entities with `threadline entities CASE`.' });
    }
  } else if (!['linked', 'all', 'none'].includes(entities)) {
    throw new ThreadlineError('BAD_ARGUMENT', `Unknown entity selection "${String(entities)}".`, { hint: 'Use linked, all, none or a list of entity ids.' });
  }
  const csvTable = o.csvTable ?? 'events';
  if (!isCsvTable(csvTable)) throw new ThreadlineError('BAD_ARGUMENT', `Unknown CSV table "${String(csvTable)}".`, { hint: `Choose one of ${CSV_TABLES.join(', ')}.` });
  // A fixed key order: the resolved options are hashed into the audit log and printed, so they must not vary.
  const filter: EventFilter = {};
  const f = o.filter ?? {};
  if (f.from !== undefined) filter.from = f.from;
  if (f.to !== undefined) filter.to = f.to;
  if (f.kinds !== undefined) filter.kinds = [...f.kinds];
  if (f.evidence !== undefined) filter.evidence = [...f.evidence];
  if (f.accounts !== undefined) filter.accounts = [...f.accounts];
  if (f.entities !== undefined) filter.entities = [...f.entities];
  if (f.tags !== undefined) filter.tags = [...f.tags];
  if (f.hasAttachment !== undefined) filter.hasAttachment = f.hasAttachment;
  if (f.text !== undefined) filter.text = f.text;
  return {
    displayTz,
    filter,
    timeline: o.timeline ?? true,
    graph: o.graph ?? true,
    maxEvents,
    entities: Array.isArray(entities) ? [...new Set(entities)].sort((a, b) => a - b) : entities,
    includeAudit: o.includeAudit ?? false,
    verifySources: o.verifySources ?? true,
    sourcesDir: o.sourcesDir ?? null,
    reportDate: o.reportDate === undefined ? null : isoInstant(o.reportDate, 'The report date'),
    csvTable,
  };
}

/** The event filter in words, for the report ("Kinds: message, call", "From: 2025-03-01 00:00:00 +07:00"). */
export function describeFilter(f: EventFilter, tz: string): string[] {
  const out: string[] = [];
  if (f.from !== undefined) out.push(`From (inclusive): ${displayTime(f.from, tz)}`);
  if (f.to !== undefined) out.push(`To (exclusive): ${displayTime(f.to, tz)}`);
  if (f.kinds) out.push(`Kinds: ${f.kinds.join(', ')}`);
  if (f.evidence) out.push(`Evidence items: ${f.evidence.map((e) => `E${e}`).join(', ')}`);
  if (f.accounts) out.push(`Accounts: ${f.accounts.join(', ')}`);
  if (f.entities) out.push(`Entities: ${f.entities.map((e) => `N${e}`).join(', ')}`);
  if (f.tags) out.push(`Tags: ${f.tags.join(', ')}`);
  if (f.hasAttachment !== undefined) out.push(f.hasAttachment ? 'Only events with an attachment' : 'Only events without an attachment');
  if (f.text !== undefined) out.push(`Text query: ${f.text}`);
  if (out.length === 0) out.push('No filter: every event with a usable time');
  return out;
}

/** The options as lines for the cover page. */
export function describeOptions(o: ResolvedReportOptions): string[] {
  const entities = Array.isArray(o.entities) ? `entities ${o.entities.map((e) => `N${e}`).join(', ')}` : o.entities === 'linked' ? 'every linked entity (two or more identifiers or accounts)' : o.entities === 'all' ? 'every entity' : 'none';
  return [
    `Display time zone: ${o.displayTz}`,
    `Entity profiles: ${entities}`,
    o.graph ? `Link graph: the same event selection as the timeline excerpt, at most ${GRAPH_MAX_NODES} entities` : 'Link graph: not included',
    o.timeline ? `Timeline excerpt: ${describeFilter(o.filter, o.displayTz).join('; ')}; at most ${o.maxEvents.toLocaleString('en-US')} events` : 'Timeline excerpt: not included',
    `Audit appendix: ${o.includeAudit ? 'the full audit log' : 'summary (the full log is in the XLSX report)'}`,
    `Evidence files re-hashed for this report: ${o.verifySources ? `yes${o.sourcesDir ? ` (also searched under ${o.sourcesDir})` : ''}` : 'no'}`,
  ];
}
