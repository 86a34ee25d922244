/**
 * Identifier search: any surface form of a phone number, e-mail, handle, wallet or IBAN is normalised the way
 * identity linking normalises it (`081 234 5678` with region TH → +66812345678), then looked up in the
 * identity graph: the identifier, every raw form it was written in, its entity, and the entity's accounts and
 * other identifiers — everything linked to it — with event counts for the timeline.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { SqlDb } from '../db/case-db';
import { caseRegion } from '../db/read/identity';
import { accountSummaries, entityMembers, identifierNode, identifierOccurrences, unlinkedEvidence, type AccountSummary, type OccurrenceSummary } from '../db/read/search';
import { classifyIdentifier, normaliseIdentifier, type NormalisedIdentifier } from '../identity/normalise';
import { looksLikePhone } from '../identity/phones';
import { assertRegion } from '../region';

export interface IdentifierHit {
  kind: string;
  /** The normalised value the query was read as. */
  value: string;
  /** Identity node and entity, when the case holds this identifier. */
  node: number | null;
  entity: number | null;
  /** Records in which it was written (a sender's messages count once per sender). */
  occurrences: number;
  /** The first places it was written, with the raw form each source used. */
  written: OccurrenceSummary[];
  /** Every account of the entity (the identifier's own and those linked to it). */
  accounts: AccountSummary[];
  /** The entity's other identifiers. */
  linkedIdentifiers: { kind: string; value: string }[];
  /** Events those accounts took part in (what `timeline --entity` shows). */
  events: number;
}

export interface IdentifierSearch {
  query: string;
  /** How the text was read: one entry per kind it could be. */
  readAs: { kind: string; value: string; valid: boolean; flags: readonly string[] }[];
  hits: IdentifierHit[];
  notes: string[];
}

/** Whether text looks like an identifier at all (so `search` knows to try this). */
export function looksLikeIdentifier(text: string): boolean {
  return classifyIdentifier(text.trim()) !== null || looksLikePhone(text.trim());
}

export function searchIdentifier(db: SqlDb, text: string, opts: { region?: string } = {}): IdentifierSearch {
  const regionText = opts.region ?? caseRegion(db) ?? undefined;
  const region: CountryCode | undefined = regionText ? assertRegion(regionText) : undefined;
  const q = text.trim();
  const readings: NormalisedIdentifier[] = [];
  const first = classifyIdentifier(q, { region });
  if (first) readings.push(first);
  // Digits could also be a bank account number written without a platform; a phone reading comes first.
  if (!first && looksLikePhone(q)) readings.push(normaliseIdentifier('phone', q, { region }));
  const notes: string[] = [];
  if (readings.length === 0) notes.push('The text does not look like a phone number, e-mail, @handle, wallet address or IBAN.');
  if (readings.some((r) => !r.valid)) notes.push(region ? `Read with phone region ${region}; an identifier that does not normalise is never linked.` : 'No phone region is set for the case; national phone numbers cannot be normalised (give --region).');
  const unlinked = unlinkedEvidence(db);
  if (unlinked.length) notes.push(`Evidence item(s) ${unlinked.map((e) => `E${e}`).join(', ')} have not been through identity linking; their identifiers are not searchable yet.`);
  const hits: IdentifierHit[] = [];
  for (const r of readings) {
    if (!r.valid) continue;
    const node = identifierNode(db, r.kind, r.value);
    if (!node) {
      hits.push({ kind: r.kind, value: r.value, node: null, entity: null, occurrences: 0, written: [], accounts: [], linkedIdentifiers: [], events: 0 });
      continue;
    }
    const members = entityMembers(db, node.entity_id);
    const accounts = accountSummaries(
      db,
      members.filter((m) => m.type === 'account' && m.account_id !== null).map((m) => m.account_id!),
    );
    hits.push({
      kind: r.kind,
      value: r.value,
      node: node.id,
      entity: node.entity_id,
      occurrences: node.occurrences,
      written: identifierOccurrences(db, node.id, 20),
      accounts,
      linkedIdentifiers: members.filter((m) => m.type === 'identifier' && m.id !== node.id && m.kind !== null && m.value !== null).map((m) => ({ kind: m.kind!, value: m.value! })),
      events: accounts.reduce((s, a) => s + a.events, 0),
    });
  }
  return { query: text, readAs: readings.map((r) => ({ kind: r.kind, value: r.value, valid: r.valid, flags: r.flags })), hits, notes };
}
