/** The click that ends a drag of the stage never reaches sigma (it would count it towards a double click). */
import { describe, expect, it, vi } from 'vitest';
import { guardDragClicks } from '../../renderer/features/graph/drag-click-guard';

function setup() {
  const listeners: { type: string; f: (e: unknown) => void; capture: boolean }[] = [];
  const container = {
    addEventListener: (type: string, f: (e: unknown) => void, o: { capture: boolean }) => listeners.push({ type, f, capture: o.capture }),
    removeEventListener: (type: string, f: (e: unknown) => void) => listeners.splice(listeners.findIndex((l) => l.type === type && l.f === f), 1),
  };
  const captor = { draggedEvents: 0 };
  const sigma = { getMouseCaptor: () => captor, getSetting: (k: string) => (k === 'draggedEventsTolerance' ? 3 : undefined) };
  const stop = guardDragClicks(container as never, sigma as never);
  const click = () => {
    const e = { stopPropagation: vi.fn() };
    for (const l of listeners) if (l.type === 'click') l.f(e);
    return e.stopPropagation.mock.calls.length;
  };
  return { listeners, captor, stop, click };
}

describe('guardDragClicks', () => {
  it('listens in the capture phase (before sigma mouse layer) and stops only a drag click', () => {
    const s = setup();
    expect(s.listeners.map((l) => [l.type, l.capture])).toEqual([['click', true]]);
    expect(s.click()).toBe(0); // a plain click (sigma reset draggedEvents on mousedown)
    s.captor.draggedEvents = 2;
    expect(s.click()).toBe(0); // below sigma's tolerance: sigma reports it as a click, so it must get through
    s.captor.draggedEvents = 3;
    expect(s.click()).toBe(1);
    s.captor.draggedEvents = 40;
    expect(s.click()).toBe(1);
    s.stop();
    expect(s.listeners).toEqual([]);
  });
});
