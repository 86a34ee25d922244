/** Named selectors for the identity workbench (kept beside its slice; the shared selectors.ts stays untouched). */
import type { Store } from './types';

export const selectEntityQuery = (s: Store) => s.entityQuery;
export const selectEntitySort = (s: Store) => s.entitySort;
export const selectEntityDescending = (s: Store) => s.entityDescending;
export const selectEntityLinkedOnly = (s: Store) => s.entityLinkedOnly;
export const selectEntityPages = (s: Store) => s.entityPages;
export const selectEntityTotal = (s: Store) => s.entityTotal;
export const selectEntityNotes = (s: Store) => s.entityNotes;
export const selectEntityListError = (s: Store) => s.entityListError;
export const selectEntityId = (s: Store) => s.entityId;
export const selectCard = (s: Store) => s.card;
export const selectCardLoading = (s: Store) => s.cardLoading;
export const selectCardError = (s: Store) => s.cardError;
export const selectIdentityTab = (s: Store) => s.identityTab;
export const selectSuggestionQueue = (s: Store) => s.suggestionQueue;
export const selectDecisionLog = (s: Store) => s.decisionLog;
export const selectDeciding = (s: Store) => s.deciding;
export const selectDecisionError = (s: Store) => s.decisionError;
export const selectLastDecision = (s: Store) => s.lastDecision;
export const selectActingExaminer = (s: Store) => s.summary?.actingExaminer ?? null;
export const selectCaseId = (s: Store) => s.summary?.ref.id ?? null;
export const selectSuggestionsLoadingMore = (s: Store) => s.suggestionsLoadingMore;
