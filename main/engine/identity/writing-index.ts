/** Valid identifiers as a link run has already seen them written: the writing's node and flags, so a repeat skips normalising. */
import type { IdentifierKind } from '../model/records';
import type { NormalisedIdentifier } from './normalise';
import { NodeKeyIndex } from './node-index';
import { phoneWritingKey } from './phones';

const KIND_CODE: Record<IdentifierKind, string> = { phone: 'p', email: 'e', username: 'h', wallet: 'w', iban: 'i', account: 'a', 'user-id': 'd' };

/**
 * The key of one writing of an identifier in a run (whose region is fixed): the kind, what else its reading depends on
 * (the platform of handles and ids, the spreadsheet cell of phones), then the text — for a phone number its
 * phoneWritingKey, so `081-234-5678` and `0812345678` are one entry, else the raw text. The two are told apart by
 * their first character, so a raw text can never stand for a writing key.
 */
export function writingKey(kind: IdentifierKind, raw: string, platform: string | undefined, numberCell: boolean): string {
  if (kind === 'phone') {
    const w = phoneWritingKey(raw);
    return w === undefined ? `\u0003p${numberCell ? 'c' : ''}\u0001${raw}` : `\u0002p${numberCell ? 'c' : ''}\u0001${w}`;
  }
  const scoped = kind === 'username' || kind === 'user-id' || kind === 'account';
  return `\u0003${KIND_CODE[kind]}${scoped ? (platform ?? '') : ''}\u0001${raw}`;
}

/**
 * writingKey -> (node, flags) for valid identifiers, in typed arrays off the GC heap (node-index.ts): on a
 * 10-million-occurrence item the normalisation cache (a bounded map) misses most of ~1.4 million distinct writings,
 * each seen two to five times, and a miss (normalising again, GC of the map's turnover) costs several microseconds.
 * Only valid identifiers are held: an invalid one gets a node of its own per occurrence and keeps its raw text.
 * At `capacity` writings it empties itself (a dropped writing is only normalised again).
 */
export class WritingIndex {
  private readonly index: NodeKeyIndex;
  private nodes = new Int32Array(1024);
  private flagIds = new Int32Array(1024);
  private count = 0;
  /** Distinct flag lists (there are a handful), and a result shape per (kind, flag list) for callers that read kind and flags. */
  private readonly flagLists: (readonly string[])[] = [];
  private readonly flagListId = new Map<string, number>();
  private readonly shapes = new Map<string, NormalisedIdentifier>();

  constructor(readonly capacity: number) {
    // One more than ours, so the index never empties itself before we do (our arrays number its entries).
    this.index = new NodeKeyIndex(capacity + 1);
  }

  get size(): number {
    return this.count;
  }

  /** The entry of a writing seen before, or -1. */
  find(key: string): number {
    return this.index.get(key) ?? -1;
  }

  nodeAt(entry: number): number {
    return this.nodes[entry]!;
  }

  /**
   * What a caller of normaliseIdentifier reads besides the value: kind, validity and the writing's flags (the same
   * list for every writing with the same flags). Its value is empty: the node already holds it.
   */
  shapeAt(entry: number, kind: IdentifierKind): NormalisedIdentifier {
    const f = this.flagIds[entry]!;
    const k = `${kind}\u0001${f}`;
    let s = this.shapes.get(k);
    if (!s) this.shapes.set(k, (s = Object.freeze({ kind, value: '', valid: true, flags: this.flagLists[f]!, matchKey: null })));
    return s;
  }

  add(key: string, node: number, flags: readonly string[]): void {
    if (this.count >= this.capacity) this.clear();
    const fk = flags.join('\u0000');
    let f = this.flagListId.get(fk);
    if (f === undefined) {
      f = this.flagLists.length;
      this.flagLists.push(Object.freeze([...flags]));
      this.flagListId.set(fk, f);
    }
    const e = this.count++;
    if (e === this.nodes.length) {
      const n = new Int32Array(e * 2);
      n.set(this.nodes);
      this.nodes = n;
      const g = new Int32Array(e * 2);
      g.set(this.flagIds);
      this.flagIds = g;
    }
    this.nodes[e] = node;
    this.flagIds[e] = f;
    this.index.set(key, e);
  }

  clear(): void {
    this.index.clear();
    this.count = 0;
    this.nodes = new Int32Array(1024);
    this.flagIds = new Int32Array(1024);
  }
}
