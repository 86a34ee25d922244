/** The annotations' part of the contract (tags, bookmarks, notes, listing). Spread into CONTRACT in contract.ts. */
import { z } from 'zod';
import { TAG_COLOUR_NAMES, type AnnotatedTarget, type AnnotationListWire, type TagColour, type TagDef } from './annotations';

/** Phantom marker carrying a response type through a value (the value itself is never read). */
function returns<T>(): T {
  return undefined as unknown as T;
}

const positive = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const zone = z.string().min(1).max(64);

/** An event by public record id (`m12`) or event key; an entity or evidence item by its number. */
export const annotationTargetSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('event'), id: z.string().regex(/^([a-z]\d{1,15}|-?\d{1,20})$/) }),
  z.strictObject({ type: z.literal('entity'), id: positive }),
  z.strictObject({ type: z.literal('evidence'), id: positive }),
]);

const colour = z.enum(TAG_COLOUR_NAMES as [TagColour, ...TagColour[]]);
const tagName = z.string().trim().min(1).max(200);

export const ANNOTATION_CONTRACT = {
  /** Everything annotated, grouped by target (events in time order, then entities, then evidence items). */
  'annotations.list': { request: z.strictObject({ displayTz: zone }), response: returns<AnnotationListWire>() },
  /** The tag definitions with colours and how often each is used. */
  'annotations.tags': { request: z.strictObject({}), response: returns<TagDef[]>() },
  /** What one target carries (null when nothing). */
  'annotations.target': { request: z.strictObject({ target: annotationTargetSchema, displayTz: zone }), response: returns<AnnotatedTarget | null>() },
  'annotations.tag': {
    request: z.strictObject({ target: annotationTargetSchema, tag: tagName, colour: colour.optional(), description: z.string().max(500).optional(), remove: z.boolean().optional() }),
    response: returns<{ changed: boolean; tag: { name: string; colour: TagColour } | null }>(),
  },
  'annotations.bookmark': {
    request: z.strictObject({ target: annotationTargetSchema, label: z.string().max(500).optional(), remove: z.boolean().optional() }),
    response: returns<{ changed: boolean }>(),
  },
  'annotations.note': {
    request: z.discriminatedUnion('action', [
      z.strictObject({ action: z.literal('add'), target: annotationTargetSchema, text: z.string().min(1).max(20_000) }),
      z.strictObject({ action: z.literal('edit'), noteId: positive, text: z.string().min(1).max(20_000) }),
      z.strictObject({ action: z.literal('delete'), noteId: positive }),
    ]),
    response: returns<{ id: number; version: number }>(),
  },
};
