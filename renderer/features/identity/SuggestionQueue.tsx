/**
 * The suggestions queue: each "maybe the same person" pair side by side (names with look-alikes marked,
 * identifiers, accounts, evidence, activity) with its score, rule and reasons; confirm or reject with a
 * required justification. Suggestions never link by themselves.
 */
import { useState } from 'react';
import type { SuggestionSideWire, SuggestionWire } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { count } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectSuggestionQueue, selectSuggestionsLoadingMore } from '../../store/identity-selectors';
import { LookalikeBadges } from './Flags';
import { Justify } from './Justify';

function Side({ s, label }: { s: SuggestionSideWire; label: string }) {
  return (
    <div className="idw-side" data-testid="suggestion-side" data-entity={s.entity} data-node-value={s.node.value}>
      <div className="idw-side-head">
        <span className="muted small">{label}</span>
        <button className="link" title="Open this entity's card" onClick={() => void actions().selectEntity(s.entity)}>
          <strong data-testid="side-name">
            <VisibleText text={s.name} oneLine />
          </strong>{' '}
          <span className="mono muted">#{s.entity}</span>
        </button>
        <LookalikeBadges flags={s.nameFlags} />
      </div>
      <div className="small">
        <span className="muted">proposed on </span>
        <span className="mono">
          <VisibleText text={s.node.label} oneLine />
        </span>
      </div>
      {s.identifiers.length ? (
        <div className="mono small">
          <VisibleText text={s.identifiers.join('  ')} oneLine />
        </div>
      ) : null}
      {s.accounts.length ? (
        <div className="small">
          {s.accounts.map((a, k) => (
            <span key={k} className="idw-acc-chip">
              {a.platform} <VisibleText text={a.display ?? ''} oneLine /> E{a.evidence}
            </span>
          ))}
        </div>
      ) : null}
      <div className="muted small">
        {count(s.activity)} events · evidence {s.evidence.map((e) => `E${e}`).join(' ') || '—'}
      </div>
    </div>
  );
}

export function SuggestionCard({ s }: { s: SuggestionWire }) {
  const [mode, setMode] = useState<'confirm' | 'reject' | null>(null);
  return (
    <div className="idw-suggestion" data-testid="suggestion" data-suggestion={s.id} data-rule={s.rule}>
      <div className="idw-sugg-head">
        <span className="idw-score" title="Suggestion score (0–1)">
          {s.score.toFixed(2)}
        </span>
        <span className="idw-rule suggestion" title={s.ruleText}>
          {s.rule}
        </span>
        <span className="mono muted small">#{s.id}</span>
        {s.source ? (
          <span className="mono muted small">
            <VisibleText text={s.source} oneLine />
          </span>
        ) : null}
        <span className="spacer" />
        <button className="small primary" onClick={() => setMode('confirm')} disabled={mode !== null}>
          Confirm…
        </button>
        <button className="small" onClick={() => setMode('reject')} disabled={mode !== null}>
          Reject…
        </button>
      </div>
      <div className="idw-sides">
        <Side s={s.sides[0]} label="A" />
        <span className="idw-vs">?</span>
        <Side s={s.sides[1]} label="B" />
      </div>
      <ul className="idw-reasons">
        {s.reasons.map((r, k) => (
          <li key={k}>
            <VisibleText text={r} oneLine />
          </li>
        ))}
      </ul>
      {mode ? (
        <Justify
          verb={mode === 'confirm' ? 'Confirm: same person' : 'Reject: not shown to be one person'}
          danger={mode === 'reject'}
          onCancel={() => setMode(null)}
          onSubmit={async (why) => {
            const ok = await actions().decideIdentity({ action: mode, suggestion: s.id, why });
            if (ok) setMode(null);
            return ok;
          }}
        />
      ) : null}
    </div>
  );
}

export function SuggestionQueue() {
  const q = useStore(selectSuggestionQueue);
  const loadingMore = useStore(selectSuggestionsLoadingMore);
  if (!q) return <p className="muted idw-empty">Loading…</p>;
  return (
    <div className="idw-queue" data-testid="suggestion-queue">
      <p className="muted small">
        {q.total === 0 ? 'No open suggestions.' : `${count(q.total)} open suggestions, best first${q.total > q.rows.length ? ` (showing ${q.rows.length})` : ''}.`} A suggestion never links by itself: confirm it
        only on evidence you can cite.
      </p>
      {q.rows.map((s) => (
        <SuggestionCard key={s.id} s={s} />
      ))}
      {q.next ? (
        // Pages by key (after the last score and id shown): a thousand-pair queue is never fetched at once.
        <div className="idw-more">
          <button data-testid="suggestions-more" onClick={() => void actions().loadMoreSuggestions()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : `Load more (${count(q.rows.length)} of ${count(q.total)} shown)`}
          </button>
        </div>
      ) : null}
    </div>
  );
}
