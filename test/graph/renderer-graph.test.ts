/** The renderer's graph helpers: canvas labels with visible marks, FA2 matrices, and the filter the graph takes from the timeline. */
import { describe, expect, it } from 'vitest';
import { buildViewGraph, layoutMatrices, markedLabel } from '../../renderer/features/graph/graph-model';
import { escapeXml } from '../../renderer/features/graph/svg-text';
import { NODE_MASS, PPE, PPN } from '../../renderer/features/graph/layout-protocol';
import { EMPTY_FILTER } from '../../renderer/lib/filter';
import { graphFilterOf } from '../../renderer/features/graph/graph-filter';

describe('renderer graph helpers', () => {
  it('labels drawn on the canvas show bidi overrides and invisibles as marks, and are cut', () => {
    expect(markedLabel('evil\u202Egnp.exe')).toBe('evil⟨RLO⟩gnp.exe');
    expect(markedLabel('a\u200Bb\nc')).toBe('a⟨ZWSP⟩b⟨⏎⟩c');
    expect([...markedLabel('x'.repeat(50), 10)].length).toBe(10);
  });

  it('escapes SVG text', () => {
    expect(escapeXml('<b a="1">&</b>')).toBe('&lt;b a=&quot;1&quot;&gt;&amp;&lt;/b&gt;');
  });

  it('packs nodes and merged parallel edges for ForceAtlas2', () => {
    const g = buildViewGraph(
      [
        { id: 1, label: 'A', activity: 4, degree: 1 },
        { id: 2, label: 'B', activity: 1, degree: 1 },
      ],
      [
        { source: 1, target: 2, kind: 'message', weight: 1, first: null, last: null },
        { source: 1, target: 2, kind: 'call', weight: 2, first: null, last: null },
      ],
    );
    expect(g.order).toBe(2);
    expect(g.size).toBe(2);
    const m = layoutMatrices(g);
    expect(m.nodes.length).toBe(2 * PPN);
    // One pulling edge of weight log2(1 + 3) = 2 between node offsets 0 and PPN.
    expect([...m.edges]).toEqual([0, PPN, 2]);
    expect(m.edges.length).toBe(PPE);
    expect(m.nodes[NODE_MASS]).toBe(3);
    expect(m.nodes[PPN + NODE_MASS]).toBe(3);
  });

  it('takes time range, kinds, evidence and attachments from the timeline filter, but not text or entities', () => {
    const w = graphFilterOf({ displayTz: 'UTC', filter: { ...EMPTY_FILTER, kinds: ['call'], evidence: [2], entities: [5], text: 'usdt', from: '2025-01-01T00:00', attachments: 'with' } });
    expect(w).toEqual({ from: '2025-01-01T00:00:00.000Z', kinds: ['call'], evidence: [2], hasAttachment: true });
  });
});
