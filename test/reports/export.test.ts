/** Exporting reports: the file, its manifest and the audit entry agree on the hash; nothing is overwritten silently. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../main/engine/audit/chain';
import { tagTarget } from '../../main/engine/annotations';
import { Case } from '../../main/engine/case';
import { auditRows } from '../../main/engine/db/audit-store';
import { ThreadlineError } from '../../main/engine/errors';
import { importEvidence } from '../../main/engine/jobs/import';
import { exportReport, renderReport } from '../../main/engine/reports';
import { run } from '../../main/cli/main';
import { tempDir } from '../helpers/tmp';
import { hostileChat } from './hostile-chat';

const open: Case[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

async function smallCase(): Promise<{ c: Case; dir: string; chat: string }> {
  const dir = tempDir();
  const c = Case.create(join(dir, 'x.case'), { caseNumber: 'EXP-1', examiner: 'Examiner A', tz: 'Asia/Bangkok', region: 'TH' });
  open.push(c);
  const chat = join(dir, 'WhatsApp Chat with Mallory.txt');
  writeFileSync(chat, hostileChat());
  await importEvidence(c, { path: chat, tz: 'Asia/Bangkok', dateOrder: 'dmy' });
  return { c, dir, chat };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function lastAudit(c: Case): { seq: number; action: string; details: Record<string, unknown> } {
  const r = c.db.prepare('SELECT seq, action, details_json FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; action: string; details_json: string };
  return { seq: r.seq, action: r.action, details: JSON.parse(r.details_json) as Record<string, unknown> };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof ThreadlineError ? err.code : `not a ThreadlineError: ${String(err)}`;
  }
  return 'no error';
}

describe('exportReport', () => {
  it('writes the report and its manifest and audits the same SHA-256 with the options and the chain head', async () => {
    const { c, dir } = await smallCase();
    const headBefore = c.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    mkdirSync(join(dir, 'reports'));
    const out = join(dir, 'reports', 'case.html');
    const r = await exportReport(c, { out, includeAudit: true, displayTz: 'UTC' });
    const bytes = readFileSync(out);
    expect(r.sha256).toBe(sha256(bytes));
    expect(r.size).toBe(bytes.length);
    expect(r.format).toBe('html');
    const manifest = JSON.parse(readFileSync(`${out}.sha256.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      file: 'case.html',
      sha256: r.sha256,
      size: bytes.length,
      format: 'html',
      case: { number: 'EXP-1' },
      chain_head: { seq: headBefore.seq, hash: headBefore.hash },
      audit_entry: { seq: headBefore.seq + 1, action: 'report-exported' },
    });
    const a = lastAudit(c);
    expect(a.seq).toBe(headBefore.seq + 1);
    expect(a.action).toBe('report-exported');
    expect(a.details).toMatchObject({ format: 'html', sha256: r.sha256, size: bytes.length, chain_head: { seq: headBefore.seq, hash: headBefore.hash }, options: { displayTz: 'UTC', includeAudit: true } });
    expect(verifyChain(auditRows(c.db)).ok).toBe(true);
    // The report describes the state before its own export entry: rendering that state again gives the same bytes
    // is no longer possible (the state moved on), but the head it printed is the one the audit entry names.
    expect(bytes.toString('utf8')).toContain(headBefore.hash);
  });

  it('never overwrites an existing file unless asked, and never an evidence file or the case', async () => {
    const { c, dir, chat } = await smallCase();
    const out = join(dir, 'r.csv');
    writeFileSync(out, 'earlier report');
    expect(await code(exportReport(c, { out }))).toBe('REPORT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('earlier report');
    const r = await exportReport(c, { out, overwrite: true });
    expect(sha256(readFileSync(out))).toBe(r.sha256);
    const before = readFileSync(chat);
    expect(await code(exportReport(c, { out: chat, format: 'csv', overwrite: true }))).toBe('BAD_ARGUMENT');
    expect(readFileSync(chat).equals(before)).toBe(true);
    expect(await code(exportReport(c, { out: c.file, format: 'csv', overwrite: true }))).toBe('BAD_ARGUMENT');
    expect(await code(exportReport(c, { out: join(dir, 'report.docx') }))).toBe('BAD_ARGUMENT');
    expect(await code(exportReport(c, { out: join(dir, 'missing-folder', 'r.pdf') }))).toBe('REPORT_WRITE_FAILED');
    // No temporary files are left behind.
    expect(existsSync(join(dir, `.r.csv.${process.pid}.tmp`))).toBe(false);
  });

  it('writes nothing next to the evidence and leaves the evidence files as they were', async () => {
    const dir = tempDir();
    const evidenceDir = join(dir, 'seized');
    mkdirSync(evidenceDir);
    const chat = join(evidenceDir, 'WhatsApp Chat with Mallory.txt');
    writeFileSync(chat, hostileChat());
    const c = Case.create(join(dir, 'y.case'), { caseNumber: 'EXP-2', examiner: 'Examiner B', tz: 'Asia/Bangkok' });
    open.push(c);
    await importEvidence(c, { path: chat, dateOrder: 'dmy' });
    const snapshot = () => readdirSync(evidenceDir).map((n) => { const st = statSync(join(evidenceDir, n)); return [n, st.size, st.mtimeMs, sha256(readFileSync(join(evidenceDir, n)))]; });
    const before = snapshot();
    mkdirSync(join(dir, 'out'));
    for (const ext of ['pdf', 'html', 'xlsx', 'csv']) await exportReport(c, { out: join(dir, 'out', `r.${ext}`), timeline: ext !== 'pdf' });
    expect(snapshot()).toEqual(before);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['r.csv', 'r.csv.sha256.json', 'r.html', 'r.html.sha256.json', 'r.pdf', 'r.pdf.sha256.json', 'r.xlsx', 'r.xlsx.sha256.json']);
  }, 120_000);

  it('lists tagged events with their tags in the findings', async () => {
    const { c } = await smallCase();
    // The examiner's tags (annotations, schema 4); test/annotations/report.test.ts covers bookmarks and notes.
    const m = c.db.prepare("SELECT id FROM messages WHERE body LIKE 'invoice%'").get() as { id: number };
    tagTarget(c, { type: 'event', id: `m${m.id}` }, 'malware-lure');
    tagTarget(c, { type: 'event', id: `m${m.id}` }, 'court-exhibit-7');
    const html = (await renderReport(c, 'html', { verifySources: false })).bytes.toString('utf8');
    const section = html.slice(html.indexOf('3.2  Bookmarked and tagged events'), html.indexOf('3.3  Link graph'));
    expect(section).toContain('1 annotated event(s)');
    expect(section.replace(/<[^>]+>/g, '')).toContain('court-exhibit-7, malware-lure');
    expect(section).toContain('invoice_<span class="mk">⟨RLO⟩</span>fdp.exe is ready');
    expect(section).toContain('WhatsApp Chat with Mallory.txt:7');
  });

  it('refuses a report whose case changed while it was being made', async () => {
    const { c } = await smallCase();
    let touched = false;
    const changing = renderReport(c, 'html', { verifySources: false }, (p) => {
      if (p.phase === 'rendering' && !touched) {
        touched = true;
        c.audit('concurrent-change', { why: 'test' });
      }
    });
    expect(await code(changing)).toBe('REPORT_STATE_CHANGED');
  });

  it('names the missing font instead of falling back to system fonts', async () => {
    const { c } = await smallCase();
    expect(await code(renderReport(c, 'pdf', { fontsDir: tempDir(), timeline: false, verifySources: false }))).toBe('REPORT_FONT_MISSING');
  });

  it('rejects options that cannot be met', async () => {
    const { c } = await smallCase();
    expect(await code(renderReport(c, 'csv', { displayTz: 'Mars/Olympus' }))).toBe('TIMEZONE_INVALID');
    expect(await code(renderReport(c, 'csv', { maxEvents: -1 }))).toBe('BAD_ARGUMENT');
    expect(await code(renderReport(c, 'csv', { filter: { evidence: [99] } }))).toBe('NOT_FOUND');
    expect(await code(renderReport(c, 'csv', { reportDate: 'yesterday' }))).toBe('BAD_ARGUMENT');
  });
});

function capture(): { out: { line(s?: string): void; json(v: unknown): void; err(s: string): void }; lines: string[]; errors: string[]; json: unknown[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const json: unknown[] = [];
  return { out: { line: (s = '') => lines.push(s), json: (v) => json.push(v), err: (s) => errors.push(s) }, lines, errors, json };
}

describe('threadline report', () => {
  it('exports with filters and prints the hash, manifest and audit entry', async () => {
    const { c, dir } = await smallCase();
    const file = c.file;
    c.close();
    open.length = 0;
    const out = join(dir, 'events.csv');
    const cap = capture();
    const status = await run(['report', file, '--out', out, '--kind', 'message', '--from', '2025-03-24', '--no-verify-sources'], cap.out);
    expect(cap.errors).toEqual([]);
    expect(status).toBe(0);
    const bytes = readFileSync(out);
    expect(cap.lines.some((l) => l === `SHA-256   ${sha256(bytes)}`)).toBe(true);
    expect(cap.lines.some((l) => l.startsWith('Manifest  ') && l.endsWith('events.csv.sha256.json'))).toBe(true);
    // From 24 March (midnight UTC): the hostile chat has 8 messages on or after that date.
    const rows = bytes.toString('utf8').trim().split('\r\n');
    expect(rows.length).toBe(1 + 8);
    const json = capture();
    expect(await run(['report', file, '--out', join(dir, 'audit.csv'), '--csv-table', 'audit', '--json'], json.out)).toBe(0);
    expect(json.json[0]).toMatchObject({ format: 'csv', file: join(dir, 'audit.csv') });
  });

  it('explains usage errors with exit code 2', async () => {
    const { c, dir } = await smallCase();
    const file = c.file;
    c.close();
    open.length = 0;
    const cap = capture();
    expect(await run(['report', file], cap.out)).toBe(2);
    expect(cap.errors.join('\n')).toContain('Missing --out');
    const cap2 = capture();
    expect(await run(['report', file, '--out', join(dir, 'r.txt')], cap2.out)).toBe(2);
    expect(cap2.errors.join('\n')).toContain('does not end in .pdf, .html, .xlsx or .csv');
  });
});
