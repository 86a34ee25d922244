/**
 * mulberry32, a tiny seeded PRNG (the same seed gives the same numbers on every platform), and the graph's seeded
 * starting positions: one definition for the engine's report layout and the screen's, so both start alike, and for
 * the generators of benchmark and test cases, so the same seed always builds the same case.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Initial position of an entity: a function of its id alone, so adding a node does not move the others' seeds. */
export function seedPosition(id: number, spread: number): { x: number; y: number } {
  const r = mulberry32(Math.imul(id, 0x9e3779b1));
  return { x: (r() * 2 - 1) * spread, y: (r() * 2 - 1) * spread };
}
