/**
 * bench/link: identity linking of one evidence item holding N identifier occurrences (1 M and 10 M by
 * default), generated straight into a case with SQL: contact cards, accounts with stated identifiers, call-log
 * entries, SMS senders and message mentions, ledger parties — phones in several surface forms, e-mails, user
 * ids, wallets. Each size runs in a fresh child process. Prints link time, occurrences/s, peak RSS, and the
 * ratio against a reference measured in the same run: inserting the same number of occurrence rows into a
 * table of the same shape and index, with no reading, normalising or linking (the floor for writing them).
 *
 *   node --import tsx bench/link.ts [--sizes 1000000,10000000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ChildResult {
  size: number;
  occurrences: number;
  distinctPhones: number;
  nodes: number;
  edges: number;
  entities: number;
  suggestions: number;
  genMs: number;
  refMs: number;
  linkMs: number;
  maxRssMb: number;
}

const FIRST = ['Somchai', 'Nok', 'Ploy', 'Anan', 'Kwan', 'Lek', 'Mya', 'Aung', 'Tran', 'Li', 'Chen', 'Wei', 'Sarah', 'James', 'Emily', 'Ken', 'Tony', 'Bee', 'Oat', 'Fern'];
const LAST = ['Srisuk', 'Wong', 'Tan', 'Lim', 'Nguyen', 'Miller', 'Carter', 'Kim', 'Lee', 'Chai', 'Boonmee', 'Saelim', 'Win', 'Htun', 'Pham'];

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

async function child(dir: string, size: number): Promise<void> {
  const { Case } = await import('../main/engine/case');
  const { insertEvidence } = await import('../main/engine/db/write/evidence');
  const { linkEvidence } = await import('../main/engine/identity/link');
  const { base58CheckEncode } = await import('../main/engine/identity/base58');
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
  const message = db.prepare("INSERT INTO messages (chat_id, sender_account_id, sender_raw, ts_utc, kind, body, evidence_id, seq, src_line) VALUES (?, ?, ?, ?, 'text', ?, ?, ?, ?)");
  const tx = db.prepare('INSERT INTO transactions (ts_utc, amount, from_json, to_json, evidence_id, seq, src_line) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const callAccounts = new Map<number, number>();
  const smsAccounts = new Map<number, number>();
  const distinct = new Set<string>();
  for (let u = 0; u < units; u++) {
    const p = (u * 2654435761) % people;
    const q = (p + 1) % people;
    const ph = phoneOf(p);
    distinct.add(ph);
    const name = `${FIRST[p % FIRST.length]} ${LAST[(p >> 3) % LAST.length]} ${p % 97}`;
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

  // ---- reference: the same number of occurrence rows, same shape and index, written with nothing else to do
  db.exec('CREATE TABLE bench_ref (id INTEGER PRIMARY KEY, node_id INTEGER NOT NULL, evidence_id INTEGER NOT NULL, role TEXT NOT NULL, src_table TEXT NOT NULL, src_id INTEGER NOT NULL, raw TEXT NOT NULL, label TEXT, flags TEXT, count INTEGER NOT NULL); CREATE INDEX bench_ref_by_node ON bench_ref(node_id); CREATE INDEX bench_ref_by_src ON bench_ref(src_table, src_id);');
  const refIns = db.prepare("INSERT INTO bench_ref (node_id, evidence_id, role, src_table, src_id, raw, label, flags, count) VALUES (?, ?, 'contact-card', 'contacts', ?, ?, NULL, NULL, 1)");
  const t1 = performance.now();
  db.exec('BEGIN');
  for (let i = 0; i < size; i++) refIns.run((i * 2654435761) % people, evidenceId, i, phoneForm(phoneOf(i % people), i));
  db.exec('COMMIT');
  const refMs = performance.now() - t1;
  db.exec('DROP TABLE bench_ref');

  // ---- link
  const t2 = performance.now();
  const summary = c.audited('identity-linked', () => {
    const s = linkEvidence(db, evidenceId);
    return { result: s, details: s };
  });
  const linkMs = performance.now() - t2;
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const result: ChildResult = {
    size,
    occurrences: one('SELECT SUM(count) AS n FROM identity_occurrences'),
    distinctPhones: distinct.size,
    nodes: one('SELECT COUNT(*) AS n FROM identity_nodes'),
    edges: one('SELECT COUNT(*) AS n FROM identity_edges'),
    entities: one('SELECT COUNT(DISTINCT entity_id) AS n FROM identity_nodes'),
    suggestions: Object.values(summary.suggestions).reduce((a, b) => a + (b ?? 0), 0),
    genMs,
    refMs,
    linkMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  c.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(dir: string, size: number): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', self, '--child', dir, String(size)], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    await child(argv[1]!, Number(argv[2]));
    return;
  }
  const sizesArg = argv.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? argv[sizesArg + 1]!.split(',').map(Number) : [1_000_000, 10_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'tl-bench-link-'));
  try {
    console.log('size        occurrences  phones    nodes     edges     entities  sugg.  link s   occ/s     ref s   link/ref  peak RSS MB');
    for (const n of sizes) {
      const r = runChild(dir, n);
      console.log(
        [
          String(n).padEnd(11),
          String(r.occurrences).padStart(11),
          String(r.distinctPhones).padStart(7),
          String(r.nodes).padStart(8),
          String(r.edges).padStart(9),
          String(r.entities).padStart(9),
          String(r.suggestions).padStart(6),
          (r.linkMs / 1000).toFixed(1).padStart(7),
          (r.occurrences / (r.linkMs / 1000)).toFixed(0).padStart(9),
          (r.refMs / 1000).toFixed(1).padStart(7),
          (r.linkMs / r.refMs).toFixed(2).padStart(9),
          r.maxRssMb.toFixed(0).padStart(12),
        ].join(' '),
      );
      rmSync(join(dir, `link-${n}.case`), { force: true });
      rmSync(join(dir, `link-${n}.case-wal`), { force: true });
    }
    console.log('target: 10 M occurrences linked in < 60 s. link/ref = link time over the time to merely insert as many occurrence rows.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
