/**
 * Spreadsheet import benchmark against the reference parsers measured in the same run:
 *   npx tsx test/importers/spreadsheet/perf.ts [csvRows=1000000] [xlsxRows=200000]
 * Each measurement runs in its own process so peak RSS is its own. Records are counted and dropped, as the
 * import job streams them into SQLite.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AccountingTally } from '../../../main/engine/importers/accounting';
import { IMPORTERS } from '../../../main/engine/importers/registry';
import { buildSniffInput, pickImporter } from '../../../main/engine/importers/sniff';
import { SourceFile } from '../../../main/engine/intake/source';

const TRON = ['TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', 'TGzz8gjYiYRqpfmDwnLxfgPuLVNmpCswVp'];
const dir = join(tmpdir(), 'tl-sheet-bench');

async function genCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('Date,Victim name,Victim phone,Amount USDT,Wallet,Note\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const d = (i % 28) + 1;
    const m = (i % 12) + 1;
    buf += `${d}/${m}/2024 ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},Person ${i},+66 81 ${String(i % 1000).padStart(3, '0')} ${String(i % 10000).padStart(4, '0')},"${(i % 9000) + 1},${String(i % 100).padStart(2, '0')}.50",${TRON[i % 2]},note ${i}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

async function genXlsx(path: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Ledger');
  ws.addRow(['Date', 'Victim name', 'Victim phone', 'Amount', 'Wallet', 'Note']).commit();
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const row = ws.addRow([new Date(base + i * 60_000), `Person ${i}`, `+66 81 ${String(i % 1000).padStart(3, '0')} ${String(i % 10000).padStart(4, '0')}`, (i % 9000) + 0.5, TRON[i % 2], `note ${i}`]);
    row.getCell(1).numFmt = 'yyyy-mm-dd hh:mm';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

async function ours(path: string): Promise<string> {
  const file = new SourceFile(path, statSync(path).size);
  const t0 = performance.now();
  const input = await buildSniffInput(file);
  const { importer, sniff } = pickImporter(input, IMPORTERS);
  const tally = new AccountingTally();
  for await (const batch of importer.parse({ file, options: { tz: 'UTC' }, sniff, signal: new AbortController().signal })) for (const r of batch) tally.add(r);
  const a = tally.finish(file.name);
  await file.close();
  return JSON.stringify({ ms: Math.round(performance.now() - t0), rows: a.seen, records: a.records });
}

async function papa(path: string): Promise<string> {
  const t0 = performance.now();
  let n = 0;
  await new Promise<void>((done, fail) => {
    Papa.parse(createReadStream(path, { encoding: 'utf8' }) as unknown as File, { step: () => void n++, complete: () => done(), error: (e: Error) => fail(e) });
  });
  return JSON.stringify({ ms: Math.round(performance.now() - t0), rows: n });
}

async function exceljsRead(path: string): Promise<string> {
  const t0 = performance.now();
  let n = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) for await (const row of sheet) if (row) n++;
  return JSON.stringify({ ms: Math.round(performance.now() - t0), rows: n });
}

async function child(mode: string, path: string): Promise<void> {
  const before = process.cpuUsage();
  const res = mode === 'ours' ? await ours(path) : mode === 'papa' ? await papa(path) : await exceljsRead(path);
  const o = JSON.parse(res) as Record<string, unknown>;
  // CPU time of the work alone (not the loader), as well as wall time: on a shared machine the wall clock
  // also measures the neighbours.
  const cu = process.cpuUsage(before);
  o.cpuMs = Math.round((cu.user + cu.system) / 1000);
  o.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(o));
}

async function main(): Promise<void> {
  const [mode, path] = process.argv.slice(2);
  if (mode === 'ours' || mode === 'papa' || mode === 'exceljs') return child(mode, path!);
  const csvRows = Number(process.argv[2] ?? 1_000_000);
  const xlsxRows = Number(process.argv[3] ?? 200_000);
  execFileSync('mkdir', ['-p', dir]);
  const csv = join(dir, `ledger-${csvRows}.csv`);
  const xlsx = join(dir, `ledger-${xlsxRows}.xlsx`);
  if (!existsSync(csv)) await genCsv(csv, csvRows);
  if (!existsSync(xlsx)) await genXlsx(xlsx, xlsxRows);
  const self = fileURLToPath(import.meta.url);
  const run = (m: string, p: string) => JSON.parse(execFileSync('npx', ['tsx', self, m, p], { encoding: 'utf8', maxBuffer: 1 << 20 })) as { ms: number; cpuMs: number; rows: number; maxRssMB: number };
  const c1 = run('papa', csv);
  const c2 = run('ours', csv);
  const x1 = run('exceljs', xlsx);
  const x2 = run('ours', xlsx);
  const mb = (p: string) => (statSync(p).size / 1024 / 1024).toFixed(1);
  const lines = [
    `CSV  ${csvRows} rows, ${mb(csv)} MB: papaparse parse-only ${c1.ms} ms wall / ${c1.cpuMs} ms CPU (${c1.maxRssMB} MB RSS); Threadline ${c2.ms} ms wall / ${c2.cpuMs} ms CPU (${c2.maxRssMB} MB RSS); CPU ratio ${(c2.cpuMs / c1.cpuMs).toFixed(2)}; ${JSON.stringify(c2)}`,
    `XLSX ${xlsxRows} rows, ${mb(xlsx)} MB: exceljs streaming read-only ${x1.ms} ms wall / ${x1.cpuMs} ms CPU (${x1.maxRssMB} MB RSS); Threadline ${x2.ms} ms wall / ${x2.cpuMs} ms CPU (${x2.maxRssMB} MB RSS); CPU ratio ${(x2.cpuMs / x1.cpuMs).toFixed(2)}; ${JSON.stringify(x2)}`,
  ];
  console.log(lines.join('\n'));
  writeFileSync(join(dir, 'last-result.txt'), lines.join('\n') + '\n');
}

await main();
