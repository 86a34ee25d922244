/** The report builder's words: the timeline filter as the report will state it, and a job's progress as a fraction. */
import type { ReportJobState } from '../../../shared/report-contract';
import type { FilterForm } from '../../lib/filter';

/** The timeline filter in words (the engine prints its own version on the report's cover). */
export function filterWords(f: FilterForm, tz: string): string[] {
  const out: string[] = [];
  if (f.kinds.length) out.push(`kinds: ${f.kinds.join(', ')}`);
  if (f.evidence.length) out.push(`evidence items: ${f.evidence.map((e) => `E${e}`).join(', ')}`);
  if (f.entities.length) out.push(`entities: ${f.entities.map((e) => `N${e}`).join(', ')}`);
  if (f.from) out.push(`from ${f.from.replace('T', ' ')} (${tz})`);
  if (f.to) out.push(`before ${f.to.replace('T', ' ')} (${tz})`);
  if (f.text.trim()) out.push(`text: ${f.text.trim()}`);
  if (f.attachments !== 'any') out.push(f.attachments === 'with' ? 'only with attachments' : 'only without attachments');
  return out;
}

export const PHASE_WORDS: Record<NonNullable<ReportJobState['phase']>, string> = {
  queued: 'Waiting to start',
  verifying: 'Re-hashing the evidence files',
  reading: 'Reading the case',
  'laying-out': 'Laying out pages',
  rendering: 'Rendering',
  writing: 'Writing the file, its hash to the audit log and the manifest',
};

/** Overall fraction done by phase (null: no measure, shown as an animation). */
export function reportProgress(j: ReportJobState): number | null {
  const part = j.done !== null && j.total ? Math.min(1, j.done / j.total) : null;
  switch (j.phase) {
    case null:
    case 'queued':
      return 0;
    case 'verifying':
      return part === null ? null : 0.3 * part;
    case 'reading':
      return 0.3 + 0.1 * (part ?? 0);
    case 'laying-out':
      return 0.45;
    case 'rendering':
      return part === null ? null : 0.5 + 0.4 * part;
    case 'writing':
      return 0.95;
    default: {
      const never: never = j.phase;
      return never;
    }
  }
}
