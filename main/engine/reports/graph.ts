/**
 * The report's link graph (findings 3.3): the graph of the report's event selection, capped and laid out once by
 * graph/svg.ts, with a caption that says what was drawn, what was left out, which edge kinds and time range it
 * covers, and that positions are a layout. The same drawing feeds the HTML (SVG), PDF (vector ops) and the tables.
 */
import { GRAPH_EDGE_KINDS, GRAPH_EDGE_LABELS } from '../../../shared/graph-model';
import type { SqlDb } from '../db/case-db';
import { graphView } from '../graph/build';
import { drawGraph, drawingToSvg } from '../graph/svg';
import type { GraphFilter } from '../graph/types';
import { displayTime } from '../timeline/display-time';
import type { EventFilter } from '../timeline/types';
import { GRAPH_MAX_LABELS, GRAPH_MAX_NODES } from './limits';
import type { GraphSection } from './types';

/** The drawing's size in its own units: scaled to the PDF page width (≈0.68) and shown at this size in HTML. */
export const GRAPH_WIDTH = 760;
export const GRAPH_HEIGHT = 800;

const en = (n: number) => n.toLocaleString('en-US');

/** The graph filter of a report filter; accounts and text queries have no graph equivalent (said in the caption). */
export function graphFilterOf(f: EventFilter): { filter: GraphFilter; ignored: string[] } {
  const g: GraphFilter = {};
  if (f.from !== undefined) g.from = f.from;
  if (f.to !== undefined) g.to = f.to;
  if (f.kinds !== undefined) g.kinds = [...f.kinds];
  if (f.evidence !== undefined) g.evidence = [...f.evidence];
  if (f.entities !== undefined) g.entities = [...f.entities];
  if (f.tags !== undefined) g.tags = [...f.tags];
  if (f.hasAttachment !== undefined) g.hasAttachment = f.hasAttachment;
  const ignored: string[] = [];
  if (f.accounts !== undefined) ignored.push('accounts');
  if (f.text !== undefined) ignored.push('text query');
  return { filter: g, ignored };
}

export function emptyGraphSection(): GraphSection {
  return { included: false, svg: '', drawing: { width: GRAPH_WIDTH, height: GRAPH_HEIGHT, legend: [], lines: [], circles: [], labels: [] }, caption: [], notes: [], nodes: [], edges: [] };
}

/** The link graph of the report's selection, with its caption; `included: false` when the option leaves it out. */
export function graphSection(db: SqlDb, o: { graph: boolean; filter: EventFilter; displayTz: string }): GraphSection {
  if (!o.graph) return emptyGraphSection();
  const { filter, ignored } = graphFilterOf(o.filter);
  const view = graphView(db, filter, { maxNodes: GRAPH_MAX_NODES });
  const drawing = drawGraph(view, { width: GRAPH_WIDTH, height: GRAPH_HEIGHT, maxLabels: GRAPH_MAX_LABELS });
  const notes = [...view.notes];
  const labelled = Math.min(view.nodes.length, GRAPH_MAX_LABELS);
  if (labelled < view.nodes.length) notes.push(`Names are printed on the ${labelled} most active of the ${view.nodes.length} entities drawn; the graph tables list them all.`);
  if (ignored.length) notes.push(`The graph does not apply the ${ignored.join(' and ')} filter of the selection; it shows every link the other filters allow.`);
  const kinds = GRAPH_EDGE_KINDS.filter((k) => view.edges.some((e) => e.kind === k));
  const firsts = view.edges.map((e) => e.first).filter((x): x is string => x !== null).sort();
  const lasts = view.edges.map((e) => e.last).filter((x): x is string => x !== null).sort();
  const tz = o.displayTz;
  const caption = [
    `${en(view.nodes.length)} of ${en(view.total.nodes)} entities and ${en(view.edges.length)} of ${en(view.total.edges)} links shown` +
      (view.truncated ? `; capped at the ${GRAPH_MAX_NODES} entities joined by the strongest links (the rest are left out of the picture, not of the case).` : '; nothing was left out.'),
    `Edge kinds: ${kinds.length ? kinds.map((k) => GRAPH_EDGE_LABELS[k]).join(', ') : 'none'}. A line's width grows with the number of records behind it, a circle's size with the entity's activity.`,
    `Time range of the records drawn: ${firsts.length ? `${displayTime(Date.parse(firsts[0]!), tz)} to ${displayTime(Date.parse(lasts[lasts.length - 1]!), tz)}` : 'no dated record'} (display zone ${tz}).`,
    'Positions are a layout computed for legibility, not evidence: distance and placement mean nothing. Each link is listed with its records in the graph tables of the XLSX report.',
  ];
  return { included: true, svg: drawingToSvg(drawing), drawing, caption, notes, nodes: view.nodes, edges: view.edges };
}
