/** 32-bit hashing of identifier keys for the link run's typed-array tables (node-index.ts, node-cache.ts). */

/** murmur3's finaliser: spreads every input bit over the word. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** FNV-1a over the UTF-16 code units, then fmix (FNV alone leaves the low bits, the slot bits, weak). */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return fmix(h);
}
