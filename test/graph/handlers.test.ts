/** The graph channels over the bridge's handler map: requests validated by the contract, instants read as UTC. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../../shared/contract';
import { graphFilter, graphHandlers } from '../../main/bridge/service/graph-handlers';
import { unpackGraph } from '../../shared/graph-pack';
import { graphView } from '../../main/engine/graph';
import type { BuiltCase } from '../timeline/case-builder';
import { entityOf, graphCase } from './graph-case';

let b: BuiltCase;
beforeAll(async () => {
  b = await graphCase();
});
afterAll(() => b?.c.close());

describe('graph channels', () => {
  it('refuses a text filter (it cannot apply to a graph) and an unknown edge kind', () => {
    const r = parseRequest('graph.view', { filter: { text: 'hello' }, maxNodes: 10 });
    expect(r.ok).toBe(false);
    expect(parseRequest('graph.view', { filter: {}, maxNodes: 10, edgeKinds: ['email'] }).ok).toBe(false);
    expect(parseRequest('graph.path', { filter: {}, from: 1, to: 2, maxPaths: 1, maxLength: 13 }).ok).toBe(false);
  });

  it('reads instants with their zone as UTC milliseconds', () => {
    expect(graphFilter({ from: '2025-02-01T07:00:00+07:00', to: '2025-03-01T00:00:00Z', kinds: ['call'], evidence: [1] })).toEqual({
      from: Date.parse('2025-02-01T00:00:00Z'),
      to: Date.parse('2025-03-01T00:00:00Z'),
      kinds: ['call'],
      evidence: [1],
    });
  });

  it('answers graph.view, graph.neighbours and graph.path for the open case', async () => {
    const h = graphHandlers(() => b.c.db);
    const view = parseRequest('graph.view', { filter: { from: '2025-03-01T00:00:00Z' }, maxNodes: 100 });
    if (!view.ok) throw new Error(view.error.message);
    const packed = await h['graph.view'](view.value);
    expect(packed.format).toBe('columnar-1');
    const v = unpackGraph(packed);
    // From March: the call (owner-bob), the transfer (owner-dan) and E2's messages (bob-cy).
    expect(v.edges.map((e) => `${e.kind}:${e.weight}`).sort()).toEqual(['call:1', 'message:2', 'transaction:1']);
    expect(v.edges.every((e) => e.first !== null && e.first >= '2025-03-01')).toBe(true);
    // Packed from the engine's ms, unpacked: exactly the object view (first/last as ISO strings).
    expect(v).toEqual(graphView(b.c.db, { from: Date.parse('2025-03-01T00:00:00Z') }, { maxNodes: 100 }));
    const bob = entityOf(b, 1, 'Bob');
    const nb = parseRequest('graph.neighbours', { filter: {}, entity: bob, limit: 1 });
    if (!nb.ok) throw new Error(nb.error.message);
    expect(unpackGraph(await h['graph.neighbours'](nb.value)).nodes.length).toBe(2);
    const p = parseRequest('graph.path', { filter: {}, from: entityOf(b, 2, 'Cy'), to: entityOf(b, 1, 'Owner'), maxPaths: 5, maxLength: 4 });
    if (!p.ok) throw new Error(p.error.message);
    expect((await h['graph.path'](p.value)).length).toBe(2);
  });
});
