/**
 * Identity linking's public surface for the rest of the engine: link an evidence item, read entities and
 * suggestions, make decisions, and scope other views (timeline, search) to one entity.
 */
export { linkEvidence, type LinkSummary } from './link';
export { linkPending, type LinkRunResult } from './run';
export { explainEntity, listEntities, listSuggestions, type EntityExplanation, type EntityListItem, type SuggestionOut } from './explain';
export { confirmSuggestion, mergeEntities, nameEntity, rejectSuggestion, splitIdentifier, undoDecision, type DecisionResult } from './decisions';
export { normaliseIdentifier, classifyIdentifier, type NormalisedIdentifier } from './normalise';
export { AUTO_RULES, EXAMINER_RULES, SUGGESTION_RULES, LINKER_VERSION } from './rules';
export { LINK_RULE_RATES, SUGGESTION_RULE_RATES } from './error-rates';
/**
 * For `timeline --entity ID` and other filters: the accounts an entity acted as (messages.sender_account_id,
 * calls.account_id, chat_members), its normalised identifiers, and the records where they are in use.
 */
export { entityAccountIds, entityIdentifierValues, entitySourceRecords, entityOfAccount, entityExists } from '../db/read/identity';
