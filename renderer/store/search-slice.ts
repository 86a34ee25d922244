/** Search: full text with highlighted snippets, identifiers in any written form, fuzzy names; hits open in the timeline. */
import type { StateCreator } from 'zustand';
import { call, errorInfo } from '../api';
import { EMPTY_FILTER } from '../lib/filter';
import type { SearchSlice, Store } from './types';

const LIMIT = 50;

export const createSearchSlice: StateCreator<Store, [], [], SearchSlice> = (set, get) => ({
  search: { query: '', mode: 'all', order: 'newest' },
  result: null,
  extraHits: [],
  searching: false,
  searchError: null,

  setSearch(patch) {
    set({ search: { ...get().search, ...patch } });
  },

  async runSearch() {
    const q = get().search;
    if (!q.query.trim() || !get().summary) return;
    set({ searching: true, searchError: null });
    try {
      const result = await call('search.run', { query: q.query, mode: q.mode, order: q.order, filter: {}, limit: LIMIT, displayTz: get().displayTz });
      set({ result, extraHits: [] });
    } catch (err) {
      set({ searchError: errorInfo(err), result: null });
    } finally {
      set({ searching: false });
    }
  },

  async moreResults() {
    const r = get().result;
    const extra = get().extraHits;
    const cursor = r?.text?.next;
    if (!r || !cursor) return;
    set({ searching: true });
    try {
      const q = get().search;
      const next = await call('search.run', { query: q.query, mode: 'text', order: q.order, filter: {}, limit: LIMIT, displayTz: get().displayTz, cursor });
      set({ extraHits: [...extra, ...(next.text?.hits ?? [])], result: { ...r, text: r.text && next.text ? { ...r.text, next: next.text.next, partial: next.text.partial } : r.text } });
    } catch (err) {
      set({ searchError: errorInfo(err) });
    } finally {
      set({ searching: false });
    }
  },

  async openHit(hit) {
    // The timeline shows the hit among everything around it, so any earlier filter is lifted.
    set({ view: 'timeline', filter: EMPTY_FILTER, zoom: null });
    await get().jumpToKey(hit.event.key);
    void get().loadHistogram();
    if (hit.event.kind === 'message') void get().openThread(hit.event);
  },

  async showEntityInTimeline(entity) {
    set({ view: 'timeline', zoom: null, filter: { ...EMPTY_FILTER, entities: [entity] } });
    await get().reloadTimeline();
    void get().loadHistogram();
  },
});
