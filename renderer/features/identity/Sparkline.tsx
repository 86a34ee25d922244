/** Activity over time as small SVG bars: one per bucket between first and last seen, with counts in the tooltips. */
import type { EntityCardWire } from '../../../shared/model';

export function Sparkline({ buckets, width = 320, height = 36 }: { buckets: EntityCardWire['activity']['buckets']; width?: number; height?: number }) {
  if (buckets.length === 0) return <span className="muted small">no dated events</span>;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const w = width / buckets.length;
  return (
    <svg className="idw-spark" width={width} height={height} role="img" aria-label={`Activity: ${buckets.reduce((s, b) => s + b.count, 0)} events in ${buckets.length} periods`}>
      <line x1={0} y1={height - 0.5} x2={width} y2={height - 0.5} className="base" />
      {buckets.map((b, i) => {
        const h = b.count === 0 ? 0 : Math.max(2, Math.round((b.count / max) * (height - 2)));
        return (
          <rect key={i} x={i * w + 0.5} y={height - h} width={Math.max(1, w - 1)} height={h}>
            <title>{`${b.start.slice(0, 16).replace('T', ' ')} – ${b.end.slice(0, 16).replace('T', ' ')} UTC: ${b.count} events`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
