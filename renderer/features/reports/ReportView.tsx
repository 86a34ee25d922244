/**
 * The report builder: choose the format, the sections, the events (the timeline's current filter or none) and the
 * report date; preview the report in a sandboxed frame; export it with progress and cancel, then show the file,
 * its SHA-256 and the sidecar manifest exactly as the engine wrote them.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { REPORT_FORMATS_WIRE, type ReportEntitySelection, type ReportFormatWire, type ReportJobState, type ReportSectionInfo } from '../../../shared/report-contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { bytes, count } from '../../lib/format';
import { utcToWall } from '../../lib/zone';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectPreviewing, selectReportError, selectReportForm, selectReportInfo, selectReportJob, selectReportPreview } from '../../store/report-selectors';
import { selectDisplayTz, selectFilter, selectSummary } from '../../store/selectors';
import { filterWords, PHASE_WORDS, reportProgress } from './report-words';
import './reports.css';

const live = (j: ReportJobState) => j.state === 'queued' || j.state === 'running';

function SectionLine({ s }: { s: ReportSectionInfo }) {
  const form = useStore(selectReportForm);
  const set = actions().setReportForm;
  let control: ReactNode;
  switch (s.id) {
    case 'entities':
      control = (
        <select
          aria-label="Entity profiles"
          value={form.entities}
          onChange={(e) => set({ entities: e.target.value as ReportEntitySelection })}
        >
          <option value="linked">linked only</option>
          <option value="all">all</option>
          <option value="none">none</option>
        </select>
      );
      break;
    case 'timeline':
      control = <input type="checkbox" aria-label="Include the timeline excerpt" checked={form.timeline} onChange={(e) => set({ timeline: e.target.checked })} />;
      break;
    case 'graph':
      control = <input type="checkbox" aria-label="Include the link graph" checked={form.graph} onChange={(e) => set({ graph: e.target.checked })} />;
      break;
    case 'audit':
      control = (
        <label className="inline-check">
          <input type="checkbox" checked={form.includeAudit} onChange={(e) => set({ includeAudit: e.target.checked })} /> full log
        </label>
      );
      break;
    default:
      control = <input type="checkbox" aria-label={s.label} checked={s.availability === 'always'} disabled />;
  }
  return (
    <li className={`section-line ${s.availability}`} data-section={s.id}>
      <span className="section-control">{control}</span>
      <span className="section-text">
        <strong>{s.label}</strong>
        {s.availability === 'always' ? <span className="badge">always</span> : null}
        {s.availability === 'unavailable' ? <span className="badge warn">not yet</span> : null}
        <span className="muted small"> {s.note}</span>
      </span>
    </li>
  );
}

function Options() {
  const info = useStore(selectReportInfo);
  const form = useStore(selectReportForm);
  const filter = useStore(selectFilter);
  const tz = useStore(selectDisplayTz);
  const previewing = useStore(selectPreviewing);
  const job = useStore(selectReportJob);
  const set = actions().setReportForm;
  if (!info) return <p className="muted">Loading the report options…</p>;
  const words = filterWords(filter, tz);
  const busy = job !== null && live(job);
  return (
    <section className="panel report-options" aria-labelledby="report-options-h">
      <h2 id="report-options-h">Report</h2>
      <fieldset className="formats">
        <legend>Format</legend>
        {REPORT_FORMATS_WIRE.map((f) => {
          const fi = info.formats.find((x) => x.id === f)!;
          return (
            <label key={f} className={form.format === f ? 'chip on' : 'chip'} title={fi.note}>
              <input type="radio" name="report-format" value={f} checked={form.format === f} onChange={() => set({ format: f as ReportFormatWire })} />
              {fi.label}
            </label>
          );
        })}
      </fieldset>
      <p className="muted small">{info.formats.find((x) => x.id === form.format)!.note}</p>
      {form.format === 'csv' ? (
        <label className="field">
          <span>CSV table (one table per file)</span>
          <select value={form.csvTable} onChange={(e) => set({ csvTable: e.target.value as typeof form.csvTable })}>
            {info.csvTables.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      ) : null}

      <h3>Sections</h3>
      <ul className="sections">
        {info.sections.map((s) => (
          <SectionLine key={s.id} s={s} />
        ))}
      </ul>

      <h3>Events in the timeline excerpt</h3>
      <label className="inline-check">
        <input type="checkbox" name="useTimelineFilter" checked={form.useTimelineFilter} disabled={!form.timeline} onChange={(e) => set({ useTimelineFilter: e.target.checked })} /> Use the timeline filter
      </label>
      <div className="filter-words small" data-testid="report-filter">
        {!form.timeline ? (
          <span className="muted">No timeline excerpt.</span>
        ) : form.useTimelineFilter && words.length ? (
          <VisibleText text={words.join('; ')} />
        ) : (
          <span className="muted">Every dated event{form.useTimelineFilter ? ' (the timeline has no filter set)' : ''}.</span>
        )}
      </div>
      <label className="field">
        <span>At most this many events (up to {count(info.maxEventsCeiling)})</span>
        <input
          type="number"
          name="maxEvents"
          min={0}
          max={info.maxEventsCeiling}
          value={form.maxEvents}
          disabled={!form.timeline}
          onChange={(e) => set({ maxEvents: Math.max(0, Math.min(info.maxEventsCeiling, Math.floor(Number(e.target.value) || 0))) })}
        />
      </label>

      <h3>Date and checks</h3>
      <label className="field">
        <span>
          Report date in {tz} (empty: the date of the case state, {utcToWall(info.stateDate, tz).replace('T', ' ')})
        </span>
        <input type="text" name="reportDate" placeholder="YYYY-MM-DD HH:MM" value={form.reportDate} onChange={(e) => set({ reportDate: e.target.value })} />
      </label>
      <label className="inline-check">
        <input type="checkbox" name="verifySources" checked={form.verifySources} onChange={(e) => set({ verifySources: e.target.checked })} /> Re-hash the evidence files for
        the report (slow for large seizures; the preview never does)
      </label>

      <h3>Output</h3>
      {info.output.kind === 'folder' ? (
        <label className="field">
          <span>
            File name in <span className="mono">{info.output.folder}</span> (the extension is added)
          </span>
          <input type="text" name="reportFileName" value={form.fileName} onChange={(e) => set({ fileName: e.target.value })} />
        </label>
      ) : (
        <p className="muted small">Export asks where to save the report.</p>
      )}
      <div className="actions">
        <button onClick={() => void actions().previewReport()} disabled={previewing}>
          {previewing ? 'Previewing…' : 'Preview'}
        </button>
        <button className="primary" onClick={() => void actions().exportReport()} disabled={busy}>
          Export {form.format.toUpperCase()}
        </button>
      </div>
    </section>
  );
}

function JobCard({ job }: { job: ReportJobState }) {
  const frac = reportProgress(job);
  const r = job.result;
  const ref = useRef<HTMLElement>(null);
  // Export is pressed at the foot of the options: bring the new job's progress into sight.
  // (A block body: current Chromium's scrollIntoView returns a promise, which React would take for a cleanup function.)
  useEffect(() => {
    void ref.current?.scrollIntoView({ block: 'nearest' });
  }, [job.id, job.state]);
  return (
    <section ref={ref} className={`panel report-job ${job.state}`} data-testid="report-job" data-state={job.state} aria-label="Report export">
      <div className="job-head">
        <span className="file-name">
          <VisibleText text={job.fileName} oneLine />
        </span>
        <span className={`state ${job.state}`}>{job.state}</span>
        <span className="spacer" />
        {live(job) ? (
          <button onClick={() => void actions().cancelReport()} aria-label={`Cancel the report ${job.fileName}`}>
            Cancel
          </button>
        ) : (
          <button className="link" onClick={() => actions().dismissReportJob()} aria-label="Dismiss">
            ×
          </button>
        )}
      </div>
      {live(job) ? (
        <>
          <div
            className={frac === null ? 'bar indeterminate' : 'bar'}
            role="progressbar"
            aria-label={`Report ${job.fileName}`}
            aria-valuemin={0}
            aria-valuemax={100}
            {...(frac !== null ? { 'aria-valuenow': Math.round(frac * 100) } : {})}
          >
            <div style={frac === null ? undefined : { width: `${Math.round(frac * 100)}%` }} />
          </div>
          <div className="muted small" data-testid="report-phase">
            {job.phase ? PHASE_WORDS[job.phase] : 'Starting'}
            {job.done !== null && job.total ? ` — ${count(job.done)} of ${count(job.total)}` : ''}
          </div>
        </>
      ) : null}
      {job.state === 'done' && r ? (
        <div className="report-result">
          <dl className="kv compact">
            <div>
              <dt>File</dt>
              <dd data-testid="report-file">
                <VisibleText text={r.fileName} oneLine />
              </dd>
            </div>
            <div>
              <dt>Folder</dt>
              <dd className="mono">
                <VisibleText text={r.folder} oneLine />
              </dd>
            </div>
            <div>
              <dt>SHA-256</dt>
              <dd className="mono hash" data-testid="report-sha256">
                {r.sha256}
              </dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>
                {bytes(r.size)}
                {r.pages !== null ? `, ${r.pages} pages` : ''}
              </dd>
            </div>
            <div>
              <dt>Events</dt>
              <dd>
                {count(r.events.shown)} of {count(r.events.matched)} matching
              </dd>
            </div>
            <div>
              <dt>Case state</dt>
              <dd>
                audit entry {r.chainHead.seq}, chain head <span className="mono">{r.chainHead.hash.slice(0, 16)}…</span>; recorded as audit entry {r.auditSeq}
              </dd>
            </div>
            <div>
              <dt>Verification</dt>
              <dd className={r.verificationOk ? 'good' : 'bad'}>{r.verificationOk ? 'passed at report time' : 'FAILED at report time — the report states what failed'}</dd>
            </div>
          </dl>
          <h3>
            Manifest <span className="mono small">{r.manifestName}</span>
          </h3>
          <pre className="manifest" data-testid="report-manifest">
            {r.manifest}
          </pre>
        </div>
      ) : null}
      {(job.state === 'failed' || job.state === 'cancelled') && job.error ? (
        <ErrorNotice error={job.error}>
          <p className="muted small">No report file was kept and nothing was added to the audit log.</p>
        </ErrorNotice>
      ) : null}
    </section>
  );
}

function Preview() {
  const p = useStore(selectReportPreview);
  const previewing = useStore(selectPreviewing);
  const summary = useStore(selectSummary);
  if (!p) {
    return (
      <section className="panel report-preview empty">
        <p className="muted">{previewing ? 'Rendering the preview…' : 'Preview shows the report as HTML for the options on the left (always HTML, whichever format you export).'}</p>
      </section>
    );
  }
  return (
    <section className="panel report-preview" aria-labelledby="report-preview-h">
      <div className="panel-head">
        <h2 id="report-preview-h">Preview</h2>
        <span className="muted small">
          {count(p.events.shown)} of {count(p.events.matched)} events · audit entry {p.chainHead.seq} · {bytes(p.size)}
        </span>
      </div>
      {summary && summary.audit.head !== p.chainHead.hash ? (
        <p className="note small" data-testid="preview-stale">
          The case has changed since this preview (audit entry {p.chainHead.seq} then, {summary.audit.entries} now — e.g. an export is recorded there). Preview again to see the
          report as it would be made now.
        </p>
      ) : null}
      {p.notes.map((n) => (
        <p key={n} className="note small">
          {n}
        </p>
      ))}
      <details className="preview-evidence" data-testid="preview-evidence">
        <summary>Evidence hashes in this report ({p.evidence.length})</summary>
        <ul>
          {p.evidence.map((e) => (
            <li key={e.id}>
              E{e.id} <VisibleText text={e.file} oneLine /> <span className="mono small">{e.sha256}</span>
            </li>
          ))}
        </ul>
      </details>
      {/* An empty sandbox: no scripts, no forms, no same-origin access; the report also carries its own CSP. */}
      <iframe className="report-frame" title="Report preview" sandbox="" srcDoc={p.html} data-testid="report-frame" />
    </section>
  );
}

export function ReportView() {
  const error = useStore(selectReportError);
  const job = useStore(selectReportJob);
  useEffect(() => {
    void actions().loadReportOptions();
  }, []);
  return (
    <div className="report-view">
      <div className="report-side">
        {/* Above the options, so progress and the result are in sight when Export is pressed. */}
        {error ? <ErrorNotice error={error} onClose={() => useStore.setState({ reportError: null })} /> : null}
        {job ? <JobCard job={job} /> : null}
        <Options />
      </div>
      <Preview />
    </div>
  );
}
