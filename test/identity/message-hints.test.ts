import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { isMentionCandidate, MENTION_CANDIDATE_SQL, messageSenders } from '../../main/engine/db/read/identity';
import { insertEvidence } from '../../main/engine/db/write/evidence';
import { MessageHints } from '../../main/engine/db/write/message-hints';
import { RecordWriter } from '../../main/engine/db/write/records';
import { linkEvidence } from '../../main/engine/identity';
import type { ImportRecord } from '../../main/engine/model/records';
import { mulberry32 } from '../../shared/seeded';
import { tempDir } from '../helpers/tmp';

/** Bodies where the JavaScript test and SQLite's GLOB / instr could part ways. */
const TRICKY = [
  'plain words only',
  'call me 081 234 5678',
  'mail ann@x.org',
  '@boss_chen',
  'เบอร์ ๐๘๑๒๓๔๕๖๗๘',
  'Thai text without digits สวัสดี',
  'full-width ０８１',
  'Arabic-Indic ٠٨١ and ۰۸۱',
  'see t.me/boss',
  'line.me/ti/p/abc',
  'T.ME/upper case',
  'before NUL\u0000 after 123',
  'NUL then link\u0000 t.me/x',
  'NUL then line\u0000line.me/y',
  '\u0000@ at start after NUL',
  'emoji 😀 only',
  'lone surrogate \uD800 here 5',
  'lone surrogate \uDC00 no digits',
  '',
  'x'.repeat(300) + '9',
  'digits after bidi \u202E 42',
];

function messages(n: number, seed: number): ImportRecord[] {
  const r = mulberry32(seed);
  const senders = ['Ann', '+66 81 234 5678', '~ Bo', 'Ann', 'ann', '\u202EAnn', 'Chen 陈'];
  const out: ImportRecord[] = [
    { type: 'chat', key: 'c1', platform: 'whatsapp', name: 'Group', chatKind: 'group', prov: { line: 1 } },
    { type: 'chat', key: 'c2', platform: 'telegram', name: 'One', chatKind: 'personal_chat', prov: { line: 2 } },
  ];
  for (let i = 0; i < n; i++) {
    const s = senders[Math.floor(r() * senders.length)]!;
    const noSender = r() < 0.1;
    // Some senders written without an account (null account, raw kept), some raws under a second account.
    const key = r() < 0.1 ? undefined : r() < 0.1 ? 'k:other' : `k:${s}`;
    out.push({
      type: 'message',
      chatKey: r() < 0.5 ? 'c1' : 'c2',
      senderKey: noSender ? undefined : key,
      sender: noSender ? undefined : r() < 0.2 ? `${s} ` : s,
      recipients: r() < 0.05 ? ['+1 312 555 0100', 'x@y.z'] : r() < 0.05 ? [] : undefined,
      time: { kind: 'instant', utcMs: 1_700_000_000_000 + i * 1000, raw: String(i) },
      kind: 'text',
      body: TRICKY[Math.floor(r() * TRICKY.length)]!,
      prov: { line: i + 3 },
      raw: `line ${i}`,
    });
  }
  return out;
}

function withItem(c: Case, records: ImportRecord[]): { id: number; hints: MessageHints } {
  let id = 0;
  let hints!: MessageHints;
  c.db.transaction(() => {
    id = insertEvidence(c.db, {
      path_given: 'm.txt', path_resolved: 'm.txt', file_name: 'm.txt', size: 1, sha256: String(Math.random()).padEnd(64, '0'), sha1: '', md5: '', mtime_utc: null,
      format: 'test', layout: null, importer_version: '0', tz: 'UTC', date_order: null, region: 'TH', owner: null, options_json: '{}',
      examiner: 'E', imported_utc: new Date().toISOString(), duplicate_of: null,
    });
    const w = new RecordWriter(c.db, id, 'UTC');
    for (const rec of records) w.write(rec);
    hints = w.messageHints;
  })();
  return { id, hints };
}

const IDENTITY_TABLES = ['identity_nodes', 'identity_occurrences', 'identity_edges', 'identity_names', 'identity_name_tokens', 'identity_suggestions'];

function dump(c: Case): string {
  return IDENTITY_TABLES.map((t) => `${t}\n${JSON.stringify(c.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all())}`).join('\n');
}

describe('message hints gathered while writing', () => {
  it('isMentionCandidate selects exactly the messages MENTION_CANDIDATE_SQL selects', () => {
    const c = Case.create(join(tempDir(), 'c.case'), { caseNumber: 'H', examiner: 'E', tz: 'UTC', region: 'TH' });
    const { id } = withItem(c, messages(400, 1));
    const rows = c.db.prepare('SELECT id, body, recipients_json FROM messages WHERE evidence_id = ? ORDER BY id').all(id) as { id: number; body: string; recipients_json: string | null }[];
    const sql = (c.db.prepare(`SELECT t.id FROM messages t WHERE t.evidence_id = ? AND (${MENTION_CANDIDATE_SQL}) ORDER BY t.id`).pluck().all(id) as number[]);
    // Both sides chosen and both left out, or the comparison proves nothing.
    expect(sql.length).toBeGreaterThan(50);
    expect(sql.length).toBeLessThan(rows.length - 50);
    expect(rows.filter((m) => isMentionCandidate(m.body, m.recipients_json)).map((m) => m.id)).toEqual(sql);
    // Each tricky body on its own, as SQLite sees it.
    for (const body of TRICKY) {
      const stored = c.db.prepare('SELECT body FROM messages WHERE evidence_id = ? AND raw IS NOT NULL AND body = ? LIMIT 1').pluck().get(id, body) as string | undefined;
      if (stored === undefined) continue;
      const bySql = c.db.prepare(`SELECT COUNT(*) FROM (SELECT ? AS body, NULL AS recipients_json) t WHERE ${MENTION_CANDIDATE_SQL}`).pluck().get(stored) as number;
      expect([body, isMentionCandidate(stored, null)]).toEqual([body, bySql === 1]);
    }
    c.close();
  });

  it('hands linking the same senders and candidates the SQL reads, and linking with them stores the same identity graph', () => {
    const records = messages(1_500, 7);
    const a = Case.create(join(tempDir(), 'a.case'), { caseNumber: 'H', examiner: 'E', tz: 'UTC', region: 'TH' });
    const b = Case.create(join(tempDir(), 'b.case'), { caseNumber: 'H', examiner: 'E', tz: 'UTC', region: 'TH' });
    const ia = withItem(a, records);
    const ib = withItem(b, records);
    expect(ia.hints.complete).toBe(true);
    expect(ia.hints.senders()).toEqual(messageSenders(a.db, ia.id));
    // The cases the grouping must keep apart are there: a raw with no account, a raw under two accounts.
    expect(ia.hints.senders().some((g) => g.sender_account_id === null)).toBe(true);
    const accountsOf = new Map<string, Set<number | null>>();
    for (const g of ia.hints.senders()) accountsOf.set(g.sender_raw, (accountsOf.get(g.sender_raw) ?? new Set()).add(g.sender_account_id));
    expect([...accountsOf.values()].some((a) => a.size > 1)).toBe(true);
    const sqlIds = a.db.prepare(`SELECT t.id FROM messages t WHERE t.evidence_id = ? AND (${MENTION_CANDIDATE_SQL}) ORDER BY t.id`).pluck().all(ia.id) as number[];
    const pages = [...ia.hints.candidatePages(64)];
    expect(pages.every((p) => p.length <= 64)).toBe(true);
    expect(pages.flat()).toEqual(sqlIds);
    expect(ia.hints.candidates).toBe(sqlIds.length);

    const sa = a.db.transaction(() => linkEvidence(a.db, ia.id, ia.hints))();
    const sb = b.db.transaction(() => linkEvidence(b.db, ib.id))();
    // Everything but the timings (ms, CPU by step).
    const untimed = (s: typeof sa) => JSON.stringify(s, (k, v: unknown) => (k === 'durationMs' || k === 'phasesMs' || k === 'stepsCpuMs' ? undefined : v));
    expect(untimed(sa)).toBe(untimed(sb));
    expect(sa.occurrences).toBeGreaterThan(10);
    expect(dump(a)).toBe(dump(b));
    a.close();
    b.close();
  });

  it('a second item in the case starts its own id range; out-of-order ids make the hints unusable', () => {
    const c = Case.create(join(tempDir(), 'c.case'), { caseNumber: 'H', examiner: 'E', tz: 'UTC', region: 'TH' });
    withItem(c, messages(50, 2));
    const second = withItem(c, messages(60, 3));
    expect(second.hints.senders()).toEqual(messageSenders(c.db, second.id));
    const sqlIds = c.db.prepare(`SELECT t.id FROM messages t WHERE t.evidence_id = ? AND (${MENTION_CANDIDATE_SQL}) ORDER BY t.id`).pluck().all(second.id) as number[];
    expect([...second.hints.candidatePages(5000)].flat()).toEqual(sqlIds);
    c.close();

    const h = new MessageHints();
    h.add(10, 1, 'Ann', '1', null);
    h.add(9, 1, 'Ann', '2', null);
    expect(h.complete).toBe(false);
  });
});
