/** Handlers for the identity workbench's channels (entities.page/card/suggestions/decide/decisions), spread into createHandlers. */
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import type { Case } from '../../engine/case';
import { ThreadlineError } from '../../engine/errors';
import { decide, decisionHistory, entityCard, entityPage, suggestionPage } from '../../engine/identity/workbench';

export type IdentityChannels = 'entities.page' | 'entities.card' | 'entities.suggestions' | 'entities.decide' | 'entities.decisions';

/** The same shape as Handlers in handlers.ts, declared here because handlers.ts imports this module (no cycle). */
type IdentityHandlerMap = { [K in IdentityChannels]: (request: RequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>> };

/**
 * `current` gives the open case (or throws NO_CASE_OPEN); `busy` says whether an import or report is running —
 * a decision then waits, because linking inside an import would renumber the entities the examiner is looking at.
 */
export function identityHandlers(current: () => Case, busy: () => boolean): IdentityHandlerMap {
  return {
    'entities.page': (r) => entityPage(current().db, r),
    'entities.card': (r) => entityCard(current().db, r.entity, r.buckets === undefined ? {} : { buckets: r.buckets }),
    'entities.suggestions': (r) =>
      suggestionPage(current().db, { offset: r.offset, limit: r.limit, ...(r.entity === undefined ? {} : { entity: r.entity }), ...(r.after === undefined ? {} : { after: r.after }) }),
    'entities.decide': (r) => {
      const c = current();
      if (busy()) {
        throw new ThreadlineError('JOB_RUNNING', 'An import or report is running on this case.', { hint: 'Wait for it to finish, then make the decision again (your justification is kept in the form).' });
      }
      return decide(c, r);
    },
    'entities.decisions': (r) => decisionHistory(current().db, r.entity ?? null, r.limit),
  };
}
