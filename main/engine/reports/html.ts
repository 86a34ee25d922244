/**
 * The HTML report: one self-contained file with no scripts and no external resources, under a Content-Security-
 * Policy that allows only its own stylesheet (by hash) and, when there is a graph, data: images. Evidence text is
 * escaped, never sanitised, wrapped in <bdi> so right-to-left text cannot reorder its surroundings, and its
 * invisible and direction-changing characters are shown as marks.
 */
import { createHash } from 'node:crypto';
import { buildDocument, type Block, type Content, type Inline } from './document';
import type { ReportModel, ReportProgress } from './types';
import { visibleParts } from './visible-text';

/** Escape for element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** A CSS string literal: everything outside a safe set escaped as \HEX, so no value can end the string or the style. */
function cssString(s: string): string {
  return `"${[...s].map((ch) => (/^[A-Za-z0-9 ._\-:/()]$/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `)).join('')}"`;
}

function inline(i: Inline): string {
  const cls = [i.bold ? 'b' : '', i.mono ? 'mono' : '', i.muted ? 'mu' : '', i.tone === 'good' ? 'good' : i.tone === 'bad' ? 'bad' : ''].filter(Boolean).join(' ');
  let body: string;
  if (i.seized) {
    body = visibleParts(i.text)
      .map((p) => (p.mark ? `<span class="mk">${escapeHtml(p.text)}</span>` : escapeHtml(p.text)))
      .join('');
    body = `<bdi>${body}</bdi>`;
  } else body = escapeHtml(i.text);
  return cls ? `<span class="${cls}">${body}</span>` : body;
}

function content(c: Content): string {
  return c.map(inline).join('');
}

function plainText(c: Content): string {
  return c.map((i) => i.text).join('');
}

const STYLE_BASE = `
:root { color-scheme: light; }
body { font-family: "Noto Sans", "Noto Sans Thai", "Noto Sans Myanmar", "Noto Sans Khmer", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "Leelawadee UI", "Myanmar Text", "Khmer UI", "Segoe UI", "Segoe UI Emoji", "Segoe UI Symbol", Symbola, sans-serif; font-size: 10pt; color: #111; margin: 2em auto; max-width: 1100px; padding: 0 1.5em; line-height: 1.45; }
h1 { font-size: 16pt; border-bottom: 2px solid #223; padding-bottom: .2em; margin-top: 2em; }
h2 { font-size: 13pt; margin-top: 1.6em; }
h3 { font-size: 11pt; margin: 1.4em 0 .4em; background: #eef1f6; padding: .25em .4em; }
.cover h1 { font-size: 22pt; border: none; margin-top: .5em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
th, td { border: 1px solid #c8ccd4; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #e3e7ee; }
tbody tr:nth-child(even) td { background: #f7f8fa; }
td { white-space: pre-wrap; overflow-wrap: anywhere; }
table.kv th { width: 15em; background: #f0f2f5; font-weight: normal; color: #333; }
.mono { font-family: "DejaVu Sans Mono", "Noto Sans Mono", Consolas, monospace; font-size: 9pt; overflow-wrap: anywhere; }
.b { font-weight: bold; } .mu { color: #666; } .good { color: #17602a; } .bad { color: #a3121b; }
.mk { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 85%; color: #a3121b; background: #fdecec; border: 1px solid #e5a1a1; border-radius: 2px; padding: 0 .1em; }
.small { font-size: 9pt; color: #333; }
nav ul { columns: 2; list-style: none; padding-left: 1em; }
figure { margin: 1em 0; } figure img, figure svg { max-width: 100%; height: auto; border: 1px solid #c8ccd4; }
figcaption { font-size: 9pt; color: #333; margin-top: .3em; }
figure svg { overflow: visible; }
footer { margin-top: 3em; border-top: 1px solid #999; padding-top: .5em; font-size: 9pt; color: #444; }
@media print { body { max-width: none; margin: 0; } h1 { break-before: page; } .cover h1 { break-before: avoid; } thead { display: table-header-group; } tr { break-inside: avoid; } }`;

function pageRules(m: ReportModel): string {
  const head = `Case ${m.meta.caseNumber} \u2014 Threadline report`;
  return `
@page { size: A4; margin: 16mm 12mm 16mm 12mm;
  @top-left { content: ${cssString(head)}; font-size: 8pt; color: #444; }
  @bottom-left { content: ${cssString(`Audit chain head ${m.chain.headSeq}: ${m.chain.headHash.slice(0, 16)}\u2026`)}; font-size: 8pt; color: #444; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 8pt; color: #444; } }`;
}

function table(b: Extract<Block, { type: 'table' }>, out: string[]): void {
  const total = b.columns.reduce((n, c) => n + c.width, 0);
  out.push('<table><colgroup>');
  // Widths as classes would need one rule per table; <col width> is a presentational attribute, not a style, so
  // the CSP (which forbids inline style attributes) is not involved.
  for (const c of b.columns) out.push(`<col width="${((c.width / total) * 100).toFixed(1)}%">`);
  out.push('</colgroup><thead><tr>');
  for (const c of b.columns) out.push(`<th>${escapeHtml(c.header)}</th>`);
  out.push('</tr></thead><tbody>');
  let n = 0;
  let batch: string[] = [];
  for (const row of b.rows()) {
    n++;
    batch.push(`<tr>${row.map((cell, i) => `<td${b.columns[i]?.mono ? ' class="mono"' : ''}>${content(cell)}</td>`).join('')}</tr>`);
    if (batch.length >= 2000) {
      out.push(batch.join('\n'));
      batch = [];
    }
  }
  if (batch.length) out.push(batch.join('\n'));
  if (n === 0 && b.empty) out.push(`<tr><td colspan="${b.columns.length}" class="mu">${escapeHtml(b.empty)}</td></tr>`);
  out.push('</tbody></table>\n');
}

function render(blocks: Block[], m: ReportModel, out: string[]): void {
  const toc = blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading' && b.level === 1 && b.id !== undefined);
  for (const b of blocks) {
    switch (b.type) {
      case 'title':
        out.push(`<header class="cover"><p class="mu">${escapeHtml(m.meta.tool.name)} ${escapeHtml(m.meta.tool.version)}</p><h1>${escapeHtml(b.title)}</h1><table class="kv">`);
        for (const [k, v] of b.lines) out.push(`<tr><th>${escapeHtml(k)}</th><td>${content(v)}</td></tr>`);
        out.push('</table></header>\n');
        break;
      case 'toc':
        out.push('<nav><h2>Contents</h2><ul>');
        for (const h of toc) out.push(`<li><a href="#${escapeHtml(h.id!)}">${escapeHtml(plainText(h.text))}</a></li>`);
        out.push('</ul></nav>\n');
        break;
      case 'heading':
        out.push(`<h${b.level}${b.id ? ` id="${escapeHtml(b.id)}"` : ''}>${content(b.text)}</h${b.level}>\n`);
        break;
      case 'para':
        out.push(`<p${b.small ? ' class="small"' : ''}>${content(b.content)}</p>\n`);
        break;
      case 'list':
        out.push(`<ul>${b.items.map((i) => `<li>${content(i)}</li>`).join('')}</ul>\n`);
        break;
      case 'kv':
        out.push(`<table class="kv">${b.rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${content(v)}</td></tr>`).join('')}</table>\n`);
        break;
      case 'table':
        table(b, out);
        break;
      case 'image':
        out.push(`<figure><img alt="${escapeHtml(b.caption)}" src="data:image/png;base64,${b.png.toString('base64')}"><figcaption>${escapeHtml(b.caption)}</figcaption></figure>\n`);
        break;
      case 'graph':
        // graph/svg.ts escapes every text and writes no script, event attribute or reference: inline SVG needs
        // no CSP source of its own. The xmlns is dropped: HTML puts <svg> in the SVG namespace by itself, and the
        // report then carries no URL at all, not even a namespace name.
        out.push(`<figure>${b.svg.replace(' xmlns="http://www.w3.org/2000/svg"', '')}<figcaption>${escapeHtml(b.caption)}</figcaption></figure>\n`);
        break;
      case 'pagebreak':
        break;
      default: {
        const never: never = b;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  }
}

/** The HTML bytes (UTF-8). */
export function renderHtml(m: ReportModel, onProgress?: (p: ReportProgress) => void): Buffer {
  onProgress?.({ phase: 'rendering' });
  const blocks = buildDocument(m, { fullAuditDetails: true });
  const style = STYLE_BASE + pageRules(m);
  const styleHash = createHash('sha256').update(style, 'utf8').digest('base64');
  const csp = [`default-src 'none'`, `style-src 'sha256-${styleHash}'`, ...(m.graph ? [`img-src data:`] : []), `base-uri 'none'`, `form-action 'none'`].join('; ');
  const out: string[] = [
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">\n`,
    '<meta name="referrer" content="no-referrer">\n',
    `<meta name="generator" content="${escapeHtml(m.meta.tool.id)}">\n`,
    `<title>${escapeHtml(`Threadline report — case ${m.meta.caseNumber}`)}</title>\n`,
    `<style>${style}</style>\n</head>\n<body>\n`,
  ];
  render(blocks, m, out);
  out.push(
    `<footer>Case ${inline({ text: m.meta.caseNumber, seized: true })} · report of ${escapeHtml(m.meta.reportDate)} · audit chain head ${m.chain.headSeq}: <span class="mono">${m.chain.headHash}</span> · ${escapeHtml(m.meta.tool.id)}</footer>\n</body>\n</html>\n`,
  );
  return Buffer.from(out.join(''), 'utf8');
}
