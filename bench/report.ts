/**
 * bench/report: times a report over a 100,000-event selection in each format (target < 30 s, peak RSS < 500 MB).
 * Builds a case of N messages (English with Thai, Chinese and Burmese lines, some hostile text) through the real
 * import path, then renders each format in its own child process so each peak RSS is that format's alone. The
 * reference, measured in the same run, is reading the same selection through the timeline (the data a report has
 * to read anyway): each format is printed as a multiple of it. On a shared machine CPU time is printed beside
 * wall time, since contention distorts it less. Every format includes the link graph (findings 3.3); its section is
 * also timed alone.
 *
 *   node --import tsx bench/report.ts [--events 100000] [--formats pdf,html,xlsx,csv] [--dir DIR (kept; its case is reused)] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Case } from '../main/engine/case';
import type { Importer } from '../main/engine/importers/types';
import { importEvidence } from '../main/engine/jobs/import';
import type { ImportRecord } from '../main/engine/model/records';
import { renderReport } from '../main/engine/reports';
import { graphSection } from '../main/engine/reports/graph';
import type { ReportFormat } from '../main/engine/reports/types';
import { timelinePage } from '../main/engine/timeline/page';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    formats: { type: 'string', default: 'pdf,html,xlsx,csv' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    child: { type: 'string' },
    case: { type: 'string' },
  },
});

const LINES = [
  'Deposit confirmed for client {n}, send the slip to the boss',
  'โอนเงินเข้าบัญชีแล้วค่ะ กรุณาตรวจสอบ ลูกค้าหมายเลข {n}',
  '今天的目标是五万美元，客户 {n} 已经付款了',
  'ငွေလွှဲပြီးပါပြီ ကျေးဇူးပြုပြီး စစ်ဆေးပါ {n}',
  'Meeting at the gate 10pm, bring passport {n}',
  '=HYPERLINK("http://evil.example/{n}") <script>alert({n})</script>',
  'New wallet TKEqVoBvN1zMNgu6NzjvjzfWzZ7edsPF{n} for the transfer, rate 35.1 THB',
  'Customer {n} asks when the withdrawal arrives; tell him the tax fee is 15% first, then the platform releases the funds',
];
const PEOPLE = ['Somchai', 'Chen Wei', 'Aung Min', 'Maria', 'Zhao Lei', 'Kyaw Zin Htet ကျော်ဇင်ထက်', 'Lim OTC', 'Pornthip'];

function records(n: number): ImportRecord[] {
  const out: ImportRecord[] = [{ type: 'chat', key: 'g', platform: 'whatsapp', name: 'Team 3 ทีม', chatKind: 'group', prov: { line: 1 } }];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const who = PEOPLE[i % PEOPLE.length]!;
    out.push({
      type: 'message',
      chatKey: 'g',
      senderKey: who,
      sender: who,
      time: { kind: 'instant', utcMs: start + i * 37_000, raw: String(start + i * 37_000) },
      kind: 'text',
      body: LINES[i % LINES.length]!.replaceAll('{n}', String(i)),
      prov: { line: i + 2 },
      raw: `line ${i + 2}`,
    });
  }
  out.push({ type: 'units', unit: 'record', seen: n, parsed: n });
  return out;
}

function benchImporter(n: number): Importer {
  return {
    id: 'bench-records',
    version: '0.0.1',
    label: 'Benchmark records',
    method: 'Generated records for the report benchmark.',
    limits: [],
    unit: 'record',
    sniff: (input) => (Buffer.from(input.head).toString('utf8').startsWith('BENCH ') ? { confidence: 0.99 } : null),
    async *parse() {
      const all = records(n);
      for (let i = 0; i < all.length; i += 5000) yield all.slice(i, i + 5000);
    },
  };
}

async function build(dir: string, n: number): Promise<string> {
  const file = join(dir, 'bench.case');
  // --dir with a case built earlier: reuse it (building is not what is measured).
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const c = Case.create(file, { caseNumber: 'BENCH-REPORT', examiner: 'Bench', title: 'Report benchmark', tz: 'Asia/Bangkok', region: 'TH' });
  const src = join(dir, 'bench.rec');
  writeFileSync(src, `BENCH ${n}\n`);
  await importEvidence(c, { path: src, importers: [benchImporter(n)] });
  c.close();
  return file;
}

interface ChildResult {
  format: string;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  bytes: number;
  pages: number | null;
  events: number;
}

async function child(format: string, file: string): Promise<void> {
  const c = Case.open(file, { quickCheck: false });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  let pages: number | null = null;
  let events = 0;
  if (format === 'reference') {
    // The selection read through the timeline, page by page: what every report has to read.
    let cursor: string | undefined;
    for (;;) {
      const p = timelinePage(c.db, { displayTz: 'Asia/Bangkok', limit: 2000, ...(cursor ? { cursor } : {}) });
      events += p.events.length;
      bytes += JSON.stringify(p.events).length;
      if (!p.next) break;
      cursor = p.next;
    }
  } else if (format === 'graph') {
    // The link graph section alone (aggregation over the selection, cap, layout, SVG): part of every report.
    const g = graphSection(c.db, { graph: true, filter: {}, displayTz: 'Asia/Bangkok' });
    bytes = g.svg.length;
    events = g.edges.reduce((n, e) => n + e.weight, 0);
  } else {
    const r = await renderReport(c, format as ReportFormat, { maxEvents: 100_000, entities: 'linked' });
    bytes = r.bytes.length;
    pages = r.pages;
    events = r.events.shown;
  }
  const cpu = process.cpuUsage(cpu0);
  const result: ChildResult = {
    format,
    wallMs: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    bytes,
    pages,
    events,
  };
  c.close();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

function runChild(format: string, file: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', format, '--case', file], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`child ${format} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line.slice(7)) as ChildResult;
}

async function main(): Promise<void> {
  if (args.child) return child(args.child, args.case!);
  const n = Number(args.events);
  const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'tl-bench-report-'));
  try {
    const t0 = performance.now();
    const file = await build(dir, n);
    console.log(`case with ${n.toLocaleString('en-US')} events built in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`);
    const ref = runChild('reference', file);
    console.log(`reference: read ${ref.events.toLocaleString('en-US')} events through the timeline: ${(ref.wallMs / 1000).toFixed(2)} s wall, ${(ref.cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${ref.maxRssMb.toFixed(0)} MB`);
    const g = runChild('graph', file);
    console.log(`link graph section alone (included in every format below): ${(g.wallMs / 1000).toFixed(2)} s wall, ${(g.cpuMs / 1000).toFixed(2)} s CPU (${(g.cpuMs / ref.cpuMs).toFixed(2)}× ref), ${g.events.toLocaleString('en-US')} edge records, SVG ${(g.bytes / 1e3).toFixed(1)} kB`);
    console.log('format  events    wall s   CPU s   ×ref(CPU)  peak RSS MB  size MB  pages  target (<30 s, <500 MB)');
    for (const f of String(args.formats).split(',')) {
      const r = runChild(f, file);
      const ok = r.wallMs < 30_000 && r.maxRssMb < 500 ? 'ok' : r.cpuMs < 30_000 && r.maxRssMb < 500 ? 'ok on CPU time (machine busy)' : 'MISSED';
      console.log(
        `${f.padEnd(6)}  ${String(r.events).padStart(7)}  ${(r.wallMs / 1000).toFixed(2).padStart(7)}  ${(r.cpuMs / 1000).toFixed(2).padStart(6)}  ${(r.cpuMs / ref.cpuMs).toFixed(1).padStart(9)}  ${r.maxRssMb.toFixed(0).padStart(11)}  ${(r.bytes / 1e6).toFixed(1).padStart(7)}  ${String(r.pages ?? '-').padStart(5)}  ${ok}`,
      );
    }
  } finally {
    if (!args.keep && !args.dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
