/**
 * Export the graph view as it is on screen: SVG written from the nodes' on-screen positions (every label escaped
 * as XML text, with visible marks for hidden characters), and PNG composed from sigma's canvas layers. Both are
 * offered through an <a download> link on a blob: URL — nothing leaves the machine.
 */
import type Sigma from 'sigma';
import { GRAPH_EDGE_COLOURS, GRAPH_EDGE_KINDS, GRAPH_EDGE_LABELS } from '../../../shared/graph-model';
import type { EdgeAttrs, NodeAttrs, ViewGraph } from './graph-model';
import { escapeXml } from '../../../shared/xml-escape';

const f1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/** What the reducers currently show for a node or edge (hidden ones are left out of the export too). */
export interface Drawn {
  node(key: string): Partial<NodeAttrs> & { hidden?: boolean };
  edge(key: string): Partial<EdgeAttrs> & { hidden?: boolean };
}

/** SVG of the current view: positions in viewport pixels, sizes as drawn. */
export function viewSvg(sigma: Sigma<NodeAttrs, EdgeAttrs>, g: ViewGraph, drawn: Drawn, title: string): string {
  const { width, height } = sigma.getDimensions();
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(width)}" height="${Math.round(height)}" viewBox="0 0 ${Math.round(width)} ${Math.round(height)}" font-family="Noto Sans, DejaVu Sans, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${Math.round(width)}" height="${Math.round(height)}" fill="#ffffff"/>`,
  ];
  const px = (key: string) => sigma.graphToViewport(g.getNodeAttributes(key));
  const ratio = sigma.getCamera().getState().ratio;
  const scale = 1 / Math.sqrt(Math.max(ratio, 1e-6));
  out.push('<g stroke-linecap="round" stroke-opacity="0.8">');
  g.forEachEdge((key, a, s, t) => {
    const d = drawn.edge(key);
    if (d.hidden) return;
    const p = px(s);
    const q = px(t);
    out.push(`<line x1="${f1(p.x)}" y1="${f1(p.y)}" x2="${f1(q.x)}" y2="${f1(q.y)}" stroke="${escapeXml(d.color ?? a.color)}" stroke-width="${f1((d.size ?? a.size) * scale)}"/>`);
  });
  out.push('</g><g stroke="#ffffff" stroke-width="1">');
  g.forEachNode((key, a) => {
    const d = drawn.node(key);
    if (d.hidden) return;
    const p = px(key);
    out.push(`<circle cx="${f1(p.x)}" cy="${f1(p.y)}" r="${f1((d.size ?? a.size) * scale)}" fill="${escapeXml(d.color ?? a.color)}"/>`);
  });
  out.push('</g><g font-size="12" fill="#111111" stroke="#ffffff" stroke-width="3" paint-order="stroke">');
  g.forEachNode((key, a) => {
    const d = drawn.node(key);
    const label = d.label ?? a.label;
    if (d.hidden || !label) return;
    const p = px(key);
    out.push(`<text x="${f1(p.x + (d.size ?? a.size) * scale + 3)}" y="${f1(p.y + 4)}" direction="ltr" unicode-bidi="embed">${escapeXml(label)}</text>`);
  });
  out.push('</g>');
  let lx = 10;
  for (const k of GRAPH_EDGE_KINDS) {
    out.push(`<line x1="${lx}" y1="${height - 14}" x2="${lx + 24}" y2="${height - 14}" stroke="${GRAPH_EDGE_COLOURS[k]}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 30}" y="${height - 10}" font-size="12" fill="#333333">${escapeXml(GRAPH_EDGE_LABELS[k])}</text>`);
    lx += 40 + GRAPH_EDGE_LABELS[k].length * 7;
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** PNG of the current view: sigma's layers (edges, nodes, labels…) drawn onto one white canvas right after a render. */
export function viewPng(sigma: Sigma<NodeAttrs, EdgeAttrs>): Promise<Blob> {
  const { width, height } = sigma.getDimensions();
  const dpr = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = Math.round(width * dpr);
  out.height = Math.round(height * dpr);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  // WebGL layers keep their pixels only until the frame is composited: render and copy in the same task.
  sigma.refresh();
  for (const c of Object.values(sigma.getCanvases())) ctx.drawImage(c, 0, 0, out.width, out.height);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}

/** Offer a blob as a download (a click on a temporary <a download>). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
