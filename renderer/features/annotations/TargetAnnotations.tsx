/**
 * Tags, bookmark and notes on one target — an event (timeline side pane), an entity (entity card) or an evidence
 * item (evidence table): tag chips (remove with ×), add a tag (pick an existing one or create it with a palette
 * colour), bookmark toggle (optionally on key `b`), notes (add, edit, delete, history). One component for all three.
 */
import { memo, useEffect, useId, useMemo, useState } from 'react';
import { TAG_COLOUR_NAMES, type AnnotationTargetRef, type TagColour } from '../../../shared/annotations';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz } from '../../store/selectors';
import { selectAnnotations, selectTagDefs } from './annotation-selectors';
import { NoteList } from './NoteList';
import { TagChip } from './TagChip';
import { annotationsOn, targetLabel } from './target-match';
import { shownTime } from './time';
import './annotations.css';

/** What the target is called in labels and placeholders. */
const NOUN: Record<AnnotationTargetRef['type'], string> = { event: 'event', entity: 'entity', evidence: 'evidence item' };

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * `hotkey`: `b` toggles this target's bookmark — only where one target is selected at a time (the timeline's
 * selected event, the entity on the card), never in lists with several panes open.
 */
export const TargetAnnotations = memo(function TargetAnnotations({ target, hotkey = false }: { target: AnnotationTargetRef; hotkey?: boolean }) {
  const list = useStore(selectAnnotations);
  const tags = useStore(selectTagDefs);
  const tz = useStore(selectDisplayTz);
  const [tag, setTag] = useState('');
  const [colour, setColour] = useState<TagColour | ''>('');
  const [note, setNote] = useState('');
  const tagListId = useId();
  // A stable object per target, so effects and memoised children do not re-run on every list refresh.
  const ref = useMemo<AnnotationTargetRef>(() => (target.type === 'event' ? { type: 'event', id: target.id } : { type: target.type, id: target.id }), [target.type, target.id]);
  const { own: a, carried } = useMemo(() => annotationsOn(list, ref), [list, ref]);
  const noun = NOUN[ref.type];
  const bookmarked = a?.bookmark != null;
  const known = tags.find((t) => t.name === tag.trim());

  useEffect(() => {
    setTag('');
    setNote('');
  }, [ref]);

  useEffect(() => {
    if (!hotkey) return;
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key !== 'b' || ev.altKey || ev.ctrlKey || ev.metaKey || typing(ev.target)) return;
      ev.preventDefault();
      void actions().setBookmark(ref, !bookmarked);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hotkey, ref, bookmarked]);

  const addTag = () => {
    const name = tag.trim();
    if (!name) return;
    void actions()
      .tagTarget(ref, name, colour || undefined)
      .then((ok) => {
        if (ok) {
          setTag('');
          setColour('');
        }
      });
  };

  return (
    <section className={`event-annotations target-annotations ta-${ref.type}`} aria-label="Annotations" data-testid={`${ref.type}-annotations`} data-target={`${ref.type}:${ref.id}`}>
      <div className="detail-head">
        <strong>Annotations</strong>
        <span className="spacer" />
        <button className={bookmarked ? 'bookmark on' : 'bookmark'} aria-pressed={bookmarked} title={`Bookmark this ${noun}${hotkey ? ' (b)' : ''}`} onClick={() => void actions().setBookmark(ref, !bookmarked)}>
          {bookmarked ? '★ Bookmarked' : '☆ Bookmark'}
          {hotkey ? (
            <>
              {' '}
              <kbd>b</kbd>
            </>
          ) : null}
        </button>
      </div>
      {a?.bookmark ? (
        <p className="muted small">
          bookmarked by {a.bookmark.examiner} · {shownTime(a.bookmark.at, tz)}
        </p>
      ) : null}
      <div className="tag-row" aria-label="Tags">
        {a?.tags.map((t) => <TagChip key={t.name} name={t.name} colour={t.colour} title={`${t.name} — tagged by ${t.examiner}, ${shownTime(t.at, tz)}`} onRemove={() => void actions().untagTarget(ref, t.name)} />)}
      </div>
      <form
        className="tag-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          addTag();
        }}
      >
        <input list={tagListId} placeholder="Tag…" aria-label="Tag name" value={tag} onChange={(ev) => setTag(ev.target.value)} maxLength={200} />
        <datalist id={tagListId}>
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
            .addNote(ref, note)
            .then((ok) => ok && setNote(''));
        }}
      >
        <textarea placeholder={`Note on this ${noun} (kept with every later edit)…`} aria-label="New note" rows={2} value={note} onChange={(ev) => setNote(ev.target.value)} />
        <button type="submit" disabled={!note.trim()}>
          Add note
        </button>
      </form>
      {carried.map((c) => (
        // Made on an entity that was later merged into this one: anchored to that identity node, so tags and the
        // bookmark can only be taken off after undoing the merge; its notes stay editable (notes are kept by id).
        <div key={`${c.target.type}:${c.target.id}`} className="ta-carried" data-testid="carried-annotations">
          <p className="muted small">
            Carried over from identity node {c.target.id}, merged into {targetLabel(c)}
            {c.bookmark ? ` · ★ bookmarked by ${c.bookmark.examiner}, ${shownTime(c.bookmark.at, tz)}` : ''}
          </p>
          {c.tags.length ? (
            <div className="tag-row">
              {c.tags.map((t) => (
                <TagChip key={t.name} name={t.name} colour={t.colour} title={`${t.name} — tagged by ${t.examiner}, ${shownTime(t.at, tz)} (on identity node ${c.target.id}; undo the merge to remove)`} />
              ))}
            </div>
          ) : null}
          <NoteList notes={c.notes} tz={tz} editable />
        </div>
      ))}
    </section>
  );
});
