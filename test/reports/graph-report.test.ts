/**
 * The link graph in reports (findings 3.3) over the small two-device graph case with a hostile name: the HTML's
 * inline SVG is escaped and reference-free, the PDF draws it (caption and a label extractable, page rendered to
 * PNG for a person to look at), the XLSX/CSV list nodes and edges as text, the option leaves it out, and the same
 * state gives the same bytes.
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
import { escapeXml, safeLabel } from '../../main/engine/graph';
import { buildReportModel, renderReport } from '../../main/engine/reports';
import { readZipEntries } from '../../main/engine/reports/zip';
import { entityOf, entityOfPhone, graphCase, PHONE } from '../graph/graph-case';
import type { BuiltCase } from '../timeline/case-builder';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PNG_DIR = process.env.THREADLINE_REPORT_PNG_DIR ?? join(ROOT, 'out', 'report-pngs');
const HOSTILE = '<script>alert(1)</script>\u202Eevil & "q"';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const opts = { verifySources: false } as const;

let a: BuiltCase;
let b: BuiltCase;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'threadline-graph-report-'));
  a = await graphCase({ annName: HOSTILE });
  b = await graphCase({ annName: HOSTILE });
}, 120_000);

afterAll(() => {
  a?.c.close();
  b?.c.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function attrsOf(html: string): { tags: string[]; attrs: [string, string][]; csp: string | null } {
  const tags: string[] = [];
  const attrs: [string, string][] = [];
  let csp: string | null = null;
  const p = new Parser(
    {
      onopentag(name, at) {
        tags.push(name);
        for (const [k, v] of Object.entries(at)) attrs.push([k, v]);
        if (name === 'meta' && at['http-equiv']?.toLowerCase() === 'content-security-policy') csp = at.content ?? null;
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  p.write(html);
  p.end();
  return { tags, attrs, csp };
}

describe('report model: link graph section', () => {
  it('draws every entity and link of the selection with a caption that states counts, kinds, time range, zone and that positions are a layout', async () => {
    const m = await buildReportModel(a.c, { ...opts, displayTz: 'Asia/Bangkok' });
    const g = m.linkGraph;
    expect(g.included).toBe(true);
    expect(g.nodes.length).toBe(6);
    expect(g.edges.length).toBe(9);
    expect(g.drawing.circles.length).toBe(6);
    expect(g.drawing.lines.length).toBe(9);
    expect(g.caption).toEqual([
      '6 of 6 entities and 9 of 9 links shown; nothing was left out.',
      "Edge kinds: one-to-one messages, group messages, calls, transactions. A line's width grows with the number of records behind it, a circle's size with the entity's activity.",
      'Time range of the records drawn: 2025-01-01 17:00:00 +07:00 to 2025-05-02 17:00:00 +07:00 (display zone Asia/Bangkok).',
      'Positions are a layout computed for legibility, not evidence: distance and placement mean nothing. Each link is listed with its records in the graph tables of the XLSX report.',
    ]);
    expect(m.meta.optionLines).toContain('Link graph: the same event selection as the timeline excerpt, at most 150 entities');
  });

  it('uses the report filter: calls and transactions only draw three entities and two links', async () => {
    const m = await buildReportModel(a.c, { ...opts, filter: { kinds: ['call', 'transaction'] } });
    expect(m.linkGraph.nodes.map((n) => n.id).sort((x, y) => x - y)).toEqual([entityOf(a, 1, 'Owner'), entityOf(a, 1, 'Bob'), entityOfPhone(a, PHONE.dan)].sort((x, y) => x - y));
    expect(m.linkGraph.edges.map((e) => e.kind)).toEqual(['call', 'transaction']);
    expect(m.linkGraph.caption[0]).toBe('3 of 3 entities and 2 of 2 links shown; nothing was left out.');
  });

  it('says which parts of the selection a graph cannot apply', async () => {
    const m = await buildReportModel(a.c, { ...opts, filter: { text: 'team' } });
    expect(m.linkGraph.notes).toContain('The graph does not apply the text query filter of the selection; it shows every link the other filters allow.');
  });
});

describe('HTML report: inline SVG', () => {
  it('holds the graph as inline SVG with the hostile name escaped, no script, handler, URL or image source, and an unchanged CSP', async () => {
    const html = (await renderReport(a.c, 'html', opts)).bytes.toString('utf8');
    const svgStart = html.indexOf('<svg ');
    const svg = html.slice(svgStart, html.indexOf('</svg>') + 6);
    expect(svgStart).toBeGreaterThan(html.indexOf('3.3  Link graph'));
    expect(svg).toContain(`>${escapeXml(safeLabel(HOSTILE, 32))}</text>`);
    // Cut to 32 characters on the picture, the override shown as a mark.
    expect(svg).toContain('>&lt;script&gt;alert(1)&lt;/script&gt;⟨RLO⟩e…</text>');
    expect(svg.match(/<circle /g)?.length).toBe(6);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('\u202E');
    const h = attrsOf(html);
    expect(h.tags.filter((t) => t === 'script' || t === 'img' || t === 'image' || t === 'use' || t === 'foreignobject')).toEqual([]);
    expect(h.attrs.filter(([k]) => k.startsWith('on'))).toEqual([]);
    expect(h.attrs.filter(([k, v]) => /^\s*(https?:|\/\/|file:|ftp:|data:)/i.test(v) || k === 'xmlns' || (k === 'href' && !v.startsWith('#')) || k === 'xlink:href' || k === 'style' || k === 'src')).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    expect(h.csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'$/);
    expect(html).toContain('<figcaption>Link graph of the selection. 6 of 6 entities and 9 of 9 links shown; nothing was left out.</figcaption>');
    expect(html).toContain('Positions are a layout computed for legibility, not evidence');
    // The graph section alone, with the report's own head (CSP and style), for a person to open in a browser.
    mkdirSync(PNG_DIR, { recursive: true });
    writeFileSync(join(PNG_DIR, 'graph-section.html'), `${html.slice(0, html.indexOf('<body>') + 7)}${html.slice(html.indexOf('<h2 id="graph"'), html.indexOf('<h2 id="timeline"'))}</body></html>\n`);
  });

  it('is byte-identical for the same case state built twice', async () => {
    const x = await renderReport(a.c, 'html', opts);
    const y = await renderReport(b.c, 'html', opts);
    // The two cases differ only in their uuid, creation time and audit hashes; the graph figure is the same.
    const fig = (s: string) => s.slice(s.indexOf('<figure>'), s.indexOf('</figure>'));
    expect(fig(y.bytes.toString('utf8'))).toBe(fig(x.bytes.toString('utf8')));
    expect(sha256((await renderReport(a.c, 'html', opts)).bytes)).toBe(x.sha256);
  });

  it('says there is nothing to draw when the selection joins no two entities, without an empty picture', async () => {
    const html = (await renderReport(a.c, 'html', { ...opts, filter: { kinds: ['contact'] } })).bytes.toString('utf8');
    expect(html).not.toContain('<svg');
    expect(html).toContain('No messages, calls or transactions join two entities in the report&#39;s selection (Kinds: contact), so there is no link graph to draw.');
    expect(html).toContain('Only messages, calls and transactions connect entities: the chosen kinds draw no graph.');
  });

  it('leaves the graph out with graph: false and says so', async () => {
    const html = (await renderReport(a.c, 'html', { ...opts, graph: false })).bytes.toString('utf8');
    expect(html).not.toContain('<svg');
    expect(html).toContain('The link graph was not included in this report.');
    expect(html).toContain('Link graph: not included');
  });
});

describe('PDF report: the graph drawn with vector operators', () => {
  it('prints the caption and node labels, renders the graph page, and keeps its content hash for the same state', async () => {
    const r = await renderReport(a.c, 'pdf', opts);
    const file = join(dir, 'graph.pdf');
    writeFileSync(file, r.bytes);
    const pages = execFileSync('pdftotext', [file, '-'], { maxBuffer: 16 << 20 }).toString('utf8').split('\f');
    const page = pages.findIndex((p) => p.includes('Link graph of the selection.')) + 1;
    expect(page).toBeGreaterThan(0);
    const text = pages[page - 1]!;
    expect(text).toContain('6 of 6 entities and 9 of 9 links shown');
    expect(text).toContain('Positions are a layout computed for legibility, not evidence');
    // Node labels as drawn: the plain ones, and the hostile one with its override as a visible mark.
    for (const name of ['Bob', 'Cat', 'Cy']) expect(text).toMatch(new RegExp(`^${name}$`, 'm'));
    expect(text).toContain('<script>alert(1)</script>⟨RLO⟩e…');
    expect(text).toContain('calls');
    mkdirSync(PNG_DIR, { recursive: true });
    const prefix = join(PNG_DIR, 'graph-page');
    execFileSync('pdftoppm', ['-r', '110', '-png', '-singlefile', '-f', String(page), '-l', String(page), file, prefix]);
    expect(statSync(`${prefix}.png`).size).toBeGreaterThan(40_000);
    expect(sha256((await renderReport(a.c, 'pdf', opts)).bytes)).toBe(r.sha256);
  }, 120_000);
});

describe('XLSX and CSV: graph tables', () => {
  it('writes Graph nodes and Graph edges sheets as inline strings (never formulas)', async () => {
    const r = await renderReport(a.c, 'xlsx', opts);
    const entries = new Map((await readZipEntries(r.bytes)).map((e) => [e.name, e.data]));
    const workbook = entries.get('xl/workbook.xml')!.toString('utf8');
    expect(workbook).toContain('name="Graph nodes"');
    expect(workbook).toContain('name="Graph edges"');
    const sheets = [...entries.entries()].filter(([k]) => k.startsWith('xl/worksheets/sheet')).map(([, v]) => v.toString('utf8'));
    const nodes = sheets.find((s) => s.includes('neighbours_in_selection'))!;
    expect(nodes).toContain(escapeXml(safeLabel(HOSTILE, 1000)).replace(/&apos;/g, "'"));
    expect(nodes).not.toContain('<f>');
    expect(sheets.find((s) => s.includes('first_display'))).toContain('<t>transaction</t>');
    expect(sha256((await renderReport(a.c, 'xlsx', opts)).bytes)).toBe(r.sha256);
  });

  it('writes the graph edges as a CSV table: one row per pair and kind with records and times', async () => {
    const r = await renderReport(a.c, 'csv', { ...opts, csvTable: 'graph-edges' });
    const rows = Papa.parse<string[]>(r.bytes.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['entity_a', 'name_a', 'entity_b', 'name_b', 'kind', 'records', 'first_display', 'first_utc', 'last_display', 'last_utc']);
    expect(rows.length).toBe(10);
    const call = rows.find((x) => x[4] === 'call')!;
    expect([call[5], call[7], call[9]]).toEqual(['1', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z']);
    const nodes = Papa.parse<string[]>((await renderReport(a.c, 'csv', { ...opts, csvTable: 'graph-nodes' })).bytes.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(nodes.length).toBe(7);
    // The hostile name starts with "<", not a formula character: written as is, with its override as a mark.
    expect(nodes.some((x) => x[1] === safeLabel(HOSTILE, 1000))).toBe(true);
    const none = (await renderReport(a.c, 'csv', { ...opts, csvTable: 'graph-nodes', graph: false })).bytes.toString('utf8');
    expect(none).toBe('\uFEFFentity,name,activity,neighbours_in_selection,named_on_picture\r\n');
  });
});
