/**
 * The timeline: the filter, the window of loaded events (fetched by keyset around what is on screen), the
 * selected event, the zoomable histogram and the conversation beside it. Reloads carry a generation number
 * so a slow page of an earlier filter never lands in a newer list.
 */
import type { StateCreator } from 'zustand';
import type { TimelineEvent } from '../../shared/model';
import { call, errorInfo } from '../api';
import { EMPTY_WINDOW, appendPage, indexOfKey, prependPage, windowFromPage } from '../lib/event-window';
import { chooseBucket } from '../lib/histogram-scale';
import { EMPTY_FILTER, filterWire } from '../lib/filter';
import { wallToUtc } from '../lib/zone';
import type { Store, TimelineSlice } from './types';

/** How many entities the filter offers at once (the most active, or the best matches of what was typed). */
const ENTITY_OPTIONS = 500;

/** Events per page, and the most kept in memory (a few screens either side of the viewport). The first page after a
 * reload is smaller: one screen is enough to paint, and the rest follows as the list asks for it. */
export const PAGE = 300;
const FIRST_PAGE = 100;
export const MAX_WINDOW = 3_000;

export const createTimelineSlice: StateCreator<Store, [], [], TimelineSlice> = (set, get) => {
  const wire = () => filterWire(get().filter, get().displayTz);

  return {
    filter: EMPTY_FILTER,
    win: EMPTY_WINDOW,
    generation: 0,
    loading: 'none',
    timelineError: null,
    timelineNotes: [],
    plan: null,
    selectedKey: null,
    revealKey: null,
    histogram: null,
    zoom: null,
    histogramLoading: false,
    thread: null,
    threadLoading: false,
    threadError: null,
    entities: [],

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
      void get().reloadTimeline();
      void get().loadHistogram();
    },

    clearFilter() {
      set({ filter: EMPTY_FILTER, zoom: null });
      void get().reloadTimeline();
      void get().loadHistogram();
    },

    async reloadTimeline(position = { type: 'start' }) {
      if (!get().summary) return;
      const generation = get().generation + 1;
      set({ generation, loading: 'reload', timelineError: null });
      try {
        const page = await call('timeline.page', { filter: wire(), displayTz: get().displayTz, limit: FIRST_PAGE, position });
        if (get().generation !== generation) return;
        const reveal = position.type === 'start' ? null : (page.events[0]?.key ?? null);
        set({ win: windowFromPage(page), timelineNotes: page.notes, plan: `${page.plan.driver}${page.plan.text ? ' + text' : ''}`, revealKey: reveal });
        const sel = get().selectedKey;
        if (sel !== null && indexOfKey(get().win, sel) < 0 && position.type !== 'from-key') set({ selectedKey: null });
      } catch (err) {
        if (get().generation === generation) set({ timelineError: errorInfo(err), win: EMPTY_WINDOW });
      } finally {
        if (get().generation === generation) set({ loading: 'none' });
      }
    },

    async loadMore(dir) {
      const { win, loading, generation } = get();
      if (loading !== 'none' || win.events.length === 0) return;
      if (dir === 'after' ? win.atEnd : win.atStart) return;
      const edge = dir === 'after' ? win.events[win.events.length - 1]! : win.events[0]!;
      set({ loading: dir });
      try {
        const page = await call('timeline.page', {
          filter: wire(),
          displayTz: get().displayTz,
          limit: PAGE,
          position: { type: dir === 'after' ? 'after-key' : 'before-key', key: edge.key },
        });
        if (get().generation !== generation) return;
        const next = dir === 'after' ? appendPage(get().win, page, MAX_WINDOW).window : prependPage(get().win, page, MAX_WINDOW).window;
        set({ win: next });
      } catch (err) {
        if (get().generation === generation) set({ timelineError: errorInfo(err) });
      } finally {
        if (get().generation === generation) set({ loading: 'none' });
      }
    },

    select(key) {
      set({ selectedKey: key });
    },

    moveSelection(delta) {
      const { win, selectedKey } = get();
      if (win.events.length === 0) return;
      const i = indexOfKey(win, selectedKey);
      const next = i < 0 ? 0 : Math.min(win.events.length - 1, Math.max(0, i + delta));
      set({ selectedKey: win.events[next]!.key });
      if (next >= win.events.length - 5) void get().loadMore('after');
      if (next <= 5) void get().loadMore('before');
    },

    openSelected() {
      const { win, selectedKey } = get();
      const e = win.events[indexOfKey(win, selectedKey)];
      if (e) void get().openThread(e);
    },

    async openThread(e: TimelineEvent) {
      if (e.kind !== 'message') {
        set({ thread: null, threadError: null });
        return;
      }
      set({ threadLoading: true, threadError: null });
      try {
        set({ thread: await call('timeline.thread', { messageId: e.recordId, before: 30, after: 30, displayTz: get().displayTz }) });
      } catch (err) {
        set({ threadError: errorInfo(err), thread: null });
      } finally {
        set({ threadLoading: false });
      }
    },

    closeThread() {
      set({ thread: null, threadError: null });
    },

    async jumpToWall(wall) {
      const at = wallToUtc(wall, get().displayTz);
      if (!at) {
        get().showError({ code: 'BAD_ARGUMENT', message: `"${wall}" is not a date and time.`, hint: 'Use the form YYYY-MM-DD or YYYY-MM-DD HH:MM (read in the display zone).' });
        return;
      }
      await get().reloadTimeline({ type: 'instant', at });
      const first = get().win.events[0];
      set({ selectedKey: first ? first.key : null });
    },

    async jumpToKey(key) {
      await get().reloadTimeline({ type: 'from-key', key });
      set({ selectedKey: key });
    },

    async loadHistogram() {
      const s = get().summary;
      if (!s || !s.span.first || !s.span.last) {
        set({ histogram: null });
        return;
      }
      const f = wire();
      const caseFrom = Date.parse(s.span.first);
      const caseTo = Date.parse(s.span.last) + 1;
      const zoom = get().zoom;
      // The histogram shows the zoom range (or the whole case), within the filter's own time range.
      const from = Math.max(zoom?.from ?? caseFrom, f.from ? Date.parse(f.from) : -Infinity);
      const to = Math.min(zoom?.to ?? caseTo, f.to ? Date.parse(f.to) : Infinity);
      if (!(to > from)) {
        set({ histogram: null });
        return;
      }
      set({ histogramLoading: true });
      try {
        const h = await call('timeline.histogram', {
          filter: { ...f, from: new Date(from).toISOString(), to: new Date(to).toISOString() },
          displayTz: get().displayTz,
          bucket: chooseBucket(from, to),
        });
        set({ histogram: h });
      } catch (err) {
        set({ timelineError: errorInfo(err) });
      } finally {
        set({ histogramLoading: false });
      }
    },

    setZoom(r) {
      set({ zoom: r });
      void get().loadHistogram();
    },

    async loadEntities(query) {
      if (!get().summary) return;
      try {
        // A page at a time from the workbench's index: a case can hold 100,000 entities, the filter needs a few.
        const q = query?.trim();
        const pages = [await call('entities.page', { sort: 'activity', descending: true, offset: 0, limit: ENTITY_OPTIONS, ...(q ? { query: q } : {}) })];
        const known = new Set([...get().entities.map((e) => e.id), ...pages[0]!.rows.map((r) => r.id)]);
        // Entities already in the filter (e.g. chosen in the graph) are named too, so their chips show names.
        for (const id of get().filter.entities.filter((x) => !known.has(x)).slice(0, 20)) pages.push(await call('entities.page', { sort: 'id', offset: 0, limit: 1, query: `#${id}` }));
        const byId = new Map(get().entities.map((e) => [e.id, e] as const));
        for (const p of pages) for (const r of p.rows) byId.set(r.id, { id: r.id, name: r.name });
        set({ entities: [...byId.values()] });
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },
  };
};
