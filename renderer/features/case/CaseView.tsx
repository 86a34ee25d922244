/** The Case view: open or create a case, and, once open, its summary and the latest audit entries. */
import { useEffect, useState, type ReactNode } from 'react';
import { RegionOptions } from '../../components/ChoiceOptions';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { bytes, caseFileName, count } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectAudit, selectCaseBusy, selectCaseError, selectCases, selectCasesFolder, selectDisplayTz, selectInfo, selectSummary } from '../../store/selectors';
import type { NewCaseForm } from '../../store/types';
import { formatOffset, offsetMinutes } from '../../lib/zone';

function inZone(iso: string | null, tz: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  const off = offsetMinutes(ms, tz);
  return `${new Date(ms + off * 60_000).toISOString().slice(0, 19).replace('T', ' ')} ${formatOffset(off)}`;
}

function OpenCase() {
  const cases = useStore(selectCases);
  const folder = useStore(selectCasesFolder);
  const info = useStore(selectInfo);
  const busy = useStore(selectCaseBusy);
  const [examiner, setExaminer] = useState('');
  return (
    <section className="panel" aria-labelledby="open-case-h">
      <h2 id="open-case-h">Open a case</h2>
      <label className="field">
        <span>Acting examiner (recorded on every audit entry; blank = the case's examiner)</span>
        <input value={examiner} onChange={(e) => setExaminer(e.target.value)} placeholder="e.g. Insp. K. Srisuk" />
      </label>
      {info?.dialogs ? (
        <button onClick={() => void actions().browseCase()} disabled={busy}>
          Browse for a case file…
        </button>
      ) : null}
      {cases.length === 0 ? (
        <p className="muted">No case files{folder ? ` in ${folder}` : ''} yet.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>Case file</th>
              <th>Folder</th>
              <th>Size</th>
              <th>Modified (UTC)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <VisibleText text={c.name} oneLine />
                </td>
                <td className="muted">
                  <VisibleText text={c.location} oneLine />
                </td>
                <td>{bytes(c.size)}</td>
                <td className="mono">{c.modified.slice(0, 19).replace('T', ' ')}</td>
                <td>
                  <button onClick={() => void actions().openCase(c.id, examiner)} disabled={busy} aria-label={`Open ${c.name}`}>
                    {c.open ? 'Show' : 'Open'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreateCase() {
  const info = useStore(selectInfo);
  const busy = useStore(selectCaseBusy);
  const folder = useStore(selectCasesFolder);
  const [f, setF] = useState<NewCaseForm>({ caseNumber: '', examiner: '', title: '', agency: '', tz: 'UTC', region: '', fileName: '' });
  const [nameEdited, setNameEdited] = useState(false);
  const up = (patch: Partial<NewCaseForm>) => setF((x) => ({ ...x, ...patch }));
  const fileName = nameEdited ? f.fileName : caseFileName(f.caseNumber);
  const ready = f.caseNumber.trim() !== '' && f.examiner.trim() !== '' && fileName.trim() !== '';
  return (
    <section className="panel" aria-labelledby="new-case-h">
      <h2 id="new-case-h">Create a case</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void actions().createCase({ ...f, fileName });
        }}
      >
        <label className="field">
          <span>Case number *</span>
          <input name="caseNumber" value={f.caseNumber} onChange={(e) => up({ caseNumber: e.target.value })} placeholder="TH-2026-0142" required />
        </label>
        <label className="field">
          <span>Examiner *</span>
          <input name="examiner" value={f.examiner} onChange={(e) => up({ examiner: e.target.value })} placeholder="Insp. K. Srisuk" required />
        </label>
        <label className="field">
          <span>Title</span>
          <input name="title" value={f.title} onChange={(e) => up({ title: e.target.value })} />
        </label>
        <label className="field">
          <span>Agency</span>
          <input name="agency" value={f.agency} onChange={(e) => up({ agency: e.target.value })} />
        </label>
        <label className="field">
          <span>Case time zone (default for evidence without a zone)</span>
          <input name="tz" list="all-zones" value={f.tz} onChange={(e) => up({ tz: e.target.value })} spellCheck={false} />
        </label>
        <label className="field">
          <span>Phone region (for numbers written without a country code)</span>
          <select name="region" value={f.region} onChange={(e) => up({ region: e.target.value })}>
            <RegionOptions emptyLabel="(none)" />
          </select>
        </label>
        <label className="field wide">
          <span>Case file name{info?.dialogs ? ' (you choose the folder next)' : folder ? ` (in ${folder})` : ''}</span>
          <input
            name="fileName"
            value={fileName}
            onChange={(e) => {
              setNameEdited(true);
              up({ fileName: e.target.value });
            }}
            spellCheck={false}
          />
        </label>
        <div className="actions wide">
          <button type="submit" className="primary" disabled={!ready || busy}>
            Create case
          </button>
        </div>
      </form>
    </section>
  );
}

function Summary() {
  const s = useStore(selectSummary)!;
  const tz = useStore(selectDisplayTz);
  const audit = useStore(selectAudit);
  const busy = useStore(selectCaseBusy);
  const rows: [string, ReactNode][] = [
    ['Case number', <VisibleText text={s.caseNumber} oneLine />],
    ['Title', s.title ? <VisibleText text={s.title} oneLine /> : '—'],
    ['Examiner (created by)', <VisibleText text={s.examiner} oneLine />],
    ['Acting examiner', <VisibleText text={s.actingExaminer} oneLine />],
    ['Agency', s.agency ? <VisibleText text={s.agency} oneLine /> : '—'],
    ['Case zone', s.tz],
    ['Phone region', s.region ?? '—'],
    ['Created (UTC)', s.created],
    ['Created by', s.tool],
    ['Case file', <VisibleText text={`${s.ref.location}/${s.ref.name}`} oneLine />],
    ['Schema version', String(s.schemaVersion)],
  ];
  return (
    <div className="case-summary">
      <section className="panel" aria-labelledby="summary-h">
        <h2 id="summary-h">Case summary</h2>
        <dl className="kv">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <div className="actions">
          <button onClick={() => actions().setView('evidence')}>Add evidence</button>
          <button onClick={() => actions().setView('timeline')}>Timeline</button>
          <button onClick={() => void actions().closeCase()} disabled={busy}>
            Close case
          </button>
        </div>
      </section>
      <section className="panel" aria-labelledby="contents-h">
        <h2 id="contents-h">Contents</h2>
        <dl className="kv">
          <div>
            <dt>Evidence items</dt>
            <dd data-testid="count-evidence">{count(s.counts.evidence)}</dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd data-testid="count-events">{count(s.counts.events)}</dd>
          </div>
          <div>
            <dt>Messages · calls · contacts</dt>
            <dd>
              {count(s.counts.messages)} · {count(s.counts.calls)} · {count(s.counts.contacts)}
            </dd>
          </div>
          <div>
            <dt>Transactions · sheet rows</dt>
            <dd>
              {count(s.counts.transactions)} · {count(s.counts.rows)}
            </dd>
          </div>
          <div>
            <dt>Without a usable time</dt>
            <dd>{count(s.counts.undated)}</dd>
          </div>
          <div>
            <dt>First event ({tz})</dt>
            <dd className="mono">{inZone(s.span.first, tz)}</dd>
          </div>
          <div>
            <dt>Last event ({tz})</dt>
            <dd className="mono">{inZone(s.span.last, tz)}</dd>
          </div>
          <div>
            <dt>Audit log</dt>
            <dd>
              {count(s.audit.entries)} entries; chain head <span className="mono hash">{s.audit.head ?? '—'}</span>
            </dd>
          </div>
        </dl>
        <p className="muted small">Keep the chain head outside the case (e.g. in your notes): a rewrite of the case file changes it.</p>
        {s.notes.map((n) => (
          <p key={n} className="note">
            {n}
          </p>
        ))}
      </section>
      <section className="panel wide" aria-labelledby="audit-h">
        <h2 id="audit-h">Latest audit entries</h2>
        <table className="grid">
          <thead>
            <tr>
              <th>#</th>
              <th>Time (UTC)</th>
              <th>Examiner</th>
              <th>Action</th>
              <th>Details</th>
              <th>Hash</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((a) => (
              <tr key={a.seq}>
                <td>{a.seq}</td>
                <td className="mono">{a.ts.slice(0, 19).replace('T', ' ')}</td>
                <td>
                  <VisibleText text={a.examiner} oneLine />
                </td>
                <td>{a.action}</td>
                <td className="ellipsis" title={a.details}>
                  <VisibleText text={a.details.length > 200 ? `${a.details.slice(0, 200)}…` : a.details} oneLine />
                </td>
                <td className="mono hash" title={a.hash}>
                  {a.hash.slice(0, 12)}…
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function CaseView() {
  const summary = useStore(selectSummary);
  const error = useStore(selectCaseError);
  const busy = useStore(selectCaseBusy);
  useEffect(() => {
    void actions().refreshCases();
    if (actions().summary) void actions().loadAudit();
  }, []);
  return (
    <div className="case-view">
      {error ? <ErrorNotice error={error} onClose={() => useStore.setState({ caseError: null })} /> : null}
      {busy ? (
        <p className="note" role="status">
          Opening the case and checking its integrity (SQLite quick_check) — a large case takes a few seconds…
        </p>
      ) : null}
      {summary ? (
        <Summary />
      ) : (
        <div className="two-col">
          <OpenCase />
          <CreateCase />
        </div>
      )}
    </div>
  );
}
