/** A minimal importer for job tests: one message per line `HH:MM|sender|text`, with switches to misbehave. */
import type { Importer, ImporterContext } from '../../main/engine/importers/types';
import type { ImportRecord } from '../../main/engine/model/records';
import { readLines } from '../../main/engine/text/lines';

export interface FakeBehaviour {
  /** Throw after this many lines. */
  failAfter?: number;
  /** Report one more unit seen than accounted for. */
  miscount?: boolean;
  /** Called after the first batch (e.g. to modify the source mid-import). */
  onFirstBatch?: () => void;
}

export function fakeImporter(b: FakeBehaviour = {}): Importer {
  return {
    id: 'fake',
    version: '0.0.1',
    label: 'Fake lines',
    method: 'test importer',
    limits: [],
    unit: 'line',
    sniff: (input) => (Buffer.from(input.head).toString('utf8').startsWith('FAKE') ? { confidence: 0.99, layout: 'fake' } : null),
    async *parse(ctx: ImporterContext): AsyncGenerator<ImportRecord[]> {
      let seen = 0;
      let parsed = 0;
      yield [{ type: 'chat', key: 'c', platform: 'other', name: 'fake chat', prov: { line: 1 } }];
      let first = true;
      for await (const lines of readLines(ctx.file.open(), { batch: 2 })) {
        const out: ImportRecord[] = [];
        for (const l of lines) {
          seen++;
          if (b.failAfter !== undefined && seen > b.failAfter) throw new Error(`boom at line ${l.line}`);
          if (l.line === 1) {
            out.push({ type: 'skip', outcome: 'skipped', count: 1, reason: 'magic-line', prov: { line: 1 } });
            continue;
          }
          const m = /^(\d\d):(\d\d)\|([^|]*)\|(.*)$/.exec(l.text);
          if (!m) {
            out.push({ type: 'skip', outcome: 'rejected', count: 1, reason: 'bad-line', prov: { line: l.line, offset: l.offset }, raw: l.text });
            continue;
          }
          parsed++;
          out.push({ type: 'account', key: m[3]!, platform: 'other', display: m[3]!, identifiers: /^\+?\d+$/.test(m[3]!) ? [{ kind: 'phone', value: m[3]! }] : [], prov: { line: l.line } });
          out.push({
            type: 'message',
            chatKey: 'c',
            senderKey: m[3]!,
            sender: m[3]!,
            time: { kind: 'wall', wall: { y: 2025, mo: 3, d: 14, h: Number(m[1]), mi: Number(m[2]), s: 0 }, raw: `${m[1]}:${m[2]}` },
            kind: 'text',
            body: m[4]!,
            prov: { line: l.line, offset: l.offset },
            raw: l.text,
          });
        }
        yield out;
        if (first) {
          first = false;
          b.onFirstBatch?.();
        }
      }
      yield [{ type: 'units', unit: 'line', seen: seen + (b.miscount ? 1 : 0), parsed }];
    },
  };
}
