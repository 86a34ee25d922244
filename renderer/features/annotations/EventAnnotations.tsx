/**
 * The selected event's annotations in the timeline's side pane: tag chips (remove with ×), add a tag (pick an
 * existing one or create it with a palette colour), bookmark toggle (key `b`), notes (add, edit, delete, history).
 * Also keeps the annotation list loaded for the open case and display zone (the rows' tag chips read it).
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { TAG_COLOUR_NAMES, type TagColour } from '../../../shared/annotations';
import type { TimelineEvent } from '../../../shared/model';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectSummary } from '../../store/selectors';
import { selectEventAnnotations, selectTagDefs } from './annotation-selectors';
import { NoteList } from './NoteList';
import { TagChip } from './TagChip';
import { shownTime } from './time';
import './annotations.css';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** Loads the annotation list when the case or the display zone changes. Renders nothing. */
export function AnnotationsLoader() {
  const uuid = useStore((s) => selectSummary(s)?.uuid ?? null);
  const tz = useStore(selectDisplayTz);
  useEffect(() => {
    if (uuid) void actions().loadAnnotations();
  }, [uuid, tz]);
  return null;
}

export const EventAnnotations = memo(function EventAnnotations({ e }: { e: TimelineEvent }) {
  const a = useStore(useMemo(() => selectEventAnnotations(e.id), [e.id]));
  const tags = useStore(selectTagDefs);
  const tz = useStore(selectDisplayTz);
  const [tag, setTag] = useState('');
  const [colour, setColour] = useState<TagColour | ''>('');
  const [note, setNote] = useState('');
  const target = useMemo(() => ({ type: 'event' as const, id: e.id }), [e.id]);
  const bookmarked = a?.bookmark != null;
  const known = tags.find((t) => t.name === tag.trim());

  useEffect(() => {
    setTag('');
    setNote('');
  }, [e.id]);

  // `b` toggles the bookmark on the selected event (the timeline's other keys are j / k / Enter / Escape / '/').
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key !== 'b' || ev.altKey || ev.ctrlKey || ev.metaKey || typing(ev.target)) return;
      ev.preventDefault();
      void actions().setBookmark(target, !bookmarked);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [target, bookmarked]);

  const addTag = () => {
    const name = tag.trim();
    if (!name) return;
    void actions()
      .tagTarget(target, name, colour || undefined)
      .then((ok) => {
        if (ok) {
          setTag('');
          setColour('');
        }
      });
  };

  return (
    <section className="event-annotations" aria-label="Annotations" data-testid="event-annotations">
      <div className="detail-head">
        <strong>Annotations</strong>
        <span className="spacer" />
        <button className={bookmarked ? 'bookmark on' : 'bookmark'} aria-pressed={bookmarked} title="Bookmark this event (b)" onClick={() => void actions().setBookmark(target, !bookmarked)}>
          {bookmarked ? '★ Bookmarked' : '☆ Bookmark'} <kbd>b</kbd>
        </button>
      </div>
      {a?.bookmark ? (
        <p className="muted small">
          bookmarked by {a.bookmark.examiner} · {shownTime(a.bookmark.at, tz)}
        </p>
      ) : null}
      <div className="tag-row" aria-label="Tags">
        {a?.tags.map((t) => <TagChip key={t.name} name={t.name} colour={t.colour} title={`${t.name} — tagged by ${t.examiner}, ${shownTime(t.at, tz)}`} onRemove={() => void actions().untagTarget(target, t.name)} />)}
      </div>
      <form
        className="tag-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          addTag();
        }}
      >
        <input list="annotation-tag-options" placeholder="Tag…" aria-label="Tag name" value={tag} onChange={(ev) => setTag(ev.target.value)} maxLength={200} />
        <datalist id="annotation-tag-options">
          {tags.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
        <select aria-label="Tag colour" value={colour} onChange={(ev) => setColour(ev.target.value as TagColour | '')}>
          <option value="">{known ? `colour: ${known.colour}` : 'colour: next in palette'}</option>
          {TAG_COLOUR_NAMES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!tag.trim()}>
          Add tag
        </button>
      </form>
      <NoteList notes={a?.notes ?? []} tz={tz} editable />
      <form
        className="note-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (!note.trim()) return;
          void actions()
            .addNote(target, note)
            .then((ok) => ok && setNote(''));
        }}
      >
        <textarea placeholder="Note on this event (kept with every later edit)…" aria-label="New note" rows={2} value={note} onChange={(ev) => setNote(ev.target.value)} />
        <button type="submit" disabled={!note.trim()}>
          Add note
        </button>
      </form>
    </section>
  );
});
