/**
 * The identity workbench: the entity list (searched, sorted and paged by main — a case can hold 100k entities),
 * the selected entity's card, the suggestions queue, the decision log, and examiner decisions. After every
 * decision everything on screen is fetched again, so the list and card never show a merge that was undone.
 */
import type { StateCreator } from 'zustand';
import { call, errorInfo } from '../api';
import { EMPTY_FILTER } from '../lib/filter';
import type { IdentitySlice } from './identity-types';
import { QUEUE_PAGE, appendQueuePage, queueReloadLimit } from './suggestion-queue';
import type { Store } from './types';

/** Rows per entity-list request. */
export const ENTITY_PAGE = 200;

export const createIdentitySlice: StateCreator<Store, [], [], IdentitySlice> = (set, get) => {
  /** Pages being fetched for the current generation (so scrolling does not ask twice). */
  const inFlight = new Set<string>();

  const fetchPage = async (page: number, generation: number, replace = false) => {
    const key = `${generation}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const s = get();
      const r = await call('entities.page', {
        query: s.entityQuery.trim() || undefined,
        sort: s.entitySort,
        descending: s.entityDescending,
        linkedOnly: s.entityLinkedOnly,
        offset: page * ENTITY_PAGE,
        limit: ENTITY_PAGE,
      });
      if (get().entityGeneration !== generation) return;
      set({ entityPages: replace ? { [page]: r.rows } : { ...get().entityPages, [page]: r.rows }, entityTotal: r.total, entityNotes: r.notes, entityListError: null });
    } catch (err) {
      if (get().entityGeneration === generation) set({ entityListError: errorInfo(err) });
    } finally {
      inFlight.delete(key);
    }
  };

  return {
    entityQuery: '',
    entitySort: 'activity',
    entityDescending: true,
    entityLinkedOnly: false,
    entityPages: {},
    entityTotal: null,
    entityNotes: [],
    entityGeneration: 0,
    entityListError: null,
    entityId: null,
    card: null,
    cardLoading: false,
    cardError: null,
    identityTab: 'entity',
    suggestionQueue: null,
    suggestionsLoadingMore: false,
    decisionLog: [],
    deciding: false,
    decisionError: null,
    lastDecision: null,

    identityCase: null,

    enterWorkbench(caseId) {
      if (get().identityCase !== caseId) {
        set({ identityCase: caseId, entityId: null, card: null, cardError: null, lastDecision: null, decisionError: null, entityPages: {}, entityTotal: null, suggestionQueue: null, decisionLog: [] });
      }
      void get().reloadEntities();
      void get().loadSuggestionQueue();
      void get().loadDecisionLog();
      void get().reloadCard();
    },

    setEntityQuery(q) {
      set({ entityQuery: q });
      void get().reloadEntities();
    },

    setEntitySort(sort, descending) {
      set({ entitySort: sort, entityDescending: descending });
      void get().reloadEntities();
    },

    setEntityLinkedOnly(on) {
      set({ entityLinkedOnly: on });
      void get().reloadEntities();
    },

    async reloadEntities() {
      if (!get().summary) return;
      const generation = get().entityGeneration + 1;
      // The old rows stay on screen until the first new page arrives (no flash of an empty list).
      set({ entityGeneration: generation });
      await fetchPage(0, generation, true);
    },

    async ensureEntityRows(first, last) {
      const total = get().entityTotal;
      if (total === null) return;
      const generation = get().entityGeneration;
      const pages = get().entityPages;
      const wanted: number[] = [];
      for (let p = Math.floor(first / ENTITY_PAGE); p * ENTITY_PAGE < Math.min(last, total); p++) if (!pages[p]) wanted.push(p);
      await Promise.all(wanted.map((p) => fetchPage(p, generation)));
    },

    async selectEntity(id) {
      set({ entityId: id, identityTab: id === null ? get().identityTab : 'entity' });
      await get().reloadCard();
    },

    async reloadCard() {
      const id = get().entityId;
      if (id === null) {
        set({ card: null, cardError: null });
        return;
      }
      set({ cardLoading: true, cardError: null });
      try {
        const card = await call('entities.card', { entity: id });
        if (get().entityId === id) set({ card });
      } catch (err) {
        if (get().entityId === id) set({ cardError: errorInfo(err), card: null });
      } finally {
        if (get().entityId === id) set({ cardLoading: false });
      }
    },

    setIdentityTab(t) {
      set({ identityTab: t });
      if (t === 'suggestions') void get().loadSuggestionQueue();
      if (t === 'decisions') void get().loadDecisionLog();
    },

    async loadSuggestionQueue() {
      if (!get().summary) return;
      try {
        // Read again from the top, as many rows as were on screen, so a decision does not scroll the queue away.
        const limit = queueReloadLimit(get().suggestionQueue?.rows.length ?? 0);
        set({ suggestionQueue: await call('entities.suggestions', { offset: 0, limit }) });
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },

    async loadMoreSuggestions() {
      const q = get().suggestionQueue;
      if (!get().summary || !q?.next || get().suggestionsLoadingMore) return;
      set({ suggestionsLoadingMore: true });
      try {
        const page = await call('entities.suggestions', { offset: 0, limit: QUEUE_PAGE, after: q.next });
        // A reload (after a decision) replaced the queue meanwhile: this page belongs to the old one.
        if (get().suggestionQueue === q) set({ suggestionQueue: appendQueuePage(q, page) });
      } catch (err) {
        get().showError(errorInfo(err));
      } finally {
        set({ suggestionsLoadingMore: false });
      }
    },

    async loadDecisionLog() {
      if (!get().summary) return;
      try {
        set({ decisionLog: await call('entities.decisions', { limit: 100 }) });
      } catch (err) {
        get().showError(errorInfo(err));
      }
    },

    async decideIdentity(d) {
      set({ deciding: true, decisionError: null });
      try {
        const r = await call('entities.decide', d);
        set({ lastDecision: r });
        // Stay on the entity shown if it still exists; otherwise follow it into what it became.
        const current = get().entityId;
        const focus = current !== null && r.after.includes(current) ? current : (r.after[0] ?? current);
        set({ entityId: focus });
        await Promise.all([get().reloadEntities(), get().reloadCard(), get().loadSuggestionQueue(), get().loadDecisionLog()]);
        return true;
      } catch (err) {
        set({ decisionError: errorInfo(err) });
        return false;
      } finally {
        set({ deciding: false });
      }
    },

    clearDecisionError() {
      set({ decisionError: null });
    },

    async findEntities(query) {
      const q = query.trim();
      if (!q) return [];
      try {
        return (await call('entities.page', { query: q, sort: 'activity', offset: 0, limit: 8 })).rows;
      } catch (err) {
        get().showError(errorInfo(err));
        return [];
      }
    },

    async openRecord(record) {
      if (record.eventKey === null) return;
      // As a search hit opens: the timeline shows the record among everything around it, any earlier filter lifted.
      set({ view: 'timeline', filter: EMPTY_FILTER, zoom: null });
      await get().jumpToKey(record.eventKey);
      void get().loadHistogram();
      const e = get().win.events.find((x) => x.key === record.eventKey);
      if (e && e.kind === 'message') void get().openThread(e);
    },
  };
};
