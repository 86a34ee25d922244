/**
 * The identity workbench's part of the contract: entity list pages (search, sort, paging done by main), the entity
 * card, the suggestions queue, examiner decisions and their history. Spread into CONTRACT in contract.ts.
 */
import { z } from 'zod';
import {
  ENTITY_SORTS,
  MIN_JUSTIFICATION,
  type DecisionResultWire,
  type DecisionWire,
  type EntityCardWire,
  type EntityPageWire,
  type SuggestionPageWire,
} from './model';

/** Phantom marker carrying a response type through a value (the value itself is never read). */
function returns<T>(): T {
  return undefined as unknown as T;
}

const entityId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Every decision needs a reason a court can weigh; the examiner comes from the session, never from the request. */
const why = z
  .string()
  .trim()
  .min(MIN_JUSTIFICATION, `a justification of at least ${MIN_JUSTIFICATION} characters is required`)
  .max(4_000);

export const decisionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('confirm'), suggestion: entityId, why }),
  z.strictObject({ action: z.literal('reject'), suggestion: entityId, why }),
  z.strictObject({ action: z.literal('merge'), a: entityId, b: entityId, why }),
  /** Split one identifier or account (a node of the entity) off it. */
  z.strictObject({ action: z.literal('split'), entity: entityId, node: entityId, why }),
  z.strictObject({ action: z.literal('rename'), entity: entityId, name: z.string().trim().min(1).max(200), why }),
  z.strictObject({ action: z.literal('undo'), decision: entityId, why }),
]);

/** An examiner decision as the workbench sends it (the examiner is the session's, never part of it). */
export type DecisionRequest = z.infer<typeof decisionSchema>;

export const IDENTITY_WORKBENCH_CONTRACT = {
  'entities.page': {
    request: z.strictObject({
      query: z.string().max(200).optional(),
      sort: z.enum(ENTITY_SORTS),
      descending: z.boolean().optional(),
      linkedOnly: z.boolean().optional(),
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(1_000),
    }),
    response: returns<EntityPageWire>(),
  },
  'entities.card': { request: z.strictObject({ entity: entityId, buckets: z.number().int().min(4).max(200).optional() }), response: returns<EntityCardWire>() },
  'entities.suggestions': {
    request: z.strictObject({
      entity: entityId.optional(),
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(500),
      /** Keyset paging: the previous page's `next` (rows after it, best score first, then by id). */
      after: z.strictObject({ score: z.number().finite(), id: entityId }).optional(),
    }),
    response: returns<SuggestionPageWire>(),
  },
  'entities.decide': { request: decisionSchema, response: returns<DecisionResultWire>() },
  'entities.decisions': { request: z.strictObject({ entity: entityId.optional(), limit: z.number().int().min(1).max(500) }), response: returns<DecisionWire[]>() },
};
