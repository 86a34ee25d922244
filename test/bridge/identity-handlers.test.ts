import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { CaseSummary, DecisionWire, EntityPageWire } from '../../shared/model';
import { inProcessEngine } from '../../main/bridge/host/in-process-engine';
import type { Engine } from '../../main/bridge/host/engine-client';
import { identityHandlers } from '../../main/bridge/service/identity-handlers';
import { Case } from '../../main/engine/case';
import { ThreadlineError } from '../../main/engine/errors';
import { ensureEventsIndexed } from '../../main/engine/timeline/index-state';
import { tempDir } from '../helpers/tmp';
import { importSeizure } from '../identity/seizure';

describe('identity workbench requests are checked at the boundary', () => {
  it('refuses a decision without a real justification, naming the field', () => {
    const r = parseRequest('entities.decide', { action: 'confirm', suggestion: 3, why: '  ok  ' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_ARGUMENT');
      expect(r.error.message).toContain('why: a justification of at least 10 characters is required');
    }
  });

  it('takes the examiner from the session, never from the request', () => {
    const r = parseRequest('entities.decide', { action: 'merge', a: 1, b: 2, why: 'The same SIM was in both phones.', examiner: 'Someone Else' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('examiner');
  });

  it('accepts each decision kind and trims the justification', () => {
    const why = '  Seen together on the contact card.  ';
    for (const d of [
      { action: 'confirm', suggestion: 1, why },
      { action: 'reject', suggestion: 1, why },
      { action: 'merge', a: 1, b: 2, why },
      { action: 'split', entity: 1, node: 2, why },
      { action: 'rename', entity: 1, name: 'Boss Chen', why },
      { action: 'undo', decision: 4, why },
    ]) {
      const r = parseRequest('entities.decide', d);
      expect(r.ok, d.action).toBe(true);
      if (r.ok) expect(r.value.why).toBe('Seen together on the contact card.');
    }
    expect(parseRequest('entities.page', { sort: 'activity', offset: 0, limit: 5000 }).ok).toBe(false);
    expect(parseRequest('entities.page', { sort: 'loudness', offset: 0, limit: 50 }).ok).toBe(false);
  });
});

describe('identity workbench handlers over a case', () => {
  let c: Case;
  let busy = false;
  beforeAll(async () => {
    const dir = tempDir();
    c = Case.create(join(dir, 'c.case'), { caseNumber: 'TH-H', examiner: 'Examiner H', tz: 'Asia/Bangkok', region: 'TH' });
    await importSeizure(c, dir);
    ensureEventsIndexed(c);
  });

  it('pages, opens a card, queues suggestions, decides and lists the decision', async () => {
    const h = identityHandlers(() => c, () => busy);
    const page = await h['entities.page']({ sort: 'activity', offset: 0, limit: 3 });
    expect(page.rows).toHaveLength(3);
    expect(page.total).toBeGreaterThan(30);
    const card = await h['entities.card']({ entity: page.rows[0]!.id, buckets: 8 });
    expect(card.id).toBe(page.rows[0]!.id);
    expect(card.activity.buckets).toHaveLength(8);
    const queue = await h['entities.suggestions']({ offset: 0, limit: 2 });
    expect(queue.rows).toHaveLength(2);
    expect(queue.total).toBeGreaterThan(2);
    const s = queue.rows[0]!;

    busy = true;
    await expect(async () => h['entities.decide']({ action: 'reject', suggestion: s.id, why: 'Different people: different home towns.' })).rejects.toMatchObject({ code: 'JOB_RUNNING' });
    busy = false;

    const r = await h['entities.decide']({ action: 'reject', suggestion: s.id, why: 'Different people: different home towns.' });
    expect(r).toMatchObject({ kind: 'reject', examiner: 'Examiner H', undoes: null });
    const log = (await h['entities.decisions']({ limit: 5 })) as DecisionWire[];
    expect(log[0]).toMatchObject({ id: r.decision, kind: 'reject', suggestion: s.id, why: 'Different people: different home towns.', examiner: 'Examiner H' });
    const after = await h['entities.suggestions']({ offset: 0, limit: 500 });
    expect(after.total).toBe(queue.total - 1);
    expect(after.rows.some((x) => x.id === s.id)).toBe(false);
    const forEntity = await h['entities.decisions']({ entity: s.sides[0].entity, limit: 5 });
    expect(forEntity.map((d) => d.id)).toContain(r.decision);
  });

  it('says NOT_FOUND for an entity that is not there', async () => {
    const h = identityHandlers(() => c, () => false);
    await expect(async () => h['entities.card']({ entity: 987654 })).rejects.toBeInstanceOf(ThreadlineError);
  });
});

describe('the workbench channels through the engine service', () => {
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('answers on a new case with an empty list and queue, and refuses a decision about nothing', async () => {
    const dir = tempDir('threadline-idw-');
    engine = inProcessEngine({ mode: 'browser', casesFolder: join(dir, 'cases'), evidenceRoots: [dir], staging: false });
    const created = (await engine.call('case.create', { fileName: 'W-1', caseNumber: 'W-1', examiner: 'Tester', tz: 'UTC' })) as Result<CaseSummary>;
    expect(created.ok).toBe(true);
    const page = (await engine.call('entities.page', { sort: 'activity', offset: 0, limit: 50 })) as Result<EntityPageWire>;
    expect(page).toMatchObject({ ok: true, value: { total: 0, rows: [] } });
    expect(await engine.call('entities.suggestions', { offset: 0, limit: 10 })).toMatchObject({ ok: true, value: { total: 0, rows: [] } });
    const bad = await engine.call('entities.decide', { action: 'undo', decision: 1, why: 'Testing an undo of nothing at all.' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const short = await engine.call('entities.decide', { action: 'undo', decision: 1, why: 'no' });
    expect(short).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
  });
});
