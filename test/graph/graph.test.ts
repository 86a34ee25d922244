/** The link graph over a small two-device case: exact nodes, edges, weights and activity, filters, cap, neighbours, paths. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFullGraph, graphNeighbours, graphPaths, graphView, type GraphEdge } from '../../main/engine/graph';
import { explainEntity } from '../../main/engine/identity';
import type { BuiltCase } from '../timeline/case-builder';
import { entityOf, entityOfPhone, graphCase, PHONE } from './graph-case';

let b: BuiltCase;
let E: { owner: number; ann: number; bob: number; cat: number; cy: number; dan: number };
const ms = (iso: string) => Date.parse(iso);

beforeAll(async () => {
  b = await graphCase();
  E = { owner: entityOf(b, 1, 'Owner'), ann: entityOf(b, 1, 'Ann'), bob: entityOf(b, 1, 'Bob'), cat: entityOf(b, 1, 'Cat'), cy: entityOf(b, 2, 'Cy'), dan: entityOfPhone(b, PHONE.dan) };
});
afterAll(() => b?.c.close());

/** Edges as `kind a-b weight` with names instead of ids, sorted, so expectations read like the case. */
function named(edges: readonly { source: number; target: number; kind: string; weight: number }[]): string[] {
  const name = new Map(Object.entries(E).map(([k, v]) => [v, k]));
  return edges
    .map((e) => {
      const [x, y] = [name.get(e.source)!, name.get(e.target)!].sort();
      return `${e.kind} ${x}-${y} ${e.weight}`;
    })
    .sort();
}

describe('full graph', () => {
  it('links the same person across devices by phone (Bob on E1 and E2 is one entity; the payer is the owner)', () => {
    expect(entityOf(b, 2, 'Bob')).toBe(E.bob);
    expect(entityOfPhone(b, PHONE.owner)).toBe(E.owner);
    expect(new Set(Object.values(E)).size).toBe(6);
  });

  it('has one edge per kind and pair, weighted by records: 1:1 messages, group fan-out, call, transaction', () => {
    const g = buildFullGraph(b.c.db, {});
    expect(named(g.edges)).toEqual([
      'call bob-owner 1',
      'group ann-bob 3', // Bob's 2 group messages to Ann + Ann's 1 to Bob
      'group ann-cat 1',
      'group ann-owner 1',
      'group bob-cat 2',
      'group bob-owner 2',
      'message ann-owner 3',
      'message bob-cy 2',
      'transaction dan-owner 1',
    ]);
    // Strongest first, ties by entity ids.
    expect(g.edges.map((e) => e.weight)).toEqual([3, 3, 2, 2, 2, 1, 1, 1, 1]);
    expect(g.notes).toEqual([]);
  });

  it('counts activity as events with the entity as a party', () => {
    const g = buildFullGraph(b.c.db, {});
    // owner: 3 direct messages + 1 call + 1 transfer; bob: 2 group messages + 1 call + 2 messages on E2;
    // ann: 3 direct + 1 group; cat only ever received group messages.
    expect(Object.fromEntries([...Object.entries(E)].map(([k, v]) => [k, g.activity.get(v)]))).toEqual({ owner: 5, ann: 4, bob: 5, cat: 0, cy: 2, dan: 1 });
    expect(g.degree.get(E.bob)).toBe(4);
    expect(g.degree.get(E.dan)).toBe(1);
  });

  it('keeps first and last instants of each edge', () => {
    const e = buildFullGraph(b.c.db, {}).edges.find((x) => x.kind === 'group' && x.source === Math.min(E.ann, E.bob) && x.target === Math.max(E.ann, E.bob)) as GraphEdge;
    expect([e.first, e.last]).toEqual([ms('2025-02-01T10:00:00Z'), ms('2025-02-02T10:00:00Z')]);
  });
});

describe('filters', () => {
  it('time range: [Feb 1, Apr 1) keeps the group messages and the call, not the transfer on Apr 1', () => {
    const g = buildFullGraph(b.c.db, { from: ms('2025-02-01T00:00:00Z'), to: ms('2025-04-01T10:00:00Z') });
    expect(named(g.edges)).toEqual(['call bob-owner 1', 'group ann-bob 3', 'group ann-cat 1', 'group ann-owner 1', 'group bob-cat 2', 'group bob-owner 2']);
    expect(g.activity.get(E.owner)).toBe(1);
  });

  it('kinds: calls and transactions only', () => {
    expect(named(buildFullGraph(b.c.db, { kinds: ['call', 'transaction'] }).edges)).toEqual(['call bob-owner 1', 'transaction dan-owner 1']);
  });

  it('kinds without messages, calls or transactions draw nothing, and say why', () => {
    const g = buildFullGraph(b.c.db, { kinds: ['contact'] });
    expect(g.edges).toEqual([]);
    expect(g.notes).toEqual(['Only messages, calls and transactions connect entities: the chosen kinds draw no graph.']);
  });

  it('evidence: E2 alone is Bob and Cy', () => {
    const g = buildFullGraph(b.c.db, { evidence: [2] });
    expect(named(g.edges)).toEqual(['message bob-cy 2']);
    expect([...g.activity.keys()].sort((x, y) => x - y)).toEqual([E.bob, E.cy].sort((x, y) => x - y));
  });

  it('an unknown evidence item is an error with a hint', () => {
    expect(() => buildFullGraph(b.c.db, { evidence: [9] })).toThrow(/no evidence item E9/);
  });

  it('entities focus on edges touching them', () => {
    expect(named(buildFullGraph(b.c.db, { entities: [E.cy, E.dan] }).edges)).toEqual(['message bob-cy 2', 'transaction dan-owner 1']);
  });

  it('edge kinds narrow a view', () => {
    const v = graphView(b.c.db, {}, { edgeKinds: ['message'] });
    expect(named(v.edges)).toEqual(['message ann-owner 3', 'message bob-cy 2']);
    expect(v.total).toEqual({ nodes: 5, edges: 2 }); // ann, owner, bob, cy + dan (active, no edge of this kind)
  });
});

describe('view, cap, neighbours, paths', () => {
  it('labels nodes with the name the entity card shows', () => {
    const v = graphView(b.c.db, {});
    for (const n of v.nodes) expect(n.label).toBe(explainEntity(b.c.db, n.id).name);
    expect(v.nodes.find((n) => n.id === E.dan)?.label).toBe('Dan');
    expect(v.truncated).toBe(false);
    expect(v.total).toEqual({ nodes: 6, edges: 9 });
  });

  it('caps nodes by keeping the strongest edges and says so', () => {
    const v = graphView(b.c.db, {}, { maxNodes: 3 });
    // message ann-owner 3 then group ann-bob 3 take owner, ann and bob; every edge among them is kept.
    expect(v.nodes.map((n) => n.id).sort()).toEqual([E.owner, E.ann, E.bob].sort());
    expect(named(v.edges)).toEqual(['call bob-owner 1', 'group ann-bob 3', 'group ann-owner 1', 'group bob-owner 2', 'message ann-owner 3']);
    expect(v.truncated).toBe(true);
    expect(v.notes).toEqual(['Showing 3 of 6 entities and 5 of 9 links: the strongest links were kept.']);
  });

  it('lists neighbours strongest first, capped', () => {
    const all = graphNeighbours(b.c.db, {}, E.bob, { limit: 10 });
    expect(all.nodes.map((n) => n.id).sort()).toEqual([E.bob, E.owner, E.ann, E.cat, E.cy].sort());
    expect(all.truncated).toBe(false);
    const two = graphNeighbours(b.c.db, {}, E.bob, { limit: 2 });
    // ann-bob 3 first, then bob-owner 2 (bob-cat 2 and bob-cy 2 follow by entity id).
    expect(two.nodes.map((n) => n.id)).toEqual([E.bob, E.ann, E.owner]);
    expect(named(two.edges)).toEqual(['call bob-owner 1', 'group ann-bob 3', 'group bob-owner 2']);
    expect(two.notes).toEqual(['Showing the 2 most strongly linked of 4 neighbours.']);
  });

  it('finds every shortest path between two entities', () => {
    const p = graphPaths(b.c.db, {}, E.cat, E.owner, { maxPaths: 10, maxLength: 6 });
    expect(p.length).toBe(2);
    expect(p.paths.map((x) => x.join('>')).sort()).toEqual([`${E.cat}>${E.ann}>${E.owner}`, `${E.cat}>${E.bob}>${E.owner}`].sort());
    // Every edge of every kind along those paths; ann-bob is not on a shortest path.
    expect(named(p.edges)).toEqual(['call bob-owner 1', 'group ann-cat 1', 'group ann-owner 1', 'group bob-cat 2', 'group bob-owner 2', 'message ann-owner 3']);
    const q = graphPaths(b.c.db, {}, E.cy, E.dan, { maxPaths: 10, maxLength: 6 });
    expect(q.paths).toEqual([[E.cy, E.bob, E.owner, E.dan]]);
  });

  it('stops at maxLength and at maxPaths, and says so', () => {
    expect(graphPaths(b.c.db, {}, E.cy, E.dan, { maxPaths: 10, maxLength: 2 }).length).toBeNull();
    const one = graphPaths(b.c.db, {}, E.cat, E.owner, { maxPaths: 1, maxLength: 6 });
    expect(one.paths.length).toBe(1);
    expect(one.truncated).toBe(true);
  });

  it('paths follow the filter: without calls and group messages E2 cannot reach the owner', () => {
    const p = graphPaths(b.c.db, { kinds: ['message', 'transaction'] }, E.cy, E.dan, { maxPaths: 10, maxLength: 6 });
    expect(p.length).toBe(3); // group messages are messages: cy-bob-owner (group) -dan
    const q = graphPaths(b.c.db, {}, E.cy, E.dan, { maxPaths: 10, maxLength: 6, edgeKinds: ['message', 'transaction'] });
    expect(q.length).toBeNull();
    expect(q.notes).toEqual([`Entities ${E.cy} and ${E.dan} are not connected within 6 links in this filter.`]);
  });
});
