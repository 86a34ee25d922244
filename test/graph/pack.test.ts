/** The columnar wire form of a graph view: lossless round trip, indexes instead of ids, and its size. */
import { describe, expect, it } from 'vitest';
import type { GraphWire } from '../../shared/graph-model';
import { packGraph, packGraphMs, unpackGraph } from '../../shared/graph-pack';

const view: GraphWire = {
  nodes: [
    { id: 40, label: 'Bob \u202eevil', activity: 7, degree: 2 },
    { id: 3, label: 'Owner', activity: 12, degree: 1 },
    { id: 9, label: 'Cy', activity: 0, degree: 1 },
  ],
  edges: [
    { source: 3, target: 40, kind: 'call', weight: 5, first: '2025-03-01T10:00:00.250Z', last: '2025-03-04T08:30:00.000Z' },
    { source: 9, target: 40, kind: 'transaction', weight: 1, first: null, last: null },
    { source: 3, target: 40, kind: 'group', weight: 2, first: '2025-01-01T00:00:00.000Z', last: '2025-01-01T00:00:00.000Z' },
  ],
  total: { nodes: 5, edges: 4 },
  truncated: true,
  notes: ['Showing 3 of 5'],
};

describe('packGraph / unpackGraph', () => {
  it('packs edge ends as node indexes, kinds as small ints and instants as ms', () => {
    const p = packGraph(view);
    expect(p.ids).toEqual([40, 3, 9]);
    expect(p.source).toEqual([1, 2, 1]);
    expect(p.target).toEqual([0, 0, 0]);
    expect(p.kind).toEqual([2, 3, 1]);
    expect(p.first).toEqual([Date.parse('2025-03-01T10:00:00.250Z'), null, Date.parse('2025-01-01T00:00:00Z')]);
    expect(p.span).toEqual([Date.parse('2025-03-04T08:30:00Z') - Date.parse('2025-03-01T10:00:00.250Z'), null, 0]);
  });

  it('packs the same from instants already in ms (the bridge skips formatting and re-parsing them)', () => {
    const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
    const fromMs = packGraphMs({ ...view, edges: view.edges.map((e) => ({ ...e, first: ms(e.first), last: ms(e.last) })) });
    expect(fromMs).toEqual(packGraph(view));
    expect(fromMs.span).toEqual([Date.parse('2025-03-04T08:30:00Z') - Date.parse('2025-03-01T10:00:00.250Z'), null, 0]);
  });

  it('round-trips through JSON to the same view', () => {
    expect(unpackGraph(JSON.parse(JSON.stringify(packGraph(view))))).toEqual(view);
  });

  it('is well under half the JSON of the object form for many edges', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, label: `Person ${i}`, activity: i, degree: 3 }));
    const edges = Array.from({ length: 5000 }, (_, j) => ({ source: (j % 1000) + 1, target: ((j * 7) % 1000) + 1, kind: 'message' as const, weight: 1 + (j % 4), first: '2024-06-01T12:00:00.000Z', last: '2024-09-01T12:00:00.000Z' }));
    const g: GraphWire = { nodes, edges, total: { nodes: 1000, edges: 5000 }, truncated: false, notes: [] };
    const packed = JSON.stringify(packGraph(g)).length;
    const objects = JSON.stringify(g).length;
    expect(packed / objects).toBeLessThan(0.4);
  });

  it('refuses an edge whose end is not a node', () => {
    expect(() => packGraph({ ...view, nodes: view.nodes.slice(0, 2) })).toThrow('graph edge 9–40 has an end that is not a node of the view');
  });
});
