/**
 * The graph's filter controls. They edit the timeline's own filter (one filter for both views), so narrowing the
 * time range here narrows the timeline too, and a filter set in the timeline is what the graph shows.
 */
import { useEffect, useState } from 'react';
import type { EventKind } from '../../../shared/model';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectFilter, selectItems } from '../../store/selectors';
import { EvidencePicker, KindChips } from '../timeline/FilterParts';

/** The event kinds that can link two entities. */
const LINK_KINDS: EventKind[] = ['message', 'call', 'transaction'];

export function GraphFilterBar() {
  const f = useStore(selectFilter);
  const tz = useStore(selectDisplayTz);
  const items = useStore(selectItems);
  const [from, setFrom] = useState(f.from);
  const [to, setTo] = useState(f.to);
  useEffect(() => {
    setFrom(f.from);
    setTo(f.to);
  }, [f.from, f.to]);
  useEffect(() => {
    if (items.length === 0) void actions().loadItems();
  }, [items.length]);

  const ignored = [f.text.trim() ? 'text' : null, f.entities.length ? 'entities (the graph shows them as its selection instead)' : null].filter((x): x is string => x !== null);

  return (
    <div className="filter-bar graph-filter" role="search" aria-label="Graph filters (shared with the timeline)">
      <KindChips kinds={LINK_KINDS} />
      <EvidencePicker />
      <form
        className="range"
        onSubmit={(e) => {
          e.preventDefault();
          actions().setFilter({ from, to });
        }}
      >
        <label>
          From <input type="datetime-local" aria-label={`Graph from (${tz})`} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          to <input type="datetime-local" aria-label={`Graph to (${tz})`} value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <span className="muted small">{tz}</span>
        <button type="submit">Set</button>
      </form>
      {ignored.length ? <span className="muted small">Timeline filter not applied to the graph: {ignored.join(', ')}.</span> : null}
    </div>
  );
}
