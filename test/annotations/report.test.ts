/** Annotations in reports: bookmarked and tagged events with notes in the findings, entity notes, the XLSX sheet. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { addNote, bookmarkTarget, deleteNote, editNote, tagTarget } from '../../main/engine/annotations';
import { Case } from '../../main/engine/case';
import { importEvidence } from '../../main/engine/jobs/import';
import { renderReport } from '../../main/engine/reports';
import { tempDir } from '../helpers/tmp';
import { hostileChat } from '../reports/hostile-chat';

const open: Case[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

async function annotatedCase() {
  const dir = tempDir();
  const c = Case.create(join(dir, 'a.case'), { caseNumber: 'ANN-1', examiner: 'Insp. Somchai', tz: 'Asia/Bangkok', region: 'TH' });
  open.push(c);
  const chat = join(dir, 'WhatsApp Chat with Mallory.txt');
  writeFileSync(chat, hostileChat());
  await importEvidence(c, { path: chat, tz: 'Asia/Bangkok', dateOrder: 'dmy' });
  const msg = (like: string) => `m${(c.db.prepare('SELECT id FROM messages WHERE body LIKE ?').get(like) as { id: number }).id}`;
  const lure = msg('invoice%');
  tagTarget(c, { type: 'event', id: lure }, 'malware-lure', { colour: 'vermillion' });
  bookmarkTarget(c, { type: 'event', id: lure }, 'exhibit 7');
  const n1 = addNote(c, { type: 'event', id: lure }, 'first draft of the note');
  editNote(c, n1.id, 'Mallory sends a disguised executable');
  const second = msg('%call me%');
  bookmarkTarget(c, { type: 'event', id: second });
  const gone = addNote(c, { type: 'event', id: second }, 'withdrawn remark');
  deleteNote(c, gone.id);
  const entity = (c.db.prepare("SELECT n.entity_id FROM identity_nodes n JOIN accounts a ON a.id = n.account_id WHERE a.key = 'acct:Mallory'").get() as { entity_id: number }).entity_id;
  addNote(c, { type: 'entity', id: entity }, 'recruiter for the compound');
  tagTarget(c, { type: 'entity', id: entity }, 'suspect');
  addNote(c, { type: 'evidence', id: 1 }, 'exported from the seized handset');
  return { c, dir, lure, entity };
}

const strip = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'");

describe('annotations in reports', () => {
  it('HTML: the findings list bookmarked and tagged events with notes (edited/deleted marked), entity and evidence notes', async () => {
    const { c, lure, entity } = await annotatedCase();
    const html = (await renderReport(c, 'html', { verifySources: false, entities: 'all' })).bytes.toString('utf8');
    const section = strip(html.slice(html.indexOf('3.2  Bookmarked and tagged events'), html.indexOf('3.3  Link graph')));
    expect(section).toContain('2 annotated event(s)');
    expect(section).toContain(`text ${lure}`);
    expect(section).toContain('malware-lure · bookmarked: exhibit 7 · note 1: Mallory sends a disguised executable (Insp. Somchai');
    expect(section).toContain('edited, 2 versions, first written by Insp. Somchai');
    expect(section).not.toContain('first draft of the note');
    expect(section).toContain('bookmarked · note 2: (deleted) withdrawn remark (Insp. Somchai');
    expect(section).not.toMatch(/withdrawn remark \([^)]*edited/);
    expect(section).toContain('WhatsApp Chat with Mallory.txt:7');
    expect(section).toContain('Annotated evidence items and entities');
    expect(section).toContain('E1 WhatsApp Chat with Mallory.txt');
    expect(section).toContain('exported from the seized handset');
    expect(section).toContain(`N${entity}`);
    // The entity's own profile carries its tags and notes.
    const profile = strip(html.slice(html.indexOf(`N${entity}  `), html.indexOf('3.2  Bookmarked and tagged events')));
    expect(profile).toContain('Examiner tagssuspect');
    expect(profile).toContain('Examiner notesnote 3: recruiter for the compound (Insp. Somchai');
    // Reproducible: the same state gives the same bytes.
    const again = (await renderReport(c, 'html', { verifySources: false, entities: 'all' })).bytes.toString('utf8');
    expect(again).toBe(html);
  });

  it('PDF: pdftotext finds the bookmarked event, its tag and its note', async () => {
    const { c, dir } = await annotatedCase();
    const file = join(dir, 'r.pdf');
    writeFileSync(file, (await renderReport(c, 'pdf', { verifySources: false, timeline: false })).bytes);
    const text = execFileSync('pdftotext', [file, '-'], { maxBuffer: 64 << 20 }).toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain('Bookmarked and tagged events');
    expect(text).toContain('malware-lure');
    expect(text).toContain('exhibit 7');
    expect(text).toContain('Mallory sends a disguised executable');
    expect(text).toContain('exported from the seized handset');
  }, 60_000);

  it('XLSX: an Annotations sheet with every tag, bookmark and note version; byte-identical for the same state', async () => {
    const { c, lure } = await annotatedCase();
    const bytes = (await renderReport(c, 'xlsx', { verifySources: false, timeline: false })).bytes;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Annotations');
    const ws = wb.getWorksheet('Annotations')!;
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push(Array.from((r.values as unknown[]).slice(1), (x) => (x && typeof x === 'object' && 'richText' in x ? (x as { richText: { text: string }[] }).richText.map((p) => p.text).join('') : x === undefined || x === null ? '' : String(x)))));
    expect(rows[0]!.slice(0, 10)).toEqual(['target', 'target_type', 'time_display', 'time_utc', 'about', 'content', 'annotation', 'value', 'colour', 'note_version']);
    const mine = rows.filter((r) => r[0] === lure).map((r) => [r[6], r[7], r[8], r[9]]);
    expect(mine).toEqual([
      ['tag', 'malware-lure', 'vermillion', ''],
      ['bookmark', 'exhibit 7', '', ''],
      ['note 1', 'first draft of the note', '', '1'],
      ['note 1', 'Mallory sends a disguised executable', '', '2'],
    ]);
    expect(rows.filter((r) => r[6] === 'note 2 deleted').map((r) => [r[7], r[9]])).toEqual([['', '2']]);
    const again = (await renderReport(c, 'xlsx', { verifySources: false, timeline: false })).bytes;
    expect(Buffer.compare(again, bytes)).toBe(0);
  });
});
