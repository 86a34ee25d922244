/**
 * A large synthetic case for browser-mode tests and bench/ui-scroll: N chat messages (plus a call every 50th
 * event) spread over about a year in a few chats, written through the real import job (so the timeline index,
 * histogram counts and search indexes are exactly what an import builds). Deterministic for a given N.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Case } from '../../main/engine/case';
import type { Importer } from '../../main/engine/importers/types';
import { importEvidence } from '../../main/engine/jobs/import';
import type { ImportRecord } from '../../main/engine/model/records';
import { mulberry32 } from '../../shared/seeded';

const WORDS = ['deposit', 'usdt', 'wallet', 'transfer', 'boss', 'team', 'target', 'client', 'profit', 'platform', 'withdraw', 'account', 'bank', 'today', 'tomorrow', 'meeting', 'report', 'quota', 'bonus', 'ok'];
const PEOPLE = ['Ann', 'Boonsri', 'Chen Wei', 'Dara', 'Ekkachai', 'Farida', 'Gan Li', 'Hiroshi'];
export const LARGE_START = Date.parse('2024-06-01T00:00:00Z');
const SPAN = 365 * 86_400_000;

/** mulberry32 (shared/seeded.ts): the same seed always gives the same sequence. */
const rng = mulberry32;

function syntheticImporter(n: number): Importer {
  return {
    id: 'synthetic',
    version: '1.0.0',
    label: 'Synthetic test data',
    method: 'generated',
    limits: [],
    unit: 'message',
    sniff: (input) => (Buffer.from(input.head).toString('utf8').startsWith('SYNTHETIC ') ? { confidence: 1 } : null),
    async *parse() {
      const rand = rng(n);
      const recs: ImportRecord[] = [];
      for (let c = 0; c < 4; c++) recs.push({ type: 'chat', key: `c${c}`, platform: 'whatsapp', name: `Team ${c + 1}`, prov: { line: 1 } });
      PEOPLE.forEach((p, i) =>
        recs.push({ type: 'account', key: p, platform: 'whatsapp', display: p, identifiers: [{ kind: 'phone', value: `+6681234${String(5600 + i)}` }], chats: ['c0', 'c1', 'c2', 'c3'], prov: { line: 1 } }),
      );
      yield recs.splice(0);
      let calls = 0;
      for (let i = 0; i < n; i++) {
        const ts = LARGE_START + Math.floor((i / n) * SPAN) + Math.floor(rand() * 1000);
        const who = PEOPLE[Math.floor(rand() * PEOPLE.length)]!;
        const line = i + 2;
        if (i % 50 === 49) {
          calls++;
          recs.push({ type: 'call', time: { kind: 'instant', utcMs: ts, raw: new Date(ts).toISOString() }, direction: rand() < 0.5 ? 'incoming' : 'outgoing', durationS: Math.floor(rand() * 600), media: 'voice', counterpart: `+6681234${5600 + (i % 8)}`, prov: { line }, raw: `call ${i}` });
        } else {
          const words = Array.from({ length: 4 + Math.floor(rand() * 10) }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
          const body = `#${i} ${words.join(' ')}`;
          recs.push({ type: 'message', chatKey: `c${i % 4}`, senderKey: who, sender: who, time: { kind: 'instant', utcMs: ts, raw: new Date(ts).toISOString() }, kind: 'text', body, prov: { line }, raw: body });
        }
        if (recs.length >= 5000) yield recs.splice(0);
      }
      if (recs.length) yield recs.splice(0);
      yield [{ type: 'units', unit: 'message', seen: n, parsed: n }];
      void calls;
    },
  };
}

/** Create `dir/name` holding `n` events (one evidence item). Returns the case file path. */
export async function buildLargeCase(dir: string, n: number, name = 'large.tl'): Promise<string> {
  const file = join(dir, name);
  const src = join(dir, `synthetic-${n}.txt`);
  writeFileSync(src, `SYNTHETIC ${n}\n`);
  const c = Case.create(file, { caseNumber: `LARGE-${n}`, examiner: 'Bench', tz: 'Asia/Bangkok', region: 'TH', title: `Synthetic ${n.toLocaleString('en')} events` });
  try {
    await importEvidence(c, { path: src, importers: [syntheticImporter(n)], tz: 'Asia/Bangkok' });
  } finally {
    c.close();
  }
  return file;
}
