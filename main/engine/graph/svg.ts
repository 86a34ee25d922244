/**
 * The link graph as a standalone SVG for reports: a capped view of the filtered graph, laid out deterministically
 * (layout.ts), edges coloured by kind and sized by weight, nodes sized by activity, and labels that are hostile
 * text — escaped for XML and with bidi/invisible characters written as visible marks (⟨RLO⟩), as in every report.
 * No scripts, no external references, numbers printed with fixed precision: same case state, same bytes.
 */
import { GRAPH_EDGE_COLOURS, GRAPH_EDGE_KINDS, GRAPH_EDGE_LABELS } from '../../../shared/graph-model';
import { escapeXml } from '../../../shared/xml-escape';
import type { SqlDb } from '../db/case-db';
import { visibleText } from '../reports/visible-text';
import { graphView } from './build';
import { layoutGraph } from './layout';
import type { GraphEdgeKind, GraphFilter, GraphView } from './types';

/** One XML escaping for every SVG writer (shared with the renderer's export). */
export { escapeXml };

export interface SvgOptions {
  /** Nodes drawn (default 150): a printed page cannot show more legibly. */
  maxNodes?: number;
  /** Labels on the most active nodes (default 60). */
  maxLabels?: number;
  edgeKinds?: readonly GraphEdgeKind[];
  /** ForceAtlas2 iterations (default 400). */
  iterations?: number;
  width?: number;
  height?: number;
  /** Longest label in characters before it is cut with "…" (default 32). */
  labelChars?: number;
}

export interface GraphSvg {
  svg: string;
  /** The same picture as primitives, for renderers that draw it themselves (PDF). */
  drawing: GraphDrawing;
  /** What was drawn and what the whole filtered graph holds (for the report's caption). */
  shown: { nodes: number; edges: number };
  total: { nodes: number; edges: number };
  truncated: boolean;
  notes: string[];
}

/** A label safe to print: invisible and direction-changing characters as marks, then cut to `max` characters. */
export function safeLabel(label: string, max: number): string {
  const v = visibleText(label);
  const chars = [...v];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : v;
}

const f1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/**
 * The picture as primitives in page units (y down), rounded to 0.1: what the SVG writes, and what a PDF renderer can
 * draw with its own line/circle/text calls to show exactly the same image. Labels are already safe (visible marks,
 * cut) but NOT escaped — escape them for the format that prints them.
 */
export interface GraphDrawing {
  width: number;
  height: number;
  legend: { x: number; y: number; colour: string; label: string }[];
  /** Lightest first, so the strongest are drawn on top. */
  lines: { x1: number; y1: number; x2: number; y2: number; colour: string; width: number; kind: GraphEdgeKind; weight: number }[];
  /** Least active first. */
  circles: { id: number; cx: number; cy: number; r: number }[];
  labels: { id: number; x: number; y: number; text: string }[];
}

export const NODE_FILL = '#4b5563';
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Lay out a graph view (already capped and labelled) and turn it into drawing primitives. */
export function drawGraph(view: Pick<GraphView, 'nodes' | 'edges'>, o: SvgOptions = {}): GraphDrawing {
  const width = o.width ?? 1200;
  const height = o.height ?? 900;
  const maxLabels = o.maxLabels ?? 60;
  const labelChars = o.labelChars ?? 32;
  const legendH = 28;
  const margin = 40;
  const pos = layoutGraph(view, o.iterations ?? 400);
  const xs = [...pos.values()].map((p) => p.x);
  const ys = [...pos.values()].map((p) => p.y);
  const [minX, maxX, minY, maxY] = xs.length ? [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] : [0, 1, 0, 1];
  const scale = Math.min((width - 2 * margin) / Math.max(maxX - minX, 1e-9), (height - 2 * margin - legendH) / Math.max(maxY - minY, 1e-9));
  const offX = (width - (maxX - minX) * scale) / 2;
  const offY = legendH + (height - legendH - (maxY - minY) * scale) / 2;
  const at = (id: number) => {
    const p = pos.get(id)!;
    return { x: offX + (p.x - minX) * scale, y: offY + (p.y - minY) * scale };
  };
  const maxActivity = Math.max(1, ...view.nodes.map((n) => n.activity));
  const maxWeight = Math.max(1, ...view.edges.map((e) => e.weight));
  const radius = (a: number) => 3 + 12 * Math.sqrt(a / maxActivity);
  const stroke = (w: number) => 0.6 + 4.4 * (Math.log(1 + w) / Math.log(1 + maxWeight));

  const legend: GraphDrawing['legend'] = [];
  let lx = 10;
  for (const k of GRAPH_EDGE_KINDS.filter((k) => view.edges.some((e) => e.kind === k))) {
    legend.push({ x: lx, y: 14, colour: GRAPH_EDGE_COLOURS[k], label: GRAPH_EDGE_LABELS[k] });
    lx += 40 + GRAPH_EDGE_LABELS[k].length * 7;
  }
  const lines: GraphDrawing['lines'] = [];
  const edges = [...view.edges].sort((a, b) => a.weight - b.weight || a.source - b.source || a.target - b.target || GRAPH_EDGE_KINDS.indexOf(a.kind) - GRAPH_EDGE_KINDS.indexOf(b.kind));
  for (const e of edges) {
    if (!pos.has(e.source) || !pos.has(e.target)) continue;
    const a = at(e.source);
    const b = at(e.target);
    lines.push({ x1: r1(a.x), y1: r1(a.y), x2: r1(b.x), y2: r1(b.y), colour: GRAPH_EDGE_COLOURS[e.kind], width: r1(stroke(e.weight)), kind: e.kind, weight: e.weight });
  }
  const circles = [...view.nodes]
    .sort((a, b) => a.activity - b.activity || a.id - b.id)
    .map((n) => {
      const p = at(n.id);
      return { id: n.id, cx: r1(p.x), cy: r1(p.y), r: r1(radius(n.activity)) };
    });
  // Labels for the most active nodes; never markup, never reordering (visible marks).
  const labels = [...view.nodes]
    .sort((a, b) => b.activity - a.activity || a.id - b.id)
    .slice(0, maxLabels)
    .sort((a, b) => a.id - b.id)
    .map((n) => {
      const p = at(n.id);
      return { id: n.id, x: r1(p.x + radius(n.activity) + 2), y: r1(p.y + 4), text: safeLabel(n.label, labelChars) };
    });
  return { width, height, legend, lines, circles, labels };
}

/** A drawing as standalone SVG text (no scripts, no references; every text escaped). */
export function drawingToSvg(d: GraphDrawing): string {
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${d.width}" height="${d.height}" viewBox="0 0 ${d.width} ${d.height}" font-family="Noto Sans, DejaVu Sans, sans-serif">`);
  out.push(`<rect width="${d.width}" height="${d.height}" fill="#ffffff"/>`);
  for (const l of d.legend) {
    out.push(`<line x1="${l.x}" y1="${l.y}" x2="${l.x + 24}" y2="${l.y}" stroke="${l.colour}" stroke-width="3"/>`);
    out.push(`<text x="${l.x + 30}" y="${l.y + 4}" font-size="12" fill="#333333">${escapeXml(l.label)}</text>`);
  }
  out.push('<g stroke-linecap="round" stroke-opacity="0.7">');
  for (const l of d.lines) out.push(`<line x1="${f1(l.x1)}" y1="${f1(l.y1)}" x2="${f1(l.x2)}" y2="${f1(l.y2)}" stroke="${l.colour}" stroke-width="${f1(l.width)}"/>`);
  out.push('</g>');
  out.push(`<g fill="${NODE_FILL}" stroke="#ffffff" stroke-width="1">`);
  for (const c of d.circles) out.push(`<circle cx="${f1(c.cx)}" cy="${f1(c.cy)}" r="${f1(c.r)}"/>`);
  out.push('</g>');
  out.push('<g font-size="11" fill="#111111" stroke="#ffffff" stroke-width="3" paint-order="stroke">');
  for (const t of d.labels) out.push(`<text x="${f1(t.x)}" y="${f1(t.y)}" direction="ltr" unicode-bidi="embed">${escapeXml(t.text)}</text>`);
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Draw a graph view (already capped and labelled) as SVG text. */
export function viewToSvg(view: Pick<GraphView, 'nodes' | 'edges'>, o: SvgOptions = {}): string {
  return drawingToSvg(drawGraph(view, o));
}

/** The filtered link graph as SVG, deterministic for a given case state, filter and options. */
export function renderGraphSvg(db: SqlDb, filter: GraphFilter, opts: SvgOptions = {}): GraphSvg {
  const view = graphView(db, filter, { maxNodes: opts.maxNodes ?? 150, ...(opts.edgeKinds ? { edgeKinds: opts.edgeKinds } : {}) });
  const labelled = Math.min(view.nodes.length, opts.maxLabels ?? 60);
  const notes = [...view.notes];
  if (labelled < view.nodes.length) notes.push(`Names are printed on the ${labelled} most active of the ${view.nodes.length} entities drawn.`);
  const drawing = drawGraph(view, opts);
  return { svg: drawingToSvg(drawing), drawing, shown: { nodes: view.nodes.length, edges: view.edges.length }, total: view.total, truncated: view.truncated, notes };
}
