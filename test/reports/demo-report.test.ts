/**
 * Reports of the demo case (resources/demo imported as MANIFEST.json declares, plus one export of hostile and
 * multi-script messages): what each format must hold, that it is safe, and that it is reproducible. The PDF's
 * pages are rendered to PNG in out/report-pngs/ for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { Case } from '../../main/engine/case';
import { importEvidence } from '../../main/engine/jobs/import';
import { buildReportModel, renderModel, renderReport } from '../../main/engine/reports';
import { readZipEntries } from '../../main/engine/reports/zip';
import { buildDemoCase } from './demo-case';
import { HOSTILE, hostileChat } from './hostile-chat';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PNG_DIR = process.env.THREADLINE_REPORT_PNG_DIR ?? join(ROOT, 'out', 'report-pngs');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let dir = '';
let c: Case;
let pdf: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'threadline-report-'));
  c = await buildDemoCase(join(dir, 'demo.case'));
  const chat = join(dir, 'WhatsApp Chat with Mallory.txt');
  writeFileSync(chat, hostileChat());
  await importEvidence(c, { path: chat, tz: 'Asia/Bangkok', dateOrder: 'dmy', region: 'TH' });
}, 240_000);

afterAll(() => {
  c?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function evidenceHashes(): string[] {
  return (c.db.prepare('SELECT sha256 FROM evidence ORDER BY id').all() as { sha256: string }[]).map((r) => r.sha256);
}

function chainHead(): { seq: number; hash: string } {
  return c.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
}

describe('PDF report of the demo case', () => {
  it('holds every evidence hash, the chain head and "page N of M" with the case number on every page', async () => {
    const r = await renderReport(c, 'pdf', { includeAudit: true });
    pdf = r.bytes;
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 << 20 }).toString('utf8');
    for (const h of evidenceHashes()) expect(text).toContain(h);
    expect(text).toContain(chainHead().hash);
    expect(r.chain.headHash).toBe(chainHead().hash);
    const pages = text.split('\f').filter((p) => p.trim().length > 0);
    expect(pages.length).toBe(r.pages);
    pages.forEach((p, i) => {
      expect(p).toContain('DEMO-2025-0411');
      // "page N of " is page text; M is drawn from one form object shared by all pages (written last).
      expect(p).toMatch(new RegExp(`page ${i + 1} of\\s*${r.pages}\\b`));
    });
    // Text in Thai, Chinese and Burmese is embedded with its fonts, and Thai and Chinese extract as written.
    expect(text).toContain('陈总');
    expect(text).toMatch(/[\u0E00-\u0E7F]{4}/);
    const fonts = execFileSync('pdffonts', [file]).toString('utf8');
    for (const f of ['NotoSans-Regular', 'NotoSansThai-Regular', 'NotoSansMyanmar-Regular', 'NotoSansKhmer-Regular', 'NotoSansArabic-Regular', 'NotoSansHebrew-Regular', 'NotoSansCJKsc-Regular', 'Symbola', 'DejaVuSansMono']) {
      expect(fonts).toMatch(new RegExp(`\\+${f}\\s.*\\byes\\s+yes\\b`));
    }
  }, 240_000);

  it('renders the cover, evidence, multi-script findings and audit appendix pages to PNG', () => {
    const file = join(dir, 'report.pdf');
    const pages = execFileSync('pdftotext', [file, '-'], { maxBuffer: 64 << 20 }).toString('utf8').split('\f');
    const find = (re: RegExp, from = 0) => pages.findIndex((p, i) => i >= from && re.test(p)) + 1;
    const wanted: Record<string, number> = {
      cover: 1,
      evidence: find(/evidence item\(s\)\. Each file was hashed/),
      'findings-burmese': find(/[\u1000-\u109F]{3}/, find(/entity profile\(s\)/) - 1),
      'timeline-thai-chinese': find(/[\u0E00-\u0E7F]{3}[\s\S]*[\u4E00-\u9FFF]{2}|[\u4E00-\u9FFF]{2}[\s\S]*[\u0E00-\u0E7F]{3}/, find(/event\(s\) match;/) - 1),
      'hostile-rtl': find(/Mallory[\s\S]*⟨RLO⟩/, find(/event\(s\) match;/) - 1),
      'link-graph': find(/Link graph of the selection\./),
      'audit-appendix': find(/Every change to the case/),
    };
    mkdirSync(PNG_DIR, { recursive: true });
    for (const [name, page] of Object.entries(wanted)) {
      expect(page, name).toBeGreaterThan(0);
      const prefix = join(PNG_DIR, `demo-${name}`);
      execFileSync('pdftoppm', ['-r', '110', '-png', '-singlefile', '-f', String(page), '-l', String(page), file, prefix]);
      // A blank or failed page would be a few kilobytes of white.
      expect(statSync(`${prefix}.png`).size, name).toBeGreaterThan(40_000);
    }
  }, 120_000);
});

function parseHtml(html: string): { tags: string[]; attrs: [string, string][]; text: string; styles: string[]; csp: string | null } {
  const tags: string[] = [];
  const attrs: [string, string][] = [];
  const styles: string[] = [];
  let text = '';
  let inStyle = false;
  let csp: string | null = null;
  const p = new Parser(
    {
      onopentag(name, a) {
        tags.push(name);
        for (const [k, v] of Object.entries(a)) attrs.push([k, v]);
        if (name === 'style') inStyle = true;
        if (name === 'meta' && a['http-equiv']?.toLowerCase() === 'content-security-policy') csp = a.content ?? null;
      },
      ontext(t) {
        if (inStyle) styles.push(t);
        else text += t;
      },
      onclosetag(name) {
        if (name === 'style') inStyle = false;
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  p.write(html);
  p.end();
  return { tags, attrs, text, styles, csp };
}

describe('HTML report', () => {
  it('is self-contained and safe: no scripts, no handlers, no external URLs, a CSP; hostile text shown literally', async () => {
    const r = await renderReport(c, 'html', { includeAudit: true });
    const html = r.bytes.toString('utf8');
    const h = parseHtml(html);
    expect(h.tags.filter((t) => t === 'script')).toEqual([]);
    expect(h.attrs.filter(([k]) => k.startsWith('on'))).toEqual([]);
    expect(h.attrs.filter(([, v]) => /^\s*(https?:|\/\/|file:|ftp:)/i.test(v))).toEqual([]);
    expect(h.attrs.filter(([k]) => k === 'src' || k === 'srcset' || k === 'action' || k === 'style')).toEqual([]);
    expect(h.attrs.filter(([k, v]) => k === 'href' && !v.startsWith('#'))).toEqual([]);
    expect(h.styles.join('')).not.toMatch(/url\(|@import/i);
    // The policy allows nothing but the one stylesheet, by its hash.
    expect(h.csp).toContain("default-src 'none'");
    const styleHash = createHash('sha256').update(h.styles.join(''), 'utf8').digest('base64');
    expect(h.csp).toContain(`style-src 'sha256-${styleHash}'`);
    // Escaped, not sanitised: the markup is there as text, and nowhere as markup.
    expect(h.text).toContain(HOSTILE.script);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(h.text).toContain(HOSTILE.formula);
    expect(h.text).toContain(HOSTILE.arabic);
    expect(h.text).toContain(HOSTILE.burmese);
    // The override is shown as a mark and never present as the character itself.
    expect(h.text).toContain('invoice_⟨RLO⟩fdp.exe is ready');
    expect(html).not.toContain('\u202E');
    for (const hash of evidenceHashes()) expect(h.text).toContain(hash);
    expect(h.text).toContain(r.chain.headHash);
    // The link graph is inline SVG (no xmlns URL, no image source), with the demo's entities named on it.
    expect(h.tags.filter((t) => t === 'svg')).toEqual(['svg']);
    expect(h.tags.filter((t) => t === 'img' || t === 'image' || t === 'use' || t === 'foreignobject')).toEqual([]);
    expect(html).toContain('>Mallory</text>');
    expect(html.slice(html.indexOf('<svg '), html.indexOf('</svg>'))).not.toMatch(/https?:|\/\//);
  }, 120_000);
});

function sheetCells(xml: string): { ref: string; type: string | null; text: string }[] {
  const out: { ref: string; type: string | null; text: string }[] = [];
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"(?: t="([a-zA-Z]+)")?[^>]*>([\s\S]*?)<\/c>/g)) {
    const texts = [...m[3]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>|<v>([\s\S]*?)<\/v>/g)].map((x) => unescape(x[1] ?? x[2] ?? ''));
    out.push({ ref: m[1]!, type: m[2] ?? null, text: texts.join('') });
  }
  return out;
}

function zipDates(buf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        out.push(e.getLastModDate({ timezone: 'UTC' }).toISOString());
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

describe('XLSX report', () => {
  it('has one sheet per table, stores formula-like text as strings (no <f>), and pins its dates to the report date', async () => {
    const r = await renderReport(c, 'xlsx', {});
    const entries = await readZipEntries(r.bytes);
    const byName = new Map(entries.map((e) => [e.name, e.data.toString('utf8')]));
    const workbook = byName.get('xl/workbook.xml')!;
    expect([...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['Report', 'Evidence', 'Entities', 'Identifiers', 'Links', 'Annotations', 'Graph nodes', 'Graph edges', 'Events', 'Audit']);
    const sheets = entries.filter((e) => e.name.startsWith('xl/worksheets/sheet'));
    expect(sheets.length).toBe(10);
    const cells = sheets.flatMap((s) => {
      const xml = s.data.toString('utf8');
      expect(xml).not.toMatch(/<f[\s>]/);
      return sheetCells(xml);
    });
    for (const body of [HOSTILE.formula, HOSTILE.hyperlink, HOSTILE.plus, HOSTILE.fullwidth, HOSTILE.at]) {
      const cell = cells.find((x) => x.text === body);
      expect(cell, body).toBeDefined();
      expect(cell!.type, body).toBe('inlineStr');
    }
    expect(cells.some((x) => x.text === 'invoice_⟨RLO⟩fdp.exe is ready')).toBe(true);
    for (const h of evidenceHashes()) expect(cells.some((x) => x.text === h)).toBe(true);
    expect(cells.some((x) => x.text === r.chain.headHash)).toBe(true);
    // Package and zip dates are the report date (from the case state), not the clock.
    expect(byName.get('docProps/core.xml')).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${r.reportDate.replace(/\.\d{3}Z$/, 'Z')}</dcterms:created>`);
    const evenSecond = new Date(Math.floor(Date.parse(r.reportDate) / 2000) * 2000).toISOString();
    expect(new Set(await zipDates(r.bytes))).toEqual(new Set([evenSecond]));
  }, 120_000);
});

describe('CSV report', () => {
  it('neutralises every cell a spreadsheet would run, and keeps the rest exact', async () => {
    const r = await renderReport(c, 'csv', {});
    expect(r.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const text = r.bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('event,time_display,time_utc,time_as_written,zone_read_in,kind,subkind,evidence,chat,from,to,text,attachments,source,flags');
    const rows = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true }).data;
    const bodies = rows.map((row) => row[11]);
    expect(bodies).toContain(`'${HOSTILE.formula}`);
    expect(bodies).toContain(`'${HOSTILE.hyperlink}`);
    expect(bodies).toContain(`'${HOSTILE.plus}`);
    expect(bodies).toContain(`'${HOSTILE.fullwidth}`);
    expect(bodies).toContain(`'${HOSTILE.at}`);
    expect(bodies).toContain(HOSTILE.script);
    expect(bodies).toContain(HOSTILE.thai);
    // No cell anywhere starts with a trigger character.
    for (const row of rows.slice(1)) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
  }, 120_000);
});

describe('reproducibility', () => {
  it('gives byte-identical reports for the same state and options, and different ones after one more audit entry', async () => {
    const again = await renderReport(c, 'pdf', { includeAudit: true });
    expect(sha256(again.bytes)).toBe(sha256(pdf));
    const before: Record<string, string> = {};
    for (const f of ['html', 'xlsx', 'csv'] as const) {
      const a = await renderReport(c, f, { includeAudit: true });
      const b = await renderReport(c, f, { includeAudit: true });
      expect(sha256(a.bytes), f).toBe(sha256(b.bytes));
      before[f] = sha256(a.bytes);
    }
    const small = { includeAudit: true, timeline: false, entities: 'none' as const };
    const pdfBefore = sha256((await renderReport(c, 'pdf', small)).bytes);
    const csvAuditBefore = sha256((await renderReport(c, 'csv', { csvTable: 'audit' })).bytes);
    c.audit('test-note', { note: 'one more entry' });
    for (const f of ['html', 'xlsx'] as const) expect(sha256((await renderReport(c, f, { includeAudit: true })).bytes), f).not.toBe(before[f]);
    // A CSV holds one table: the events table does not change with the audit log (its manifest names the chain
    // head), the audit table does.
    expect(sha256((await renderReport(c, 'csv', { includeAudit: true })).bytes)).toBe(before.csv);
    expect(sha256((await renderReport(c, 'csv', { csvTable: 'audit' })).bytes)).not.toBe(csvAuditBefore);
    const after = await renderReport(c, 'pdf', small);
    expect(sha256(after.bytes)).not.toBe(pdfBefore);
    expect(after.chain.headHash).toBe(chainHead().hash);
  }, 240_000);
});

describe('link graph hook', () => {
  // A 2×2 PNG (RGB, one red pixel), as the graph view will hand over its picture.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

  it('embeds a supplied graph image (when the drawn graph is left out) in the PDF and, as a data: URL allowed by the CSP, in the HTML', async () => {
    const m = await buildReportModel(c, { timeline: false, graph: false, entities: 'none', verifySources: false });
    m.graph = { png: PNG, caption: 'Link graph of the linked entities' };
    const html = (await renderModel(m, 'html')).bytes.toString('utf8');
    const h = parseHtml(html);
    expect(h.csp).toContain('img-src data:');
    expect(html).toContain(`<img alt="Link graph of the linked entities" src="data:image/png;base64,${PNG.toString('base64')}">`);
    const out = await renderModel(m, 'pdf');
    expect(out.bytes.toString('latin1')).toMatch(/\/Subtype \/Image/);
  }, 120_000);
});
