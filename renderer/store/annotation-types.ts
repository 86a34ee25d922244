/** The annotations' slice of the store (kept apart from types.ts so that file only gains one import and one `&`). */
import type { AnnotatedTarget, AnnotationListWire, AnnotationTargetRef, TagColour } from '../../shared/annotations';
import type { ErrorInfo } from '../../shared/errors';

/** What a timeline row shows of an event's annotations (looked up by the event's public id). */
export interface EventMarks {
  tags: { name: string; colour: TagColour }[];
  bookmarked: boolean;
  notes: number;
}

export interface AnnotationSlice {
  annotations: AnnotationListWire | null;
  annotationsLoading: boolean;
  annotationsError: ErrorInfo | null;
  /** Public event id (`m12`) → its marks, for tag chips on timeline rows. */
  eventMarks: Record<string, EventMarks>;
  /** Entity id (as it is now) → its marks, for the entity list's rows. */
  entityMarks: Record<number, EventMarks>;
  /** The bookmarks panel's tag filter (tag names; empty = everything). */
  annotationTagFilter: string[];
  loadAnnotations(): Promise<void>;
  setAnnotationTagFilter(tags: string[]): void;
  /** Each change refreshes the list; failures are shown as the notice and reported as false. */
  tagTarget(target: AnnotationTargetRef, tag: string, colour?: TagColour): Promise<boolean>;
  untagTarget(target: AnnotationTargetRef, tag: string): Promise<boolean>;
  setBookmark(target: AnnotationTargetRef, on: boolean, label?: string): Promise<boolean>;
  addNote(target: AnnotationTargetRef, text: string): Promise<boolean>;
  editNote(noteId: number, text: string): Promise<boolean>;
  deleteNote(noteId: number): Promise<boolean>;
  /** Open an annotated event in the timeline (filters lifted, event selected, its conversation beside it). */
  openAnnotatedEvent(a: AnnotatedTarget): Promise<void>;
  /** The evidence item whose detail row (hashes, annotations, skipped units) is open in the Evidence view, or null. */
  evidenceFocus: number | null;
  setEvidenceFocus(id: number | null): void;
  /** Open any annotated target where it lives: an event in the timeline, an entity's card, an evidence item's row. */
  openAnnotatedTarget(a: AnnotatedTarget): Promise<void>;
}
