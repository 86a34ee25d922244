/**
 * The bookmarks panel: every bookmarked, tagged or noted event, entity and evidence item, with tag chips, notes,
 * the source citation and the time in the display zone, grouped by target kind. Filter by tag; click a target to
 * open it where it lives: an event in the timeline, an entity's card in the workbench, an evidence item's row.
 */
import { useEffect, useMemo } from 'react';
import type { AnnotatedTarget } from '../../../shared/annotations';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { splitDisplay } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectSummary } from '../../store/selectors';
import { selectAnnotationTagFilter, selectAnnotations, selectAnnotationsError, selectAnnotationsLoading } from './annotation-selectors';
import { NoteList } from './NoteList';
import { TagChip } from './TagChip';
import { targetLabel } from './target-match';
import { shownTime } from './time';
import './annotations.css';

/** Where clicking the target's label takes the examiner (null: nothing to open — the target is gone). */
function openTitle(a: AnnotatedTarget): string | null {
  switch (a.target.type) {
    case 'event':
      return a.eventKey ? 'Open in the timeline' : null;
    case 'entity':
      return a.entity !== null ? "Open the entity's card" : null;
    case 'evidence':
      return a.found ? 'Open the evidence item' : null;
    default: {
      const never: never = a.target;
      return never;
    }
  }
}

function Item({ a, tz }: { a: AnnotatedTarget; tz: string }) {
  const d = a.display ? splitDisplay(a.display.time) : null;
  const open = openTitle(a);
  return (
    <li className={`bm-item bm-${a.target.type}${a.found ? '' : ' missing'}`} data-target={targetLabel(a)} data-testid="bookmark-item">
      <div className="bm-head">
        {a.bookmark ? (
          <span className="bm-star" title={`bookmarked by ${a.bookmark.examiner}, ${shownTime(a.bookmark.at, tz)}`}>
            ★
          </span>
        ) : null}
        {open ? (
          <button className="link mono bm-open" title={open} onClick={() => void actions().openAnnotatedTarget(a)}>
            {targetLabel(a)}
          </button>
        ) : (
          <span className="mono">{targetLabel(a)}</span>
        )}
        {d ? (
          <span className="mono bm-time">
            {d.wall} <span className="off">{d.offset}</span>
          </span>
        ) : null}
        <strong className="bm-title">
          <VisibleText text={a.title} oneLine />
        </strong>
        {a.bookmark?.label ? (
          <span className="bm-label">
            “<VisibleText text={a.bookmark.label} oneLine />”
          </span>
        ) : null}
        <span className="spacer" />
        {a.tags.map((t) => (
          <TagChip key={t.name} name={t.name} colour={t.colour} title={`${t.name} — tagged by ${t.examiner}, ${shownTime(t.at, tz)}`} />
        ))}
      </div>
      {a.text !== null ? (
        <div className="bm-text">
          <VisibleText text={a.text.length > 600 ? `${a.text.slice(0, 600)}…` : a.text} />
        </div>
      ) : null}
      <div className="bm-source mono small" data-testid="bookmark-citation">
        <VisibleText text={a.source} oneLine />
        {a.found ? null : <span className="badge bad"> not found</span>}
      </div>
      <NoteList notes={a.notes} tz={tz} editable />
    </li>
  );
}

export function BookmarksView() {
  const list = useStore(selectAnnotations);
  const loading = useStore(selectAnnotationsLoading);
  const error = useStore(selectAnnotationsError);
  const tagFilter = useStore(selectAnnotationTagFilter);
  const tz = useStore(selectDisplayTz);
  const uuid = useStore((s) => selectSummary(s)?.uuid ?? null);

  useEffect(() => {
    if (uuid) void actions().loadAnnotations();
  }, [uuid, tz]);

  const items = useMemo(() => {
    const all = list?.items ?? [];
    return tagFilter.length ? all.filter((a) => a.tags.some((t) => tagFilter.includes(t.name))) : all;
  }, [list, tagFilter]);

  if (!uuid) return <section className="placeholder" aria-label="Bookmarks">Open a case to see its bookmarks, tags and notes.</section>;
  const groups: [string, AnnotatedTarget[]][] = [
    ['Events', items.filter((a) => a.target.type === 'event')],
    ['Entities', items.filter((a) => a.target.type === 'entity')],
    ['Evidence items', items.filter((a) => a.target.type === 'evidence')],
  ];
  const toggle = (name: string) => actions().setAnnotationTagFilter(tagFilter.includes(name) ? tagFilter.filter((x) => x !== name) : [...tagFilter, name]);

  return (
    <section className="bookmarks-view" aria-label="Bookmarks">
      <header className="bm-bar">
        <h2>Bookmarks, tags and notes</h2>
        <span className="muted small">times in {tz}</span>
        <span className="spacer" />
        <button onClick={() => void actions().loadAnnotations()} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </header>
      {error ? <ErrorNotice error={error} onClose={() => void actions().loadAnnotations()} /> : null}
      {list && list.tags.length ? (
        <div className="bm-tags" role="group" aria-label="Filter by tag">
          <span className="muted small">Tags:</span>
          {list.tags.map((t) => (
            <button key={t.id} className={tagFilter.includes(t.name) ? 'bm-tag-filter on' : 'bm-tag-filter'} aria-pressed={tagFilter.includes(t.name)} onClick={() => toggle(t.name)} title={t.description ?? `${t.uses} use(s)`}>
              <TagChip name={t.name} colour={t.colour} /> <span className="muted small">{t.uses}</span>
            </button>
          ))}
          {tagFilter.length ? (
            <button className="link" onClick={() => actions().setAnnotationTagFilter([])}>
              Show all
            </button>
          ) : null}
        </div>
      ) : null}
      {list && list.items.length === 0 ? (
        <p className="muted hint">
          Nothing is bookmarked, tagged or noted yet. In the Timeline, select an event and press b to bookmark it, or add a tag or a note in the pane beside the list; entities
          carry the same controls on their card (Entities), evidence items in their row (Evidence).
        </p>
      ) : null}
      {groups.map(([title, g]) =>
        g.length ? (
          <section key={title} className="bm-group" aria-label={title}>
            <h3>
              {title} <span className="muted small">({g.length})</span>
            </h3>
            <ul className="bm-list">
              {g.map((a) => (
                <Item key={`${a.target.type}:${a.target.id}`} a={a} tz={tz} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
    </section>
  );
}
