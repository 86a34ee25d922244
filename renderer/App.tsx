/** The workstation: top bar, the global error notice, and the current view. */
import { useEffect } from 'react';
import { ErrorNotice } from './components/ErrorNotice';
import { TopBar } from './components/TopBar';
import { CaseView } from './features/case/CaseView';
import { EvidenceView } from './features/evidence/EvidenceView';
import { BookmarksView } from './features/annotations/BookmarksView';
import { EntitiesView } from './features/identity/EntitiesView';
import { GraphView } from './features/graph/GraphView';
import { ReportView } from './features/reports/ReportView';
import { SearchView } from './features/search/SearchView';
import { TimelineView } from './features/timeline/TimelineView';
import { useStore } from './store';
import { actions } from './store/actions';
import { selectNotice, selectSummary, selectView } from './store/selectors';
import type { View } from './store/types';

const BY_KEY: Record<string, View> = { '1': 'case', '2': 'evidence', '3': 'timeline', '4': 'search', '5': 'entities', '6': 'graph', '7': 'bookmarks', '8': 'report' };

export function App() {
  const view = useStore(selectView);
  const notice = useStore(selectNotice);
  const summary = useStore(selectSummary);

  useEffect(() => {
    void actions().loadInfo();
    const onKey = (e: KeyboardEvent) => {
      const v = e.altKey && !e.ctrlKey && !e.metaKey ? BY_KEY[e.key] : undefined;
      if (v && (v === 'case' || actions().summary)) {
        e.preventDefault();
        actions().setView(v);
      }
    };
    window.addEventListener('keydown', onKey);
    // Dropping a file anywhere must never make the browser open it (a seized HTML file would run as a page).
    const stop = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  return (
    <div className="app">
      <TopBar />
      {notice ? (
        <div className="notice-bar">
          <ErrorNotice error={notice} onClose={() => actions().clearNotice()} />
        </div>
      ) : null}
      <main className="view">
        {view === 'case' || !summary ? <CaseView /> : null}
        {view === 'evidence' && summary ? <EvidenceView /> : null}
        {view === 'timeline' && summary ? <TimelineView /> : null}
        {view === 'search' && summary ? <SearchView /> : null}
        {view === 'entities' && summary ? <EntitiesView /> : null}
        {view === 'graph' && summary ? <GraphView /> : null}
        {view === 'bookmarks' && summary ? <BookmarksView /> : null}
        {view === 'report' && summary ? <ReportView /> : null}
      </main>
    </div>
  );
}
