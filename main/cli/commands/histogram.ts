/** `threadline histogram`: event counts per minute … year in the display zone, with the timeline's filters. */
import { ThreadlineError } from '../../engine/errors';
import { BUCKET_UNITS, isBucketUnit, type BucketUnit } from '../../engine/timeline/buckets';
import { histogram } from '../../engine/timeline/histogram';
import { flag, parse, requirePositional, str } from '../args';
import { table, type Out } from '../output';
import { FILTER_OPTIONS, FILTER_USAGE, displayZone, filterFromArgs, openForReading, zoneLine } from './timeline';

const USAGE = `threadline histogram CASE --bucket minute|hour|day|week|month|year ${FILTER_USAGE} [--json]`;

/** The part of a display time a bucket needs: 2025-03-14 for days, 2025-03 for months … */
function label(local: string, unit: BucketUnit): string {
  const offset = local.slice(20);
  switch (unit) {
    case 'minute':
      return `${local.slice(0, 16)} ${offset}`;
    case 'hour':
      return `${local.slice(0, 13)}:00 ${offset}`;
    case 'day':
    case 'week':
      return local.slice(0, 10);
    case 'month':
      return local.slice(0, 7);
    case 'year':
      return local.slice(0, 4);
    default: {
      const never: never = unit;
      throw new Error(`unknown unit ${String(never)}`);
    }
  }
}

export function cmdHistogram(argv: string[], out: Out): number {
  const p = parse(argv, { ...FILTER_OPTIONS, bucket: { type: 'string' } }, USAGE);
  const file = requirePositional(p, 0, 'the case file path', USAGE);
  const bucket = str(p, 'bucket') ?? 'day';
  if (!isBucketUnit(bucket)) throw new ThreadlineError('BAD_ARGUMENT', `Unknown bucket "${bucket}".`, { hint: `Use --bucket ${BUCKET_UNITS.join('|')}.` });
  const filter = filterFromArgs(p);
  const c = openForReading(file, str(p, 'examiner'));
  try {
    const tz = displayZone(p, c);
    const h = histogram(c.db, { filter, bucket, displayTz: tz });
    if (flag(p, 'json')) {
      out.json(h);
      return 0;
    }
    out.line(zoneLine(tz));
    out.line(`${h.total} events from ${h.from ?? '-'} to ${h.to ?? '-'} (UTC), per ${bucket}; counted from ${h.method}.`);
    const max = Math.max(1, ...h.buckets.map((b) => b.count));
    out.line(
      table(
        h.buckets.map((b) => [label(b.local, bucket), String(b.count), '█'.repeat(Math.round((b.count / max) * 40)) || (b.count ? '▏' : '')]),
        [bucket, 'events', ''],
      ),
    );
    for (const n of h.notes) out.line(`note: ${n}`);
    return 0;
  } finally {
    c.close();
  }
}
