/** Merge this entity with another: find the other by name or identifier, then justify. */
import { useEffect, useState } from 'react';
import type { EntityRowWire } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { actions } from '../../store/actions';
import { LookalikeBadges } from './Flags';
import { Justify } from './Justify';

export function MergePicker({ entity, onDone }: { entity: number; onDone: () => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<EntityRowWire[]>([]);
  const [other, setOther] = useState<EntityRowWire | null>(null);
  useEffect(() => {
    const t = setTimeout(() => void actions().findEntities(q).then((r) => setHits(r.filter((x) => x.id !== entity))), 200);
    return () => clearTimeout(t);
  }, [q, entity]);
  return (
    <div className="idw-form" data-testid="merge-form">
      <h3>Merge entity #{entity} with another</h3>
      <input type="search" aria-label="Find the entity to merge with" placeholder="Name, identifier or #id" value={q} onChange={(e) => setQ(e.target.value)} />
      {!other && hits.length ? (
        <ul className="idw-pick">
          {hits.map((h) => (
            <li key={h.id}>
              <button className="link" onClick={() => setOther(h)}>
                #{h.id} <VisibleText text={h.name} oneLine /> <LookalikeBadges flags={h.flags} />
                <span className="muted small mono"> {h.preview.slice(0, 2).join(' ')}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {other ? (
        <p>
          Merge with <strong>#{other.id}</strong> <VisibleText text={other.name} oneLine />{' '}
          <button className="link" onClick={() => setOther(null)}>
            choose another
          </button>
        </p>
      ) : null}
      <Justify
        verb="Merge"
        ready={other !== null}
        onCancel={onDone}
        onSubmit={async (why) => {
          const ok = await actions().decideIdentity({ action: 'merge', a: entity, b: other!.id, why });
          if (ok) onDone();
          return ok;
        }}
      />
    </div>
  );
}
