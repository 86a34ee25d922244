/** The write order of a column buffer's rows (OccurrenceBuffer, NameBuffer): by node id, ties in push order. */

/** Rows per flush at most: the sort packs a row's index into 16 bits beside its node id. */
export const MAX_BUFFER_ROWS = 65_536;

/**
 * Indexes of rows 0..n-1 ordered by `node[i]`, ties in index order — what a stable sort by node gives. node * 2^16 +
 * index is exact in a double (node ids < 2^31): one native numeric sort instead of a comparator call per comparison.
 */
export function orderByNode(node: Int32Array, n: number): Uint32Array {
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = node[i]! * MAX_BUFFER_ROWS + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i]! % MAX_BUFFER_ROWS;
  return order;
}
