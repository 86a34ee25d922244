/** What a graph reload leaves of expanded neighbours: nothing, and the very same object when there was nothing. */
import { describe, expect, it } from 'vitest';
import { extrasAfterReload, type GraphExtras } from '../../renderer/store/graph-extras';

describe('extrasAfterReload', () => {
  it('hands back the same empty object, so the view does not rebuild the old graph while the new one loads', () => {
    const none: GraphExtras = { nodes: [], edges: [] };
    expect(extrasAfterReload(none)).toBe(none);
  });

  it('drops expanded neighbours', () => {
    const some: GraphExtras = { nodes: [{ id: 5, label: 'Ann', activity: 3, degree: 1 }], edges: [] };
    const after = extrasAfterReload(some);
    expect(after).toEqual({ nodes: [], edges: [] });
    expect(after).not.toBe(some);
  });
});
