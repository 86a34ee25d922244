// Opt-in benchmark (WA_BENCH=1): a generated 1,000,000-message Android export through parseFile, timed against
// the shared line reader reading the same file twice (the floor of a two-pass importer) in the same run.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../main/engine/importers/parse-file';
import { readLines } from '../../../main/engine/text/lines';

const N = Number(process.env.WA_BENCH_MESSAGES ?? 1_000_000);

async function generate(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  const names = ['Alice', 'Bob Smith', '+44 7700 900123', 'Оля', '~ Carol'];
  const bodies = ['hello there', 'ok see you at 5', 'Привет, как дела?', '<Media omitted>', 'IMG-20220323-WA0002.jpg (file attached)', 'This message was deleted', 'Missed voice call', 'a longer message that goes on for a while, as some do'];
  let buf = '';
  let t = Date.UTC(2020, 0, 1);
  const p2 = (x: number) => String(x).padStart(2, '0');
  for (let i = 0; i < n; i++) {
    t += 37_000;
    const d = new Date(t);
    buf += `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${String(d.getUTCFullYear()).slice(2)}, ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} - ${names[i % 5]}: ${bodies[i % 8]}\n`;
    if (i % 8 === 7) buf += 'and a continuation line\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

describe.skipIf(!process.env.WA_BENCH)('benchmark', () => {
  it(`parses ${N} messages`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-bench-'));
    try {
      const path = join(dir, 'WhatsApp Chat with Bench.txt');
      await generate(path, N);
      let t = performance.now();
      for (let pass = 0; pass < 2; pass++) for await (const b of readLines(createReadStream(path, { highWaterMark: 1 << 20 }), { maxLineBytes: 1 << 20 })) void b;
      const floor = (performance.now() - t) / 1000;
      t = performance.now();
      const r = await parseFile(path);
      const took = (performance.now() - t) / 1000;
      console.log(`WhatsApp: ${N} messages in ${took.toFixed(2)} s (line reader x2: ${floor.toFixed(2)} s, ratio ${(took / floor).toFixed(1)}), rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
      expect(r.accounting.records.message).toBe(N);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
