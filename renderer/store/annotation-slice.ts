/**
 * Annotations: the list of everything tagged, bookmarked or noted (for the bookmarks panel, the side pane and the
 * tag chips on timeline rows), and the examiner's changes to it. Every change goes to main, which audits it; the
 * list is then read again, so what is shown is what the case holds.
 */
import type { StateCreator } from 'zustand';
import type { AnnotatedTarget } from '../../shared/annotations';
import { call, errorInfo } from '../api';
import { EMPTY_FILTER } from '../lib/filter';
import { entityMarksOf, marksOf } from '../features/annotations/marks';
import type { AnnotationSlice } from './annotation-types';
import type { Store } from './types';

export const createAnnotationSlice: StateCreator<Store, [], [], AnnotationSlice> = (set, get) => {
  /** Run a change, then refresh; a refused change becomes the notice. */
  const change = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      await get().loadAnnotations();
      return true;
    } catch (err) {
      get().showError(errorInfo(err));
      return false;
    }
  };

  return {
    annotations: null,
    annotationsLoading: false,
    annotationsError: null,
    eventMarks: {},
    entityMarks: {},
    annotationTagFilter: [],
    evidenceFocus: null,

    async loadAnnotations() {
      if (!get().summary) return;
      set({ annotationsLoading: true, annotationsError: null });
      try {
        const list = await call('annotations.list', { displayTz: get().displayTz });
        set({ annotations: list, eventMarks: marksOf(list), entityMarks: entityMarksOf(list) });
      } catch (err) {
        set({ annotationsError: errorInfo(err) });
      } finally {
        set({ annotationsLoading: false });
      }
    },

    setAnnotationTagFilter(tags) {
      set({ annotationTagFilter: tags });
    },

    tagTarget: (target, tag, colour) => change(() => call('annotations.tag', { target, tag, ...(colour ? { colour } : {}) })),
    untagTarget: (target, tag) => change(() => call('annotations.tag', { target, tag, remove: true })),
    setBookmark: (target, on, label) => change(() => call('annotations.bookmark', on ? { target, ...(label ? { label } : {}) } : { target, remove: true })),
    addNote: (target, text) => change(() => call('annotations.note', { action: 'add', target, text })),
    editNote: (noteId, text) => change(() => call('annotations.note', { action: 'edit', noteId, text })),
    deleteNote: (noteId) => change(() => call('annotations.note', { action: 'delete', noteId })),

    async openAnnotatedEvent(a: AnnotatedTarget) {
      if (a.target.type !== 'event' || a.eventKey === null) return;
      // The timeline shows the event among everything around it, so any earlier filter is lifted.
      set({ view: 'timeline', filter: EMPTY_FILTER, zoom: null });
      await get().jumpToKey(a.eventKey);
      void get().loadHistogram();
      const e = get().win.events.find((x) => x.key === a.eventKey);
      if (e && e.kind === 'message') void get().openThread(e);
    },

    setEvidenceFocus(id) {
      set({ evidenceFocus: id });
      if (id !== null) void get().loadSkipped(id);
    },

    async openAnnotatedTarget(a) {
      switch (a.target.type) {
        case 'event':
          return get().openAnnotatedEvent(a);
        case 'entity': {
          // The entity as it is now (merges change ids); a node no longer in the case has nothing to open.
          if (a.entity === null) return;
          // Enter the workbench for this case first, so opening the view keeps the selection instead of starting afresh.
          get().enterWorkbench(get().summary?.ref.id ?? null);
          set({ view: 'entities' });
          await get().selectEntity(a.entity);
          return;
        }
        case 'evidence':
          if (!a.found) return;
          set({ view: 'evidence' });
          get().setEvidenceFocus(a.target.id);
          return;
        default: {
          const never: never = a.target;
          throw new Error(`unknown annotation target ${JSON.stringify(never)}`);
        }
      }
    },
  };
};
