/**
 * bench/annotations: the cost of reading annotations, against rendering the same events without them, measured in
 * the same run. A 50,000-message case with 2,000 events tagged, bookmarked and noted: listAnnotated (what the
 * bookmarks panel, the side pane and reports read) vs renderEvents over the same keys (the timeline's own cost for
 * those events). Also the time of one audited tag. Prints times (median of 5) and ratios.
 *
 *   node --import tsx bench/annotations.ts [--messages 50000] [--annotated 2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNote, bookmarkTarget, listAnnotated, tagTarget } from '../main/engine/annotations';
import { Case } from '../main/engine/case';
import { importEvidence } from '../main/engine/jobs/import';
import { renderEvents } from '../main/engine/timeline/render';
import { generateWhatsApp } from './lib/generate';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const messages = arg('messages', 50_000);
const annotated = arg('annotated', 2_000);

function median(fn: () => void, runs = 5): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'tl-bench-annot-'));
try {
  const chat = join(dir, 'WhatsApp Chat with Bench.txt');
  await generateWhatsApp(chat, { records: messages });
  const c = Case.create(join(dir, 'b.tl'), { caseNumber: 'BENCH-ANN', examiner: 'Bench', tz: 'Asia/Bangkok' });
  await importEvidence(c, { path: chat, tz: 'Asia/Bangkok', dateOrder: 'dmy' });
  const ids = (c.db.prepare('SELECT id FROM messages ORDER BY id').pluck().all() as number[]).filter((_, i, all) => i % Math.max(1, Math.floor(all.length / annotated)) === 0).slice(0, annotated);
  const s0 = process.hrtime.bigint();
  ids.forEach((id, i) => {
    const target = { type: 'event' as const, id: `m${id}` };
    tagTarget(c, target, i % 2 ? 'lead' : 'exhibit');
    if (i % 3 === 0) bookmarkTarget(c, target);
    if (i % 4 === 0) addNote(c, target, `note ${i}`);
  });
  const perChange = Number(process.hrtime.bigint() - s0) / 1e6 / (ids.length * (1 + 1 / 3 + 1 / 4));
  const keys = listAnnotated(c.db, 'UTC').map((a) => BigInt(a.eventKey!));
  const ref = median(() => renderEvents(c.db, keys, 'Asia/Bangkok'));
  const list = median(() => listAnnotated(c.db, 'Asia/Bangkok'));
  const one = median(() => listAnnotated(c.db, 'Asia/Bangkok', { targetKey: `event:message:${ids[ids.length >> 1]}` }));
  console.log(`case: ${messages} messages, ${keys.length} annotated events (tags on all, bookmarks on a third, notes on a quarter)`);
  console.log(`audited change (tag / bookmark / note): ${perChange.toFixed(2)} ms each`);
  console.log(`renderEvents over the annotated keys (reference): ${ref.toFixed(1)} ms`);
  console.log(`listAnnotated (everything, for the panel / reports): ${list.toFixed(1)} ms — ratio ${(list / ref).toFixed(2)}`);
  console.log(`listAnnotated for one target (side pane): ${one.toFixed(1)} ms — ratio ${(one / ref).toFixed(3)}`);
  c.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
