/** What each timeline row shows of its event's annotations, derived from the annotation list (pure, no store). */
import type { AnnotationListWire } from '../../../shared/annotations';
import type { EventMarks } from '../../store/annotation-types';

/** Public event id → what its timeline row shows (deleted notes do not count). */
export function marksOf(list: AnnotationListWire): Record<string, EventMarks> {
  const out: Record<string, EventMarks> = {};
  for (const a of list.items) {
    if (a.target.type !== 'event') continue;
    out[a.target.id] = { tags: a.tags.map((t) => ({ name: t.name, colour: t.colour })), bookmarked: a.bookmark !== null, notes: a.notes.filter((n) => !n.deleted).length };
  }
  return out;
}
