/**
 * The identity workbench (Alt+5): on the left the searchable, sortable entity list; on the right the entity
 * card, the suggestions queue or the decision log. The last decision stays in a banner with its Undo.
 */
import { useEffect, useState } from 'react';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import type { IdentityTab } from '../../store/identity-types';
import { selectCaseId, selectIdentityTab, selectLastDecision, selectSuggestionQueue } from '../../store/identity-selectors';
import { DecisionLog } from './DecisionLog';
import { EntityCard } from './EntityCard';
import { EntityList } from './EntityList';
import { Justify } from './Justify';
import { SuggestionQueue } from './SuggestionQueue';
import './identity.css';

const KIND_WORD: Record<string, string> = { confirm: 'confirmed', reject: 'rejected', merge: 'merged', split: 'split', name: 'renamed', undo: 'undone' };

function LastDecision() {
  const last = useStore(selectLastDecision);
  const [undoing, setUndoing] = useState(false);
  useEffect(() => setUndoing(false), [last?.decision]);
  if (!last) return null;
  return (
    <div className="idw-last" data-testid="last-decision" data-decision={last.decision}>
      <div className="idw-last-line">
        <span>
          Decision <strong>#{last.decision}</strong> ({KIND_WORD[last.kind] ?? last.kind}) recorded in the audit log: entities {last.before.join(', ')} → {last.after.join(', ')}.
        </span>
        <span className="spacer" />
        {last.kind !== 'undo' ? (
          <button className="small" onClick={() => setUndoing(true)} disabled={undoing}>
            Undo…
          </button>
        ) : null}
      </div>
      {undoing ? (
        <Justify
          verb={`Undo decision #${last.decision}`}
          danger
          onCancel={() => setUndoing(false)}
          onSubmit={(why) => actions().decideIdentity({ action: 'undo', decision: last.decision, why })}
        />
      ) : null}
    </div>
  );
}

export function EntitiesView() {
  const tab = useStore(selectIdentityTab);
  const queue = useStore(selectSuggestionQueue);
  const caseId = useStore(selectCaseId);

  // Everything is fetched again when the view opens (an import may have linked more) and for another case.
  useEffect(() => actions().enterWorkbench(caseId), [caseId]);

  const tabs: { id: IdentityTab; label: string }[] = [
    { id: 'entity', label: 'Entity' },
    { id: 'suggestions', label: `Suggestions${queue ? ` (${queue.total})` : ''}` },
    { id: 'decisions', label: 'Decisions' },
  ];
  return (
    <div className="idw" data-testid="identity-workbench">
      <EntityList />
      <section className="idw-right" aria-label="Entity details">
        <nav className="idw-tabs" role="tablist">
          {tabs.map((t) => (
            <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => actions().setIdentityTab(t.id)}>
              {t.label}
            </button>
          ))}
        </nav>
        <LastDecision />
        <div className="idw-pane">
          {tab === 'entity' ? <EntityCard /> : null}
          {tab === 'suggestions' ? <SuggestionQueue /> : null}
          {tab === 'decisions' ? <DecisionLog /> : null}
        </div>
      </section>
    </div>
  );
}
