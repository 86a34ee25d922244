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

// ---- minimal zip writer (stored entries), so tests need no zip library ----

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function makeZip(entries: { name: string; data: string | Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt16LE(0, 8); // stored
    lh.writeUInt16LE(0, 10);
    lh.writeUInt16LE(0x21, 12);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    locals.push(lh, name, data);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(0, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x21, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
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
