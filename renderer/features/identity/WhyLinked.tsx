/**
 * One link of an entity and, behind a "Why linked?" disclosure, why it exists: the automatic rule in a sentence,
 * the shared identifier and the cited record (which opens in the timeline), or the examiner decision with its
 * justification, who made it and when.
 */
import type { LinkWire, NodeRefWire } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz } from '../../store/selectors';
import { inZone } from './time';

function End({ n }: { n: NodeRefWire }) {
  return (
    <span className={`idw-end ${n.kind === 'account' ? 'account' : 'ident'}`}>
      <VisibleText text={n.label} oneLine />
    </span>
  );
}

export function WhyLinked({ link }: { link: LinkWire }) {
  const tz = useStore(selectDisplayTz);
  const d = link.decision;
  return (
    <li className={`idw-link${link.active ? '' : ' inactive'}`} data-testid="link" data-rule={link.rule}>
      <div className="idw-link-line">
        <span className={`idw-rule ${link.automatic ? 'auto' : 'examiner'}`}>{link.rule}</span>
        <End n={link.a} />
        <span className="muted">—</span>
        <End n={link.b} />
        {!link.active ? <span className="badge warn">cut or undone</span> : null}
      </div>
      <details className="idw-why-linked">
        <summary>Why linked?</summary>
        <div className="idw-why-body" data-testid="why-linked">
          <p>
            <strong>Rule {link.rule}:</strong> {link.ruleText}
          </p>
          {link.shared.length ? (
            <p>
              <strong>{link.automatic ? 'Shared identifier:' : 'Joins identifier:'}</strong>{' '}
              {link.shared.map((s) => (
                <span key={s} className="mono idw-shared">
                  <VisibleText text={s} oneLine />
                </span>
              ))}
            </p>
          ) : null}
          {link.automatic ? (
            <p>
              <strong>Stated in:</strong> E{link.evidence ?? '?'}{' '}
              {link.record?.eventKey ? (
                <button className="link mono" title="Open this record in the timeline" onClick={() => void actions().openRecord(link.record!)}>
                  <VisibleText text={link.source ?? '(no citation)'} oneLine />
                </button>
              ) : (
                <span className="mono">
                  <VisibleText text={link.source ?? '(no citation)'} oneLine />
                </span>
              )}
              {link.count > 1 ? <span className="muted"> and {link.count - 1} more record(s) of that item</span> : null}
            </p>
          ) : d ? (
            <div className="idw-decision-why">
              <div>
                <strong>Examiner decision {d.id}</strong> ({d.kind}) by <VisibleText text={d.examiner} oneLine /> at <span className="mono">{inZone(d.at, tz)}</span>
              </div>
              <blockquote>
                <VisibleText text={d.why} />
              </blockquote>
            </div>
          ) : null}
        </div>
      </details>
    </li>
  );
}
