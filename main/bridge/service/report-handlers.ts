/**
 * The report builder's channels over the engine's reports: the options the open case offers, an HTML preview (a
 * pure render: nothing written to disk or to the case), and export jobs (queue in report-jobs.ts).
 * Spread into the handler map by createHandlers.
 */
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import type { HostMode } from '../../../shared/model';
import type { ReportPreviewWire, ReportTarget } from '../../../shared/report-contract';
import { listEvidence } from '../../engine/db/read/evidence';
import { renderReport } from '../../engine/reports';
import { ensureEventsIndexed } from '../../engine/timeline/index-state';
import type { CaseSession } from './cases';
import type { ReportJobs } from './report-jobs';
import { previewOptions, PREVIEW_MAX_EVENTS, reportOptionsInfo } from './report-options';

export type ReportChannels = 'report.options' | 'report.preview' | 'report.browse' | 'report.export' | 'report.status' | 'report.cancel';

/** The same shape as Handlers in handlers.ts, declared here because handlers.ts imports this module (no cycle). */
type ReportHandlerMap = { [K in ReportChannels]: (request: RequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>> };

/** The part of the service state reports use. */
export interface ReportServiceState {
  mode: HostMode;
  cases: CaseSession;
  reports: ReportJobs;
}

export function reportHandlers(s: ReportServiceState): ReportHandlerMap {
  const reports = s.reports;
  return {
    'report.options': () => {
      const c = s.cases.require();
      const folder = reports.folder;
      return reportOptionsInfo(c, s.mode === 'browser' && folder !== null ? { kind: 'folder', folder } : { kind: 'dialog' });
    },

    'report.preview': async (r): Promise<ReportPreviewWire> => {
      const c = s.cases.require();
      // As the export does: items imported before the event index existed are indexed first (and audited).
      ensureEventsIndexed(c);
      const { options, limited: capped } = previewOptions(r.options);
      const out = await renderReport(c, 'html', options);
      // Only a cap that actually cut events is worth saying.
      const limited = capped && out.events.matched > PREVIEW_MAX_EVENTS;
      const notes: string[] = ['Preview: the evidence files are not re-hashed here; the exported report re-hashes them when "re-hash evidence files" is on.'];
      if (limited) notes.push(`Preview: the timeline excerpt stops at ${PREVIEW_MAX_EVENTS.toLocaleString('en-US')} events; the export holds up to ${r.options.maxEvents.toLocaleString('en-US')}.`);
      return {
        html: out.bytes.toString('utf8'),
        size: out.bytes.length,
        sha256: out.sha256,
        events: out.events,
        previewLimit: limited ? PREVIEW_MAX_EVENTS : null,
        chainHead: { seq: out.chain.headSeq, hash: out.chain.headHash },
        evidence: listEvidence(c.db).map((e) => ({ id: e.id, file: e.file_name, sha256: e.sha256 })),
        notes,
      };
    },

    // Browser mode has no native dialog: reports go to the session's reports folder under a chosen name.
    // (The desktop app answers this channel in main with a save dialog; see main/app/ipc.ts.)
    'report.browse': (): ReportTarget | null => null,
    'report.export': (r) => reports.start(r.options, r.format, r.target),
    'report.status': (r) => reports.status(r.jobId),
    'report.cancel': (r) => reports.cancel(r.jobId),
  };
}
