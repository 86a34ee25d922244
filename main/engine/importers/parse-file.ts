/** Run an importer over one file without a case (tests, previews, `threadline sniff`): sniff, parse, account. */
import { stat } from 'node:fs/promises';
import { SourceFile } from '../intake/source';
import type { ImportRecord } from '../model/records';
import { AccountingTally, type Accounting } from './accounting';
import { IMPORTERS } from './registry';
import { buildSniffInput, pickImporter } from './sniff';
import type { ImportOptions, Importer, SniffResult } from './types';

export interface ParsedFile {
  importer: Importer;
  sniff: SniffResult;
  records: ImportRecord[];
  accounting: Accounting;
}

export async function parseFile(path: string, options: Partial<ImportOptions> & { format?: string } = {}): Promise<ParsedFile> {
  const st = await stat(path);
  const file = new SourceFile(path, st.size);
  try {
    const input = await buildSniffInput(file);
    const { importer, sniff } = pickImporter(input, IMPORTERS, options.format ?? 'auto');
    const tally = new AccountingTally();
    const records: ImportRecord[] = [];
    const ctx = { file, options: { tz: 'UTC', ...options }, sniff, signal: new AbortController().signal };
    for await (const batch of importer.parse(ctx)) {
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
