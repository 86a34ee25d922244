/**
 * Shortest paths between two entities in the filtered link graph: breadth-first search by hops (a link is a
 * link, whatever its weight), then every shortest path enumerated in a fixed order up to a limit. Paths answer
 * "how are these two connected", so the fewest intermediaries matter more than the heaviest traffic.
 */
import type { GraphPathWire } from '../../../shared/graph-model';
import type { SqlDb } from '../db/case-db';
import { fullGraph, toWire } from './build';
import type { GraphEdge, GraphEdgeKind, GraphFilter } from './types';

export interface PathOptions {
  maxPaths: number;
  maxLength: number;
  edgeKinds?: readonly GraphEdgeKind[];
}

/** Neighbour lists (sorted ascending, so enumeration order is fixed) of the edges given. */
export function adjacency(edges: readonly GraphEdge[]): Map<number, number[]> {
  const sets = new Map<number, Set<number>>();
  const add = (a: number, b: number) => {
    let s = sets.get(a);
    if (!s) sets.set(a, (s = new Set()));
    s.add(b);
  };
  for (const e of edges) {
    add(e.source, e.target);
    add(e.target, e.source);
  }
  return new Map([...sets].map(([k, s]) => [k, [...s].sort((x, y) => x - y)]));
}

/**
 * All shortest paths from `from` to `to` (at most maxPaths, in lexicographic order of their entity ids), or none
 * when they are further apart than maxLength hops. `more` says whether paths were left out.
 */
export function shortestPaths(adj: Map<number, number[]>, from: number, to: number, maxPaths: number, maxLength: number): { length: number | null; paths: number[][]; more: boolean } {
  if (from === to) return { length: 0, paths: [[from]], more: false };
  if (!adj.has(from) || !adj.has(to)) return { length: null, paths: [], more: false };
  // Distances from `to`, so enumeration can walk forward from `from` along strictly decreasing distance.
  const dist = new Map<number, number>([[to, 0]]);
  let frontier = [to];
  for (let d = 1; d <= maxLength && frontier.length && !dist.has(from); d++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const v of adj.get(u) ?? []) {
        if (dist.has(v)) continue;
        dist.set(v, d);
        next.push(v);
      }
    }
    frontier = next;
  }
  const length = dist.get(from);
  if (length === undefined) return { length: null, paths: [], more: false };
  const paths: number[][] = [];
  let more = false;
  const walk = (u: number, path: number[]): void => {
    if (paths.length >= maxPaths) {
      more = true;
      return;
    }
    if (u === to) {
      paths.push([...path]);
      return;
    }
    const du = dist.get(u)!;
    for (const v of adj.get(u) ?? []) {
      if (dist.get(v) !== du - 1) continue;
      path.push(v);
      walk(v, path);
      path.pop();
      if (more) return;
    }
  };
  walk(from, [from]);
  return { length, paths, more };
}

/** Shortest paths between two entities, with the nodes and every edge (of every kind) along them. */
export function graphPaths(db: SqlDb, f: GraphFilter, from: number, to: number, o: PathOptions): GraphPathWire {
  const g = fullGraph(db, f);
  const k = o.edgeKinds ? new Set(o.edgeKinds) : null;
  const edgesIn = k ? g.edges.filter((e) => k.has(e.kind)) : g.edges;
  const r = shortestPaths(adjacency(edgesIn), from, to, o.maxPaths, o.maxLength);
  const notes = [...g.notes];
  for (const e of [from, to]) if (!g.activity.has(e)) notes.push(`Entity ${e} has no messages, calls or transactions in this filter.`);
  if (r.length === null && g.activity.has(from) && g.activity.has(to)) notes.push(`Entities ${from} and ${to} are not connected within ${o.maxLength} links in this filter.`);
  if (r.more) notes.push(`Only the first ${o.maxPaths} shortest paths are shown.`);
  const onPath = new Set<string>();
  for (const p of r.paths) for (let i = 1; i < p.length; i++) onPath.add(`${Math.min(p[i - 1]!, p[i]!)}|${Math.max(p[i - 1]!, p[i]!)}`);
  const nodes = [...new Set(r.paths.flat())];
  const edges = edgesIn.filter((e) => onPath.has(`${e.source}|${e.target}`));
  return { from, to, length: r.length, paths: r.paths, ...toWire(db, g, nodes, edges), truncated: r.more, notes };
}
