import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base58CheckDecode, base58CheckEncode, base58Decode } from '../../main/engine/identity/base58';
import { bech32Encode, convertBits, decodeSegwit } from '../../main/engine/identity/bech32';
import { checkIban } from '../../main/engine/identity/iban';
import { keccak256, sponge256, toHex } from '../../main/engine/identity/keccak';
import { checkWallet, eip55, eip55Valid } from '../../main/engine/identity/wallets';

describe('keccak-256 (hand-written: node has no keccak, and its sha3-256 pads differently)', () => {
  it('matches the published Keccak-256 vectors', () => {
    expect(toHex(keccak256(''))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(toHex(keccak256('abc'))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    expect(toHex(keccak256('The quick brown fox jumps over the lazy dog'))).toBe('4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15');
  });

  it('with FIPS-202 padding it is node\'s sha3-256 on any input, across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (bytes) => {
        expect(toHex(sponge256(bytes, 0x06))).toBe(createHash('sha3-256').update(bytes).digest('hex'));
      }),
      { numRuns: 200 },
    );
    for (const n of [135, 136, 137, 271, 272, 273]) {
      const b = new Uint8Array(n).fill(0x61);
      expect(toHex(sponge256(b, 0x06))).toBe(createHash('sha3-256').update(b).digest('hex'));
    }
  });
});

describe('Ethereum addresses (EIP-55)', () => {
  const vectors = ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'];

  it('accepts the EIP-55 test vectors and reproduces their casing', () => {
    for (const v of vectors) {
      expect(eip55Valid(v)).toBe(true);
      expect(eip55(v.toLowerCase())).toBe(v);
      expect(checkWallet(v)).toEqual({ valid: true, chain: 'ethereum', value: v.toLowerCase() });
    }
  });

  it('refuses a mixed-case address with one letter\'s case flipped; all-lower and all-upper carry no checksum', () => {
    const v = vectors[0]!;
    const flipped = `${v.slice(0, 3)}${v[3] === 'a' ? 'A' : 'a'}${v.slice(4)}`;
    expect(checkWallet(flipped)).toEqual({ valid: false, chain: 'ethereum', reason: 'bad-checksum' });
    expect(checkWallet(v.toLowerCase()).valid).toBe(true);
    expect(checkWallet(`0x${v.slice(2).toUpperCase()}`).valid).toBe(true);
  });
});

describe('Base58Check: TRON and legacy Bitcoin', () => {
  it('accepts real addresses', () => {
    expect(checkWallet('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toEqual({ valid: true, chain: 'tron', value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t' });
    expect(checkWallet('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toEqual({ valid: true, chain: 'bitcoin', value: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa' });
    expect(checkWallet('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toEqual({ valid: true, chain: 'bitcoin', value: '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy' });
  });

  it('refuses one changed character (the checksum catches typos), keeping the chain it looked like', () => {
    expect(checkWallet('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u')).toEqual({ valid: false, chain: 'tron', reason: 'bad-checksum' });
    expect(checkWallet('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb')).toEqual({ valid: false, chain: 'bitcoin', reason: 'bad-checksum' });
    expect(checkWallet('hello')).toEqual({ valid: false, chain: null, reason: 'unknown-wallet-format' });
  });

  it('decodes what it encodes, leading zero bytes included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(4), (body, zeros) => {
        const payload = new Uint8Array([...new Array<number>(zeros).fill(0), ...body]);
        expect(base58CheckDecode(base58CheckEncode(payload))).toEqual(payload);
      }),
      { numRuns: 200 },
    );
    expect(base58Decode('0OIl')).toBeNull(); // not in the alphabet
  });
});

describe('Bech32 / Bech32m SegWit addresses', () => {
  it('accepts the BIP-173/350 vectors and lower-cases them', () => {
    expect(checkWallet('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toEqual({ valid: true, chain: 'bitcoin', value: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4' });
    expect(toHex(decodeSegwit('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'bc')!.program)).toBe('751e76e8199196d454941c45d1b3a323f1433bd6');
    const v1 = 'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y';
    expect(checkWallet(v1).valid).toBe(true);
    expect(decodeSegwit(v1, 'bc')!.version).toBe(1);
  });

  it('refuses mixed case, a changed character, and the wrong checksum variant for the witness version', () => {
    expect(checkWallet('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8f3t4').valid).toBe(false);
    expect(checkWallet('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5').valid).toBe(false);
    const prog = convertBits(Buffer.from('751e76e8199196d454941c45d1b3a323f1433bd6', 'hex'), 8, 5, true)!;
    expect(checkWallet(bech32Encode('bc', [0, ...prog], 'bech32')).valid).toBe(true);
    expect(checkWallet(bech32Encode('bc', [0, ...prog], 'bech32m')).valid).toBe(false); // v0 must be bech32
    expect(checkWallet(bech32Encode('bc', [1, ...prog], 'bech32')).valid).toBe(false); // v1+ must be bech32m
  });
});

describe('IBAN', () => {
  it('upper-cases, removes spaces and checks mod-97 and the country length', () => {
    expect(checkIban('gb82 west 1234 5698 7654 32')).toEqual({ valid: true, value: 'GB82WEST12345698765432' });
    expect(checkIban('DE89 3704 0044 0532 0130 00')).toEqual({ valid: true, value: 'DE89370400440532013000' });
    expect(checkIban('GB82 WEST 1234 5698 7654 33')).toEqual({ valid: false, value: 'GB82WEST12345698765433', reason: 'bad-checksum' });
    expect(checkIban('DE89 3704 0044 0532 0130 0')).toEqual({ valid: false, value: 'DE8937040044053201300', reason: 'bad-length' });
    expect(checkIban('hello world')).toMatchObject({ valid: false, reason: 'not-an-iban' });
  });
});
