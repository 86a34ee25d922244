/**
 * The PDF report: the document blocks laid out on A4 pages with the case number and audit chain head in every
 * header and footer and "page N of M". Layout is one pass and each page is written out as soon as it is full, so
 * thousands of pages never sit in memory: the numbers not known until the end (M, and the page each section
 * starts on, for the contents) are form XObjects that every page references and that are written last.
 * Dates and the file ID come from the case state, so the same state gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import { buildDocument, type Block, type Content, type TableColumn } from '../document';
import { NODE_FILL, type GraphDrawing } from '../../graph/svg';
import type { ReportModel, ReportProgress } from '../types';
import { defaultFontsDir, fontPaths, type FontKey } from './fonts';
import { FontSet, num } from './glyphs';
import { COLORS, rgb, TextLayout, type Line, type Rgb, type TextStyle } from './text-layout';

const PAGE = { width: 595.28, height: 841.89, left: 40, right: 40, top: 50, bottom: 50 };
const BODY_BOTTOM = PAGE.height - PAGE.bottom;
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const LINE_GAP = 0.6;
const SIZE = { body: 8.5, small: 7.5, table: 7.2, kv: 7.8, header: 6.8, h1: 15, h2: 11.5, h3: 9, title: 22 };
const GRID: Rgb = [0.78, 0.8, 0.83];
const ZEBRA: Rgb = [0.965, 0.97, 0.98];
const HEAD_BG: Rgb = [0.89, 0.905, 0.93];
const BAND: Rgb = [0.93, 0.945, 0.965];

type PdfDoc = InstanceType<typeof PDFDocument>;

/** "#1f77b4" as PDF colour components, optionally mixed with white (`alpha` of the colour, the rest white). */
function hexRgb(hex: string, alpha = 1): Rgb {
  const n = Number.parseInt(hex.replace(/^#/, ''), 16);
  const c = (shift: number) => (((n >> shift) & 255) / 255) * alpha + (1 - alpha);
  return [Math.round(c(16) * 1000) / 1000, Math.round(c(8) * 1000) / 1000, Math.round(c(0) * 1000) / 1000];
}

/** A form XObject whose content (a number) is written once it is known; pages reference it by name. */
interface LateNumber {
  name: string;
  ref: { end(chunk?: string): void };
  /** Box width; the number is aligned left or right in it. */
  width: number;
  align: 'left' | 'right';
  size: number;
  value: number | null;
}

/** Lays the blocks out and draws them, page by page. */
class PdfPages {
  page = 0;
  y = PAGE.top;
  private ops: string[] = [];
  private fontsUsed = new Set<FontKey>();
  private xobjects = new Map<string, unknown>();
  private readonly total: LateNumber;
  private readonly sectionNumbers = new Map<string, LateNumber>();
  rows = 0;

  constructor(
    private readonly doc: PdfDoc,
    private readonly fonts: FontSet,
    private readonly text: TextLayout,
    private readonly m: ReportModel,
    private readonly onRow: (() => void) | null,
  ) {
    this.total = this.lateNumber('TLPages', 40, SIZE.header, 'left');
  }

  private lateNumber(name: string, width: number, size: number, align: 'left' | 'right'): LateNumber {
    const bold = this.fonts.get('bold').pdf;
    const ref = this.doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, -size, width, size * 1.5], Resources: { Font: { [bold.id]: bold.ref() } } });
    return { name, ref, width, size, align, value: null };
  }

  /** Draw a late number's box with its left edge at x and the baseline at `top + size`. */
  private placeLate(n: LateNumber, x: number, top: number): void {
    const baseline = PAGE.height - (top + n.size * 1.0);
    this.ops.push(`q 1 0 0 1 ${num(x)} ${num(baseline)} cm /${n.name} Do Q`);
    this.xobjects.set(n.name, n.ref);
  }

  /** Write the late numbers' content: the last step before the document ends. */
  endLateNumbers(): void {
    this.total.value = this.page;
    for (const n of [this.total, ...this.sectionNumbers.values()]) {
      const h = this.fonts.get('bold');
      const digits = String(n.value ?? '?');
      const w = (h.measure(digits, false) * n.size) / 1000;
      n.ref.end(`${rgb(COLORS.text)} rg\nBT\n${h.fontOp(n.size)}\n${h.show(digits, false, n.align === 'right' ? n.width - w : 0, 0, n.size).ops}\nET`);
    }
  }

  // ----------------------------------------------------------------- pages

  newPage(): void {
    if (this.page > 0) this.endPage();
    this.page++;
    this.y = PAGE.top;
    this.doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
  }

  private endPage(): void {
    this.frame();
    this.flush();
  }

  finish(): void {
    this.endPage();
  }

  private flush(): void {
    if (this.ops.length === 0) return;
    const page = this.doc.page as unknown as { fonts: Record<string, unknown>; xobjects: Record<string, unknown> };
    for (const f of this.fontsUsed) {
      const pdf = this.fonts.get(f).pdf;
      page.fonts[pdf.id] = pdf.ref();
    }
    for (const [name, ref] of this.xobjects) page.xobjects[name] = ref;
    this.xobjects.clear();
    // pdfkit flips the page so y runs down; this block works in plain PDF space (y up), hence the second flip.
    this.doc.addContent(`q 1 0 0 -1 0 ${num(PAGE.height)} cm\n${this.ops.join('\n')}\nQ`);
    this.ops = [];
    this.fontsUsed.clear();
  }

  private ensure(h: number): void {
    if (this.y + h > BODY_BOTTOM && this.y > PAGE.top) this.newPage();
  }

  private atTop(): boolean {
    return this.y <= PAGE.top + 0.01;
  }

  // ----------------------------------------------------------------- drawing primitives

  private drawLines(lines: readonly Line[], x: number, top: number): number {
    let y = top;
    for (const l of lines) {
      this.ops.push(this.text.drawLine(l, x, y, PAGE.height));
      for (const f of TextLayout.fontsOf(l)) this.fontsUsed.add(f);
      y += l.ascent + l.descent + LINE_GAP;
    }
    return y - top;
  }

  private fill(x: number, top: number, w: number, h: number, c: Rgb): void {
    this.ops.push(`${rgb(c)} rg ${num(x)} ${num(PAGE.height - top - h)} ${num(w)} ${num(h)} re f`);
  }

  private rule(x1: number, x2: number, y: number, c: Rgb, width: number): void {
    this.ops.push(`${rgb(c)} RG ${num(width)} w ${num(x1)} ${num(PAGE.height - y)} m ${num(x2)} ${num(PAGE.height - y)} l S`);
  }

  private lines(content: Content, width: number, style: TextStyle): Line[] {
    return this.text.lines(content, width, style);
  }

  /** The running header and footer: case number, report date, chain head, page N of M. */
  private frame(): void {
    const me = this.m.meta;
    const size = SIZE.header;
    const left: Content = [{ text: 'Case ', muted: true }, { text: me.caseNumber, seized: true, bold: true }, ...(me.title ? [{ text: ' · ', muted: true }, { text: me.title, seized: true, muted: true }] : [])];
    const right: Content = [{ text: `Threadline forensic report · ${me.reportDateDisplay.slice(0, 10)}`, muted: true }];
    const rightLines = this.lines(right, CONTENT_WIDTH / 2, { size });
    const rw = rightLines[0]?.width ?? 0;
    const leftLine = this.lines(left, CONTENT_WIDTH - rw - 12, { size })[0];
    const headTop = 26;
    if (leftLine) this.drawLines([leftLine], PAGE.left, headTop);
    if (rightLines[0]) this.drawLines([rightLines[0]], PAGE.width - PAGE.right - rw, headTop);
    this.rule(PAGE.left, PAGE.width - PAGE.right, headTop + 13, GRID, 0.6);
    const footTop = PAGE.height - 38;
    this.rule(PAGE.left, PAGE.width - PAGE.right, footTop - 4, GRID, 0.6);
    const c = this.m.chain;
    const foot: Content = [{ text: `Case `, muted: true }, { text: me.caseNumber, seized: true }, { text: ` · audit chain head ${c.headSeq}: `, muted: true }, { text: c.headHash, mono: true, muted: true }];
    // "page N of " then M, a late number (see LateNumber) left-aligned in a slot wide enough for five digits.
    const pageText = this.lines([{ text: `page ${this.page} of`, bold: true }], 120, { size });
    const slot = (this.fonts.get('bold').measure(' 00000', false) * size) / 1000;
    const gap = (this.fonts.get('bold').measure(' ', false) * size) / 1000;
    const pw = (pageText[0]?.width ?? 0) + slot;
    const fl = this.lines(foot, CONTENT_WIDTH - pw - 16, { size: size * 0.95 })[0];
    if (fl) this.drawLines([fl], PAGE.left, footTop);
    const px = PAGE.width - PAGE.right - pw;
    if (pageText[0]) this.drawLines([pageText[0]], px, footTop);
    this.placeLate(this.total, px + (pageText[0]?.width ?? 0) + gap, footTop);
  }

  // ----------------------------------------------------------------- blocks

  render(blocks: Block[]): void {
    this.newPage();
    for (const b of blocks) this.block(b, blocks);
    this.finish();
  }

  private block(b: Block, all: Block[]): void {
    switch (b.type) {
      case 'title':
        return this.title(b);
      case 'toc':
        return this.toc(all);
      case 'heading':
        return this.heading(b);
      case 'para':
        // A caption needs room for itself and the first rows of what it captions.
        if (b.keep) this.ensure(60);
        return this.para(b.content, b.small === true);
      case 'list':
        return this.list(b.items);
      case 'kv':
        this.table([{ header: '', width: 1 }, { header: '', width: 3.2 }], () => b.rows.map(([k, v]) => [[{ text: k, muted: true }], v]), '', { header: false, size: SIZE.kv, firstColumn: 118 });
        this.y += 4;
        return;
      case 'table':
        this.table(b.columns, b.rows, b.empty, { header: true, size: SIZE.table });
        this.y += 5;
        return;
      case 'image':
        return this.image(b.png, b.caption);
      case 'graph':
        return this.graph(b.drawing, b.caption);
      case 'pagebreak':
        if (!this.atTop()) this.newPage();
        return;
      default: {
        const never: never = b;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  }

  private title(b: Extract<Block, { type: 'title' }>): void {
    const me = this.m.meta;
    this.y += 20;
    this.y += this.drawLines(this.lines([{ text: `${me.tool.name} ${me.tool.version}`, muted: true }], CONTENT_WIDTH, { size: 9 }), PAGE.left, this.y);
    this.y += 4;
    this.y += this.drawLines(this.lines([{ text: b.title, bold: true }], CONTENT_WIDTH, { size: SIZE.title }), PAGE.left, this.y);
    this.y += 14;
    this.rule(PAGE.left, PAGE.width - PAGE.right, this.y - 6, [0.13, 0.13, 0.2], 1.2);
    this.table([{ header: '', width: 1 }, { header: '', width: 3.2 }], () => b.lines.map(([k, v]) => [[{ text: k, muted: true }], v]), '', { header: false, size: 8.3, firstColumn: 128 });
    this.y += 10;
  }

  private toc(all: Block[]): void {
    this.y += 6;
    this.y += this.drawLines(this.lines([{ text: 'Contents', bold: true }], CONTENT_WIDTH, { size: SIZE.h2 }), PAGE.left, this.y);
    this.y += 4;
    const box = 36;
    for (const b of all) {
      if (b.type !== 'heading' || b.level !== 1 || !b.id) continue;
      // The page a section starts on is known only when it is reached: a late number, filled in at the end.
      const late = this.lateNumber(`TLSec${this.sectionNumbers.size + 1}`, box, SIZE.body, 'right');
      this.sectionNumbers.set(b.id, late);
      const label = this.lines(b.text, CONTENT_WIDTH - 80, { size: SIZE.body });
      this.ensure(14);
      const top = this.y;
      this.drawLines(label.slice(0, 1), PAGE.left + 8, top);
      this.placeLate(late, PAGE.width - PAGE.right - box, top);
      const lw = label[0]?.width ?? 0;
      // Dotted leader between the title and its page number.
      this.ops.push(`${rgb(COLORS.muted)} RG 0.5 w [0.8 2.2] 0 d ${num(PAGE.left + 12 + lw)} ${num(PAGE.height - top - 8)} m ${num(PAGE.width - PAGE.right - 18)} ${num(PAGE.height - top - 8)} l S [] 0 d`);
      this.y += 13;
    }
  }

  private heading(b: Extract<Block, { type: 'heading' }>): void {
    const size = b.level === 1 ? SIZE.h1 : b.level === 2 ? SIZE.h2 : SIZE.h3;
    const lines = this.lines(b.text, CONTENT_WIDTH - 8, { size, bold: true });
    const h = TextLayout.height(lines, LINE_GAP);
    // Keep a heading with at least a few lines of what follows it.
    this.ensure(h + (b.level === 1 ? 70 : 50));
    if (!this.atTop()) this.y += b.level === 1 ? 12 : b.level === 2 ? 9 : 7;
    if (b.id) {
      const late = this.sectionNumbers.get(b.id);
      if (late && late.value === null) late.value = this.page;
    }
    if (b.level === 3) {
      this.fill(PAGE.left, this.y - 1, CONTENT_WIDTH, h + 4, BAND);
      this.drawLines(lines, PAGE.left + 4, this.y + 1);
      this.y += h + 8;
      return;
    }
    this.y += this.drawLines(lines, PAGE.left, this.y);
    if (b.level === 1) {
      this.rule(PAGE.left, PAGE.width - PAGE.right, this.y + 1, [0.13, 0.13, 0.2], 1);
      this.y += 8;
    } else this.y += 3;
  }

  /** Lines one at a time, so a long paragraph flows onto the next page. */
  private flow(lines: Line[], x: number): void {
    for (const l of lines) {
      const h = l.ascent + l.descent + LINE_GAP;
      this.ensure(h);
      this.y += this.drawLines([l], x, this.y);
    }
  }

  private para(content: Content, small: boolean): void {
    const style: TextStyle = small ? { size: SIZE.small, color: COLORS.muted } : { size: SIZE.body };
    this.flow(this.lines(content, CONTENT_WIDTH, style), PAGE.left);
    this.y += 4;
  }

  private list(items: Content[]): void {
    for (const item of items) {
      const lines = this.lines(item, CONTENT_WIDTH - 14, { size: SIZE.body });
      const first = lines[0];
      if (first) {
        this.ensure(first.ascent + first.descent + LINE_GAP);
        this.drawLines(this.lines([{ text: '•' }], 10, { size: SIZE.body }), PAGE.left + 4, this.y);
      }
      this.flow(lines, PAGE.left + 14);
      this.y += 2;
    }
    this.y += 3;
  }

  private image(png: Buffer, caption: string): void {
    // PNG IHDR: width and height at bytes 16 and 20.
    const pw = png.readUInt32BE(16);
    const ph = png.readUInt32BE(20);
    let w = Math.min(CONTENT_WIDTH, pw * 0.75);
    let h = (w * ph) / pw;
    const maxH = BODY_BOTTOM - PAGE.top - 30;
    if (h > maxH) {
      w = (w * maxH) / h;
      h = maxH;
    }
    this.ensure(h + 20);
    this.flush();
    this.doc.image(png, PAGE.left, this.y, { width: w, height: h });
    this.y += h + 4;
    this.para([{ text: caption, muted: true }], true);
  }

  /**
   * The link graph drawn with vector operators, scaled to the content width: the same primitives as the HTML's SVG
   * (graph/svg.ts), so both formats show one picture. Labels go through the text layout (embedded fonts, shaping,
   * bidi isolation, visible marks), on a white box where the SVG has a white halo.
   */
  private graph(d: GraphDrawing, caption: string): void {
    const scale = CONTENT_WIDTH / d.width;
    const h = d.height * scale;
    this.ensure(h + 30);
    const top = this.y;
    const X = (x: number) => num(PAGE.left + x * scale);
    const Y = (y: number) => num(PAGE.height - (top + y * scale));
    this.ops.push(`q ${rgb(GRID)} RG 0.6 w ${num(PAGE.left)} ${num(PAGE.height - top - h)} ${num(CONTENT_WIDTH)} ${num(h)} re S Q`);
    const radius = new Map(d.circles.map((c) => [c.id, c]));
    const label = (text: string, x: number, baseline: number, size: number, color: Rgb, halo: boolean, node?: number) => {
      const line = this.lines([{ text, seized: true }], CONTENT_WIDTH, { size, color })[0];
      if (!line) return;
      const lt = top + baseline * scale - line.ascent;
      let lx = PAGE.left + x * scale;
      // A name that would run off the picture's right edge is set to the left of its circle instead.
      const c = node === undefined ? undefined : radius.get(node);
      if (c && lx + line.width > PAGE.left + CONTENT_WIDTH - 2) lx = Math.max(PAGE.left + 2, PAGE.left + (c.cx - c.r - 2) * scale - line.width);
      if (halo) this.fill(lx - 0.8, lt, line.width + 1.6, line.ascent + line.descent, [1, 1, 1]);
      this.drawLines([line], lx, lt);
    };
    for (const l of d.legend) {
      this.ops.push(`q ${rgb(hexRgb(l.colour))} RG ${num(3 * scale)} w ${X(l.x)} ${Y(l.y)} m ${X(l.x + 24)} ${Y(l.y)} l S Q`);
      label(l.label, l.x + 30, l.y + 4, 12 * scale, [0.2, 0.2, 0.2], false);
    }
    // The SVG draws edges at 70 % opacity on white; the same colour mixed with white needs no transparency group.
    this.ops.push('q 1 J');
    for (const l of d.lines) this.ops.push(`${rgb(hexRgb(l.colour, 0.7))} RG ${num(l.width * scale)} w ${X(l.x1)} ${Y(l.y1)} m ${X(l.x2)} ${Y(l.y2)} l S`);
    this.ops.push('Q');
    const k = 0.5523;
    this.ops.push(`q ${rgb(hexRgb(NODE_FILL))} rg 1 1 1 RG ${num(scale)} w`);
    for (const c of d.circles) {
      const cx = PAGE.left + c.cx * scale;
      const cy = PAGE.height - (top + c.cy * scale);
      const r = c.r * scale;
      const o = r * k;
      this.ops.push(
        `${num(cx + r)} ${num(cy)} m ${num(cx + r)} ${num(cy + o)} ${num(cx + o)} ${num(cy + r)} ${num(cx)} ${num(cy + r)} c ` +
          `${num(cx - o)} ${num(cy + r)} ${num(cx - r)} ${num(cy + o)} ${num(cx - r)} ${num(cy)} c ` +
          `${num(cx - r)} ${num(cy - o)} ${num(cx - o)} ${num(cy - r)} ${num(cx)} ${num(cy - r)} c ` +
          `${num(cx + o)} ${num(cy - r)} ${num(cx + r)} ${num(cy - o)} ${num(cx + r)} ${num(cy)} c b`,
      );
    }
    this.ops.push('Q');
    for (const t of d.labels) label(t.text, t.x, t.y, 11 * scale, COLORS.text, true, t.id);
    this.y = top + h + 4;
    this.para([{ text: caption, muted: true }], true);
  }

  // ----------------------------------------------------------------- tables

  private table(columns: TableColumn[], rows: () => Iterable<Content[]>, empty: string, o: { header: boolean; size: number; firstColumn?: number }): void {
    const padX = 3;
    const padY = 2.2;
    const total = columns.reduce((n, c) => n + c.width, 0);
    const widths =
      o.firstColumn !== undefined
        ? [o.firstColumn, CONTENT_WIDTH - o.firstColumn]
        : columns.map((c) => (c.width / total) * CONTENT_WIDTH);
    const xs: number[] = [];
    widths.reduce((x, w) => (xs.push(x), x + w), PAGE.left);
    const headerLines = o.header ? columns.map((c, i) => this.lines([{ text: c.header, bold: true }], widths[i]! - 2 * padX, { size: o.size })) : [];
    const headerH = o.header ? Math.max(...headerLines.map((l) => TextLayout.height(l, LINE_GAP))) + 2 * padY : 0;
    const drawHeader = () => {
      if (!o.header) return;
      this.fill(PAGE.left, this.y, CONTENT_WIDTH, headerH, HEAD_BG);
      headerLines.forEach((l, i) => this.drawLines(l, xs[i]! + padX, this.y + padY));
      this.rule(PAGE.left, PAGE.width - PAGE.right, this.y + headerH, [0.55, 0.57, 0.62], 0.7);
      this.y += headerH;
    };
    const lineH = o.size * 1.6;
    this.ensure(headerH + lineH + 2 * padY);
    drawHeader();
    let n = 0;
    for (const row of rows()) {
      const cells = row.map((content, i) => this.lines(content, (widths[i] ?? 40) - 2 * padX, { size: o.size }));
      let remaining = cells;
      let first = true;
      while (remaining.some((c) => c.length > 0)) {
        const need = Math.max(...remaining.map((c) => TextLayout.height(c, LINE_GAP))) + 2 * padY;
        if (this.y + need > BODY_BOTTOM) {
          // Move the row whole to the next page when it fits there and little room is left here; otherwise split
          // it line by line (a tall audit entry should not leave half a page empty).
          const fitsOnFreshPage = need <= BODY_BOTTOM - PAGE.top - headerH && BODY_BOTTOM - this.y < (BODY_BOTTOM - PAGE.top) * 0.3;
          if (fitsOnFreshPage || this.y + 2 * padY + lineH > BODY_BOTTOM) {
            if (!(first && this.atTop())) {
              this.newPage();
              drawHeader();
              if (fitsOnFreshPage) continue;
            }
          }
        }
        const budget = BODY_BOTTOM - this.y - 2 * padY;
        const take = remaining.map((c) => {
          let h = 0;
          let k = 0;
          while (k < c.length && h + c[k]!.ascent + c[k]!.descent + LINE_GAP <= budget + 0.01) {
            h += c[k]!.ascent + c[k]!.descent + LINE_GAP;
            k++;
          }
          return k === 0 && c.length > 0 && this.atTop() ? 1 : k;
        });
        const part = remaining.map((c, i) => c.slice(0, take[i]));
        const rowH = Math.max(...part.map((c) => TextLayout.height(c, LINE_GAP))) + 2 * padY;
        if (n % 2 === 1) this.fill(PAGE.left, this.y, CONTENT_WIDTH, rowH, ZEBRA);
        part.forEach((c, i) => this.drawLines(c, xs[i]! + padX, this.y + padY));
        this.rule(PAGE.left, PAGE.width - PAGE.right, this.y + rowH, GRID, 0.35);
        this.y += rowH;
        remaining = remaining.map((c, i) => c.slice(take[i]));
        first = false;
        if (remaining.some((c) => c.length > 0)) {
          this.newPage();
          drawHeader();
        }
      }
      n++;
      this.rows++;
      this.onRow?.();
    }
    if (n === 0 && empty) {
      const lines = this.lines([{ text: empty, muted: true }], CONTENT_WIDTH - 2 * padX, { size: o.size });
      this.ensure(TextLayout.height(lines, LINE_GAP) + 2 * padY);
      this.y += this.drawLines(lines, PAGE.left + padX, this.y + padY) + 2 * padY;
    }
  }
}

/** The PDF bytes and page count. Synchronous layout; resolves when pdfkit has written the last byte. */
export async function renderPdf(m: ReportModel, o: { fontsDir?: string; onProgress?: (p: ReportProgress) => void } = {}): Promise<{ bytes: Buffer; pages: number }> {
  const date = new Date(m.meta.reportDate);
  // Fonts are checked first, so a missing one fails before any work is done.
  const paths = fontPaths(o.fontsDir ?? defaultFontsDir());
  const doc = new PDFDocument({
    autoFirstPage: false,
    // The default font would otherwise be Helvetica, read from pdfkit's own files; nothing here uses it.
    font: paths.sans,
    size: 'A4',
    margin: 0,
    compress: true,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `Threadline report — case ${m.meta.caseNumber}`,
      Author: m.meta.examiner,
      Subject: m.meta.title ?? `Case ${m.meta.caseNumber}`,
      Keywords: `case ${m.meta.caseNumber}; audit chain head ${m.chain.headSeq} ${m.chain.headHash}`,
      Creator: m.meta.tool.id,
      Producer: `${m.meta.tool.id} (pdfkit)`,
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const fonts = new FontSet(doc, paths);
  const text = new TextLayout(fonts);
  const blocks = buildDocument(m, { fullAuditDetails: false });
  const expected = m.timeline.shown;
  let rows = 0;
  const pass = new PdfPages(doc, fonts, text, m, () => {
    if (++rows % 2000 === 0) o.onProgress?.({ phase: 'rendering', done: rows, total: expected });
  });
  pass.render(blocks);
  pass.endLateNumbers();
  o.onProgress?.({ phase: 'writing' });
  doc.end();
  await ended;
  return { bytes: Buffer.concat(chunks), pages: pass.page };
}
