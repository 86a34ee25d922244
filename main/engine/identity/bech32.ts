/** Bech32 (BIP-173) and Bech32m (BIP-350) checksums, for native SegWit Bitcoin addresses (`bc1q…`, `bc1p…`). */

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

export type Bech32Encoding = 'bech32' | 'bech32m';

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

export interface Bech32Decoded {
  hrp: string;
  /** 5-bit groups, checksum removed. */
  data: number[];
  encoding: Bech32Encoding;
}

/** Decodes and verifies a Bech32/Bech32m string; null when malformed, mixed-case or the checksum fails. */
export function bech32Decode(text: string): Bech32Decoded | null {
  if (text.length < 8 || text.length > 90) return null;
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) return null; // mixed case is invalid by the spec
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return null;
  const hrp = lower.slice(0, sep);
  for (let i = 0; i < hrp.length; i++) {
    const c = hrp.charCodeAt(i);
    if (c < 33 || c > 126) return null;
  }
  const data: number[] = [];
  for (let i = sep + 1; i < lower.length; i++) {
    const v = CHARSET.indexOf(lower[i]!);
    if (v < 0) return null;
    data.push(v);
  }
  const check = polymod([...hrpExpand(hrp), ...data]);
  const encoding: Bech32Encoding | null = check === BECH32_CONST ? 'bech32' : check === BECH32M_CONST ? 'bech32m' : null;
  if (!encoding) return null;
  return { hrp, data: data.slice(0, -6), encoding };
}

/** Encodes 5-bit groups with the given checksum variant (tests and the benchmark use it to build addresses). */
export function bech32Encode(hrp: string, data: number[], encoding: Bech32Encoding): string {
  const values = [...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ (encoding === 'bech32' ? BECH32_CONST : BECH32M_CONST);
  let out = `${hrp}1`;
  for (const d of data) out += CHARSET[d];
  for (let i = 0; i < 6; i++) out += CHARSET[(mod >>> (5 * (5 - i))) & 31];
  return out;
}

/** Regroups bits (8 -> 5 or 5 -> 8); null when padding is invalid. */
export function convertBits(data: ArrayLike<number>, from: number, to: number, pad: boolean): number[] | null {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v >> from !== 0) return null;
    acc = (acc << from) | v;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & maxv);
    }
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & maxv);
  } else if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) {
    return null;
  }
  return out;
}

/** A SegWit address's witness version and program, checked per BIP-173/350 (v0 = bech32, v1+ = bech32m). */
export function decodeSegwit(text: string, expectedHrp: string): { version: number; program: Uint8Array } | null {
  const d = bech32Decode(text);
  if (!d || d.hrp !== expectedHrp || d.data.length < 1) return null;
  const version = d.data[0]!;
  if (version > 16) return null;
  const prog = convertBits(d.data.slice(1), 5, 8, false);
  if (!prog || prog.length < 2 || prog.length > 40) return null;
  if (version === 0 && prog.length !== 20 && prog.length !== 32) return null;
  if ((version === 0) !== (d.encoding === 'bech32')) return null;
  return { version, program: Uint8Array.from(prog) };
}
