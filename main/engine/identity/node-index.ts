/** Node ids by exact key (`kind \u0001 value`) in flat typed arrays: a link run's identifiers without a Map entry or string each. */
import { hashKey } from './key-hash';

const FIRST_KEYS = 1 << 12;

/**
 * An exact map from key strings to node ids whose memory is a few typed arrays: keys' UTF-16 code units side by side in
 * one arena, open addressing over their hashes. A lookup compares the stored code units with the key, so two values
 * never share an id (no hash is trusted alone: a wrong node would be a wrong link). Typed arrays are not traced by the
 * garbage collector, which a Map of half a million strings is, at every major collection of a 10-million-occurrence run.
 * At `capacity` keys it empties itself and starts again (the run finds dropped keys through the database index).
 */
export class NodeKeyIndex {
  private arena = new Uint16Array(FIRST_KEYS * 16);
  private used = 0;
  /** start[i]..start[i + 1] are key i's code units. */
  private start = new Uint32Array(FIRST_KEYS + 1);
  private ids = new Int32Array(FIRST_KEYS);
  private hashes = new Int32Array(FIRST_KEYS);
  private count = 0;
  /** Entry index + 1, 0 = empty; a power of two, at least twice the entries. */
  private slots = new Int32Array(FIRST_KEYS * 2);

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  }

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const h = hashKey(key);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e === 0) return undefined;
      if (this.hashes[e - 1] === h && this.equals(e - 1, key)) return this.ids[e - 1];
    }
  }

  set(key: string, id: number): void {
    const h = hashKey(key);
    let mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e === 0) break;
      if (this.hashes[e - 1] === h && this.equals(e - 1, key)) {
        this.ids[e - 1] = id;
        return;
      }
    }
    if (this.count >= this.capacity) this.clear();
    this.reserve(key.length);
    const i = this.count++;
    const at = this.start[i]!;
    for (let k = 0; k < key.length; k++) this.arena[at + k] = key.charCodeAt(k);
    this.used = at + key.length;
    this.start[i + 1] = this.used;
    this.ids[i] = id;
    this.hashes[i] = h;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    mask = this.slots.length - 1;
    let s = h & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = i + 1;
  }

  clear(): void {
    this.arena = new Uint16Array(FIRST_KEYS * 16);
    this.used = 0;
    this.start = new Uint32Array(FIRST_KEYS + 1);
    this.ids = new Int32Array(FIRST_KEYS);
    this.hashes = new Int32Array(FIRST_KEYS);
    this.count = 0;
    this.slots = new Int32Array(FIRST_KEYS * 2);
  }

  private equals(e: number, key: string): boolean {
    const a = this.start[e]!;
    if (this.start[e + 1]! - a !== key.length) return false;
    const arena = this.arena;
    for (let k = 0; k < key.length; k++) if (arena[a + k] !== key.charCodeAt(k)) return false;
    return true;
  }

  /** Room for one more entry of `chars` code units. */
  private reserve(chars: number): void {
    if (this.count + 1 >= this.ids.length) {
      const n = this.ids.length * 2;
      this.ids = grow(this.ids, new Int32Array(n));
      this.hashes = grow(this.hashes, new Int32Array(n));
      this.start = grow(this.start, new Uint32Array(n + 1));
    }
    if (this.used + chars > this.arena.length) {
      let n = this.arena.length * 2;
      while (this.used + chars > n) n *= 2;
      this.arena = grow(this.arena, new Uint16Array(n));
    }
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < this.count; i++) {
      let s = this.hashes[i]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
  }
}

function grow<T extends Int32Array | Uint32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

