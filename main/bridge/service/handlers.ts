/**
 * One handler per contract channel, over the engine. The map's type lists every channel, so a channel without a
 * handler is a compile error. Handlers get validated requests and return plain values or throw ThreadlineError;
 * dispatch.ts turns that into Result envelopes.
 */
import { getCountries } from 'libphonenumber-js';
import type { Channel, RequestOf, ResponseOf } from '../../../shared/contract';
import type { AppInfo, CaseRef, EntityListItemWire, EvidenceItem, HostMode, JobState, SearchResultWire, SourceEntry, TimelinePageWire } from '../../../shared/model';
import type { NewCaseInput } from '../../engine/case';
import { evidenceSummary, listEvidence } from '../../engine/db/read/evidence';
import { auditPage, skippedUnits } from '../../engine/db/read/workstation';
import { ThreadlineError } from '../../engine/errors';
import { listEntities } from '../../engine/identity';
import { IMPORTERS } from '../../engine/importers/registry';
import { PARTY_ROLES, ROW_ROLES } from '../../engine/importers/spreadsheet/roles';
import { citeSource } from '../../engine/provenance';
import { searchText } from '../../engine/search/full-text';
import { looksLikeIdentifier, searchIdentifier } from '../../engine/search/identifiers';
import { searchNames } from '../../engine/search/names';
import { assertTimeZone } from '../../engine/time/zone';
import { histogram } from '../../engine/timeline/histogram';
import { TS_MAX } from '../../engine/timeline/keys';
import { cursorAround, timelinePage, type TimelineRequest } from '../../engine/timeline/page';
import { thread } from '../../engine/timeline/thread';
import { TOOL_ID } from '../../engine/version';
import { annotationHandlers } from './annotation-handlers';
import type { CaseSession } from './cases';
import { engineFilter, instantMs } from './filters';
import { graphHandlers } from './graph-handlers';
import { identityHandlers } from './identity-handlers';
import { inspectSource } from './inspect';
import type { JobQueue } from './jobs';
import { reportHandlers } from './report-handlers';
import type { ReportJobs } from './report-jobs';
import type { SourceRegistry } from './sources';

export type Handler<K extends Channel> = (request: RequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>>;
export type Handlers = { [K in Channel]: Handler<K> };

export interface ServiceState {
  mode: HostMode;
  cases: CaseSession;
  sources: SourceRegistry;
  jobs: JobQueue;
  /** Whether uploads into a staging folder are accepted (browser mode with a cases folder). */
  staging: boolean;
  /** Report export jobs and the files chosen for them. */
  reports: ReportJobs;
}

/** Formats whose times are written without a zone and day/month order, or that have columns to map. */
const ASKS_DATE_ORDER = new Set(['whatsapp', 'line', 'signal-text', 'csv', 'xlsx']);
const ASKS_MAPPING = new Set(['csv', 'xlsx']);

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const list = intl.supportedValuesOf?.('timeZone') ?? [];
  return ['UTC', ...list.filter((z) => z !== 'UTC')];
}

/** Plain queries of a few words are also tried as names (as the CLI does); queries with operators are text only. */
function nameLike(q: string): boolean {
  return !/["()*:]|\b(AND|OR|NOT)\b/.test(q) && q.trim().split(/\s+/).length <= 4;
}

function jobBusy(s: ServiceState): void {
  if (s.jobs.busy) {
    throw new ThreadlineError('JOB_RUNNING', 'An import is running or queued on this case.', { hint: 'Wait for it to finish, or cancel it in the Evidence view, then try again.' });
  }
  if (s.reports.busy) throw new ThreadlineError('JOB_RUNNING', 'A report is being made from this case.', { hint: 'Wait for it to finish, or cancel it in the Report view, then try again.' });
}

export function createHandlers(s: ServiceState): Handlers {
  const db = () => s.cases.require().db;
  const displayZone = (tz: string) => assertTimeZone(tz, 'display time zone');

  return {
    'app.info': (): AppInfo => ({
      tool: TOOL_ID,
      mode: s.mode,
      dialogs: s.mode === 'electron',
      staging: s.staging,
      formats: IMPORTERS.map((i) => ({ id: i.id, label: i.label, unit: i.unit, asks: { dateOrder: ASKS_DATE_ORDER.has(i.id), mapping: ASKS_MAPPING.has(i.id) } })),
      regions: [...getCountries()].sort(),
      zones: zones(),
      roles: [...ROW_ROLES, ...PARTY_ROLES],
      caseOpen: s.cases.case !== null,
    }),

    'case.available': () => ({ cases: s.cases.available(), folder: s.cases.folder }),
    // Browser mode has no native dialog: cases are listed from the cases folder instead.
    'case.browse': (): CaseRef | null => null,
    'case.create': (r) => {
      jobBusy(s);
      const input: NewCaseInput = { caseNumber: r.caseNumber, examiner: r.examiner, tz: r.tz };
      if (r.title) input.title = r.title;
      if (r.agency) input.agency = r.agency;
      if (r.region) input.region = r.region;
      s.jobs.clearFinished();
      return s.cases.create(s.cases.pathForNew(r.fileName), input);
    },
    'case.open': (r) => {
      jobBusy(s);
      s.jobs.clearFinished();
      return s.cases.open(s.cases.pathOf(r.id), r.examiner);
    },
    'case.close': () => {
      jobBusy(s);
      s.cases.close();
      s.jobs.clearFinished();
      return null;
    },
    'case.summary': () => (s.cases.case ? s.cases.summary() : null),
    'audit.list': (r) =>
      auditPage(db(), r.limit, r.beforeSeq ?? null).map((a) => ({ seq: a.seq, ts: a.ts_utc, examiner: a.examiner, tool: a.tool_version, action: a.action, details: a.details_json, hash: a.hash })),

    'evidence.sources': () => s.sources.list(),
    'evidence.browse': (): SourceEntry[] => [],
    'evidence.inspect': (r) => {
      const c = s.cases.require();
      const o = r.options ?? {};
      return inspectSource(s.sources.entry(r.source), s.sources.pathOf(r.source), {
        format: r.format ?? o.format,
        tz: o.tz ?? c.info.tz,
        dateOrder: o.dateOrder,
        region: o.region ?? c.info.region,
        owner: o.owner,
        mapping: o.mapping,
      });
    },
    'evidence.list': () => {
      const d = db();
      const limit = s.cases.inFlightAbove;
      return listEvidence(d)
        .filter((e) => limit === null || e.id <= limit)
        .map((e): EvidenceItem => {
          const item = evidenceSummary(d, e);
          return { ...item, accounting: item.accounting as EvidenceItem['accounting'] };
        });
    },
    'evidence.skipped': (r) =>
      skippedUnits(db(), r.evidenceId, r.limit).map((u) => ({
        outcome: u.outcome,
        count: u.count,
        reason: u.reason,
        source: citeSource({ file_name: u.file_name, src_member: u.src_member, src_line: u.src_line, src_line_end: u.src_line_end, src_path: u.src_path }),
        raw: u.raw,
      })),

    'import.start': (r): JobState => {
      const c = s.cases.require();
      assertTimeZone(r.options.tz, 'evidence time zone');
      return s.jobs.enqueue(s.sources.entry(r.source), r.options, c.file);
    },
    'job.status': (r) => s.jobs.status(r.jobId),
    'job.list': () => s.jobs.list(),
    'job.cancel': (r) => s.jobs.cancel(r.jobId),

    'timeline.page': (r): TimelinePageWire => {
      const displayTz = displayZone(r.displayTz);
      const req: TimelineRequest = { filter: engineFilter(r.filter), displayTz, limit: r.limit };
      const p = r.position;
      let forward = true;
      switch (p.type) {
        case 'start':
          break;
        case 'end':
          // Ending before the first undated key: the last dated events.
          req.at = TS_MAX;
          req.before = true;
          forward = false;
          break;
        case 'instant':
          req.at = instantMs(p.at, 'The instant to jump to')!;
          break;
        case 'from-key':
          req.cursor = cursorAround((BigInt(p.key) - 1n).toString()).next;
          break;
        case 'after-key':
          req.cursor = cursorAround(p.key).next;
          break;
        case 'before-key':
          req.cursor = cursorAround(p.key).prev;
          forward = false;
          break;
        default: {
          const never: never = p;
          throw new Error(`unknown position ${JSON.stringify(never)}`);
        }
      }
      const page = timelinePage(db(), req);
      return {
        events: page.events,
        // Forward pages know whether more follow; backward pages whether more precede. The other side is known
        // only at the case's ends (a page from the start has nothing before it).
        atStart: forward ? p.type === 'start' : page.prev === null,
        atEnd: forward ? page.next === null : p.type === 'end',
        displayTz,
        plan: page.plan,
        notes: page.notes,
      };
    },
    'timeline.histogram': (r) => histogram(db(), { filter: engineFilter(r.filter), bucket: r.bucket, displayTz: displayZone(r.displayTz) }),
    'timeline.thread': (r) => thread(db(), { messageId: r.messageId, before: r.before, after: r.after, displayTz: displayZone(r.displayTz) }),

    'search.run': (r): SearchResultWire => {
      const d = db();
      const displayTz = displayZone(r.displayTz);
      const notes: string[] = [];
      const all = r.mode === 'all';
      const identifiers = (all && !r.cursor && looksLikeIdentifier(r.query)) || r.mode === 'identifier' ? searchIdentifier(d, r.query, r.region ? { region: r.region } : {}) : null;
      const names = (all && !r.cursor && nameLike(r.query)) || r.mode === 'name' ? searchNames(d, r.query) : null;
      let text: SearchResultWire['text'] = null;
      if (all || r.mode === 'text') {
        try {
          const t = searchText(d, { query: r.query, filter: engineFilter(r.filter), order: r.order, displayTz, limit: r.limit, ...(r.cursor ? { cursor: r.cursor } : {}) });
          text = { order: t.order, plan: t.plan, hits: t.hits, next: t.next, partial: t.partial, ranked: t.ranked, notes: t.notes };
        } catch (err) {
          // In "all" mode an identifier or a name may still answer a query the text search cannot read.
          if (!all || !(err instanceof ThreadlineError) || err.code !== 'BAD_ARGUMENT') throw err;
          notes.push(`Full text: ${err.message}${err.hint ? ` ${err.hint}` : ''}`);
        }
      }
      return { query: r.query, displayTz, identifiers, names, text, notes };
    },

    'entities.list': (r): EntityListItemWire[] =>
      listEntities(db(), { minNodes: r.linkedOnly ? 2 : 1 }).map((e) => ({
        id: e.id,
        name: e.name,
        identifiers: e.identifiers.map((i) => ({ kind: i.kind, value: i.value, valid: i.valid, flags: i.flags })),
        accounts: e.accounts.length,
        evidence: e.evidence,
        links: e.links.length,
        flags: e.flags,
      })),
    ...reportHandlers(s),
    ...graphHandlers(db),
    ...identityHandlers(() => s.cases.require(), () => s.jobs.busy || s.reports.busy),
    ...annotationHandlers(() => s.cases.require(), () => s.jobs.busy || s.reports.busy),
  };
}
