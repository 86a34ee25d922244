import { describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../main/engine/errors';
import { thread } from '../../main/engine/timeline/thread';
import { caseWith, chat, msg } from './case-builder';

describe('conversation view', () => {
  it('shows the messages before and after a message in its own chat only, in timeline order', async () => {
    const recs = [chat('c', 'Ann'), chat('g', 'Team', 'group')];
    for (let i = 0; i < 10; i++) {
      recs.push(msg(`2025-03-14T10:0${i}:00Z`, `ann ${i}`, { chat: 'c' }));
      recs.push(msg(`2025-03-14T10:0${i}:30Z`, `team ${i}`, { chat: 'g', sender: 'Bob' }));
    }
    recs.push(msg('2025-03-14T10:05:00Z', 'ann same minute as 5', { chat: 'c' }));
    const { c } = await caseWith([recs]);
    const id = (c.db.prepare("SELECT id FROM messages WHERE body = 'ann 5'").get() as { id: number }).id;
    const t = thread(c.db, { messageId: id, before: 3, after: 2, displayTz: 'Asia/Bangkok' });
    expect(t.target.text).toBe('ann 5');
    expect(t.target.display).toEqual({ tz: 'Asia/Bangkok', time: '2025-03-14 17:05:00 +07:00' });
    expect(t.before.map((e) => e.text)).toEqual(['ann 2', 'ann 3', 'ann 4']);
    expect(t.after.map((e) => e.text)).toEqual(['ann same minute as 5', 'ann 6']);
    expect(t.chat).toMatchObject({ name: 'Ann', platform: 'whatsapp', messages: 11 });
    const first = (c.db.prepare("SELECT id FROM messages WHERE body = 'team 0'").get() as { id: number }).id;
    const t2 = thread(c.db, { messageId: first, displayTz: 'UTC' });
    expect(t2.before).toEqual([]);
    expect(t2.after.map((e) => e.text)).toEqual(Array.from({ length: 9 }, (_, i) => `team ${i + 1}`));
    c.close();
  });

  it('keeps undated messages in source order among themselves', async () => {
    const none = { kind: 'none' as const, raw: '' };
    const { c } = await caseWith([[chat(), msg('2025-03-14T10:00:00Z', 'dated'), msg(none, 'u1'), msg(none, 'u2'), msg(none, 'u3')]]);
    const id = (c.db.prepare("SELECT id FROM messages WHERE body = 'u2'").get() as { id: number }).id;
    const t = thread(c.db, { messageId: id, displayTz: 'UTC' });
    expect([t.before.map((e) => e.text), t.target.ts, t.after.map((e) => e.text)]).toEqual([['u1'], null, ['u3']]);
    expect(t.notes.join(' ')).toContain('no usable time');
    c.close();
  });

  it('refuses an unknown message id with NOT_FOUND and a hint', async () => {
    const { c } = await caseWith([[chat(), msg('2025-03-14T10:00:00Z', 'x')]]);
    try {
      thread(c.db, { messageId: 999, displayTz: 'UTC' });
      throw new Error('expected NOT_FOUND');
    } catch (e) {
      expect((e as ThreadlineError).code).toBe('NOT_FOUND');
      expect((e as ThreadlineError).hint).toContain('m123');
    }
    c.close();
  });
});
