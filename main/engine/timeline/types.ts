/** The shapes the timeline, histogram, thread and search read-outs share: event kinds, filters, rendered events. */

export const EVENT_KINDS = ['message', 'call', 'contact', 'transaction', 'row', 'file'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

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

export interface Party {
  account: number | null;
  entity: number | null;
  /** The name or number as the source shows it. */
  name: string | null;
}

/** One event as every read-out shows it. `ts` is UTC; `display` is the same instant in the chosen zone. */
export interface TimelineEvent {
  /** Public record id: kind letter + record id (`m12`, `c3`, `t7`). */
  id: string;
  /** Position in the event order (decimal text of the event key); `--at`-style cursors are built from it. */
  key: string;
  /** ISO-8601 UTC ending in Z, or null for an event without a usable time. */
  ts: string | null;
  display: { tz: string; time: string } | null;
  kind: EventKind;
  /** message kind, call direction, `transfer`, `card`, `row`, `file`. */
  subkind: string;
  evidence: number;
  recordId: number;
  from: string | null;
  to: string | null;
  text: string;
  /** Citation: file name + member + line(s) + structural path. */
  source: string;
  chat: { id: number; name: string | null } | null;
  actor: Party | null;
  counterpart: Party | null;
  hasAttachment: boolean;
  attachments: string[];
  tsRaw: string | null;
  tsLocal: string | null;
  tsZone: string | null;
  flags: string[];
}
