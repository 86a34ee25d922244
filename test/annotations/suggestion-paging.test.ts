/** The suggestions queue pages by key (score, then id): pages join without gaps or repeats, even when a decision lands between two pages. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { identityHandlers } from '../../main/bridge/service/identity-handlers';
import { decide, suggestionPage } from '../../main/engine/identity/workbench';
import { ensureEventsIndexed } from '../../main/engine/timeline/index-state';
import { tempDir } from '../helpers/tmp';
import { importSeizure } from '../identity/seizure';

let c: Case;

beforeAll(async () => {
  const dir = tempDir();
  c = Case.create(join(dir, 'c.case'), { caseNumber: 'TH-SQ', examiner: 'Examiner Q', tz: 'Asia/Bangkok', region: 'TH' });
  await importSeizure(c, dir);
  ensureEventsIndexed(c);
});

/** Every page from the first, following `next`. */
function walk(limit: number): { ids: number[]; pages: number } {
  const ids: number[] = [];
  let pages = 0;
  let after: { score: number; id: number } | undefined;
  for (;;) {
    const p = suggestionPage(c.db, { offset: 0, limit, ...(after ? { after } : {}) });
    pages++;
    ids.push(...p.rows.map((r) => r.id));
    if (!p.next) break;
    expect(p.next).toEqual({ score: p.rows[p.rows.length - 1]!.score, id: p.rows[p.rows.length - 1]!.id });
    after = p.next;
  }
  return { ids, pages };
}

describe('suggestions queue paging', () => {
  it('keyset pages of 2 give the whole queue in order (score descending, then id), each suggestion once', () => {
    const whole = suggestionPage(c.db, { offset: 0, limit: 500 });
    expect(whole.total).toBeGreaterThan(4);
    expect(whole.rows).toHaveLength(whole.total);
    expect(whole.next).toBeNull();
    const sorted = [...whole.rows].sort((a, b) => b.score - a.score || a.id - b.id).map((r) => r.id);
    expect(whole.rows.map((r) => r.id)).toEqual(sorted);
    const w = walk(2);
    expect(w.ids).toEqual(sorted);
    // A full last page still says `next` (the engine cannot know nothing follows without asking): one more empty page.
    expect(w.pages).toBe(Math.floor(whole.total / 2) + 1);
  });

  it('a decision between two pages does not make the next page skip a suggestion (an offset would)', () => {
    const first = suggestionPage(c.db, { offset: 0, limit: 2 });
    const expectedNext = suggestionPage(c.db, { offset: 2, limit: 2 }).rows.map((r) => r.id);
    decide(c, { action: 'reject', suggestion: first.rows[0]!.id, why: 'Different people: their accounts are on two devices.' });
    const byKey = suggestionPage(c.db, { offset: 0, limit: 2, after: first.next! });
    expect(byKey.rows.map((r) => r.id)).toEqual(expectedNext);
    const byOffset = suggestionPage(c.db, { offset: 2, limit: 2 });
    expect(byOffset.rows[0]!.id).toBe(expectedNext[1]);
    expect(byKey.total).toBe(first.total - 1);
  });

  it('the bridge handler passes the cursor through, and the contract refuses a cursor without an id', async () => {
    const h = identityHandlers(() => c, () => false);
    const p1 = await h['entities.suggestions']({ offset: 0, limit: 1 });
    const p2 = await h['entities.suggestions']({ offset: 0, limit: 1, after: p1.next! });
    expect(p2.rows[0]!.id).toBe(suggestionPage(c.db, { offset: 1, limit: 1 }).rows[0]!.id);
    const { CONTRACT } = await import('../../shared/contract');
    expect(CONTRACT['entities.suggestions'].request.safeParse({ offset: 0, limit: 1, after: { score: 0.5 } }).success).toBe(false);
    expect(CONTRACT['entities.suggestions'].request.safeParse({ offset: 0, limit: 1, after: { score: 0.5, id: 3 } }).success).toBe(true);
  });
});
