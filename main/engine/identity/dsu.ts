/**
 * Union-find over node/entity ids with path halving, where the root is always the smallest id: so an entity's
 * id is the smallest node id in it, stable when later evidence adds nodes (new ids are larger).
 */
export class MinRootDsu {
  private parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(Math.max(16, size));
  }

  private grow(x: number): void {
    if (x < this.parent.length) return;
    let n = this.parent.length;
    while (n <= x) n *= 2;
    const p = new Int32Array(n);
    p.set(this.parent);
    this.parent = p;
  }

  /** 0 in the array means "is its own root". */
  find(x: number): number {
    if (x >= this.parent.length) return x;
    let p = this.parent[x]!;
    while (p !== 0) {
      const gp = this.parent[p]!;
      if (gp !== 0) this.parent[x] = gp;
      x = p;
      p = this.parent[x]!;
    }
    return x;
  }

  /** Joins the sets of a and b; returns the absorbed root, or 0 when they were already one set. */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return 0;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.grow(child);
    this.parent[child] = root;
    return child;
  }
}

/** Connected components of a few nodes (an entity being recomputed): node -> smallest node id of its component. */
export function componentsOf(nodes: readonly number[], pairs: readonly { a: number; b: number }[]): Map<number, number> {
  const parent = new Map<number, number>();
  for (const n of nodes) parent.set(n, n);
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    while (parent.get(x)! !== r) {
      const next = parent.get(x)!;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  for (const { a, b } of pairs) {
    if (!parent.has(a) || !parent.has(b)) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const out = new Map<number, number>();
  for (const n of nodes) out.set(n, find(n));
  return out;
}
