/**
 * Cryptocurrency addresses checked by their own checksums: TRON (Base58Check, `T…`), Ethereum (`0x…`, EIP-55
 * when mixed case), Bitcoin (Base58Check `1…`/`3…`, Bech32 `bc1q…`, Bech32m `bc1p…`). A value that fails its
 * checksum is kept and flagged, never linked: a typo'd address is a different address.
 */
import { base58CheckDecode } from './base58';
import { decodeSegwit } from './bech32';
import { keccak256, toHex } from './keccak';

export type WalletChain = 'tron' | 'ethereum' | 'bitcoin';

export type WalletCheck =
  | { valid: true; chain: WalletChain; value: string }
  | { valid: false; chain: WalletChain | null; reason: 'bad-checksum' | 'unknown-wallet-format' };

const B58 = '[1-9A-HJ-NP-Za-km-z]';
const TRON_RE = new RegExp(`^T${B58}{33}$`);
const BTC_LEGACY_RE = new RegExp(`^[13]${B58}{25,34}$`);
const ETH_RE = /^0x[0-9a-fA-F]{40}$/;
const BECH32_RE = /^(bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87}$/;

/** True when a mixed-case Ethereum address carries a valid EIP-55 checksum. */
export function eip55Valid(address: string): boolean {
  const hex = address.slice(2);
  const hash = toHex(keccak256(hex.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const c = hex[i]!;
    if (c >= '0' && c <= '9') continue;
    const upper = parseInt(hash[i]!, 16) >= 8;
    if (upper !== (c >= 'A' && c <= 'F')) return false;
  }
  return true;
}

/** EIP-55 casing of a 40-hex-digit address (tests and the benchmark use it to write checksummed addresses). */
export function eip55(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = toHex(keccak256(hex));
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(hash[i]!, 16) >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  return out;
}

/** Checks one address-shaped string (already trimmed). */
export function checkWallet(s: string): WalletCheck {
  if (ETH_RE.test(s)) {
    const body = s.slice(2);
    // All-lower or all-upper carries no checksum; mixed case must match EIP-55 exactly.
    const mixed = /[a-f]/.test(body) && /[A-F]/.test(body);
    if (mixed && !eip55Valid(s)) return { valid: false, chain: 'ethereum', reason: 'bad-checksum' };
    return { valid: true, chain: 'ethereum', value: s.toLowerCase() };
  }
  if (TRON_RE.test(s)) {
    const p = base58CheckDecode(s);
    if (p && p.length === 21 && p[0] === 0x41) return { valid: true, chain: 'tron', value: s };
    return { valid: false, chain: 'tron', reason: 'bad-checksum' };
  }
  if (BTC_LEGACY_RE.test(s)) {
    const p = base58CheckDecode(s);
    if (p && p.length === 21 && (p[0] === 0x00 || p[0] === 0x05)) return { valid: true, chain: 'bitcoin', value: s };
    return { valid: false, chain: 'bitcoin', reason: 'bad-checksum' };
  }
  if (BECH32_RE.test(s)) {
    if (decodeSegwit(s, 'bc')) return { valid: true, chain: 'bitcoin', value: s.toLowerCase() };
    return { valid: false, chain: 'bitcoin', reason: 'bad-checksum' };
  }
  return { valid: false, chain: null, reason: 'unknown-wallet-format' };
}

/** Address-shaped tokens inside text (for mentions and for cells like `TR7N… (TRC20)`). */
export const WALLET_TOKEN_RE = new RegExp(`(?<![0-9A-Za-z])(?:0x[0-9a-fA-F]{40}|T${B58}{33}|[13]${B58}{25,34}|(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87})(?![0-9A-Za-z])`, 'g');
