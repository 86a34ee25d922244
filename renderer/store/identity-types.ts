/** The identity workbench slice's shape (kept apart from identity-slice.ts so store/types.ts imports no slice code). */
import type { ErrorInfo } from '../../shared/errors';
import type { DecisionResultWire, DecisionWire, EntityCardWire, EntityRowWire, EntitySort, OccurrenceWire, SuggestionPageWire } from '../../shared/model';
import type { DecisionRequest } from '../../shared/identity-contract';

export type IdentityTab = 'entity' | 'suggestions' | 'decisions';

/** A decision as the workbench's forms make it; the examiner is the session's, never typed here. */
export type IdentityDecision = DecisionRequest;

export interface IdentitySlice {
  entityQuery: string;
  entitySort: EntitySort;
  entityDescending: boolean;
  entityLinkedOnly: boolean;
  /** Rows loaded so far, by page number (pages of ENTITY_PAGE rows fetched as the list scrolls). */
  entityPages: Record<number, EntityRowWire[]>;
  entityTotal: number | null;
  entityNotes: string[];
  /** Bumped on every reload so late pages of an earlier query are dropped. */
  entityGeneration: number;
  entityListError: ErrorInfo | null;
  entityId: number | null;
  card: EntityCardWire | null;
  cardLoading: boolean;
  cardError: ErrorInfo | null;
  identityTab: IdentityTab;
  suggestionQueue: SuggestionPageWire | null;
  /** A further page of the queue is being fetched ("Load more"). */
  suggestionsLoadingMore: boolean;
  decisionLog: DecisionWire[];
  deciding: boolean;
  decisionError: ErrorInfo | null;
  lastDecision: DecisionResultWire | null;
  /** The case the workbench state belongs to (selection, last decision). */
  identityCase: string | null;
  /** Called when the view opens: keeps the selection on the same case, starts afresh on another; fetches everything. */
  enterWorkbench(caseId: string | null): void;
  setEntityQuery(q: string): void;
  setEntitySort(sort: EntitySort, descending: boolean): void;
  setEntityLinkedOnly(on: boolean): void;
  reloadEntities(): Promise<void>;
  ensureEntityRows(first: number, last: number): Promise<void>;
  selectEntity(id: number | null): Promise<void>;
  reloadCard(): Promise<void>;
  setIdentityTab(t: IdentityTab): void;
  loadSuggestionQueue(): Promise<void>;
  /** Append the next page of the queue (keyset: after the last row shown). */
  loadMoreSuggestions(): Promise<void>;
  loadDecisionLog(): Promise<void>;
  /** Make a decision; true when it was recorded (the list, card, queue and log are then reloaded). */
  decideIdentity(d: IdentityDecision): Promise<boolean>;
  clearDecisionError(): void;
  /** Entities matching a query, for the merge picker (not stored). */
  findEntities(query: string): Promise<EntityRowWire[]>;
  /** Open the event an occurrence or link cites in the timeline (and its conversation). */
  openRecord(record: OccurrenceWire['record']): Promise<void>;
}
