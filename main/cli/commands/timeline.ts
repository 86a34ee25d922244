/**
 * `threadline timeline`: events in time order with filters and keyset paging (JSON contract: an array of events
 * with ts, kind, evidence, from, to, text, source — plus display time, ids and per-event cursors). Also holds
 * the filter options the histogram and search commands share.
 */
import { Case } from '../../engine/case';
import { ThreadlineError } from '../../engine/errors';
import { ensureEventsIndexed } from '../../engine/timeline/index-state';
import { cursorAround, timelinePage } from '../../engine/timeline/page';
import { isEventKind, type EventFilter, type EventKind, type TimelineEvent } from '../../engine/timeline/types';
import { assertTimeZone } from '../../engine/time/zone';
import { flag, parse, parseInstant, requirePositional, str, type Options, type Parsed } from '../args';
import { safeText, table, truncate, type Out } from '../output';

export const FILTER_USAGE =
  '[--from ISO] [--to ISO] [--kind message,call,contact,transaction,row,file] [--evidence 1,2] [--account ID,…] [--entity ID,…] [--tag NAME,…] [--with-attachment|--without-attachment] [--text QUERY] [--display-tz IANA]';

export const FILTER_OPTIONS: Options = {
  from: { type: 'string' },
  to: { type: 'string' },
  kind: { type: 'string', multiple: true },
  evidence: { type: 'string', multiple: true },
  account: { type: 'string', multiple: true },
  entity: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  'with-attachment': { type: 'boolean' },
  'without-attachment': { type: 'boolean' },
  text: { type: 'string' },
  'display-tz': { type: 'string' },
  json: { type: 'boolean' },
  examiner: { type: 'string' },
};

function list(p: Parsed, name: string): string[] | undefined {
  const v = p.values[name];
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
  return raw?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x.length > 0);
}

function ids(p: Parsed, name: string, prefix: RegExp): number[] | undefined {
  return list(p, name)?.map((x) => {
    const n = Number(x.replace(prefix, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new ThreadlineError('BAD_ARGUMENT', `--${name} "${x}" is not an id.`, { hint: `Give ids as numbers, e.g. --${name} 3 or --${name} 3,7.` });
    return n;
  });
}

/** The timeline filter the shared options describe. */
export function filterFromArgs(p: Parsed): EventFilter {
  const f: EventFilter = {};
  const from = str(p, 'from');
  const to = str(p, 'to');
  if (from) f.from = parseInstant(from, '--from');
  if (to) f.to = parseInstant(to, '--to');
  const kinds = list(p, 'kind');
  if (kinds) {
    for (const k of kinds) if (!isEventKind(k)) throw new ThreadlineError('BAD_ARGUMENT', `Unknown event kind "${k}".`, { hint: 'Kinds are message, call, contact, transaction, row, file.' });
    f.kinds = kinds as EventKind[];
  }
  const evidence = ids(p, 'evidence', /^E/i);
  if (evidence) f.evidence = evidence;
  const accounts = ids(p, 'account', /^A/i);
  if (accounts) f.accounts = accounts;
  const entities = ids(p, 'entity', /^N/i);
  if (entities) f.entities = entities;
  const tags = list(p, 'tag');
  if (tags) f.tags = tags;
  if (flag(p, 'with-attachment') && flag(p, 'without-attachment')) throw new ThreadlineError('BAD_ARGUMENT', '--with-attachment and --without-attachment exclude each other.', { hint: 'Give one of them.' });
  if (flag(p, 'with-attachment')) f.hasAttachment = true;
  if (flag(p, 'without-attachment')) f.hasAttachment = false;
  const text = str(p, 'text');
  if (text !== undefined) f.text = text;
  return f;
}

export function positiveInt(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ThreadlineError('BAD_ARGUMENT', `${what} "${text}" is not a positive whole number.`, { hint: `Use e.g. ${what} 50.` });
  return n;
}

/** Open a case for a read-out (writable, so items imported before the timeline index existed get indexed once). */
export function openForReading(path: string, examiner: string | undefined): Case {
  const c = Case.open(path, { examiner, quickCheck: false });
  try {
    ensureEventsIndexed(c);
    return c;
  } catch (err) {
    c.close();
    throw err;
  }
}

export function displayZone(p: Parsed, c: Case): string {
  return assertTimeZone(str(p, 'display-tz') ?? c.info.tz, 'display time zone');
}

/** The line every human read-out starts with: which zone the times are in. */
export function zoneLine(tz: string): string {
  return `Times shown in ${tz}, each with its UTC offset (stored as UTC).`;
}

export function eventRow(e: TimelineEvent): string[] {
  return [
    e.display === null ? '(no time)' : e.display.time,
    e.kind,
    `E${e.evidence}`,
    e.id,
    truncate(safeText(e.from), 24),
    truncate(safeText(e.to), 24),
    truncate(safeText(e.text), 60),
    safeText(e.source),
  ];
}

export const EVENT_HEADER = ['time', 'kind', 'item', 'id', 'from', 'to', 'text', 'source'];

const USAGE = `threadline timeline CASE ${FILTER_USAGE} [--at ISO [--before]] [--cursor C] [--limit N] [--json]`;

export function cmdTimeline(argv: string[], out: Out): number {
  const p = parse(argv, { ...FILTER_OPTIONS, at: { type: 'string' }, before: { type: 'boolean' }, cursor: { type: 'string' }, limit: { type: 'string' } }, USAGE);
  const file = requirePositional(p, 0, 'the case file path', USAGE);
  const filter = filterFromArgs(p);
  const at = str(p, 'at');
  const limit = positiveInt(str(p, 'limit'), '--limit');
  if (flag(p, 'before') && !at) throw new ThreadlineError('BAD_ARGUMENT', '--before needs --at (the instant the page should end before).', { hint: 'e.g. --at 2025-03-14T21:00:00+07:00 --before' });
  const c = openForReading(file, str(p, 'examiner'));
  try {
    const tz = displayZone(p, c);
    const page = timelinePage(c.db, {
      filter,
      displayTz: tz,
      ...(limit !== undefined ? { limit } : {}),
      ...(str(p, 'cursor') !== undefined ? { cursor: str(p, 'cursor')! } : {}),
      ...(at !== undefined ? { at: parseInstant(at, '--at'), before: flag(p, 'before') } : {}),
    });
    if (flag(p, 'json')) {
      // The contract is an array of events; each carries the cursors to continue after or before it.
      out.json(page.events.map((e) => ({ ...e, cursor: cursorAround(e.key) })));
      for (const n of page.notes) out.err(`note: ${n}`);
      if (page.next) out.err(`next: --cursor ${page.next}`);
      if (page.prev) out.err(`prev: --cursor ${page.prev}`);
      return 0;
    }
    out.line(zoneLine(tz));
    if (page.events.length === 0) out.line('No events match.');
    else out.line(table(page.events.map(eventRow), EVENT_HEADER));
    for (const n of page.notes) out.line(`note: ${n}`);
    if (page.prev) out.line(`previous page: --cursor ${page.prev}`);
    if (page.next) out.line(`next page:     --cursor ${page.next}`);
    return 0;
  } finally {
    c.close();
  }
}
