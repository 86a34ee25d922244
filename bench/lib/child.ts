/**
 * One measured run of an import benchmark, in its own process so peak RSS belongs to that run alone. Prints one
 * JSON line: records, milliseconds, peak RSS and (for imports) the time of each stage.
 *
 *   node --import tsx bench/lib/child.ts MODE JSON-ARGS
 * MODE: import | parse | reference | papaparse | exceljs
 */
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ChildArgs {
  files: string[];
  format: string;
  dir: string;
  /** Extra ImportRequest fields (tz, dateOrder, mapping …). */
  options?: Record<string, unknown>;
  /** reference: the case the import child wrote, whose rows are copied. */
  source?: string;
  /** reference: also copy every derived row (identity, events, full-text indexes). */
  all?: boolean;
  label?: string;
}

export interface ChildResult {
  records: number;
  ms: number;
  /** CPU time (user + system) of the same timed sections: steadier than wall time on a shared machine. */
  cpuMs: number;
  maxRssMb: number;
  /** import: ms per stage (hash, parse+write, verify, link, index, digest+commit), wall and CPU. */
  stages?: Record<string, number>;
  stagesCpu?: Record<string, number>;
  written?: Record<string, number>;
  /** import: memory by phase (MB), see sampleMemory. */
  memory?: Record<string, MemorySample>;
  note?: string;
}

/** The tables an import writes records to (not the derived identity, event and search tables). */
export const RECORD_TABLES = ['chats', 'accounts', 'account_identifiers', 'chat_members', 'messages', 'calls', 'contacts', 'sheet_rows', 'transactions', 'attachments', 'skipped_units'];
/** The derived tables an import fills (identity graph, event stream and counts), in an order their foreign keys accept. */
export const DERIVED_TABLES = [
  'identity_nodes',
  'identity_occurrences',
  'identity_edges',
  'identity_names',
  'identity_name_tokens',
  'identity_suggestions',
  'identity_runs',
  'events',
  'event_quarters',
  'event_quarters_by_evidence',
  'event_totals',
  'event_party_counts',
  'event_index_runs',
  'search_gram_docs',
];
// Source units: a spreadsheet's transactions are derived from its rows, so rows count and transactions do not.
const COUNTED = ['messages', 'calls', 'contacts', 'rows'];

function cpuSince(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

function recordsOf(written: Record<string, number>): number {
  return COUNTED.reduce((s, k) => s + (written[k] ?? 0), 0);
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the JS heap held by JS objects (Buffers …); SQLite's own memory is in rss only. */
  external: number;
  /** The highest RSS the 50 ms sampler saw during the phase (synchronous phases included). */
  peakRss?: number;
}

/**
 * The largest memory figures (MB) seen while the import reported a phase, sampled at each progress report (the
 * parse loop reports per batch; linking and indexing are one synchronous step each, seen at their boundaries):
 * tells JS heap growth from native (SQLite) growth when peak RSS rises with the input.
 */
function sampleMemory(into: Record<string, MemorySample>, phase: string): void {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  const prev = into[phase];
  into[phase] = {
    rss: Math.max(prev?.rss ?? 0, mb(m.rss)),
    heapUsed: Math.max(prev?.heapUsed ?? 0, mb(m.heapUsed)),
    heapTotal: Math.max(prev?.heapTotal ?? 0, mb(m.heapTotal)),
    external: Math.max(prev?.external ?? 0, mb(m.external)),
  };
}

/**
 * Samples the process's RSS every 50 ms from a worker thread, so the synchronous phases (linking, indexing, digest)
 * — during which the import thread reports nothing — are seen too. Samples go into shared memory as (ms, MB).
 */
function rssSampler(): { stop(): Promise<void>; peakBetween(fromMs: number, toMs: number): number } {
  const MAX = 1 << 16;
  const shared = new SharedArrayBuffer(8 * (2 * MAX + 1));
  const f = new Float64Array(shared);
  const origin = performance.timeOrigin;
  const w = new Worker(
    `const { workerData: { shared, origin, max } } = require('node:worker_threads');
     const f = new Float64Array(shared);
     const tick = () => { const n = f[0]; if (n < max) { f[1 + 2 * n] = performance.timeOrigin + performance.now() - origin; f[2 + 2 * n] = process.memoryUsage.rss() / 1048576; f[0] = n + 1; } };
     setInterval(tick, 50); tick();`,
    { eval: true, workerData: { shared, origin, max: MAX } },
  );
  return {
    stop: () => w.terminate().then(() => undefined),
    peakBetween(fromMs, toMs) {
      let peak = 0;
      for (let i = 0; i < f[0]!; i++) if (f[1 + 2 * i]! >= fromMs && f[1 + 2 * i]! < toMs) peak = Math.max(peak, f[2 + 2 * i]!);
      return Math.round(peak);
    },
  };
}

async function runImport(a: ChildArgs): Promise<ChildResult> {
  const { Case } = await import('../../main/engine/case');
  const { importEvidence } = await import('../../main/engine/jobs/import');
  const c = Case.create(join(a.dir, `${a.label ?? 'import'}.case`), { caseNumber: 'BENCH', examiner: 'bench', tz: 'Asia/Bangkok', region: 'TH' });
  const stages: Record<string, number> = {};
  const stagesCpu: Record<string, number> = {};
  const written: Record<string, number> = {};
  const memory: Record<string, MemorySample> = {};
  const sampler = rssSampler();
  /** Phase start times (performance.now) of the last file, for the sampler's peak per phase. */
  const phaseStarts: [string, number][] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const file of a.files) {
    const marks: Record<string, number> = {};
    const cpuMarks: Record<string, number> = {};
    const s0 = performance.now();
    const sc = process.cpuUsage();
    const r = await importEvidence(c, {
      path: file,
      format: a.format,
      ...(a.options ?? {}),
      onProgress: (p) => {
        if (marks[p.phase] === undefined) {
          marks[p.phase] = performance.now() - s0;
          cpuMarks[p.phase] = cpuSince(sc);
          phaseStarts.push([p.phase, performance.now()]);
        }
        sampleMemory(memory, p.phase);
      },
    });
    const end = performance.now() - s0;
    const cpuEnd = cpuSince(sc);
    // Stage boundaries are the job's own progress phases; linking's time is its own (wall) measurement, so its
    // CPU share is not separated from indexing's: CPU 'link' is 0 and CPU 'index' holds both.
    const link = r.identity.durationMs;
    for (const [into, m, e] of [
      [stages, marks, end],
      [stagesCpu, cpuMarks, cpuEnd],
    ] as const) {
      const add = (k: string, ms: number) => (into[k] = (into[k] ?? 0) + Math.max(0, ms));
      const l = into === stages ? link : 0;
      add('hash', (m.parsing ?? 0) - (m.hashing ?? 0));
      // The job's order: parsing, linking (then indexing), verifying (waiting for the post-parse re-hash, which a
      // parse worker runs while the job links and indexes), committing.
      add('parse+write', (m.linking ?? 0) - (m.parsing ?? 0));
      add('link', l);
      add('index', (m.verifying ?? 0) - (m.linking ?? 0) - l);
      add('verify', (m.committing ?? 0) - (m.verifying ?? 0));
      add('digest+commit', e - (m.committing ?? 0));
    }
    for (const [k, v] of Object.entries(r.written)) written[k] = (written[k] ?? 0) + v;
  }
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(c0);
  c.close();
  sampleMemory(memory, 'end');
  const endAt = performance.now();
  await new Promise((r) => setTimeout(r, 120));
  for (let i = 0; i < phaseStarts.length; i++) {
    const [phase, from] = phaseStarts[i]!;
    const m = memory[phase];
    if (m) m.peakRss = sampler.peakBetween(from, phaseStarts[i + 1]?.[1] ?? endAt);
  }
  await sampler.stop();
  return { records: recordsOf(written), ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024, stages, stagesCpu, written, memory };
}

/** The importer alone: sniff and parse every record, no case, no database. */
async function runParse(a: ChildArgs): Promise<ChildResult> {
  const { SourceFile } = await import('../../main/engine/intake/source');
  const { IMPORTERS } = await import('../../main/engine/importers/registry');
  const { buildSniffInput, pickImporter } = await import('../../main/engine/importers/sniff');
  let records = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const path of a.files) {
    const file = new SourceFile(path, (await stat(path)).size);
    try {
      const { importer, sniff } = pickImporter(await buildSniffInput(file), IMPORTERS, a.format);
      const options = { tz: 'Asia/Bangkok', region: 'TH', ...(a.options ?? {}) } as never;
      for await (const batch of importer.parse({ file, options, sniff, signal: new AbortController().signal })) {
        for (const rec of batch) if (rec.type === 'message' || rec.type === 'call' || rec.type === 'contact' || rec.type === 'row') records++;
      }
    } finally {
      await file.close();
    }
  }
  return { records, ms: performance.now() - t0, cpuMs: cpuSince(c0), maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/**
 * The reference: the very rows the import wrote (every record table, every column, same ids), inserted with raw
 * prepared better-sqlite3 statements into a fresh case — same schema, indexes, foreign keys and pragmas — in one
 * transaction. Rows are read from the imported case in batches outside the timed sections; no parsing, no
 * identity linking, no event or search indexing.
 *
 * With `all` (the "every row" reference) it also inserts every derived row the import stored, the same way: the
 * identity graph (nodes, occurrences, edges, names, suggestions), the event stream and its counts, and the three
 * full-text indexes fed the very text the import indexed (FTS5 tokenises on insert, as it did for the import).
 * That is the storage cost of everything the import keeps, with none of the work of deriving it.
 */
async function runReference(a: ChildArgs): Promise<ChildResult> {
  const { Case } = await import('../../main/engine/case');
  const c = Case.create(join(a.dir, `${a.label ?? 'reference'}.case`), { caseNumber: 'BENCH', examiner: 'bench', tz: 'Asia/Bangkok', region: 'TH' });
  const db = c.db;
  db.prepare('ATTACH DATABASE ? AS src').run(a.source);
  db.exec('INSERT INTO main.evidence SELECT * FROM src.evidence');
  const written: Record<string, number> = {};
  let ms = 0;
  let cpuMs = 0;
  const timed = (fn: () => void) => {
    const t = performance.now();
    const c0 = process.cpuUsage();
    fn();
    ms += performance.now() - t;
    cpuMs += cpuSince(c0);
  };
  /** Copies rows read in untimed batches of `read(after)` ([key, ...values]) through `ins`, timing only the inserts. */
  const copy = (label: string, read: (after: number) => unknown[][], ins: { run: (...v: unknown[]) => unknown }, paged: boolean) => {
    let after = -1;
    for (;;) {
      const rows = read(after);
      if (rows.length === 0) break;
      const t = performance.now();
      const c0 = process.cpuUsage();
      for (const row of rows) ins.run(...row.slice(1));
      ms += performance.now() - t;
      cpuMs += cpuSince(c0);
      written[label] = (written[label] ?? 0) + rows.length;
      if (!paged) break;
      after = rows[rows.length - 1]![0] as number; // a BigInt where read with safeIntegers
    }
  };
  /** `big`: read 64-bit integers as BigInt (event keys use 62 bits); only where needed, BigInts cost time and memory. */
  const copyTable = (table: string, big = false) => {
    const cols = (db.prepare(`SELECT name FROM pragma_table_info('${table}', 'main')`).pluck().all() as string[]).join(', ');
    const n = cols.split(',').length;
    const ins = db.prepare<unknown[]>(`INSERT INTO main.${table} (${cols}) VALUES (${Array(n).fill('?').join(', ')})`);
    const withRowid = (db.prepare(`SELECT sql FROM src.sqlite_schema WHERE name = ?`).pluck().get(table) as string).search(/WITHOUT\s+ROWID/i) < 0;
    const read = (withRowid ? db.prepare(`SELECT rowid, ${cols} FROM src.${table} WHERE rowid > ? ORDER BY rowid LIMIT 5000`) : db.prepare(`SELECT 0, ${cols} FROM src.${table}`)).raw().safeIntegers(big);
    copy(table, (after) => (withRowid ? read.all(after) : read.all()) as unknown[][], ins, withRowid);
  };
  timed(() => db.exec('BEGIN'));
  // The record tables exactly as this reference has always copied them (one loop, inline timing): the generic
  // copyTable below measured up to a quarter more CPU and memory on them, which would flatter the import's ratio.
  for (const table of RECORD_TABLES) {
    const cols = (db.prepare(`SELECT name FROM pragma_table_info('${table}', 'main')`).pluck().all() as string[]).join(', ');
    const n = cols.split(',').length;
    const ins = db.prepare(`INSERT INTO main.${table} (${cols}) VALUES (${Array(n).fill('?').join(', ')})`);
    const withRowid = table !== 'chat_members';
    const read = withRowid ? db.prepare(`SELECT rowid, ${cols} FROM src.${table} WHERE rowid > ? ORDER BY rowid LIMIT 5000`).raw() : db.prepare(`SELECT 0, ${cols} FROM src.${table}`).raw();
    let after = -1;
    for (;;) {
      const rows = (withRowid ? read.all(after) : after === -1 ? read.all() : []) as unknown[][];
      if (rows.length === 0) break;
      const t = performance.now();
      const c0 = process.cpuUsage();
      for (const row of rows) ins.run(...row.slice(1));
      ms += performance.now() - t;
      cpuMs += cpuSince(c0);
      after = withRowid ? (rows[rows.length - 1]![0] as number) : 0;
      written[table] = (written[table] ?? 0) + rows.length;
    }
  }
  if (a.all) {
    for (const table of DERIVED_TABLES) copyTable(table, true);
    // Full text: the text the import indexed (search_docs, the view both FTS tables read), fed in rowid order.
    const docs = db.prepare('SELECT id, id, body, names, files FROM src.search_docs WHERE id > ? ORDER BY id LIMIT 5000').raw().safeIntegers(true);
    copy('search_words', (after) => docs.all(after) as unknown[][], db.prepare<unknown[]>('INSERT INTO main.search_words (rowid, body, names, files) VALUES (?, ?, ?, ?)'), true);
    const grams = db.prepare('SELECT d.id, d.id, d.body, d.names, d.files FROM src.search_gram_docs g JOIN src.search_docs d ON d.id = g.id WHERE g.id > ? ORDER BY g.id LIMIT 5000').raw().safeIntegers(true);
    copy('search_grams', (after) => grams.all(after) as unknown[][], db.prepare<unknown[]>('INSERT INTO main.search_grams (rowid, body, names, files) VALUES (?, ?, ?, ?)'), true);
    const names = db.prepare('SELECT rowid, rowid, name, source, ref, evidence FROM src.search_names WHERE rowid > ? ORDER BY rowid LIMIT 5000').raw();
    copy('search_names', (after) => names.all(after) as unknown[][], db.prepare<unknown[]>('INSERT INTO main.search_names (rowid, name, source, ref, evidence) VALUES (?, ?, ?, ?, ?)'), true);
  }
  timed(() => db.exec('COMMIT'));
  db.exec('DETACH DATABASE src');
  c.close();
  const records = ['messages', 'calls', 'contacts', 'sheet_rows'].reduce((s, k) => s + (written[k] ?? 0), 0);
  return { records, ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024, written };
}

/** papaparse alone over the file stream (header:false, the detected delimiter), counting rows. */
async function runPapaparse(a: ChildArgs): Promise<ChildResult> {
  const Papa = (await import('papaparse')).default;
  let records = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of a.files) {
    await new Promise<void>((resolve, reject) => {
      Papa.parse(createReadStream(f, { encoding: 'utf8' }) as unknown as File, {
        header: false,
        step: () => {
          records++;
        },
        complete: () => resolve(),
        error: (e: Error) => reject(e),
      });
    });
  }
  return { records, ms: performance.now() - t0, cpuMs: cpuSince(c0), maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** exceljs' streaming WorkbookReader alone: every worksheet, every row, values read, nothing kept. */
async function runExceljs(a: ChildArgs): Promise<ChildResult> {
  const ExcelJS = (await import('exceljs')).default;
  let records = 0;
  let cells = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of a.files) {
    const wb = new ExcelJS.stream.xlsx.WorkbookReader(f, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const ws of wb) {
      for await (const row of ws) {
        records++;
        (row as { eachCell: (cb: () => void) => void }).eachCell(() => {
          cells++;
        });
      }
    }
  }
  return { records, ms: performance.now() - t0, cpuMs: cpuSince(c0), maxRssMb: process.resourceUsage().maxRSS / 1024, note: `${cells} cells` };
}

async function main(): Promise<void> {
  const [mode, json] = process.argv.slice(2);
  const a = JSON.parse(json!) as ChildArgs;
  const modes: Record<string, (a: ChildArgs) => Promise<ChildResult>> = { import: runImport, parse: runParse, reference: runReference, papaparse: runPapaparse, exceljs: runExceljs };
  const run = modes[mode!];
  if (!run) throw new Error(`unknown mode ${mode}`);
  const r = await run(a);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

// Only when run as the child (the driver imports the types and RECORD_TABLES).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
