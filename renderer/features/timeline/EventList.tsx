/**
 * The virtualised event list: fixed-height rows, only those on screen (plus a margin) mounted, pages fetched by
 * keyset as the viewport nears either end of what is loaded. When rows are added before or dropped above the
 * viewport, the topmost visible event keeps its place on screen (scroll anchoring by event key).
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import type { TimelineEvent } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { splitDisplay } from '../../lib/format';
import { nearEdges, scrollToReveal, visibleRange } from '../../lib/virtual';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectRevealKey, selectSelectedKey, selectTimelineLoading, selectWindow } from '../../store/selectors';

export const ROW_HEIGHT = 26;
const OVERSCAN = 8;
/** Fetch more when the viewport is this many rows from an end of the loaded window. */
const EDGE_ROWS = 80;
/** Rows show a prefix of long texts; the detail pane shows all of it. */
const ROW_TEXT_CHARS = 400;

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
  const anchor = useRef<{ key: string; offset: number } | null>(null);
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

  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const el = ref.current;
      if (!el) return;
      const top = el.scrollTop;
      setScrollTop(top);
      const i = Math.min(events.length - 1, Math.floor(top / ROW_HEIGHT));
      anchor.current = i >= 0 ? { key: events[i]!.key, offset: top - i * ROW_HEIGHT } : null;
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

  // Keep the anchored event in place when the window changes; a jump brings its target to the top.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let top = 0;
    if (revealKey !== null) {
      const i = events.findIndex((e) => e.key === revealKey);
      if (i >= 0) {
        top = i * ROW_HEIGHT;
        useStore.setState({ revealKey: null });
      }
    } else if (anchor.current) {
      const a = anchor.current;
      const i = events.findIndex((e) => e.key === a.key);
      top = i >= 0 ? i * ROW_HEIGHT + a.offset : 0;
    }
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

  const { first, last } = visibleRange(scrollTop, height, ROW_HEIGHT, events.length, OVERSCAN);
  const rows: ReactElement[] = [];
  for (let i = first; i < last; i++) {
    const e = events[i]!;
    rows.push(<Row key={e.key} e={e} top={i * ROW_HEIGHT} selected={e.key === selectedKey} />);
  }
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
