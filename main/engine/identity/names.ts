/**
 * Display names for suggestions: a folded form (case, width, look-alikes, invisibles, punctuation and emoji
 * removed) and its tokens. Names are never identifiers; they only ever propose "maybe the same person".
 */
import { lookalikeFlags, skeleton } from './confusables';
import { looksLikePhone } from './phones';

const GENERIC = new Set(['you', 'me', 'unknown', 'deleted account', 'deleted user', 'whatsapp user', 'line user', 'unknown user', 'anonymous', 'owner']);

export interface FoldedName {
  norm: string;
  tokens: string[];
  flags: string[];
}

const folded = new Map<string, FoldedName | null>();
// ~330 bytes an entry: a contacts file brings one new name per card, so a large bound is memory the linker holds
// for nothing; names that repeat (a chat's senders) repeat close together. Kept small enough that a card's entry
// is dropped before the young generation is collected: held longer, every one was copied and promoted (at 20,000,
// a 100,000-card link scavenged 1.7 s instead of 1.3 s).
const FOLDED_MAX = 2_000;

/** Empties the folded-name cache: it serves one linking run, and after it would only hold memory. */
export function releaseFoldedNames(): void {
  folded.clear();
}

/** The folded name, or null when the text is not a usable name (empty, a phone number, an e-mail, "You"). */
export function foldName(name: string | null | undefined): FoldedName | null {
  if (!name) return null;
  let r = folded.get(name);
  if (r === undefined) {
    r = fold(name);
    if (folded.size >= FOLDED_MAX) folded.clear();
    folded.set(name, r);
  }
  return r;
}

function fold(name: string): FoldedName | null {
  const trimmed = name.trim().replace(/^~\s*/, '');
  if (!trimmed || trimmed.length > 200) return null;
  if (looksLikePhone(trimmed) || /^[^\s@]+@[^\s@]+$/.test(trimmed)) return null;
  const norm = skeleton(trimmed)
    .replace(/[\p{P}\p{S}\p{Extended_Pictographic}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!norm || GENERIC.has(norm)) return null;
  const tokens = tokensOfNorm(norm);
  if (tokens.length === 0) return null;
  return { norm, tokens, flags: lookalikeFlags(trimmed) };
}

/**
 * The tokens of a folded name: its words (up to six), plus each longer word's first three letters (`^emi`) so
 * misspellings still meet as candidates. A function of the norm alone, so a norm read back from the database
 * gives its tokens without folding its name again.
 */
export function tokensOfNorm(norm: string): string[] {
  const words = [...new Set(norm.split(' ').filter((t) => t.length >= 2 || /[^\x00-\x7F]/.test(t)))].slice(0, 6);
  return [...words, ...words.filter((w) => [...w].length > 3).map((w) => `^${[...w].slice(0, 3).join('')}`)];
}

const row = new Int32Array(256);

/** Levenshtein ratio of two short tokens (1 = equal). */
function tokenRatio(a: string, b: string): number {
  if (a === b) return 1;
  const m = a.length;
  const n = Math.min(b.length, 255);
  if (!m || !n) return 0;
  // One reused row: names are compared by the million during a large import.
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= m; i++) {
    let diag = row[0]!;
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      diag = up;
    }
  }
  return 1 - row[n]! / Math.max(m, n);
}

function coverage(from: readonly string[], to: readonly string[]): number {
  let sum = 0;
  for (const t of from) {
    let best = 0;
    for (const u of to) best = Math.max(best, tokenRatio(t, u));
    sum += best;
  }
  return sum;
}

/**
 * How alike two folded names are, token by token (0..1). Symmetric: "Tony" vs "Tony" = 1, "Boss" vs
 * "Boss Li" = 0.5 (half the tokens unmatched). With `partial`, how well the first name is covered by the
 * second — for a first name written in a message ("Sarah") against a full name ("Sarah Miller").
 */
export function nameSimilarity(a: string, b: string, partial = false): number {
  if (a === b) return 1;
  const ta = a.split(' ');
  const tb = b.split(' ');
  if (partial) return coverage(ta, tb) / ta.length;
  return Math.max(coverage(ta, tb), coverage(tb, ta)) / Math.max(ta.length, tb.length);
}
