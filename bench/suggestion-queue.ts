/**
 * bench/suggestion-queue: the identity workbench's suggestions queue with thousands of open suggestions.
 *
 * The reference, measured in the same run, is the whole queue in one request (what loading it all at once would
 * cost). Against it: the first page of 100 (what the workbench opens with), a page deep in the queue by offset and by
 * key (score, id — what "Load more" sends), and walking the whole queue page by page both ways.
 *
 *   node --import tsx bench/suggestion-queue.ts [--people 5000] [--suggestions 20000]
 *
 * Suggestions are written straight into a scratch case in bench/out/ (they are what the linker would propose; the
 * bench measures reading them, not proposing them). The case is rebuilt on every run.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Case } from '../main/engine/case';
import { suggestionPage } from '../main/engine/identity/workbench';
import { importEvidence } from '../main/engine/jobs/import';
import type { ImportRecord } from '../main/engine/model/records';
import { syntheticImporter } from './lib/synthetic-importer';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { people: { type: 'string' }, suggestions: { type: 'string' } } });
const PEOPLE = Number(values.people ?? 5_000);
const SUGGESTIONS = Number(values.suggestions ?? 20_000);
const PAGE = 100;
const dir = join(root, 'bench', 'out', 'suggestion-queue');

/** PEOPLE accounts, each with its own phone number, so each is an entity of its own. */
const people = syntheticImporter('synthetic-people', 'Synthetic people', 'PEOPLE ', async function* () {
  const recs: ImportRecord[] = [];
  for (let p = 0; p < PEOPLE; p++) {
    recs.push({ type: 'account', key: `p${p}`, platform: 'whatsapp', display: `Person ${p}`, identifiers: [{ kind: 'phone', value: `+6681${String(1_000_000 + p).slice(-7)}` }], prov: { line: p + 1 } } as ImportRecord);
    if (recs.length >= 5000) yield recs.splice(0);
  }
  yield recs.splice(0);
  yield [{ type: 'units', unit: 'message', seen: 0, parsed: 0 }];
});

function timeIt<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

/** The median of five runs (single page reads are short enough for the first one to be mostly warm-up). */
function median<T>(fn: () => T): { ms: number; value: T } {
  const runs = Array.from({ length: 5 }, () => timeIt(fn)).sort((a, b) => a.ms - b.ms);
  return runs[2]!;
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const src = join(dir, 'synthetic.txt');
writeFileSync(src, `PEOPLE ${PEOPLE}\n`);
const c = Case.create(join(dir, 'queue.tl'), { caseNumber: 'QUEUE', examiner: 'Bench', tz: 'UTC', region: 'TH' });
try {
  await importEvidence(c, { path: src, importers: [people], tz: 'UTC' });
  const nodes = c.db.prepare("SELECT id FROM identity_nodes WHERE type = 'account' ORDER BY id").pluck().all() as number[];
  // Deterministic pseudo-random pairs and scores (scores repeat, so ties are broken by id as in a real queue).
  let seed = 42;
  // mulberry32: exact in 32-bit integer arithmetic, unlike a multiplicative generator in doubles.
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const insert = c.db.prepare("INSERT OR IGNORE INTO identity_suggestions (a_node, b_node, rule, score, reasons_json) VALUES (?, ?, 'name-similar', ?, '[]')");
  c.db.transaction(() => {
    for (let i = 0; i < SUGGESTIONS; i++) {
      const a = nodes[Math.floor(rnd() * nodes.length)]!;
      const b = nodes[Math.floor(rnd() * nodes.length)]!;
      if (a !== b) insert.run(Math.min(a, b), Math.max(a, b), Math.round(rnd() * 100) / 100);
    }
  })();

  suggestionPage(c.db, { offset: 0, limit: 1 }); // builds the workbench index once, outside the timings
  const ref = timeIt(() => suggestionPage(c.db, { offset: 0, limit: 1_000_000 }));
  const total = ref.value.total;
  const first = median(() => suggestionPage(c.db, { offset: 0, limit: PAGE }));
  const deepAt = Math.max(0, total - PAGE - 1);
  const cursor = { score: ref.value.rows[deepAt - 1]!.score, id: ref.value.rows[deepAt - 1]!.id };
  const deepOffset = median(() => suggestionPage(c.db, { offset: deepAt, limit: PAGE }));
  const deepKey = median(() => suggestionPage(c.db, { offset: 0, limit: PAGE, after: cursor }));
  const same = JSON.stringify(deepOffset.value.rows.map((r) => r.id)) === JSON.stringify(deepKey.value.rows.map((r) => r.id));
  const walkOffset = timeIt(() => {
    let n = 0;
    for (let off = 0; off < total; off += PAGE) n += suggestionPage(c.db, { offset: off, limit: PAGE }).rows.length;
    return n;
  });
  const walkKey = timeIt(() => {
    let n = 0;
    let after: { score: number; id: number } | null = null;
    for (;;) {
      const p = suggestionPage(c.db, { offset: 0, limit: PAGE, ...(after ? { after } : {}) });
      n += p.rows.length;
      if (!p.next) return n;
      after = p.next;
    }
  });
  const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
  const r = (x: number) => `${x.toFixed(1)} ms (${(x / ref.ms).toFixed(3)}× reference)`;
  console.log(`open suggestions: ${total.toLocaleString('en')} between ${PEOPLE.toLocaleString('en')} entities`);
  console.log(`reference  whole queue in one request:        ${ref.ms.toFixed(1)} ms, ${bytes(ref.value).toLocaleString('en')} bytes`);
  console.log(`first page of ${PAGE} (what the workbench opens): ${r(first.ms)}, ${bytes(first.value).toLocaleString('en')} bytes`);
  console.log(`page at row ${deepAt.toLocaleString('en')} by offset:           ${r(deepOffset.ms)}`);
  console.log(`same page by key (Load more):             ${r(deepKey.ms)} — same rows: ${same}`);
  console.log(`whole queue page by page, offset:         ${r(walkOffset.ms)} — ${walkOffset.value.toLocaleString('en')} rows`);
  console.log(`whole queue page by page, key:            ${r(walkKey.ms)} — ${walkKey.value.toLocaleString('en')} rows`);
} finally {
  c.close();
  rmSync(dir, { recursive: true, force: true });
}
