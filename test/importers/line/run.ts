// Test helper: sniff + parse + accounting for the LINE and Signal text importers, like parseFile but without the shared registry.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { AccountingTally, type Accounting } from '../../../main/engine/importers/accounting';
import { lineImporter } from '../../../main/engine/importers/line';
import { signalTextImporter } from '../../../main/engine/importers/signal-text';
import { buildSniffInput, pickImporter } from '../../../main/engine/importers/sniff';
import type { ImportOptions, Importer, SniffResult } from '../../../main/engine/importers/types';
import { SourceFile } from '../../../main/engine/intake/source';
import type { AccountRecord, CallRecord, FactRecord, ImportRecord, MessageRecord, SkipRecord } from '../../../main/engine/model/records';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const SHARED_FIXTURES = join(REPO, '..', 'shared', 'fixtures');

export function fixture(folder: 'line' | 'signal-text', name: string): string {
  return join(REPO, 'test', 'fixtures', folder, name);
}

export interface Parsed {
  importer: Importer;
  sniff: SniffResult;
  records: ImportRecord[];
  accounting: Accounting;
  messages: MessageRecord[];
  calls: CallRecord[];
  accounts: AccountRecord[];
  skips: SkipRecord[];
  facts: Map<string, FactRecord['value']>;
}

export async function parseWith(path: string, options: Partial<ImportOptions> & { format?: string } = {}, importers: readonly Importer[] = [lineImporter, signalTextImporter]): Promise<Parsed> {
  const st = await stat(path);
  const file = new SourceFile(path, st.size);
  try {
    const input = await buildSniffInput(file);
    const { importer, sniff } = pickImporter(input, importers, options.format ?? 'auto');
    const tally = new AccountingTally();
    const records: ImportRecord[] = [];
    const ctx = { file, options: { tz: 'UTC', ...options }, sniff, signal: new AbortController().signal };
    for await (const batch of importer.parse(ctx)) {
      for (const r of batch) {
        tally.add(r);
        records.push(r);
      }
    }
    const facts = new Map<string, FactRecord['value']>();
    for (const r of records) if (r.type === 'fact') facts.set(r.key, r.value);
    return {
      importer,
      sniff,
      records,
      accounting: tally.finish(file.name),
      messages: records.filter((r): r is MessageRecord => r.type === 'message'),
      calls: records.filter((r): r is CallRecord => r.type === 'call'),
      accounts: records.filter((r): r is AccountRecord => r.type === 'account'),
      skips: records.filter((r): r is SkipRecord => r.type === 'skip'),
      facts,
    };
  } finally {
    await file.close();
  }
}

let tmp: string | undefined;
// Registered when a test file imports this helper, so it runs after that file's tests.
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

/** Write bytes to a fresh temporary file (generated hostile inputs are never committed); the folder is removed after the test file. */
export function tempFile(name: string, content: string | Uint8Array): string {
  tmp ??= mkdtempSync(join(tmpdir(), 'threadline-line-test-'));
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

/** `[y, mo, d, h, mi]` of a wall time, or null when the record has none. */
export function wall(m: MessageRecord | CallRecord): [number, number, number, number, number] | null {
  return m.time.kind === 'wall' ? [m.time.wall.y, m.time.wall.mo, m.time.wall.d, m.time.wall.h, m.time.wall.mi] : null;
}
