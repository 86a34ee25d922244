/** The timeline filter by examiner tag: a dropdown of the case's tags (with their colours); events carrying any chosen tag. */
import { memo } from 'react';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectFilter } from '../../store/selectors';
import { selectTagDefs } from './annotation-selectors';
import { TagChip } from './TagChip';

export const TagFilter = memo(function TagFilter() {
  const f = useStore(selectFilter);
  const tags = useStore(selectTagDefs);
  const toggle = (name: string) => actions().setFilter({ tags: f.tags.includes(name) ? f.tags.filter((x) => x !== name) : [...f.tags, name] });
  return (
    <details
      className="dropdown tag-filter"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) void actions().loadAnnotations();
      }}
    >
      <summary>Tags {f.tags.length ? `(${f.tags.length})` : '(all)'}</summary>
      <div className="dropdown-body">
        {tags.length === 0 ? <p className="muted small">No tags yet: tag an event in the pane beside the list.</p> : null}
        {tags.map((t) => (
          <label key={t.id} className="check-line">
            <input type="checkbox" checked={f.tags.includes(t.name)} onChange={() => toggle(t.name)} aria-label={`Tag ${t.name}`} />
            <TagChip name={t.name} colour={t.colour} /> <span className="muted small">{t.uses}</span>
          </label>
        ))}
      </div>
    </details>
  );
});
