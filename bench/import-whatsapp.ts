/**
 * bench/import-whatsapp: generates Android WhatsApp exports (250k, 500k, 1M messages), imports each through
 * the real job in a fresh child process, and compares with raw better-sqlite3 inserts of the same rows into
 * the same schema measured in the same run. Prints messages/s, the ratio (target >= 0.6) and peak RSS
 * (target < 300 MB and flat as the file grows).
 *
 *   node --import tsx bench/import-whatsapp.ts [--sizes 250000,500000,1000000]
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SENDERS = ['Somchai', '+66 81 234 5678', 'Boss Chen', 'Mya Mya', '‪+855 12 345 678‬', 'Anna K', 'Tran Van B', '~ Lucky'];
const WORDS = 'deposit USDT wallet profit trading platform withdraw fee tax account verify urgent tonight bonus signal team leader'.split(' ');

function pick<T>(arr: readonly T[], i: number): T {
  return arr[i % arr.length]!;
}

/** A deterministic Android DMY 24h export: 1 in 20 messages multi-line, some media and system lines. */
export async function generateExport(path: string, messages: number): Promise<void> {
  const out = createWriteStream(path);
  let t = Date.UTC(2024, 0, 1, 8, 0);
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let buf = '';
  for (let i = 0; i < messages; i++) {
    t += Math.floor(rnd() * 120_000);
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, '0');
    const head = `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} - `;
    if (i % 500 === 0) buf += `${head}Somchai added Mya Mya\n`;
    else {
      const n = 3 + Math.floor(rnd() * 12);
      const words: string[] = [];
      for (let w = 0; w < n; w++) words.push(pick(WORDS, Math.floor(rnd() * 1000)));
      let body = words.join(' ');
      if (i % 20 === 0) body += `\n${words.reverse().join(' ')}`;
      if (i % 97 === 0) body = '<Media omitted>';
      buf += `${head}${pick(SENDERS, Math.floor(rnd() * 1000))}: ${body}\n`;
    }
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

interface ChildResult {
  messages: number;
  ms: number;
  maxRssMb: number;
}

function runChild(mode: 'import' | 'raw', dir: string, file: string, n: number): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', mode, dir, file, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

async function child(mode: string, dir: string, file: string, n: number): Promise<void> {
  const { Case } = await import('../main/engine/case');
  const casePath = join(dir, `${mode}-${n}.case`);
  const c = Case.create(casePath, { caseNumber: 'BENCH', examiner: 'bench', tz: 'Asia/Bangkok' });
  let messages = 0;
  const t0 = performance.now();
  if (mode === 'import') {
    const { importEvidence } = await import('../main/engine/jobs/import');
    const r = await importEvidence(c, { path: file, format: 'whatsapp', dateOrder: 'dmy' });
    messages = r.written.messages ?? 0;
  } else {
    // The reference: the same rows, same schema, same statement shape, no parsing.
    const db = c.db;
    db.exec('BEGIN');
    const ev = db.prepare(`INSERT INTO evidence (path_given, path_resolved, file_name, size, sha256, sha1, md5, format, importer_version, tz, options_json, accounting_json, facts_json, examiner, imported_utc)
      VALUES ('x','x','x',0,'x','x','x','raw','0','UTC','{}','{}','{}','bench','now')`).run();
    const evidenceId = Number(ev.lastInsertRowid);
    const chat = Number(db.prepare("INSERT INTO chats (key, platform, evidence_id, seq) VALUES ('c','whatsapp',?,0)").run(evidenceId).lastInsertRowid);
    const accounts = SENDERS.map((s, i) => Number(db.prepare("INSERT INTO accounts (key, platform, display, evidence_id, seq) VALUES (?, 'whatsapp', ?, ?, ?)").run(s, s, evidenceId, i + 1).lastInsertRowid));
    const ins = db.prepare(`INSERT INTO messages (chat_id, sender_account_id, sender_raw, direction, recipients_json, ts_utc, ts_raw, ts_local, ts_zone, ts_flags, kind, body, ext_id, reply_to, forwarded_from, attachments_json, entities_json,
      evidence_id, seq, src_member, src_line, src_line_end, src_path, src_offset, flags, raw, raw_bytes)
      VALUES (@chat_id, @sender_account_id, @sender_raw, NULL, NULL, @ts_utc, @ts_raw, @ts_local, 'Asia/Bangkok', NULL, 'text', @body, NULL, NULL, NULL, NULL, NULL, @evidence_id, @seq, NULL, @src_line, @src_line_end, NULL, @src_offset, NULL, @raw, NULL)`);
    let t = Date.UTC(2024, 0, 1, 8, 0);
    let line = 1;
    let offset = 0;
    for (let i = 0; i < n; i++) {
      t += 60_000;
      const body = `${pick(WORDS, i)} ${pick(WORDS, i * 7)} ${pick(WORDS, i * 13)} ${pick(WORDS, i * 17)} ${pick(WORDS, i * 19)} ${pick(WORDS, i * 23)} ${pick(WORDS, i * 29)}`;
      const raw = `01/01/2024, 08:00 - ${pick(SENDERS, i)}: ${body}`;
      ins.run({ chat_id: chat, sender_account_id: pick(accounts, i), sender_raw: pick(SENDERS, i), ts_utc: t, ts_raw: '01/01/2024, 08:00', ts_local: '2024-01-01T08:00:00', body, evidence_id: evidenceId, seq: i + 1, src_line: line, src_line_end: line, src_offset: offset, raw });
      line++;
      offset += raw.length + 1;
    }
    db.exec('COMMIT');
    messages = n;
  }
  const ms = performance.now() - t0;
  c.close();
  process.stdout.write(`${JSON.stringify({ messages, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    await child(argv[1]!, argv[2]!, argv[3]!, Number(argv[4]));
    return;
  }
  const sizesArg = argv.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? argv[sizesArg + 1]!.split(',').map(Number) : [250_000, 500_000, 1_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'tl-bench-wa-'));
  try {
    console.log('size       file MB  import msg/s  raw msg/s  ratio  import RSS MB  raw RSS MB');
    for (const n of sizes) {
      const file = join(dir, `WhatsApp Chat with Bench ${n}.txt`);
      await generateExport(file, n);
      const mb = statSync(file).size / 1024 / 1024;
      const imp = runChild('import', dir, file, n);
      const raw = runChild('raw', dir, file, n);
      const ips = imp.messages / (imp.ms / 1000);
      const rps = raw.messages / (raw.ms / 1000);
      console.log(
        `${String(n).padEnd(10)} ${mb.toFixed(1).padStart(7)}  ${ips.toFixed(0).padStart(12)}  ${rps.toFixed(0).padStart(9)}  ${(ips / rps).toFixed(2).padStart(5)}  ${imp.maxRssMb.toFixed(0).padStart(12)}  ${raw.maxRssMb.toFixed(0).padStart(10)}`,
      );
    }
    console.log('targets: ratio >= 0.6; import RSS < 300 MB and flat as the file grows');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run only when executed directly (the generator is also imported by tests and profiling scripts).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
