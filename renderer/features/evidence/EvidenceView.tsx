/** The Evidence view: files to import with their settings, the import queue, and the evidence items in the case. */
import { Fragment, useEffect, useState } from 'react';
import { VisibleText } from '../../components/VisibleText';
import { bytes, count } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectItems, selectSkipped } from '../../store/selectors';
import { ImportSettings } from './ImportSettings';
import { JobsPanel } from './JobsPanel';
import { SourceList } from './SourceList';

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

function Items() {
  const items = useStore(selectItems);
  const [open, setOpen] = useState<number | null>(null);
  if (items.length === 0) return null;
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
              <tr data-testid="evidence-item">
                <td>E{e.id}</td>
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
                  <button
                    className="link"
                    onClick={() => {
                      setOpen(open === e.id ? null : e.id);
                      void actions().loadSkipped(e.id);
                    }}
                  >
                    {e.counts.rejected} / {e.counts.skipped}
                  </button>
                </td>
                <td className="mono hash" title={`SHA-256 ${e.sha256}\nSHA-1 ${e.sha1}\nMD5 ${e.md5}`}>
                  {e.sha256.slice(0, 16)}…
                </td>
              </tr>
              {open === e.id ? (
                <tr className="detail-row">
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
