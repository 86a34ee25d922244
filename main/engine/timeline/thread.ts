/** The conversation view: a message with the messages before and after it in its chat, in timeline order. */
import type { SqlDb } from '../db/case-db';
import { chatInfo, chatNeighbours, eventKeyOfRecord, messagePlace } from '../db/read/timeline';
import { ThreadlineError } from '../errors';
import { renderEvents } from './render';
import type { ThreadWire } from '../../../shared/model';
import type { TimelineEvent } from './types';

export interface ThreadRequest {
  /** messages.id of the message to centre on. */
  messageId: number;
  before?: number;
  after?: number;
  displayTz: string;
}

/** A message with its neighbours in the same chat: the wire shape, one definition. */
export type Thread = ThreadWire;

function count(n: number | undefined, what: string): number {
  const v = n ?? 20;
  if (!Number.isInteger(v) || v < 0 || v > 1000) throw new ThreadlineError('BAD_ARGUMENT', `${what} must be a whole number from 0 to 1000.`, { hint: `e.g. --${what} 20` });
  return v;
}

export function thread(db: SqlDb, req: ThreadRequest): Thread {
  const nBefore = count(req.before, 'before');
  const nAfter = count(req.after, 'after');
  const place = messagePlace(db, req.messageId);
  if (!place) {
    throw new ThreadlineError('NOT_FOUND', `There is no message ${req.messageId} in this case.`, {
      hint: 'Message ids are the numbers after "m" in timeline and search output (m123 → 123).',
    });
  }
  const notes: string[] = [];
  const keysOf = (ids: number[]) =>
    ids.map((id) => eventKeyOfRecord(db, 'message', id)).filter((k): k is bigint => {
      if (k === null) notes.push('Some messages are not in the timeline index yet; open the case for writing once to index them.');
      return k !== null;
    });
  const targetKey = eventKeyOfRecord(db, 'message', place.id);
  if (targetKey === null) {
    throw new ThreadlineError('NOT_FOUND', `Message ${req.messageId} is not in the timeline index yet.`, { hint: 'Open the case for writing once (any timeline or search command does) to index it.' });
  }
  const before = keysOf(chatNeighbours(db, place, 'before', nBefore).reverse());
  const after = keysOf(chatNeighbours(db, place, 'after', nAfter));
  const events = renderEvents(db, [...before, targetKey, ...after], req.displayTz);
  const chat = place.chat_id === null ? undefined : chatInfo(db, place.chat_id);
  if (!chat) notes.push('The message is not part of a chat in its source; only the message itself is shown.');
  if (place.ts_utc === null) notes.push('The message has no usable time; neighbours are the chat\'s other undated messages in source order.');
  return {
    chat: chat ? { id: chat.id, name: chat.name, platform: chat.platform, kind: chat.chat_kind, evidence: chat.evidence_id, messages: chat.messages } : null,
    target: events[before.length]!,
    before: events.slice(0, before.length),
    after: events.slice(before.length + 1),
    displayTz: req.displayTz,
    notes: [...new Set(notes)],
  };
}
