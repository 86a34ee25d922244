/** The timeline filter as the graph reads it: text cannot apply to a graph, and entities are the graph's own selection. */
import type { RequestIn } from '../../../shared/contract';
import { filterWire, type FilterForm } from '../../lib/filter';

export type GraphFilterWire = RequestIn<'graph.view'>['filter'];

export function graphFilterOf(s: { filter: FilterForm; displayTz: string }): GraphFilterWire {
  const w = filterWire(s.filter, s.displayTz);
  const out: GraphFilterWire = {};
  if (w.from) out.from = w.from;
  if (w.to) out.to = w.to;
  if (w.kinds) out.kinds = w.kinds;
  if (w.evidence) out.evidence = w.evidence;
  if (w.tags) out.tags = w.tags;
  if (w.hasAttachment !== undefined) out.hasAttachment = w.hasAttachment;
  return out;
}

/** Identifies what the graph was drawn for: a different key means the graph must be loaded again. */
export const graphFilterKey = (s: { filter: FilterForm; displayTz: string }) => JSON.stringify(graphFilterOf(s));
