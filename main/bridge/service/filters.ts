/**
 * The renderer's event filter (instants as ISO text with a zone) turned into the engine's (instants as UTC ms):
 * one mapping for the timeline, search, reports and the graph, so a filter means the same thing in each.
 */
import type { EventFilterWire } from '../../../shared/model';
import { ThreadlineError } from '../../engine/errors';
import type { EventFilter } from '../../engine/timeline/types';

/** An ISO instant from the wire as UTC ms; a malformed one is the examiner's to fix, so it names what it was for. */
export function instantMs(iso: string | undefined, what: string): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new ThreadlineError('BAD_ARGUMENT', `${what} "${iso}" is not a real instant.`, { hint: 'Check the date in the filter.' });
  return t;
}

/** The wire filter as the engine takes it (an empty text query means none). */
export function engineFilter(f: EventFilterWire): EventFilter {
  const out: EventFilter = {};
  const from = instantMs(f.from, 'The start of the range');
  const to = instantMs(f.to, 'The end of the range');
  if (from !== undefined) out.from = from;
  if (to !== undefined) out.to = to;
  if (f.kinds) out.kinds = [...f.kinds];
  if (f.evidence) out.evidence = [...f.evidence];
  if (f.entities) out.entities = [...f.entities];
  if (f.accounts) out.accounts = [...f.accounts];
  if (f.tags) out.tags = [...f.tags];
  if (f.hasAttachment !== undefined) out.hasAttachment = f.hasAttachment;
  if (f.text !== undefined && f.text.trim() !== '') out.text = f.text;
  return out;
}
