/**
 * Which annotated targets a view shows for one event, entity or evidence item (pure, no store). An entity can carry
 * annotations made on another entity that was merged into it later: those are anchored to the merged-in identity
 * node, so they are shown as carried over (read-only tags and bookmark) rather than mixed into the entity's own.
 */
import type { AnnotatedTarget, AnnotationListWire, AnnotationTargetRef } from '../../../shared/annotations';

export interface TargetAnnotationsView {
  /** Annotations made on this very target (null when nothing). */
  own: AnnotatedTarget | null;
  /** Entities only: annotations on identity nodes merged into this entity since they were made. */
  carried: AnnotatedTarget[];
}

const NONE: TargetAnnotationsView = { own: null, carried: [] };

export function sameTarget(a: AnnotationTargetRef, b: AnnotationTargetRef): boolean {
  return a.type === b.type && a.id === b.id;
}

export function annotationsOn(list: AnnotationListWire | null, t: AnnotationTargetRef): TargetAnnotationsView {
  if (!list) return NONE;
  const own = list.items.find((a) => sameTarget(a.target, t)) ?? null;
  const carried = t.type === 'entity' ? list.items.filter((a) => a.target.type === 'entity' && a.entity === t.id && a.target.id !== t.id) : [];
  return own === null && carried.length === 0 ? NONE : { own, carried };
}

/** Evidence id → its annotations, for the marks column of the evidence items table. */
export function evidenceAnnotations(list: AnnotationListWire | null): Map<number, AnnotatedTarget> {
  const out = new Map<number, AnnotatedTarget>();
  for (const a of list?.items ?? []) if (a.target.type === 'evidence') out.set(a.target.id, a);
  return out;
}

/** How the bookmarks panel and the views name a target: m12 / N5 (its entity now) / E2. */
export function targetLabel(a: AnnotatedTarget): string {
  return a.target.type === 'event' ? a.target.id : a.target.type === 'entity' ? `N${a.entity ?? a.target.id}` : `E${a.target.id}`;
}
