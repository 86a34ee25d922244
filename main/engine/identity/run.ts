/**
 * `threadline link`: links every evidence item not linked yet, each in its own audited transaction (so a
 * large case makes progress and a failure names its item), and the optional consistency recompute.
 */
import type { Case } from '../case';
import { unlinkedEvidenceIds } from '../db/read/identity';
import { IdentityWriter } from '../db/write/identity';
import { recomputeAll } from './components';
import { linkEvidence, type LinkSummary } from './link';

export interface LinkRunResult {
  linked: LinkSummary[];
  /** Present when a recompute was asked for: nodes whose stored entity differed from the recomputed one. */
  recompute?: { nodes: number; relabelled: number; entities: number; orphanOccurrences: number };
}

export function linkPending(c: Case, opts: { recompute?: boolean; onItem?: (evidenceId: number) => void } = {}): LinkRunResult {
  const linked: LinkSummary[] = [];
  for (const id of unlinkedEvidenceIds(c.db)) {
    opts.onItem?.(id);
    linked.push(c.audited('identity-linked', () => {
      const s = linkEvidence(c.db, id);
      return { result: s, details: s };
    }));
  }
  const out: LinkRunResult = { linked };
  if (opts.recompute) {
    out.recompute = c.audited('identity-recomputed', () => {
      const r = recomputeAll(c.db, new IdentityWriter(c.db));
      return { result: r, details: r };
    });
  }
  return out;
}
