/**
 * The Evidence view: files to import with their settings, the import queue, and the evidence items in the case —
 * each with its marks (bookmark, tags, notes) and a detail row holding its hashes, annotations and skipped units.
 */
import { Fragment, useEffect, useMemo, useRef } from 'react';
import type { AnnotatedTarget } from '../../../shared/annotations';
import { VisibleText } from '../../components/VisibleText';
import { bytes, count } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectItems, selectSkipped } from '../../store/selectors';
import { selectAnnotations, selectEvidenceFocus } from '../annotations/annotation-selectors';
import { AnnotationsLoader } from '../annotations/EventAnnotations';
import { TagChip } from '../annotations/TagChip';
import { TargetAnnotations } from '../annotations/TargetAnnotations';
import { evidenceAnnotations } from '../annotations/target-match';
import { ImportSettings } from './ImportSettings';
import { JobsPanel } from './JobsPanel';
import { SourceList } from './SourceList';
import './evidence-items.css';

function Skipped({ evidenceId }: { evidenceId: number }) {
  const skipped = useStore(selectSkipped)[evidenceId];
  if (!skipped) return <div className="muted">Loading…</div>;
  if (skipped.length === 0) return <div className="muted">Nothing was skipped or rejected.</div>;
  return (
    <table className="grid compact">
      <thead>
        <tr>
          <th>Outcome</th>
          <th>Units</th>
          <th>Reason</th>
          <th>Source</th>
          <th>Raw text as found</th>
        </tr>
      </thead>
      <tbody>
        {skipped.map((u, i) => (
          <tr key={i}>
            <td>{u.outcome}</td>
            <td>{u.count}</td>
            <td>{u.reason}</td>
            <td className="mono">
              <VisibleText text={u.source} oneLine />
            </td>
            <td className="raw">
              <VisibleText text={u.raw ?? ''} oneLine />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An item's marks in its row: a star when bookmarked, its tags as chips, ✎ and the count of live notes. */
function ItemMarks({ a }: { a: AnnotatedTarget | undefined }) {
  if (!a) return null;
  const notes = a.notes.filter((n) => !n.deleted).length;
  return (
    <span className="row-marks" data-testid="evidence-marks">
      {a.bookmark ? <span className="star" title={`bookmarked by ${a.bookmark.examiner}`}>★</span> : null}
      {a.tags.map((t) => (
        <TagChip key={t.name} name={t.name} colour={t.colour} />
      ))}
      {notes ? <span className="star" title={`${notes} note(s)`}>✎{notes > 1 ? notes : ''}</span> : null}
    </span>
  );
}

function Items() {
  const items = useStore(selectItems);
  const list = useStore(selectAnnotations);
  const open = useStore(selectEvidenceFocus);
  const marks = useMemo(() => evidenceAnnotations(list), [list]);
  const openRow = useRef<HTMLTableRowElement | null>(null);
  // Opened from the bookmarks panel (or clicked): bring the item's row into view.
  useEffect(() => {
    if (open !== null) openRow.current?.scrollIntoView({ block: 'nearest' });
  }, [open, items.length]);
  if (items.length === 0) return null;
  const toggle = (id: number) => actions().setEvidenceFocus(open === id ? null : id);
  return (
    <section className="panel wide" aria-labelledby="items-h">
      <h2 id="items-h">Evidence items in this case</h2>
      <table className="grid items">
        <thead>
          <tr>
            <th>Item</th>
            <th>File</th>
            <th>Size</th>
            <th>Format</th>
            <th>Zone</th>
            <th>Order</th>
            <th>Region</th>
            <th>Owner</th>
            <th>Msgs</th>
            <th>Calls</th>
            <th>Contacts</th>
            <th>Tx</th>
            <th>Rows</th>
            <th>Rejected / skipped</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <Fragment key={e.id}>
              <tr data-testid="evidence-item" data-evidence={e.id} ref={open === e.id ? openRow : undefined} className={open === e.id ? 'evidence-open' : undefined}>
                <td className="evidence-id-cell">
                  <button className="link mono" aria-expanded={open === e.id} title="Details: hashes, tags, bookmark, notes, skipped units" onClick={() => toggle(e.id)}>
                    E{e.id}
                  </button>
                  <ItemMarks a={marks.get(e.id)} />
                </td>
                <td title={e.pathGiven}>
                  <VisibleText text={e.file} oneLine />
                </td>
                <td>{bytes(e.size)}</td>
                <td>{e.format}</td>
                <td>{e.tz}</td>
                <td>{e.dateOrder ?? '—'}</td>
                <td>{e.region ?? '—'}</td>
                <td>{e.owner ? <VisibleText text={e.owner} oneLine /> : '—'}</td>
                <td>{count(e.counts.messages)}</td>
                <td>{count(e.counts.calls)}</td>
                <td>{count(e.counts.contacts)}</td>
                <td>{count(e.counts.transactions)}</td>
                <td>{count(e.counts.rows)}</td>
                <td>
                  <button className="link" onClick={() => toggle(e.id)}>
                    {e.counts.rejected} / {e.counts.skipped}
                  </button>
                </td>
                <td className="mono hash" title={`SHA-256 ${e.sha256}\nSHA-1 ${e.sha1}\nMD5 ${e.md5}`}>
                  {e.sha256.slice(0, 16)}…
                </td>
              </tr>
              {open === e.id ? (
                <tr className="detail-row evidence-detail" data-testid="evidence-detail">
                  <td colSpan={15}>
                    <div className="mono small">
                      SHA-256 {e.sha256} · SHA-1 {e.sha1} · MD5 {e.md5} · imported {e.imported} by <VisibleText text={e.examiner} oneLine /> · path as given{' '}
                      <VisibleText text={e.pathGiven} oneLine />
                      {e.pathResolved !== e.pathGiven ? (
                        <>
                          {' '}· <strong>read through a link:</strong> <VisibleText text={e.pathResolved} oneLine />
                        </>
                      ) : null}
                    </div>
                    <TargetAnnotations target={{ type: 'evidence', id: e.id }} />
                    <Skipped evidenceId={e.id} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function EvidenceView() {
  useEffect(() => {
    void actions().loadSources();
    void actions().loadItems();
    void actions().pollJobs();
  }, []);
  return (
    <div className="evidence-view">
      <AnnotationsLoader />
      <div className="evidence-top">
        <SourceList />
        <div className="evidence-side">
          <ImportSettings />
          <JobsPanel />
        </div>
      </div>
      <Items />
    </div>
  );
}
