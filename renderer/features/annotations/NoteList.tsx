/** Notes on one target: current text, who and when, "edited" / "deleted" marks, the full history on request, edit and delete. */
import { useState } from 'react';
import type { NoteWire } from '../../../shared/annotations';
import { VisibleText } from '../../components/VisibleText';
import { actions } from '../../store/actions';
import { shownTime } from './time';

function NoteItem({ n, tz, editable }: { n: NoteWire; tz: string; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(n.text ?? '');
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={n.deleted ? 'note-item deleted' : 'note-item'} data-note={n.id}>
      {editing ? (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            void actions()
              .editNote(n.id, text)
              .then((ok) => ok && setEditing(false));
          }}
        >
          <textarea aria-label={`Edit note ${n.id}`} value={text} onChange={(ev) => setText(ev.target.value)} rows={3} />
          <div className="note-actions">
            <button type="submit" disabled={!text.trim()}>
              Save new version
            </button>
            <button type="button" className="link" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="note-text">{n.deleted ? <span className="muted">(deleted)</span> : <VisibleText text={n.text} />}</div>
      )}
      <div className="note-meta muted small">
        note {n.id} · <VisibleText text={n.examiner} oneLine /> · {shownTime(n.at, tz)}
        {n.edited ? <span className="badge" title="This note was changed; earlier versions are kept"> edited</span> : null}
        {n.deleted ? <span className="badge bad"> deleted</span> : null}
        {editable && !n.deleted && !editing ? (
          <>
            {' '}
            <button className="link small" onClick={() => setEditing(true)}>
              Edit
            </button>
            {confirming ? (
              <button className="link small bad" title="Its text stays in the note's history and the audit log" onClick={() => void actions().deleteNote(n.id)}>
                Confirm delete
              </button>
            ) : (
              <button className="link small" onClick={() => setConfirming(true)}>
                Delete
              </button>
            )}
          </>
        ) : null}
      </div>
      {n.history.length > 1 ? (
        <details className="note-history">
          <summary className="small muted">History ({n.history.length} versions)</summary>
          <ol>
            {n.history.map((h) => (
              <li key={h.version}>
                <span className="muted small">
                  v{h.version} · <VisibleText text={h.examiner} oneLine /> · {shownTime(h.at, tz)}:
                </span>{' '}
                {h.text === null ? <em className="muted">deleted</em> : <VisibleText text={h.text} />}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </li>
  );
}

export function NoteList({ notes, tz, editable }: { notes: NoteWire[]; tz: string; editable: boolean }) {
  if (notes.length === 0) return null;
  return (
    <ul className="note-list" aria-label="Notes">
      {notes.map((n) => (
        <NoteItem key={`${n.id}:${n.history.length}`} n={n} tz={tz} editable={editable} />
      ))}
    </ul>
  );
}
