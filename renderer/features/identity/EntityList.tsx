/**
 * The entity list: a search box (names, identifiers in any written form, #id), the sort, and a virtualised list
 * whose pages main searches, sorts and slices — only the rows on screen are mounted and fetched.
 */
import { memo, useEffect, useRef, useState, type ReactElement } from 'react';
import type { EntityRowWire, EntitySort } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { count } from '../../lib/format';
import { scrollToReveal, visibleRange } from '../../lib/virtual';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { ENTITY_PAGE } from '../../store/identity-slice';
import {
  selectEntityDescending,
  selectEntityId,
  selectEntityLinkedOnly,
  selectEntityListError,
  selectEntityNotes,
  selectEntityPages,
  selectEntityQuery,
  selectEntitySort,
  selectEntityTotal,
} from '../../store/identity-selectors';
import { AnnotationsLoader } from '../annotations/EventAnnotations';
import { EntityRowMarks } from '../annotations/RowMarks';
import { LookalikeBadges } from './Flags';

export const ENTITY_ROW = 44;
const OVERSCAN = 10;

const SORTS: { id: EntitySort; label: string }[] = [
  { id: 'activity', label: 'Activity (events)' },
  { id: 'evidence', label: 'Devices / evidence items' },
  { id: 'identifiers', label: 'Identifiers + accounts' },
  { id: 'name', label: 'Name' },
  { id: 'id', label: 'Entity id' },
];

const Row = memo(function Row({ r, top, selected }: { r: EntityRowWire; top: number; selected: boolean }) {
  return (
    <div
      className={`idw-row${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      role="option"
      aria-selected={selected}
      data-testid="entity-row"
      data-entity={r.id}
      onClick={() => void actions().selectEntity(r.id)}
    >
      <div className="idw-row-1">
        <EntityRowMarks id={r.id} />
        <span className="idw-name">
          <VisibleText text={r.name} oneLine />
        </span>
        <LookalikeBadges flags={r.flags} />
        <span className="spacer" />
        <span className="mono muted small">#{r.id}</span>
      </div>
      <div className="idw-row-2">
        <span className="idw-stat" title="Timeline events it is a party to">
          {count(r.activity)} ev
        </span>
        <span className="idw-stat" title="Evidence items (devices, exports) it is seen in">
          {r.evidence} dev
        </span>
        <span className="idw-stat" title="Identifiers and accounts">
          {r.identifiers}+{r.accounts} ids
        </span>
        {r.suggestions ? (
          <span className="idw-sugg-count" title="Open suggestions naming it">
            {r.suggestions} sugg.
          </span>
        ) : null}
        <span className="idw-preview mono">
          <VisibleText text={r.preview.join('  ')} oneLine />
        </span>
      </div>
    </div>
  );
});

export function EntityList() {
  const query = useStore(selectEntityQuery);
  const sort = useStore(selectEntitySort);
  const descending = useStore(selectEntityDescending);
  const linkedOnly = useStore(selectEntityLinkedOnly);
  const pages = useStore(selectEntityPages);
  const total = useStore(selectEntityTotal);
  const notes = useStore(selectEntityNotes);
  const error = useStore(selectEntityListError);
  const selected = useStore(selectEntityId);
  const [text, setText] = useState(query);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });

  // Typing searches after a short pause (main answers from its index, but not on every key).
  useEffect(() => {
    if (text === query) return;
    const t = setTimeout(() => actions().setEntityQuery(text), 200);
    return () => clearTimeout(t);
  }, [text, query]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const n = total ?? 0;
  const range = visibleRange(view.top, view.height, ENTITY_ROW, n, OVERSCAN);
  useEffect(() => {
    if (n > 0) void actions().ensureEntityRows(range.first, range.last);
  }, [range.first, range.last, n, pages]);

  // A new query or sort starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [query, sort, descending, linkedOnly]);

  const rows: ReactElement[] = [];
  for (let i = range.first; i < range.last; i++) {
    const r = pages[Math.floor(i / ENTITY_PAGE)]?.[i % ENTITY_PAGE];
    rows.push(
      r ? (
        <Row key={r.id} r={r} top={i * ENTITY_ROW} selected={r.id === selected} />
      ) : (
        <div key={`p${i}`} className="idw-row placeholder" style={{ transform: `translateY(${i * ENTITY_ROW}px)` }}>
          …
        </div>
      ),
    );
  }

  /** Up/Down in the list: select the previous/next entity (among those loaded) and keep it in view. */
  const move = (delta: number) => {
    let at = -1;
    for (const [p, rs] of Object.entries(pages)) {
      const k = rs.findIndex((r) => r.id === selected);
      if (k >= 0) at = Number(p) * ENTITY_PAGE + k;
    }
    const next = Math.max(0, Math.min(n - 1, at + delta));
    const r = pages[Math.floor(next / ENTITY_PAGE)]?.[next % ENTITY_PAGE];
    if (!r) return;
    void actions().selectEntity(r.id);
    const el = scroller.current;
    const top = el ? scrollToReveal(next, el.scrollTop, el.clientHeight, ENTITY_ROW) : null;
    if (el && top !== null) el.scrollTop = top;
  };

  return (
    <section className="idw-list panel-column" aria-label="Entity list">
      {/* The rows' marks and the card's annotations read the annotation list. */}
      <AnnotationsLoader />
      <div className="idw-list-tools">
        <input
          type="search"
          aria-label="Search entities"
          placeholder="Name, number, e-mail, handle, wallet, #id"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') actions().setEntityQuery(text);
          }}
        />
        <div className="idw-sort">
          <select aria-label="Sort entities by" value={sort} onChange={(e) => actions().setEntitySort(e.target.value as EntitySort, e.target.value !== 'name' && e.target.value !== 'id')}>
            {SORTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <button className="small" title={descending ? 'Largest first (click for smallest first)' : 'Smallest first (click for largest first)'} aria-label="Reverse the order" onClick={() => actions().setEntitySort(sort, !descending)}>
            {descending ? '↓' : '↑'}
          </button>
          <label className="check-line small">
            <input type="checkbox" checked={linkedOnly} onChange={(e) => actions().setEntityLinkedOnly(e.target.checked)} /> linked only
          </label>
        </div>
        <div className="muted small" data-testid="entity-count">
          {total === null ? 'Loading…' : `${count(total)} ${total === 1 ? 'entity' : 'entities'}`}
          {notes.map((x) => (
            <span key={x}> · {x}</span>
          ))}
        </div>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <div
        className="idw-scroller"
        ref={scroller}
        role="listbox"
        aria-label="Entities"
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            move(e.key === 'ArrowDown' ? 1 : -1);
          }
        }}
        onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
        <div className="idw-spacer" style={{ height: n * ENTITY_ROW }}>
          {rows}
        </div>
        {total === 0 ? <p className="muted idw-empty">No entity matches.</p> : null}
      </div>
    </section>
  );
}
