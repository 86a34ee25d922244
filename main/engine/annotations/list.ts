/**
 * Everything annotated in a case, grouped by target: tags (with colours), bookmark, notes with their full
 * history, and what the target is with its source citation — for the bookmarks panel, the CLI and reports.
 * Events come first in time order, then entities, then evidence items, so read-outs are reproducible.
 */
import { isTagColour, type AnnotatedTarget, type NoteWire, type TagDef, type TagOnTarget } from '../../../shared/annotations';
import type { SqlDb } from '../db/case-db';
import { bookmarks, evidenceName, nodeEntity, notes, noteVersions, tagDefs, tagLinks, type TargetRow } from '../db/read/annotations';
import { eventKeyOfRecord } from '../db/read/timeline';
import { explainEntity } from '../identity';
import { renderEvents } from '../timeline/render';
import { KIND_LETTER, isEventKind, type TimelineEvent } from '../timeline/types';

/** An annotated target as the engine keeps it: the wire form plus the rendered event (for reports). */
export interface Annotated extends AnnotatedTarget {
  event: TimelineEvent | null;
  /** Sort key: events by event key, then entities, then evidence items. */
  order: [number, bigint];
  /** The anchor's target_key (`event:message:12`, `entity:5`, `evidence:2`). */
  key: string;
}

export function listTags(db: SqlDb): TagDef[] {
  return tagDefs(db).map((d) => ({
    id: d.id,
    name: d.name,
    colour: isTagColour(d.colour) ? d.colour : 'grey',
    description: d.description,
    createdBy: d.created_by,
    created: d.created_utc,
    uses: d.uses,
  }));
}

function blank(row: TargetRow): Annotated {
  let target: AnnotatedTarget['target'];
  if (row.target === 'event') {
    const kind = row.event_kind ?? '';
    target = { type: 'event', id: `${isEventKind(kind) ? KIND_LETTER[kind] : '?'}${row.record_id}` };
  } else if (row.target === 'entity') target = { type: 'entity', id: row.node_id! };
  else target = { type: 'evidence', id: row.evidence_id! };
  return {
    target,
    title: '',
    text: null,
    source: '',
    evidence: row.evidence_id,
    eventKey: null,
    ts: null,
    display: null,
    entity: null,
    found: false,
    tags: [],
    bookmark: null,
    notes: [],
    event: null,
    order: [0, 0n],
    key: row.target_key,
  };
}

/** Every annotated target with its tags, bookmark and notes (deleted notes included, marked, with history). */
export function listAnnotated(db: SqlDb, displayTz: string, only?: { targetKey: string }): Annotated[] {
  const byKey = new Map<string, { row: TargetRow; a: Annotated }>();
  const scratch = blank({ target: 'evidence', evidence_id: 0, event_kind: null, record_id: null, node_id: null, target_key: '' });
  const get = (row: TargetRow): Annotated => {
    // Rows of other targets are collected into a scratch object nobody reads (one target asked for).
    if (only && row.target_key !== only.targetKey) return scratch;
    let x = byKey.get(row.target_key);
    if (!x) byKey.set(row.target_key, (x = { row, a: blank(row) }));
    return x.a;
  };
  for (const l of tagLinks(db)) get(l).tags.push({ name: l.name, colour: isTagColour(l.colour) ? l.colour : 'grey', examiner: l.examiner, at: l.ts_utc } satisfies TagOnTarget);
  for (const b of bookmarks(db)) get(b).bookmark = { label: b.label, examiner: b.examiner, at: b.ts_utc };
  const versions = new Map<number, NoteWire['history']>();
  for (const v of noteVersions(db)) {
    let l = versions.get(v.note_id);
    if (!l) versions.set(v.note_id, (l = []));
    l.push({ version: v.version, text: v.text, examiner: v.examiner, at: v.ts_utc });
  }
  for (const n of notes(db)) {
    const history = versions.get(n.id) ?? [];
    const last = history[history.length - 1];
    get(n).notes.push({
      id: n.id,
      text: last?.text ?? null,
      deleted: last !== undefined && last.text === null,
      // Edited: more than one text was written (a deletion alone is not an edit).
      edited: history.filter((h) => h.text !== null).length > 1,
      createdBy: n.created_by,
      created: n.created_utc,
      examiner: last?.examiner ?? n.created_by,
      at: last?.at ?? n.created_utc,
      history,
    });
  }

  // Events: the current key of each record (keys change on a rebuild, records do not), rendered in one batch.
  const eventKeys = new Map<string, bigint>();
  for (const [k, { row }] of byKey) {
    if (row.target !== 'event' || row.event_kind === null || row.record_id === null) continue;
    const key = eventKeyOfRecord(db, row.event_kind, row.record_id);
    if (key !== null) eventKeys.set(k, key);
  }
  const rendered = new Map(renderEvents(db, [...new Set(eventKeys.values())], displayTz).map((e) => [e.key, e]));
  const entityNames = new Map<number, string>();
  for (const [k, { row, a }] of byKey) {
    // Code-point order: the same on every machine, whatever its locale (reports must be reproducible).
    a.tags.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    if (row.target === 'event') {
      const key = eventKeys.get(k);
      const e = key === undefined ? undefined : rendered.get(key.toString());
      if (e) {
        a.found = true;
        a.event = e;
        a.eventKey = e.key;
        a.ts = e.ts;
        a.display = e.display;
        a.title = e.from ?? e.actor?.name ?? `${e.kind} ${e.subkind}`;
        a.text = e.text;
        a.source = `E${e.evidence} ${e.source}`;
        a.order = [0, key!];
      } else {
        a.title = `${row.event_kind} ${row.record_id}`;
        a.source = `E${row.evidence_id} ${row.event_kind} record ${row.record_id} (not in the event stream)`;
        a.order = [1, BigInt(row.record_id ?? 0)];
      }
    } else if (row.target === 'entity') {
      const n = nodeEntity(db, row.node_id!);
      a.order = [2, BigInt(row.node_id!)];
      if (n) {
        a.found = true;
        a.entity = n.entity_id;
        let name = entityNames.get(n.entity_id);
        if (name === undefined) entityNames.set(n.entity_id, (name = explainEntity(db, n.entity_id).name));
        a.title = name;
        a.source = `entity N${n.entity_id}, anchored to identity node ${n.id} (${n.type === 'identifier' ? `${n.kind} ${n.value}` : `account ${n.account_id}`})`;
      } else {
        a.title = `identity node ${row.node_id}`;
        a.source = `identity node ${row.node_id} (no longer in the case)`;
      }
    } else {
      const e = evidenceName(db, row.evidence_id!);
      a.order = [3, BigInt(row.evidence_id!)];
      a.found = e !== undefined;
      a.title = e?.file_name ?? `E${row.evidence_id}`;
      a.source = e ? `E${e.id} ${e.file_name} (SHA-256 ${e.sha256})` : `E${row.evidence_id}`;
    }
  }
  return [...byKey.values()]
    .map((x) => x.a)
    .sort((x, y) => x.order[0] - y.order[0] || (x.order[1] < y.order[1] ? -1 : x.order[1] > y.order[1] ? 1 : 0));
}

/** The wire form (no engine-only fields). */
export function toWire(a: Annotated): AnnotatedTarget {
  const { event: _event, order: _order, key: _key, ...wire } = a;
  return wire;
}
