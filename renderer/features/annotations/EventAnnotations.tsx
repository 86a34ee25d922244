/**
 * The selected event's annotations in the timeline's side pane (the shared TargetAnnotations, with `b` bound to the
 * bookmark), and the loader that keeps the annotation list current for the open case and display zone (timeline
 * rows' tag chips, the entity card and the evidence table read it).
 */
import { memo, useEffect, useMemo } from 'react';
import type { TimelineEvent } from '../../../shared/model';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectSummary } from '../../store/selectors';
import { TargetAnnotations } from './TargetAnnotations';

/** Loads the annotation list when the case or the display zone changes. Renders nothing. */
export function AnnotationsLoader() {
  const uuid = useStore((s) => selectSummary(s)?.uuid ?? null);
  const tz = useStore(selectDisplayTz);
  useEffect(() => {
    if (uuid) void actions().loadAnnotations();
  }, [uuid, tz]);
  return null;
}

export const EventAnnotations = memo(function EventAnnotations({ e }: { e: TimelineEvent }) {
  const target = useMemo(() => ({ type: 'event' as const, id: e.id }), [e.id]);
  return <TargetAnnotations target={target} hotkey />;
});
