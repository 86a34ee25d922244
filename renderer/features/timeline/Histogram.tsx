/**
 * The zoomable overview above the list: event counts per bucket in the display zone. Wheel or +/− zooms around
 * the pointer, a click jumps the list to that bucket, and the loaded part of the list is shaded.
 */
import { useLayoutEffect, useRef, useState, memo } from 'react';
import { count } from '../../lib/format';
import { zoomRange } from '../../lib/histogram-scale';
import { utcToWall } from '../../lib/zone';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectHistogram, selectHistogramLoading, selectSummary, selectWindow, selectZoom } from '../../store/selectors';

const HEIGHT = 64;

export const Histogram = memo(function Histogram() {
  const h = useStore(selectHistogram);
  const loading = useStore(selectHistogramLoading);
  const summary = useStore(selectSummary);
  const zoom = useStore(selectZoom);
  const win = useStore(selectWindow);
  const tz = useStore(selectDisplayTz);
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [hover, setHover] = useState<number | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  if (!summary?.span.first || !summary.span.last) return <div className="histogram empty muted">No dated events yet.</div>;
  const bounds = { from: Date.parse(summary.span.first), to: Date.parse(summary.span.last) + 1 };
  const from = h?.from ? Date.parse(h.from) : bounds.from;
  const to = h?.to ? Date.parse(h.to) : bounds.to;
  const span = Math.max(1, to - from);
  const x = (ms: number) => ((ms - from) / span) * width;
  const max = Math.max(1, ...(h?.buckets.map((b) => b.count) ?? [1]));
  const range = zoom ?? bounds;

  const zoomAt = (fraction: number, factor: number) => actions().setZoom(zoomRange({ from, to }, fraction, factor, bounds));
  const loadedFrom = win.events.find((e) => e.ts)?.ts;
  const loadedTo = [...win.events].reverse().find((e) => e.ts)?.ts;
  const hb = hover !== null ? h?.buckets[hover] : undefined;

  return (
    <div className="histogram-wrap">
      <div className="histogram-bar">
        <span className="muted small">
          {h ? `${count(h.total)} events · per ${h.bucket} · ${tz}` : loading ? 'Counting…' : ''}
          {hb ? ` · ${hb.local}: ${count(hb.count)}` : ''}
        </span>
        <span className="spacer" />
        <button className="small" onClick={() => zoomAt(0.5, 0.5)} aria-label="Zoom in">
          +
        </button>
        <button className="small" onClick={() => zoomAt(0.5, 2)} aria-label="Zoom out">
          −
        </button>
        <button className="small" onClick={() => actions().setZoom(null)} disabled={!zoom}>
          Whole case
        </button>
        <button
          className="small"
          onClick={() => actions().setFilter({ from: utcToWall(new Date(range.from).toISOString(), tz), to: utcToWall(new Date(range.to).toISOString(), tz) })}
          disabled={!zoom}
          title="Limit the timeline to the range shown here"
        >
          Filter to this range
        </button>
      </div>
      <div
        className="histogram"
        ref={ref}
        data-testid="histogram"
        onWheel={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          zoomAt((e.clientX - r.left) / r.width, e.deltaY < 0 ? 0.7 : 1.4);
        }}
        onMouseLeave={() => setHover(null)}
      >
        <svg width={width} height={HEIGHT} role="img" aria-label={`Events per ${h?.bucket ?? 'bucket'} in ${tz}`}>
          {loadedFrom && loadedTo ? (
            // The part of the timeline loaded in the list below.
            <g>
              <rect className="loaded" x={x(Date.parse(loadedFrom))} width={Math.max(2, x(Date.parse(loadedTo)) - x(Date.parse(loadedFrom)))} y={0} height={HEIGHT} />
              <rect className="loaded-edge" x={x(Date.parse(loadedFrom))} width={Math.max(2, x(Date.parse(loadedTo)) - x(Date.parse(loadedFrom)))} y={0} height={3} />
            </g>
          ) : null}
          {h?.buckets.map((b, i) => {
            const bx = x(Date.parse(b.start));
            const bw = Math.max(1, x(Date.parse(b.end)) - bx - (width / (h.buckets.length || 1) > 4 ? 1 : 0));
            const bh = b.count ? Math.max(2, (b.count / max) * (HEIGHT - 4)) : 0;
            return (
              <rect
                key={b.start}
                className={hover === i ? 'hbar hover' : 'hbar'}
                x={bx}
                width={bw}
                y={HEIGHT - bh}
                height={bh || HEIGHT}
                fillOpacity={bh ? undefined : 0}
                onMouseEnter={() => setHover(i)}
                onClick={() => void actions().reloadTimeline({ type: 'instant', at: b.start })}
              >
                <title>{`${b.local}: ${b.count} events`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <div className="histogram-axis muted small mono">
        <span>{h?.buckets[0]?.local ?? ''}</span>
        <span>{h?.buckets[h.buckets.length - 1]?.local ?? ''}</span>
      </div>
    </div>
  );
});
