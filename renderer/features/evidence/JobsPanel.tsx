/**
 * Imports in progress and finished: a progress bar with counts and cancel; on completion the hashes, counts and
 * skipped units with reasons; on failure the reason and what to do — and when the answer is a question the
 * examiner can give (day/month order, a deliberate duplicate, a different format), the question itself.
 */
import { useState } from 'react';
import type { ImportOptionsWire, JobState } from '../../../shared/model';
import { FormatOptions } from '../../components/ChoiceOptions';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { bytes, count } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectJobs } from '../../store/selectors';

const PHASES = { hashing: 'Hashing (SHA-256, SHA-1, MD5)', parsing: 'Parsing', verifying: 'Re-hashing to prove the bytes did not change', linking: 'Linking identities and indexing', committing: 'Committing' } as const;

/** Overall fraction done, by phase (parsing has no known total, so it fills its share as an animation). */
function progressOf(j: JobState): number | null {
  switch (j.phase) {
    case null:
      return 0;
    case 'hashing':
      return j.totalBytes ? (0.3 * (j.bytes ?? 0)) / j.totalBytes : null;
    case 'parsing':
      return null;
    case 'verifying':
      return 0.85;
    case 'linking':
      return 0.9;
    case 'committing':
      return 0.97;
    default: {
      const never: never = j.phase;
      return never;
    }
  }
}

function Question({ job }: { job: JobState }) {
  const [format, setFormat] = useState(job.options.format);
  const retry = (patch: Partial<ImportOptionsWire>) => void actions().retryJob(job.id, patch);
  const code = job.error?.code;
  if (code === 'DATE_ORDER_AMBIGUOUS') {
    return (
      <div className="question" data-testid="question-date-order">
        <strong>How are dates written in this file?</strong> Every date in it could be read either way, so Threadline will not guess.
        Check a message whose date you know (e.g. from its content or the device's settings), then choose:
        <div className="actions">
          <button onClick={() => retry({ dateOrder: 'dmy' })}>Day first (31/12)</button>
          <button onClick={() => retry({ dateOrder: 'mdy' })}>Month first (12/31)</button>
          <button onClick={() => retry({ dateOrder: 'ymd' })}>Year first (2025/12/31)</button>
        </div>
        <span className="muted small">Your answer is recorded with the evidence item and in the audit log.</span>
      </div>
    );
  }
  if (code === 'SOURCE_DUPLICATE') {
    return (
      <div className="question" data-testid="question-duplicate">
        <div className="actions">
          <button onClick={() => retry({ allowDuplicate: true })}>Import this second copy anyway (recorded in the audit log)</button>
        </div>
      </div>
    );
  }
  if (code === 'FORMAT_UNRECOGNISED' || code === 'FORMAT_MISMATCH' || code === 'TIMEZONE_INVALID' || code === 'BAD_ARGUMENT') {
    return (
      <div className="question">
        <label className="field inline">
          <span>Format</span>
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            <FormatOptions />
          </select>
        </label>
        <button onClick={() => retry({ format })}>Try again</button>
      </div>
    );
  }
  if (code === 'IMPORT_CANCELLED' || code === 'SOURCE_CHANGED' || code === 'DISK_FULL') {
    return (
      <div className="actions">
        <button onClick={() => retry({})}>Start again</button>
      </div>
    );
  }
  return null;
}

function Done({ job }: { job: JobState }) {
  const r = job.result!;
  const a = r.accounting;
  const reasons = Object.entries(a.reasons);
  return (
    <div className="job-result">
      <div>
        <strong>E{r.evidenceId}</strong> · {r.format} {r.importerVersion}
        {r.layout ? ` (${r.layout})` : ''} · {bytes(r.hashes.size)} · zone {r.tz} · order {r.dateOrder ?? '—'} · region {r.region ?? '—'} · owner{' '}
        {r.owner ? <VisibleText text={r.owner} oneLine /> : '—'}
      </div>
      <div className="hashes mono small">
        <div>SHA-256 {r.hashes.sha256}</div>
        <div>
          SHA-1 {r.hashes.sha1} · MD5 {r.hashes.md5}
        </div>
      </div>
      <div data-testid="job-accounting">
        {count(a.seen)} {a.unit}s seen: {count(a.parsed)} parsed, {count(a.skipped)} skipped, {count(a.rejected)} rejected
        {reasons.length ? ` — ${reasons.map(([k, v]) => `${k} ${v}`).join('; ')}` : ''}
      </div>
      <div className="muted">
        Records: {Object.entries(r.written).map(([k, v]) => `${k} ${count(v)}`).join(', ') || 'none'}
        {r.firstUtc ? ` · span ${r.firstUtc} … ${r.lastUtc} (UTC)` : ''}
        {Object.keys(r.timeFlags).length ? ` · time flags: ${Object.entries(r.timeFlags).map(([k, v]) => `${k} ${v}`).join('; ')}` : ''}
      </div>
      {r.duplicateOf ? <div className="note">A second copy of E{r.duplicateOf}, imported on the examiner's decision.</div> : null}
    </div>
  );
}

function JobCard({ job }: { job: JobState }) {
  const frac = progressOf(job);
  const live = job.state === 'running' || job.state === 'queued';
  return (
    <li className={`job ${job.state}`} data-testid="job" data-state={job.state} data-name={job.source.name}>
      <div className="job-head">
        <span className="file-name">
          <VisibleText text={job.source.label} oneLine />
        </span>
        {job.source.staged ? <span className="badge warn">copy</span> : null}
        <span className={`state ${job.state}`}>{job.state}</span>
        <span className="spacer" />
        {live ? (
          <button onClick={() => void actions().cancelJob(job.id)} aria-label={`Cancel import of ${job.source.name}`}>
            Cancel
          </button>
        ) : (
          <button className="link" onClick={() => actions().dismissJob(job.id)} aria-label="Dismiss">
            ×
          </button>
        )}
      </div>
      {live ? (
        <>
          <div
            className={frac === null ? 'bar indeterminate' : 'bar'}
            role="progressbar"
            aria-label={`Import of ${job.source.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            {...(frac !== null ? { 'aria-valuenow': Math.round(frac * 100) } : {})}
          >
            <div style={frac === null ? undefined : { width: `${Math.round(frac * 100)}%` }} />
          </div>
          <div className="muted small" data-testid="job-phase">
            {job.state === 'queued' ? 'Waiting for the import before it' : job.phase ? PHASES[job.phase] : 'Starting'}
            {job.phase === 'hashing' && job.totalBytes ? ` — ${bytes(job.bytes ?? 0)} of ${bytes(job.totalBytes)}` : ''}
            {job.records !== null && job.phase !== 'hashing' ? ` — ${count(job.records)} records read` : ''}
          </div>
        </>
      ) : null}
      {job.state === 'done' && job.result ? <Done job={job} /> : null}
      {(job.state === 'failed' || job.state === 'cancelled') && job.error ? (
        <ErrorNotice error={job.error}>
          <p className="muted small">Nothing of this file was kept; the attempt is in the audit log.</p>
          <Question job={job} />
        </ErrorNotice>
      ) : null}
    </li>
  );
}

export function JobsPanel() {
  const jobs = useStore(selectJobs);
  if (jobs.length === 0) return null;
  return (
    <section className="panel jobs" aria-labelledby="jobs-h">
      <div className="panel-head">
        <h2 id="jobs-h">Imports</h2>
        <span className="spacer" />
        {jobs.some((j) => j.state === 'done') ? (
          <button className="link small" onClick={() => jobs.filter((j) => j.state === 'done').forEach((j) => actions().dismissJob(j.id))}>
            Clear finished (their results are in the evidence list and the audit log)
          </button>
        ) : null}
      </div>
      <ul className="job-list">
        {jobs.map((j) => (
          <JobCard key={j.id} job={j} />
        ))}
      </ul>
    </section>
  );
}
