/** App-wide state: what main offers (formats, zones), the current view, the display zone, the error notice. */
import type { StateCreator } from 'zustand';
import { call, errorInfo } from '../api';
import { isValidZone } from '../lib/zone';
import type { AppSlice, Store } from './types';

export const createAppSlice: StateCreator<Store, [], [], AppSlice> = (set, get) => ({
  info: null,
  view: 'case',
  displayTz: 'UTC',
  notice: null,

  async loadInfo() {
    try {
      const info = await call('app.info', {});
      set({ info });
      if (info.caseOpen) {
        const s = await call('case.summary', {});
        if (s) {
          get().adoptCase(s);
          set({ view: 'timeline' });
        }
      }
    } catch (err) {
      set({ notice: errorInfo(err) });
    }
  },

  setView(view) {
    set({ view });
  },

  setDisplayTz(tz) {
    if (!isValidZone(tz) || tz === get().displayTz) return;
    set({ displayTz: tz });
    // Display strings come from the engine, so what is on screen is fetched again in the new zone.
    const { win, summary, selectedKey } = get();
    if (!summary) return;
    // Reload around the selected event (or what was loaded first), so the examiner stays where they were.
    const anchor = selectedKey ?? win.events[0]?.key ?? null;
    void get().reloadTimeline(anchor ? { type: 'from-key', key: anchor } : { type: 'start' });
    void get().loadHistogram();
    const t = get().thread;
    if (t) void get().openThread(t.target);
    if (get().result) void get().runSearch();
  },

  showError(e) {
    set({ notice: e });
  },

  clearNotice() {
    set({ notice: null });
  },
});
