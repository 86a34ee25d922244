/**
 * Snippets as structured segments (text / highlighted hit / gap), so no renderer ever has to trust marker
 * characters inside seized text. FTS5 snippets are requested twice with different private-use markers; a
 * marker is exactly where the two outputs differ.
 */
import { SNIPPET_MARKS } from '../db/read/search';

export type SnippetPart = { text: string; hit?: true } | { gap: true };

function push(out: SnippetPart[], text: string, hit: boolean): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && 'text' in last && (last.hit === true) === hit) last.text += text;
  else out.push(hit ? { text, hit: true } : { text });
}

/** Merge two snippet() outputs of the same fragment into segments; null if they do not line up. */
export function parseSnippetPair(a: string, b: string): SnippetPart[] | null {
  const [aOpen, aClose, aGap] = SNIPPET_MARKS.a;
  const [bOpen, bClose, bGap] = SNIPPET_MARKS.b;
  const A = [...a];
  const B = [...b];
  const out: SnippetPart[] = [];
  let i = 0;
  let j = 0;
  let hit = false;
  let buf = '';
  while (i < A.length || j < B.length) {
    const x = A[i];
    const y = B[j];
    if (x !== undefined && x === y) {
      buf += x;
      i++;
      j++;
      continue;
    }
    push(out, buf, hit);
    buf = '';
    if (x === aOpen && y === bOpen) hit = true;
    else if (x === aClose && y === bClose) hit = false;
    else if (x === aGap && y === bGap) out.push({ gap: true });
    else return null;
    i++;
    j++;
  }
  push(out, buf, hit);
  return out;
}

/** Highlight case-insensitive occurrences of terms in text, around the first one (for hits found without FTS5). */
export function highlightTerms(text: string, terms: readonly string[], context = 60): SnippetPart[] {
  // Lower-casing can change a string's length (İ); then match case-sensitively so offsets stay true.
  const fold = text.toLowerCase().length === text.length;
  const lower = fold ? text.toLowerCase() : text;
  const spans: [number, number][] = [];
  for (const t of terms) {
    const needle = fold ? t.toLowerCase() : t;
    if (!needle) continue;
    let from = 0;
    for (;;) {
      const at = lower.indexOf(needle, from);
      if (at < 0 || spans.length > 200) break;
      spans.push([at, at + needle.length]);
      from = at + needle.length;
    }
  }
  spans.sort((p, q) => p[0] - q[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  const start = merged.length ? Math.max(0, merged[0]![0] - context) : 0;
  const end = Math.min(text.length, (merged.length ? merged[0]![1] : 0) + context * 2);
  const out: SnippetPart[] = [];
  if (start > 0) out.push({ gap: true });
  let pos = start;
  for (const [a, b] of merged) {
    if (a >= end) break;
    push(out, text.slice(pos, a), false);
    push(out, text.slice(a, Math.min(b, end)), true);
    pos = Math.min(b, end);
  }
  push(out, text.slice(pos, end), false);
  if (end < text.length) out.push({ gap: true });
  return out;
}

/** Plain rendering for terminals: hits in «», gaps as …. */
export function snippetToString(parts: readonly SnippetPart[], safe: (s: string) => string = (s) => s): string {
  return parts.map((p) => ('gap' in p ? '…' : p.hit ? `«${safe(p.text)}»` : safe(p.text))).join('');
}
