import { describe, expect, it } from 'vitest';
import { addNote, bookmarkTarget, deleteNote, editNote, listAnnotated, listTags, tagTarget, unbookmarkTarget, untagTarget } from '../../main/engine/annotations';
import type { Case } from '../../main/engine/case';
import { rebuildEvents } from '../../main/engine/db/write/events';
import { mergeEntities } from '../../main/engine/identity';
import { timelinePage } from '../../main/engine/timeline/page';
import { account, caseWith, chat, msg } from '../timeline/case-builder';

async function twoItems() {
  return caseWith([
    [chat(), account('Ann', { phone: '+66812345678' }), msg('2025-03-14T10:00:00Z', 'first', { sender: 'Ann' }), msg('2025-03-14T11:00:00Z', 'second', { sender: 'Ann' })],
    [chat(), account('Bob', { phone: '+66898765432' }), msg('2025-03-14T10:30:00Z', 'between', { sender: 'Bob' })],
  ]);
}

const audits = (c: Case) => c.db.prepare('SELECT action, details_json FROM audit_log ORDER BY seq').all() as { action: string; details_json: string }[];
const lastAudit = (c: Case) => {
  const a = audits(c).pop()!;
  return { action: a.action, details: JSON.parse(a.details_json) as Record<string, unknown> };
};
/** The citation of a message (line numbers come from the builder's running counter). */
const cite = (c: Case, body: string) => {
  const r = c.db.prepare('SELECT m.src_line, e.file_name FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE m.body = ?').get(body) as { src_line: number; file_name: string };
  return `${r.file_name}:${r.src_line}`;
};
const msgId = (c: Case, body: string) => `m${(c.db.prepare('SELECT id FROM messages WHERE body = ?').get(body) as { id: number }).id}`;

describe('tags', () => {
  it('tags an event by its public id: listed with colour, mirrored into event_tags for the filter, audited with the citation', async () => {
    const { c } = await twoItems();
    const id = msgId(c, 'second');
    const r = tagTarget(c, { type: 'event', id }, 'lead');
    expect(r).toEqual({ changed: true, tag: { name: 'lead', colour: 'orange', created: true, recoloured: false } });
    const a = lastAudit(c);
    expect(a.action).toBe('annotation-tag-added');
    expect(a.details).toMatchObject({ tag: 'lead', colour: 'orange', tag_created: true, target: 'event', event: id, evidence: 1, source: cite(c, 'second'), ts: '2025-03-14T11:00:00.000Z' });
    const page = timelinePage(c.db, { displayTz: 'UTC', filter: { tags: ['lead'] } });
    expect(page.events.map((e) => e.text)).toEqual(['second']);
    const items = listAnnotated(c.db, 'Asia/Bangkok');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ target: { type: 'event', id }, title: 'Ann', text: 'second', source: `E1 ${cite(c, 'second')}`, found: true, ts: '2025-03-14T11:00:00.000Z' });
    expect(items[0]!.display?.time).toContain('18:00');
    expect(items[0]!.tags.map((t) => [t.name, t.colour, t.examiner])).toEqual([['lead', 'orange', 'Tester']]);
    c.close();
  });

  it('tagging twice changes nothing and writes no audit entry; untag removes it from the filter too', async () => {
    const { c } = await twoItems();
    const id = msgId(c, 'first');
    tagTarget(c, { type: 'event', id }, 'lead');
    const n = audits(c).length;
    expect(tagTarget(c, { type: 'event', id }, 'lead').changed).toBe(false);
    expect(audits(c)).toHaveLength(n);
    expect(untagTarget(c, { type: 'event', id }, 'lead')).toEqual({ changed: true });
    expect(lastAudit(c)).toMatchObject({ action: 'annotation-tag-removed', details: { tag: 'lead', event: id } });
    expect(c.db.prepare('SELECT COUNT(*) FROM event_tags').pluck().get()).toBe(0);
    expect(() => untagTarget(c, { type: 'event', id }, 'lead')).toThrow(/not tagged "lead"/);
    expect(() => untagTarget(c, { type: 'event', id }, 'nope')).toThrow(/no tag "nope"/);
    c.close();
  });

  it('new tags take the next palette colour; a chosen colour must be in the palette and can be changed', async () => {
    const { c } = await twoItems();
    const ev = { type: 'event', id: msgId(c, 'first') } as const;
    tagTarget(c, ev, 'a');
    tagTarget(c, ev, 'b');
    tagTarget(c, { type: 'evidence', id: 2 }, 'c', { colour: 'Blue', description: 'phone of Bob' });
    expect(listTags(c.db).map((t) => [t.name, t.colour, t.uses, t.description])).toEqual([
      ['a', 'orange', 1, null],
      ['b', 'sky', 1, null],
      ['c', 'blue', 1, 'phone of Bob'],
    ]);
    expect(() => tagTarget(c, ev, 'd', { colour: 'red' })).toThrow(/not a tag colour/);
    const r = tagTarget(c, ev, 'a', { colour: 'purple' });
    expect(r.tag).toEqual({ name: 'a', colour: 'purple', created: false, recoloured: true });
    expect(lastAudit(c).details).toMatchObject({ tag: 'a', colour: 'purple', recoloured: true, already_tagged: true });
    expect(() => tagTarget(c, ev, '   ')).toThrow(/tag name is empty/);
    c.close();
  });
});

describe('targets', () => {
  it('refuses targets that do not exist, with what to do next', async () => {
    const { c } = await twoItems();
    expect(() => tagTarget(c, { type: 'event', id: 'm999' }, 'x')).toThrow(/no message with id 999/);
    expect(() => tagTarget(c, { type: 'event', id: 'zz' }, 'x')).toThrow(/not an event id/);
    expect(() => tagTarget(c, { type: 'event', id: '12345' }, 'x')).toThrow(/No event has the key 12345/);
    expect(() => bookmarkTarget(c, { type: 'evidence', id: 9 })).toThrow(/no evidence item E9/);
    expect(() => addNote(c, { type: 'entity', id: 999 }, 'x')).toThrow(/no entity N999/);
    expect(listTags(c.db)).toEqual([]);
    c.close();
  });

  it('an event can be named by its key as well as its public id', async () => {
    const { c } = await twoItems();
    const key = timelinePage(c.db, { displayTz: 'UTC' }).events.find((e) => e.text === 'between')!.key;
    bookmarkTarget(c, { type: 'event', id: key }, 'by key');
    expect(listAnnotated(c.db, 'UTC').map((a) => [a.target, a.eventKey, a.bookmark?.label])).toEqual([[{ type: 'event', id: msgId(c, 'between') }, key, 'by key']]);
    c.close();
  });

  it('entity annotations follow their identity node through a merge', async () => {
    const { c } = await twoItems();
    const ent = (phone: string) => (c.db.prepare("SELECT entity_id FROM identity_nodes WHERE type = 'identifier' AND value = ?").get(phone) as { entity_id: number }).entity_id;
    const ann = ent('+66812345678');
    const bob = ent('+66898765432');
    expect(ann).not.toBe(bob);
    const hi = Math.max(ann, bob);
    const lo = Math.min(ann, bob);
    addNote(c, { type: 'entity', id: hi }, 'recruiter');
    expect(lastAudit(c).details).toMatchObject({ target: 'entity', entity: hi, node: hi });
    mergeEntities(c, lo, hi, 'same SIM seen in both phones (test)');
    const items = listAnnotated(c.db, 'UTC');
    expect(items.map((a) => [a.target, a.entity, a.found, a.notes.map((n) => n.text)])).toEqual([[{ type: 'entity', id: hi }, lo, true, ['recruiter']]]);
    // The old entity id is refused with the id it has now.
    expect(() => bookmarkTarget(c, { type: 'entity', id: hi })).toThrow(new RegExp(`now part of entity N${lo}`));
    c.close();
  });
});

describe('bookmarks', () => {
  it('adds, relabels and removes, auditing each; the same label again changes nothing', async () => {
    const { c } = await twoItems();
    const ev = { type: 'event', id: msgId(c, 'first') } as const;
    expect(bookmarkTarget(c, ev)).toEqual({ changed: true, outcome: 'added' });
    expect(bookmarkTarget(c, ev, 'exhibit 4')).toEqual({ changed: true, outcome: 'relabelled' });
    expect(lastAudit(c)).toMatchObject({ action: 'annotation-bookmark-added', details: { label: 'exhibit 4', previous_label: null, relabelled: true } });
    const n = audits(c).length;
    expect(bookmarkTarget(c, ev, 'exhibit 4')).toEqual({ changed: false, outcome: 'unchanged' });
    expect(audits(c)).toHaveLength(n);
    bookmarkTarget(c, { type: 'evidence', id: 1 });
    expect(listAnnotated(c.db, 'UTC').map((a) => [a.target.type, a.bookmark?.label ?? null, a.source])).toEqual([
      ['event', 'exhibit 4', `E1 ${cite(c, 'first')}`],
      ['evidence', null, expect.stringMatching(/^E1 item-0\.rec \(SHA-256 [0-9a-f]{64}\)$/)],
    ]);
    expect(unbookmarkTarget(c, ev)).toEqual({ changed: true });
    expect(lastAudit(c)).toMatchObject({ action: 'annotation-bookmark-removed', details: { label: 'exhibit 4', event: ev.id } });
    expect(() => unbookmarkTarget(c, ev)).toThrow(/not bookmarked/);
    c.close();
  });
});

describe('notes', () => {
  it('edits and deletes append versions; the history stays and the tables refuse changes', async () => {
    const { c } = await twoItems();
    const ev = { type: 'event', id: msgId(c, 'between') } as const;
    const { id } = addNote(c, ev, 'Bob asks for the wallet');
    expect(lastAudit(c)).toMatchObject({ action: 'annotation-note-added', details: { note: id, version: 1, text: 'Bob asks for the wallet', event: ev.id, source: cite(c, 'between') } });
    expect(editNote(c, id, 'Bob asks for the USDT wallet')).toEqual({ id, version: 2 });
    expect(lastAudit(c)).toMatchObject({ action: 'annotation-note-edited', details: { note: id, version: 2, previous_text: 'Bob asks for the wallet', text: 'Bob asks for the USDT wallet' } });
    let note = listAnnotated(c.db, 'UTC')[0]!.notes[0]!;
    expect(note).toMatchObject({ id, text: 'Bob asks for the USDT wallet', edited: true, deleted: false, createdBy: 'Tester' });
    expect(note.history.map((h) => h.text)).toEqual(['Bob asks for the wallet', 'Bob asks for the USDT wallet']);
    expect(() => c.db.prepare("UPDATE annotation_note_versions SET text = 'x'").run()).toThrow(/append-only/);
    expect(() => c.db.prepare('DELETE FROM annotation_notes').run()).toThrow(/append-only/);
    expect(deleteNote(c, id)).toEqual({ id, version: 3 });
    note = listAnnotated(c.db, 'UTC')[0]!.notes[0]!;
    expect(note).toMatchObject({ text: null, deleted: true });
    expect(note.history.map((h) => h.text)).toEqual(['Bob asks for the wallet', 'Bob asks for the USDT wallet', null]);
    expect(() => editNote(c, id, 'again')).toThrow(/was deleted/);
    expect(() => deleteNote(c, 77)).toThrow(/no note 77/);
    expect(() => addNote(c, ev, ' \n ')).toThrow(/note is empty/);
    c.close();
  });
});

describe('re-indexing the event stream', () => {
  it('tags, bookmarks and notes on events survive a rebuild and a changed event key', async () => {
    const { c } = await twoItems();
    const ev = { type: 'event', id: msgId(c, 'second') } as const;
    tagTarget(c, ev, 'lead');
    bookmarkTarget(c, ev, 'key message');
    addNote(c, ev, 'asks for money');
    const before = listAnnotated(c.db, 'UTC');
    rebuildEvents(c.db);
    expect(listAnnotated(c.db, 'UTC')).toEqual(before);
    expect(timelinePage(c.db, { displayTz: 'UTC', filter: { tags: ['lead'] } }).events.map((e) => e.text)).toEqual(['second']);
    // A different key for the same record (as an indexer change would give): the anchor is the record, not the key.
    c.db.exec('DELETE FROM event_tags');
    const key = BigInt(before[0]!.eventKey!);
    c.db.prepare('UPDATE events SET id = ? WHERE id = ?').run(key + 5n, key);
    const after = listAnnotated(c.db, 'UTC');
    expect(after[0]).toMatchObject({ target: ev, eventKey: (key + 5n).toString(), found: true, text: 'second', bookmark: { label: 'key message' } });
    expect(after[0]!.notes.map((n) => n.text)).toEqual(['asks for money']);
    c.close();
  });
});
