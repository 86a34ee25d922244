/**
 * The contract between the renderer and main: ONE map from channel name to the zod schema of its request and
 * the TypeScript type of its response. Main (Electron IPC and the loopback bridge alike) validates every
 * payload with these schemas and answers with a Result envelope; the renderer gets a typed function per channel.
 */
import { z } from 'zod';
import { CHANNELS, type Channel } from './channels';
import type { ErrorInfo, Result } from './errors';
import { IDENTITY_WORKBENCH_CONTRACT } from './identity-contract';
import { GRAPH_CONTRACT } from './graph-contract';
import { reportContract } from './report-contract';
import { ANNOTATION_CONTRACT } from './annotation-contract';
import {
  BUCKET_UNITS,
  DATE_ORDERS,
  EVENT_KINDS,
  type AppInfo,
  type AuditEntry,
  type CaseRef,
  type CaseSummary,
  type EntityListItemWire,
  type EvidenceItem,
  type HistogramWire,
  type Inspection,
  type JobState,
  type SearchResultWire,
  type SkippedUnit,
  type SourceEntry,
  type SourceListing,
  type ThreadWire,
  type TimelinePageWire,
} from './model';

export { CHANNELS, type Channel };

/** Phantom marker carrying a response type through a value (the value itself is never read). */
function returns<T>(): T {
  return undefined as unknown as T;
}

// Limits that keep hostile or buggy payloads small; they are far above anything the UI sends.
const id = z.string().min(1).max(200);
const shortText = z.string().max(500);
const zone = z.string().min(1).max(64);
const region = z.string().regex(/^[A-Za-z]{2}$/);
/** An instant with an explicit zone (Z or ±hh:mm), as the engine requires. */
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/);
const eventKey = z.string().regex(/^-?\d{1,20}$/);
const positive = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** A bare file name: no folder separators, no parent references, nothing a shell or Windows would read specially. */
const fileName = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/)
  .refine((s) => s !== '.' && s !== '..' && !s.startsWith('.'), 'not a plain file name');

export const eventFilterSchema = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  kinds: z.array(z.enum(EVENT_KINDS)).max(EVENT_KINDS.length).optional(),
  evidence: z.array(positive).max(10_000).optional(),
  entities: z.array(positive).max(1_000).optional(),
  accounts: z.array(positive).max(1_000).optional(),
  tags: z.array(z.string().min(1).max(200)).max(100).optional(),
  hasAttachment: z.boolean().optional(),
  text: z.string().max(2_000).optional(),
});

export const importOptionsSchema = z.strictObject({
  format: z.string().min(1).max(40),
  tz: zone,
  dateOrder: z.enum(DATE_ORDERS).nullable(),
  region: region.nullable(),
  owner: z.string().min(1).max(200).nullable(),
  mapping: z.array(z.tuple([z.string().min(1).max(500), z.string().min(1).max(100)])).max(500),
  allowDuplicate: z.boolean(),
});

/** Where a timeline page starts: the case's start or end, an instant, or next to an event key. */
export const pagePositionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start') }),
  z.strictObject({ type: z.literal('end') }),
  z.strictObject({ type: z.literal('instant'), at: instant }),
  /** The page that starts with this event (inclusive). */
  z.strictObject({ type: z.literal('from-key'), key: eventKey }),
  /** Events strictly after / before this key. */
  z.strictObject({ type: z.literal('after-key'), key: eventKey }),
  z.strictObject({ type: z.literal('before-key'), key: eventKey }),
]);

const empty = z.strictObject({});

export const CONTRACT = {
  'app.info': { request: empty, response: returns<AppInfo>() },

  'case.available': { request: empty, response: returns<{ cases: CaseRef[]; folder: string | null }>() },
  /** Electron: a native open dialog; resolves to the chosen case's ref, or null when cancelled. */
  'case.browse': { request: empty, response: returns<CaseRef | null>() },
  'case.create': {
    request: z.strictObject({
      fileName,
      caseNumber: z.string().trim().min(1).max(100),
      examiner: z.string().trim().min(1).max(200),
      title: shortText.optional(),
      agency: shortText.optional(),
      tz: zone,
      region: region.optional(),
    }),
    response: returns<CaseSummary | null>(),
  },
  'case.open': { request: z.strictObject({ id, examiner: z.string().trim().min(1).max(200).optional() }), response: returns<CaseSummary>() },
  'case.close': { request: empty, response: returns<null>() },
  'case.summary': { request: empty, response: returns<CaseSummary | null>() },
  'audit.list': { request: z.strictObject({ limit: z.number().int().min(1).max(500), beforeSeq: positive.optional() }), response: returns<AuditEntry[]>() },

  'evidence.sources': { request: empty, response: returns<SourceListing>() },
  /** Electron: a native multi-select dialog; the chosen files come back as opaque source ids. */
  'evidence.browse': { request: empty, response: returns<SourceEntry[]>() },
  'evidence.inspect': { request: z.strictObject({ source: id, format: z.string().min(1).max(40).optional(), options: importOptionsSchema.partial().optional() }), response: returns<Inspection>() },
  'evidence.list': { request: empty, response: returns<EvidenceItem[]>() },
  'evidence.skipped': { request: z.strictObject({ evidenceId: positive, limit: z.number().int().min(1).max(1000) }), response: returns<SkippedUnit[]>() },

  'import.start': { request: z.strictObject({ source: id, options: importOptionsSchema }), response: returns<JobState>() },
  'job.status': { request: z.strictObject({ jobId: id }), response: returns<JobState>() },
  'job.list': { request: empty, response: returns<JobState[]>() },
  'job.cancel': { request: z.strictObject({ jobId: id }), response: returns<JobState>() },

  'timeline.page': {
    request: z.strictObject({ filter: eventFilterSchema, displayTz: zone, limit: z.number().int().min(1).max(2000), position: pagePositionSchema }),
    response: returns<TimelinePageWire>(),
  },
  'timeline.histogram': {
    request: z.strictObject({ filter: eventFilterSchema, displayTz: zone, bucket: z.enum(BUCKET_UNITS) }),
    response: returns<HistogramWire>(),
  },
  'timeline.thread': {
    request: z.strictObject({ messageId: positive, before: z.number().int().min(0).max(500), after: z.number().int().min(0).max(500), displayTz: zone }),
    response: returns<ThreadWire>(),
  },

  'search.run': {
    request: z.strictObject({
      query: z.string().trim().min(1).max(2_000),
      mode: z.enum(['all', 'text', 'identifier', 'name']),
      order: z.enum(['newest', 'oldest', 'rank']),
      filter: eventFilterSchema.omit({ text: true }),
      cursor: z.string().min(1).max(400).optional(),
      limit: z.number().int().min(1).max(500),
      displayTz: zone,
      region: region.optional(),
    }),
    response: returns<SearchResultWire>(),
  },

  'entities.list': { request: z.strictObject({ linkedOnly: z.boolean().optional() }), response: returns<EntityListItemWire[]>() },
  ...IDENTITY_WORKBENCH_CONTRACT,
  ...GRAPH_CONTRACT,
  ...reportContract(eventFilterSchema),
  ...ANNOTATION_CONTRACT,
} satisfies { [K in Channel]: { request: z.ZodType; response: unknown } };

export type Contract = typeof CONTRACT;
/** What the caller passes (before defaults/transforms). */
export type RequestIn<K extends Channel> = z.input<Contract[K]['request']>;
/** What a handler receives (validated). */
export type RequestOf<K extends Channel> = z.output<Contract[K]['request']>;
export type ResponseOf<K extends Channel> = Contract[K]['response'];

/** The API the renderer sees as `window.threadline`: one function per channel. */
export type ThreadlineApi = { [K in Channel]: (request: RequestIn<K>) => Promise<Result<ResponseOf<K>>> };

/** Validate a payload for a channel; a failure becomes a BAD_ARGUMENT error naming the fields. */
export function parseRequest<K extends Channel>(channel: K, payload: unknown): Result<RequestOf<K>> {
  const schema = CONTRACT[channel].request as unknown as z.ZodType<RequestOf<K>>;
  const r = schema.safeParse(payload ?? {});
  if (r.success) return { ok: true, value: r.data };
  const fields = r.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`)
    .join('; ');
  const error: ErrorInfo = { code: 'BAD_ARGUMENT', message: `The request to ${channel} is not valid — ${fields}.`, hint: 'This is a bug in the Threadline window; reload it and try again.' };
  return { ok: false, error };
}

/** Every channel in the contract is in CHANNELS and vice versa (checked by a test). */
export function contractChannels(): string[] {
  return Object.keys(CONTRACT);
}
