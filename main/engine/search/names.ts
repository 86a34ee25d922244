/**
 * Fuzzy name search over account display names, contact names, chat names and examiner-given entity names.
 * fuse.js over a whole case's names is too slow (~290 ms per query at 100 k names), so a trigram FTS5 query
 * (any shared three-letter piece) picks a few hundred candidates and fuse.js re-ranks only those (~10 ms).
 */
import Fuse from 'fuse.js';
import type { SqlDb } from '../db/case-db';
import { accountSummaries, entityGivenNames, nameCandidatesBySubstring, nameCandidatesByTrigrams, type AccountSummary, type NameRow } from '../db/read/search';
import { ThreadlineError } from '../errors';
import { codePointLength, foldInvisibles } from './scripts';

export interface NameMatch {
  name: string;
  /** 0 = exact, 1 = unrelated (fuse.js score). */
  score: number;
  accounts: AccountSummary[];
  contacts: { id: number; evidence: number }[];
  chats: { id: number; evidence: number }[];
  /** Entities whose examiner-given name this is. */
  entities: number[];
}

const CANDIDATES = 300;
const MAX_TRIGRAMS = 64;

function trigramQuery(text: string): string | null {
  const cps = [...text.toLowerCase()];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= cps.length && grams.size < MAX_TRIGRAMS; i++) {
    const g = cps.slice(i, i + 3).join('');
    if (g.trim().length === 3) grams.add(g);
  }
  if (grams.size === 0) return null;
  return [...grams].map((g) => `"${g.replace(/"/g, '""')}"`).join(' OR ');
}

interface Candidate {
  name: string;
  row: NameRow | null;
  entity: number | null;
}

export function searchNames(db: SqlDb, text: string, limit = 20): NameMatch[] {
  const q = foldInvisibles(text).trim();
  if (!q) throw new ThreadlineError('BAD_ARGUMENT', 'The name to search for is empty.', { hint: 'Give part of a name, e.g. somchai.' });
  const match = codePointLength(q) >= 3 ? trigramQuery(q) : null;
  const rows = match ? nameCandidatesByTrigrams(db, match, CANDIDATES) : nameCandidatesBySubstring(db, q, CANDIDATES);
  const candidates: Candidate[] = rows.map((r) => ({ name: r.name, row: r, entity: null }));
  for (const e of entityGivenNames(db)) candidates.push({ name: e.name, row: null, entity: e.entity_id });
  const fuse = new Fuse(candidates, { keys: ['name'], includeScore: true, threshold: 0.45, ignoreLocation: true, ignoreDiacritics: true });
  const ranked = fuse.search(q);
  const byName = new Map<string, { score: number; rows: NameRow[]; entities: number[] }>();
  for (const r of ranked) {
    let g = byName.get(r.item.name);
    if (!g) byName.set(r.item.name, (g = { score: r.score ?? 1, rows: [], entities: [] }));
    if (r.item.row) g.rows.push(r.item.row);
    if (r.item.entity !== null) g.entities.push(r.item.entity);
  }
  const top = [...byName.entries()].sort((a, b) => a[1].score - b[1].score || a[0].localeCompare(b[0])).slice(0, limit);
  const accountIds = top.flatMap(([, g]) => g.rows.filter((r) => r.source === 'account').map((r) => r.ref));
  const accounts = new Map(accountSummaries(db, accountIds).map((a) => [a.id, a]));
  return top.map(([name, g]) => ({
    name,
    score: Math.round(g.score * 1000) / 1000,
    accounts: g.rows.filter((r) => r.source === 'account').map((r) => accounts.get(r.ref)).filter((a): a is AccountSummary => a !== undefined),
    contacts: g.rows.filter((r) => r.source === 'contact').map((r) => ({ id: r.ref, evidence: r.evidence })),
    chats: g.rows.filter((r) => r.source === 'chat').map((r) => ({ id: r.ref, evidence: r.evidence })),
    entities: g.entities,
  }));
}
