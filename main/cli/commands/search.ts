/**
 * `threadline search`: full text (with the timeline's filters), plus — when the query looks like one — the
 * identifier it normalises to and everything linked to it, plus similar names.
 */
import { ThreadlineError } from '../../engine/errors';
import { searchText, type SearchOrder } from '../../engine/search/full-text';
import { looksLikeIdentifier, searchIdentifier, type IdentifierSearch } from '../../engine/search/identifiers';
import { searchNames, type NameMatch } from '../../engine/search/names';
import { snippetToString } from '../../engine/search/snippet';
import { flag, parse, requirePositional, str } from '../args';
import { safeText, table, truncate, type Out } from '../output';
import { FILTER_OPTIONS, FILTER_USAGE, displayZone, filterFromArgs, openForReading, positiveInt, zoneLine } from './timeline';

const USAGE = `threadline search CASE QUERY ${FILTER_USAGE} [--order newest|oldest|rank] [--mode all|text|identifier|name] [--region CC] [--limit N] [--cursor C] [--json]`;
const MODES = ['all', 'text', 'identifier', 'name'] as const;
type Mode = (typeof MODES)[number];

/** Plain queries of a few words are also tried as names; queries with operators or quotes are text only. */
function nameLike(q: string): boolean {
  return !/["()*:]|\b(AND|OR|NOT)\b/.test(q) && q.trim().split(/\s+/).length <= 4;
}

export function cmdSearch(argv: string[], out: Out): number {
  const p = parse(argv, { ...FILTER_OPTIONS, order: { type: 'string' }, mode: { type: 'string' }, region: { type: 'string' }, cursor: { type: 'string' }, limit: { type: 'string' } }, USAGE);
  const file = requirePositional(p, 0, 'the case file path', USAGE);
  const query = requirePositional(p, 1, 'the search query', USAGE);
  if (p.positionals.length > 2) throw new ThreadlineError('BAD_ARGUMENT', 'The query must be one argument.', { hint: 'Quote it: threadline search CASE "transfer usdt".' });
  const order = (str(p, 'order') ?? 'newest') as SearchOrder;
  if (!['newest', 'oldest', 'rank'].includes(order)) throw new ThreadlineError('BAD_ARGUMENT', `Unknown order "${order}".`, { hint: 'Use --order newest, oldest or rank.' });
  const mode = (str(p, 'mode') ?? 'all') as Mode;
  if (!MODES.includes(mode)) throw new ThreadlineError('BAD_ARGUMENT', `Unknown mode "${mode}".`, { hint: `Use --mode ${MODES.join('|')}.` });
  const filter = filterFromArgs(p);
  if (filter.text !== undefined) throw new ThreadlineError('BAD_ARGUMENT', '--text is the query itself here.', { hint: 'Put the text in QUERY: threadline search CASE "usdt boss".' });
  const limit = positiveInt(str(p, 'limit'), '--limit');
  const cursor = str(p, 'cursor');
  const c = openForReading(file, str(p, 'examiner'));
  try {
    const tz = displayZone(p, c);
    const region = str(p, 'region');
    const identifiers: IdentifierSearch | null =
      (mode === 'all' && !cursor && looksLikeIdentifier(query)) || mode === 'identifier' ? searchIdentifier(c.db, query, region ? { region } : {}) : null;
    const names: NameMatch[] | null = (mode === 'all' && !cursor && nameLike(query)) || mode === 'name' ? searchNames(c.db, query) : null;
    const text =
      mode === 'all' || mode === 'text'
        ? searchText(c.db, { query, filter, order, displayTz: tz, ...(limit !== undefined ? { limit } : {}), ...(cursor !== undefined ? { cursor } : {}) })
        : null;
    if (flag(p, 'json')) {
      out.json({ query, displayTz: tz, identifiers, names, text });
      return 0;
    }
    out.line(zoneLine(tz));
    if (identifiers) {
      for (const h of identifiers.hits) {
        if (h.node === null) {
          out.line(`identifier ${h.kind} ${safeText(h.value)}: not in this case`);
          continue;
        }
        out.line(`identifier ${h.kind} ${safeText(h.value)}: entity ${h.entity}, written ${h.occurrences} time(s), ${h.accounts.length} account(s), ${h.events} event(s) — timeline --entity ${h.entity}`);
        for (const w of h.written.slice(0, 5)) out.line(`  E${w.evidence_id} ${w.src_table}#${w.src_id} ${w.role}: ${safeText(w.raw)}`);
        for (const l of h.linkedIdentifiers.slice(0, 10)) out.line(`  linked: ${l.kind} ${safeText(l.value)}`);
      }
      for (const n of identifiers.notes) out.line(`note: ${n}`);
    }
    if (names && names.length) {
      out.line('names:');
      for (const n of names.slice(0, 10)) {
        const acc = n.accounts.map((a) => `account ${a.id} (E${a.evidence_id}${a.entity_id !== null ? `, entity ${a.entity_id}` : ''}, ${a.events} events)`);
        out.line(`  ${safeText(n.name)} [${n.score}] ${[...acc, ...n.contacts.map((k) => `contact k${k.id} (E${k.evidence})`), ...n.chats.map((h) => `chat ${h.id} (E${h.evidence})`), ...n.entities.map((e) => `entity ${e} (examiner's name)`)].join('; ')}`);
      }
    }
    if (text) {
      out.line(`${text.hits.length} hit(s), ${text.order === 'rank' ? 'by relevance' : `${text.order} first`} (${text.plan.index} index${text.plan.filter !== 'none' ? `, filter ${text.plan.filter}` : ''}).`);
      if (text.hits.length) {
        out.line(
          table(
            text.hits.map((h) => [
              h.event.display === null ? '(no time)' : h.event.display.time,
              h.event.kind,
              `E${h.event.evidence}`,
              h.event.id,
              truncate(safeText(h.event.from), 20),
              truncate(snippetToString(h.snippet, safeText), 90) + (h.hiddenMarks ? ' [hidden marks in text]' : ''),
              safeText(h.event.source),
            ]),
            ['time', 'kind', 'item', 'id', 'from', 'snippet', 'source'],
          ),
        );
      }
      for (const n of text.notes) out.line(`note: ${n}`);
      if (text.next) out.line(`next page: --cursor ${text.next}${text.order !== 'newest' ? ` --order ${text.order}` : ''}`);
    }
    return 0;
  } finally {
    c.close();
  }
}
