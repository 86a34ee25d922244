/** Named selectors for the annotations' part of the store. */
import type { AnnotatedTarget } from '../../../shared/annotations';
import type { EventMarks } from '../../store/annotation-types';
import type { Store } from '../../store/types';

export const selectAnnotations = (s: Store) => s.annotations;
export const selectAnnotationsLoading = (s: Store) => s.annotationsLoading;
export const selectAnnotationsError = (s: Store) => s.annotationsError;
export const selectAnnotationTagFilter = (s: Store) => s.annotationTagFilter;
export const selectTagDefs = (s: Store) => s.annotations?.tags ?? EMPTY_TAGS;
const EMPTY_TAGS: NonNullable<Store['annotations']>['tags'] = [];

/** The marks of one event (by public id), or undefined: each timeline row subscribes to its own. */
export const selectEventMarks =
  (id: string) =>
  (s: Store): EventMarks | undefined =>
    s.eventMarks[id];

/** Everything on one event (by public id), or null. */
export const selectEventAnnotations =
  (id: string) =>
  (s: Store): AnnotatedTarget | null =>
    s.annotations?.items.find((a) => a.target.type === 'event' && a.target.id === id) ?? null;

/** The evidence item whose detail row is open in the Evidence view. */
export const selectEvidenceFocus = (s: Store) => s.evidenceFocus;
