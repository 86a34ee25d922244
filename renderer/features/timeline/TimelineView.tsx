/** The Timeline view: filters, the histogram, the virtualised list and the side pane; j/k/Enter keyboard navigation. */
import { useEffect } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { count } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectPlan, selectTimelineError, selectTimelineLoading, selectTimelineNotes, selectWindow } from '../../store/selectors';
import { EventList } from './EventList';
import { FilterBar } from './FilterBar';
import { Histogram } from './Histogram';
import { SidePane } from './SidePane';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** The line under the list; its own component so page loads re-render it, not the whole view. */
function StatusLine() {
  const notes = useStore(selectTimelineNotes);
  const win = useStore(selectWindow);
  const loading = useStore(selectTimelineLoading);
  const plan = useStore(selectPlan);
  return (
    <div className="status-line muted small" data-testid="timeline-status">
      {loading === 'reload' ? 'Loading…' : `${count(win.events.length)} events loaded${win.atStart ? ' · start of timeline' : ''}${win.atEnd ? ' · end of timeline' : ''}`}
      {loading === 'before' || loading === 'after' ? ' · loading more…' : ''}
      {plan ? ` · read by ${plan} index` : ''}
      {notes.map((n) => ` · ${n}`).join('')}
    </div>
  );
}

export function TimelineView() {
  const error = useStore(selectTimelineError);

  useEffect(() => {
    const s = actions();
    if (s.win.events.length === 0 && s.loading === 'none') void s.reloadTimeline();
    if (!s.histogram) void s.loadHistogram();
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const a = actions();
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          a.moveSelection(1);
          break;
        case 'k':
        case 'ArrowUp':
          a.moveSelection(-1);
          break;
        case 'PageDown':
          a.moveSelection(20);
          break;
        case 'PageUp':
          a.moveSelection(-20);
          break;
        case 'Enter':
          a.openSelected();
          break;
        case 'Escape':
          a.closeThread();
          break;
        case '/':
          document.getElementById('timeline-text')?.focus();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="timeline-view">
      <FilterBar />
      <Histogram />
      {error ? <ErrorNotice error={error} onClose={() => useStore.setState({ timelineError: null })} /> : null}
      <div className="timeline-main">
        <div className="timeline-list panel-column">
          <EventList />
          <StatusLine />
        </div>
        <SidePane />
      </div>
    </div>
  );
}
