/** Handlers for the link graph's channels (graph.view, graph.neighbours, graph.path), spread into createHandlers. */
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import type { GraphPathWire } from '../../../shared/graph-model';
import { packGraph, packGraphMs, type GraphPackedWire } from '../../../shared/graph-pack';
import type { SqlDb } from '../../engine/db/case-db';
import { ThreadlineError } from '../../engine/errors';
import { graphNeighbours, graphPaths, graphViewMs, type GraphFilter } from '../../engine/graph';

export type GraphChannels = 'graph.view' | 'graph.neighbours' | 'graph.path';

/** The same shape as Handlers in handlers.ts, declared here because handlers.ts imports this module (no cycle). */
type GraphHandlerMap = { [K in GraphChannels]: (request: RequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>> };

function ms(iso: string | undefined, what: string): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new ThreadlineError('BAD_ARGUMENT', `${what} "${iso}" is not a real instant.`, { hint: 'Check the date.' });
  return t;
}

/** The wire filter as the graph takes it (instants as UTC ms). */
export function graphFilter(f: RequestOf<'graph.view'>['filter']): GraphFilter {
  const out: GraphFilter = {};
  const from = ms(f.from, 'The start of the range');
  const to = ms(f.to, 'The end of the range');
  if (from !== undefined) out.from = from;
  if (to !== undefined) out.to = to;
  if (f.kinds) out.kinds = [...f.kinds];
  if (f.evidence) out.evidence = [...f.evidence];
  if (f.entities) out.entities = [...f.entities];
  if (f.tags) out.tags = [...f.tags];
  if (f.hasAttachment !== undefined) out.hasAttachment = f.hasAttachment;
  return out;
}

export function graphHandlers(db: () => SqlDb): GraphHandlerMap {
  return {
    'graph.view': (r): GraphPackedWire => packGraphMs(graphViewMs(db(), graphFilter(r.filter), { maxNodes: r.maxNodes, ...(r.edgeKinds ? { edgeKinds: r.edgeKinds } : {}) })),
    'graph.neighbours': (r): GraphPackedWire => packGraph(graphNeighbours(db(), graphFilter(r.filter), r.entity, { limit: r.limit, ...(r.edgeKinds ? { edgeKinds: r.edgeKinds } : {}) })),
    'graph.path': (r): GraphPathWire =>
      graphPaths(db(), graphFilter(r.filter), r.from, r.to, { maxPaths: r.maxPaths, maxLength: r.maxLength, ...(r.edgeKinds ? { edgeKinds: r.edgeKinds } : {}) }),
  };
}
