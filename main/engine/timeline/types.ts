/** The shapes the timeline, histogram, thread and search read-outs share: event kinds, filters, rendered events. */

import { EVENT_KINDS, type EventKind } from '../../../shared/model';

export { EVENT_KINDS, type EventKind };

/** Record-table letter used in public event ids (`m12` = messages.id 12). Contacts are `k` so calls keep `c`. */
export const KIND_LETTER: Record<EventKind, string> = { message: 'm', call: 'c', contact: 'k', transaction: 't', row: 'r', file: 'f' };

export function isEventKind(s: string): s is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(s);
}

/**
 * What to show. Every field narrows; fields combine with AND, values inside a field with OR. An empty list
 * matches nothing (an entity with no accounts shows no events, it does not lift the filter).
 */
export interface EventFilter {
  /** Inclusive start, UTC ms. */
  from?: number;
  /** Exclusive end, UTC ms. */
  to?: number;
  kinds?: EventKind[];
  /** Evidence item ids. */
  evidence?: number[];
  /** accounts.id: events where the account acted or was the other party. */
  accounts?: number[];
  /** Identity entities: resolved to their accounts at query time (links can change). */
  entities?: number[];
  /** Tag names (event_tags); an event matches if it carries any of them. */
  tags?: string[];
  /** true: only events with an attachment; false: only without. */
  hasAttachment?: boolean;
  /** Full-text query (search syntax) the event must match. */
  text?: string;
}

/** The event as the read-outs show it is the wire shape itself: one definition, so the engine and the renderer never drift. */
export type { Party, TimelineEvent } from '../../../shared/model';
