/**
 * Examiner annotations: tag / untag, bookmark / unbookmark, add / edit / delete notes on events, entities and
 * evidence items. Every change runs in Case.audited with the target's citation, so the audit log says who marked
 * what, when, and where that thing is in the evidence. A request that changes nothing writes nothing (and is not audited).
 */
import { TAG_COLOUR_NAMES, isTagColour, type AnnotationTargetRef, type TagColour } from '../../../shared/annotations';
import type { Case } from '../case';
import { bookmarkOf, noteWithLatest, tagDefByName, tagLinkExists } from '../db/read/annotations';
import { eventKeyOfRecord } from '../db/read/timeline';
import { anchorKey, deleteBookmark, deleteTagLink, insertNote, insertNoteVersion, insertTagDef, insertTagLink, setEventTag, updateTagDef, upsertBookmark, type Anchor } from '../db/write/annotations';
import { ThreadlineError } from '../errors';
import { resolveTarget } from './target';

export const TAG_NAME_MAX = 200;
export const LABEL_MAX = 500;
export const NOTE_MAX = 20_000;

function cleanText(text: string | undefined, what: string, max: number, hint: string): string {
  const t = (text ?? '').trim();
  if (!t) throw new ThreadlineError('BAD_ARGUMENT', `The ${what} is empty.`, { hint });
  if ([...t].length > max) throw new ThreadlineError('BAD_ARGUMENT', `The ${what} is longer than ${max} characters.`, { hint: `Shorten it to at most ${max} characters.` });
  return t;
}

function checkColour(colour: string | undefined): TagColour | undefined {
  if (colour === undefined) return undefined;
  const c = colour.trim().toLowerCase();
  if (!isTagColour(c)) throw new ThreadlineError('BAD_ARGUMENT', `"${colour}" is not a tag colour.`, { hint: `Choose one of ${TAG_COLOUR_NAMES.join(', ')} (a fixed palette readable with colour-vision deficiencies).` });
  return c;
}

const now = (): string => new Date().toISOString();

/** The event key of an anchored event now (event keys can change when the stream is rebuilt). */
function currentEventKey(c: Case, a: Anchor): bigint | null {
  return a.target === 'event' ? eventKeyOfRecord(c.db, a.kind, a.recordId) : null;
}

export interface TagResult {
  changed: boolean;
  tag: { name: string; colour: TagColour; created: boolean; recoloured: boolean };
}

/** Put a tag on a target, creating the tag (with a colour from the palette) if it is new. */
export function tagTarget(c: Case, ref: AnnotationTargetRef, name: string, opts: { colour?: string; description?: string } = {}): TagResult {
  const tagName = cleanText(name, 'tag name', TAG_NAME_MAX, 'Give a tag name, e.g. --tag "court-exhibit".');
  const colour = checkColour(opts.colour);
  const description = opts.description?.trim() || null;
  const t = resolveTarget(c.db, ref);
  const existing = tagDefByName(c.db, tagName);
  const redefine = existing !== undefined && ((colour !== undefined && colour !== existing.colour) || (description !== null && description !== existing.description));
  if (existing && !redefine && tagLinkExists(c.db, existing.id, anchorKey(t.anchor))) {
    return { changed: false, tag: { name: tagName, colour: existing.colour as TagColour, created: false, recoloured: false } };
  }
  const at = now();
  return c.audited('annotation-tag-added', () => {
    let tagId: number;
    let tagColour: TagColour;
    if (existing) {
      tagId = existing.id;
      tagColour = colour ?? (existing.colour as TagColour);
      if (redefine) updateTagDef(c.db, tagId, tagColour, description ?? existing.description);
    } else {
      // A new tag takes the next palette colour unless one was chosen, so neighbours differ.
      const count = c.db.prepare('SELECT COUNT(*) FROM annotation_tags').pluck().get() as number;
      tagColour = colour ?? TAG_COLOUR_NAMES[count % TAG_COLOUR_NAMES.length]!;
      tagId = insertTagDef(c.db, { name: tagName, colour: tagColour, description, examiner: c.examiner, at });
    }
    const added = insertTagLink(c.db, tagId, t.anchor, c.examiner, at);
    if (t.anchor.target === 'event') {
      const key = t.eventKey ?? currentEventKey(c, t.anchor);
      if (key !== null) setEventTag(c.db, tagName, key, true);
    }
    const recoloured = existing !== undefined && tagColour !== existing.colour;
    const created = existing === undefined;
    return {
      result: { changed: true, tag: { name: tagName, colour: tagColour, created, recoloured } },
      details: { tag: tagName, colour: tagColour, tag_created: created, recoloured, already_tagged: !added, ...t.cite },
    };
  });
}

/** Take a tag off a target. */
export function untagTarget(c: Case, ref: AnnotationTargetRef, name: string): { changed: boolean } {
  const tagName = cleanText(name, 'tag name', TAG_NAME_MAX, 'Give the tag to remove, e.g. --tag "court-exhibit" --remove.');
  const t = resolveTarget(c.db, ref);
  const def = tagDefByName(c.db, tagName);
  if (!def) throw new ThreadlineError('NOT_FOUND', `There is no tag "${tagName}".`, { hint: 'List tags with `threadline annotations CASE`.' });
  return c.audited('annotation-tag-removed', () => {
    if (!deleteTagLink(c.db, def.id, t.anchor)) {
      throw new ThreadlineError('NOT_FOUND', `The ${ref.type} is not tagged "${tagName}".`, { hint: 'List what is tagged with `threadline annotations CASE`.' });
    }
    if (t.anchor.target === 'event') {
      const key = t.eventKey ?? currentEventKey(c, t.anchor);
      if (key !== null) setEventTag(c.db, tagName, key, false);
    }
    return { result: { changed: true }, details: { tag: tagName, ...t.cite } };
  });
}

/** Bookmark a target, or change its label. */
export function bookmarkTarget(c: Case, ref: AnnotationTargetRef, label?: string): { changed: boolean; outcome: 'added' | 'relabelled' | 'unchanged' } {
  const l = label === undefined || label.trim() === '' ? null : cleanText(label, 'bookmark label', LABEL_MAX, '');
  const t = resolveTarget(c.db, ref);
  const old = bookmarkOf(c.db, anchorKey(t.anchor));
  if (old && old.label === l) return { changed: false, outcome: 'unchanged' };
  const at = now();
  return c.audited('annotation-bookmark-added', () => {
    const outcome = upsertBookmark(c.db, t.anchor, l, c.examiner, at);
    return { result: { changed: true, outcome }, details: { label: l, relabelled: outcome === 'relabelled', previous_label: old?.label ?? null, ...t.cite } };
  });
}

export function unbookmarkTarget(c: Case, ref: AnnotationTargetRef): { changed: boolean } {
  const t = resolveTarget(c.db, ref);
  return c.audited('annotation-bookmark-removed', () => {
    const old = deleteBookmark(c.db, t.anchor);
    if (!old) throw new ThreadlineError('NOT_FOUND', `The ${ref.type} is not bookmarked.`, { hint: 'List bookmarks with `threadline annotations CASE`.' });
    return { result: { changed: true }, details: { label: old.label, ...t.cite } };
  });
}

/** A new note on a target; returns its id. */
export function addNote(c: Case, ref: AnnotationTargetRef, text: string): { id: number } {
  const body = cleanText(text, 'note', NOTE_MAX, 'Write the note with --text "…".');
  const t = resolveTarget(c.db, ref);
  const at = now();
  return c.audited('annotation-note-added', () => {
    const id = insertNote(c.db, t.anchor, body, c.examiner, at);
    return { result: { id }, details: { note: id, version: 1, text: body, ...t.cite } };
  });
}

function liveNote(c: Case, id: number): NonNullable<ReturnType<typeof noteWithLatest>> {
  const n = noteWithLatest(c.db, id);
  if (!n) throw new ThreadlineError('NOT_FOUND', `There is no note ${id}.`, { hint: 'List notes with `threadline annotations CASE`.' });
  if (n.text === null) throw new ThreadlineError('NOT_FOUND', `Note ${id} was deleted (version ${n.version}).`, { hint: 'Its history is kept; add a new note instead.' });
  return n;
}

function refOf(n: { target: string; event_kind: string | null; record_id: number | null; node_id: number | null; evidence_id: number | null }): Record<string, unknown> {
  return n.target === 'event' ? { target: 'event', kind: n.event_kind, record: n.record_id, evidence: n.evidence_id } : n.target === 'entity' ? { target: 'entity', node: n.node_id } : { target: 'evidence', evidence: n.evidence_id };
}

/** Replace a note's text with a new version; the earlier text stays in its history. */
export function editNote(c: Case, id: number, text: string): { id: number; version: number } {
  const body = cleanText(text, 'note', NOTE_MAX, 'Write the new text with --text "…".');
  const n = liveNote(c, id);
  if (n.text === body) return { id, version: n.version };
  const at = now();
  return c.audited('annotation-note-edited', () => {
    insertNoteVersion(c.db, id, n.version + 1, body, c.examiner, at);
    return { result: { id, version: n.version + 1 }, details: { note: id, version: n.version + 1, previous_text: n.text, text: body, ...refOf(n) } };
  });
}

/** Delete a note: a last version without text; every earlier version stays readable. */
export function deleteNote(c: Case, id: number): { id: number; version: number } {
  const n = liveNote(c, id);
  const at = now();
  return c.audited('annotation-note-deleted', () => {
    insertNoteVersion(c.db, id, n.version + 1, null, c.examiner, at);
    return { result: { id, version: n.version + 1 }, details: { note: id, version: n.version + 1, previous_text: n.text, ...refOf(n) } };
  });
}
