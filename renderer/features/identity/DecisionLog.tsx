/** Identity decisions, newest first, each with who, when and why — and Undo (itself a justified, audited decision). */
import { useState } from 'react';
import type { DecisionWire } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDecisionLog } from '../../store/identity-selectors';
import { selectDisplayTz } from '../../store/selectors';
import { Justify } from './Justify';
import { inZone } from './time';

function Decision({ d }: { d: DecisionWire }) {
  const tz = useStore(selectDisplayTz);
  const [undoing, setUndoing] = useState(false);
  return (
    <li className={`idw-decision${d.undoneBy ? ' undone' : ''}`} data-testid="decision" data-decision={d.id} data-kind={d.kind}>
      <div className="idw-decision-head">
        <span className="mono">#{d.id}</span>
        <span className={`idw-dkind ${d.kind}`}>{d.kind}</span>
        <span>
          <VisibleText text={d.summary} oneLine />
        </span>
        <span className="spacer" />
        {d.undoneBy ? <span className="badge warn">undone by #{d.undoneBy}</span> : null}
        {d.kind !== 'undo' && !d.undoneBy ? (
          <button className="small" onClick={() => setUndoing(true)} disabled={undoing}>
            Undo…
          </button>
        ) : null}
      </div>
      <div className="muted small">
        by <VisibleText text={d.examiner} oneLine /> at <span className="mono">{inZone(d.at, tz)}</span>
        {d.entities.length ? (
          <>
            {' '}
            · now in{' '}
            {d.entities.map((e) => (
              <button key={e} className="link mono" onClick={() => void actions().selectEntity(e)}>
                #{e}
              </button>
            ))}
          </>
        ) : null}
      </div>
      <blockquote className="idw-quote">
        <VisibleText text={d.why} />
      </blockquote>
      {undoing ? (
        <Justify
          verb={`Undo decision #${d.id}`}
          danger
          onCancel={() => setUndoing(false)}
          onSubmit={async (why) => {
            const ok = await actions().decideIdentity({ action: 'undo', decision: d.id, why });
            if (ok) setUndoing(false);
            return ok;
          }}
        />
      ) : null}
    </li>
  );
}

export function DecisionList({ decisions }: { decisions: DecisionWire[] }) {
  return (
    <ul className="idw-decisions">
      {decisions.map((d) => (
        <Decision key={d.id} d={d} />
      ))}
    </ul>
  );
}

export function DecisionLog() {
  const log = useStore(selectDecisionLog);
  return (
    <div className="idw-log" data-testid="decision-log">
      <p className="muted small">Every identity decision in this case, newest first. Undoing one is itself a decision, with its own justification, in the audit log.</p>
      {log.length ? <DecisionList decisions={log} /> : <p className="muted">No decisions yet.</p>}
    </div>
  );
}
