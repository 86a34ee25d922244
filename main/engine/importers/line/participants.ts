// Sender names for the space-separated LINE layout, where `21:46 Erik Hornberger hi` does not say where the name ends.

/** Longest name, in space-separated words, that inference will propose. */
export const MAX_NAME_WORDS = 4;
/** Distinct prefixes kept before rare ones are pruned (bounded memory on hostile files). */
const MAX_PREFIXES = 400_000;
/** Lines whose prefixes are all counted exactly; past them a filter keeps one-off message words out of the map. */
const EXACT_LINES = 50_000;
/** Bits of that filter (16 MiB, allocated only for files longer than EXACT_LINES). */
const FILTER_BITS = 1 << 27;
/** A next word that follows a prefix this often is taken as part of the name, not the start of varied text. */
const DOMINANCE = 0.8;
/** One-word bodies LINE writes for media and calls in this layout: a sender who mostly sends stickers still has a name. */
const PLACEHOLDER_WORDS = new Set(['Stickers', 'Sticker', 'Photos', 'Photo', 'Videos', 'Video', 'Audio', 'Files', 'File', 'Location', 'Contacts', 'Contact', 'Notes', 'GIF', 'Canceled', 'Cancelled', 'Missed', 'Declined', 'Call', 'No']);
/** Hash salt that keeps whole-line (terminal) sightings apart from prefix sightings in the filter. */
const TERMINAL_SALT = 0x5bd1e995;

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Counts, over every `time rest` line of the file, how often each run of 1..MAX_NAME_WORDS+1 leading words starts a
 * line (`counts`), and how often a short line is exactly that run (`terminals`: the name would leave no text). A
 * real name recurs and is followed by varied words; the words after a name's first word (the rest of the name) are
 * always the same.
 *
 * The first EXACT_LINES lines are counted exactly. After them, a prefix not yet counted only sets three bits in a
 * Bloom filter on its first sighting (no string is built: message words are mostly one-offs), and the longer
 * prefixes of that line are not looked at; its second sighting enters it with a count of 2, marked approximate,
 * because a false positive of the filter (about 0.1% on a million lines) could make a one-off look repeated.
 * Approximate prefixes need a third sighting to become names. Counts past the window thus lag by a few lines.
 */
export class PrefixCounter {
  private readonly counts = new Map<string, number>();
  private readonly terminals = new Map<string, number>();
  private readonly approximate = new Set<string>();
  private filter: Uint32Array | undefined;
  private readonly mask: number;
  /** True when rare prefixes had to be dropped to bound memory: inference may then miss rare names. */
  pruned = false;
  lines = 0;

  constructor(
    private readonly maxPrefixes = MAX_PREFIXES,
    private readonly exactLines = EXACT_LINES,
    private readonly filterBits = FILTER_BITS,
  ) {
    this.mask = (filterBits >>> 9) - 1; // number of 512-bit blocks, minus one
  }

  add(rest: string): void {
    this.lines++;
    const exact = this.lines <= this.exactLines;
    if (!exact && !this.filter) this.startFilter();
    let h = 0x811c9dc5;
    let words = 1;
    let firstSighting = false;
    const n = rest.length;
    for (let i = 0; i < n; i++) {
      const c = rest.charCodeAt(i);
      if (c === 0x20 && i > 0) {
        // Past the exact window, a prefix seen for the first time ends the line's count: its longer prefixes are
        // necessarily new too, and are counted from their next sighting (a lag of a few lines, for speed).
        if (!this.sight(this.counts, rest, i, h, exact)) {
          firstSighting = true;
          break;
        }
        if (++words > MAX_NAME_WORDS + 1) break;
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (!firstSighting && words <= MAX_NAME_WORDS + 1 && n > 0) {
      // The whole line is a run of at most MAX+1 words: counted as a prefix and as a terminal.
      if (this.sight(this.counts, rest, n, h, exact)) this.sight(this.terminals, rest, n, h ^ TERMINAL_SALT, exact);
    }
    if (this.counts.size + this.terminals.size > this.maxPrefixes) this.prune();
  }

  /** Leaving the exact window: every key already counted is entered in the filter, so "not in the filter" implies "not counted". */
  private startFilter(): void {
    this.filter = new Uint32Array(this.filterBits >>> 5);
    for (const key of this.counts.keys()) this.test(fnv(key), true);
    for (const key of this.terminals.keys()) this.test(fnv(key) ^ TERMINAL_SALT, true);
  }

  /** Whether the three filter bits of hash `h` are all set; sets them when `set`. */
  private test(h: number, set: boolean): boolean {
    const f = this.filter!;
    // A blocked Bloom filter: the three bits lie in one 512-bit block (one cache line), chosen by the FNV-1a hash;
    // their positions in it come from a mix of that hash.
    const base = (h & this.mask) << 4;
    let h2 = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
    h2 ^= h2 >>> 16;
    const b1 = h2 & 511;
    const b2 = (h2 >>> 9) & 511;
    const b3 = (h2 >>> 18) & 511;
    const w1 = base + (b1 >>> 5);
    const w2 = base + (b2 >>> 5);
    const w3 = base + (b3 >>> 5);
    const m1 = 1 << (b1 & 31);
    const m2 = 1 << (b2 & 31);
    const m3 = 1 << (b3 & 31);
    const all = (f[w1]! & m1) !== 0 && (f[w2]! & m2) !== 0 && (f[w3]! & m3) !== 0;
    if (set && !all) {
      f[w1]! |= m1;
      f[w2]! |= m2;
      f[w3]! |= m3;
    }
    return all;
  }

  /** One sighting of `rest[0, end)` (hash `h`) in `map`. Returns false for a first sighting past the exact window. */
  private sight(map: Map<string, number>, rest: string, end: number, h: number, exact: boolean): boolean {
    if (exact) {
      const key = end === rest.length ? rest : rest.slice(0, end);
      map.set(key, (map.get(key) ?? 0) + 1);
      return true;
    }
    if (!this.test(h, true)) return false; // first sighting: no string built
    const key = end === rest.length ? rest : rest.slice(0, end);
    const c = map.get(key);
    if (c !== undefined) map.set(key, c + 1);
    else {
      map.set(key, 2);
      if (map === this.counts) this.approximate.add(key);
    }
    return true;
  }

  private prune(): void {
    this.pruned = true;
    for (const [k, v] of this.counts) if (v === 1 && k.includes(' ')) this.counts.delete(k);
    for (const [k, v] of this.terminals) if (v === 1) this.terminals.delete(k);
    if (this.counts.size + this.terminals.size > this.maxPrefixes / 2) {
      for (const [k, v] of this.counts) if (v <= 2) this.counts.delete(k);
      for (const [k, v] of this.terminals) if (v <= 2) this.terminals.delete(k);
    }
    for (const k of this.approximate) if (!this.counts.has(k)) this.approximate.delete(k);
  }

  /**
   * Names, found top-down from each first word. A run of words that starts at least two lines with text after them
   * is a whole name when the words after it vary, as the first words of messages do. It is only the start of a
   * name (`Erik` of `Erik Hornberger`, or `John` shared by `John Smith` and `John Doe`) when at most three repeated
   * next words (media/call placeholders aside) cover DOMINANCE or more of its lines; then each of those longer runs
   * is examined in turn. Names found this way never start one another, so a line matches at most one. A prefix that
   * only ever leads to one repeated message (`Bob good morning`) yields no name, and its lines are flagged.
   */
  infer(): Set<string> {
    const children = new Map<string, string[]>();
    const firsts: string[] = [];
    for (const key of this.counts.keys()) {
      const last = key.lastIndexOf(' ');
      if (last <= 0) {
        firsts.push(key);
        continue;
      }
      const parent = key.slice(0, last);
      const list = children.get(parent);
      if (list) list.push(key);
      else children.set(parent, [key]);
    }
    const names = new Set<string>();
    const visit = (key: string, depth: number): void => {
      const withBody = (this.counts.get(key) ?? 0) - (this.terminals.get(key) ?? 0);
      // Approximate counts, and counts after pruning dropped some of the evidence, need a third sighting.
      const needed = this.approximate.has(key) || this.pruned ? 3 : 2;
      if (withBody < needed) return;
      const repeated: [string, number][] = [];
      for (const child of children.get(key) ?? []) {
        const cc = this.counts.get(child) ?? 0;
        if (cc >= 2 && !PLACEHOLDER_WORDS.has(child.slice(child.lastIndexOf(' ') + 1))) repeated.push([child, cc]);
      }
      repeated.sort((a, b) => b[1] - a[1]);
      const top = repeated.slice(0, 3);
      const covered = top.reduce((sum, [, cc]) => sum + cc, 0);
      if (covered < DOMINANCE * withBody) {
        names.add(key);
        return;
      }
      if (depth < MAX_NAME_WORDS) for (const [child] of top) visit(child, depth + 1);
    };
    for (const first of firsts) visit(first, 1);
    return names;
  }
}

export interface SenderSplit {
  sender: string;
  body: string;
  /** True when the split is a guess: no known name matched, or more than one did. */
  ambiguous: boolean;
}

/** Participant names indexed by their first word, longest first, so a line is split without building prefixes. */
export class SenderIndex {
  private readonly byFirst = new Map<string, string[]>();

  constructor(names: Iterable<string>) {
    for (const n of names) {
      const sp = n.indexOf(' ');
      const first = sp === -1 ? n : n.slice(0, sp);
      const list = this.byFirst.get(first);
      if (list) list.push(n);
      else this.byFirst.set(first, [n]);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
  }

  /** Split `rest` at the longest known participant name it starts with; without one, take the first word. */
  split(rest: string): SenderSplit {
    const sp = rest.indexOf(' ');
    const first = sp <= 0 ? rest : rest.slice(0, sp);
    let match: string | undefined;
    let matches = 0;
    for (const name of this.byFirst.get(first) ?? []) {
      if (rest.length === name.length ? rest === name : rest.startsWith(name) && rest.charCodeAt(name.length) === 0x20) {
        match ??= name;
        matches++;
      }
    }
    if (match !== undefined) return { sender: match, body: rest.slice(match.length + 1), ambiguous: matches > 1 };
    if (sp <= 0) return { sender: rest, body: '', ambiguous: true };
    return { sender: first, body: rest.slice(sp + 1), ambiguous: true };
  }
}

/** Split `rest` at the longest of `names` it starts with (see SenderIndex). */
export function splitSender(rest: string, names: Iterable<string>): SenderSplit {
  return new SenderIndex(names).split(rest);
}
