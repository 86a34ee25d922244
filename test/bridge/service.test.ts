import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/channels';
import { CONTRACT } from '../../shared/contract';
import type { CaseSummary, EvidenceItem, Inspection, JobState, SearchResultWire, SourceListing, ThreadWire, TimelinePageWire } from '../../shared/model';
import { inProcessEngine } from '../../main/bridge/host/in-process-engine';
import type { Engine } from '../../main/bridge/host/engine-client';
import { tempDir } from '../helpers/tmp';
import { closeEnginesAfterEach, value } from './engine-per-test';

const closing = closeEnginesAfterEach();

async function waitJob(e: Engine, jobId: string): Promise<JobState> {
  for (let i = 0; i < 400; i++) {
    const j = value<JobState>(await e.call('job.status', { jobId }));
    if (j.state !== 'queued' && j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

const OPTIONS = { format: 'auto', tz: 'Europe/Berlin', dateOrder: null, region: 'DE', owner: null, mapping: [], allowDuplicate: false } as const;

/** A case with the given fixture files under an evidence root. */
async function setup(files: Record<string, string>): Promise<{ e: Engine; dir: string; sources: SourceListing }> {
  const dir = tempDir('threadline-service-');
  const root = join(dir, 'evidence');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(root, { recursive: true });
  for (const [name, from] of Object.entries(files)) {
    if (from.startsWith('text:')) writeFileSync(join(root, name), from.slice(5));
    else copyFileSync(from, join(root, name));
  }
  const e = closing(inProcessEngine({ mode: 'browser', casesFolder: join(dir, 'cases'), evidenceRoots: [root], staging: false }));
  value<CaseSummary>(await e.call('case.create', { fileName: 'T-1', caseNumber: 'T-1', examiner: 'Tester', tz: 'Europe/Berlin', region: 'DE' }));
  const sources = value<SourceListing>(await e.call('evidence.sources', {}));
  return { e, dir, sources };
}

const idOf = (s: SourceListing, name: string) => s.files.find((f) => f.name === name)!.id;

describe('the engine service behind every channel', () => {
  it('has exactly one contract entry per channel', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...CHANNELS].sort());
  });

  it('offers evidence files by opaque id and path inside their root, never an absolute path', async () => {
    const { e, sources, dir } = await setup({ 'chat.txt': 'test/fixtures/whatsapp/android-dmy-24h.txt' });
    expect(sources.files).toHaveLength(1);
    expect(sources.files[0]).toMatchObject({ root: 'evidence', label: 'chat.txt', name: 'chat.txt', staged: false });
    expect(JSON.stringify(sources)).not.toContain(dir);
    expect(await e.call('evidence.inspect', { source: 'sdeadbeef' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('imports a file: progress, hashes, accounting, then the events in the timeline and the thread', async () => {
    const { e, sources } = await setup({ 'chat.txt': 'test/fixtures/whatsapp/android-dmy-24h.txt' });
    const seen: string[] = [];
    e.onJob((j) => seen.push(`${j.state}:${j.phase ?? '-'}`));
    const job = value<JobState>(await e.call('import.start', { source: idOf(sources, 'chat.txt'), options: OPTIONS }));
    expect(job.state).toBe('queued');
    const done = await waitJob(e, job.id);
    expect(done.state).toBe('done');
    expect(seen[0]).toBe('queued:-');
    expect(seen).toContain('running:hashing');
    expect(seen).toContain('running:parsing');
    expect(seen[seen.length - 1]).toBe('done:committing');
    const sha = (await import('node:crypto')).createHash('sha256').update(readFileSync('test/fixtures/whatsapp/android-dmy-24h.txt')).digest('hex');
    expect(done.result!.hashes.sha256).toBe(sha);
    expect(done.result!.accounting.parsed + done.result!.accounting.skipped + done.result!.accounting.rejected).toBe(done.result!.accounting.seen);

    const items = value<EvidenceItem[]>(await e.call('evidence.list', {}));
    expect(items.map((i) => [i.id, i.file, i.tz, i.sha256])).toEqual([[1, 'chat.txt', 'Europe/Berlin', sha]]);

    const first = value<TimelinePageWire>(await e.call('timeline.page', { filter: {}, displayTz: 'UTC', limit: 5, position: { type: 'start' } }));
    expect(first.atStart).toBe(true);
    expect(first.events).toHaveLength(5);
    expect(first.events.every((ev) => ev.source.startsWith('chat.txt:'))).toBe(true);
    // Paging by key continues exactly where the page ended, both ways.
    const next = value<TimelinePageWire>(await e.call('timeline.page', { filter: {}, displayTz: 'UTC', limit: 5, position: { type: 'after-key', key: first.events[4]!.key } }));
    expect(BigInt(next.events[0]!.key) > BigInt(first.events[4]!.key)).toBe(true);
    const back = value<TimelinePageWire>(await e.call('timeline.page', { filter: {}, displayTz: 'UTC', limit: 5, position: { type: 'before-key', key: next.events[0]!.key } }));
    expect(back.events.map((x) => x.key)).toEqual(first.events.map((x) => x.key));
    expect(back.atStart).toBe(true);
    const from = value<TimelinePageWire>(await e.call('timeline.page', { filter: {}, displayTz: 'UTC', limit: 2, position: { type: 'from-key', key: first.events[2]!.key } }));
    expect(from.events[0]!.key).toBe(first.events[2]!.key);
    const end = value<TimelinePageWire>(await e.call('timeline.page', { filter: {}, displayTz: 'UTC', limit: 3, position: { type: 'end' } }));
    expect(end.atEnd).toBe(true);
    expect(end.atStart).toBe(false);

    // The same instant in two display zones: the wall clock differs, the UTC instant does not.
    const berlin = value<TimelinePageWire>(await e.call('timeline.page', { filter: {}, displayTz: 'Europe/Berlin', limit: 1, position: { type: 'start' } }));
    expect(berlin.events[0]!.ts).toBe(first.events[0]!.ts);
    expect(berlin.events[0]!.display!.time.endsWith('+01:00')).toBe(true);

    const msg = first.events.find((x) => x.kind === 'message')!;
    const t = value<ThreadWire>(await e.call('timeline.thread', { messageId: msg.recordId, before: 2, after: 2, displayTz: 'UTC' }));
    expect(t.target.key).toBe(msg.key);
  });

  it('turns an undecidable day/month order into a question, and imports once it is answered', async () => {
    const { e, sources } = await setup({ 'ambiguous.txt': 'test/fixtures/whatsapp/ambiguous-day-month.txt' });
    const id = idOf(sources, 'ambiguous.txt');
    const check = value<Inspection>(await e.call('evidence.inspect', { source: id }));
    expect(check.detected).toBe('whatsapp');
    expect(check.preview?.error?.code).toBe('DATE_ORDER_AMBIGUOUS');
    const failed = await waitJob(e, value<JobState>(await e.call('import.start', { source: id, options: OPTIONS })).id);
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('DATE_ORDER_AMBIGUOUS');
    expect(failed.error?.hint).toBeTruthy();
    expect(value<EvidenceItem[]>(await e.call('evidence.list', {}))).toEqual([]);
    const answered = await waitJob(e, value<JobState>(await e.call('import.start', { source: id, options: { ...OPTIONS, dateOrder: 'mdy' } })).id);
    expect(answered.state).toBe('done');
    expect(answered.result!.dateOrder).toBe('mdy');
    expect(answered.result!.firstUtc).toBe('2021-01-02T09:00:00.000Z');
  });

  it('refuses a duplicate unless the examiner allows it', async () => {
    const { e, sources } = await setup({ 'a.txt': 'test/fixtures/whatsapp/android-dmy-24h.txt', 'b.txt': 'test/fixtures/whatsapp/android-dmy-24h.txt' });
    expect((await waitJob(e, value<JobState>(await e.call('import.start', { source: idOf(sources, 'a.txt'), options: OPTIONS })).id)).state).toBe('done');
    const dup = await waitJob(e, value<JobState>(await e.call('import.start', { source: idOf(sources, 'b.txt'), options: OPTIONS })).id);
    expect(dup.error?.code).toBe('SOURCE_DUPLICATE');
    const ok = await waitJob(e, value<JobState>(await e.call('import.start', { source: idOf(sources, 'b.txt'), options: { ...OPTIONS, allowDuplicate: true } })).id);
    expect(ok.result?.duplicateOf).toBe(1);
  });

  it('cancels a queued import before it starts, and refuses to close the case while imports are pending', async () => {
    const { e, sources } = await setup({ 'a.txt': 'test/fixtures/whatsapp/android-dmy-24h.txt', 'c.txt': 'test/fixtures/whatsapp/android-dmy-24h.txt' });
    const a = value<JobState>(await e.call('import.start', { source: idOf(sources, 'a.txt'), options: OPTIONS }));
    const b = value<JobState>(await e.call('import.start', { source: idOf(sources, 'c.txt'), options: { ...OPTIONS, allowDuplicate: true } }));
    expect(await e.call('case.close', {})).toMatchObject({ ok: false, error: { code: 'JOB_RUNNING' } });
    const cancelled = value<JobState>(await e.call('job.cancel', { jobId: b.id }));
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.error?.code).toBe('IMPORT_CANCELLED');
    expect((await waitJob(e, a.id)).state).toBe('done');
    expect(value<EvidenceItem[]>(await e.call('evidence.list', {}))).toHaveLength(1);
    expect(await e.call('case.close', {})).toEqual({ ok: true, value: null });
    expect(await e.call('timeline.page', { filter: {}, displayTz: 'UTC', limit: 1, position: { type: 'start' } })).toMatchObject({ ok: false, error: { code: 'NO_CASE_OPEN' } });
  });

  it('searches text and identifiers, and shows a spreadsheet mapping proposal before import', async () => {
    const { e, sources } = await setup({
      'chat.txt': 'text:14/03/2025, 21:00 - Somchai: call me on 081 234 5678 about the usdt\n14/03/2025, 21:05 - Ann: ok\n',
      'ledger.csv': 'test/fixtures/spreadsheet/transfers-sender-receiver-pipe.csv',
    });
    const opts = { ...OPTIONS, tz: 'Asia/Bangkok', region: 'TH' };
    expect((await waitJob(e, value<JobState>(await e.call('import.start', { source: idOf(sources, 'chat.txt'), options: opts })).id)).state).toBe('done');
    const r = value<SearchResultWire>(await e.call('search.run', { query: 'usdt', mode: 'all', order: 'newest', filter: {}, limit: 10, displayTz: 'Asia/Bangkok' }));
    expect(r.text?.hits).toHaveLength(1);
    expect(r.text?.hits[0]!.snippet.some((p) => 'hit' in p && p.hit && p.text.toLowerCase() === 'usdt')).toBe(true);
    expect(r.text?.hits[0]!.event.display?.time).toBe('2025-03-14 21:00:00 +07:00');
    const phone = value<SearchResultWire>(await e.call('search.run', { query: '081 234 5678', mode: 'identifier', order: 'newest', filter: {}, limit: 10, displayTz: 'UTC', region: 'TH' }));
    expect(phone.identifiers?.readAs).toEqual([{ kind: 'phone', value: '+66812345678', valid: true, flags: [] }]);
    expect(phone.text).toBeNull();
    const bad = await e.call('search.run', { query: '"unclosed', mode: 'text', order: 'newest', filter: {}, limit: 10, displayTz: 'UTC' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    const badZone = await e.call('timeline.page', { filter: {}, displayTz: 'Mars/Olympus', limit: 1, position: { type: 'start' } });
    expect(badZone).toMatchObject({ ok: false, error: { code: 'TIMEZONE_INVALID' } });

    const sheet = value<Inspection>(await e.call('evidence.inspect', { source: idOf(sources, 'ledger.csv'), options: opts }));
    expect(sheet.detected).toBe('csv');
    expect(sheet.preview?.mapping.length).toBeGreaterThan(2);
    expect(sheet.preview?.mapping.every((c) => /^[A-Z]{1,3}$/.test(c.column) && c.role.length > 0)).toBe(true);
  });
});
