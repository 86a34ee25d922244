/** The link graph's part of the contract (view, neighbours, paths). Spread into CONTRACT in contract.ts. */
import { z } from 'zod';
import { GRAPH_EDGE_KINDS, type GraphPathWire } from './graph-model';
import type { GraphPackedWire } from './graph-pack';
import { EVENT_KINDS } from './model';

/** Phantom marker carrying a response type through a value (the value itself is never read). */
function returns<T>(): T {
  return undefined as unknown as T;
}

const positive = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/);

/**
 * The timeline filter fields the graph honours (the same shapes as eventFilterSchema). `entities` focuses the graph
 * on edges touching those entities; text search does not apply to a graph and is not accepted.
 */
export const graphFilterSchema = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  kinds: z.array(z.enum(EVENT_KINDS)).max(EVENT_KINDS.length).optional(),
  evidence: z.array(positive).max(10_000).optional(),
  entities: z.array(positive).max(1_000).optional(),
  tags: z.array(z.string().min(1).max(200)).max(100).optional(),
  hasAttachment: z.boolean().optional(),
});

const edgeKinds = z.array(z.enum(GRAPH_EDGE_KINDS)).max(GRAPH_EDGE_KINDS.length).optional();

/** graph.view and graph.neighbours answer in the columnar form (shared/graph-pack.ts): unpackGraph gives GraphWire. */
export const GRAPH_CONTRACT = {
  'graph.view': {
    request: z.strictObject({ filter: graphFilterSchema, edgeKinds, maxNodes: z.number().int().min(1).max(20_000) }),
    response: returns<GraphPackedWire>(),
  },
  'graph.neighbours': {
    request: z.strictObject({ filter: graphFilterSchema, edgeKinds, entity: positive, limit: z.number().int().min(1).max(5_000) }),
    response: returns<GraphPackedWire>(),
  },
  'graph.path': {
    request: z.strictObject({ filter: graphFilterSchema, edgeKinds, from: positive, to: positive, maxPaths: z.number().int().min(1).max(100), maxLength: z.number().int().min(1).max(12) }),
    response: returns<GraphPathWire>(),
  },
};
