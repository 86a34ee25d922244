/**
 * bench/identity-workbench: the entity list at 100,000 entities.
 *
 * Measures the workbench's list channel over a synthetic case — the index build after a change (cold), a page
 * from the cached index (warm), a sort change, a substring search and an identifier search, and one entity
 * card — against a reference measured in the same run: `listEntities`, what `threadline entities` (and the old
 * entities.list channel) computes for the whole case. Also prints how many bytes one page ships against the whole list.
 *
 *   node --import tsx bench/identity-workbench.ts [--entities 100000]
 *
 * The generated case is kept in bench/out/ (gitignored) and reused.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Case } from '../main/engine/case';
import { listEntities } from '../main/engine/identity';
import { decide, entityCard, entityPage, workbenchFullBuilds } from '../main/engine/identity/workbench';
import type { Importer } from '../main/engine/importers/types';
import { importEvidence } from '../main/engine/jobs/import';
import type { ImportRecord } from '../main/engine/model/records';
import { syntheticImporter } from './lib/synthetic-importer';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { entities: { type: 'string' } } });
const N = Number(values.entities ?? 100_000);
const OUT = join(root, 'bench', 'out');

const phone = (i: number) => `+6681${String(1_000_000 + i).slice(-7)}`;

/** N accounts, each with its own phone number (so each entity is an account linked to a phone), in 1-to-1 chats of two messages. */
function importer(n: number): Importer {
  return syntheticImporter('synthetic-people', 'Synthetic people', 'PEOPLE ', async function* () {
    const recs: ImportRecord[] = [];
    const pairs = Math.floor(n / 2);
    for (let i = 0; i < pairs; i++) recs.push({ type: 'chat', key: `c${i}`, platform: 'whatsapp', name: `chat ${i}`, prov: { line: 1 } });
    yield recs.splice(0);
    for (let p = 0; p < n; p++) {
      recs.push({ type: 'account', key: `p${p}`, platform: 'whatsapp', display: `Person ${p}`, identifiers: [{ kind: 'phone', value: phone(p) }], chats: [`c${Math.floor(p / 2) % pairs}`], prov: { line: p + 1 } } as ImportRecord);
      if (recs.length >= 5000) yield recs.splice(0);
    }
    yield recs.splice(0);
    const start = Date.parse('2024-06-01T00:00:00Z');
    let seen = 0;
    for (let i = 0; i < pairs; i++) {
      for (const who of [2 * i, 2 * i + 1]) {
        seen++;
        const ts = start + ((seen * 7_919_000) % (365 * 86_400_000));
        recs.push({ type: 'message', chatKey: `c${i}`, senderKey: `p${who}`, sender: `Person ${who}`, time: { kind: 'instant', utcMs: ts, raw: new Date(ts).toISOString() }, kind: 'text', body: `m${seen}`, prov: { line: seen + 1 }, raw: `m${seen}` });
      }
      if (recs.length >= 5000) yield recs.splice(0);
    }
    if (recs.length) yield recs.splice(0);
    yield [{ type: 'units', unit: 'message', seen, parsed: seen }];
  });
}

async function caseFile(): Promise<string> {
  const dir = join(OUT, `identity-workbench-${N}`);
  const file = join(dir, 'people.tl');
  if (existsSync(file)) return file;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t = Date.now();
  process.stdout.write(`generating a ${N.toLocaleString('en')}-person case (once; kept in ${dir}) … `);
  const src = join(dir, 'synthetic.txt');
  writeFileSync(src, `PEOPLE ${N}\n`);
  const c = Case.create(file, { caseNumber: `PEOPLE-${N}`, examiner: 'Bench', tz: 'UTC', region: 'TH' });
  try {
    await importEvidence(c, { path: src, importers: [importer(N)], tz: 'UTC' });
  } finally {
    c.close();
  }
  process.stdout.write(`${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  return file;
}

function timeIt<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

const file = await caseFile();
const c = Case.open(file, { examiner: 'Bench' });
try {
  const ref = timeIt(() => listEntities(c.db));
  const cold = timeIt(() => entityPage(c.db, { sort: 'activity', offset: 0, limit: 200 }));
  const warm = timeIt(() => entityPage(c.db, { sort: 'activity', offset: 50_000 % Math.max(1, cold.value.total), limit: 200 }));
  const resort = timeIt(() => entityPage(c.db, { sort: 'name', offset: 0, limit: 200 }));
  const text = timeIt(() => entityPage(c.db, { query: 'person 4242', sort: 'activity', offset: 0, limit: 200 }));
  const ident = timeIt(() => entityPage(c.db, { query: '081-100-4242', sort: 'activity', offset: 0, limit: 200 }));
  const card = timeIt(() => entityCard(c.db, cold.value.rows[0]!.id));
  // A decision patches the index (the entities it touched) instead of rebuilding it: merge two entities and undo.
  const builds = workbenchFullBuilds();
  const [x, y] = [cold.value.rows[1]!.id, cold.value.rows[2]!.id];
  const merge = timeIt(() => {
    const d = decide(c, { action: 'merge', a: x, b: y, why: 'Benchmark: merge two synthetic people.' });
    return { d, page: entityPage(c.db, { sort: 'activity', offset: 0, limit: 200 }) };
  });
  const undo = timeIt(() => {
    decide(c, { action: 'undo', decision: merge.value.d.decision, why: 'Benchmark: undo the synthetic merge.' });
    return entityPage(c.db, { sort: 'activity', offset: 0, limit: 200 });
  });
  const patched = workbenchFullBuilds() === builds;
  const pageBytes = Buffer.byteLength(JSON.stringify(cold.value));
  const allBytes = Buffer.byteLength(JSON.stringify(ref.value));
  const r = (x: number) => `${x.toFixed(1)} ms (${(x / ref.ms).toFixed(3)}× reference)`;
  console.log(`entities: ${cold.value.total.toLocaleString('en')} listed (${ref.value.length.toLocaleString('en')} from listEntities)`);
  console.log(`reference  listEntities (whole case, what entities.list ships): ${ref.ms.toFixed(1)} ms`);
  console.log(`index build + first page (cold, after any change):          ${r(cold.ms)}`);
  console.log(`page at offset 50,000 (warm):                                ${r(warm.ms)}`);
  console.log(`first page sorted by name (warm, new sort):                  ${r(resort.ms)}`);
  console.log(`substring search "person 4242" (warm):                       ${r(text.ms)} — ${text.value.total} hits`);
  console.log(`identifier search "081-100-4242" (warm):                     ${r(ident.ms)} — ${ident.value.total} hit(s)`);
  console.log(`entity card:                                                 ${r(card.ms)}`);
  console.log(`merge decision + first page (index patched: ${patched}):        ${r(merge.ms)} — ${merge.value.page.total.toLocaleString('en')} entities`);
  console.log(`undo decision + first page:                                  ${r(undo.ms)} — ${undo.value.total.toLocaleString('en')} entities`);
  console.log(`bytes shipped: one page ${pageBytes.toLocaleString('en')} vs whole list ${allBytes.toLocaleString('en')} (${(pageBytes / allBytes).toFixed(4)}×)`);
  console.log(`heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  c.close();
}
