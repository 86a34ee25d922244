/** Examiner annotations (tags, bookmarks, notes on events, entities and evidence items): the engine's API. */
export { addNote, bookmarkTarget, deleteNote, editNote, tagTarget, unbookmarkTarget, untagTarget, LABEL_MAX, NOTE_MAX, TAG_NAME_MAX, type TagResult } from './actions';
export { listAnnotated, listTags, toWire, type Annotated } from './list';
export { parseEventRef, resolveTarget, type ResolvedTarget } from './target';
