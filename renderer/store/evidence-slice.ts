/**
 * Adding evidence: the files main offers, per-file import settings (format, zone, day/month order, phone region,
 * device owner, column mapping), dry-run checks, the import queue with live progress and cancel, and the
 * committed evidence items with their hashes, counts and skipped units.
 */
import type { StateCreator } from 'zustand';
import type { ImportOptionsWire, JobState, SourceEntry } from '../../shared/model';
import { call, errorInfo, uploadToStaging } from '../api';
import { EMPTY_WINDOW } from '../lib/event-window';
import type { Draft, EvidenceSlice, Store } from './types';

const POLL_MS = 250;
let polling = false;

function defaultOptions(s: Store): ImportOptionsWire {
  return {
    format: 'auto',
    tz: s.summary?.tz ?? 'UTC',
    dateOrder: null,
    region: s.summary?.region ?? null,
    owner: null,
    mapping: [],
    allowDuplicate: false,
  };
}

const active = (j: JobState) => j.state === 'queued' || j.state === 'running';

export const createEvidenceSlice: StateCreator<Store, [], [], EvidenceSlice> = (set, get) => {
  const draftOf = (id: string): Draft => get().drafts[id] ?? { options: defaultOptions(get()), inspection: null, inspecting: false, error: null };
  const putDraft = (id: string, d: Draft) => set({ drafts: { ...get().drafts, [id]: d } });
  const upsertJob = (job: JobState) => {
    const jobs = get().jobs;
    const i = jobs.findIndex((j) => j.id === job.id);
    set({ jobs: i < 0 ? [...jobs, job] : jobs.map((j, k) => (k === i ? job : j)) });
  };
  const addChosen = (entries: SourceEntry[]) => {
    const known = new Set(get().chosen.map((e) => e.id));
    set({ chosen: [...get().chosen, ...entries.filter((e) => !known.has(e.id))] });
    get().setSelected(
      entries.map((e) => e.id),
      true,
    );
  };

  return {
    sources: null,
    chosen: [],
    selected: [],
    drafts: {},
    settings: { format: 'auto', tz: 'UTC', dateOrder: '', region: '', owner: '' },
    jobs: [],
    items: [],
    skipped: {},
    uploading: 0,

    async loadSources() {
      try {
        set({ sources: await call('evidence.sources', {}) });
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },

    async browseEvidence() {
      try {
        addChosen(await call('evidence.browse', {}));
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },

    async uploadFiles(files) {
      set({ uploading: get().uploading + files.length });
      const added: SourceEntry[] = [];
      for (const f of files) {
        const r = await uploadToStaging(f);
        set({ uploading: get().uploading - 1 });
        if (r.ok) added.push(r.value);
        else get().showError(r.error);
      }
      addChosen(added);
    },

    setSelected(ids, on) {
      const cur = new Set(get().selected);
      for (const id of ids) {
        if (on) cur.add(id);
        else cur.delete(id);
      }
      set({ selected: [...cur] });
    },

    setSettings(patch) {
      set({ settings: { ...get().settings, ...patch } });
    },

    applySettings() {
      const s = get().settings;
      const drafts = { ...get().drafts };
      for (const id of get().selected) {
        const d = draftOf(id);
        drafts[id] = {
          ...d,
          options: { ...d.options, format: s.format || 'auto', tz: s.tz, dateOrder: s.dateOrder || null, region: s.region || null, owner: s.owner.trim() || null },
          // What the dry run found no longer describes the new settings.
          inspection: null,
          error: null,
        };
      }
      set({ drafts });
    },

    setMapping(sourceId, key, role) {
      const d = draftOf(sourceId);
      const rest = d.options.mapping.filter(([k]) => k !== key);
      putDraft(sourceId, { ...d, options: { ...d.options, mapping: role ? [...rest, [key, role]] : rest } });
    },

    async inspect(ids) {
      for (const id of ids) {
        const d = draftOf(id);
        putDraft(id, { ...d, inspecting: true, error: null });
        try {
          const inspection = await call('evidence.inspect', { source: id, options: d.options });
          putDraft(id, { ...draftOf(id), inspection, inspecting: false });
        } catch (err) {
          putDraft(id, { ...draftOf(id), inspecting: false, error: errorInfo(err) });
        }
      }
    },

    async importSelected() {
      const order = [...(get().sources?.files ?? []), ...get().chosen].map((f) => f.id);
      const ids = order.filter((id) => get().selected.includes(id));
      for (const id of ids) {
        try {
          upsertJob(await call('import.start', { source: id, options: draftOf(id).options }));
        } catch (err) {
          get().showError(errorInfo(err));
        }
      }
      set({ selected: [] });
      void get().pollJobs();
    },

    async retryJob(jobId, patch) {
      const job = get().jobs.find((j) => j.id === jobId);
      if (!job) return;
      const options = { ...job.options, ...patch };
      // The answer becomes this file's setting, so a later check or import uses it too.
      putDraft(job.source.id, { ...draftOf(job.source.id), options });
      try {
        const next = await call('import.start', { source: job.source.id, options });
        set({ jobs: [...get().jobs.filter((j) => j.id !== jobId), next] });
        void get().pollJobs();
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },

    async cancelJob(jobId) {
      try {
        upsertJob(await call('job.cancel', { jobId }));
        void get().pollJobs();
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },

    dismissJob(jobId) {
      set({ jobs: get().jobs.filter((j) => j.id !== jobId) });
    },

    async pollJobs() {
      if (polling) return;
      polling = true;
      try {
        for (;;) {
          const running = get().jobs.filter(active);
          if (running.length === 0) break;
          let finished = false;
          for (const j of running) {
            try {
              const next = await call('job.status', { jobId: j.id });
              if (!active(next)) finished = true;
              upsertJob(next);
            } catch (err) {
              get().showError(errorInfo(err));
              return;
            }
          }
          if (finished) {
            // Committed items change what every view shows: refresh them (the timeline reloads when next shown).
            set({ win: EMPTY_WINDOW, histogram: null, zoom: null, thread: null, entities: [] });
            void get().loadItems();
            void get().refreshSummary();
            void get().loadAudit();
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      } finally {
        polling = false;
      }
    },

    async loadItems() {
      if (!get().summary) return;
      try {
        set({ items: await call('evidence.list', {}) });
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },

    async loadSkipped(evidenceId) {
      try {
        set({ skipped: { ...get().skipped, [evidenceId]: await call('evidence.skipped', { evidenceId, limit: 200 }) } });
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },
  };
};
