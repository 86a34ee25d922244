/**
 * The slice of the timeline held in memory: pages fetched by keyset before and after what is on screen,
 * merged without duplicates and trimmed at the far end, so a million-event case scrolls with a few thousand
 * rows loaded. Pure functions; the list component adjusts its scroll offset by what was added or dropped.
 */
import type { TimelineEvent, TimelinePageWire } from '../../shared/model';

export interface EventWindow {
  events: TimelineEvent[];
  /** Nothing precedes events[0] / follows the last event under the current filter. */
  atStart: boolean;
  atEnd: boolean;
}

export const EMPTY_WINDOW: EventWindow = { events: [], atStart: false, atEnd: false };

export function windowFromPage(page: TimelinePageWire): EventWindow {
  return { events: page.events, atStart: page.atStart, atEnd: page.atEnd };
}

/** Add a page that follows the window; drop rows from the front beyond `max`. */
export function appendPage(w: EventWindow, page: TimelinePageWire, max: number): { window: EventWindow; dropped: number } {
  const seen = new Set(w.events.map((e) => e.key));
  const fresh = page.events.filter((e) => !seen.has(e.key));
  let events = w.events.concat(fresh);
  let dropped = 0;
  if (events.length > max) {
    dropped = events.length - max;
    events = events.slice(dropped);
  }
  return { window: { events, atStart: w.atStart && dropped === 0, atEnd: page.atEnd }, dropped };
}

/** Add a page that precedes the window; drop rows from the back beyond `max`. `added` rows went in front. */
export function prependPage(w: EventWindow, page: TimelinePageWire, max: number): { window: EventWindow; added: number } {
  const seen = new Set(w.events.map((e) => e.key));
  const fresh = page.events.filter((e) => !seen.has(e.key));
  let events = fresh.concat(w.events);
  let trimmed = false;
  if (events.length > max) {
    events = events.slice(0, max);
    trimmed = true;
  }
  return { window: { events, atStart: page.atStart || fresh.length === 0, atEnd: w.atEnd && !trimmed }, added: fresh.length };
}

export function indexOfKey(w: EventWindow, key: string | null): number {
  if (key === null) return -1;
  return w.events.findIndex((e) => e.key === key);
}
