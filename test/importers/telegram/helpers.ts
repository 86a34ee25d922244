/** Test helpers for the Telegram importers: fixture paths, record filters, temp files and a tiny zip writer. */
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallRecord, ChatRecord, ContactRecord, FactRecord, ImportRecord, MessageRecord, AccountRecord, SkipRecord } from '../../../main/engine/model/records';
import { AccountingTally, type Accounting } from '../../../main/engine/importers/accounting';
import type { ImportOptions, Importer, SniffResult } from '../../../main/engine/importers/types';
import { buildSniffInput, pickImporter } from '../../../main/engine/importers/sniff';
import { telegramImporter } from '../../../main/engine/importers/telegram';
import { telegramHtmlImporter } from '../../../main/engine/importers/telegram-html';
import { SourceFile } from '../../../main/engine/intake/source';
import { tempDir } from '../../helpers/tmp';
import { writeZip } from '../../../scripts/lib/zip-writer';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FIXTURES = resolve(here, '../../fixtures/telegram');
export const SHARED = resolve(here, '../../../../shared/fixtures/telegram');

export function fx(name: string): string {
  return join(FIXTURES, name);
}

export function messages(records: ImportRecord[]): MessageRecord[] {
  return records.filter((r): r is MessageRecord => r.type === 'message');
}
export function calls(records: ImportRecord[]): CallRecord[] {
  return records.filter((r): r is CallRecord => r.type === 'call');
}
export function contacts(records: ImportRecord[]): ContactRecord[] {
  return records.filter((r): r is ContactRecord => r.type === 'contact');
}
export function accounts(records: ImportRecord[]): AccountRecord[] {
  return records.filter((r): r is AccountRecord => r.type === 'account');
}
export function chats(records: ImportRecord[]): ChatRecord[] {
  return records.filter((r): r is ChatRecord => r.type === 'chat');
}
export function skips(records: ImportRecord[]): SkipRecord[] {
  return records.filter((r): r is SkipRecord => r.type === 'skip');
}
export function fact(records: ImportRecord[], key: string): FactRecord['value'] | undefined {
  return records.find((r): r is FactRecord => r.type === 'fact' && r.key === key)?.value;
}
export function byExt(records: ImportRecord[], id: string): MessageRecord {
  const m = messages(records).find((x) => x.extId === id);
  if (!m) throw new Error(`no message ${id}`);
  return m;
}

/** Write a file into a fresh temp folder (removed after the test). */
export function tmpFile(name: string, content: string | Buffer): string {
  const p = join(tempDir('threadline-tg-'), name);
  writeFileSync(p, content);
  return p;
}

/** A zip of stored entries (the shared deterministic writer), so tests need no zip library. */
export function makeZip(entries: { name: string; data: string | Buffer }[]): Buffer {
  return writeZip(entries);
}

/** Run one importer on a file without sniffing (for inputs sniffing rightly refuses), with accounting. */
export async function parseDirect(importer: Importer, path: string, sniff: SniffResult = { confidence: 1 }, options: Partial<ImportOptions> = {}): Promise<{ records: ImportRecord[]; accounting: Accounting }> {
  const st = statSync(path);
  const file = new SourceFile(path, st.size);
  const tally = new AccountingTally();
  const records: ImportRecord[] = [];
  try {
    for await (const batch of importer.parse({ file, options: { tz: 'UTC', ...options }, sniff, signal: new AbortController().signal })) {
      for (const r of batch) {
        tally.add(r);
        records.push(r);
      }
    }
    return { records, accounting: tally.finish(file.name) };
  } finally {
    await file.close();
  }
}

/**
 * parseFile (sniff + parse + accounting) with only the Telegram importers to choose from, so these tests do
 * not depend on every other importer in the registry; registry.test.ts covers detection among all of them.
 */
export async function parseTg(path: string, options: Partial<ImportOptions> & { format?: string } = {}): Promise<{ importer: Importer; sniff: SniffResult; records: ImportRecord[]; accounting: Accounting }> {
  const st = statSync(path);
  const file = new SourceFile(path, st.size);
  try {
    const input = await buildSniffInput(file);
    const { importer, sniff } = pickImporter(input, [telegramImporter, telegramHtmlImporter], options.format ?? 'auto');
    const tally = new AccountingTally();
    const records: ImportRecord[] = [];
    for await (const batch of importer.parse({ file, options: { tz: 'UTC', ...options }, sniff, signal: new AbortController().signal })) {
      for (const r of batch) {
        tally.add(r);
        records.push(r);
      }
    }
    return { importer, sniff, records, accounting: tally.finish(file.name) };
  } finally {
    await file.close();
  }
}
