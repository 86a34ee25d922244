// The report builder's channels: options for the open case, an HTML preview that writes nothing, and export jobs
// that write the report, its manifest and an audit entry — or, when cancelled, nothing at all.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, CaseSummary, JobState, SourceListing } from '../../shared/model';
import type { ReportJobState, ReportOptionsInfo, ReportOptionsWire, ReportPreviewWire, ReportTarget } from '../../shared/report-contract';
import type { Engine } from '../../main/bridge/host/engine-client';
import { inProcessEngine } from '../../main/bridge/host/in-process-engine';
import { ReportJobs, withExtension } from '../../main/bridge/service/report-jobs';
import { suggestedName } from '../../main/bridge/service/report-options';
import { Case } from '../../main/engine/case';
import { tempDir } from '../helpers/tmp';
import { closeEnginesAfterEach, value } from './engine-per-test';

const closing = closeEnginesAfterEach();

async function until<T>(f: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const t = await f();
    if (done(t)) return t;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}

const finished = (j: { state: string }) => j.state !== 'queued' && j.state !== 'running';

/** Two chats' worth of hostile text: markup, a formula, and a call to filter away. */
const CHAT = [
  '01/02/2021, 10:00 - Ann: <script>alert(1)</script> meet at the pier',
  "02/02/2021, 11:30 - Bob: =cmd|' /C calc'!A0",
  '03/02/2021, 09:15 - Ann: <img src=x onerror=alert(2)>',
  '',
].join('\n');

async function setup(o: { reports?: string } = {}): Promise<{ e: Engine; dir: string; cases: string; sha256: string }> {
  const dir = tempDir('threadline-report-ui-');
  const evidence = join(dir, 'evidence');
  mkdirSync(evidence, { recursive: true });
  writeFileSync(join(evidence, 'chat.txt'), CHAT);
  const cases = join(dir, 'cases');
  const e = closing(inProcessEngine({ mode: 'browser', casesFolder: cases, evidenceRoots: [evidence], staging: false, ...(o.reports ? { reportsFolder: o.reports } : {}) }));
  value<CaseSummary>(await e.call('case.create', { fileName: 'T-1', caseNumber: 'T-1/2026', examiner: 'Tester', tz: 'Europe/Berlin', region: 'DE' }));
  const src = value<SourceListing>(await e.call('evidence.sources', {}));
  const job = value<JobState>(
    await e.call('import.start', {
      source: src.files[0]!.id,
      options: { format: 'auto', tz: 'Europe/Berlin', dateOrder: 'dmy', region: 'DE', owner: null, mapping: [], allowDuplicate: false },
    }),
  );
  const done = await until(async () => value<JobState>(await e.call('job.status', { jobId: job.id })), finished);
  expect(done.state).toBe('done');
  return { e, dir, cases, sha256: createHash('sha256').update(CHAT).digest('hex') };
}

async function defaults(e: Engine): Promise<ReportOptionsWire> {
  return value<ReportOptionsInfo>(await e.call('report.options', {})).defaults;
}

async function audit(e: Engine): Promise<AuditEntry[]> {
  return value<AuditEntry[]>(await e.call('audit.list', { limit: 500 }));
}

describe('report builder channels', () => {
  it('offers the engine report options with the case defaults and the cases folder as output', async () => {
    const { e, cases } = await setup();
    const info = value<ReportOptionsInfo>(await e.call('report.options', {}));
    expect(info.defaults).toEqual({
      displayTz: 'Europe/Berlin',
      filter: {},
      timeline: true,
      graph: true,
      maxEvents: 100_000,
      entities: 'linked',
      includeAudit: false,
      verifySources: true,
      reportDate: null,
      csvTable: 'events',
    });
    expect(info.formats.map((f) => f.id)).toEqual(['pdf', 'html', 'xlsx', 'csv']);
    expect(info.output).toEqual({ kind: 'folder', folder: cases });
    expect(info.sections.find((s) => s.id === 'graph')!.availability).toBe('optional');
    expect(info.csvTables).toEqual(['events', 'evidence', 'entities', 'identifiers', 'links', 'audit', 'annotations', 'graph-nodes', 'graph-edges']);
    expect(info.sections.find((s) => s.id === 'evidence')!.availability).toBe('always');
    expect(info.suggestedName).toBe(`T-1-2026-report-${info.stateDate.slice(0, 10)}`);
  });

  it('previews the report as escaped HTML with the evidence hash, writing nothing to disk or the audit log', async () => {
    const { e, cases, sha256 } = await setup();
    const before = await audit(e);
    const files = readdirSync(cases).sort();
    const o = await defaults(e);
    const p = value<ReportPreviewWire>(await e.call('report.preview', { options: { ...o, filter: { from: '2021-02-02T00:00:00Z' } } }));
    expect(p.html).toContain(sha256);
    expect(p.evidence).toEqual([{ id: 1, file: 'chat.txt', sha256 }]);
    // Escaped, not sanitised: the hostile text is there literally and nothing of it is markup.
    expect(p.html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(p.html).not.toMatch(/<script|<img/i);
    // The message before the filter's start is not in the excerpt.
    expect(p.html).not.toContain('alert(1)');
    expect(p.html).toMatch(/<meta http-equiv="Content-Security-Policy"/);
    // The filter reached the engine: two of the three messages are on or after 2 February.
    expect(p.events).toEqual({ matched: 2, shown: 2 });
    expect(p.previewLimit).toBeNull();
    expect(p.sha256).toBe(createHash('sha256').update(p.html, 'utf8').digest('hex'));
    expect(p.chainHead.seq).toBe(before[0]!.seq);
    expect(await audit(e)).toEqual(before);
    expect(readdirSync(cases).sort()).toEqual(files);
  });

  it('passes the link-graph choice to the engine', async () => {
    const { e } = await setup();
    const o = await defaults(e);
    const withGraph = value<ReportPreviewWire>(await e.call('report.preview', { options: o }));
    const without = value<ReportPreviewWire>(await e.call('report.preview', { options: { ...o, graph: false } }));
    expect(without.html).toContain('Link graph: not included');
    expect(withGraph.html).not.toContain('Link graph: not included');
    expect(withGraph.html).toMatch(/Link graph/);
  });

  it('caps the preview excerpt at 500 events and says so', async () => {
    const { previewOptions } = await import('../../main/bridge/service/report-options');
    const o: ReportOptionsWire = { displayTz: 'UTC', filter: {}, timeline: true, graph: true, maxEvents: 1000, entities: 'linked', includeAudit: false, verifySources: true, reportDate: null, csvTable: 'events' };
    expect(previewOptions(o)).toMatchObject({ limited: true, options: { maxEvents: 500, verifySources: false } });
    expect(previewOptions({ ...o, maxEvents: 20 })).toMatchObject({ limited: false, options: { maxEvents: 20, verifySources: false } });
    expect(previewOptions({ ...o, timeline: false })).toMatchObject({ limited: false });
  });

  it('exports HTML into the reports folder: file, SHA-256, manifest and audit entry agree', async () => {
    const reports = join(tempDir('threadline-reports-'), 'out');
    const { e } = await setup({ reports });
    const o = await defaults(e);
    const started = value<ReportJobState>(await e.call('report.export', { options: { ...o, filter: { kinds: ['message'] } }, format: 'html', target: { type: 'folder', fileName: 'case report' } }));
    expect(started).toMatchObject({ kind: 'report', format: 'html', fileName: 'case report.html', state: 'queued' });
    const j = await until(async () => value<ReportJobState>(await e.call('report.status', { jobId: started.id })), finished);
    expect(j.error).toBeNull();
    expect(j.state).toBe('done');
    const r = j.result!;
    const bytes = readFileSync(join(reports, 'case report.html'));
    expect(r.folder).toBe(reports);
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.size).toBe(bytes.length);
    expect(r.manifestName).toBe('case report.html.sha256.json');
    expect(readFileSync(join(reports, r.manifestName), 'utf8')).toBe(r.manifest);
    expect(JSON.parse(r.manifest)).toMatchObject({ file: 'case report.html', sha256: r.sha256, format: 'html', audit_entry: { seq: r.auditSeq, action: 'report-exported' } });
    const entry = (await audit(e)).find((a) => a.seq === r.auditSeq)!;
    expect(entry.action).toBe('report-exported');
    expect(JSON.parse(entry.details)).toMatchObject({ sha256: r.sha256, format: 'html', options: { filter: { kinds: ['message'] }, verifySources: true } });
    // A second export of the same name is refused, not overwritten.
    const again = value<ReportJobState>(await e.call('report.export', { options: o, format: 'html', target: { type: 'folder', fileName: 'case report.html' } }));
    const failed = await until(async () => value<ReportJobState>(await e.call('report.status', { jobId: again.id })), finished);
    expect(failed.state).toBe('failed');
    expect(failed.error!.code).toBe('REPORT_EXISTS');
  });

  it('exports a PDF to a file chosen in the host dialog, named to the renderer only by an opaque id', async () => {
    const { e, dir } = await setup();
    expect(value<ReportTarget | null>(await e.call('report.browse', { format: 'pdf', suggestedName: 'x' }))).toBeNull();
    const target = value<ReportTarget>(await e.op('registerReportTarget', { path: join(dir, 'chosen.pdf') }));
    expect(target.name).toBe('chosen.pdf');
    expect(target.id).not.toContain('/');
    const o = await defaults(e);
    const started = value<ReportJobState>(await e.call('report.export', { options: { ...o, reportDate: '2026-01-15T09:00:00+07:00' }, format: 'pdf', target: { type: 'chosen', id: target.id } }));
    const j = await until(async () => value<ReportJobState>(await e.call('report.status', { jobId: started.id })), finished);
    expect(j.error).toBeNull();
    const bytes = readFileSync(join(dir, 'chosen.pdf'));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(j.result!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(j.result!.pages).toBeGreaterThan(1);
    expect(JSON.parse(j.result!.manifest).report_date).toBe('2026-01-15T02:00:00.000Z');
    const unknown = await e.call('report.export', { options: o, format: 'pdf', target: { type: 'chosen', id: 'tnope' } });
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
  });

  it('refuses file names with folders and bad options before starting a job', async () => {
    const { e } = await setup();
    const o = await defaults(e);
    const sneaky = await e.call('report.export', { options: o, format: 'html', target: { type: 'folder', fileName: '../outside.html' } });
    expect(sneaky.ok ? null : sneaky.error.code).toBe('BAD_ARGUMENT');
    const zone = await e.call('report.export', { options: { ...o, displayTz: 'Mars/Olympus' }, format: 'html', target: { type: 'folder', fileName: 'r' } });
    expect(zone.ok ? null : zone.error.code).toBe('TIMEZONE_INVALID');
  });

  it('a report cancelled before it starts writes nothing', async () => {
    const { e, cases } = await setup();
    const before = await audit(e);
    const o = await defaults(e);
    const started = value<ReportJobState>(await e.call('report.export', { options: o, format: 'pdf', target: { type: 'folder', fileName: 'never' } }));
    value<ReportJobState>(await e.call('report.cancel', { jobId: started.id }));
    const j = await until(async () => value<ReportJobState>(await e.call('report.status', { jobId: started.id })), finished);
    expect(j.state).toBe('cancelled');
    expect(j.error!.code).toBe('REPORT_CANCELLED');
    expect(existsSync(join(cases, 'never.pdf'))).toBe(false);
    expect(await audit(e)).toEqual(before);
  });
});

describe('report jobs', () => {
  it('a report cancelled while it is being made leaves no file, no manifest and no audit entry', async () => {
    const dir = tempDir('threadline-report-cancel-');
    const c = Case.create(join(dir, 'c.tl'), { caseNumber: 'C-1', examiner: 'Tester', tz: 'UTC' });
    try {
      const seqBefore = c.db.prepare('SELECT max(seq) AS s FROM audit_log').get() as { s: number };
      const phases: string[] = [];
      let jobs: ReportJobs;
      // eslint-disable-next-line prefer-const
      jobs = new ReportJobs({
        currentCase: () => c,
        folder: dir,
        importsBusy: () => false,
        publish: (j) => {
          if (j.phase) phases.push(j.phase);
          // The examiner presses Cancel while the case is being read.
          if (j.phase === 'reading') jobs.cancel(j.id);
        },
      });
      const o: ReportOptionsWire = { displayTz: 'UTC', filter: {}, timeline: true, graph: true, maxEvents: 10, entities: 'linked', includeAudit: true, verifySources: true, reportDate: null, csvTable: 'events' };
      const started = jobs.start(o, 'html', { type: 'folder', fileName: 'r.html' });
      await jobs.idle();
      const j = jobs.status(started.id);
      expect(phases).toContain('reading');
      expect(j.state).toBe('cancelled');
      expect(readdirSync(dir).filter((f) => f.startsWith('r.html') || f.startsWith('.r.html'))).toEqual([]);
      expect(c.db.prepare('SELECT max(seq) AS s FROM audit_log').get()).toEqual(seqBefore);
    } finally {
      c.close();
    }
  });

  it('refuses a second report while one is running, and any report while an import runs', async () => {
    const dir = tempDir('threadline-report-busy-');
    const c = Case.create(join(dir, 'c.tl'), { caseNumber: 'C-1', examiner: 'Tester', tz: 'UTC' });
    try {
      let importing = true;
      const jobs = new ReportJobs({ currentCase: () => c, folder: dir, importsBusy: () => importing });
      const o: ReportOptionsWire = { displayTz: 'UTC', filter: {}, timeline: false, graph: false, maxEvents: 0, entities: 'none', includeAudit: false, verifySources: false, reportDate: null, csvTable: 'events' };
      expect(() => jobs.start(o, 'csv', { type: 'folder', fileName: 'a' })).toThrow(/import is running/);
      importing = false;
      jobs.start(o, 'csv', { type: 'folder', fileName: 'a' });
      expect(() => jobs.start(o, 'csv', { type: 'folder', fileName: 'b' })).toThrow(/already being made/);
      await jobs.idle();
      expect(existsSync(join(dir, 'a.csv'))).toBe(true);
      expect(existsSync(join(dir, 'b.csv'))).toBe(false);
    } finally {
      c.close();
    }
  });

  it('adds the format extension only when it is missing', () => {
    expect(withExtension('r', 'pdf')).toBe('r.pdf');
    expect(withExtension('r.PDF', 'pdf')).toBe('r.PDF');
    expect(withExtension('r.htm', 'html')).toBe('r.htm');
    expect(withExtension('r.pdf', 'html')).toBe('r.pdf.html');
    expect(suggestedName('TH/2026 0142', '2026-11-30T10:00:00.000Z')).toBe('TH-2026-0142-report-2026-11-30');
  });
});
