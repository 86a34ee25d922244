/** The open case: create, open (with the acting examiner), close, its summary and recent audit entries. */
import type { StateCreator } from 'zustand';
import type { CaseSummary } from '../../shared/model';
import { call, errorInfo } from '../api';
import { EMPTY_WINDOW } from '../lib/event-window';
import type { CaseSlice, Store } from './types';

export const createCaseSlice: StateCreator<Store, [], [], CaseSlice> = (set, get) => {
  /** A case was opened or created: every view starts fresh in the case's own zone. */
  const opened = (summary: CaseSummary) => {
    get().adoptCase(summary);
  };

  return {
    summary: null,
    cases: [],
    casesFolder: null,
    caseBusy: false,
    caseError: null,
    audit: [],

    adoptCase(summary: CaseSummary) {
      set({
        summary,
        caseError: null,
        displayTz: summary.tz,
        win: EMPTY_WINDOW,
        histogram: null,
        zoom: null,
        thread: null,
        selectedKey: null,
        result: null,
        extraHits: [],
        drafts: {},
        selected: [],
        jobs: [],
        items: [],
        skipped: {},
        settings: { ...get().settings, tz: summary.tz, region: summary.region ?? '' },
      });
      // Evidence items, audit entries and the list of cases load with the views that show them: the engine
      // answers one request at a time, and the timeline's first page should not wait behind them.
    },

    async refreshCases() {
      try {
        const r = await call('case.available', {});
        set({ cases: r.cases, casesFolder: r.folder });
      } catch (err) {
        set({ caseError: errorInfo(err) });
      }
    },

    async createCase(f) {
      set({ caseBusy: true, caseError: null });
      try {
        const summary = await call('case.create', {
          fileName: f.fileName,
          caseNumber: f.caseNumber,
          examiner: f.examiner,
          tz: f.tz,
          ...(f.title.trim() ? { title: f.title.trim() } : {}),
          ...(f.agency.trim() ? { agency: f.agency.trim() } : {}),
          ...(f.region ? { region: f.region } : {}),
        });
        if (summary) {
          opened(summary);
          set({ view: 'evidence' });
        }
      } catch (err) {
        set({ caseError: errorInfo(err) });
      } finally {
        set({ caseBusy: false });
      }
    },

    async openCase(id, examiner) {
      set({ caseBusy: true, caseError: null });
      try {
        opened(await call('case.open', { id, ...(examiner && examiner.trim() ? { examiner: examiner.trim() } : {}) }));
        set({ view: 'timeline' });
      } catch (err) {
        set({ caseError: errorInfo(err) });
      } finally {
        set({ caseBusy: false });
      }
    },

    async browseCase() {
      try {
        const ref = await call('case.browse', {});
        if (ref) await get().openCase(ref.id);
      } catch (err) {
        set({ caseError: errorInfo(err) });
      }
    },

    async closeCase() {
      set({ caseBusy: true, caseError: null });
      try {
        await call('case.close', {});
        set({ summary: null, win: EMPTY_WINDOW, histogram: null, thread: null, result: null, items: [], jobs: [], audit: [], view: 'case' });
        await get().refreshCases();
      } catch (err) {
        set({ caseError: errorInfo(err) });
      } finally {
        set({ caseBusy: false });
      }
    },

    async refreshSummary() {
      try {
        set({ summary: await call('case.summary', {}) });
      } catch (err) {
        set({ caseError: errorInfo(err) });
      }
    },

    async loadAudit() {
      if (!get().summary) return;
      try {
        set({ audit: await call('audit.list', { limit: 25 }) });
      } catch (err) {
        set({ caseError: errorInfo(err) });
      }
    },
  };
};
