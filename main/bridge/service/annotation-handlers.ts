/** Handlers for the annotation channels (annotations.*), spread into createHandlers. */
import type { AnnotatedTarget } from '../../../shared/annotations';
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import { addNote, bookmarkTarget, deleteNote, editNote, listAnnotated, listTags, resolveTarget, tagTarget, toWire, unbookmarkTarget, untagTarget } from '../../engine/annotations';
import type { Case } from '../../engine/case';
import { anchorKey } from '../../engine/db/write/annotations';
import { ThreadlineError } from '../../engine/errors';
import { assertTimeZone } from '../../engine/time/zone';

export type AnnotationChannels = 'annotations.list' | 'annotations.tags' | 'annotations.target' | 'annotations.tag' | 'annotations.bookmark' | 'annotations.note';

/** The same shape as Handlers in handlers.ts, declared here because handlers.ts imports this module (no cycle). */
type AnnotationHandlerMap = { [K in AnnotationChannels]: (request: RequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>> };

/**
 * `current` gives the open case (or throws NO_CASE_OPEN); `busy` says whether an import or report is running —
 * annotations change the case, so they wait for it (a report must show one state of the case).
 */
export function annotationHandlers(current: () => Case, busy: () => boolean): AnnotationHandlerMap {
  const writable = (): Case => {
    if (busy()) throw new ThreadlineError('JOB_RUNNING', 'An import or report is running on this case.', { hint: 'Wait for it to finish (or cancel it), then annotate again.' });
    return current();
  };
  const zone = (tz: string) => assertTimeZone(tz, 'display time zone');
  return {
    'annotations.list': (r) => {
      const c = current();
      const tz = zone(r.displayTz);
      return { displayTz: tz, tags: listTags(c.db), items: listAnnotated(c.db, tz).map(toWire) };
    },
    'annotations.tags': () => listTags(current().db),
    'annotations.target': (r): AnnotatedTarget | null => {
      const c = current();
      const tz = zone(r.displayTz);
      const t = resolveTarget(c.db, r.target);
      const hit = listAnnotated(c.db, tz, { targetKey: anchorKey(t.anchor) })[0];
      return hit ? toWire(hit) : null;
    },
    'annotations.tag': (r) => {
      const c = writable();
      if (r.remove) return { changed: untagTarget(c, r.target, r.tag).changed, tag: null };
      const res = tagTarget(c, r.target, r.tag, { ...(r.colour ? { colour: r.colour } : {}), ...(r.description !== undefined ? { description: r.description } : {}) });
      return { changed: res.changed, tag: { name: res.tag.name, colour: res.tag.colour } };
    },
    'annotations.bookmark': (r) => {
      const c = writable();
      if (r.remove) return unbookmarkTarget(c, r.target);
      return { changed: bookmarkTarget(c, r.target, r.label).changed };
    },
    'annotations.note': (r) => {
      const c = writable();
      switch (r.action) {
        case 'add':
          return { id: addNote(c, r.target, r.text).id, version: 1 };
        case 'edit':
          return editNote(c, r.noteId, r.text);
        case 'delete':
          return deleteNote(c, r.noteId);
        default: {
          const never: never = r;
          throw new ThreadlineError('BAD_ARGUMENT', `Unknown note action ${JSON.stringify(never)}.`, { hint: 'Use add, edit or delete.' });
        }
      }
    },
  };
}
