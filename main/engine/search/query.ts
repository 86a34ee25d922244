/**
 * The search language and how a query is planned onto the two indexes. The examiner writes words, "phrases",
 * prefix*, AND / OR / NOT (upper case), parentheses and column prefixes (name:, file:, text:); adjacent terms
 * mean AND. User text never reaches FTS5 syntax unquoted, so no query can be a syntax error inside SQLite.
 *
 * Tokenizer strategy (README): Threadline keeps two FTS5 indexes over the same text. The word index (unicode61,
 * combining marks kept inside tokens, case and Latin accents folded) serves spaced scripts with phrases,
 * prefixes and bm25 ranking. Thai, Lao, Khmer, Burmese, Tibetan, Chinese and Japanese are written without
 * spaces between words, so there a word is a substring of a long run of letters that the word index holds as
 * one token; text in those scripts also goes to a trigram index, and query terms in them are matched as
 * substrings there. Trade-offs: the trigram index is about three postings per character, so it is built only
 * for events that contain those scripts; a trigram match is a substring match, so เงิน (money) also finds
 * โอนเงิน (transfer money) — usually wanted, sometimes noisy; nothing shorter than three characters is in a
 * trigram index, so one- and two-character terms (common Chinese words such as 转账) are found by a bounded
 * substring scan over those events, newest first, reporting how far back it looked and continuing by cursor;
 * no stemming or dictionary segmentation (ICU word breaking was rejected: it splits names and misspelt seized
 * text differently in the query and the document, and would need a second stored copy of the text).
 * Invisible marks (zero-width, bidi controls, BOM, soft hyphen) are removed from the indexed copy and from
 * queries, so a word split or wrapped by them is still found; a NUL separates words.
 */
import { ThreadlineError } from '../errors';
import type { FtsTable, KeySetExpr } from '../db/read/search';
import { codePointLength, foldInvisibles, hasUnspacedScript } from './scripts';

export type Column = 'body' | 'names' | 'files';

export type QueryNode =
  | { type: 'and' | 'or'; children: QueryNode[] }
  /** left NOT right: matches of left that do not match right. */
  | { type: 'not'; left: QueryNode; right: QueryNode }
  | { type: 'term'; text: string; phrase: boolean; prefix: boolean; column: Column | null };

const COLUMN_PREFIXES: Record<string, Column> = { name: 'names', names: 'names', file: 'files', files: 'files', text: 'body', body: 'body' };

type Tok = { t: 'word'; v: string } | { t: 'phrase'; v: string } | { t: '(' } | { t: ')' } | { t: 'AND' } | { t: 'OR' } | { t: 'NOT' } | { t: 'col'; v: Column };

function bad(message: string, hint: string): ThreadlineError {
  return new ThreadlineError('BAD_ARGUMENT', message, { hint });
}

function tokenize(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      out.push({ t: ch });
      i++;
      continue;
    }
    if (ch === '"') {
      const end = q.indexOf('"', i + 1);
      if (end < 0) throw bad('A phrase is missing its closing quote.', 'Close the phrase: "transfer to boss".');
      out.push({ t: 'phrase', v: q.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < q.length && !/[\s()"]/.test(q[j]!)) j++;
    const word = q.slice(i, j);
    const colon = word.indexOf(':');
    if (colon > 0 && COLUMN_PREFIXES[word.slice(0, colon).toLowerCase()] !== undefined) {
      out.push({ t: 'col', v: COLUMN_PREFIXES[word.slice(0, colon).toLowerCase()]! });
      i = i + colon + 1;
      continue;
    }
    if (word === 'AND' || word === 'OR' || word === 'NOT') out.push({ t: word });
    else out.push({ t: 'word', v: word });
    i = j;
  }
  return out;
}

/** Parse the examiner's query. Throws BAD_ARGUMENT with a hint for malformed input. */
export function parseQuery(query: string): QueryNode {
  // A NUL would end the FTS5 expression early inside SQLite; it separates words in the index anyway.
  const toks = tokenize(foldInvisibles(query).replace(/\u0000/g, ' '));
  let pos = 0;
  const peek = () => toks[pos];
  const startsUnary = (t: Tok | undefined) => t !== undefined && (t.t === 'word' || t.t === 'phrase' || t.t === '(' || t.t === 'col');

  function unary(): QueryNode {
    const t = toks[pos];
    if (!t) throw bad('The query ends where a search term was expected.', 'Finish the query, e.g. `usdt AND boss`.');
    if (t.t === '(') {
      pos++;
      const inner = or();
      if (peek()?.t !== ')') throw bad('A parenthesis is not closed.', 'Balance the parentheses: (usdt OR btc) AND boss.');
      pos++;
      return inner;
    }
    let column: Column | null = null;
    if (t.t === 'col') {
      column = t.v;
      pos++;
    }
    const u = toks[pos];
    if (u?.t === 'word') {
      pos++;
      const prefix = u.v.endsWith('*') && u.v.length > 1;
      return { type: 'term', text: prefix ? u.v.replace(/\*+$/, '') : u.v, phrase: false, prefix, column };
    }
    if (u?.t === 'phrase') {
      pos++;
      let prefix = false;
      if (toks[pos]?.t === 'word' && (toks[pos] as { v: string }).v === '*') {
        prefix = true;
        pos++;
      }
      return { type: 'term', text: u.v, phrase: true, prefix, column };
    }
    if (u?.t === 'NOT') throw bad('NOT needs something before it to subtract from.', 'Write e.g. `usdt NOT test` (matches with usdt but without test).');
    throw bad(`Unexpected ${u ? (u.t === ')' ? 'closing parenthesis' : u.t) : 'end of query'}.`, 'Check the query: terms, "phrases", prefix*, AND, OR, NOT, parentheses.');
  }
  function not(): QueryNode {
    let left = unary();
    while (peek()?.t === 'NOT') {
      pos++;
      left = { type: 'not', left, right: unary() };
    }
    return left;
  }
  function and(): QueryNode {
    const children = [not()];
    for (;;) {
      if (peek()?.t === 'AND') {
        pos++;
        children.push(not());
      } else if (startsUnary(peek())) children.push(not());
      else break;
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }
  function or(): QueryNode {
    const children = [and()];
    while (peek()?.t === 'OR') {
      pos++;
      children.push(and());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }
  if (toks.length === 0) throw bad('The search query is empty.', 'Give words to search for, e.g. `threadline search CASE usdt`.');
  if (toks[0]!.t === 'NOT') throw bad('NOT needs something before it to subtract from.', 'Write e.g. `usdt NOT test` (matches with usdt but without test).');
  const root = or();
  if (pos < toks.length) throw bad(`Unexpected ${toks[pos]!.t === ')' ? 'closing parenthesis' : 'text'} in the query.`, 'Balance the parentheses and put AND/OR/NOT between terms.');
  const cleaned = dropEmpty(root);
  if (!cleaned) throw bad('The query has no searchable characters (only punctuation or symbols).', 'Search for words, numbers or names.');
  return cleaned;
}

const TOKEN_CHAR = /[\p{L}\p{N}\p{M}\p{Co}]/u;

/** Terms with nothing an index can match (only punctuation) are removed; NOT with an empty right side drops it. */
function dropEmpty(n: QueryNode): QueryNode | null {
  switch (n.type) {
    case 'term':
      return TOKEN_CHAR.test(n.text) ? n : null;
    case 'not': {
      const l = dropEmpty(n.left);
      const r = dropEmpty(n.right);
      if (!l) return null;
      return r ? { type: 'not', left: l, right: r } : l;
    }
    case 'and':
    case 'or': {
      const kids = n.children.map(dropEmpty).filter((x): x is QueryNode => x !== null);
      if (kids.length === 0) return null;
      return kids.length === 1 ? kids[0]! : { type: n.type, children: kids };
    }
    default: {
      const never: never = n;
      throw new Error(`unknown node ${JSON.stringify(never)}`);
    }
  }
}

export type Route = 'words' | 'grams' | 'scan';

/** Which index a term is matched in. */
export function routeOf(term: Extract<QueryNode, { type: 'term' }>): Route {
  if (!hasUnspacedScript(term.text)) return 'words';
  return codePointLength(term.text.trim()) >= 3 ? 'grams' : 'scan';
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function termFts(t: Extract<QueryNode, { type: 'term' }>, table: FtsTable): string {
  const body = quote(t.text) + (t.prefix && table === 'search_words' ? ' *' : '');
  return t.column ? `${t.column} : ${body}` : body;
}

function toFts(n: QueryNode, table: FtsTable): string {
  switch (n.type) {
    case 'term':
      return termFts(n, table);
    case 'not':
      return `(${toFts(n.left, table)}) NOT (${toFts(n.right, table)})`;
    case 'and':
    case 'or':
      return n.children.map((c) => `(${toFts(c, table)})`).join(n.type === 'and' ? ' AND ' : ' OR ');
    default: {
      const never: never = n;
      throw new Error(`unknown node ${JSON.stringify(never)}`);
    }
  }
}

function terms(n: QueryNode): Extract<QueryNode, { type: 'term' }>[] {
  if (n.type === 'term') return [n];
  if (n.type === 'not') return [...terms(n.left), ...terms(n.right)];
  return n.children.flatMap(terms);
}

/** Terms that must be present for a match (for highlighting hits found without FTS5 snippets). */
export function positiveTerms(n: QueryNode): string[] {
  if (n.type === 'term') return [n.text];
  if (n.type === 'not') return positiveTerms(n.left);
  return n.children.flatMap(positiveTerms);
}

export type SearchPlan =
  /** The whole query runs in one FTS5 index: native order, ranges, bm25 and snippets. */
  | { kind: 'single'; table: FtsTable; match: string; notes: string[] }
  /** Terms in both indexes (or too short for one): set algebra over key sets, newest or oldest first only. */
  | { kind: 'compound'; expr: KeySetExpr; scan: boolean; highlight: string[]; notes: string[] };

function toKeySet(n: QueryNode): KeySetExpr {
  switch (n.type) {
    case 'term': {
      const r = routeOf(n);
      if (r === 'scan') return { op: 'scan', text: n.text.trim(), columns: n.column ? [n.column] : ['body', 'names', 'files'] };
      const table: FtsTable = r === 'grams' ? 'search_grams' : 'search_words';
      return { op: 'fts', table, match: termFts(n, table) };
    }
    case 'not':
      return { op: 'not', left: toKeySet(n.left), right: toKeySet(n.right) };
    case 'and':
    case 'or':
      return n.children.map(toKeySet).reduce((left, right) => ({ op: n.type, left, right }));
    default: {
      const never: never = n;
      throw new Error(`unknown node ${JSON.stringify(never)}`);
    }
  }
}

export function planQuery(root: QueryNode): SearchPlan {
  const ts = terms(root);
  const routes = new Set(ts.map(routeOf));
  const notes: string[] = [];
  if (routes.has('grams') && ts.some((t) => t.prefix && routeOf(t) === 'grams')) notes.push('Terms in Thai, Khmer, Burmese, Chinese … already match as substrings; the prefix * was ignored for them.');
  if (routes.size === 1 && !routes.has('scan')) {
    const table: FtsTable = routes.has('grams') ? 'search_grams' : 'search_words';
    return { kind: 'single', table, match: toFts(root, table), notes };
  }
  const scan = routes.has('scan');
  if (scan) notes.push('Terms of one or two characters in unspaced scripts (e.g. 转账) are too short for the trigram index: they are found by a bounded substring scan, newest first.');
  if (routes.has('words') && routes.has('grams')) notes.push('The query mixes spaced and unspaced scripts: it is answered by combining both indexes (ordered by time; no relevance ranking).');
  return { kind: 'compound', expr: toKeySet(root), scan, highlight: positiveTerms(root), notes };
}
