/**
 * Filter controls the timeline's and the graph's filter bars share (both edit the one timeline filter in the store):
 * kind chips and the evidence picker, so a filter looks and behaves the same wherever it is set.
 */
import type { EventKind } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectFilter, selectItems } from '../../store/selectors';

export function KindChips({ kinds }: { kinds: readonly EventKind[] }) {
  const f = useStore(selectFilter);
  const toggle = (k: EventKind) => actions().setFilter({ kinds: f.kinds.includes(k) ? f.kinds.filter((x) => x !== k) : [...f.kinds, k] });
  return (
    <fieldset className="kinds">
      <legend>Kinds</legend>
      {kinds.map((k) => (
        <label key={k} className={f.kinds.includes(k) ? 'chip on' : 'chip'}>
          <input type="checkbox" checked={f.kinds.includes(k)} onChange={() => toggle(k)} />
          {k}
        </label>
      ))}
    </fieldset>
  );
}

/** The evidence items to filter by; the list is loaded when first opened (the Evidence view may not have run). */
export function EvidencePicker() {
  const f = useStore(selectFilter);
  const items = useStore(selectItems);
  const toggle = (id: number) => actions().setFilter({ evidence: f.evidence.includes(id) ? f.evidence.filter((x) => x !== id) : [...f.evidence, id] });
  return (
    <details
      className="dropdown"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open && items.length === 0) void actions().loadItems();
      }}
    >
      <summary>Evidence {f.evidence.length ? `(${f.evidence.map((e) => `E${e}`).join(', ')})` : '(all)'}</summary>
      <div className="dropdown-body">
        {items.map((e) => (
          <label key={e.id} className="check-line">
            <input type="checkbox" checked={f.evidence.includes(e.id)} onChange={() => toggle(e.id)} aria-label={`Evidence E${e.id}`} />
            E{e.id} <VisibleText text={e.file} oneLine />
          </label>
        ))}
      </div>
    </details>
  );
}
