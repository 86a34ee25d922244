/**
 * bench/link: identity linking of one evidence item holding N identifier occurrences, generated straight into
 * a case with SQL, in two profiles:
 *   mix      — a seizure's shape: most occurrences are message senders and call-log numbers (stored grouped,
 *              one row per party and number as written), the rest message mentions, contact cards and ledger
 *              rows (stored one row per record);
 *   records  — the worst case: every occurrence a separate statement stored as its own row (contact cards,
 *              accounts with stated identifiers, call entries with varying forms, mentions, ledger parties).
 * Phones come in several surface forms (national, dashed, +66, bidi-wrapped), with e-mails, user ids, wallets.
 * Generation and the reference run in one child process, linking in a fresh one (so its RSS is its own).
 * Prints link time (wall and CPU), occurrences/s, peak RSS, the time by phase, and the ratio against a reference
 * measured in the same run: inserting as many occurrence rows into a table of the same shape and index, with
 * no reading, normalising or linking (the floor for writing them one row each), with the page cache linking uses.
 *
 *   node --import tsx bench/link.ts [--sizes 1000000,10000000] [--records-sizes 1000000] [--keep DIR] [--hints]
 *   node --import tsx bench/link.ts --relink UNLINKED.case OUT.case [HINTS.json]
 *
 * --keep DIR keeps each generated case in DIR, unlinked (`link-N.unlinked.case`) and linked (`link-N.case`), so two
 * linker versions can link the same case and bench/lib/identity-dump.ts can diff what they wrote; --relink copies
 * an unlinked case to OUT and links it in this process (prints the same JSON line as a link child).
 * --hints links as an import does: with the senders and mention candidates the import's writer gathers as it writes
 * the messages (MessageHints, built here by the generator from the very rows it writes and handed to the link child
 * in `link-N.hints.json`), so linking does not read every message back. Without it, linking reads them (as
 * `threadline link` does for items imported before).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SenderGroup } from '../main/engine/db/read/identity';
import type { WrittenMessages } from '../main/engine/identity/link';

interface ChildResult {
  size: number;
  occurrences: number;
  occurrenceRows: number;
  distinctPhones: number;
  nodes: number;
  edges: number;
  entities: number;
  suggestions: number;
  genMs: number;
  refMs: number;
  linkMs: number;
  /** CPU time (user + system) of the same spans: steadier than wall time on a shared machine. */
  refCpuMs: number;
  linkCpuMs: number;
  phasesMs: { extract: number; join: number; suggest: number };
  /** CPU time by linking step (extract's record kinds, the buffered writes, join, suggest). */
  stepsCpuMs?: Record<string, number>;
  maxRssMb: number;
}

const SYL = ['som', 'chai', 'nok', 'ploy', 'an', 'wan', 'kit', 'ti', 'pong', 'sak', 'sri', 'suk', 'boon', 'mee', 'chan', 'tra', 'lek', 'noi', 'dao', 'kaew', 'thong', 'rat', 'na', 'win'];
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
/** A person's display name: 576 first names x 13,824 family names, so some names recur, as in real seizures. */
function nameOf(p: number): string {
  const h = (p * 2246822519) >>> 0;
  const f = cap(SYL[h % 24]! + SYL[(h >>> 5) % 24]!);
  const l = cap(SYL[(h >>> 10) % 24]! + SYL[(h >>> 15) % 24]! + SYL[(h >>> 20) % 24]!);
  return `${f} ${l}`;
}

function phoneForm(national9: string, form: number): string {
  const a = national9.slice(0, 2);
  const b = national9.slice(2, 5);
  const c = national9.slice(5);
  switch (form % 5) {
    case 0:
      return `0${national9}`;
    case 1:
      return `0${a}-${b}-${c}`;
    case 2:
      return `+66 ${a} ${b} ${c}`;
    case 3:
      return `+66${national9}`;
    default:
      return `\u202A+66 ${a} ${b} ${c}\u202C`;
  }
}

async function child(dir: string, size: number, profile: string): Promise<void> {
  const { Case } = await import('../main/engine/case');
  const { insertEvidence } = await import('../main/engine/db/write/evidence');
  const { base58CheckEncode } = await import('../main/engine/identity/base58');
  const { withPageCache, LINK_PAGE_CACHE_KIB } = await import('../main/engine/db/write/identity');
  const { MessageHints } = await import('../main/engine/db/write/message-hints');
  const hints = new MessageHints();
  const c = Case.create(join(dir, `link-${size}.case`), { caseNumber: 'BENCH', examiner: 'bench', tz: 'Asia/Bangkok', region: 'TH' });
  const db = c.db;

  // ---- generate: one unit = 10 occurrences; people are reused so identifiers recur in other records
  const units = Math.ceil(size / 10);
  const people = Math.max(1000, Math.floor(units / 5));
  const phoneOf = (p: number) => String(800000000 + ((p * 7919) % 199999999)).padStart(9, '0').replace(/^./, (d) => (d === '0' ? '8' : d));
  const wallets = Array.from({ length: Math.min(people, 50_000) }, (_, i) => {
    const b = Buffer.alloc(21);
    b[0] = 0x41;
    b.writeUInt32BE(i + 1, 17);
    return base58CheckEncode(b);
  });
  const t0 = performance.now();
  db.exec('BEGIN');
  const evidenceId = insertEvidence(db, {
    path_given: 'bench', path_resolved: 'bench', file_name: 'bench.json', size: 0, sha256: 'x', sha1: 'x', md5: 'x', mtime_utc: null, format: 'bench', layout: null,
    importer_version: '0', tz: 'Asia/Bangkok', date_order: null, region: 'TH', owner: null, options_json: '{}', examiner: 'bench', imported_utc: new Date().toISOString(), duplicate_of: null,
  });
  let seq = 0;
  const P = (line: number) => ({ evidence_id: evidenceId, seq: ++seq, src_line: line });
  const chat = Number(db.prepare("INSERT INTO chats (key, platform, name, evidence_id, seq) VALUES ('sms', 'sms', 'sms', ?, 0)").run(evidenceId).lastInsertRowid);
  const contact = db.prepare("INSERT INTO contacts (name, identifiers_json, fields_json, evidence_id, seq, src_line) VALUES (?, ?, '[]', @evidence_id, @seq, @src_line)".replace(/@(\w+)/g, '?'));
  const account = db.prepare("INSERT INTO accounts (key, platform, display, evidence_id, seq, src_line) VALUES (?, ?, ?, ?, ?, ?)");
  const ident = db.prepare('INSERT INTO account_identifiers (account_id, kind, value_raw, platform) VALUES (?, ?, ?, ?)');
  const call = db.prepare("INSERT INTO calls (account_id, ts_utc, direction, counterpart_raw, evidence_id, seq, src_line) VALUES (?, ?, 'incoming', ?, ?, ?, ?)");
  const insertMessage = db.prepare("INSERT INTO messages (chat_id, sender_account_id, sender_raw, ts_utc, kind, body, evidence_id, seq, src_line) VALUES (?, ?, ?, ?, 'text', ?, ?, ?, ?)");
  // Each message also goes to the hints, as the import's writer adds it (db/write/records.ts).
  const message = {
    run(chatId: number, account: number, senderRaw: string, ts: number, body: string, ev: number, sq: number, line: number) {
      hints.add(Number(insertMessage.run(chatId, account, senderRaw, ts, body, ev, sq, line).lastInsertRowid), account, senderRaw, body, null);
    },
  };
  const tx = db.prepare('INSERT INTO transactions (ts_utc, amount, from_json, to_json, evidence_id, seq, src_line) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const callAccounts = new Map<number, number>();
  const smsAccounts = new Map<number, number>();
  const distinct = new Set<string>();
  const senderAccounts = new Map<number, number>();
  const senders = Math.max(100, Math.floor(units / 20));
  for (let u = 0; u < units; u++) {
    const p = (u * 2654435761) % people;
    if (profile === 'mix') {
      // 4 messages from chat members written as numbers, 1 message mentioning a number, 2 call-log entries,
      // a contact card (2), and every other unit a ledger row (2): 10 occurrences on average.
      const sp = p % senders;
      let sa = senderAccounts.get(sp);
      const sraw = phoneForm(phoneOf(sp), sp);
      if (sa === undefined) senderAccounts.set(sp, (sa = Number(account.run(sraw, 'whatsapp', sraw, evidenceId, ++seq, u).lastInsertRowid)));
      for (let k = 0; k < 4; k++) message.run(chat, sa, sraw, 1_700_000_000_000 + u * 10 + k, 'ok boss, deposit done tonight', evidenceId, ++seq, u);
      message.run(chat, sa, sraw, 1_700_000_000_000 + u * 10 + 5, `new client ${phoneForm(phoneOf(p), u)} paid 1,250,000 THB`, evidenceId, ++seq, u);
      const cp = p % (senders * 2);
      let a = callAccounts.get(cp);
      if (a === undefined) callAccounts.set(cp, (a = Number(account.run(`call${cp}`, 'phone', null, evidenceId, ++seq, u).lastInsertRowid)));
      for (let k = 0; k < 2; k++) call.run(a, 1_700_000_000_000 + u, phoneForm(phoneOf(cp), cp), evidenceId, ++seq, u);
      const name = nameOf(p);
      const { evidence_id, seq: s1, src_line } = P(u);
      contact.run(name, JSON.stringify([{ kind: 'phone', value: phoneForm(phoneOf(p), u) }, { kind: 'email', value: `user${p}@example.com` }]), evidence_id, s1, src_line);
      if (u % 2 === 0) tx.run(1_700_000_000_000 + u, '100', JSON.stringify({ name, identifiers: [{ kind: 'phone', value: phoneForm(phoneOf(p), u + 2) }, { kind: 'wallet', value: wallets[p % wallets.length] }] }), null, evidenceId, ++seq, u);
      distinct.add(phoneOf(p));
      continue;
    }
    const q = (p + 1) % people;
    const ph = phoneOf(p);
    distinct.add(ph);
    const name = nameOf(p);
    const email = `user${p}@example.com`;
    // 1% of cards mix two people: merges across units, as real address books do.
    const cardIds = [{ kind: 'phone', value: phoneForm(ph, u) }, { kind: 'email', value: u % 100 === 0 ? `user${q}@example.com` : email }];
    const { evidence_id, seq: s1, src_line } = P(u);
    contact.run(name, JSON.stringify(cardIds), evidence_id, s1, src_line); // 2
    const acc = Number(account.run(`acct${u}`, 'telegram', name, evidenceId, ++seq, u).lastInsertRowid);
    ident.run(acc, 'user-id', `user${p}`, 'telegram'); // 1
    ident.run(acc, 'phone', phoneForm(ph, u + 1), null); // 1
    for (let k = 0; k < 2; k++) {
      // call-log entries: the entry's party is the number's user
      const cp = (p + k * 17) % people;
      let a = callAccounts.get(cp);
      if (a === undefined) callAccounts.set(cp, (a = Number(account.run(`call${cp}`, 'phone', null, evidenceId, ++seq, u).lastInsertRowid)));
      call.run(a, 1_700_000_000_000 + u, phoneForm(phoneOf(cp), u + k), evidenceId, ++seq, u); // 2
    }
    let sa = smsAccounts.get(p % 5000);
    if (sa === undefined) smsAccounts.set(p % 5000, (sa = Number(account.run(`sms${p % 5000}`, 'sms', null, evidenceId, ++seq, u).lastInsertRowid)));
    message.run(chat, sa, phoneForm(phoneOf(p % 5000), 0), 1_700_000_000_000 + u, `please call ${phoneForm(phoneOf(q), u)} or mail ${email} about order 2025-03-14`, evidenceId, ++seq, u); // 2 mentions (+ sender, grouped)
    tx.run(1_700_000_000_000 + u, '100', JSON.stringify({ name, identifiers: [{ kind: 'phone', value: phoneForm(ph, u + 2) }, { kind: 'email', value: email }] }), JSON.stringify({ identifiers: [{ kind: 'wallet', value: wallets[p % wallets.length] }] }), evidenceId, ++seq, u); // 3
  }
  db.exec('COMMIT');
  const genMs = performance.now() - t0;
  if (hints.complete) writeFileSync(join(dir, `link-${size}.hints.json`), JSON.stringify({ senders: hints.senders(), candidates: [...hints.candidatePages(1 << 30)].flat() }));

  // ---- reference: the same number of occurrence rows, same shape and index, written with nothing else to do
  db.exec('CREATE TABLE bench_ref (id INTEGER PRIMARY KEY, node_id INTEGER NOT NULL, evidence_id INTEGER NOT NULL, role TEXT NOT NULL, src_table TEXT NOT NULL, src_id INTEGER NOT NULL, raw TEXT NOT NULL, label TEXT, flags TEXT, count INTEGER NOT NULL); CREATE INDEX bench_ref_by_node ON bench_ref(node_id);');
  const refIns = db.prepare("INSERT INTO bench_ref (node_id, evidence_id, role, src_table, src_id, raw, label, flags, count) VALUES (?, ?, 'contact-card', 'contacts', ?, ?, NULL, NULL, 1)");
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  // With the page cache linking works with: the floor for the same writes, not for a smaller cache.
  withPageCache(db, LINK_PAGE_CACHE_KIB, () => {
    db.exec('BEGIN');
    for (let i = 0; i < size; i++) refIns.run((i * 2654435761) % people, evidenceId, i, phoneForm(phoneOf(i % people), i));
    db.exec('COMMIT');
  });
  const refMs = performance.now() - t1;
  const refCpu = process.cpuUsage(c1);
  db.exec('DROP TABLE bench_ref');

  c.close();
  process.stdout.write(`${JSON.stringify({ genMs, refMs, refCpuMs: (refCpu.user + refCpu.system) / 1000, distinctPhones: distinct.size })}\n`);
}

/** A fresh process opens the generated case and links it: its peak RSS is linking's alone. */
async function linkChild(dir: string, size: number, keep = false, file = join(dir, `link-${size}.case`), hintsFile?: string): Promise<void> {
  const { Case } = await import('../main/engine/case');
  const written = hintsFile ? readHints(hintsFile) : undefined;
  const { linkEvidence } = await import('../main/engine/identity/link');
  // The generator closed the case (its WAL checkpointed): the file alone is the unlinked case.
  if (keep) copyFileSync(file, join(dir, `link-${size}.unlinked.case`));
  const c = Case.open(file, { examiner: 'bench', quickCheck: false });
  const db = c.db;
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const summary = c.audited('identity-linked', () => {
    const s = linkEvidence(db, 1, written);
    return { result: s, details: s };
  });
  const linkMs = performance.now() - t2;
  const linkCpu = process.cpuUsage(c2);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  process.stdout.write(
    `${JSON.stringify({
      size,
      occurrences: one('SELECT SUM(count) AS n FROM identity_occurrences'),
      occurrenceRows: one('SELECT COUNT(*) AS n FROM identity_occurrences'),
      nodes: one('SELECT COUNT(*) AS n FROM identity_nodes'),
      edges: one('SELECT COUNT(*) AS n FROM identity_edges'),
      entities: one('SELECT COUNT(DISTINCT entity_id) AS n FROM identity_nodes'),
      suggestions: Object.values(summary.suggestions).reduce((a, b) => a + (b ?? 0), 0),
      phasesMs: summary.phasesMs,
      stepsCpuMs: summary.stepsCpuMs,
      linkMs,
      linkCpuMs: (linkCpu.user + linkCpu.system) / 1000,
      maxRssMb,
    })}\n`,
  );
  c.close();
}

/** The hints a generator wrote, as the import's MessageHints hands them to linkEvidence. */
function readHints(file: string): WrittenMessages {
  const h = JSON.parse(readFileSync(file, 'utf8')) as { senders: SenderGroup[]; candidates: number[] };
  return {
    complete: true,
    senders: () => h.senders,
    *candidatePages(size: number) {
      for (let i = 0; i < h.candidates.length; i += size) yield h.candidates.slice(i, i + size);
    },
  };
}

function runChild(dirAll: string, size: number, profile: string, keep: boolean, withHints = false): ChildResult {
  // Each profile's cases in their own folder: both profiles name theirs by size, and --keep keeps them.
  const dir = profile === 'mix' ? dirAll : join(dirAll, profile);
  mkdirSync(dir, { recursive: true });
  const self = fileURLToPath(import.meta.url);
  const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, ...args], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!) as Record<string, unknown>;
  const gen = run(['--child', dir, String(size), profile]);
  const link = run(['--link', dir, String(size), keep ? '--keep' : '-', ...(withHints ? [join(dir, `link-${size}.hints.json`)] : [])]);
  return { ...gen, ...link } as unknown as ChildResult;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    await child(argv[1]!, Number(argv[2]), argv[3] ?? 'mix');
    return;
  }
  if (argv[0] === '--link') {
    await linkChild(argv[1]!, Number(argv[2]), argv[3] === '--keep', undefined, argv[4]);
    return;
  }
  if (argv[0] === '--relink') {
    const [from, to] = [argv[1]!, argv[2]!];
    for (const f of [to, `${to}-wal`, `${to}-shm`]) rmSync(f, { force: true });
    copyFileSync(from, to);
    await linkChild('', 0, false, to, argv[3]);
    return;
  }
  const list = (flag: string, dflt: number[]) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1]!.split(',').filter(Boolean).map(Number) : dflt;
  };
  const runs: [string, number][] = [...list('--sizes', [1_000_000, 10_000_000]).map((n) => ['mix', n] as [string, number]), ...list('--records-sizes', [1_000_000]).map((n) => ['records', n] as [string, number])];
  const keepAt = argv.indexOf('--keep');
  const keep = keepAt >= 0;
  const dir = keep ? argv[keepAt + 1]! : mkdtempSync(join(tmpdir(), 'tl-bench-link-'));
  if (keep && !existsSync(dir)) mkdirSync(dir, { recursive: true });
  try {
    if (argv.includes('--hints')) console.log('linking with the import\'s message hints (senders and mention candidates gathered as messages are written)');
    console.log('profile  size        occurrences  rows(occ)  nodes     edges     entities  sugg.  link s  extract/join/suggest s  occ/s    ref s  link/ref  link cpu s  ref cpu s  cpu ratio  peak RSS MB');
    for (const [profile, n] of runs) {
      const r = runChild(dir, n, profile, keep, argv.includes('--hints'));
      const ph = r.phasesMs;
      console.log(
        [
          profile.padEnd(8),
          String(n).padEnd(11),
          String(r.occurrences).padStart(11),
          String(r.occurrenceRows).padStart(10),
          String(r.nodes).padStart(8),
          String(r.edges).padStart(9),
          String(r.entities).padStart(9),
          String(r.suggestions).padStart(6),
          (r.linkMs / 1000).toFixed(1).padStart(7),
          `${(ph.extract / 1000).toFixed(1)}/${(ph.join / 1000).toFixed(1)}/${(ph.suggest / 1000).toFixed(1)}`.padStart(23),
          (r.occurrences / (r.linkMs / 1000)).toFixed(0).padStart(8),
          (r.refMs / 1000).toFixed(1).padStart(6),
          (r.linkMs / r.refMs).toFixed(2).padStart(9),
          (r.linkCpuMs / 1000).toFixed(1).padStart(11),
          (r.refCpuMs / 1000).toFixed(1).padStart(10),
          (r.linkCpuMs / r.refCpuMs).toFixed(2).padStart(10),
          r.maxRssMb.toFixed(0).padStart(12),
        ].join(' '),
      );
      if (r.stepsCpuMs) console.log(`         cpu s by step: ${Object.entries(r.stepsCpuMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')}`);
      const pdir = profile === 'mix' ? dir : join(dir, profile);
      if (!keep) for (const f of [`link-${n}.case`, `link-${n}.case-wal`, `link-${n}.case-shm`, `link-${n}.hints.json`]) rmSync(join(pdir, f), { force: true });
    }
    console.log('target: 10 M occurrences linked in < 60 s. ref = inserting as many occurrence rows (one per occurrence) into a same-shaped indexed table, same run.');
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
