import { describe, expect, it } from 'vitest';
import type { AnnotationListWire } from '../../shared/annotations';
import { EMPTY_FILTER, filterWire } from '../../renderer/lib/filter';
import { marksOf } from '../../renderer/features/annotations/marks';
import { shownTime } from '../../renderer/features/annotations/time';

const note = (id: number, text: string | null) => ({ id, text, deleted: text === null, edited: false, createdBy: 'A', created: 't', examiner: 'A', at: 't', history: [] });

describe('annotations in the renderer', () => {
  it('row marks: tags in order, bookmark, live notes only; entities and evidence items are not rows', () => {
    const list: AnnotationListWire = {
      displayTz: 'UTC',
      tags: [],
      items: [
        {
          target: { type: 'event', id: 'm4' },
          title: 'Ann',
          text: 'x',
          source: 'E1 a.txt:2',
          evidence: 1,
          eventKey: '5',
          ts: null,
          display: null,
          entity: null,
          found: true,
          tags: [
            { name: 'a', colour: 'blue', examiner: 'A', at: 't' },
            { name: 'b', colour: 'grey', examiner: 'A', at: 't' },
          ],
          bookmark: { label: null, examiner: 'A', at: 't' },
          notes: [note(1, 'kept'), note(2, null)],
        },
        { target: { type: 'evidence', id: 1 }, title: 'a.txt', text: null, source: 'E1', evidence: 1, eventKey: null, ts: null, display: null, entity: null, found: true, tags: [], bookmark: null, notes: [note(3, 'n')] },
      ],
    };
    expect(marksOf(list)).toEqual({ m4: { tags: [{ name: 'a', colour: 'blue' }, { name: 'b', colour: 'grey' }], bookmarked: true, notes: 1 } });
  });

  it('the tag filter goes on the wire only when set', () => {
    expect(filterWire(EMPTY_FILTER, 'UTC')).toEqual({});
    expect(filterWire({ ...EMPTY_FILTER, tags: ['lead', 'exhibit'] }, 'UTC')).toEqual({ tags: ['lead', 'exhibit'] });
  });

  it('annotation times show in the display zone with their offset', () => {
    expect(shownTime('2025-03-14T10:00:00.000Z', 'Asia/Yangon')).toBe('2025-03-14 16:30 +06:30');
    expect(shownTime('not a time', 'UTC')).toBe('not a time');
  });
});
