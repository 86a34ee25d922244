/** A link run's display-name rows held column by column until written, then flushed in node order (no object per row). */
import { MAX_BUFFER_ROWS, orderByNode } from './node-order';

/** The buffered rows, one array per column; row i is column[i]. `tokens` are the folded name's (shared, not copied). */
export interface NameColumns {
  readonly node: Int32Array;
  readonly srcId: Float64Array;
  readonly name: string[];
  readonly norm: string[];
  readonly srcTable: string[];
  readonly flags: (string | null)[];
  readonly tokens: (readonly string[])[];
}

/**
 * A contacts file brings one name per card: as objects each was a young allocation that outlived the scavenger
 * (it waits for its flush). A flush hands the rows over ordered by node id, ties in push order — the order the
 * stable sort by node of `SortedBatch` gave, so name row ids are unchanged.
 */
export class NameBuffer {
  private readonly c: NameColumns;
  private n = 0;

  constructor(
    private readonly write: (cols: NameColumns, order: Uint32Array) => void,
    private readonly size = 50_000,
  ) {
    if (size < 1 || size > MAX_BUFFER_ROWS) throw new RangeError(`name batch size ${size} is outside 1..${MAX_BUFFER_ROWS}`);
    this.c = {
      node: new Int32Array(size),
      srcId: new Float64Array(size),
      name: new Array<string>(size),
      norm: new Array<string>(size),
      srcTable: new Array<string>(size),
      flags: new Array<string | null>(size),
      tokens: new Array<readonly string[]>(size),
    };
  }

  get length(): number {
    return this.n;
  }

  push(node: number, name: string, norm: string, tokens: readonly string[], srcTable: string, srcId: number, flags: string | null): void {
    const i = this.n++;
    const c = this.c;
    c.node[i] = node;
    c.srcId[i] = srcId;
    c.name[i] = name;
    c.norm[i] = norm;
    c.srcTable[i] = srcTable;
    c.flags[i] = flags;
    c.tokens[i] = tokens;
    if (this.n === this.size) this.flush();
  }

  flush(): void {
    const n = this.n;
    if (n === 0) return;
    const order = orderByNode(this.c.node, n);
    this.n = 0;
    this.write(this.c, order);
    // Drop the strings written, so a finished run holds none of them.
    this.c.name.fill('', 0, n);
    this.c.norm.fill('', 0, n);
    this.c.flags.fill(null, 0, n);
    this.c.tokens.fill([], 0, n);
  }
}
