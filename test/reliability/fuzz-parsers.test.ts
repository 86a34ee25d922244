/**
 * Property-based fuzzing of every importer's line/record parsers (fast-check): on text built from the tokens
 * real exports and attackers use, no parser throws anything but a ThreadlineError, none takes long (bounded
 * time per case), and the pure ones are deterministic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThreadlineError } from '../../main/engine/errors';
import { classifyBody, DateResolver, parseDateLine, parseHeader as lineHeader, parseSavedOn, parseSpaceLine, parseTabLine, parseTime } from '../../main/engine/importers/line/grammar';
import { CharRepair } from '../../main/engine/importers/sms-backup/charrefs';
import { detectDelimiter, detectNewline } from '../../main/engine/importers/spreadsheet/csv';
import { parseDateText, serialToWall } from '../../main/engine/importers/spreadsheet/dates';
import { isFormulaLike, parseAmount, parseDirection, parseDuration, parseKind, phoneShape, splitIdentifiers } from '../../main/engine/importers/spreadsheet/values';
import { decodeXString } from '../../main/engine/importers/spreadsheet/xlsx';
import { JsonScanner, type ScanHandler } from '../../main/engine/importers/telegram/json-scanner';
import { parseJsonText } from '../../main/engine/importers/telegram/repair';
import { parseHead, splitStructured, unescapeText } from '../../main/engine/importers/vcard/props';
import { parseHeader as waHeader } from '../../main/engine/importers/whatsapp/header';
import { readLines } from '../../main/engine/text/lines';

/** Tokens of real export lines and of attacks on them. */
const TOKENS = [
  ...'0123456789',
  '/', '.', '-', ':', ',', ' ', '  ', '[', ']', '(', ')', ';', '=', '"', "'", '\\', '&', '#', '<', '>', '|', '\t', '\r', '\n', '\r\n',
  'AM', 'PM', 'a.m.', 'p. m.', 'ص', 'م', '午後', '上午', 'น.', 'klo', 'at', ' - ', ': ', '2025', '14/03/2025', '03/14/25', '2025-03-14', '21:00', '9:05:07',
  'BEGIN:VCARD', 'END:VCARD', 'TEL;TYPE=CELL:', 'ENCODING=QUOTED-PRINTABLE', '=0D=0A', 'CHARSET=UTF-8',
  '&#55357;', '&#56832;', '&#0;', '&#x1F600;', '&amp;', '&lt;', '_x000D_', '_x005F_',
  '__proto__', 'constructor', 'prototype',
  '\u202E', '\u200B', '\u200E', '\uFEFF', '\u00A0', '\u202F', '\uD800', '\uDC00', '\u0000', '\u0007', '＝', 'é', '陈', '😀', 'Ａ', 'а',
  '+66 81 234 5678', 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', 'USDT', '1,250.50', '1.250,50', '-', '(500)', '8966012345678901234',
];
const text = (maxLength = 60) => fc.array(fc.constantFrom(...TOKENS), { maxLength }).map((a) => a.join(''));
const RUNS = { numRuns: 300 };
/** A single call on these inputs (≤ a few KB) must finish well within this. */
const BOUND_MS = 500;

function bounded<T>(fn: () => T): T {
  const t = performance.now();
  let r: T;
  try {
    r = fn();
  } catch (err) {
    // A parser may refuse with a ThreadlineError; anything else is a crash.
    if (!(err instanceof ThreadlineError)) throw err;
    r = undefined as T;
  }
  const ms = performance.now() - t;
  if (ms > BOUND_MS) throw new Error(`took ${ms.toFixed(0)} ms`);
  return r;
}

describe('WhatsApp header parser', () => {
  it('never throws, is fast and deterministic on any line', () => {
    fc.assert(
      fc.property(text(80), (s) => {
        const a = bounded(() => waHeader(s));
        expect(JSON.stringify(bounded(() => waHeader(s)))).toBe(JSON.stringify(a));
      }),
      RUNS,
    );
  });
  it('a header it accepts lies inside the line: timestamp before the rest, both within bounds', () => {
    fc.assert(
      fc.property(text(40), text(20), (head, rest) => {
        const line = `${head}${rest}`;
        const h = waHeader(line);
        if (h) {
          expect(h.tsStart).toBeGreaterThanOrEqual(0);
          expect(h.tsEnd).toBeGreaterThan(h.tsStart);
          expect(h.restStart).toBeGreaterThanOrEqual(h.tsEnd);
          expect(h.restStart).toBeLessThanOrEqual(line.length);
        }
      }),
      RUNS,
    );
  });
  it('is linear on long runs of spaces and digits (no catastrophic backtracking)', () => {
    for (const s of [' '.repeat(100_000), '1'.repeat(100_000), '1/'.repeat(50_000), '14/03/2025, ' + ' '.repeat(100_000) + 'x']) {
      const t = performance.now();
      waHeader(s);
      expect(performance.now() - t).toBeLessThan(BOUND_MS);
    }
  });
});

describe('LINE grammar', () => {
  it('header, saved-on, date, time, tab and space lines and body classes never throw', () => {
    fc.assert(
      fc.property(text(60), (s) => {
        bounded(() => lineHeader(s));
        bounded(() => parseSavedOn(s));
        bounded(() => parseDateLine(s));
        bounded(() => parseTime(s));
        bounded(() => parseTabLine(s));
        bounded(() => parseSpaceLine(s));
        bounded(() => classifyBody(s, true, 'tab'));
        bounded(() => classifyBody(s, false, 'space'));
      }),
      RUNS,
    );
  });
  it('the date resolver resolves any sequence of date lines, in any declared order, without crashing', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text(20), fc.constantFrom('Fri, 14/03/2025', 'Fri, 03/14/2025', '2025/03/14(Fri)', 'Mon, 2/3/2568', '2025.03.14 金曜日')), { maxLength: 20 }), fc.constantFrom(undefined, 'dmy', 'mdy'), (lines, declared) => {
        const r = new DateResolver(declared as 'dmy' | 'mdy' | undefined);
        for (const l of lines) {
          const d = parseDateLine(l);
          if (d) bounded(() => r.resolve(d));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('vCard properties', () => {
  it('head parsing, unescaping and structured splitting never throw and keep every character', () => {
    fc.assert(
      fc.property(text(60), (s) => {
        bounded(() => parseHead(s));
        const u = bounded(() => unescapeText(s));
        expect(typeof u).toBe('string');
        const parts = bounded(() => splitStructured(s));
        // Splitting loses only the separators and escape backslashes, never content characters.
        expect(parts.join('').replace(/\\/g, '').length).toBeLessThanOrEqual(s.replace(/\\/g, '').length);
      }),
      RUNS,
    );
  });
});

describe('SMS character-reference repair', () => {
  it('in any chunking, the repaired text equals the one-piece repair (references straddling chunks included)', () => {
    fc.assert(
      fc.property(text(80), fc.array(fc.nat(80), { maxLength: 6 }), (s, cuts) => {
        const whole = new CharRepair();
        const one = bounded(() => whole.write(s, true) + whole.end());
        const parts = [...new Set(cuts.map((c) => Math.min(c, s.length)))].sort((a, b) => a - b);
        const r = new CharRepair();
        let out = '';
        let prev = 0;
        for (const c of parts) {
          out += r.write(s.slice(prev, c));
          prev = c;
        }
        out += r.write(s.slice(prev), true) + r.end();
        expect(out).toBe(one);
        // The repaired text holds no character XML 1.0 forbids.
        expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(one.replace(/&#[^;]*;/g, ''))).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('spreadsheet value parsers', () => {
  it('amounts, durations, directions, kinds, phone shapes, identifiers, formula test and dates never throw', () => {
    fc.assert(
      fc.property(text(40), (s) => {
        const a = bounded(() => parseAmount(s));
        if (a) expect(typeof a).toBe('object');
        bounded(() => parseAmount(s, ','));
        bounded(() => parseDuration(s));
        bounded(() => parseDirection(s));
        bounded(() => parseKind(s));
        bounded(() => phoneShape(s));
        expect(Array.isArray(bounded(() => splitIdentifiers(s)))).toBe(true);
        bounded(() => isFormulaLike(s));
        bounded(() => parseDateText(s));
        bounded(() => parseDateText(s, 'dmy'));
        bounded(() => decodeXString(s));
        bounded(() => detectDelimiter(s, detectNewline(s)));
      }),
      RUNS,
    );
  });
  it('formula-looking cells are recognised whatever follows the trigger', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '+', '-', '@', '＝'), fc.string({ maxLength: 20 }), (t, rest) => {
        if (t === '=' || t === '＝') expect(isFormulaLike(`${t}HYPERLINK("x")${rest}`)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
  it('Excel serials map to valid wall times in both date systems', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2_958_465, noNaN: true }), fc.boolean(), (serial, d1904) => {
        const w = bounded(() => serialToWall(serial, d1904)).wall;
        if (w) {
          expect(w.mo).toBeGreaterThanOrEqual(1);
          expect(w.mo).toBeLessThanOrEqual(12);
          expect(w.d).toBeGreaterThanOrEqual(1);
          expect(w.d).toBeLessThanOrEqual(31);
        }
      }),
      RUNS,
    );
  });
});

describe('Telegram JSON', () => {
  const handler = (): ScanHandler & { values: number } => ({
    values: 0,
    roleOf: () => 0,
    enter: () => undefined,
    leave: () => undefined,
    value() {
      this.values++;
    },
  });
  it('the streaming scanner accepts what JSON.parse accepts, in any chunking, and refuses the rest with a syntax error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 4 }), text(40)), fc.array(fc.nat(200), { maxLength: 5 }), (doc, cuts) => {
        let valid = true;
        try {
          JSON.parse(doc);
        } catch {
          valid = false;
        }
        const buf = Buffer.from(doc, 'utf8');
        const s = new JsonScanner(handler(), { maxCapture: 1 << 20, maxKey: 4096 });
        let ok = true;
        try {
          let prev = 0;
          for (const c of [...new Set(cuts.map((x) => Math.min(x, buf.length)))].sort((a, b) => a - b)) {
            s.feed(buf.subarray(prev, c));
            prev = c;
          }
          s.feed(buf.subarray(prev));
          s.end();
        } catch (err) {
          if (!(err instanceof Error) || !/JsonSyntaxError|ThreadlineError/.test(err.constructor.name)) throw err;
          ok = false;
        }
        // Whitespace-only or empty input is not a document for either.
        if (valid) expect(ok).toBe(true);
      }),
      RUNS,
    );
  });
  it('the repairing parser never throws and agrees with JSON.parse on valid JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 3 }), text(40)), (doc) => {
        const r = bounded(() => parseJsonText(doc));
        let want: unknown;
        try {
          want = JSON.parse(doc);
        } catch {
          return;
        }
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(want);
      }),
      RUNS,
    );
  });
});

describe('streaming line reader', () => {
  it('in any chunking, gives the same lines, numbered from 1, and never loses a byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400), { maxLength: 5 }), async (bytes, cuts) => {
        const read = async (chunks: Uint8Array[]) => {
          const out: { line: number; text: string }[] = [];
          for await (const batch of readLines((async function* () {
            for (const c of chunks) yield c;
          })())) for (const l of batch) out.push({ line: l.line, text: l.text });
          return out;
        };
        const whole = await read([bytes]);
        const parts: Uint8Array[] = [];
        let prev = 0;
        for (const c of [...new Set(cuts.map((x) => Math.min(x, bytes.length)))].sort((a, b) => a - b)) {
          parts.push(bytes.subarray(prev, c));
          prev = c;
        }
        parts.push(bytes.subarray(prev));
        expect(await read(parts)).toEqual(whole);
        whole.forEach((l, i) => expect(l.line).toBe(i + 1));
      }),
      { numRuns: 150 },
    );
  });
});
