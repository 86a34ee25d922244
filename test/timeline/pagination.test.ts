import { describe, expect, it } from 'vitest';
import type { SqlDb } from '../../main/engine/db/case-db';
import { ThreadlineError } from '../../main/engine/errors';
import { decodeCursor, encodeCursor, expectCursor, type Cursor } from '../../main/engine/timeline/cursor';
import { timelinePage, type TimelineRequest } from '../../main/engine/timeline/page';
import { caseWith, chat, msg } from './case-builder';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as ThreadlineError).code;
  }
  return undefined;
}

/** 23 messages over two items, several sharing instants. */
async function sample() {
  const e1 = [chat()];
  const e2 = [chat()];
  for (let i = 0; i < 15; i++) e1.push(msg(`2025-03-14T10:${String(Math.floor(i / 2)).padStart(2, '0')}:00Z`, `a${i}`));
  for (let i = 0; i < 8; i++) e2.push(msg(`2025-03-14T10:0${i % 4}:00Z`, `b${i}`));
  return caseWith([e1, e2]);
}

function texts(db: SqlDb, req: Omit<TimelineRequest, 'displayTz'>) {
  const p = timelinePage(db, { displayTz: 'UTC', ...req });
  return { ...p, t: p.events.map((e) => e.text) };
}

describe('cursors', () => {
  it('round-trip every kind of cursor, and refuse anything else with a hint', () => {
    const cs: Cursor[] = [
      { type: 'timeline', dir: 'after', key: 1826532989337600001n },
      { type: 'timeline', dir: 'before', key: -5n },
      { type: 'search', order: 'newest', key: (1n << 62n) + 3n },
      { type: 'rank', lo: 10n, hi: 99n, score: -1.25e-6, key: 42n },
    ];
    for (const c of cs) {
      const s = encodeCursor(c);
      expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(s)).toEqual(c);
    }
    for (const junk of ['', 'abc', 'not a cursor!', Buffer.from('["t","a","1.5"]').toString('base64url'), Buffer.from('["x",1]').toString('base64url'), Buffer.from('["t","a","99999999999999999999"]').toString('base64url')]) {
      expect(codeOf(() => decodeCursor(junk))).toBe('BAD_ARGUMENT');
    }
    expect(codeOf(() => expectCursor(encodeCursor(cs[2]!), 'timeline'))).toBe('BAD_ARGUMENT');
  });
});

describe('timeline paging', () => {
  it('pages forward to the end and back again, page for page, with the full order intact', async () => {
    const { c } = await sample();
    const all = texts(c.db, { limit: 5000 }).t;
    expect(all).toHaveLength(23);
    const forward: string[][] = [];
    let p = texts(c.db, { limit: 4 });
    expect(p.prev).toBeNull();
    forward.push(p.t);
    while (p.next) {
      p = texts(c.db, { limit: 4, cursor: p.next });
      forward.push(p.t);
    }
    expect(forward.flat()).toEqual(all);
    expect(forward.map((x) => x.length)).toEqual([4, 4, 4, 4, 4, 3]);
    // Back from the last page: the same pages in reverse.
    const backward: string[][] = [];
    while (p.prev) {
      p = texts(c.db, { limit: 4, cursor: p.prev });
      backward.push(p.t);
    }
    expect(backward).toEqual(forward.slice(0, -1).reverse());
    expect(p.prev).toBeNull();
    c.close();
  });

  it('a deep page equals the same slice of the full order (no OFFSET drift)', async () => {
    const { c } = await sample();
    const all = texts(c.db, { limit: 5000 }).t;
    const p1 = texts(c.db, { limit: 10 });
    const p2 = texts(c.db, { limit: 7, cursor: p1.next! });
    expect(p2.t).toEqual(all.slice(10, 17));
    c.close();
  });

  it('jumps to an instant: forward from it, or the page just before it', async () => {
    const { c } = await sample();
    const all = timelinePage(c.db, { displayTz: 'UTC', limit: 5000 }).events;
    const T = Date.parse('2025-03-14T10:03:00Z');
    const firstAt = all.findIndex((e) => Date.parse(e.ts!) >= T);
    const fwd = texts(c.db, { at: T, limit: 3 });
    expect(fwd.t).toEqual(all.slice(firstAt, firstAt + 3).map((e) => e.text));
    expect(fwd.t[0]).toBe('a6');
    const back = texts(c.db, { at: T, before: true, limit: 3 });
    expect(back.t).toEqual(all.slice(firstAt - 3, firstAt).map((e) => e.text));
    // From the page before the instant, "next" continues exactly at the instant.
    expect(texts(c.db, { cursor: back.next!, limit: 3 }).t).toEqual(fwd.t);
    // From the page at the instant, "prev" is the page before it.
    expect(texts(c.db, { cursor: fwd.prev!, limit: 3 }).t).toEqual(back.t);
    c.close();
  });

  it('an instant after everything gives an empty page whose prev cursor leads back', async () => {
    const { c } = await sample();
    const p = texts(c.db, { at: Date.parse('2030-01-01T00:00:00Z') });
    expect(p.t).toEqual([]);
    expect(p.next).toBeNull();
    expect(texts(c.db, { cursor: p.prev!, limit: 2 }).t).toEqual(texts(c.db, { limit: 5000 }).t.slice(-2));
    c.close();
  });

  it('refuses bad page sizes, cursor plus instant, and cursors from another read-out', async () => {
    const { c } = await sample();
    expect(codeOf(() => timelinePage(c.db, { displayTz: 'UTC', limit: 0 }))).toBe('BAD_ARGUMENT');
    expect(codeOf(() => timelinePage(c.db, { displayTz: 'UTC', limit: 5001 }))).toBe('BAD_ARGUMENT');
    const next = timelinePage(c.db, { displayTz: 'UTC', limit: 2 }).next!;
    expect(codeOf(() => timelinePage(c.db, { displayTz: 'UTC', cursor: next, at: 0 }))).toBe('BAD_ARGUMENT');
    expect(codeOf(() => timelinePage(c.db, { displayTz: 'UTC', cursor: encodeCursor({ type: 'search', order: 'newest', key: 1n }) }))).toBe('BAD_ARGUMENT');
    c.close();
  });
});
