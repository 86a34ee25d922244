/**
 * The renderer's new annotation pieces: which annotations a view shows for a target (merged-in entities carried
 * over), the evidence marks, the suggestions queue's keyset "load more", and opening any annotated target from the
 * bookmarks panel. The store runs against a fake `window.threadline` that records every call.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotatedTarget, AnnotationListWire } from '../../shared/annotations';
import type { SuggestionPageWire, SuggestionWire } from '../../shared/model';
import { entityMarksOf } from '../../renderer/features/annotations/marks';
import { annotationsOn, evidenceAnnotations, targetLabel } from '../../renderer/features/annotations/target-match';
import { appendQueuePage, queueReloadLimit } from '../../renderer/store/suggestion-queue';
import type { Store } from '../../renderer/store/types';

/** The store's module, loaded at run time: it reaches renderer/api.ts (DOM types), which the Node-side typecheck leaves to tsconfig.renderer. */
const STORE_MODULE = '../../renderer/store/index';
interface StoreHook {
  getState(): Store;
  setState(p: Partial<Store>): void;
}

const item = (over: Partial<AnnotatedTarget> & Pick<AnnotatedTarget, 'target'>): AnnotatedTarget => ({
  title: 't',
  text: null,
  source: 's',
  evidence: null,
  eventKey: null,
  ts: null,
  display: null,
  entity: null,
  found: true,
  tags: [],
  bookmark: null,
  notes: [],
  ...over,
});
const note = (id: number, text: string | null) => ({ id, text, deleted: text === null, edited: false, createdBy: 'A', created: 't', examiner: 'A', at: 't', history: [] });

const LIST: AnnotationListWire = {
  displayTz: 'UTC',
  tags: [],
  items: [
    item({ target: { type: 'event', id: 'm5' }, eventKey: '9' }),
    item({ target: { type: 'entity', id: 5 }, entity: 5, tags: [{ name: 'suspect', colour: 'blue', examiner: 'A', at: 't' }] }),
    // Node 9 was annotated as entity N9, then N9 was merged into N5.
    item({ target: { type: 'entity', id: 9 }, entity: 5, notes: [note(4, 'old alias')] }),
    item({ target: { type: 'entity', id: 12 }, entity: 12 }),
    item({ target: { type: 'evidence', id: 5 }, bookmark: { label: null, examiner: 'A', at: 't' } }),
  ],
};

describe('annotations of one target', () => {
  it('an entity gets its own annotations and those of identity nodes merged into it; other kinds with the same number are not mixed in', () => {
    const v = annotationsOn(LIST, { type: 'entity', id: 5 });
    expect(v.own?.tags.map((t) => t.name)).toEqual(['suspect']);
    expect(v.carried.map((a) => a.target)).toEqual([{ type: 'entity', id: 9 }]);
    expect(annotationsOn(LIST, { type: 'evidence', id: 5 })).toEqual({ own: LIST.items[4], carried: [] });
    expect(annotationsOn(LIST, { type: 'event', id: 'm5' }).own).toBe(LIST.items[0]);
  });

  it('nothing for an unannotated target or before the list has loaded', () => {
    expect(annotationsOn(LIST, { type: 'entity', id: 7 })).toEqual({ own: null, carried: [] });
    expect(annotationsOn(null, { type: 'entity', id: 5 })).toEqual({ own: null, carried: [] });
  });

  it('entity-list marks: one entry per entity as it is now, merged-in annotations added, tags once each in name order', () => {
    const list: AnnotationListWire = {
      ...LIST,
      items: [
        ...LIST.items,
        item({ target: { type: 'entity', id: 13 }, entity: 5, tags: [{ name: 'suspect', colour: 'blue', examiner: 'B', at: 't' }, { name: 'alias', colour: 'grey', examiner: 'B', at: 't' }], notes: [note(6, null)] }),
      ],
    };
    expect(entityMarksOf(list)).toEqual({
      5: { tags: [{ name: 'alias', colour: 'grey' }, { name: 'suspect', colour: 'blue' }], bookmarked: false, notes: 1 },
      12: { tags: [], bookmarked: false, notes: 0 },
    });
  });

  it('the evidence table finds items by id; labels name the entity as it is now', () => {
    expect([...evidenceAnnotations(LIST).keys()]).toEqual([5]);
    expect(LIST.items.map(targetLabel)).toEqual(['m5', 'N5', 'N5', 'N12', 'E5']);
  });
});

const sugg = (id: number, score: number) => ({ id, score }) as SuggestionWire;
const page = (rows: SuggestionWire[], total: number, next: SuggestionPageWire['next']): SuggestionPageWire => ({ total, offset: 0, rows, next });

describe('the suggestions queue pages', () => {
  it('appends the next page, drops ids already shown, and takes total and cursor from the new page', () => {
    const first = page([sugg(1, 0.9), sugg(2, 0.8)], 5, { score: 0.8, id: 2 });
    const q = appendQueuePage(first, page([sugg(2, 0.8), sugg(3, 0.7)], 4, null));
    expect(q.rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(q.total).toBe(4);
    expect(q.next).toBeNull();
    expect(appendQueuePage(null, first)).toBe(first);
  });

  it('reads as many rows again as were shown, within the contract limit', () => {
    expect(queueReloadLimit(0)).toBe(100);
    expect(queueReloadLimit(300)).toBe(300);
    expect(queueReloadLimit(2_000)).toBe(500);
  });
});

describe('the store against a fake engine', () => {
  const calls: [string, unknown][] = [];
  const answers: Record<string, (req: unknown) => unknown> = {};
  let store: StoreHook;

  beforeAll(async () => {
    const api = new Proxy(
      {},
      {
        get: (_t, ch: string) => async (req: unknown) => {
          calls.push([ch, req]);
          const f = answers[ch];
          return f ? { ok: true, value: f(req) } : { ok: false, error: { code: 'INTERNAL', message: `no fake for ${ch}`, hint: '' } };
        },
      },
    );
    (globalThis as { window?: unknown }).window = { threadline: api };
    store = ((await import(/* @vite-ignore */ STORE_MODULE)) as { useStore: StoreHook }).useStore;
  });

  beforeEach(() => {
    calls.length = 0;
    store.setState({ summary: { ref: { id: 'case-1' }, uuid: 'u' } as never, view: 'bookmarks', suggestionQueue: null, entityId: null, evidenceFocus: null });
  });

  it('load more asks for the rows after the last one shown (keyset), and appends them', async () => {
    answers['entities.suggestions'] = (r) => ((r as { after?: unknown }).after ? page([sugg(3, 0.5)], 3, null) : page([sugg(1, 0.9), sugg(2, 0.5)], 3, { score: 0.5, id: 2 }));
    await store.getState().loadSuggestionQueue();
    await store.getState().loadMoreSuggestions();
    expect(calls.filter(([c]) => c === 'entities.suggestions').map(([, r]) => r)).toEqual([
      { offset: 0, limit: 100 },
      { offset: 0, limit: 100, after: { score: 0.5, id: 2 } },
    ]);
    expect(store.getState().suggestionQueue!.rows.map((r) => r.id)).toEqual([1, 2, 3]);
    // Nothing after the last page: no further request.
    await store.getState().loadMoreSuggestions();
    expect(calls.filter(([c]) => c === 'entities.suggestions')).toHaveLength(2);
  });

  it('opens an entity from the bookmarks panel on its card (the entity it is now), and an evidence item on its row', async () => {
    for (const ch of ['entities.page', 'entities.decisions', 'entities.card', 'evidence.skipped', 'entities.suggestions']) answers[ch] ??= () => ({ total: 0, rows: [], notes: [], offset: 0, next: null });
    answers['entities.decisions'] = () => [];
    answers['evidence.skipped'] = () => [];
    await store.getState().openAnnotatedTarget(LIST.items[2]!);
    expect(store.getState().view).toBe('entities');
    expect(store.getState().entityId).toBe(5);
    expect(store.getState().identityTab).toBe('entity');
    expect(calls.some(([c, r]) => c === 'entities.card' && (r as { entity: number }).entity === 5)).toBe(true);

    await store.getState().openAnnotatedTarget(LIST.items[4]!);
    expect(store.getState().view).toBe('evidence');
    expect(store.getState().evidenceFocus).toBe(5);

    // A target that no longer resolves opens nothing.
    store.setState({ view: 'bookmarks' });
    await store.getState().openAnnotatedTarget(item({ target: { type: 'evidence', id: 8 }, found: false }));
    await store.getState().openAnnotatedTarget(item({ target: { type: 'entity', id: 8 }, entity: null, found: false }));
    expect(store.getState().view).toBe('bookmarks');
  });
});
