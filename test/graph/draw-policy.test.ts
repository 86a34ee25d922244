/** How the graph view draws by size: small graphs in full, big ones cheap enough for software WebGL. */
import { describe, expect, it } from 'vitest';
import { drawPolicy } from '../../renderer/features/graph/draw-policy';

describe('drawPolicy', () => {
  it('draws a small graph in full, with edge clicks and a live layout', () => {
    const p = drawPolicy(200, 600);
    expect(p).toMatchObject({ big: false, edgeType: 'line', nodeType: 'circle', enableEdgeEvents: true, hideEdgesWhileLayout: false, hideEdgesOnMove: false, edgesWhenStillMs: 0, hideLabelsOnMove: false, labelRenderedSizeThreshold: 7, postEveryMs: 120, pickingWhenStillMs: 150 });
  });

  it('draws 10,000 entities and 50,000 links with thin edges, no edge picking, few labels and one draw after the layout', () => {
    const p = drawPolicy(10_000, 50_000);
    expect(p).toMatchObject({ big: true, edgeType: 'thin', nodeType: 'point', enableEdgeEvents: false, hideEdgesWhileLayout: true, hideEdgesOnMove: false, edgesWhenStillMs: 200, hideLabelsOnMove: true, labelRenderedSizeThreshold: 11, budgetMs: 12_000 });
    // The picking pass comes back with the links, on the same still frame.
    expect(p.pickingWhenStillMs).toBe(p.edgesWhenStillMs);
    expect(p.postEveryMs).toBeGreaterThanOrEqual(3_000);
  });

  it('counts a graph as big by its edges alone', () => {
    expect(drawPolicy(1_500, 10_001).big).toBe(true);
    expect(drawPolicy(1_500, 10_000).big).toBe(false);
    expect(drawPolicy(2_001, 10).big).toBe(true);
  });
});
