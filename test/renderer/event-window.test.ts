import { describe, expect, it } from 'vitest';
import type { TimelineEvent, TimelinePageWire } from '../../shared/model';
import { appendPage, indexOfKey, prependPage, windowFromPage, type EventWindow } from '../../renderer/lib/event-window';

function ev(k: number): TimelineEvent {
  return {
    id: `m${k}`,
    key: String(k),
    ts: null,
    display: null,
    kind: 'message',
    subkind: 'text',
    evidence: 1,
    recordId: k,
    from: null,
    to: null,
    text: '',
    source: `f:${k}`,
    chat: null,
    actor: null,
    counterpart: null,
    hasAttachment: false,
    attachments: [],
    tsRaw: null,
    tsLocal: null,
    tsZone: null,
    flags: [],
  };
}
const page = (keys: number[], atStart = false, atEnd = false): TimelinePageWire => ({ events: keys.map(ev), atStart, atEnd, displayTz: 'UTC', plan: { driver: 'all', estimate: null, text: false }, notes: [] });
const keys = (w: EventWindow) => w.events.map((e) => Number(e.key));

describe('the loaded window of the timeline', () => {
  it('appends the next page and drops rows from the front beyond the limit', () => {
    const w = windowFromPage(page([1, 2, 3], true, false));
    const r = appendPage(w, page([4, 5, 6], false, true), 4);
    expect(keys(r.window)).toEqual([3, 4, 5, 6]);
    expect(r.dropped).toBe(2);
    expect(r.window.atStart).toBe(false);
    expect(r.window.atEnd).toBe(true);
  });

  it('keeps atStart when nothing was dropped', () => {
    const r = appendPage(windowFromPage(page([1, 2], true)), page([3]), 10);
    expect(r.window.atStart).toBe(true);
    expect(r.dropped).toBe(0);
  });

  it('prepends the previous page, reports how many rows went in front, and trims the back', () => {
    const w = windowFromPage(page([5, 6, 7], false, true));
    const r = prependPage(w, page([2, 3, 4], true), 5);
    expect(keys(r.window)).toEqual([2, 3, 4, 5, 6]);
    expect(r.added).toBe(3);
    expect(r.window.atStart).toBe(true);
    expect(r.window.atEnd).toBe(false);
  });

  it('an empty page before the window means the start was reached', () => {
    const r = prependPage(windowFromPage(page([5, 6])), page([]), 10);
    expect(r.window.atStart).toBe(true);
    expect(r.added).toBe(0);
  });

  it('never duplicates an event that two pages both hold', () => {
    const r = appendPage(windowFromPage(page([1, 2, 3])), page([3, 4]), 10);
    expect(keys(r.window)).toEqual([1, 2, 3, 4]);
    expect(indexOfKey(r.window, '4')).toBe(3);
    expect(indexOfKey(r.window, null)).toBe(-1);
  });
});
