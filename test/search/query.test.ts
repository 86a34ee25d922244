import fc from 'fast-check';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../main/engine/errors';
import { parseQuery, planQuery, routeOf, type QueryNode } from '../../main/engine/search/query';
import { parseSnippetPair, highlightTerms, snippetToString } from '../../main/engine/search/snippet';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as ThreadlineError).code;
  }
  return undefined;
}

const term = (text: string, extra: Partial<Extract<QueryNode, { type: 'term' }>> = {}): QueryNode => ({ type: 'term', text, phrase: false, prefix: false, column: null, ...extra });

describe('query language', () => {
  it('parses words, phrases, prefixes, columns, AND/OR/NOT with AND binding tighter than OR', () => {
    expect(parseQuery('usdt boss')).toEqual({ type: 'and', children: [term('usdt'), term('boss')] });
    expect(parseQuery('usdt OR btc boss')).toEqual({ type: 'or', children: [term('usdt'), { type: 'and', children: [term('btc'), term('boss')] }] });
    expect(parseQuery('(usdt OR btc) AND boss')).toEqual({ type: 'and', children: [{ type: 'or', children: [term('usdt'), term('btc')] }, term('boss')] });
    expect(parseQuery('usdt NOT test NOT demo')).toEqual({ type: 'not', left: { type: 'not', left: term('usdt'), right: term('test') }, right: term('demo') });
    expect(parseQuery('"send to boss" trans*')).toEqual({ type: 'and', children: [term('send to boss', { phrase: true }), term('trans', { prefix: true })] });
    expect(parseQuery('"send to"*')).toEqual(term('send to', { phrase: true, prefix: true }));
    expect(parseQuery('name:somchai file:"IMG 01"')).toEqual({ type: 'and', children: [term('somchai', { column: 'names' }), term('IMG 01', { column: 'files', phrase: true })] });
    // Lower-case operators are words; invisible marks are dropped like the index drops them.
    expect(parseQuery('cash or card')).toEqual({ type: 'and', children: [term('cash'), term('or'), term('card')] });
    expect(parseQuery('pass\u200Bword \u202Eevil\u202C')).toEqual({ type: 'and', children: [term('password'), term('evil')] });
  });

  it('refuses malformed queries with BAD_ARGUMENT and a hint', () => {
    for (const q of ['', '   ', '"unclosed', 'NOT spam', '(usdt OR btc', 'usdt)', 'usdt AND', 'usdt OR', '!!! ???', 'usdt NOT NOT x']) {
      expect(codeOf(() => parseQuery(q))).toBe('BAD_ARGUMENT');
    }
    try {
      parseQuery('NOT spam');
    } catch (e) {
      expect((e as ThreadlineError).hint).toContain('usdt NOT test');
    }
  });

  it('drops punctuation-only terms instead of sending them to FTS5', () => {
    expect(parseQuery('usdt !!! boss')).toEqual({ type: 'and', children: [term('usdt'), term('boss')] });
    expect(parseQuery('usdt NOT ---')).toEqual(term('usdt'));
  });

  it('routes terms: spaced scripts to words, unspaced ones to trigrams, one or two unspaced characters to a scan', () => {
    const r = (q: string) => routeOf(parseQuery(q) as Extract<QueryNode, { type: 'term' }>);
    expect(r('usdt')).toBe('words');
    expect(r('โอนเงิน')).toBe('grams'); // Thai: transfer money
    expect(r('ငွေလွှဲ')).toBe('grams'); // Burmese: money transfer
    expect(r('ផ្ទេរប្រាក់')).toBe('grams'); // Khmer: transfer money
    expect(r('转账')).toBe('scan'); // Chinese: transfer (2 characters)
    expect(r('银行卡')).toBe('grams'); // Chinese: bank card (3)
    expect(planQuery(parseQuery('usdt boss'))).toMatchObject({ kind: 'single', table: 'search_words', match: '("usdt") AND ("boss")' });
    expect(planQuery(parseQuery('โอนเงิน OR 银行卡'))).toMatchObject({ kind: 'single', table: 'search_grams' });
    expect(planQuery(parseQuery('usdt 转账'))).toMatchObject({ kind: 'compound', scan: true });
    expect(planQuery(parseQuery('usdt โอนเงิน'))).toMatchObject({ kind: 'compound', scan: false });
  });

  it('never produces an FTS5 expression SQLite rejects, whatever the examiner types (property)', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE w USING fts5(body, names, files, tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co M*'\"); CREATE VIRTUAL TABLE g USING fts5(body, names, files, tokenize = 'trigram')");
    const chars = fc.constantFrom('a', 'b', ' ', '"', '*', '(', ')', ':', '-', '^', '+', 'NEAR', 'AND', 'OR', 'NOT', 'name:', 'ไทย', '转', '{', '}', '\u0000', '\u202E', 'é');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((xs) => xs.join('')), (q) => {
        let plan;
        try {
          plan = planQuery(parseQuery(q));
        } catch (e) {
          expect((e as ThreadlineError).code).toBe('BAD_ARGUMENT');
          return;
        }
        if (plan.kind === 'single') db.prepare(`SELECT rowid FROM ${plan.table === 'search_words' ? 'w' : 'g'} WHERE ${plan.table === 'search_words' ? 'w' : 'g'} MATCH ?`).all(plan.match);
      }),
      { numRuns: 400 },
    );
    db.close();
  });
});

describe('snippets', () => {
  it('separate highlights from text even when the text contains the marker characters', () => {
    // What FTS5 would return for the text "x\uE000y hit z" with the two marker sets.
    const a = '\uE002x\uE000y \uE000hit\uE001 z';
    const b = '\uE005x\uE000y \uE003hit\uE004 z';
    expect(parseSnippetPair(a, b)).toEqual([{ gap: true }, { text: 'x\uE000y ' }, { text: 'hit', hit: true }, { text: ' z' }]);
    expect(parseSnippetPair('ab', 'ac')).toBeNull();
  });

  it('highlight terms in plain text for hits found without FTS5 snippets, and render for terminals', () => {
    const parts = highlightTerms('please send 转账 receipt to 转账 desk', ['转账']);
    expect(parts).toEqual([{ text: 'please send ' }, { text: '转账', hit: true }, { text: ' receipt to ' }, { text: '转账', hit: true }, { text: ' desk' }]);
    expect(snippetToString([{ gap: true }, { text: 'a\u202Eb' }, { text: 'HIT', hit: true }], (s) => s.replace('\u202E', '<U+202E>'))).toBe('…a<U+202E>b«HIT»');
  });
});
