/**
 * What an annotation is on: turning the caller's reference (an event's public id or key, an entity id, an
 * evidence id) into a stable anchor after checking it exists, and citing it for the audit log and read-outs.
 */
import type { AnnotationTargetRef } from '../../../shared/annotations';
import type { SqlDb } from '../db/case-db';
import { eventByKey, evidenceName, nodeEntity, recordEvidence } from '../db/read/annotations';
import { eventKeyOfRecord } from '../db/read/timeline';
import type { Anchor } from '../db/write/annotations';
import { ThreadlineError } from '../errors';
import { parseKey } from '../timeline/keys';
import { renderEvents } from '../timeline/render';
import { KIND_LETTER, isEventKind, type EventKind } from '../timeline/types';

const LETTER_KIND = new Map<string, EventKind>(Object.entries(KIND_LETTER).map(([k, l]) => [l, k as EventKind]));

/** A checked target: its anchor, and how the audit log and read-outs cite it. */
export interface ResolvedTarget {
  anchor: Anchor;
  ref: AnnotationTargetRef;
  /** The target's citation: evidence item + file + line/row/path, or the entity and its node, or the item's hash. */
  cite: Record<string, unknown>;
  /** Events: the current event key (for event_tags). */
  eventKey: bigint | null;
}

/** `m12` (public record id) or `123456789` (event key) → the event's record. */
export function parseEventRef(text: string): { kind: EventKind; recordId: number } | { key: bigint } {
  const t = text.trim();
  const pub = /^([a-z])(\d{1,15})$/.exec(t);
  if (pub) {
    const kind = LETTER_KIND.get(pub[1]!);
    if (kind) return { kind, recordId: Number(pub[2]) };
  }
  if (/^-?\d{1,20}$/.test(t)) {
    try {
      return { key: parseKey(t) };
    } catch {
      // falls through to the error below
    }
  }
  throw new ThreadlineError('BAD_ARGUMENT', `"${text}" is not an event id.`, {
    hint: 'Give the event id the timeline shows (m12 = message 12, c3 = call 3, t7 = transaction 7, k = contact, r = sheet row, f = file) or its numeric key (`threadline timeline CASE --json`).',
  });
}

function notFound(what: string, hint: string): ThreadlineError {
  return new ThreadlineError('NOT_FOUND', what, { hint });
}

/** Check a target exists and anchor it to what does not change (record, identity node, evidence item). */
export function resolveTarget(db: SqlDb, ref: AnnotationTargetRef): ResolvedTarget {
  switch (ref.type) {
    case 'event': {
      const parsed = parseEventRef(ref.id);
      let kind: string;
      let recordId: number;
      let evidenceId: number | undefined;
      let key: bigint | null;
      if ('key' in parsed) {
        const e = eventByKey(db, parsed.key);
        if (!e) throw notFound(`No event has the key ${parsed.key}.`, 'Copy the key from `threadline timeline CASE --json`, or give the event id (m12).');
        ({ kind, record_id: recordId, evidence_id: evidenceId } = e);
        key = parsed.key;
      } else {
        kind = parsed.kind;
        recordId = parsed.recordId;
        evidenceId = recordEvidence(db, kind, recordId);
        if (evidenceId === undefined) throw notFound(`There is no ${kind} with id ${recordId} (${ref.id}).`, 'Check the event id in the timeline (`threadline timeline CASE`).');
        key = eventKeyOfRecord(db, kind, recordId);
        if (key === null) throw notFound(`${ref.id} is a record but not an event in the timeline (e.g. a spreadsheet header row).`, 'Annotate the evidence item instead, or pick an event the timeline shows.');
      }
      if (!isEventKind(kind)) throw new ThreadlineError('INTERNAL', `Unknown event kind ${kind}.`);
      const publicId = `${KIND_LETTER[kind]}${recordId}`;
      const shown = renderEvents(db, [key], 'UTC')[0];
      return {
        anchor: { target: 'event', evidenceId, kind, recordId },
        ref: { type: 'event', id: publicId },
        cite: { target: 'event', event: publicId, key: key.toString(), evidence: evidenceId, source: shown?.source ?? null, ts: shown?.ts ?? null },
        eventKey: key,
      };
    }
    case 'entity': {
      const n = nodeEntity(db, ref.id);
      if (!n) throw notFound(`There is no entity N${ref.id}.`, 'List entities with `threadline entities CASE`.');
      if (n.entity_id !== ref.id) {
        throw notFound(`N${ref.id} is no longer an entity of its own: its identity node is now part of entity N${n.entity_id}.`, `Annotate N${n.entity_id} (entities change ids when identities are merged).`);
      }
      return {
        anchor: { target: 'entity', nodeId: n.id },
        ref: { type: 'entity', id: n.entity_id },
        cite: { target: 'entity', entity: n.entity_id, node: n.id, node_type: n.type, identifier: n.type === 'identifier' ? `${n.kind}:${n.value}` : null, account: n.account_id },
        eventKey: null,
      };
    }
    case 'evidence': {
      const e = evidenceName(db, ref.id);
      if (!e) throw notFound(`There is no evidence item E${ref.id}.`, 'List evidence items with `threadline info CASE`.');
      return { anchor: { target: 'evidence', evidenceId: e.id }, ref, cite: { target: 'evidence', evidence: e.id, file: e.file_name, sha256: e.sha256 }, eventKey: null };
    }
    default: {
      const never: never = ref;
      throw new ThreadlineError('BAD_ARGUMENT', `Unknown annotation target ${JSON.stringify(never)}.`, { hint: 'Annotate an event, an entity or an evidence item.' });
    }
  }
}
