/**
 * Measured error rates of the linking rules, for reports' error-rate disclosure. The figures come from the
 * labelled synthetic seizure in test/identity/seizure.ts (scored pairwise over accounts and valid identifiers
 * in use); test/identity/error-rates.test.ts re-measures them and fails if they differ, so they cannot go stale.
 * They describe that corpus, not every case: say so when quoting them.
 */
import type { AutoRule, SuggestionRule } from './rules';

export const RATES_CORPUS = {
  description:
    'Synthetic labelled seizure: 8 evidence items (WhatsApp, Telegram, LINE, calls.xml, sms.xml, vCards, ledger XLSX, transfers CSV); identifiers in different surface forms per file; decoys sharing display names and a look-alike handle.',
  people: 32,
  decoys: 4,
  itemsLabelled: 116,
  truePairs: 149,
};

/** Per automatic rule: edges raised on the corpus and the share joining two items of the same person. */
export const LINK_RULE_RATES: Record<AutoRule, { edges: number; precision: number | null }> = {
  'account-identifier': { edges: 14, precision: 1 },
  'sender-identifier': { edges: 9, precision: 1 },
  'call-party': { edges: 7, precision: 1 },
  'contact-card': { edges: 6, precision: 1 },
  'transaction-party': { edges: 38, precision: 1 },
  'device-owner': { edges: 1, precision: 1 },
};

/**
 * All automatic rules together: pairwise precision and recall, and the recall the structured records allow
 * (the rest of the true pairs are joined only by what people write in messages, or by nothing).
 */
export const AUTOMATIC_LINKING = { precision: 1, recall: 0.7919, recallBound: 0.7919 };

/** Per suggestion rule: suggestions raised and the share naming two items of the same person. */
export const SUGGESTION_RULE_RATES: Record<SuggestionRule, { raised: number; precision: number | null }> = {
  'self-statement': { raised: 10, precision: 1 },
  'named-in-message': { raised: 2, precision: 0.5 },
  'similar-name': { raised: 15, precision: 0.5333 },
  'same-handle': { raised: 0, precision: null },
  lookalike: { raised: 1, precision: 0 },
};

/**
 * The demo seizure (resources/demo, 34 people incl. 4 decoys, 13 files) imported through the real importers and
 * scored over its labelled identifiers (test/identity/demo-seizure.test.ts): no wrong link, and at least this
 * recall (its structured records would allow 0.5138; the gap is columns the spreadsheet importer's automatic
 * mapping assigned to separate parties, and a bank account number it typed as an IBAN).
 */
export const DEMO_SEIZURE_RATES = { precision: 1, recallAtLeast: 0.3663 };
