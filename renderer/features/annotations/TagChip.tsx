/** A tag as a coloured chip (the fixed palette, as CSS classes), optionally with a remove button. */
import { memo } from 'react';
import type { TagColour } from '../../../shared/annotations';
import { VisibleText } from '../../components/VisibleText';

export const TagChip = memo(function TagChip({ name, colour, onRemove, title }: { name: string; colour: TagColour; onRemove?: () => void; title?: string }) {
  return (
    <span className={`tag-chip tc-${colour}`} title={title ?? `tag ${name} (${colour})`} data-tag={name}>
      <VisibleText text={name} oneLine />
      {onRemove ? (
        <button className="tag-x" aria-label={`Remove tag ${name}`} onClick={onRemove}>
          ×
        </button>
      ) : null}
    </span>
  );
});
