/** The renderer's graph helpers: canvas labels with visible marks, FA2 matrices, and the filter the graph takes from the timeline. */
import { describe, expect, it } from 'vitest';
import { buildViewGraph, layoutMatrices, markedLabel } from '../../renderer/features/graph/graph-model';
import { escapeXml } from '../../shared/xml-escape';
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

  it('builds a big graph nodes first: the same nodes, the layout pulled by the links it does not hold yet', () => {
    const nodes = [
      { id: 1, label: 'A', activity: 9, degree: 2 },
      { id: 2, label: 'B', activity: 4, degree: 1 },
      { id: 3, label: 'C', activity: 1, degree: 1 },
    ];
    const edges = [
      { source: 1, target: 2, kind: 'message' as const, weight: 3, first: null, last: null },
      { source: 1, target: 2, kind: 'call' as const, weight: 4, first: null, last: null },
      { source: 1, target: 3, kind: 'transaction' as const, weight: 1, first: null, last: null },
      // An end outside the view (cannot happen from the engine, but must not pull a node that is not there).
      { source: 3, target: 99, kind: 'message' as const, weight: 5, first: null, last: null },
    ];
    const full = buildViewGraph(nodes, edges);
    const bare = buildViewGraph(nodes, []);
    expect([bare.order, bare.size, full.order, full.size]).toEqual([3, 0, 3, 3]);
    expect(bare.getNodeAttributes('2')).toEqual(full.getNodeAttributes('2'));
    const fromWire = layoutMatrices(bare, edges);
    const fromGraph = layoutMatrices(full);
    expect([...fromWire.edges]).toEqual([...fromGraph.edges]);
    expect([...fromWire.nodes]).toEqual([...fromGraph.nodes]);
    // 1–2 pulls with log2(1 + 7) = 3, 1–3 with log2(2) = 1: node 1's mass is 1 + 3 + 1.
    expect([...fromWire.edges]).toEqual([0, PPN, 3, 0, 2 * PPN, 1]);
    expect(fromWire.nodes[NODE_MASS]).toBe(5);
    // The links are added at the positions the layout reached, with widths as if they had been there from the start.
    bare.setNodeAttribute('3', 'x', 42);
    const whole = buildViewGraph(nodes, edges, bare);
    expect(whole.getNodeAttribute('3', 'x')).toBe(42);
    expect(whole.getEdgeAttribute('call|1|2', 'size')).toBe(full.getEdgeAttribute('call|1|2', 'size'));
    expect(whole.size).toBe(3);
  });

  it('takes time range, kinds, evidence and attachments from the timeline filter, but not text or entities', () => {
    const w = graphFilterOf({ displayTz: 'UTC', filter: { ...EMPTY_FILTER, kinds: ['call'], evidence: [2], entities: [5], text: 'usdt', from: '2025-01-01T00:00', attachments: 'with' } });
    expect(w).toEqual({ from: '2025-01-01T00:00:00.000Z', kinds: ['call'], evidence: [2], hasAttachment: true });
  });
});
