/** The timeline's filter bar: kinds, evidence items, entities, time range (in the display zone), text, attachments, and jump-to-date. */
import { useEffect, useState, memo } from 'react';
import { EVENT_KINDS } from '../../../shared/model';
import { VisibleText } from '../../components/VisibleText';
import { TagFilter } from '../annotations/TagFilter';
import { EvidencePicker, KindChips } from './FilterParts';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectEntities, selectFilter } from '../../store/selectors';

export const FilterBar = memo(function FilterBar() {
  const f = useStore(selectFilter);
  const tz = useStore(selectDisplayTz);
  const entities = useStore(selectEntities);
  const [text, setText] = useState(f.text);
  const [from, setFrom] = useState(f.from);
  const [to, setTo] = useState(f.to);
  const [jump, setJump] = useState('');
  const [entityText, setEntityText] = useState('');
  useEffect(() => {
    setText(f.text);
    setFrom(f.from);
    setTo(f.to);
  }, [f.text, f.from, f.to]);

  // Entities put in the filter elsewhere (search, graph, entity card) are named on their chips, not left as N-numbers.
  const unnamed = f.entities.filter((id) => !entities.some((e) => e.id === id)).join(',');
  useEffect(() => {
    if (unnamed) void actions().loadEntities();
  }, [unnamed]);

  const entityLabel = (id: number) => {
    const e = entities.find((x) => x.id === id);
    return e ? `${e.name} (N${e.id})` : `N${id}`;
  };
  const addEntity = () => {
    const m = /\(N(\d+)\)\s*$/.exec(entityText) ?? /^N?(\d+)$/.exec(entityText.trim());
    if (!m) return;
    const id = Number(m[1]);
    if (!f.entities.includes(id)) actions().setFilter({ entities: [...f.entities, id] });
    setEntityText('');
  };
  const active = f.tags.length + f.kinds.length + f.evidence.length + f.entities.length + (f.from ? 1 : 0) + (f.to ? 1 : 0) + (f.text ? 1 : 0) + (f.attachments !== 'any' ? 1 : 0);

  return (
    <div className="filter-bar" role="search" aria-label="Timeline filters">
      <KindChips kinds={EVENT_KINDS} />
      <EvidencePicker />
      <TagFilter />
      <div className="entity-filter">
        <input
          list="entity-options"
          placeholder="Entity…"
          aria-label="Filter by entity"
          value={entityText}
          onFocus={() => {
            if (entities.length === 0) void actions().loadEntities();
          }}
          onChange={(e) => {
            setEntityText(e.target.value);
            // Typed text (not a picked option) asks the index for matches: names, identifiers, #id.
            const v = e.target.value.trim();
            if (v.length >= 2 && !/\(N\d+\)$/.test(v)) void actions().loadEntities(v);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') addEntity();
          }}
        />
        <datalist id="entity-options">
          {entities.slice(0, 2000).map((e) => (
            <option key={e.id} value={`${e.name} (N${e.id})`} />
          ))}
        </datalist>
        {f.entities.map((id) => (
          <button key={id} className="chip on" title="Remove this entity from the filter" onClick={() => actions().setFilter({ entities: f.entities.filter((x) => x !== id) })}>
            <VisibleText text={entityLabel(id)} oneLine /> ×
          </button>
        ))}
      </div>
      <form
        className="range"
        onSubmit={(e) => {
          e.preventDefault();
          actions().setFilter({ from, to });
        }}
      >
        <label>
          From <input type="datetime-local" aria-label={`From (${tz})`} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          to <input type="datetime-local" aria-label={`To (${tz})`} value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <span className="muted small">{tz}</span>
        <button type="submit">Set</button>
      </form>
      <form
        className="text-filter"
        onSubmit={(e) => {
          e.preventDefault();
          actions().setFilter({ text });
        }}
      >
        <input id="timeline-text" type="search" placeholder="Text (words, &quot;phrases&quot;, prefix*) — press /" aria-label="Text filter" value={text} onChange={(e) => setText(e.target.value)} />
      </form>
      <select aria-label="Attachments" value={f.attachments} onChange={(e) => actions().setFilter({ attachments: e.target.value as 'any' | 'with' | 'without' })}>
        <option value="any">Attachments: any</option>
        <option value="with">With attachment</option>
        <option value="without">Without attachment</option>
      </select>
      {active ? (
        <button className="link" onClick={() => actions().clearFilter()}>
          Clear filters ({active})
        </button>
      ) : null}
      <form
        className="jump"
        onSubmit={(e) => {
          e.preventDefault();
          if (jump.trim()) void actions().jumpToWall(jump.trim());
        }}
      >
        <label>
          Jump to <input type="text" placeholder="2025-03-14 21:00" aria-label={`Jump to date (${tz})`} value={jump} onChange={(e) => setJump(e.target.value)} spellCheck={false} />
        </label>
        <button type="submit">Go</button>
      </form>
    </div>
  );
});
