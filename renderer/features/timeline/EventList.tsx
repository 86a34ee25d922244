/**
 * The virtualised event list: fixed-height rows placed by transform, only those on screen (plus a margin) rendered,
 * in recycled slots so scrolling updates a few rows' text instead of building new DOM rows every frame; pages are
 * fetched by keyset well ahead of the viewport. When rows are added before or dropped above the viewport, the
 * topmost visible event keeps its place on screen (scroll anchoring by event key).
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import type { TimelineEvent } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { RowMarks } from '../annotations/RowMarks';
import { splitDisplay } from '../../lib/format';
import { nearEdges, rebaseSlots, rowSlot, scrollToReveal, slotPool, visibleRange } from '../../lib/virtual';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectRevealKey, selectSelectedKey, selectTimelineLoading, selectWindow } from '../../store/selectors';

export const ROW_HEIGHT = 26;
const OVERSCAN = 8;
/** Fetch more when the viewport is this many rows (half a page) from an end of the loaded window, so a fast scroll
 * does not reach the end of what is loaded while the page is on its way. */
const EDGE_ROWS = 150;
/** Rows show a prefix of long texts (more than the widest text column holds; every character shown is shaped and
 * laid out); the detail pane shows all of it. */
const ROW_TEXT_CHARS = 240;

function clip(s: string): string {
  if (s.length <= ROW_TEXT_CHARS) return s;
  // Never cut a surrogate pair in half (that would show as a damaged character).
  const cut = /[\ud800-\udbff]/.test(s[ROW_TEXT_CHARS - 1]!) ? ROW_TEXT_CHARS - 1 : ROW_TEXT_CHARS;
  return `${s.slice(0, cut)}…`;
}

const Row = memo(function Row({ e, top, selected }: { e: TimelineEvent; top: number; selected: boolean }) {
  const t = e.display ? splitDisplay(e.display.time) : null;
  return (
    <div
      className={`row kind-${e.kind}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      role="row"
      aria-selected={selected}
      data-key={e.key}
      data-id={e.id}
      onClick={() => actions().select(e.key)}
      onDoubleClick={() => {
        actions().select(e.key);
        void actions().openThread(e);
      }}
    >
      <span className="c-time mono" role="cell">
        {t ? (
          <>
            {t.wall}
            <span className="off">{t.offset}</span>
          </>
        ) : (
          <span className="muted">(no time)</span>
        )}
      </span>
      <span className="c-kind" role="cell">
        <span className={`kind-badge ${e.kind}`}>{e.kind === 'message' && e.subkind !== 'text' ? e.subkind : e.kind}</span>
      </span>
      <span className="c-item" role="cell">
        E{e.evidence}
      </span>
      <span className="c-parties" role="cell">
        <VisibleText text={e.from ?? ''} oneLine />
        {e.to ? (
          <>
            <span className="arrow"> → </span>
            <VisibleText text={e.to} oneLine />
          </>
        ) : null}
      </span>
      <span className="c-text" role="cell">
        <RowMarks id={e.id} />
        {e.hasAttachment ? <span className="clip" title={e.attachments.join(', ')}>📎 </span> : null}
        <VisibleText text={clip(e.text)} oneLine />
      </span>
      <span className="c-src mono" role="cell" title={e.source}>
        <VisibleText text={e.source} oneLine />
      </span>
    </div>
  );
});

export function EventList() {
  const win = useStore(selectWindow);
  const selectedKey = useStore(selectSelectedKey);
  const revealKey = useStore(selectRevealKey);
  const loading = useStore(selectTimelineLoading);
  const tz = useStore(selectDisplayTz);
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  /** The row at the top of the viewport and how far it is scrolled past: kept in place when the window changes. */
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  /** What the last committed render showed: its window, slot base and first row (to recycle rows across windows). */
  const shown = useRef<{ events: readonly TimelineEvent[]; base: number; firstKey: string | null; firstIndex: number }>({ events: [], base: 0, firstKey: null, firstIndex: 0 });
  const frame = useRef(0);
  const events = win.events;

  const checkEdges = useCallback(
    (top: number) => {
      const near = nearEdges(top, height, ROW_HEIGHT, events.length, EDGE_ROWS);
      if (near.after && !win.atEnd) void actions().loadMore('after');
      else if (near.before && !win.atStart) void actions().loadMore('before');
    },
    [height, events.length, win.atEnd, win.atStart],
  );

  // Scroll events are coalesced to one update per animation frame, committed synchronously inside that frame so
  // the rows painted match the scroll offset painted (no extra task, no layout forced in the next frame).
  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const el = ref.current;
      if (!el) return;
      const top = el.scrollTop;
      const i = Math.min(events.length - 1, Math.floor(top / ROW_HEIGHT));
      anchor.current = i >= 0 ? { key: events[i]!.key, offset: top - i * ROW_HEIGHT } : null;
      flushSync(() => setScrollTop(top));
      checkEdges(top);
    });
  };

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // Where the viewport's top belongs in this window: a jump brings its target to the top; otherwise the anchored
  // event stays where it was on screen. Computed during render too, so the first render of a new window already
  // shows the right rows (and the scroll offset set after it changes nothing).
  const targetTop = (): number | null => {
    if (revealKey !== null) {
      const i = events.findIndex((e) => e.key === revealKey);
      return i >= 0 ? i * ROW_HEIGHT : null;
    }
    const a = anchor.current;
    if (!a) return 0;
    const i = events.findIndex((e) => e.key === a.key);
    return i >= 0 ? i * ROW_HEIGHT + a.offset : 0;
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const top = targetTop() ?? 0;
    if (revealKey !== null && events.some((e) => e.key === revealKey)) useStore.setState({ revealKey: null });
    if (Math.abs(el.scrollTop - top) > 0.5) el.scrollTop = top;
    setScrollTop(el.scrollTop);
    const i = Math.min(events.length - 1, Math.floor(el.scrollTop / ROW_HEIGHT));
    anchor.current = i >= 0 ? { key: events[i]!.key, offset: el.scrollTop - i * ROW_HEIGHT } : null;
  }, [events, revealKey]);

  // A short window, or one that just loaded at an edge, may need the next page without any scrolling.
  useEffect(() => {
    if (loading === 'none' && ref.current) checkEdges(ref.current.scrollTop);
  }, [loading, checkEdges]);

  // Keyboard selection scrolls its row into view.
  useEffect(() => {
    const el = ref.current;
    if (!el || selectedKey === null) return;
    const i = events.findIndex((e) => e.key === selectedKey);
    if (i < 0) return;
    const to = scrollToReveal(i, el.scrollTop, el.clientHeight, ROW_HEIGHT);
    if (to !== null) el.scrollTop = to;
  }, [selectedKey, events]);

  // Render: only the rows in view plus the overscan, each in a recycled slot. When the window changed since the last
  // commit, the rows shown before keep their slots (rows were added or dropped in front of them).
  const prev = shown.current;
  const changed = prev.events !== events;
  const top = changed ? (targetTop() ?? scrollTop) : scrollTop;
  let base = prev.base;
  if (changed && prev.firstKey !== null) {
    const j = events.findIndex((e) => e.key === prev.firstKey);
    if (j >= 0) base = rebaseSlots(prev.base, prev.firstIndex, j);
  }
  const { first, last } = visibleRange(top, height, ROW_HEIGHT, events.length, OVERSCAN);
  const pool = slotPool(last - first);
  const rows: ReactElement[] = [];
  for (let i = first; i < last; i++) {
    const e = events[i]!;
    rows.push(<Row key={rowSlot(i, base, pool)} e={e} top={i * ROW_HEIGHT} selected={e.key === selectedKey} />);
  }
  useLayoutEffect(() => {
    shown.current = { events, base, firstKey: events[first]?.key ?? null, firstIndex: first };
  });
  return (
    <div className="event-list" role="table" aria-label="Timeline events" aria-rowcount={events.length}>
      <div className="row head" role="row">
        <span className="c-time" role="columnheader">
          Time ({tz})
        </span>
        <span className="c-kind" role="columnheader">
          Kind
        </span>
        <span className="c-item" role="columnheader">
          Item
        </span>
        <span className="c-parties" role="columnheader">
          From → to
        </span>
        <span className="c-text" role="columnheader">
          Text
        </span>
        <span className="c-src" role="columnheader">
          Source
        </span>
      </div>
      <div className="list-scroll" ref={ref} onScroll={onScroll} data-testid="timeline-scroll">
        <div className="list-body" style={{ height: events.length * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
