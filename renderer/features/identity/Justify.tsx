/**
 * The justification every identity decision needs: a required text of at least MIN_JUSTIFICATION characters,
 * recorded in the audit log under the session's examiner (shown here, never typed).
 */
import { useState, type ReactNode } from 'react';
import { MIN_JUSTIFICATION } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectActingExaminer, selectDeciding, selectDecisionError } from '../../store/identity-selectors';

export function Justify({
  verb,
  onSubmit,
  onCancel,
  children,
  ready = true,
  danger = false,
}: {
  verb: string;
  onSubmit: (why: string) => Promise<boolean>;
  onCancel?: () => void;
  children?: ReactNode;
  /** False while the rest of the form (a name, an entity to merge with) is incomplete. */
  ready?: boolean;
  danger?: boolean;
}) {
  const [why, setWhy] = useState('');
  const deciding = useStore(selectDeciding);
  const error = useStore(selectDecisionError);
  const examiner = useStore(selectActingExaminer);
  const n = why.trim().length;
  const enough = n >= MIN_JUSTIFICATION;
  return (
    <form
      className="idw-justify"
      data-testid="justify"
      onSubmit={(e) => {
        e.preventDefault();
        if (!enough || !ready || deciding) return;
        void onSubmit(why.trim()).then((ok) => {
          if (ok) setWhy('');
        });
      }}
    >
      {children}
      <label className="idw-why">
        <span>
          Justification — recorded in the audit log as <VisibleText text={examiner ?? '?'} oneLine />
        </span>
        <textarea
          name="why"
          aria-label="Justification"
          rows={3}
          required
          minLength={MIN_JUSTIFICATION}
          maxLength={4000}
          value={why}
          placeholder="What evidence supports this decision?"
          onChange={(e) => setWhy(e.target.value)}
        />
      </label>
      <div className="idw-justify-actions">
        <span className={enough ? 'muted small' : 'small warn-text'}>{enough ? `${n} characters` : `at least ${MIN_JUSTIFICATION - n} more characters`}</span>
        <span className="spacer" />
        {onCancel ? (
          <button type="button" onClick={() => {
            actions().clearDecisionError();
            onCancel();
          }}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className={danger ? 'danger' : 'primary'} disabled={!enough || !ready || deciding}>
          {deciding ? 'Recording…' : verb}
        </button>
      </div>
      {error ? <ErrorNotice error={error} onClose={() => actions().clearDecisionError()} /> : null}
    </form>
  );
}
