import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../shared/contract';
import { annotationHandlers } from '../../main/bridge/service/annotation-handlers';
import { account, caseWith, chat, msg } from '../timeline/case-builder';

describe('annotation channels', () => {
  it('tag, bookmark, note and read back one target and the whole list; refuse while a job runs', async () => {
    const { c } = await caseWith([[chat(), account('Ann'), msg('2025-03-14T10:00:00Z', 'hello', { sender: 'Ann' }), msg('2025-03-14T10:05:00Z', 'other', { sender: 'Ann' })]]);
    let busy = false;
    const h = annotationHandlers(() => c, () => busy);
    const id = `m${(c.db.prepare("SELECT id FROM messages WHERE body = 'hello'").get() as { id: number }).id}`;
    const target = { type: 'event' as const, id };
    expect(await h['annotations.tag']({ target, tag: 'lead', colour: 'yellow' })).toEqual({ changed: true, tag: { name: 'lead', colour: 'yellow' } });
    expect(await h['annotations.bookmark']({ target })).toEqual({ changed: true });
    expect(await h['annotations.note']({ action: 'add', target, text: 'first contact' })).toEqual({ id: 1, version: 1 });
    expect(await h['annotations.note']({ action: 'edit', noteId: 1, text: 'first contact with the victim' })).toEqual({ id: 1, version: 2 });
    const one = await h['annotations.target']({ target, displayTz: 'Asia/Yangon' });
    expect(one).toMatchObject({ target, text: 'hello', tags: [{ name: 'lead', colour: 'yellow' }], bookmark: { label: null }, notes: [{ text: 'first contact with the victim', edited: true }] });
    expect(one!.display).toEqual({ tz: 'Asia/Yangon', time: expect.stringMatching(/^2025-03-14 16:30:00/) });
    const otherId = `m${(c.db.prepare("SELECT id FROM messages WHERE body = 'other'").get() as { id: number }).id}`;
    expect(await h['annotations.target']({ target: { type: 'event', id: otherId }, displayTz: 'UTC' })).toBeNull();
    const list = await h['annotations.list']({ displayTz: 'UTC' });
    expect(list.items).toHaveLength(1);
    expect('event' in list.items[0]!).toBe(false);
    expect(list.tags.map((t) => [t.name, t.uses])).toEqual([['lead', 1]]);
    busy = true;
    await expect(async () => h['annotations.bookmark']({ target, remove: true })).rejects.toThrow(/import or report is running/);
    busy = false;
    expect(await h['annotations.bookmark']({ target, remove: true })).toEqual({ changed: true });
    c.close();
  });

  it('validates payloads: event ids, palette colours, note actions', () => {
    expect(parseRequest('annotations.tag', { target: { type: 'event', id: 'm12' }, tag: 'x', colour: 'green' }).ok).toBe(true);
    expect(parseRequest('annotations.tag', { target: { type: 'event', id: '../etc' }, tag: 'x' }).ok).toBe(false);
    expect(parseRequest('annotations.tag', { target: { type: 'event', id: 'm12' }, tag: 'x', colour: '#ff0000' }).ok).toBe(false);
    expect(parseRequest('annotations.tag', { target: { type: 'entity', id: 0 }, tag: 'x' }).ok).toBe(false);
    expect(parseRequest('annotations.note', { action: 'edit', noteId: 1 }).ok).toBe(false);
    expect(parseRequest('annotations.note', { action: 'delete', noteId: 1 }).ok).toBe(true);
  });
});
