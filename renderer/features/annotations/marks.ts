/** What each timeline row and entity-list row shows of its target's annotations, derived from the annotation list (pure, no store). */
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

/**
 * Entity id (as it is now) → what its row in the entity list shows. An entity that absorbed annotated entities in a
 * merge shows theirs too (tags once each, in name order; bookmarked if any is; notes added up).
 */
export function entityMarksOf(list: AnnotationListWire): Record<number, EventMarks> {
  const out: Record<number, EventMarks> = {};
  for (const a of list.items) {
    if (a.target.type !== 'entity' || a.entity === null) continue;
    const m = (out[a.entity] ??= { tags: [], bookmarked: false, notes: 0 });
    for (const t of a.tags) if (!m.tags.some((x) => x.name === t.name)) m.tags.push({ name: t.name, colour: t.colour });
    m.bookmarked ||= a.bookmark !== null;
    m.notes += a.notes.filter((n) => !n.deleted).length;
  }
  for (const m of Object.values(out)) m.tags.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return out;
}
