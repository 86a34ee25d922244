/**
 * What a link run on a case's first item may have created: a Bloom filter of the values of the nodes it made, so a
 * value that fell out of the run's bounded node index (node-index.ts) is looked up through the database index only
 * when it may be there — on an empty graph nothing else is, and most values are new.
 */
import { fmix } from './key-hash';

/** Bits per key and probes per layer: a false positive rate of about 0.2 % per layer (it only costs a lookup). */
const BITS_PER_KEY = 14;
const PROBES = 7;
const FIRST_LAYER_KEYS = 1 << 16;

interface Layer {
  bits: Uint32Array;
  mask: number;
  capacity: number;
  count: number;
}

/**
 * "May this key have been added?": never no for an added key, rarely yes for another. Grows by layers of doubling
 * capacity (1.75 bytes per key), so it needs no size up front: 4.5 million identifiers take 8 MB where a map of
 * them takes several hundred.
 */
export class KeyFilter {
  private readonly layers: Layer[] = [];
  private h1 = 0;
  private h2 = 0;

  add(key: string): void {
    let top = this.layers[this.layers.length - 1];
    if (!top || top.count >= top.capacity) {
      const capacity = top ? top.capacity * 2 : FIRST_LAYER_KEYS;
      // A power of two of bits at least capacity × BITS_PER_KEY, so a probe is a mask, not a division.
      let nbits = 32;
      while (nbits < capacity * BITS_PER_KEY) nbits *= 2;
      top = { bits: new Uint32Array(nbits / 32), mask: nbits - 1, capacity, count: 0 };
      this.layers.push(top);
    }
    this.hash(key);
    const { bits, mask } = top;
    for (let i = 0, h = this.h1; i < PROBES; i++, h = (h + this.h2) | 0) {
      const b = h & mask;
      bits[b >>> 5]! |= 1 << (b & 31);
    }
    top.count++;
  }

  mightHave(key: string): boolean {
    if (this.layers.length === 0) return false;
    this.hash(key);
    for (const { bits, mask } of this.layers) {
      let all = true;
      for (let i = 0, h = this.h1; i < PROBES; i++, h = (h + this.h2) | 0) {
        const b = h & mask;
        if ((bits[b >>> 5]! & (1 << (b & 31))) === 0) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }

  /** Two 32-bit hashes of the UTF-16 code units (double hashing: probe i is h1 + i·h2; h2 odd). */
  private hash(key: string): void {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.h1 = fmix(a);
    this.h2 = fmix(b ^ key.length) | 1;
  }
}
