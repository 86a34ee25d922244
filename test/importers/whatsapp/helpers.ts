/** Shared helpers for the WhatsApp importer tests: fixture paths and records grouped by type. */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { parseFile, type ParsedFile } from '../../../main/engine/importers/parse-file';
import type { AccountRecord, AttachmentRecord, CallRecord, ChatRecord, FactRecord, MessageRecord, SkipRecord, WallTime } from '../../../main/engine/model/records';
import type { ImportOptions } from '../../../main/engine/importers/types';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FIXTURES = resolve(here, '../../fixtures/whatsapp');
/** The shared corpus of real exports (outside the repository, may be absent). */
export const SHARED = resolve(here, '../../../../shared/fixtures/whatsapp');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export interface Parsed extends ParsedFile {
  chat: ChatRecord;
  messages: MessageRecord[];
  accounts: AccountRecord[];
  calls: CallRecord[];
  attachments: AttachmentRecord[];
  skips: SkipRecord[];
  facts: Record<string, FactRecord['value']>;
}

export async function run(path: string, options: Partial<ImportOptions> & { format?: string } = {}): Promise<Parsed> {
  const r = await parseFile(path, options);
  const of = <T>(type: string) => r.records.filter((x) => x.type === type) as unknown as T[];
  const chats = of<ChatRecord>('chat');
  if (chats.length !== 1) throw new Error(`expected one chat record, got ${chats.length}`);
  const facts: Record<string, FactRecord['value']> = Object.create(null) as Record<string, FactRecord['value']>;
  for (const f of of<FactRecord>('fact')) facts[f.key] = f.value;
  return {
    ...r,
    chat: chats[0]!,
    messages: of<MessageRecord>('message'),
    accounts: of<AccountRecord>('account'),
    calls: of<CallRecord>('call'),
    attachments: of<AttachmentRecord>('attachment'),
    skips: of<SkipRecord>('skip'),
    facts,
  };
}

/** The wall time of a message, or null when it has none. */
export function wall(m: { time: MessageRecord['time'] }): WallTime | null {
  return m.time.kind === 'wall' ? m.time.wall : null;
}

/** Shorthand for an expected wall time. */
export function w(y: number, mo: number, d: number, h: number, mi: number, s = 0): WallTime {
  return { y, mo, d, h, mi, s };
}
