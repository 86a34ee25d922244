/**
 * Keccak-256 (the pre-standard padding Ethereum uses; node's 'sha3-256' is the FIPS-202 variant and differs),
 * needed to check EIP-55 mixed-case checksums. The same sponge with pad 0x06 is SHA3-256, which the tests
 * compare against node's crypto to prove the permutation.
 */

// Round constants of Keccak-f[1600], as [high, low] 32-bit halves.
const RC_HI = new Uint32Array([
  0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
  0x00000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x00000000, 0x80000000, 0x80000000, 0x80000000, 0x00000000, 0x80000000,
]);
const RC_LO = new Uint32Array([
  0x00000001, 0x00008082, 0x0000808a, 0x80008000, 0x0000808b, 0x80000001, 0x80008081, 0x00008009, 0x0000008a, 0x00000088, 0x80008009, 0x8000000a,
  0x8000808b, 0x0000008b, 0x00008089, 0x00008003, 0x00008002, 0x00000080, 0x0000800a, 0x8000000a, 0x80008081, 0x00008080, 0x80000001, 0x80008008,
]);
// Rotation offsets by lane index x + 5y.
const ROT = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

/** The permutation over 25 lanes held as lo/hi pairs: lane i is (s[2i], s[2i+1]). */
function keccakF(s: Uint32Array): void {
  const cLo = new Uint32Array(5);
  const cHi = new Uint32Array(5);
  const bLo = new Uint32Array(25);
  const bHi = new Uint32Array(25);
  for (let round = 0; round < 24; round++) {
    // θ
    for (let x = 0; x < 5; x++) {
      cLo[x] = s[2 * x]! ^ s[2 * (x + 5)]! ^ s[2 * (x + 10)]! ^ s[2 * (x + 15)]! ^ s[2 * (x + 20)]!;
      cHi[x] = s[2 * x + 1]! ^ s[2 * (x + 5) + 1]! ^ s[2 * (x + 10) + 1]! ^ s[2 * (x + 15) + 1]! ^ s[2 * (x + 20) + 1]!;
    }
    for (let x = 0; x < 5; x++) {
      const nLo = cLo[(x + 1) % 5]!;
      const nHi = cHi[(x + 1) % 5]!;
      // rotate the next column's parity left by one
      const dLo = cLo[(x + 4) % 5]! ^ ((nLo << 1) | (nHi >>> 31));
      const dHi = cHi[(x + 4) % 5]! ^ ((nHi << 1) | (nLo >>> 31));
      for (let y = 0; y < 25; y += 5) {
        s[2 * (x + y)] = s[2 * (x + y)]! ^ dLo;
        s[2 * (x + y) + 1] = s[2 * (x + y) + 1]! ^ dHi;
      }
    }
    // ρ and π: B[y, 2x+3y] = rot(A[x, y], r[x, y])
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const i = x + 5 * y;
        const lo = s[2 * i]!;
        const hi = s[2 * i + 1]!;
        const r = ROT[i]!;
        let oLo: number;
        let oHi: number;
        if (r === 0) {
          oLo = lo;
          oHi = hi;
        } else if (r < 32) {
          oLo = (lo << r) | (hi >>> (32 - r));
          oHi = (hi << r) | (lo >>> (32 - r));
        } else if (r === 32) {
          oLo = hi;
          oHi = lo;
        } else {
          const m = r - 32;
          oLo = (hi << m) | (lo >>> (32 - m));
          oHi = (lo << m) | (hi >>> (32 - m));
        }
        const j = y + 5 * ((2 * x + 3 * y) % 5);
        bLo[j] = oLo;
        bHi[j] = oHi;
      }
    }
    // χ
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        const a = y + x;
        const b1 = y + ((x + 1) % 5);
        const b2 = y + ((x + 2) % 5);
        s[2 * a] = bLo[a]! ^ (~bLo[b1]! & bLo[b2]!);
        s[2 * a + 1] = bHi[a]! ^ (~bHi[b1]! & bHi[b2]!);
      }
    }
    // ι
    s[0] = s[0]! ^ RC_LO[round]!;
    s[1] = s[1]! ^ RC_HI[round]!;
  }
}

function xorByte(s: Uint32Array, pos: number, byte: number): void {
  const lane = pos >>> 3;
  const k = pos & 7;
  if (k < 4) s[2 * lane] = s[2 * lane]! ^ byte << (8 * k);
  else s[2 * lane + 1] = s[2 * lane + 1]! ^ byte << (8 * (k - 4));
}

function readByte(s: Uint32Array, pos: number): number {
  const lane = pos >>> 3;
  const k = pos & 7;
  return k < 4 ? (s[2 * lane]! >>> (8 * k)) & 0xff : (s[2 * lane + 1]! >>> (8 * (k - 4))) & 0xff;
}

/** A 256-bit Keccak sponge (rate 136 bytes) with the given domain padding byte. */
export function sponge256(data: Uint8Array, pad: number): Uint8Array {
  const rate = 136;
  const s = new Uint32Array(50);
  let off = 0;
  while (data.length - off >= rate) {
    for (let i = 0; i < rate; i++) xorByte(s, i, data[off + i]!);
    keccakF(s);
    off += rate;
  }
  const rest = data.length - off;
  for (let i = 0; i < rest; i++) xorByte(s, i, data[off + i]!);
  xorByte(s, rest, pad);
  xorByte(s, rate - 1, 0x80);
  keccakF(s);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = readByte(s, i);
  return out;
}

/** Keccak-256 as Ethereum uses it. */
export function keccak256(data: Uint8Array | string): Uint8Array {
  return sponge256(typeof data === 'string' ? new TextEncoder().encode(data) : data, 0x01);
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
