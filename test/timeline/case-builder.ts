/** Builds small cases for timeline and search tests: each evidence item is a list of records fed through the real import job. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Case } from '../../main/engine/case';
import type { Importer } from '../../main/engine/importers/types';
import { importEvidence } from '../../main/engine/jobs/import';
import type { ImportRecord, RecordTime } from '../../main/engine/model/records';
import { tempDir } from '../helpers/tmp';

/** An importer that emits the records registered for the file it is given (`item-N.rec`). */
function recordsImporter(items: ImportRecord[][]): Importer {
  return {
    id: 'records',
    version: '0.0.1',
    label: 'Test records',
    method: 'test importer',
    limits: [],
    unit: 'record',
    sniff: (input) => (Buffer.from(input.head).toString('utf8').startsWith('RECORDS ') ? { confidence: 0.99 } : null),
    async *parse(ctx) {
      const n = Number(/item-(\d+)\.rec$/.exec(ctx.file.name)?.[1]);
      const recs = items[n] ?? [];
      yield recs;
      const units = recs.filter((r) => r.type !== 'chat' && r.type !== 'account').length;
      yield [{ type: 'units', unit: 'record', seen: units, parsed: units }];
    },
  };
}

export interface BuiltCase {
  c: Case;
  dir: string;
  file: string;
}

/** A case holding one evidence item per record list, imported in order (E1, E2, …). */
export async function caseWith(items: ImportRecord[][], opts: { tz?: string; region?: string } = {}): Promise<BuiltCase> {
  const dir = tempDir();
  const file = join(dir, 'c.case');
  const c = Case.create(file, { caseNumber: 'T-1', examiner: 'Tester', tz: opts.tz ?? 'UTC', region: opts.region ?? 'TH' });
  const importer = recordsImporter(items);
  for (let i = 0; i < items.length; i++) {
    const src = join(dir, `item-${i}.rec`);
    writeFileSync(src, `RECORDS ${i}\n`);
    await importEvidence(c, { path: src, importers: [importer] });
  }
  return { c, dir, file };
}

let added = 1000;

/** Import one more evidence item into a built case (after the others, as a later import would). */
export async function addItem(b: BuiltCase, recs: ImportRecord[]): Promise<void> {
  const n = added++;
  const items: ImportRecord[][] = [];
  items[n] = recs;
  const src = join(b.dir, `item-${n}.rec`);
  writeFileSync(src, `RECORDS ${n}\n`);
  await importEvidence(b.c, { path: src, importers: [recordsImporter(items)] });
}

export const at = (iso: string): RecordTime => ({ kind: 'instant', utcMs: Date.parse(iso), raw: iso });
export const ms = (iso: string): number => Date.parse(iso);

let line = 0;

/** A message record (chat `c`, sender key = sender name) at an ISO instant. */
export function msg(time: RecordTime | string, body: string, o: { sender?: string; chat?: string; attachments?: string[]; direction?: 'incoming' | 'outgoing' } = {}): ImportRecord {
  line++;
  const rec: ImportRecord = {
    type: 'message',
    chatKey: o.chat ?? 'c',
    senderKey: o.sender ?? 'Ann',
    sender: o.sender ?? 'Ann',
    time: typeof time === 'string' ? at(time) : time,
    kind: 'text',
    body,
    prov: { line },
    raw: body,
  };
  if (o.attachments) rec.attachments = o.attachments.map((name) => ({ name, status: 'omitted' as const }));
  if (o.direction) rec.direction = o.direction;
  return rec;
}

export function chat(key = 'c', name = 'Chat', chatKind?: string): ImportRecord {
  return chatKind ? { type: 'chat', key, platform: 'whatsapp', name, chatKind, prov: { line: 1 } } : { type: 'chat', key, platform: 'whatsapp', name, prov: { line: 1 } };
}

export function account(key: string, o: { phone?: string; owner?: boolean; chats?: string[] } = {}): ImportRecord {
  return {
    type: 'account',
    key,
    platform: 'whatsapp',
    display: key,
    identifiers: o.phone ? [{ kind: 'phone', value: o.phone }] : [],
    ...(o.owner ? { isOwner: true } : {}),
    ...(o.chats ? { chats: o.chats } : {}),
    prov: { line: 1 },
  };
}

export function call(time: string, counterpart: string, direction: 'incoming' | 'outgoing' | 'missed', o: { name?: string; accountKey?: string } = {}): ImportRecord {
  line++;
  return {
    type: 'call',
    time: at(time),
    direction,
    durationS: 30,
    media: 'voice',
    counterpart,
    ...(o.name ? { contactName: o.name } : {}),
    ...(o.accountKey ? { accountKey: o.accountKey } : {}),
    prov: { line },
    raw: `${time},${counterpart}`,
  };
}

export function contact(name: string, phone: string, time?: string): ImportRecord {
  line++;
  return {
    type: 'contact',
    name,
    identifiers: [{ kind: 'phone', value: phone }],
    fields: [{ name: 'note', value: `card for ${name}` }],
    ...(time ? { time: at(time) } : {}),
    prov: { line },
    raw: `${name};${phone}`,
  };
}

export function row(key: string, cells: string[], rowNumber: number): ImportRecord {
  return {
    type: 'row',
    key,
    sheet: 'Ledger',
    rowNumber,
    cells: cells.map((v, i) => ({ ref: `${String.fromCharCode(65 + i)}${rowNumber}`, value: v, type: 'string' })),
    prov: { line: rowNumber, path: `'Ledger'!A${rowNumber}` },
    raw: cells.join(','),
  };
}

export function transfer(time: string, amount: string, description: string, rowKey?: string): ImportRecord {
  line++;
  return {
    type: 'transaction',
    time: at(time),
    amount,
    currency: 'USDT',
    description,
    from: { name: 'Victim', identifiers: [{ kind: 'phone', value: '+66811111111' }] },
    to: { name: 'Mule', identifiers: [{ kind: 'wallet', value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t' }] },
    ...(rowKey ? { rowKey } : {}),
    prov: { line },
    raw: `${time},${amount}`,
  };
}

export function file(member: string): ImportRecord {
  return { type: 'attachment', member, size: 10, sha256: 'ab'.repeat(32), status: 'stored', prov: { member } };
}
