import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvidenceItem, JobState, SourceListing } from '../../shared/model';
import { startEngineWorker, type Engine } from '../../main/bridge/host/engine-client';
import { tempDir } from '../helpers/tmp';
import { closeEnginesAfterEach, value } from './engine-per-test';

const closing = closeEnginesAfterEach();

/** A WhatsApp export big enough that importing it takes a while (unambiguous dates: the day is above 12). */
function bigChat(path: string, lines: number): void {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const d = 13 + (i % 15);
    const mm = String(Math.floor(i / 1440) % 12 + 1).padStart(2, '0');
    const hh = String(Math.floor(i / 60) % 24).padStart(2, '0');
    const mi = String(i % 60).padStart(2, '0');
    out.push(`${d}/${mm}/2024, ${hh}:${mi} - ${i % 2 ? 'Ann' : 'Ben'}: message number ${i} about the usdt transfer`);
  }
  writeFileSync(path, `${out.join('\n')}\n`);
}

describe('the engine worker', () => {
  it('answers while an import runs in it, and a cancel stops the import with nothing kept', async () => {
    const dir = tempDir('threadline-worker-');
    mkdirSync(join(dir, 'ev'));
    bigChat(join(dir, 'ev', 'big.txt'), 60_000);
    const e = closing(await startEngineWorker({ config: { mode: 'browser', casesFolder: join(dir, 'cases'), evidenceRoots: [join(dir, 'ev')], staging: false } }));
    value(await e.call('case.create', { fileName: 'w', caseNumber: 'W-1', examiner: 'Tester', tz: 'UTC' }));
    const src = value<SourceListing>(await e.call('evidence.sources', {})).files[0]!;
    const phases: string[] = [];
    e.onJob((j) => phases.push(`${j.state}:${j.phase ?? '-'}:${j.records ?? 0}`));
    const job = value<JobState>(await e.call('import.start', { source: src.id, options: { format: 'auto', tz: 'UTC', dateOrder: null, region: null, owner: null, mapping: [], allowDuplicate: false } }));

    // Wait until the worker is parsing, then ask for status: answered at once from the host's mirror.
    const deadline = Date.now() + 60_000;
    while (!phases.some((p) => p.startsWith('running:parsing:') && Number(p.split(':')[2]) > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    const status = value<JobState>(await e.call('job.status', { jobId: job.id }));
    expect(Date.now() - t0).toBeLessThan(200);
    expect(status.state).toBe('running');

    await e.call('job.cancel', { jobId: job.id });
    let final = status;
    while ((final.state === 'running' || final.state === 'queued') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      final = value<JobState>(await e.call('job.status', { jobId: job.id }));
    }
    expect(final.state).toBe('cancelled');
    expect(final.error?.code).toBe('IMPORT_CANCELLED');
    // All or nothing: the cancelled item left no trace in the case (only its audit entry).
    expect(value<EvidenceItem[]>(await e.call('evidence.list', {}))).toEqual([]);
  });

  it('reports a case that cannot be opened at start instead of starting half-way', async () => {
    const dir = tempDir('threadline-worker-');
    await expect(startEngineWorker({ config: { mode: 'browser', casesFolder: dir, evidenceRoots: [], staging: false, openCase: join(dir, 'missing.tl') } })).rejects.toMatchObject({ info: { code: 'CASE_NOT_FOUND' } });
  });
});
