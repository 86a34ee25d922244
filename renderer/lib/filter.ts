/** The timeline filter form and its wire form: empty lists mean "all", time bounds are read in the display zone. */
import type { EventFilterWire, EventKind } from '../../shared/model';
import { wallToUtc } from './zone';

export interface FilterForm {
  kinds: EventKind[];
  evidence: number[];
  entities: number[];
  /** Wall-clock readings in the display zone (`YYYY-MM-DDTHH:mm`), or ''. */
  from: string;
  to: string;
  text: string;
  attachments: 'any' | 'with' | 'without';
  /** Examiner tag names: events carrying any of them. */
  tags: string[];
}

export const EMPTY_FILTER: FilterForm = { kinds: [], evidence: [], entities: [], from: '', to: '', text: '', attachments: 'any', tags: [] };

export function filterWire(f: FilterForm, tz: string): EventFilterWire {
  const out: EventFilterWire = {};
  if (f.kinds.length) out.kinds = [...f.kinds];
  if (f.evidence.length) out.evidence = [...f.evidence];
  if (f.entities.length) out.entities = [...f.entities];
  if (f.tags.length) out.tags = [...f.tags];
  const from = f.from ? wallToUtc(f.from, tz) : null;
  const to = f.to ? wallToUtc(f.to, tz) : null;
  if (from) out.from = from;
  if (to) out.to = to;
  if (f.text.trim()) out.text = f.text.trim();
  if (f.attachments !== 'any') out.hasAttachment = f.attachments === 'with';
  return out;
}
