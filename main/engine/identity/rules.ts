/**
 * The catalogue of link rules and suggestion rules, with the sentences a report's methodology section quotes.
 * Automatic rules link only on hard evidence; suggestion rules never link by themselves.
 */

export const LINKER_VERSION = '1.0.0';

export type AutoRule = 'account-identifier' | 'sender-identifier' | 'call-party' | 'contact-card' | 'transaction-party' | 'device-owner';
export type ExaminerRule = 'examiner-confirmed' | 'examiner-merged';
export type EdgeRule = AutoRule | ExaminerRule;
export type SuggestionRule = 'self-statement' | 'named-in-message' | 'similar-name' | 'same-handle' | 'lookalike';

/** Occurrence roles: every one except `mentioned` shows the identifier in use by a party. */
export type OccurrenceRole = 'account' | 'sender' | 'recipient' | 'call' | 'contact-card' | 'tx-from' | 'tx-to' | 'device-owner' | 'mentioned';

export const AUTO_RULES: Record<AutoRule, string> = {
  'account-identifier': 'The source itself states the identifier for the account (an export\'s own account record, e.g. Telegram personal_information or a contact entry with its phone, username and user id).',
  'sender-identifier': 'The account\'s messages are shown sent from that phone number or address (the export writes the sender as the number).',
  'call-party': 'A device call-log entry records the call with that number; the entry\'s party and the number are the same party.',
  'contact-card': 'The identifiers are written together on one contact card (vCard or an exported contact list entry) about one person.',
  'transaction-party': 'The identifiers are written together in one spreadsheet row, in the columns the mapping assigns to the same party (e.g. a ledger row\'s victim phone, e-mail and wallet).',
  'device-owner': 'The examiner declared the identifier as the owner of the device the evidence item was taken from; it is linked to the account the export marks as its owner.',
};

export const EXAMINER_RULES: Record<ExaminerRule, string> = {
  'examiner-confirmed': 'An examiner confirmed a suggestion, with a justification recorded in the audit log.',
  'examiner-merged': 'An examiner merged two entities, with a justification recorded in the audit log.',
};

export const SUGGESTION_RULES: Record<SuggestionRule, string> = {
  'self-statement': 'A message states an identifier as the writer\'s own ("my new number is …"); the writer and the identifier may be the same person.',
  'named-in-message': 'A message writes an identifier beside a name ("Sarah (USA) +1 312 …"); parties with a similar display name may be its owner.',
  'similar-name': 'Display names are the same or nearly so (fuzzy match), weighed with co-occurrence: different evidence items and shared counterparts raise the score, membership of the same chat as different accounts lowers it.',
  'same-handle': 'The same handle is used on two platforms.',
  'lookalike': 'Two identifiers differ only by look-alike or invisible characters — possibly the same person, possibly an impersonation.',
};

export const ROLES_IN_USE: readonly OccurrenceRole[] = ['account', 'sender', 'recipient', 'call', 'contact-card', 'tx-from', 'tx-to', 'device-owner'];
