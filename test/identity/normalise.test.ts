import { describe, expect, it } from 'vitest';
import { lookalikeFlags, skeleton } from '../../main/engine/identity/confusables';
import { nameSimilarity, foldName } from '../../main/engine/identity/names';
import { classifyIdentifier, normaliseIdentifier } from '../../main/engine/identity/normalise';
import { normalisePhone } from '../../main/engine/identity/phones';

const TH = { region: 'TH' as const };

describe('phone numbers', () => {
  it('reads every Thai surface form of one number as the same E.164 value, flagging how it was written', () => {
    const forms: [string, string[]][] = [
      ['081-234-5678', []],
      ['0812345678', []],
      ['+66 81 234 5678', []],
      ['0066812345678', ['international-prefix-00']],
      ['+66 (0)81 234 5678', ['trunk-zero-in-brackets']],
      ['66812345678', ['country-code-without-plus']],
      ['\u202A+66 81 234 5678\u202C', ['invisible-chars']],
      ['+66\u00A081\u2011234\u20115678', []],
      ['๐๘๑-๒๓๔-๕๖๗๘', ['non-ascii-digits']],
    ];
    for (const [raw, flags] of forms) expect(normalisePhone(raw, 'TH')).toEqual({ valid: true, value: '+66812345678', flags });
  });

  it('uses the region only for numbers without a country code', () => {
    expect(normalisePhone('+1 312 555 0143', 'TH')).toMatchObject({ valid: true, value: '+13125550143' });
    expect(normalisePhone('(312) 555-0143', 'US')).toMatchObject({ valid: true, value: '+13125550143' });
    expect(normalisePhone('0812345678', 'KH').valid).toBe(false);
  });

  it('keeps invalid numbers raw and flagged, never guessed', () => {
    expect(normalisePhone('12345', 'TH')).toEqual({ valid: false, value: '12345', flags: [], reason: 'invalid-phone' });
    expect(normalisePhone(' 3125550143 ', 'TH')).toEqual({ valid: false, value: '3125550143', flags: [], reason: 'invalid-phone' });
    // A spreadsheet number cell that lost its `+` is read internationally when it is no number of the region;
    // anywhere else the same digits may be a national number of another country and stay invalid.
    expect(normalisePhone('8615859264863', 'KH', true)).toEqual({ valid: true, value: '+8615859264863', flags: ['country-code-without-plus'] });
    expect(normalisePhone('13125550143', 'TH', true)).toEqual({ valid: true, value: '+13125550143', flags: ['country-code-without-plus'] });
    expect(normalisePhone('13125550143', 'TH')).toEqual({ valid: false, value: '13125550143', flags: [], reason: 'invalid-phone' });
    expect(normalisePhone('0812345678', undefined)).toEqual({ valid: false, value: '0812345678', flags: [], reason: 'no-region' });
    expect(normalisePhone('call 0812345678', 'TH')).toMatchObject({ valid: false, reason: 'not-a-phone' });
  });
});

describe('other identifiers', () => {
  it('e-mail: lower-cased; mailto and brackets removed', () => {
    expect(normaliseIdentifier('email', '<Tony.K@Example.COM>')).toMatchObject({ valid: true, value: 'tony.k@example.com' });
    expect(normaliseIdentifier('email', 'mailto:a@b.co')).toMatchObject({ valid: true, value: 'a@b.co' });
    expect(normaliseIdentifier('email', 'not an email')).toMatchObject({ valid: false, flags: ['invalid-email'] });
  });

  it('handle: platform:@handle lower-cased, from @name, bare name or profile link', () => {
    expect(normaliseIdentifier('username', '@Boss_Chen', { platform: 'telegram' })).toMatchObject({ valid: true, value: 'telegram:@boss_chen' });
    expect(normaliseIdentifier('username', 'boss_chen', { platform: 'Telegram' })).toMatchObject({ value: 'telegram:@boss_chen' });
    expect(normaliseIdentifier('username', 'https://t.me/Boss_Chen')).toMatchObject({ value: 'telegram:@boss_chen', flags: ['profile-link'] });
    expect(normaliseIdentifier('username', 'nok88')).toMatchObject({ value: 'unknown:@nok88' });
    expect(normaliseIdentifier('username', 'two words', { platform: 'line' })).toMatchObject({ valid: false });
  });

  it('never folds a look-alike or an invisible character into a link: the value differs and is flagged', () => {
    const latin = normaliseIdentifier('username', 'boss_li', { platform: 'telegram' });
    const cyrillic = normaliseIdentifier('username', 'b\u043Ess_li', { platform: 'telegram' });
    const zwsp = normaliseIdentifier('username', 'boss\u200B_li', { platform: 'telegram' });
    expect(cyrillic.value).not.toBe(latin.value);
    expect(zwsp.value).not.toBe(latin.value);
    expect(cyrillic.flags).toEqual(['mixed-script', 'confusable']);
    expect(zwsp.flags).toEqual(['invisible-chars']);
    // …but they share a skeleton, so they are suggested as look-alikes.
    expect(cyrillic.matchKey).toBe(latin.matchKey);
    expect(zwsp.matchKey).toBe(latin.matchKey);
    // Wrapping marks at the ends are formatting, not part of the handle.
    expect(normaliseIdentifier('username', '\u202Aboss_li\u202C', { platform: 'telegram' }).value).toBe(latin.value);
  });

  it('IBAN, wallet, user id and account are normalised by kind', () => {
    expect(normaliseIdentifier('iban', 'gb82 west 1234 5698 7654 32')).toMatchObject({ valid: true, value: 'GB82WEST12345698765432' });
    expect(normaliseIdentifier('wallet', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t (TRC20)')).toMatchObject({ valid: true, value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', flags: ['extracted-from-text'] });
    expect(normaliseIdentifier('wallet', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u')).toMatchObject({ valid: false, flags: ['tron', 'bad-checksum'] });
    expect(normaliseIdentifier('user-id', 'user123', { platform: 'telegram' })).toMatchObject({ valid: true, value: 'telegram:123' });
    expect(normaliseIdentifier('user-id', '123', { platform: 'telegram' }).value).toBe('telegram:123');
    expect(normaliseIdentifier('user-id', 'channel123', { platform: 'telegram' }).value).toBe('telegram:channel123');
    expect(normaliseIdentifier('account', '123-456 789', { platform: 'kbank' })).toMatchObject({ valid: true, value: 'kbank:123456789' });
  });

  it('classifies identifiers written without a kind, and leaves names alone', () => {
    expect(classifyIdentifier('0812345678', TH)).toMatchObject({ kind: 'phone', value: '+66812345678' });
    expect(classifyIdentifier('https://wa.me/66812345678', TH)).toMatchObject({ kind: 'phone', value: '+66812345678' });
    expect(classifyIdentifier('Boss@Example.com', TH)).toMatchObject({ kind: 'email', value: 'boss@example.com' });
    expect(classifyIdentifier('@boss', { platform: 'telegram' })).toMatchObject({ kind: 'username', value: 'telegram:@boss' });
    expect(classifyIdentifier('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', TH)).toMatchObject({ kind: 'wallet', valid: true });
    expect(classifyIdentifier('1677', TH)).toMatchObject({ kind: 'phone', valid: false, value: '1677' });
    expect(classifyIdentifier('Boss Chen', TH)).toBeNull();
    expect(classifyIdentifier('~ Nok', TH)).toBeNull();
  });
});

describe('look-alikes and names', () => {
  it('flags mixed scripts and confusables; the skeleton folds them', () => {
    expect(lookalikeFlags('pаypal')).toEqual(['mixed-script', 'confusable']); // Cyrillic а
    expect(lookalikeFlags('Иван')).toEqual([]); // all-Cyrillic is just Cyrillic
    expect(skeleton('PАYPАL')).toBe('paypal');
  });

  it('folds display names and refuses non-names', () => {
    expect(foldName('  Boss  CHEN 👑 ')).toEqual({ norm: 'boss chen', tokens: ['boss', 'chen', '^bos', '^che'], flags: [] });
    expect(foldName('+66 81 234 5678')).toBeNull();
    expect(foldName('You')).toBeNull();
    expect(foldName('Вoss Li')!.flags).toEqual(['mixed-script', 'confusable']);
  });

  it('scores names word by word; partial for a first name written in a message', () => {
    expect(nameSimilarity('tony', 'tony')).toBe(1);
    expect(nameSimilarity('boss', 'boss li')).toBe(0.5);
    expect(nameSimilarity('boss chen', 'boss li')).toBe(0.5);
    expect(nameSimilarity('emily carter', 'emilly carter')).toBeCloseTo((5 / 6 + 1) / 2, 10);
    expect(nameSimilarity('sarah', 'sarah miller', true)).toBe(1);
    expect(nameSimilarity('sarah', 'sarah miller')).toBe(0.5);
  });
});
