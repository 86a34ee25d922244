// The streaming JSON splitter: values cut out exactly, whatever the chunking; grammar errors and truncation caught.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPTURE, JsonScanner, JsonSyntaxError, type CapturedValue, type ScanFrame } from '../../../main/engine/importers/telegram/json-scanner';

interface Seen {
  path: string;
  text: string;
  offset: number;
  line: number;
  lineEnd: number;
  keys: number;
  truncated: boolean;
}

/** Descend into the root object and a `messages` array; capture everything else. */
function scan(chunks: Buffer[], maxCapture = 1 << 20): { values: Seen[]; events: string[]; scanner: JsonScanner } {
  const values: Seen[] = [];
  const events: string[] = [];
  const scanner = new JsonScanner(
    {
      roleOf(parent: ScanFrame | undefined, isArray: boolean) {
        if (!parent) return isArray ? CAPTURE : 1;
        if (parent.role === 1 && parent.key === 'messages' && isArray) return 2;
        return CAPTURE;
      },
      enter(f) {
        events.push(`enter ${f.path}`);
      },
      leave(f) {
        events.push(`leave ${f.path}`);
      },
      value(v: CapturedValue) {
        values.push({ path: v.path, text: v.bytes.toString('utf8'), offset: v.offset, line: v.line, lineEnd: v.lineEnd, keys: v.keys, truncated: v.truncated });
      },
    },
    { maxCapture, maxKey: 1024 },
  );
  for (const c of chunks) scanner.feed(c);
  scanner.end();
  return { values, events, scanner };
}

function split(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    if (p > prev) out.push(buf.subarray(prev, p));
    prev = p;
  }
  if (prev < buf.length) out.push(buf.subarray(prev));
  return out;
}

describe('JsonScanner', () => {
  it('cuts out each message with its exact text, path, offset and lines', () => {
    const doc = '{\n "name": "x",\n "messages": [\n  {"id": 1, "t": "a\\"}b"},\n  {\n   "id": 2,\n   "t": "\\\\"\n  }\n ],\n "tail": [1, {"k": "]"}]\n}\n';
    const { values, events } = scan([Buffer.from(doc)]);
    expect(values.map((v) => [v.path, v.text, v.line, v.lineEnd])).toEqual([
      ['$.name', '"x"', 2, 2],
      ['$.messages[0]', '{"id": 1, "t": "a\\"}b"}', 4, 4],
      ['$.messages[1]', '{\n   "id": 2,\n   "t": "\\\\"\n  }', 5, 8],
      ['$.tail', '[1, {"k": "]"}]', 10, 10],
    ]);
    expect(values[1]!.offset).toBe(doc.indexOf('{"id": 1'));
    expect(values[1]!.keys).toBe(2);
    expect(events).toEqual(['enter $', 'enter $.messages', 'leave $.messages', 'leave $']);
  });

  it('gives the same values however the bytes are chunked (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.boolean(),
        (msgs, cuts, pretty) => {
          const doc = JSON.stringify({ about: 'a\\"b', messages: msgs, z: { q: ['x\\', '"}]'] } }, null, pretty ? 1 : undefined);
          const buf = Buffer.from(doc, 'utf8');
          const whole = scan([buf]).values;
          const chunked = scan(split(buf, cuts)).values;
          expect(chunked).toEqual(whole);
          const got = whole.filter((v) => v.path.startsWith('$.messages[')).map((v) => JSON.parse(v.text) as unknown);
          expect(got).toEqual(JSON.parse(JSON.stringify(msgs)));
          for (const v of whole) expect(buf.subarray(v.offset, v.offset + Buffer.byteLength(v.text)).toString('utf8')).toBe(v.text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles an escape split across two chunks', () => {
    const doc = Buffer.from('{"messages": [{"t": "a\\\\"}, {"t": "\\""}]}');
    for (let cut = 1; cut < doc.length; cut++) {
      const { values } = scan([doc.subarray(0, cut), doc.subarray(cut)]);
      expect(values.map((v) => v.text)).toEqual(['{"t": "a\\\\"}', '{"t": "\\""}']);
    }
  });

  it('counts object keys at the top level of a value (duplicate detection)', () => {
    const { values } = scan([Buffer.from('{"messages": [{"text": "a", "x": {"y": 1, "z": ":"}, "text": "b"}]}')]);
    expect(values[0]!.keys).toBe(3);
  });

  it('reports grammar errors with offset, line and path', () => {
    const bad = '{\n "id": 1\n "messages": []\n}';
    try {
      scan([Buffer.from(bad)]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonSyntaxError);
      const err = e as JsonSyntaxError;
      expect(err.message).toMatch(/Expected "," or "}" but found """ \(a comma may be missing\)/);
      expect([err.offset, err.line, err.path]).toEqual([bad.indexOf('"messages"'), 3, '$.id']);
    }
    expect(() => scan([Buffer.from('{"a": 1,}')])).toThrow(/Expected a quoted key/);
    expect(() => scan([Buffer.from('{"messages": [1,]}')])).toThrow(/Expected a value but found "]"/);
    expect(() => scan([Buffer.from('{"a": 1} {"b": 2}')])).toThrow(/after the end of the JSON document/);
    expect(() => scan([Buffer.from('   ')])).toThrow(/holds no JSON value/);
  });

  it('reports truncation, naming where the unfinished value began', () => {
    const doc = '{\n "messages": [\n  {"id": 1},\n  {"id": 2, "t": "unfinished';
    try {
      scan([Buffer.from(doc)]);
      expect.unreachable();
    } catch (e) {
      const err = e as JsonSyntaxError;
      expect(doc.indexOf('{"id": 2')).toBe(32);
      expect(err.message).toBe('The JSON ends unexpectedly inside a value (2 containers left open): the file is truncated. The unfinished value starts at line 4, byte 32.');
      expect(err.offset).toBe(Buffer.byteLength(doc));
    }
    expect(() => scan([Buffer.from('{"messages": [{"id": 1}')])).toThrow(/truncated/);
    expect(() => scan([Buffer.from('{"name": "abc')])).toThrow(/inside a string/);
  });

  it('keeps only the head of an oversized value and says so', () => {
    const big = 'x'.repeat(5000);
    const doc = Buffer.from(`{"messages": [{"t": "${big}"}, {"t": "ok"}]}`);
    const { values } = scan(split(doc, [100, 2000, 3000, 4000]), 1000);
    expect(values[0]).toMatchObject({ truncated: true });
    expect(values[0]!.text.length).toBe(1000);
    expect(values[1]).toMatchObject({ truncated: false, text: '{"t": "ok"}' });
  });

  it('does not recurse: 200 000 nested arrays inside a value are cut out in one piece', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const { values } = scan([Buffer.from(`{"messages": [${deep}, {"id": 1}]}`)], 1 << 22);
    expect(values).toHaveLength(2);
    expect(values[0]!.text.length).toBe(400_000);
  });
});
