/**
 * A target's annotations on its row (timeline event, entity in the entity list): a star when bookmarked, a coloured
 * dot per tag, ✎ when it has notes. Each row subscribes to its own target's marks (a map lookup), so annotating one
 * target re-renders one row, and scrolling costs nothing more than before when nothing is annotated.
 */
import { memo } from 'react';
import { useStore } from '../../store';
import type { EventMarks } from '../../store/annotation-types';
import './annotations.css';

export const RowMarks = memo(function RowMarks({ id }: { id: string }) {
  const m: EventMarks | undefined = useStore((s) => s.eventMarks[id]);
  return <Marks m={m} />;
});

/** An entity's marks in the entity list (by its id now). */
export const EntityRowMarks = memo(function EntityRowMarks({ id }: { id: number }) {
  const m: EventMarks | undefined = useStore((s) => s.entityMarks[id]);
  return <Marks m={m} />;
});

function Marks({ m }: { m: EventMarks | undefined }) {
  if (!m) return null;
  const title = [m.bookmarked ? 'bookmarked' : '', m.tags.length ? `tags: ${m.tags.map((t) => t.name).join(', ')}` : '', m.notes ? `${m.notes} note(s)` : ''].filter(Boolean).join(' · ');
  return (
    <span className="row-marks" title={title} data-testid="row-marks">
      {m.bookmarked ? <span className="star">★</span> : null}
      {m.tags.map((t) => (
        <span key={t.name} className={`dot tc-${t.colour}`} />
      ))}
      {m.notes ? <span className="star">✎</span> : null}
    </span>
  );
}
