// Benchmark: generates LINE files of N lines (tab and space layouts) in a temp folder and times parseFile on them. Run: npx tsx test/importers/line/bench.ts [lines]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from '../../../main/engine/importers/parse-file';

const N = Number(process.argv[2] ?? 1_000_000);
const NAMES = ['Erik Hornberger', 'Mary Ann Lee', 'Bob', '佐藤花子', 'สมชาย ใจดี'];
const BODIES = ['hello there', '[Photo]', '[Sticker]', 'ok see you at the station at 10', '☎ Call time 0:32', '<script>x</script>', '今日お昼どうする？'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A deterministic pseudo-random sequence, so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generate(layout: 'tab' | 'space'): string {
  const rand = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: string[] = layout === 'tab' ? ['[LINE] Chat history in Bench Group', 'Saved on: 2024/01/03 09:00', ''] : [];
  const day = new Date(Date.UTC(2020, 0, 1));
  while (out.length < N) {
    const y = day.getUTCFullYear();
    const mo = String(day.getUTCMonth() + 1).padStart(2, '0');
    const d = String(day.getUTCDate()).padStart(2, '0');
    out.push(layout === 'tab' ? `${y}/${mo}/${d}(${WEEKDAYS[day.getUTCDay()]!.slice(0, 3)})` : `${y}.${mo}.${d} ${WEEKDAYS[day.getUTCDay()]}`);
    for (let i = 0; i < 300 && out.length < N; i++) {
      const t = `${String(Math.floor((i * 4) / 60)).padStart(2, '0')}:${String((i * 4) % 60).padStart(2, '0')}`;
      const body = rand() < 0.02 ? '"multi line\nsecond line"' : pick(BODIES);
      out.push(layout === 'tab' ? `${t}\t${pick(NAMES)}\t${body}` : `${t} ${pick(NAMES)} ${body}`);
    }
    if (layout === 'tab') out.push('');
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out.join('\n') + '\n';
}

const dir = mkdtempSync(join(tmpdir(), 'threadline-line-bench-'));
try {
  for (const layout of ['tab', 'space'] as const) {
    const path = join(dir, `[LINE] bench-${layout}.txt`);
    writeFileSync(path, generate(layout));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await parseFile(path);
    const cpu = process.cpuUsage(c0);
    const a = r.accounting;
    console.log(
      `${layout}: ${a.seen} lines, ${r.records.length} records (${JSON.stringify(a.records)}) in ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU; parsed ${a.parsed}, skipped ${a.skipped}, rejected ${a.rejected}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
