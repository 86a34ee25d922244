/**
 * The report builder: the options the open case offers, the examiner's choices (format, sections, the timeline's
 * filter or none, report date), an HTML preview, and the export job polled until it is done, failed or cancelled.
 */
import type { StateCreator } from 'zustand';
import type { ReportFormatWire, ReportOptionsWire } from '../../shared/report-contract';
import { call, errorInfo } from '../api';
import { filterWire } from '../lib/filter';
import { wallToUtc } from '../lib/zone';
import type { ReportForm, ReportSlice } from './report-types';
import type { Store } from './types';

const POLL_MS = 250;

export const EMPTY_REPORT_FORM: ReportForm = {
  format: 'pdf',
  timeline: true,
  graph: true,
  maxEvents: 100_000,
  entities: 'linked',
  includeAudit: false,
  verifySources: true,
  csvTable: 'events',
  useTimelineFilter: true,
  reportDate: '',
  fileName: '',
};

const finished = (state: string) => state !== 'queued' && state !== 'running';

export const createReportSlice: StateCreator<Store, [], [], ReportSlice> = (set, get) => {
  /** The options as the engine gets them: the display zone and (when chosen) the timeline's filter of this moment. */
  const wireOptions = (): ReportOptionsWire | null => {
    const f = get().reportForm;
    const tz = get().displayTz;
    let reportDate: string | null = null;
    if (f.reportDate.trim()) {
      reportDate = wallToUtc(f.reportDate.trim(), tz);
      if (!reportDate) {
        set({ reportError: { code: 'BAD_ARGUMENT', message: `"${f.reportDate}" is not a date and time.`, hint: `Use YYYY-MM-DD or YYYY-MM-DD HH:MM, read in ${tz}; or leave it empty for the date of the case state.` } });
        return null;
      }
    }
    return {
      displayTz: tz,
      filter: f.useTimelineFilter ? filterWire(get().filter, tz) : {},
      timeline: f.timeline,
      graph: f.graph,
      maxEvents: f.maxEvents,
      entities: f.entities,
      includeAudit: f.includeAudit,
      verifySources: f.verifySources,
      reportDate,
      csvTable: f.csvTable,
    };
  };

  const poll = async (jobId: string): Promise<void> => {
    for (;;) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (get().reportJob?.id !== jobId) return;
      try {
        const j = await call('report.status', { jobId });
        if (get().reportJob?.id !== jobId) return;
        set({ reportJob: j });
        if (finished(j.state)) {
          // The export added an audit entry; the Case view's list and chain head should show it.
          if (j.state === 'done') void get().refreshSummary();
          return;
        }
      } catch (err) {
        set({ reportError: errorInfo(err) });
        return;
      }
    }
  };

  return {
    reportInfo: null,
    reportCaseId: null,
    reportForm: EMPTY_REPORT_FORM,
    reportPreview: null,
    previewing: false,
    reportError: null,
    reportJob: null,

    async loadReportOptions() {
      const summary = get().summary;
      if (!summary) return;
      if (get().reportCaseId !== summary.ref.id) {
        set({ reportCaseId: summary.ref.id, reportPreview: null, reportJob: null, reportError: null, reportForm: EMPTY_REPORT_FORM });
      }
      try {
        const info = await call('report.options', {});
        const d = info.defaults;
        const prev = get().reportForm;
        set({
          reportInfo: info,
          reportForm: {
            ...prev,
            timeline: d.timeline,
            graph: d.graph,
            maxEvents: d.maxEvents,
            entities: d.entities,
            includeAudit: d.includeAudit,
            verifySources: d.verifySources,
            csvTable: d.csvTable,
            fileName: prev.fileName || info.suggestedName,
          },
        });
      } catch (err) {
        set({ reportError: errorInfo(err) });
      }
    },

    setReportForm(patch) {
      set({ reportForm: { ...get().reportForm, ...patch } });
    },

    async previewReport() {
      const options = wireOptions();
      if (!options) return;
      set({ previewing: true, reportError: null });
      try {
        set({ reportPreview: await call('report.preview', { options }) });
      } catch (err) {
        set({ reportError: errorInfo(err) });
      } finally {
        set({ previewing: false });
      }
    },

    async exportReport() {
      const options = wireOptions();
      const info = get().reportInfo;
      if (!options || !info) return;
      const f = get().reportForm;
      const format: ReportFormatWire = f.format;
      set({ reportError: null });
      try {
        let target: { type: 'folder'; fileName: string } | { type: 'chosen'; id: string };
        if (info.output.kind === 'dialog') {
          const chosen = await call('report.browse', { format, suggestedName: f.fileName || info.suggestedName });
          if (!chosen) return;
          target = { type: 'chosen', id: chosen.id };
        } else {
          target = { type: 'folder', fileName: f.fileName.trim() || info.suggestedName };
        }
        const job = await call('report.export', { options, format, target });
        set({ reportJob: job });
        void poll(job.id);
      } catch (err) {
        set({ reportError: errorInfo(err) });
      }
    },

    async cancelReport() {
      const j = get().reportJob;
      if (!j || finished(j.state)) return;
      try {
        set({ reportJob: await call('report.cancel', { jobId: j.id }) });
      } catch (err) {
        set({ reportError: errorInfo(err) });
      }
    },

    dismissReportJob() {
      set({ reportJob: null });
    },
  };
};
