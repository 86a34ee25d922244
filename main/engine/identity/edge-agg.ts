/**
 * A link run's automatic edges not yet written, one per (a, b, rule) with its first record and how many records
 * state it, in first-seen order: columns of typed arrays under an open-addressing index, ~40 bytes an edge where a
 * Map of objects took ~150 (half a million of them are held before they are written).
 */

export interface AggregatedEdge<R extends string> {
  a: number;
  b: number;
  rule: R;
  srcTable: string;
  srcId: number;
  count: number;
}

export class EdgeAggregator<R extends string> {
  // Node ids as doubles: exact at any size a case reaches.
  private a = new Float64Array(1024);
  private b = new Float64Array(1024);
  private rule = new Uint8Array(1024);
  private table = new Uint8Array(1024);
  private srcId = new Float64Array(1024);
  private count = new Float64Array(1024);
  /** Slot -> entry index + 1 (0 = empty); at most half full. */
  private slots = new Int32Array(2048);
  private n = 0;
  private readonly ruleIndex = new Map<R, number>();
  private readonly tables: string[] = [];
  private readonly tableIndex = new Map<string, number>();

  /** `rules`: every rule an edge can have (its index is stored, not the string). */
  constructor(private readonly rules: readonly R[]) {
    if (rules.length > 255) throw new RangeError('at most 255 rules');
    rules.forEach((r, i) => this.ruleIndex.set(r, i));
  }

  get size(): number {
    return this.n;
  }

  /** Adds `count` records to edge (a, b, rule); returns true when the edge is new (then srcTable/srcId are its first record). */
  add(a: number, b: number, rule: R, srcTable: string, srcId: number, count: number): boolean {
    const r = this.ruleIndex.get(rule);
    if (r === undefined) throw new RangeError(`unknown rule ${rule}`);
    const mask = this.slots.length - 1;
    let s = hash3(a, b, r) & mask;
    for (;;) {
      const e = this.slots[s]!;
      if (e === 0) break;
      const i = e - 1;
      if (this.a[i] === a && this.b[i] === b && this.rule[i] === r) {
        this.count[i]! += count;
        return false;
      }
      s = (s + 1) & mask;
    }
    if (this.n === this.a.length) {
      this.grow();
      return this.add(a, b, rule, srcTable, srcId, count);
    }
    const i = this.n++;
    this.slots[s] = i + 1;
    this.a[i] = a;
    this.b[i] = b;
    this.rule[i] = r;
    let t = this.tableIndex.get(srcTable);
    if (t === undefined) {
      t = this.tables.length;
      if (t > 255) throw new RangeError('at most 256 source tables');
      this.tables.push(srcTable);
      this.tableIndex.set(srcTable, t);
    }
    this.table[i] = t;
    this.srcId[i] = srcId;
    this.count[i] = count;
    return true;
  }

  /** Every edge in first-seen order. */
  *entries(): Generator<AggregatedEdge<R>> {
    for (let i = 0; i < this.n; i++) {
      yield { a: this.a[i]!, b: this.b[i]!, rule: this.rules[this.rule[i]!]!, srcTable: this.tables[this.table[i]!]!, srcId: this.srcId[i]!, count: this.count[i]! };
    }
  }

  /** Empties it and gives back the memory of a large run. */
  clear(): void {
    if (this.a.length > 1024) {
      this.a = new Float64Array(1024);
      this.b = new Float64Array(1024);
      this.rule = new Uint8Array(1024);
      this.table = new Uint8Array(1024);
      this.srcId = new Float64Array(1024);
      this.count = new Float64Array(1024);
      this.slots = new Int32Array(2048);
    } else this.slots.fill(0);
    this.n = 0;
  }

  private grow(): void {
    const cap = this.a.length * 2;
    const more = <T extends Int32Array | Uint8Array | Float64Array>(x: T, make: (n: number) => T): T => {
      const y = make(cap);
      y.set(x);
      return y;
    };
    this.a = more(this.a, (k) => new Float64Array(k));
    this.b = more(this.b, (k) => new Float64Array(k));
    this.rule = more(this.rule, (k) => new Uint8Array(k));
    this.table = more(this.table, (k) => new Uint8Array(k));
    this.srcId = more(this.srcId, (k) => new Float64Array(k));
    this.count = more(this.count, (k) => new Float64Array(k));
    this.slots = new Int32Array(cap * 2);
    const mask = this.slots.length - 1;
    for (let i = 0; i < this.n; i++) {
      let s = hash3(this.a[i]!, this.b[i]!, this.rule[i]!) & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = i + 1;
    }
  }
}

function hash3(a: number, b: number, r: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + r * 0x3c6ef372, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
