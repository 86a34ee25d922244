/**
 * Property-based fuzzing of whole files through parseFile, per format: real fixture files mutated (tokens
 * inserted, ranges deleted or duplicated, the tail cut). Every run either imports with its accounting reconciled
 * (seen = parsed + skipped + rejected, every rejected unit with its reason, raw form and position) or refuses
 * with a ThreadlineError of a code meant for bad input — never a crash, an INTERNAL error or a hang.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/errors';
import { ThreadlineError } from '../../main/engine/errors';
import { parseFile } from '../../main/engine/importers/parse-file';
import { tempDir } from '../helpers/tmp';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const SEEDS: { format: string; name: string; file: string }[] = [
  { format: 'whatsapp', name: 'chat.txt', file: 'whatsapp/android-dmy-24h.txt' },
  { format: 'whatsapp', name: 'chat-ios.txt', file: 'whatsapp/ios-mdy-12h-nnbsp-crlf.txt' },
  { format: 'line', name: '[LINE] chat.txt', file: 'line/ja-group.txt' },
  { format: 'signal-text', name: 'signal.txt', file: 'signal-text/signal-basic-multiline.txt' },
  { format: 'telegram', name: 'result.json', file: 'telegram/single-chat-personal-berlin-dst.json' },
  { format: 'telegram-html', name: 'messages.html', file: 'telegram/html-2026-utc-offset-two-pages/messages.html' },
  { format: 'sms-backup', name: 'sms.xml', file: 'sms-backup/sms-types-and-text.xml' },
  { format: 'sms-backup', name: 'calls.xml', file: 'sms-backup/calls-every-type.xml' },
  { format: 'vcard', name: 'contacts.vcf', file: 'vcard/v30-iphone-grouped.vcf' },
  { format: 'csv', name: 'ledger.csv', file: 'spreadsheet/ledger-victims-title-row-utf8-bom.csv' },
  { format: 'xlsx', name: 'cdr.xlsx', file: 'spreadsheet/call-log-cdr.xlsx' },
];

/** Refusals that are the right answer to damaged input. */
const INPUT_ERRORS: ErrorCode[] = ['PARSE_ERROR', 'FORMAT_MISMATCH', 'FORMAT_UNRECOGNISED', 'DATE_ORDER_AMBIGUOUS', 'ENCODING_ERROR', 'LIMIT_EXCEEDED', 'ZIP_CORRUPT', 'ZIP_BOMB', 'ZIP_UNSAFE', 'SOURCE_EMPTY'];

const INSERTS = ['\n', '\r\n', '\u0000', '\uFEFF', '\u202E', '"', '<', '>', '&#55357;', '&', '{', '}', '[', ']', ',', ':', 'BEGIN:VCARD\n', 'END:VCARD\n', '<sms ', '/>', '14/03/2025, 21:00 - ', '__proto__', '\\u0000', '\\uD800', '=cmd|', '\t', '\u00e9', '\xff'];

type Mutation = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; len: number } | { kind: 'dup'; at: number; len: number } | { kind: 'cut'; at: number } | { kind: 'byte'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x), text: fc.constantFrom(...INSERTS) }).map((m) => m as unknown as Mutation),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 64 }) }).map((m) => m as unknown as Mutation),
  fc.record({ kind: fc.constant('dup' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 200 }) }).map((m) => m as unknown as Mutation),
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0.05, max: 1, noNaN: true }) }).map((m) => m as unknown as Mutation),
  fc.record({ kind: fc.constant('byte' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }).map((m) => m as unknown as Mutation),
);

function mutate(src: Buffer, muts: Mutation[]): Buffer {
  let b = src;
  for (const m of muts) {
    const at = Math.floor((m.at as number) * b.length);
    if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text, m.text === '\xff' ? 'latin1' : 'utf8'), b.subarray(at)]);
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else if (m.kind === 'dup') b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at, at + m.len), b.subarray(at + m.len)]);
    else if (m.kind === 'cut') b = b.subarray(0, Math.max(1, at));
    else if (b.length) {
      b = Buffer.from(b);
      b[Math.min(at, b.length - 1)] = m.value;
    }
  }
  return b;
}

describe.each(SEEDS)('$format file fuzzing ($file)', ({ format, name, file }) => {
  const seed = readFileSync(join(FIX, file));
  // A zip (xlsx) mostly dies at the container level; more runs for text formats, where parsers see the bytes.
  const runs = format === 'xlsx' ? 25 : 60;
  it('mutated files import with reconciled accounting or are refused with an input error', async () => {
    const dir = tempDir('threadline-fuzz-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (muts) => {
        const p = join(dir, `${n++}-${name}`);
        writeFileSync(p, mutate(seed, muts));
        const t = performance.now();
        try {
          const r = await parseFile(p, { format, tz: 'Asia/Bangkok', dateOrder: 'dmy' });
          const a = r.accounting;
          expect(a.parsed + a.skipped + a.rejected).toBe(a.seen);
          for (const rec of r.records) {
            if (rec.type === 'skip' && rec.outcome === 'rejected') {
              expect(rec.reason.length).toBeGreaterThan(0);
              expect(rec.raw === undefined && rec.prov === undefined).toBe(false);
            }
            if (rec.type === 'message' || rec.type === 'call' || rec.type === 'contact') expect(Object.keys(rec.prov).length).toBeGreaterThan(0);
          }
        } catch (err) {
          if (!(err instanceof ThreadlineError)) throw err;
          expect(INPUT_ERRORS, `${err.code}: ${err.message}`).toContain(err.code);
        }
        expect(performance.now() - t).toBeLessThan(10_000);
      }),
      { numRuns: runs },
    );
  });
});
