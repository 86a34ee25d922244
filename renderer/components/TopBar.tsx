/** The top bar: the case in hand, the views, import activity, and the display-zone switch (always visible). */
import { useStore } from '../store';
import { actions } from '../store/actions';
import { selectActiveImports, selectInfo, selectJobCount, selectSummary, selectView } from '../store/selectors';
import type { View } from '../store/types';
import { VisibleText } from './VisibleText';
import { ZoneSwitch } from './ZoneSwitch';

const VIEWS: { id: View; label: string; key: string }[] = [
  { id: 'case', label: 'Case', key: '1' },
  { id: 'evidence', label: 'Evidence', key: '2' },
  { id: 'timeline', label: 'Timeline', key: '3' },
  { id: 'search', label: 'Search', key: '4' },
  { id: 'entities', label: 'Entities', key: '5' },
  { id: 'graph', label: 'Graph', key: '6' },
  { id: 'bookmarks', label: 'Bookmarks', key: '7' },
  { id: 'report', label: 'Report', key: '8' },
];

export function TopBar() {
  const view = useStore(selectView);
  const summary = useStore(selectSummary);
  const info = useStore(selectInfo);
  const active = useStore(selectActiveImports);
  const jobs = useStore(selectJobCount);
  return (
    <header className="topbar">
      <div className="brand">Threadline</div>
      <div className="case-label" title={summary ? `${summary.ref.location}/${summary.ref.name}` : undefined}>
        {summary ? (
          <>
            <strong>
              <VisibleText text={summary.caseNumber} oneLine />
            </strong>
            {summary.title ? (
              <span className="muted">
                {' '}
                — <VisibleText text={summary.title} oneLine />
              </span>
            ) : null}
          </>
        ) : (
          <span className="muted">No case open</span>
        )}
      </div>
      <nav className="views" aria-label="Views">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            className={view === v.id ? 'tab active' : 'tab'}
            aria-current={view === v.id ? 'page' : undefined}
            disabled={v.id !== 'case' && !summary}
            title={`${v.label} (Alt+${v.key})`}
            onClick={() => actions().setView(v.id)}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <div className="spacer" />
      {active ? (
        <button className="import-activity" onClick={() => actions().setView('evidence')} title="Imports in progress">
          Importing {jobs - active + 1} of {jobs}…
        </button>
      ) : null}
      {info ? <span className="mode">{info.mode === 'browser' ? 'browser mode · 127.0.0.1' : 'desktop'}</span> : null}
      <ZoneSwitch />
    </header>
  );
}
