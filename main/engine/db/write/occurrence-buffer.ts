/** A link run's occurrence rows held column by column until written, then flushed in node order (no object per row). */
import { MAX_BUFFER_ROWS, orderByNode } from './node-order';

/**
 * The buffered rows, one array per column; row i is column[i]. Role and source table are the linker's constant
 * strings (shared, not copied); node, source id and count are numbers kept unboxed.
 */
export interface OccurrenceColumns {
  readonly node: Int32Array;
  readonly srcId: Float64Array;
  readonly count: Float64Array;
  readonly role: string[];
  readonly srcTable: string[];
  readonly raw: string[];
  readonly label: (string | null)[];
  readonly flags: (string | null)[];
}

/**
 * On a 10-million-occurrence item the run writes millions of rows: as objects each was a young allocation that
 * outlived the scavenger (it waits for its flush) and cost a promotion and a major-GC mark. Columns allocate once.
 * A flush writes rows ordered by node id, ties in the order they were pushed — the order a stable sort of the same
 * rows by node gives, so ids are as they were when rows were objects sorted by `SortedBatch`.
 */
export class OccurrenceBuffer {
  private readonly c: OccurrenceColumns;
  private n = 0;

  constructor(
    private readonly write: (cols: OccurrenceColumns, order: Uint32Array) => void,
    private readonly size = 50_000,
  ) {
    if (size < 1 || size > MAX_BUFFER_ROWS) throw new RangeError(`occurrence batch size ${size} is outside 1..${MAX_BUFFER_ROWS}`);
    this.c = {
      node: new Int32Array(size),
      srcId: new Float64Array(size),
      count: new Float64Array(size),
      role: new Array<string>(size),
      srcTable: new Array<string>(size),
      raw: new Array<string>(size),
      label: new Array<string | null>(size),
      flags: new Array<string | null>(size),
    };
  }

  get length(): number {
    return this.n;
  }

  push(node: number, role: string, srcTable: string, srcId: number, raw: string, label: string | null, flags: string | null, count: number): void {
    const i = this.n++;
    const c = this.c;
    c.node[i] = node;
    c.srcId[i] = srcId;
    c.count[i] = count;
    c.role[i] = role;
    c.srcTable[i] = srcTable;
    c.raw[i] = raw;
    c.label[i] = label;
    c.flags[i] = flags;
    if (this.n === this.size) this.flush();
  }

  flush(): void {
    const n = this.n;
    if (n === 0) return;
    const order = orderByNode(this.c.node, n);
    this.n = 0;
    this.write(this.c, order);
    // Drop the strings written, so a finished run holds none of them.
    this.c.raw.fill('', 0, n);
    this.c.label.fill(null, 0, n);
    this.c.flags.fill(null, 0, n);
  }
}
