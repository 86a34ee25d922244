/**
 * bench/scale: builds a case of N events (default 10,000,000) from several generated devices through the real
 * write path (RecordWriter → identity linking → event/search indexing, one transaction per device), then
 * prints p50/p95 of timeline pages (shallow and deep, with and without entity and time filters), histograms,
 * full-text queries (a term in >10 % of messages and a rare one, newest-first and ranked) and identifier
 * lookups, each beside a reference measured in the same run (OFFSET paging, GROUP BY over events, FTS5
 * ORDER BY rank over every match), the query plans, and the case file size per million events.
 *
 *   node --import tsx bench/scale.ts [--events 1000000] [--devices 20] [--dir DIR] [--keep] [--reuse FILE] [--sizes] [--no-link]
 *
 * --warm reads the case file once before measuring, so the OS page cache holds it (as on a workstation where the
 * case has been open a while); without it, deep pages of a case larger than the cache also measure disk reads.
 * --link-devices K links only the first K devices (default: all up to 2M events, else 4); --no-link skips linking
 * while building (the identifier lookup then finds nothing). Targets are judged on wall-clock p95; on a shared
 * machine every timing is also given as this process's CPU time (p50/p95, process.cpuUsage around each call),
 * which contention distorts less, and the load average is printed before and after measuring.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Case } from '../main/engine/case';
import type { SqlDb } from '../main/engine/db/case-db';
import { completeEvidence, insertEvidence } from '../main/engine/db/write/evidence';
import { indexPendingEvents } from '../main/engine/db/write/events';
import { forgetPrepared } from '../main/engine/db/read/timeline';
import { RecordWriter } from '../main/engine/db/write/records';
import { linkEvidence } from '../main/engine/identity/link';
import type { ImportRecord } from '../main/engine/model/records';
import { searchText } from '../main/engine/search/full-text';
import { searchIdentifier } from '../main/engine/search/identifiers';
import { histogram } from '../main/engine/timeline/histogram';
import { timelinePage, type TimelineRequest } from '../main/engine/timeline/page';
import type { EventFilter } from '../main/engine/timeline/types';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    devices: { type: 'string', default: '20' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    sizes: { type: 'boolean', default: false },
    reps: { type: 'string', default: '40' },
    'no-link': { type: 'boolean', default: false },
    'link-devices': { type: 'string' },
    warm: { type: 'boolean', default: false },
  },
});
const N = Number(args.events);
const DEVICES = Number(args.devices);
// Identity linking is another helper's cost and grows with the case; at scale only the first few devices are
// linked (the identifier lookup is an index seek whose cost depends on the identity graph, not on messages).
const LINK_DEVICES = args['no-link'] ? 0 : args['link-devices'] !== undefined ? Number(args['link-devices']) : N <= 2_000_000 ? DEVICES : 4;
const REPS = Number(args.reps);

// ------------------------------------------------------------------------------------------ generation

let seed = 0x9e3779b9;
function rnd(): number {
  // mulberry32: deterministic, so every run builds the same case.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number) => Math.floor(rnd() * n);

const SYL = ['ka', 'lo', 'mi', 'ten', 'sa', 'ru', 'po', 'vin', 'da', 'che', 'nu', 'bor', 'gi', 'tha', 'wen', 'ly'];
const VOCAB: string[] = [];
for (let i = 0; VOCAB.length < 20_000; i++) VOCAB.push(`${SYL[i % 16]}${SYL[(i >> 4) % 16]}${SYL[(i >> 8) % 16]}${i >> 12 ? SYL[(i >> 12) % 16] : ''}`);
/** Zipf-like: log-uniform rank. */
const word = () => VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.exp(rnd() * Math.log(VOCAB.length))) - 1)]!;
const THAI = ['โอนเงินแล้วนะ', 'พรุ่งนี้เจอกันที่ร้าน', 'ส่งสลิปให้หัวหน้า', 'ลูกค้าใหม่โทรมา', 'เงินเข้าบัญชีแล้ว'];
const CHINESE = ['明天转账给老板', '客户已经付款了', '银行卡被冻结', '今晚开会'];

const GIVEN = ['Somchai', 'Nattapong', 'Mya', 'Sokha', 'Chen', 'Wei', 'Thida', 'Aung', 'Dara', 'Linh', 'Arun', 'Kanya', 'Bopha', 'Hui', 'Min', 'Ploy'];
/** Names from a few thousand combinations, so similar-name suggestions stay realistic rather than all-to-all. */
const personName = () => `${GIVEN[int(GIVEN.length)]} ${SYL[int(16)]}${SYL[int(16)]}${SYL[int(16)]}`.replace(/^(\w)/, (m) => m.toUpperCase());

const START = Date.UTC(2023, 5, 1);
const SPAN = 730 * 86_400_000;
const BOSS = '+66 81 555 0000';
const BOSS_QUERY = '081-555-0000'; // another surface form of the same number
const PHONE_POOL = Array.from({ length: 5000 }, (_, i) => `+6682${String(1_000_000 + i * 37).slice(-7)}`);

interface Device {
  records: number;
  write: (w: RecordWriter) => void;
}

function device(d: number, events: number): Device {
  return {
    records: events,
    write(w) {
      const phone = `+6689${String(1_000_000 + d).slice(-7)}`;
      w.write({ type: 'account', key: 'owner', platform: 'whatsapp', display: `Owner ${d}`, isOwner: true, identifiers: [{ kind: 'phone', value: phone }], prov: { line: 1 } });
      const contacts = 400;
      const chats: { key: string; other: string }[] = [];
      for (let i = 0; i < contacts; i++) {
        const num = i === 0 ? BOSS : PHONE_POOL[Math.floor(Math.exp(rnd() * Math.log(PHONE_POOL.length))) - 1]!;
        const key = `a${i}`;
        const chatKey = `c${i}`;
        const name = i === 0 ? 'Boss' : personName();
        w.write({ type: 'chat', key: chatKey, platform: 'whatsapp', name, chatKind: 'personal', prov: { line: 1 } });
        w.write({ type: 'account', key, platform: 'whatsapp', display: name, identifiers: [{ kind: 'phone', value: num }], chats: [chatKey], prov: { line: 1 } });
        w.write({ type: 'account', key: 'owner', platform: 'whatsapp', identifiers: [], chats: [chatKey], prov: { line: 1 } });
        chats.push({ key: chatKey, other: key });
      }
      // Each device is active for about nine months somewhere in the two years; half the devices write minute precision.
      const from = START + int(SPAN - 270 * 86_400_000);
      const step = (270 * 86_400_000) / events;
      const minutePrecision = d % 2 === 0;
      let t = from;
      for (let i = 0; i < events; i++) {
        t += Math.floor(rnd() * 2 * step);
        const ts = minutePrecision ? t - (t % 60_000) : t;
        const time = { kind: 'instant' as const, utcMs: ts, raw: String(ts) };
        const r = rnd();
        // The boss chat is busy: ~3 % of each device's traffic.
        const c = rnd() < 0.03 ? chats[0]! : chats[1 + int(chats.length - 1)]!;
        if (r < 0.92) {
          const n = 4 + int(10);
          const ws: string[] = [];
          for (let k = 0; k < n; k++) ws.push(word());
          if (rnd() < 0.15) ws.splice(int(ws.length), 0, 'usdt');
          if (int(500_000) === 0) ws.push('zebracode');
          let body = ws.join(' ');
          const lang = rnd();
          if (lang < 0.05) body = `${THAI[int(THAI.length)]} ${ws.slice(0, 2).join(' ')}`;
          else if (lang < 0.07) body = CHINESE[int(CHINESE.length)]!;
          const outgoing = rnd() < 0.45;
          const rec: ImportRecord = {
            type: 'message',
            chatKey: c.key,
            senderKey: outgoing ? 'owner' : c.other,
            time,
            kind: 'text',
            body,
            ...(outgoing ? { direction: 'outgoing' as const } : { direction: 'incoming' as const }),
            prov: { line: i + 2, offset: i * 80 },
            raw: body,
          };
          if (rnd() < 0.03) rec.attachments = [{ name: `IMG-${d}-${i}.jpg`, status: 'omitted' }];
          w.write(rec);
        } else if (r < 0.97) {
          w.write({ type: 'call', chatKey: c.key, accountKey: c.other, time, direction: rnd() < 0.5 ? 'incoming' : 'outgoing', durationS: int(600), media: 'voice', prov: { line: i + 2 }, raw: 'call' });
        } else if (r < 0.98) {
          w.write({
            type: 'transaction',
            time,
            amount: String(100 + int(10_000)),
            currency: 'USDT',
            description: `deposit ${word()}`,
            from: { name: `Victim ${int(1000)}`, identifiers: [] },
            to: { name: 'Mule', identifiers: [] },
            prov: { line: i + 2 },
            raw: 'tx',
          });
        } else if (r < 0.99) {
          w.write({ type: 'contact', name: `Card ${word()} ${word()}`, identifiers: [{ kind: 'phone', value: PHONE_POOL[int(PHONE_POOL.length)]! }], fields: [], ...(rnd() < 0.5 ? { time } : {}), prov: { line: i + 2 }, raw: 'card' });
        } else {
          w.write({ type: 'row', key: `r${i}`, sheet: 'Ledger', rowNumber: i, cells: [{ ref: `A${i}`, value: word(), type: 'string' }, { ref: `B${i}`, value: String(int(99999)), type: 'number' }], prov: { line: i }, raw: 'row' });
        }
      }
    },
  };
}

function build(file: string): void {
  const c = Case.create(file, { caseNumber: 'BENCH-SCALE', examiner: 'bench', tz: 'Asia/Bangkok', region: 'TH' });
  c.db.pragma('cache_size = -524288');
  const per = Math.ceil(N / DEVICES);
  const t0 = Date.now();
  let done = 0;
  for (let d = 0; d < DEVICES; d++) {
    const events = Math.min(per, N - done);
    if (events <= 0) break;
    const dev = device(d, events);
    const t = Date.now();
    const phases: Record<string, number> = {};
    c.db.transaction(() => {
      const ev = insertEvidence(c.db, {
        path_given: `device-${d}.json`,
        path_resolved: `/bench/device-${d}.json`,
        file_name: `device-${d}.json`,
        size: events * 80,
        sha256: d.toString(16).padStart(64, '0'),
        sha1: d.toString(16).padStart(40, '0'),
        md5: d.toString(16).padStart(32, '0'),
        mtime_utc: null,
        format: 'bench',
        layout: null,
        importer_version: '0',
        tz: 'UTC',
        date_order: null,
        region: 'TH',
        owner: null,
        options_json: '{}',
        examiner: 'bench',
        imported_utc: new Date().toISOString(),
        duplicate_of: null,
      });
      let p = Date.now();
      dev.write(new RecordWriter(c.db, ev, 'UTC'));
      phases.records = Date.now() - p;
      p = Date.now();
      completeEvidence(c.db, ev, { unit: 'record', seen: events, parsed: events }, {}, null);
      if (d < LINK_DEVICES) linkEvidence(c.db, ev);
      phases.link = Date.now() - p;
      p = Date.now();
      indexPendingEvents(c.db);
      phases.index = Date.now() - p;
    }).immediate();
    done += events;
    const rate = Math.round(done / ((Date.now() - t0) / 1000));
    console.log(`  device ${d + 1}/${DEVICES}: ${events.toLocaleString('en')} records in ${((Date.now() - t) / 1000).toFixed(1)} s (write ${phases.records} ms, link ${phases.link} ms, index ${phases.index} ms); ${done.toLocaleString('en')} total, ${rate.toLocaleString('en')}/s`);
  }
  c.db.pragma('wal_checkpoint(TRUNCATE)');
  c.close();
}

// ------------------------------------------------------------------------------------------ measurement

interface Timing {
  p50: number;
  p95: number;
  /** CPU time of this process per call (median and p95): what the query costs, with less of the machine's contention. */
  cpu50: number;
  cpu95: number;
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(xs.length * p) - 1))]!;

function time(fn: (i: number) => unknown, reps = REPS): Timing {
  fn(-1); // warm the statement cache and pages
  const ts: number[] = [];
  const cs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const s = process.hrtime.bigint();
    fn(i);
    ts.push(Number(process.hrtime.bigint() - s) / 1e6);
    const c = process.cpuUsage(c0);
    cs.push((c.user + c.system) / 1000);
  }
  ts.sort((a, b) => a - b);
  cs.sort((a, b) => a - b);
  return { p50: pct(ts, 0.5), p95: pct(ts, 0.95), cpu50: pct(cs, 0.5), cpu95: pct(cs, 0.95) };
}

/** One call, unwarmed (for costs paid once per open case, such as loading a cache). */
function once(fn: () => unknown): Timing {
  const c0 = process.cpuUsage();
  const s = process.hrtime.bigint();
  fn();
  const w = Number(process.hrtime.bigint() - s) / 1e6;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  return { p50: w, p95: w, cpu50: cpu, cpu95: cpu };
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(8);

/** Targets are judged on wall-clock p95; CPU p95 beside it shows how much of a miss is waiting for a core. */
const verdicts = { ok: 0, over: 0, overCpuOk: 0 };

function line(label: string, t: Timing, target?: number, ref?: Timing): void {
  let ok = '';
  if (target !== undefined) {
    if (t.p95 < target) {
      ok = `  ok (< ${target} ms)`;
      verdicts.ok++;
    } else {
      ok = `  OVER TARGET (${target} ms)${t.cpu95 < target ? ', cpu p95 within it' : ''}`;
      verdicts.over++;
      if (t.cpu95 < target) verdicts.overCpuOk++;
    }
  }
  const ratio = ref ? `  reference/this = ${(ref.p50 / Math.max(t.p50, 0.001)).toFixed(1)}` : '';
  console.log(`  ${label.padEnd(58)} p50 ${fmt(t.p50)} ms  p95 ${fmt(t.p95)} ms  cpu p50 ${fmt(t.cpu50)} ms  p95 ${fmt(t.cpu95)} ms${ok}${ratio}`);
}

/** The machine's load average (1, 5, 15 min) and core count: wall times mean little without it. */
function load(): string {
  const [a, b, c] = loadavg();
  return `load average ${a!.toFixed(2)}, ${b!.toFixed(2)}, ${c!.toFixed(2)} on ${cpus().length} cores`;
}

/** Records the SQL (and first arguments) prepared while fn runs, to print its query plans. */
function capturePlans(db: SqlDb, fn: () => void): { sql: string; args: unknown[] }[] {
  const seen: { sql: string; args: unknown[] }[] = [];
  // Read-outs keep prepared statements; forget them so this run prepares (and shows) every one it uses.
  forgetPrepared(db);
  const orig = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = (sql: string) => {
    const st = orig(sql);
    const rec = { sql, args: [] as unknown[] };
    seen.push(rec);
    for (const m of ['all', 'get', 'run', 'iterate'] as const) {
      const f = (st[m] as (...a: unknown[]) => unknown).bind(st);
      (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        if (rec.args.length === 0) rec.args = a;
        return f(...a);
      };
    }
    return st;
  };
  try {
    fn();
  } finally {
    (db as { prepare: unknown }).prepare = orig;
  }
  return seen;
}

function printPlans(db: SqlDb, label: string, plans: { sql: string; args: unknown[] }[]): void {
  console.log(`    plan: ${label}`);
  for (const p of plans) {
    if (!/^\s*SELECT|^\s*WITH/i.test(p.sql)) continue;
    let rows: { detail: string }[];
    try {
      rows = db.prepare(`EXPLAIN QUERY PLAN ${p.sql}`).all(...p.args) as { detail: string }[];
    } catch {
      continue;
    }
    const short = p.sql.replace(/\s+/g, ' ').slice(0, 110);
    console.log(`      ${short}${p.sql.length > 110 ? '…' : ''}`);
    for (const r of rows) console.log(`        └ ${r.detail}`);
  }
}

function measure(file: string): void {
  console.log(`\nmeasuring; ${load()} (wall times are judged against the targets; cpu = this process's CPU time per call)`);
  const c = Case.open(file, { quickCheck: false, examiner: 'bench' });
  const db = c.db;
  const events = Number((db.prepare('SELECT SUM(dated) + SUM(undated) AS n FROM event_index_runs').get() as { n: number }).n);
  const bounds = db.prepare('SELECT MIN(ts_utc) a, MAX(ts_utc) b FROM messages').get() as { a: number; b: number };
  const span = bounds.b - bounds.a;
  const boss = searchIdentifier(db, BOSS_QUERY);
  const entity = boss.hits[0]?.entity ?? null;
  console.log(`\ncase: ${events.toLocaleString('en')} events, ${DEVICES} devices (${LINK_DEVICES} identity-linked), ${new Date(bounds.a).toISOString().slice(0, 10)} … ${new Date(bounds.b).toISOString().slice(0, 10)}; boss entity ${entity} with ${boss.hits[0]?.accounts.length ?? 0} accounts, ${boss.hits[0]?.events.toLocaleString('en') ?? 0} events`);
  const tz = 'Asia/Bangkok';
  const page = (req: Omit<TimelineRequest, 'displayTz'>) => timelinePage(db, { displayTz: tz, limit: 200, ...req });
  const deepAt = (i: number) => bounds.a + Math.floor(span * (0.5 + 0.5 * (((i + 2) * 7919) % 1000) / 1000));
  const week = (i: number): EventFilter => {
    const from = bounds.a + Math.floor(span * (0.55 + 0.4 * (((i + 2) * 104729) % 1000) / 1000));
    return { from, to: from + 7 * 86_400_000 };
  };
  const ent: EventFilter = entity !== null ? { entities: [entity] } : {};
  // The boss's account on every device (what the entity would be with every device linked).
  const bossAccounts = (db.prepare("SELECT a.id FROM accounts a WHERE a.display = 'Boss' ORDER BY a.id").pluck().all() as number[]);
  const allBoss: EventFilter = { accounts: bossAccounts };

  console.log('\ntimeline page of 200 (target p95 < 20 ms at any depth and with filters)');
  const offsetRef = time(() => db.prepare('SELECT id FROM events WHERE id < ? ORDER BY id LIMIT 200 OFFSET ?').safeIntegers(true).all(1n << 62n, Math.floor(events / 2)), 3);
  let plans = capturePlans(db, () => page({ at: deepAt(0) }));
  line('shallow, no filter (from the first event)', time(() => page({})), 20);
  line('deep, no filter (--at a late instant)', time((i) => page({ at: deepAt(i) })), 20, offsetRef);
  line('deepest, no filter (the page before the last instant)', time(() => page({ at: bounds.b + 1, before: true })), 20);
  line(`reference: OFFSET ${Math.floor(events / 2).toLocaleString('en')} LIMIT 200`, offsetRef);
  printPlans(db, 'deep page, no filter', plans);
  plans = capturePlans(db, () => page({ filter: ent, at: deepAt(1) }));
  line('shallow, entity filter', time(() => page({ filter: ent })), 20);
  line('deep, entity filter', time((i) => page({ filter: ent, at: deepAt(i) })), 20);
  printPlans(db, 'deep page, entity filter', plans);
  line(`shallow, the boss's ${bossAccounts.length} accounts on all devices`, time(() => page({ filter: allBoss })), 20);
  line(`deep, the boss's ${bossAccounts.length} accounts on all devices`, time((i) => page({ filter: allBoss, at: deepAt(i) })), 20);
  plans = capturePlans(db, () => page({ filter: week(0) }));
  line('deep, one-week time filter', time((i) => page({ filter: week(i) })), 20);
  line('deep, entity + one-week time filter', time((i) => page({ filter: { ...ent, ...week(i) } })), 20);
  line("deep, boss's accounts + one-week time filter", time((i) => page({ filter: { ...allBoss, ...week(i) } })), 20);
  line('deep, kind = call', time((i) => page({ filter: { kinds: ['call'] }, at: deepAt(i) })), 20);
  const e3 = db.prepare('SELECT MIN(ts_utc) a, MAX(ts_utc) b FROM messages WHERE evidence_id = 3').get() as { a: number; b: number };
  line('inside E3: evidence E3 + kind = message', time((i) => page({ filter: { kinds: ['message'], evidence: [3] }, at: e3.a + Math.floor(((e3.b - e3.a) * ((i * 7919) % 1000)) / 1000) })), 20);
  printPlans(db, 'week filter', plans);
  // The case opens with SQLite's default 16 MB page cache; a deep page reads ~200 scattered records.
  db.pragma('cache_size = -262144');
  line('deep, no filter, with a 256 MB page cache', time((i) => page({ at: deepAt(i + 1000) })), 20);
  db.pragma('cache_size = -16000');

  console.log('\nhistogram (target < 500 ms over the whole range)');
  const groupRef = time(() => db.prepare('SELECT ts_utc / 86400000 AS d, COUNT(*) FROM events WHERE id < ? GROUP BY d').safeIntegers(true).all(1n << 62n), 2);
  // The first histogram after opening loads the quarter-hour counts into memory (once per case state).
  line('first after opening: hour buckets (Yangon), one call', once(() => histogram(db, { bucket: 'hour', displayTz: 'Asia/Yangon' })), 500);
  plans = capturePlans(db, () => histogram(db, { bucket: 'day', displayTz: tz }));
  line('whole range, day buckets (Asia/Bangkok)', time(() => histogram(db, { bucket: 'day', displayTz: tz }), 10), 500, groupRef);
  line('whole range, hour buckets (Asia/Yangon, +06:30)', time(() => histogram(db, { bucket: 'hour', displayTz: 'Asia/Yangon' }), 5), 500);
  line('whole range, week buckets, kind = message, E1–E3', time(() => histogram(db, { bucket: 'week', displayTz: tz, filter: { kinds: ['message'], evidence: [1, 2, 3] } }), 5), 500);
  line('whole range, day buckets, entity filter (index scan)', time(() => histogram(db, { bucket: 'day', displayTz: tz, filter: ent }), 3));
  line('reference: GROUP BY day over all events', groupRef);
  printPlans(db, 'whole-range histogram', plans);

  console.log('\nfull-text search, page of 50 with snippets (target p95 < 100 ms)');
  const usdtDocs = Number((db.prepare("SELECT COUNT(*) FROM search_words WHERE search_words MATCH 'usdt'").pluck().get() as number));
  const msgs = Number(db.prepare('SELECT COUNT(*) FROM messages').pluck().get());
  console.log(`  'usdt' is in ${usdtDocs.toLocaleString('en')} of ${msgs.toLocaleString('en')} messages (${((100 * usdtDocs) / msgs).toFixed(1)} %)`);
  const rankRef = time(() => db.prepare("SELECT rowid FROM search_words WHERE search_words MATCH 'usdt' ORDER BY rank LIMIT 50").all(), 1);
  plans = capturePlans(db, () => searchText(db, { query: 'usdt', displayTz: tz }));
  line('common term, newest first', time(() => searchText(db, { query: 'usdt', displayTz: tz })), 100);
  printPlans(db, 'common newest', plans);
  plans = capturePlans(db, () => searchText(db, { query: 'usdt', displayTz: tz, order: 'rank' }));
  // A different window size each call, so every call scores its window afresh (the scored window is reused by
  // the pages of one search, which the next line measures).
  line('common term, ranked, first page (bm25, newest 5,000)', time((i) => searchText(db, { query: 'usdt', displayTz: tz, order: 'rank', rankWindow: 5000 + i + 2 }), 20), 100, rankRef);
  const firstRanked = searchText(db, { query: 'usdt', displayTz: tz, order: 'rank' });
  line('common term, ranked, next page (window scored once)', time(() => searchText(db, { query: 'usdt', displayTz: tz, order: 'rank', cursor: firstRanked.next! }), 20), 100);
  line('reference: FTS5 ORDER BY rank over every match', rankRef);
  printPlans(db, 'common ranked', plans);
  line('common term, newest first, deep (--to a mid instant)', time((i) => searchText(db, { query: 'usdt', displayTz: tz, filter: { to: deepAt(i) } })), 100);
  line('rare term, newest first', time(() => searchText(db, { query: 'zebracode', displayTz: tz })), 100);
  line('rare term, ranked', time(() => searchText(db, { query: 'zebracode', displayTz: tz, order: 'rank' })), 100);
  line('phrase + prefix: "usdt ka*"', time(() => searchText(db, { query: '"usdt ka*"', displayTz: tz })), 100);
  plans = capturePlans(db, () => searchText(db, { query: 'usdt', displayTz: tz, filter: ent }));
  line('common term + entity filter, newest first', time(() => searchText(db, { query: 'usdt', displayTz: tz, filter: ent })), 100);
  line("common term + boss's accounts on all devices, newest first", time(() => searchText(db, { query: 'usdt', displayTz: tz, filter: allBoss })), 100);
  printPlans(db, 'common + entity', plans);
  line('common term + one-week filter, ranked, first page', time((i) => searchText(db, { query: 'usdt', displayTz: tz, order: 'rank', filter: week(i) }), 20), 100);
  line('Thai substring (trigram index), newest first', time(() => searchText(db, { query: 'หัวหน้า', displayTz: tz })), 100);
  line('Chinese two-character word (bounded scan), newest first', time(() => searchText(db, { query: '转账', displayTz: tz }), 10));

  console.log('\nidentifier lookup (target < 5 ms)');
  plans = capturePlans(db, () => searchIdentifier(db, BOSS_QUERY));
  line(`"${BOSS_QUERY}" → +66815550000, entity, accounts, raw forms`, time(() => searchIdentifier(db, BOSS_QUERY), 200), 5);
  line('a number not in the case', time(() => searchIdentifier(db, '+44 20 7946 0000'), 200), 5);
  printPlans(db, 'identifier', plans);

  c.close();
  console.log(`\nmeasured; ${load()}`);
  console.log(`targets: ${verdicts.ok} met, ${verdicts.over} over on wall time (${verdicts.overCpuOk} of them within the target on CPU time, i.e. waiting for a core)`);
  const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  console.log(`\ncase file: ${(bytes / 2 ** 30).toFixed(2)} GiB for ${events.toLocaleString('en')} events = ${((bytes / 2 ** 20) / (events / 1e6)).toFixed(0)} MiB per million events`);
  if (args.sizes) {
    const s = Case.open(file, { quickCheck: false, examiner: 'bench', readonly: true });
    const rows = s.db.prepare('SELECT name, SUM(pgsize) AS b FROM dbstat GROUP BY name ORDER BY b DESC LIMIT 25').all() as { name: string; b: number }[];
    for (const r of rows) console.log(`  ${r.name.padEnd(40)} ${((r.b / 2 ** 20) / (events / 1e6)).toFixed(1).padStart(8)} MiB per million events`);
    s.close();
  }
}

const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'threadline-scale-'));
mkdirSync(dir, { recursive: true });
const file = args.reuse ?? join(dir, 'scale.case');
try {
  if (!args.reuse) {
    console.log(`building ${N.toLocaleString('en')} events over ${DEVICES} devices in ${file}`);
    const t = Date.now();
    build(file);
    console.log(`built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  if (args.warm) {
    const t = Date.now();
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(8 << 20);
    let total = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) total += n;
    closeSync(fd);
    console.log(`warmed the OS page cache: read ${(total / 2 ** 30).toFixed(2)} GiB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  measure(file);
} finally {
  if (!args.keep && !args.reuse && !args.dir) rmSync(dir, { recursive: true, force: true });
}
