/**
 * The entity card: its name (look-alike characters marked), activity and first/last seen, every identifier with
 * its surface forms and each place it was seen (a citation that opens the record in the timeline), accounts per
 * app, every link with "Why linked?", and the decisions about it — rename, merge, split and undo from here; its
 * tags, bookmark and notes (the same controls as a timeline event's).
 */
import { useMemo, useState } from 'react';
import type { EntityCardWire, IdentifierCardWire, OccurrenceWire } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TargetAnnotations } from '../annotations/TargetAnnotations';
import { VisibleText } from '../../components/VisibleText';
import { count, plural } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectCard, selectCardError, selectCardLoading, selectEntityId } from '../../store/identity-selectors';
import { selectDisplayTz } from '../../store/selectors';
import { DecisionList } from './DecisionLog';
import { LookalikeBadges, OtherFlags } from './Flags';
import { Justify } from './Justify';
import { MergePicker } from './MergePicker';
import { Sparkline } from './Sparkline';
import { SuggestionCard } from './SuggestionQueue';
import { inZone } from './time';
import { WhyLinked } from './WhyLinked';

type Form = { type: 'rename' } | { type: 'merge' } | { type: 'split'; node: number; label: string } | null;

function Occurrence({ o }: { o: OccurrenceWire }) {
  const cite = <VisibleText text={o.source ?? '(no citation)'} oneLine />;
  return (
    <li className="idw-occ" data-testid="occurrence">
      <span className="idw-role">{o.role}</span>
      <span className="mono idw-raw" title="As written in the source">
        “<VisibleText text={o.raw} oneLine />”
      </span>
      <span className="muted">E{o.evidence}</span>
      {o.record.eventKey ? (
        <button className="link mono idw-cite" title="Open this record in the timeline" data-testid="open-record" onClick={() => void actions().openRecord(o.record)}>
          {cite}
        </button>
      ) : (
        <span className="mono idw-cite">{cite}</span>
      )}
      {o.count > 1 ? <span className="muted small"> ({count(o.count)} records)</span> : null}
      <OtherFlags flags={o.flags} />
      {o.excerpt ? (
        <div className="idw-excerpt">
          <VisibleText text={o.excerpt} oneLine />
        </div>
      ) : null}
    </li>
  );
}

function Identifier({ i, canSplit, onSplit }: { i: IdentifierCardWire; canSplit: boolean; onSplit: () => void }) {
  return (
    <li className="idw-ident" data-testid="identifier" data-value={i.value}>
      <div className="idw-ident-head">
        <span className="idw-kind">{i.kind}</span>
        <strong className="mono">
          <VisibleText text={i.value} oneLine />
        </strong>
        {!i.valid ? <span className="badge warn">invalid — never linked</span> : null}
        {i.mentionedOnly ? <span className="badge">only mentioned</span> : null}
        <LookalikeBadges flags={i.flags} />
        <OtherFlags flags={i.flags} />
        <span className="spacer" />
        {canSplit ? (
          <button className="small" onClick={onSplit} title="Split this identifier off the entity (an examiner decision)">
            Split off…
          </button>
        ) : null}
      </div>
      {i.raw.length ? (
        <div className="idw-raws">
          <span className="muted small">written as </span>
          {i.raw.map((r) => (
            <span key={r} className="idw-rawform mono">
              <VisibleText text={r} oneLine />
            </span>
          ))}
        </div>
      ) : null}
      <details className="idw-seen" open={i.seen.length + i.mentioned.length <= 3}>
        <summary>
          Seen in {plural(i.seen.length, 'place')}
          {i.mentioned.length ? `, mentioned in ${plural(i.mentioned.length, 'message')}` : ''}
          {i.more ? ` (+${i.more} not listed)` : ''}
        </summary>
        <ul>
          {i.seen.map((o, k) => (
            <Occurrence key={`s${k}`} o={o} />
          ))}
          {i.mentioned.map((o, k) => (
            <Occurrence key={`m${k}`} o={o} />
          ))}
        </ul>
      </details>
    </li>
  );
}

function Facts({ card }: { card: EntityCardWire }) {
  const tz = useStore(selectDisplayTz);
  const a = card.activity;
  return (
    <div className="idw-facts">
      <dl className="kv compact">
        <div>
          <dt>Activity</dt>
          <dd data-testid="card-activity">{plural(a.events, 'event')}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd className="mono">{inZone(a.first, tz)}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd className="mono">{inZone(a.last, tz)}</dd>
        </div>
        <div>
          <dt>Evidence</dt>
          <dd>{card.evidence.map((e) => `E${e}`).join(' ') || '—'}</dd>
        </div>
      </dl>
      <Sparkline buckets={a.buckets} />
    </div>
  );
}

export function EntityCard() {
  const id = useStore(selectEntityId);
  const card = useStore(selectCard);
  const loading = useStore(selectCardLoading);
  const error = useStore(selectCardError);
  const [form, setForm] = useState<Form>(null);
  const [newName, setNewName] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const target = useMemo(() => (card ? { type: 'entity' as const, id: card.id } : null), [card?.id]);

  if (id === null) return <p className="muted idw-empty">Choose an entity on the left, or work through the Suggestions queue.</p>;
  if (error) return <ErrorNotice error={error} />;
  if (!card) return <p className="muted idw-empty">{loading ? 'Loading…' : ''}</p>;
  const nodes = card.identifiers.length + card.apps.reduce((s, a) => s + a.accounts.length, 0);
  const close = () => setForm(null);
  const split = (node: number, label: string) => setForm({ type: 'split', node, label });

  return (
    <article className="idw-card" data-testid="entity-card" data-entity={card.id} aria-busy={loading}>
      <header className="idw-card-head">
        <h2 className="idw-title" data-testid="card-name">
          <VisibleText text={card.name} oneLine />
        </h2>
        <LookalikeBadges flags={card.nameFlags} />
        <span className="mono muted">#{card.id}</span>
        <span className="muted small">name from {card.nameFrom}</span>
        <span className="spacer" />
        <button className="small" onClick={() => void actions().showEntityInTimeline(card.id)} disabled={card.activity.events === 0}>
          Events in timeline
        </button>
        <button className="small" onClick={() => setForm({ type: 'rename' })}>
          Rename…
        </button>
        <button className="small" onClick={() => setForm({ type: 'merge' })}>
          Merge with…
        </button>
      </header>
      {card.flags.some((f) => ['confusable', 'mixed-script', 'invisible-chars'].includes(f)) ? (
        <p className="idw-lookalike-note" data-testid="lookalike-note">
          <LookalikeBadges flags={card.flags} /> A name or identifier of this entity holds look-alike or invisible characters: it is never linked on them automatically — check for impersonation.
        </p>
      ) : null}

      {form?.type === 'rename' ? (
        <div className="idw-form" data-testid="rename-form">
          <h3>Rename entity #{card.id}</h3>
          <Justify
            verb="Rename"
            ready={newName.trim().length > 0}
            onCancel={close}
            onSubmit={async (why) => {
              const ok = await actions().decideIdentity({ action: 'rename', entity: card.id, name: newName.trim(), why });
              if (ok) {
                setNewName('');
                close();
              }
              return ok;
            }}
          >
            <label className="idw-why">
              <span>New name</span>
              <input name="name" aria-label="New name" value={newName} maxLength={200} onChange={(e) => setNewName(e.target.value)} />
            </label>
          </Justify>
        </div>
      ) : null}
      {form?.type === 'merge' ? <MergePicker entity={card.id} onDone={close} /> : null}
      {form?.type === 'split' ? (
        <div className="idw-form" data-testid="split-form">
          <h3>
            Split <VisibleText text={form.label} oneLine /> off entity #{card.id}
          </h3>
          <p className="muted small">Its links inside this entity are cut (kept in the case, undoable); it becomes its own entity.</p>
          <Justify
            verb="Split off"
            danger
            onCancel={close}
            onSubmit={async (why) => {
              const ok = await actions().decideIdentity({ action: 'split', entity: card.id, node: form.node, why });
              if (ok) close();
              return ok;
            }}
          />
        </div>
      ) : null}

      <Facts card={card} />

      {target ? (
        <section className="idw-section" aria-label="Entity annotations">
          <TargetAnnotations target={target} hotkey />
        </section>
      ) : null}

      <section className="idw-section">
        <h3>Identifiers ({card.identifiers.length})</h3>
        {card.identifiers.length === 0 ? <p className="muted small">No identifiers — only accounts.</p> : null}
        <ul className="idw-idents">
          {card.identifiers.map((i) => (
            <Identifier key={i.node} i={i} canSplit={nodes > 1 && card.links.some((l) => l.a.node === i.node || l.b.node === i.node)} onSplit={() => split(i.node, `${i.kind} ${i.value}`)} />
          ))}
        </ul>
      </section>

      <section className="idw-section">
        <h3>Accounts by app ({card.apps.reduce((s, a) => s + a.accounts.length, 0)})</h3>
        {card.apps.length === 0 ? (
          <p className="muted small">No accounts: its identifiers are seen only on contact cards, rows or in messages, so no timeline event has it as a party.</p>
        ) : null}
        {card.apps.map((app) => (
          <div key={app.platform} className="idw-app">
            <div className="idw-app-name">{app.platform}</div>
            <ul>
              {app.accounts.map((a) => (
                <li key={a.id} className="idw-account" data-testid="account">
                  <strong>
                    <VisibleText text={a.display ?? a.key} oneLine />
                  </strong>
                  {a.display && a.display !== a.key ? (
                    <span className="mono muted small">
                      {' '}
                      <VisibleText text={a.key} oneLine />
                    </span>
                  ) : null}
                  <span className="muted"> E{a.evidence}</span>
                  {a.owner ? <span className="badge">export owner</span> : null}
                  <span className="muted small"> · {plural(a.events, 'event')}</span>
                  <span className="mono muted small">
                    {' '}
                    · <VisibleText text={a.source ?? ''} oneLine />
                  </span>
                  <span className="spacer" />
                  {nodes > 1 && card.links.some((l) => l.a.node === a.node || l.b.node === a.node) ? (
                    <button className="small" onClick={() => split(a.node, `${app.platform} account ${a.display ?? a.key}`)}>
                      Split off…
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>

      <section className="idw-section">
        <h3>Links ({card.links.length})</h3>
        {card.links.length === 0 ? <p className="muted small">None: a single identifier or account.</p> : null}
        <ul className="idw-links">
          {card.links.map((l) => (
            <WhyLinked key={l.id} link={l} />
          ))}
        </ul>
        {card.inactiveLinks.length ? (
          <>
            <button className="link small" onClick={() => setShowInactive(!showInactive)}>
              {showInactive ? 'Hide' : 'Show'} {plural(card.inactiveLinks.length, 'cut or undone link')}
            </button>
            {showInactive ? (
              <ul className="idw-links">
                {card.inactiveLinks.map((l) => (
                  <WhyLinked key={l.id} link={l} />
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </section>

      {card.names.length ? (
        <section className="idw-section">
          <h3>Display names seen (not identifiers)</h3>
          <ul className="idw-names">
            {card.names.map((n, k) => (
              <li key={k}>
                <VisibleText text={n.name} oneLine /> <LookalikeBadges flags={n.flags} />
                <span className="mono muted small">
                  {' '}
                  E{n.evidence} <VisibleText text={n.source ?? ''} oneLine />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {card.suggestions.length ? (
        <section className="idw-section">
          <h3>Open suggestions ({card.suggestions.length})</h3>
          {card.suggestions.map((s) => (
            <SuggestionCard key={s.id} s={s} />
          ))}
        </section>
      ) : null}

      <section className="idw-section">
        <h3>Decisions ({card.decisions.length})</h3>
        {card.decisions.length ? <DecisionList decisions={card.decisions} /> : <p className="muted small">No examiner decisions about this entity.</p>}
      </section>
    </article>
  );
}
