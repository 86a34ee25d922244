/**
 * `threadline tag`, `bookmark`, `note`, `annotations`: examiner annotations on events, entities and evidence
 * items from the command line (JSON contract of `annotations --json` in the README).
 */
import type { AnnotationTargetRef } from '../../../shared/annotations';
import { addNote, bookmarkTarget, deleteNote, editNote, listAnnotated, listTags, tagTarget, toWire, unbookmarkTarget, untagTarget } from '../../engine/annotations';
import { Case } from '../../engine/case';
import { ThreadlineError } from '../../engine/errors';
import { assertTimeZone } from '../../engine/time/zone';
import { ensureEventsIndexed } from '../../engine/timeline/index-state';
import { flag, parse, requirePositional, str, type Options, type Parsed } from '../args';
import { safeText, table, truncate, type Out } from '../output';

const TARGET_USAGE = '(--event ID|KEY | --entity ID | --evidence ID)';
const TAG_USAGE = `threadline tag CASE ${TARGET_USAGE} --tag NAME [--colour C] [--description TEXT] [--remove] [--json]`;
const BOOKMARK_USAGE = `threadline bookmark CASE ${TARGET_USAGE} [--label TEXT] [--remove] [--json]`;
const NOTE_USAGE = `threadline note CASE (${TARGET_USAGE} --text TEXT | --edit NOTE_ID --text TEXT | --delete NOTE_ID) [--json]`;
const LIST_USAGE = 'threadline annotations CASE [--display-tz IANA] [--json]';

const TARGET_OPTIONS: Options = {
  event: { type: 'string' },
  entity: { type: 'string' },
  evidence: { type: 'string' },
  json: { type: 'boolean' },
  examiner: { type: 'string' },
};

function idArg(text: string, prefix: RegExp, what: string, usage: string): number {
  const t = text.trim().replace(prefix, '');
  if (!/^\d{1,15}$/.test(t) || Number(t) < 1) throw new ThreadlineError('BAD_ARGUMENT', `${what} "${text}" is not an id.`, { hint: `Usage: ${usage}` });
  return Number(t);
}

/** Exactly one of --event / --entity / --evidence. */
function targetOf(p: Parsed, usage: string): AnnotationTargetRef {
  const given = (['event', 'entity', 'evidence'] as const).filter((k) => str(p, k) !== undefined);
  if (given.length !== 1) {
    throw new ThreadlineError('BAD_ARGUMENT', given.length ? `Give one target, not ${given.map((g) => `--${g}`).join(' and ')}.` : 'Say what to annotate.', {
      hint: `Usage: ${usage}. Event ids are as the timeline shows them (m12, c3, t7); entities N-numbers; evidence items E-numbers.`,
    });
  }
  const k = given[0]!;
  const v = str(p, k)!;
  if (k === 'event') return { type: 'event', id: v.trim() };
  if (k === 'entity') return { type: 'entity', id: idArg(v, /^N/i, '--entity', usage) };
  return { type: 'evidence', id: idArg(v, /^E/i, '--evidence', usage) };
}

function describeTarget(t: AnnotationTargetRef): string {
  return t.type === 'event' ? `event ${t.id}` : t.type === 'entity' ? `entity N${t.id}` : `evidence item E${t.id}`;
}

function openCase(p: Parsed, usage: string): Case {
  const c = Case.open(requirePositional(p, 0, 'the case file path', usage), { examiner: str(p, 'examiner') });
  // Event ids resolve through the event stream: bring items imported before schema 3 into it first.
  try {
    ensureEventsIndexed(c);
  } catch (err) {
    c.close();
    throw err;
  }
  return c;
}

export function cmdTag(argv: string[], out: Out): number {
  const p = parse(argv, { ...TARGET_OPTIONS, tag: { type: 'string' }, colour: { type: 'string' }, color: { type: 'string' }, description: { type: 'string' }, remove: { type: 'boolean' } }, TAG_USAGE);
  const target = targetOf(p, TAG_USAGE);
  const name = str(p, 'tag');
  if (!name) throw new ThreadlineError('BAD_ARGUMENT', 'Missing --tag NAME.', { hint: `Usage: ${TAG_USAGE}` });
  const c = openCase(p, TAG_USAGE);
  try {
    if (flag(p, 'remove')) {
      const r = untagTarget(c, target, name);
      if (flag(p, 'json')) out.json({ target, tag: name, removed: r.changed });
      else out.line(`Removed tag "${safeText(name)}" from ${describeTarget(target)}.`);
      return 0;
    }
    const desc = str(p, 'description');
    const r = tagTarget(c, target, name, { ...(str(p, 'colour') ?? str(p, 'color') ? { colour: str(p, 'colour') ?? str(p, 'color') } : {}), ...(desc !== undefined ? { description: desc } : {}) });
    if (flag(p, 'json')) out.json({ target, ...r });
    else if (!r.changed) out.line(`${describeTarget(target)} already carries tag "${safeText(name)}" (${r.tag.colour}); nothing changed.`);
    else out.line(`Tagged ${describeTarget(target)} "${safeText(name)}" (${r.tag.colour}${r.tag.created ? ', new tag' : ''}${r.tag.recoloured ? ', colour changed' : ''}).`);
    return 0;
  } finally {
    c.close();
  }
}

export function cmdBookmark(argv: string[], out: Out): number {
  const p = parse(argv, { ...TARGET_OPTIONS, label: { type: 'string' }, remove: { type: 'boolean' } }, BOOKMARK_USAGE);
  const target = targetOf(p, BOOKMARK_USAGE);
  const c = openCase(p, BOOKMARK_USAGE);
  try {
    if (flag(p, 'remove')) {
      const r = unbookmarkTarget(c, target);
      if (flag(p, 'json')) out.json({ target, removed: r.changed });
      else out.line(`Removed the bookmark on ${describeTarget(target)}.`);
      return 0;
    }
    const r = bookmarkTarget(c, target, str(p, 'label'));
    if (flag(p, 'json')) out.json({ target, ...r });
    else out.line(r.outcome === 'unchanged' ? `${describeTarget(target)} is already bookmarked; nothing changed.` : `Bookmarked ${describeTarget(target)}${r.outcome === 'relabelled' ? ' (label changed)' : ''}.`);
    return 0;
  } finally {
    c.close();
  }
}

export function cmdNote(argv: string[], out: Out): number {
  const p = parse(argv, { ...TARGET_OPTIONS, text: { type: 'string' }, edit: { type: 'string' }, delete: { type: 'string' } }, NOTE_USAGE);
  const edit = str(p, 'edit');
  const del = str(p, 'delete');
  const text = str(p, 'text');
  if (edit !== undefined && del !== undefined) throw new ThreadlineError('BAD_ARGUMENT', 'Give --edit or --delete, not both.', { hint: `Usage: ${NOTE_USAGE}` });
  const c = openCase(p, NOTE_USAGE);
  try {
    if (del !== undefined) {
      const r = deleteNote(c, idArg(del, /^#/, '--delete', NOTE_USAGE));
      if (flag(p, 'json')) out.json({ note: r.id, version: r.version, deleted: true });
      else out.line(`Deleted note ${r.id} (version ${r.version}; earlier versions stay in its history).`);
      return 0;
    }
    if (text === undefined) throw new ThreadlineError('BAD_ARGUMENT', 'Missing --text.', { hint: `Usage: ${NOTE_USAGE}` });
    if (edit !== undefined) {
      const r = editNote(c, idArg(edit, /^#/, '--edit', NOTE_USAGE), text);
      if (flag(p, 'json')) out.json({ note: r.id, version: r.version });
      else out.line(`Note ${r.id} is now at version ${r.version}.`);
      return 0;
    }
    const target = targetOf(p, NOTE_USAGE);
    const r = addNote(c, target, text);
    if (flag(p, 'json')) out.json({ target, note: r.id, version: 1 });
    else out.line(`Added note ${r.id} to ${describeTarget(target)}.`);
    return 0;
  } finally {
    c.close();
  }
}

export function cmdAnnotations(argv: string[], out: Out): number {
  const p = parse(argv, { json: { type: 'boolean' }, examiner: { type: 'string' }, 'display-tz': { type: 'string' } }, LIST_USAGE);
  const c = openCase(p, LIST_USAGE);
  try {
    const tz = assertTimeZone(str(p, 'display-tz') ?? c.info.tz, 'display time zone');
    const items = listAnnotated(c.db, tz);
    const tags = listTags(c.db);
    if (flag(p, 'json')) {
      out.json({ displayTz: tz, tags, items: items.map(toWire) });
      return 0;
    }
    if (items.length === 0) {
      out.line('Nothing is tagged, bookmarked or annotated yet. Use `threadline tag`, `bookmark` or `note`.');
      return 0;
    }
    if (tags.length) out.line(table(tags.map((t) => [safeText(t.name), t.colour, String(t.uses), safeText(t.description ?? '')]), ['tag', 'colour', 'uses', 'description']));
    out.line();
    for (const a of items) {
      const id = a.target.type === 'event' ? a.target.id : a.target.type === 'entity' ? `N${a.entity ?? a.target.id}` : `E${a.target.id}`;
      const when = a.display ? ` ${a.display.time}` : '';
      out.line(`${id}${when}  ${truncate(safeText(a.title), 40)}${a.text !== null ? `: ${truncate(safeText(a.text), 80)}` : ''}${a.found ? '' : '  (NOT FOUND)'}`);
      out.line(`    source: ${safeText(a.source)}`);
      if (a.tags.length) out.line(`    tags: ${a.tags.map((t) => `${safeText(t.name)} (${t.colour})`).join(', ')}`);
      if (a.bookmark) out.line(`    bookmarked by ${safeText(a.bookmark.examiner)} at ${a.bookmark.at}${a.bookmark.label ? `: ${safeText(a.bookmark.label)}` : ''}`);
      for (const n of a.notes) {
        const state = n.deleted ? ' [deleted]' : n.edited ? ` [edited, version ${n.history.length}]` : '';
        out.line(`    note ${n.id}${state} by ${safeText(n.examiner)} at ${n.at}: ${n.deleted ? '(deleted)' : truncate(safeText(n.text ?? ''), 200)}`);
      }
    }
    return 0;
  } finally {
    c.close();
  }
}
