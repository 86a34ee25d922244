import { describe, expect, it } from 'vitest';
import { run } from '../../main/cli/main';
import type { Out } from '../../main/cli/output';
import type { AnnotationListWire } from '../../shared/annotations';
import { account, caseWith, chat, msg } from '../timeline/case-builder';

async function cli(...argv: string[]) {
  const lines: string[] = [];
  const errs: string[] = [];
  const out: Out = { line: (s = '') => lines.push(s), json: (v) => lines.push(JSON.stringify(v)), err: (s) => errs.push(s) };
  const code = await run(argv, out);
  return { code, lines, errs, json: <T>() => JSON.parse(lines.join('\n')) as T };
}

async function caseFile() {
  const { c, file } = await caseWith([[chat(), account('Ann', { phone: '+66812345678' }), msg('2025-03-14T10:00:00Z', 'pay to wallet TX9', { sender: 'Ann' }), msg('2025-03-14T11:00:00Z', 'ok', { sender: 'Ann' })]], { tz: 'Asia/Bangkok' });
  const id = `m${(c.db.prepare("SELECT id FROM messages WHERE body = 'ok'").get() as { id: number }).id}`;
  c.close();
  return { file, id };
}

describe('annotation commands', () => {
  it('tag, bookmark and note an event, then list them as JSON (the README contract)', async () => {
    const { file, id } = await caseFile();
    expect((await cli('tag', file, '--event', id, '--tag', 'exhibit', '--colour', 'green', '--examiner', 'Insp. K')).lines).toEqual([`Tagged event ${id} "exhibit" (green, new tag).`]);
    expect((await cli('bookmark', file, '--event', id, '--label', 'the agreement')).code).toBe(0);
    expect((await cli('note', file, '--evidence', 'E1', '--text', 'phone seized at the compound')).lines).toEqual(['Added note 1 to evidence item E1.']);
    expect((await cli('note', file, '--edit', '1', '--text', 'phone seized in room 4')).lines).toEqual(['Note 1 is now at version 2.']);
    const r = await cli('annotations', file, '--json');
    expect(r.code).toBe(0);
    const j = r.json<AnnotationListWire>();
    expect(j.displayTz).toBe('Asia/Bangkok');
    expect(j.tags.map((t) => [t.name, t.colour, t.uses, t.createdBy])).toEqual([['exhibit', 'green', 1, 'Insp. K']]);
    expect(j.items.map((a) => [a.target, a.found, a.tags.map((t) => t.name), a.bookmark?.label ?? null, a.notes.map((n) => [n.text, n.edited])])).toEqual([
      [{ type: 'event', id }, true, ['exhibit'], 'the agreement', []],
      [{ type: 'evidence', id: 1 }, true, [], null, [['phone seized in room 4', true]]],
    ]);
    expect(j.items[0]!.display).toEqual({ tz: 'Asia/Bangkok', time: expect.stringMatching(/^2025-03-14 18:00:00/) });
    expect(j.items[0]!.eventKey).toMatch(/^\d+$/);
    // The audit log names the acting examiner.
    const audit = (await cli('audit', file, '--json')).json<{ action: string; examiner: string }[]>();
    expect(audit.filter((a) => a.action.startsWith('annotation-')).map((a) => [a.action, a.examiner])).toEqual([
      ['annotation-tag-added', 'Insp. K'],
      ['annotation-bookmark-added', 'Tester'],
      ['annotation-note-added', 'Tester'],
      ['annotation-note-edited', 'Tester'],
    ]);
    const text = (await cli('annotations', file)).lines.join('\n');
    expect(text).toContain(`${id} 2025-03-14 18:00:00`);
    expect(text).toContain('note 1 [edited, version 2] by Tester');
  });

  it('says so when nothing is annotated', async () => {
    const { file } = await caseFile();
    expect((await cli('annotations', file)).lines).toEqual(['Nothing is tagged, bookmarked or annotated yet. Use `threadline tag`, `bookmark` or `note`.']);
  });

  it('removes with --remove / --delete and refuses bad input with exit code 2 or 1', async () => {
    const { file, id } = await caseFile();
    await cli('tag', file, '--event', id, '--tag', 'x');
    expect((await cli('tag', file, '--event', id, '--tag', 'x', '--remove')).code).toBe(0);
    const none = await cli('tag', file, '--event', id, '--tag', 'x', '--remove');
    expect(none.code).toBe(1);
    expect(none.errs.join('\n')).toContain('NOT_FOUND');
    const two = await cli('bookmark', file, '--event', id, '--evidence', '1');
    expect(two.code).toBe(2);
    expect(two.errs.join('\n')).toContain('Give one target, not --event and --evidence.');
    expect((await cli('tag', file, '--event', id)).code).toBe(2);
    expect((await cli('note', file, '--event', id)).errs.join('\n')).toContain('Missing --text.');
    const colour = await cli('tag', file, '--event', id, '--tag', 'y', '--colour', 'red');
    expect(colour.code).toBe(2);
    expect(colour.errs.join('\n')).toContain('Choose one of orange, sky, green, yellow, blue, vermillion, purple, grey');
    await cli('note', file, '--event', id, '--text', 'x');
    expect((await cli('note', file, '--delete', '1')).lines).toEqual(['Deleted note 1 (version 2; earlier versions stay in its history).']);
    // A deleted note stays listed as deleted (its history is evidence of what the examiner wrote).
    expect((await cli('annotations', file)).lines.filter((l) => l.includes('note 1'))).toEqual(['    note 1 [deleted] by Tester at ' + (await cli('annotations', file, '--json')).json<AnnotationListWire>().items[0]!.notes[0]!.at + ': (deleted)']);
  });
});
