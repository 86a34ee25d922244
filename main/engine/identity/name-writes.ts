/** Writes a link run's buffered display names and stages the tokens of each new folded name (the suggestions' postings). */
import type { IdentityWriter } from '../db/write/identity';
import type { NameColumns } from '../db/write/name-buffer';
import type { NameTokenStaging } from '../db/write/name-token-staging';

/**
 * Writes one flush of name rows, then stages the (token, norm) rows of norms not in `written` (remembered there, at
 * most `bound` of them: forgetting one only stages its rows again, and the table ignores repeats). The staged rows
 * reach identity_name_tokens when the run's names are all written (name-token-staging.ts).
 *
 * The token table is keyed by (token, norm) and holds a set, so its content depends neither on the order rows are
 * written nor on whether a norm's tokens are written twice: a name row the database ignores (the node already has
 * that name from this item) has the norm of the row that was written, whose tokens are staged too.
 */
export function writeNameBatch(w: IdentityWriter, c: NameColumns, order: Uint32Array, evidenceId: number, written: Set<string>, bound: number, tokensTo: NameTokenStaging): void {
  w.insertNameColumns(c, order, evidenceId);
  const tokens: string[] = [];
  const norms: string[] = [];
  for (let k = 0; k < order.length; k++) {
    const o = order[k]!;
    const norm = c.norm[o]!;
    if (written.has(norm)) continue;
    if (written.size >= bound) written.clear();
    written.add(norm);
    for (const t of c.tokens[o]!) {
      tokens.push(t);
      norms.push(norm);
    }
  }
  tokensTo.add(tokens, norms);
}
