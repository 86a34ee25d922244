/**
 * An importer for generated bench cases: claims files whose first bytes are `marker` and yields the records a
 * bench's generator gives, so a bench can build a case through the real import job without writing an export.
 */
import type { Importer } from '../../main/engine/importers/types';
import type { ImportRecord } from '../../main/engine/model/records';

export function syntheticImporter(id: string, label: string, marker: string, records: () => AsyncIterable<ImportRecord[]> | Iterable<ImportRecord[]>): Importer {
  return {
    id,
    version: '1.0.0',
    label,
    method: 'generated',
    limits: [],
    unit: 'message',
    sniff: (input) => (Buffer.from(input.head).toString('utf8').startsWith(marker) ? { confidence: 1 } : null),
    async *parse() {
      yield* records();
    },
  };
}
