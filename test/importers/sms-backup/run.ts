/** Test helpers for the SMS Backup & Restore and vCard importers: run an importer on a file and sort its records. */
import { stat } from 'node:fs/promises';
import { AccountingTally, type Accounting } from '../../../main/engine/importers/accounting';
import { buildSniffInput } from '../../../main/engine/importers/sniff';
import type { ImportOptions, Importer } from '../../../main/engine/importers/types';
import { SourceFile } from '../../../main/engine/intake/source';
import type { ImportRecord } from '../../../main/engine/model/records';

/** Like parseFile, but with a given importer instance (e.g. one built with small caps). */
export async function runImporter(importer: Importer, path: string, options: Partial<ImportOptions> = {}): Promise<{ records: ImportRecord[]; accounting: Accounting }> {
  const st = await stat(path);
  const file = new SourceFile(path, st.size);
  try {
    const input = await buildSniffInput(file);
    const sniff = importer.sniff(input);
    if (!sniff) throw new Error(`${importer.id} does not recognise ${path}`);
    const tally = new AccountingTally();
    const records: ImportRecord[] = [];
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

export { failure } from '../../helpers/failure';

export function ofType<T extends ImportRecord['type']>(records: ImportRecord[], type: T): Extract<ImportRecord, { type: T }>[] {
  return records.filter((r): r is Extract<ImportRecord, { type: T }> => r.type === type);
}

export function fact(records: ImportRecord[], key: string): unknown {
  const f = records.find((r) => r.type === 'fact' && r.key === key);
  return f && f.type === 'fact' ? f.value : undefined;
}
