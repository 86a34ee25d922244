import { describe, expect, it } from 'vitest';
import type { SqlDb } from '../../main/engine/db/case-db';
import { ftsKeys, ftsRanked } from '../../main/engine/db/read/search';
import { ThreadlineError } from '../../main/engine/errors';
import { searchText, type SearchRequest } from '../../main/engine/search/full-text';
import { snippetToString } from '../../main/engine/search/snippet';
import { resolveFilter } from '../../main/engine/timeline/filter';
import { UNDATED_BASE } from '../../main/engine/timeline/keys';
import { timelinePage } from '../../main/engine/timeline/page';
import { addItem, call, caseWith, chat, contact, file, msg, row, transfer } from '../timeline/case-builder';

function texts(db: SqlDb, query: string, more: Partial<SearchRequest> = {}): string[] {
  return searchText(db, { query, displayTz: 'UTC', ...more }).hits.map((h) => h.event.text);
}

describe('full-text search', () => {
  it('supports phrases, prefixes, AND, OR, NOT, parentheses and column prefixes', async () => {
    const { c } = await caseWith([
      [
        chat(),
        msg('2025-03-14T10:00:00Z', 'send the usdt to boss'),
        msg('2025-03-14T10:01:00Z', 'boss send usdt'),
        msg('2025-03-14T10:02:00Z', 'transfer done, usdt test'),
        msg('2025-03-14T10:03:00Z', 'transaction pending btc'),
        msg('2025-03-14T10:04:00Z', 'Café déjà vu', { attachments: ['Boss-receipt.jpg'] }),
        call('2025-03-14T10:05:00Z', '+66812345678', 'incoming', { name: 'Somchai Boss' }),
      ],
    ]);
    expect(texts(c.db, '"send the usdt"')).toEqual(['send the usdt to boss']);
    expect(texts(c.db, 'trans*', { order: 'oldest' })).toEqual(['transfer done, usdt test', 'transaction pending btc']);
    expect(texts(c.db, 'usdt AND boss', { order: 'oldest' })).toEqual(['send the usdt to boss', 'boss send usdt']);
    expect(texts(c.db, 'usdt NOT test', { order: 'oldest' })).toEqual(['send the usdt to boss', 'boss send usdt']);
    expect(texts(c.db, '(btc OR test) usdt')).toEqual(['transfer done, usdt test']);
    expect(texts(c.db, 'cafe deja')).toEqual(['Café déjà vu']); // case and accents folded
    expect(texts(c.db, 'file:boss')).toEqual(['Café déjà vu']);
    expect(texts(c.db, 'name:somchai')).toEqual(['incoming voice call, 30 s']);
    expect(texts(c.db, 'boss', { order: 'oldest' })).toHaveLength(4);
    c.close();
  });

  it('finds contact names, spreadsheet cells, transactions and container file names', async () => {
    const { c } = await caseWith([
      [
        contact('Nong Ploy', '+66899999999'),
        row('r1', ['2025-03-14', 'deposit', 'KBank 123-4-56789'], 1),
        row('r2', ['2025-03-14', '500.25', 'visa run'], 2),
        transfer('2025-03-14T12:00:00Z', '500.25', 'deposit for visa', 'r2'),
        file('media/passport-scan.pdf'),
      ],
    ]);
    expect(texts(c.db, 'ploy')).toEqual(['contact Nong Ploy: +66899999999']);
    expect(texts(c.db, 'kbank')).toEqual(['Ledger row 1: 2025-03-14 | deposit | KBank 123-4-56789']);
    // The transaction is found by its own description and by the cells of the row behind it.
    expect(texts(c.db, '"visa run"')).toEqual(['500.25 USDT deposit for visa']);
    expect(texts(c.db, 'passport')).toEqual(['media/passport-scan.pdf']);
    const hit = searchText(c.db, { query: 'ploy', displayTz: 'UTC' }).hits[0]!;
    expect(hit.event).toMatchObject({ kind: 'contact', ts: null, source: expect.stringMatching(/^item-0\.rec:\d+$/) });
    c.close();
  });

  it('finds words inside Thai, Chinese, Burmese and Khmer text written without spaces', async () => {
    const { c } = await caseWith([
      [
        chat(),
        msg('2025-03-14T10:00:00Z', 'พรุ่งนี้โอนเงินให้หัวหน้าแล้วนะครับ'), // tomorrow transfer money to the boss, ok
        msg('2025-03-14T10:01:00Z', '明天把钱转账给老板，用银行卡'), // tomorrow transfer money to the boss, by bank card
        msg('2025-03-14T10:02:00Z', 'မနက်ဖြန်ငွေလွှဲပေးမယ်'), // tomorrow I will transfer money
        msg('2025-03-14T10:03:00Z', 'ថ្ងៃស្អែកផ្ទេរប្រាក់ទៅថៅកែ'), // tomorrow transfer money to the boss
        msg('2025-03-14T10:04:00Z', 'เงินเดือน salary'), // salary
      ],
    ]);
    expect(texts(c.db, 'โอนเงิน')).toEqual(['พรุ่งนี้โอนเงินให้หัวหน้าแล้วนะครับ']);
    expect(texts(c.db, 'หัวหน้า')).toEqual(['พรุ่งนี้โอนเงินให้หัวหน้าแล้วนะครับ']);
    // Substring semantics: เงิน (money) is inside โอนเงิน and เงินเดือน.
    expect(texts(c.db, 'เงิน', { order: 'oldest' })).toEqual(['พรุ่งนี้โอนเงินให้หัวหน้าแล้วนะครับ', 'เงินเดือน salary']);
    expect(texts(c.db, '银行卡')).toEqual(['明天把钱转账给老板，用银行卡']);
    expect(texts(c.db, 'ငွေလွှဲ')).toEqual(['မနက်ဖြန်ငွေလွှဲပေးမယ်']);
    expect(texts(c.db, 'ផ្ទេរប្រាក់')).toEqual(['ថ្ងៃស្អែកផ្ទេរប្រាក់ទៅថៅកែ']);
    // Two-character Chinese words are below the trigram index: found by the bounded scan, and highlighted.
    const r = searchText(c.db, { query: '转账', displayTz: 'UTC' });
    expect(r.hits.map((h) => h.event.text)).toEqual(['明天把钱转账给老板，用银行卡']);
    expect(snippetToString(r.hits[0]!.snippet)).toBe('明天把钱«转账»给老板，用银行卡');
    expect(r.partial).toBe(false);
    expect(texts(c.db, '老板')).toEqual(['明天把钱转账给老板，用银行卡']);
    // Mixed scripts combine both indexes.
    expect(texts(c.db, 'เงินเดือน AND salary')).toEqual(['เงินเดือน salary']);
    expect(texts(c.db, 'salary OR 银行卡', { order: 'oldest' })).toEqual(['明天把钱转账给老板，用银行卡', 'เงินเดือน salary']);
    const thai = searchText(c.db, { query: 'หัวหน้า', displayTz: 'UTC' });
    expect(thai.plan.index).toBe('trigram');
    expect(snippetToString(thai.hits[0]!.snippet)).toContain('«หัวหน้า»');
    c.close();
  });

  it('finds text after an embedded NUL, inside bidi overrides and across zero-width characters', async () => {
    const { c } = await caseWith([
      [
        chat(),
        msg('2025-03-14T10:00:00Z', 'visible part\u0000hidden tail'),
        msg('2025-03-14T10:01:00Z', 'order \u202Eevil\u202C done'),
        msg('2025-03-14T10:02:00Z', 'the pass\u200Bword is 1234'),
        msg('2025-03-14T10:03:00Z', 'junk\u0000ส่งเงินด่วน'), // Thai after a NUL: "send money urgently"
        msg('2025-03-14T10:04:00Z', '\u2067สวัสดี\u2069 isolate'),
      ],
    ]);
    expect(texts(c.db, 'hidden')).toEqual(['visible part\u0000hidden tail']);
    expect(texts(c.db, '"hidden tail"')).toEqual(['visible part\u0000hidden tail']);
    expect(texts(c.db, 'evil')).toEqual(['order \u202Eevil\u202C done']);
    expect(texts(c.db, 'password')).toEqual(['the pass\u200Bword is 1234']);
    expect(texts(c.db, 'ส่งเงิน')).toEqual(['junk\u0000ส่งเงินด่วน']);
    expect(texts(c.db, 'สวัสดี')).toEqual(['\u2067สวัสดี\u2069 isolate']);
    // A query with the same invisible marks finds the same text.
    expect(texts(c.db, 'pass\u200Bword')).toEqual(['the pass\u200Bword is 1234']);
    // The event text keeps the marks (stored faithfully); only the indexed copy drops them.
    const evil = searchText(c.db, { query: 'evil', displayTz: 'UTC' }).hits[0]!;
    expect(evil.event.text).toBe('order \u202Eevil\u202C done');
    expect(evil.hiddenMarks).toBe(true);
    expect(searchText(c.db, { query: 'hidden', displayTz: 'UTC' }).hits[0]!.hiddenMarks).toBe(false);
    c.close();
  });

  it('orders by time both ways with cursors that cover every hit once; undated records come last', async () => {
    const recs = [chat()];
    for (let i = 0; i < 9; i++) recs.push(msg(`2025-03-14T10:0${i}:00Z`, `usdt ${i}`));
    recs.push(msg({ kind: 'none', raw: '' }, 'usdt undated A'), msg({ kind: 'none', raw: '' }, 'usdt undated B'));
    const { c } = await caseWith([recs, [chat(), msg('2025-03-14T10:04:00Z', 'usdt device two')]]);
    const pages = (order: 'newest' | 'oldest') => {
      const out: string[][] = [];
      let r = searchText(c.db, { query: 'usdt', order, limit: 4, displayTz: 'UTC' });
      out.push(r.hits.map((h) => h.event.text));
      while (r.next) {
        r = searchText(c.db, { query: 'usdt', order, limit: 4, displayTz: 'UTC', cursor: r.next });
        out.push(r.hits.map((h) => h.event.text));
      }
      return out;
    };
    const newest = pages('newest');
    expect(newest.flat()).toEqual(['usdt 8', 'usdt 7', 'usdt 6', 'usdt 5', 'usdt device two', 'usdt 4', 'usdt 3', 'usdt 2', 'usdt 1', 'usdt 0', 'usdt undated A', 'usdt undated B']);
    expect(newest.map((p) => p.length)).toEqual([4, 4, 4]);
    expect(pages('oldest').flat()).toEqual(['usdt 0', 'usdt 1', 'usdt 2', 'usdt 3', 'usdt 4', 'usdt device two', 'usdt 5', 'usdt 6', 'usdt 7', 'usdt 8', 'usdt undated A', 'usdt undated B']);
    // A time range excludes undated records.
    expect(texts(c.db, 'usdt', { filter: { from: Date.parse('2025-03-14T10:07:00Z') } })).toEqual(['usdt 8', 'usdt 7']);
    // The timeline's text filter is the same search, in time order, dated only.
    expect(timelinePage(c.db, { displayTz: 'UTC', filter: { text: 'usdt' }, limit: 3 }).events.map((e) => e.text)).toEqual(['usdt 0', 'usdt 1', 'usdt 2']);
    const newCursor = searchText(c.db, { query: 'usdt', limit: 1, displayTz: 'UTC' }).next!;
    expect(() => searchText(c.db, { query: 'usdt', order: 'oldest', cursor: newCursor, displayTz: 'UTC' })).toThrow(ThreadlineError);
    c.close();
  });

  it('ranks by bm25 inside a window of the newest matches, says when the window is partial, and pages by score', async () => {
    const recs = [chat()];
    recs.push(msg('2025-03-14T09:00:00Z', 'boss boss boss boss')); // best, but oldest
    for (let i = 0; i < 6; i++) recs.push(msg(`2025-03-14T10:0${i}:00Z`, `boss message number ${i} with many other words to dilute the term frequency`));
    recs.push(msg('2025-03-14T11:00:00Z', 'boss boss'));
    const { c } = await caseWith([recs]);
    const all = searchText(c.db, { query: 'boss', order: 'rank', displayTz: 'UTC', limit: 3 });
    expect(all.ranked).toEqual({ window: 5000, complete: true });
    expect(all.hits.map((h) => h.event.text).slice(0, 2)).toEqual(['boss boss boss boss', 'boss boss']);
    const scores = all.hits.map((h) => h.score!);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    // Pages by score cover all eight matches once.
    const seen: string[] = all.hits.map((h) => h.event.key);
    let r = all;
    while (r.next) {
      r = searchText(c.db, { query: 'boss', order: 'rank', displayTz: 'UTC', limit: 3, cursor: r.next });
      seen.push(...r.hits.map((h) => h.event.key));
    }
    expect(new Set(seen).size).toBe(8);
    expect(seen).toHaveLength(8);
    // With a window of the 3 newest matches, the old best match is outside and the result says so.
    const windowed = searchText(c.db, { query: 'boss', order: 'rank', displayTz: 'UTC', rankWindow: 3 });
    expect(windowed.ranked).toEqual({ window: 3, complete: false });
    expect(windowed.hits.map((h) => h.event.text)).toEqual(['boss boss', 'boss message number 5 with many other words to dilute the term frequency', 'boss message number 4 with many other words to dilute the term frequency']);
    expect(windowed.notes.join(' ')).toContain('Ranked among the newest 3 matches');
    c.close();
  });

  it('pages a ranked window scored once exactly like ranking in SQL, also with a cursor from a larger window, and rescores after an import', async () => {
    const recs = [chat()];
    for (let i = 0; i < 12; i++) recs.push(msg(`2025-03-14T10:${String(i).padStart(2, '0')}:00Z`, `${'usdt '.repeat(1 + (i % 4))}${'filler '.repeat(i % 5)}`));
    const built = await caseWith([recs]);
    const { c } = built;
    const everything = { lo: -(1n << 63n), hi: 1n << 62n };
    const sqlOrder = ftsRanked(c.db, 'search_words', '"usdt"', everything, 100, null, null).map((h) => h.key.toString());
    expect(sqlOrder).toHaveLength(12);
    const pages = (first: Partial<SearchRequest>, rest: Partial<SearchRequest>) => {
      let r = searchText(c.db, { query: 'usdt', order: 'rank', displayTz: 'UTC', limit: 5, ...first });
      const keys = r.hits.map((h) => h.event.key);
      while (r.next) {
        r = searchText(c.db, { query: 'usdt', order: 'rank', displayTz: 'UTC', limit: 5, cursor: r.next, ...rest });
        keys.push(...r.hits.map((h) => h.event.key));
      }
      return keys;
    };
    expect(pages({}, {})).toEqual(sqlOrder);
    // Continuing with a smaller window than the cursor's holds: ranked in SQL page by page, same order.
    expect(pages({}, { rankWindow: 4 })).toEqual(sqlOrder);
    // A later import with a better match is ranked first: the stored ranking belonged to the old index.
    await addItem(built, [chat(), msg('2025-03-15T10:00:00Z', 'usdt usdt usdt usdt usdt usdt')]);
    const after = searchText(c.db, { query: 'usdt', order: 'rank', displayTz: 'UTC', limit: 5 });
    expect(after.hits[0]!.event.text).toBe('usdt usdt usdt usdt usdt usdt');
    expect(pages({}, {})).toHaveLength(13);
    c.close();
  });

  it('joins filters per match or as a key set with identical results', async () => {
    const recs = [chat('c'), chat('g', 'Team', 'group')];
    for (let i = 0; i < 30; i++) recs.push(msg(`2025-03-14T10:${String(i).padStart(2, '0')}:00Z`, i % 3 ? 'usdt common' : 'usdt rare boss', { chat: i % 2 ? 'c' : 'g', sender: i % 5 ? 'Ann' : 'Bob', ...(i % 4 ? {} : { attachments: ['a.jpg'] }) }));
    const { c } = await caseWith([recs]);
    for (const f of [{ kinds: ['message' as const] }, { accounts: [2] }, { hasAttachment: true }, { evidence: [1], accounts: [1, 2] }]) {
      const sql = resolveFilter(c.db, f).sql;
      for (const desc of [true, false]) {
        const range = { lo: -(1n << 63n), hi: UNDATED_BASE };
        const join = ftsKeys(c.db, 'search_words', '"boss"', range, desc, 100, { mode: 'join', sql }, false).map((h) => h.key);
        const member = ftsKeys(c.db, 'search_words', '"boss"', range, desc, 100, { mode: 'member', sql, driver: 'all' }, false).map((h) => h.key);
        expect(member).toEqual(join);
      }
    }
    const r = searchText(c.db, { query: 'boss', filter: { hasAttachment: true }, displayTz: 'UTC' });
    expect(r.plan.filter).toBe('key-set');
    expect(r.hits.every((h) => h.event.hasAttachment && h.event.text.includes('boss'))).toBe(true);
    c.close();
  });

  it('snippets highlight the match and stay structured', async () => {
    const { c } = await caseWith([[chat(), msg('2025-03-14T10:00:00Z', `${'lorem ipsum '.repeat(20)}the boss wants usdt today ${'dolor sit '.repeat(20)}`)]]);
    const [hit] = searchText(c.db, { query: 'usdt', displayTz: 'UTC' }).hits;
    expect(hit!.snippet[0]).toEqual({ gap: true });
    expect(hit!.snippet.filter((p) => 'hit' in p)).toEqual([{ text: 'usdt', hit: true }]);
    expect(snippetToString(hit!.snippet)).toMatch(/^….*boss wants «usdt» today.*…$/);
    c.close();
  });
});
