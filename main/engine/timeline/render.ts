/**
 * Turns event keys into the events every read-out shows: record text, who and to whom, the source citation,
 * the raw time as written, and the instant in the chosen display zone (storage stays UTC).
 */
import type { SqlDb } from '../db/case-db';
import { eventRows, pageNames, recordDetails, type EventRow } from '../db/read/timeline';
import { citeSource } from '../provenance';
import { displayTime } from './display-time';
import { KIND_LETTER, isEventKind, type EventKind, type Party, type TimelineEvent } from './types';

type Detail = Record<string, unknown>;

/** An event row with the names around it. */
interface Named extends EventRow {
  file_name: string;
  owner: string | null;
  chat_name: string | null;
  actor_display: string | null;
  counterpart_display: string | null;
  actor_entity: number | null;
  counterpart_entity: number | null;
}

const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const n = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function jsonArray(v: unknown): unknown[] {
  if (typeof v !== 'string') return [];
  try {
    const p = JSON.parse(v) as unknown;
    return Array.isArray(p) ? p : [];
  } catch {
    return [];
  }
}

function partyName(j: unknown): string | null {
  if (typeof j !== 'string') return null;
  try {
    const p = JSON.parse(j) as { name?: string; identifiers?: { value: string }[] };
    return p.name ?? (p.identifiers?.length ? p.identifiers.map((i) => i.value).join(', ') : null);
  } catch {
    return null;
  }
}

function party(account: number | null, entity: number | null, name: string | null): Party | null {
  return account === null && name === null ? null : { account, entity, name };
}

function describe(kind: EventKind, r: Named, d: Detail): Pick<TimelineEvent, 'subkind' | 'from' | 'to' | 'text' | 'attachments'> {
  switch (kind) {
    case 'message': {
      const recipients = jsonArray(d.recipients_json).filter((x): x is string => typeof x === 'string');
      const attachments = jsonArray(d.attachments_json)
        .map((a) => (a && typeof a === 'object' ? s((a as { name?: unknown }).name) : null))
        .filter((x): x is string => x !== null);
      return {
        subkind: s(d.mkind) ?? 'text',
        from: s(d.sender_raw) ?? r.actor_display,
        to: recipients.length ? recipients.join(', ') : (r.counterpart_display ?? r.chat_name),
        text: s(d.body) ?? '',
        attachments,
      };
    }
    case 'call': {
      const direction = s(d.direction) ?? 'unknown';
      const number = s(d.counterpart_raw);
      const name = s(d.contact_name);
      const who = name ? `${name} (${number ?? 'unknown number'})` : (number ?? (direction === 'outgoing' ? r.counterpart_display : r.actor_display));
      const owner = (direction === 'outgoing' ? r.actor_display : r.counterpart_display) ?? r.owner;
      const dur = n(d.duration_s);
      const outgoing = direction === 'outgoing';
      return {
        subkind: direction,
        from: outgoing ? owner : who,
        to: outgoing ? who : owner,
        text: `${direction} ${s(d.media) ?? ''} call, ${dur === null ? 'no duration' : `${dur} s`}`.replace(/\s+/g, ' '),
        attachments: [],
      };
    }
    case 'contact': {
      const ids = jsonArray(d.identifiers_json)
        .map((i) => (i && typeof i === 'object' ? s((i as { value?: unknown }).value) : null))
        .filter((x): x is string => x !== null);
      return { subkind: 'card', from: null, to: null, text: `contact ${s(d.name) ?? '(no name)'}${ids.length ? `: ${ids.join(', ')}` : ''}`, attachments: [] };
    }
    case 'transaction':
      return {
        subkind: 'transfer',
        from: partyName(d.from_json),
        to: partyName(d.to_json),
        text: [s(d.amount), s(d.currency), s(d.description) ?? s(d.reference)].filter((x) => x !== null && x !== '').join(' '),
        attachments: [],
      };
    case 'row': {
      const cells = jsonArray(d.cells_json)
        .map((c) => (c && typeof c === 'object' ? s((c as { value?: unknown }).value) : null))
        .filter((x): x is string => x !== null && x !== '');
      return { subkind: 'row', from: null, to: null, text: `${s(d.sheet) ?? ''} row ${n(d.row_number) ?? '?'}: ${cells.join(' | ')}`, attachments: [] };
    }
    case 'file':
      return { subkind: s(d.status) ?? 'file', from: null, to: null, text: s(d.member) ?? '', attachments: [s(d.member) ?? ''] };
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}

function flags(d: Detail): string[] {
  return [...jsonArray(d.flags), ...jsonArray(d.ts_flags)].filter((x): x is string => typeof x === 'string');
}

/** The events for these keys, in the order given; keys no longer present are skipped. */
export function renderEvents(db: SqlDb, keys: readonly bigint[], displayTz: string): TimelineEvent[] {
  const bare = eventRows(db, keys);
  const uniq = (xs: (number | null)[]) => [...new Set(xs.filter((x): x is number => x !== null))];
  const names = pageNames(
    db,
    uniq(bare.map((r) => r.evidence_id)),
    uniq(bare.map((r) => r.chat_id)),
    uniq(bare.flatMap((r) => [r.actor_account_id, r.counterpart_account_id])),
  );
  const rows: Named[] = [];
  for (const r of bare) {
    const ev = names.evidence.get(r.evidence_id);
    const actor = r.actor_account_id === null ? undefined : names.accounts.get(r.actor_account_id);
    const counterpart = r.counterpart_account_id === null ? undefined : names.accounts.get(r.counterpart_account_id);
    rows.push({
      key: r.key,
      kind: r.kind,
      evidence_id: r.evidence_id,
      record_id: r.record_id,
      chat_id: r.chat_id,
      actor_account_id: r.actor_account_id,
      counterpart_account_id: r.counterpart_account_id,
      has_attachment: r.has_attachment,
      ts_utc: r.ts_utc,
      file_name: ev?.file_name ?? `E${r.evidence_id}`,
      owner: ev?.owner ?? null,
      chat_name: r.chat_id === null ? null : (names.chats.get(r.chat_id) ?? null),
      actor_display: actor?.display ?? null,
      counterpart_display: counterpart?.display ?? null,
      actor_entity: actor?.entity_id ?? null,
      counterpart_entity: counterpart?.entity_id ?? null,
    });
  }
  const byKind = new Map<string, number[]>();
  for (const r of rows) {
    let l = byKind.get(r.kind);
    if (!l) byKind.set(r.kind, (l = []));
    l.push(r.record_id);
  }
  const details = new Map<string, Map<number, Detail>>();
  for (const [kind, ids] of byKind) details.set(kind, recordDetails(db, kind, ids));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: TimelineEvent[] = [];
  for (const k of keys) {
    const r = byKey.get(k.toString());
    if (!r || !isEventKind(r.kind)) continue;
    const d = details.get(r.kind)?.get(r.record_id) ?? {};
    const kind = r.kind;
    const desc = describe(kind, r, d);
    out.push({
      id: `${KIND_LETTER[kind]}${r.record_id}`,
      key: r.key,
      ts: r.ts_utc === null ? null : new Date(r.ts_utc).toISOString(),
      display: r.ts_utc === null ? null : { tz: displayTz, time: displayTime(r.ts_utc, displayTz) },
      kind,
      subkind: desc.subkind,
      evidence: r.evidence_id,
      recordId: r.record_id,
      from: desc.from,
      to: desc.to,
      text: desc.text,
      source: citeSource({
        file_name: r.file_name,
        src_member: s(d.src_member),
        src_line: n(d.src_line),
        src_line_end: n(d.src_line_end),
        src_path: s(d.src_path),
      }),
      chat: r.chat_id === null ? null : { id: r.chat_id, name: r.chat_name },
      actor: party(r.actor_account_id, r.actor_entity, r.actor_account_id === null ? null : (r.actor_display ?? desc.from)),
      counterpart: party(r.counterpart_account_id, r.counterpart_entity, r.counterpart_account_id === null ? null : r.counterpart_display),
      hasAttachment: r.has_attachment === 1,
      attachments: desc.attachments,
      tsRaw: s(d.ts_raw),
      tsLocal: s(d.ts_local),
      tsZone: s(d.ts_zone),
      flags: flags(d),
    });
  }
  return out;
}
