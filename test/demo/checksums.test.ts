import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base58Check, base58Decode, eip55, groupIban, isValidEthereum, isValidIban, isValidTron, makeIban, tronAddress } from '../../scripts/demo/checksums';
import { keccak256, sponge256 } from '../../scripts/demo/keccak';
import { useGeneratedDemo } from './generated';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Changes one character to another of the same class, so only the checksum can catch it. */
function mutate(s: string, at: number): string {
  const c = s[at]!;
  const alphabet = /[0-9]/.test(c) ? '0123456789' : /[a-f]/.test(c) ? 'abcdef' : /[A-F]/.test(c) ? 'ABCDEF' : 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const next = alphabet[(alphabet.indexOf(c) + 1) % alphabet.length]!;
  return s.slice(0, at) + next + s.slice(at + 1);
}

describe('Keccak-256 and EIP-55', () => {
  it('matches the published Keccak-256 digests (not NIST SHA3-256)', () => {
    expect(hex(keccak256(new Uint8Array()))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(hex(keccak256(new TextEncoder().encode('abc')))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
  });

  it('runs the same permutation as Node\'s SHA3-256 for every length across block boundaries', () => {
    for (let n = 0; n <= 300; n += 7) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      expect(hex(sponge256(data, 0x06)), `length ${n}`).toBe(createHash('sha3-256').update(data).digest('hex'));
    }
  });

  it('reproduces the EIP-55 test vectors and rejects a flipped letter case', () => {
    for (const a of ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb']) {
      expect(eip55(a.toLowerCase())).toBe(a);
      expect(isValidEthereum(a)).toBe(true);
    }
    expect(isValidEthereum('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toBe(false);
    expect(isValidEthereum('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toBe(true);
    expect(isValidEthereum('0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea')).toBe(false);
  });
});

describe('TRON base58check', () => {
  it('accepts the USDT-TRC20 contract address and rejects a one-character change', () => {
    expect(isValidTron('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toBe(true);
    expect(isValidTron('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u')).toBe(false);
    expect(isValidTron('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6')).toBe(false);
  });

  it('round-trips: a made address decodes to 0x41 + the 20-byte hash + its checksum', () => {
    const hash = new Uint8Array(20).map((_, i) => i * 11);
    const a = tronAddress(hash);
    expect(a.startsWith('T')).toBe(true);
    expect(a).toHaveLength(34);
    const raw = base58Decode(a)!;
    expect(raw[0]).toBe(0x41);
    expect(hex(raw.slice(1, 21))).toBe(hex(hash));
    expect(base58Check(raw.slice(0, 21))).toBe(a);
  });
});

describe('IBAN mod-97', () => {
  it('computes check digits that match published examples', () => {
    expect(makeIban('DE', '370400440532013000')).toBe('DE89370400440532013000');
    expect(makeIban('GB', 'WEST12345698765432')).toBe('GB82WEST12345698765432');
    expect(makeIban('NL', 'ABNA0417164300')).toBe('NL91ABNA0417164300');
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isValidIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false); // one digit short for DE
    expect(groupIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});

describe('identifiers in the generated seizure', () => {
  const demo = useGeneratedDemo();

  it('every wallet and IBAN in the ground truth passes its checksum, and fails it after a one-character change', () => {
    const ids = demo().truth.persons.flatMap((p) => p.identifiers);
    const tron = ids.filter((i) => i.kind === 'wallet' && i.chain === 'tron');
    const eth = ids.filter((i) => i.kind === 'wallet' && i.chain === 'ethereum');
    const ibans = ids.filter((i) => i.kind === 'iban');
    expect(tron.length).toBe(9);
    expect(eth.length).toBe(3);
    expect(ibans.length).toBe(7);
    for (const t of tron) {
      expect(isValidTron(t.value), t.key).toBe(true);
      expect(isValidTron(mutate(t.value, 10)), `${t.key} mutated`).toBe(false);
    }
    for (const e of eth) {
      expect(e.value).toMatch(/^0x[0-9a-f]{40}$/);
      expect(isValidEthereum(eip55(e.value))).toBe(true);
      expect(isValidEthereum(mutate(eip55(e.value), 12))).toBe(false);
    }
    for (const i of ibans) {
      expect(isValidIban(i.value), i.key).toBe(true);
      expect(isValidIban(mutate(i.value, 8)), `${i.key} mutated`).toBe(false);
    }
  });

  it('Ethereum addresses are written in EIP-55 mixed case somewhere and that case verifies', () => {
    const raws = demo().truth.occurrences.filter((o) => o.kind === 'wallet' && o.value.startsWith('0x')).map((o) => o.raw);
    const mixed = raws.filter((r) => r !== r.toLowerCase());
    expect(mixed.length).toBeGreaterThan(0);
    expect(raws.some((r) => r === r.toLowerCase())).toBe(true);
    for (const r of mixed) expect(isValidEthereum(r), r).toBe(true);
  });
});
