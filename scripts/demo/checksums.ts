// Identifiers with check digits, made and verified: TRON (base58check), Ethereum (EIP-55), IBAN (ISO 13616 mod-97).
import { createHash } from 'node:crypto';
import { keccak256 } from './keccak';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function sha256(b: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(b).digest());
}

export function base58Encode(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = B58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

export function base58Decode(text: string): Uint8Array | null {
  let n = 0n;
  for (const ch of text) {
    const v = B58.indexOf(ch);
    if (v < 0) return null;
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of text) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  return new Uint8Array(bytes);
}

/** base58check: payload + first 4 bytes of sha256(sha256(payload)). */
export function base58Check(payload: Uint8Array): string {
  const check = sha256(sha256(payload)).slice(0, 4);
  const all = new Uint8Array(payload.length + 4);
  all.set(payload);
  all.set(check, payload.length);
  return base58Encode(all);
}

/** A TRON address from a 20-byte account hash: version byte 0x41, base58check, always starts with `T`. */
export function tronAddress(hash20: Uint8Array): string {
  if (hash20.length !== 20) throw new Error('a TRON account hash is 20 bytes');
  const payload = new Uint8Array(21);
  payload[0] = 0x41;
  payload.set(hash20, 1);
  return base58Check(payload);
}

export function isValidTron(address: string): boolean {
  if (!/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)) return false;
  const raw = base58Decode(address);
  if (!raw || raw.length !== 25 || raw[0] !== 0x41) return false;
  const check = sha256(sha256(raw.slice(0, 21))).slice(0, 4);
  return check.every((b, i) => b === raw[21 + i]);
}

/** EIP-55: a hex letter is upper case when the matching nibble of keccak256(lower-case hex) is >= 8. */
export function eip55(address: string): string {
  const hex = address.replace(/^0x/i, '').toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new Error(`not an Ethereum address: ${address}`);
  const hash = keccak256(new TextEncoder().encode(hex));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  }
  return out;
}

/** All-lower (or all-upper) hex carries no checksum and is valid; mixed case must match EIP-55 exactly. */
export function isValidEthereum(address: string): boolean {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return false;
  const body = address.slice(2);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return true;
  return eip55(address) === address;
}

function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}

/** Letters become two digits (A=10 … Z=35), as ISO 13616 requires. */
function ibanDigits(text: string): string {
  return text.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
}

/** An IBAN for a country and BBAN, with its check digits computed. */
export function makeIban(country: string, bban: string): string {
  const check = 98 - mod97(ibanDigits(`${bban}${country}00`));
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

const IBAN_LENGTHS: Record<string, number> = { AE: 23, DE: 22, GB: 22, LT: 20, NL: 18, TR: 26 };

export function isValidIban(text: string): boolean {
  const iban = text.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const len = IBAN_LENGTHS[iban.slice(0, 2)];
  if (len !== undefined && iban.length !== len) return false;
  return mod97(ibanDigits(iban.slice(4) + iban.slice(0, 4))) === 1;
}

/** `DE89370400440532013000` -> `DE89 3704 0044 0532 0130 00` (the paper form). */
export function groupIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
