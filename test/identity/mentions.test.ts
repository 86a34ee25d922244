import { describe, expect, it } from 'vitest';
import { findMentions } from '../../main/engine/identity/mentions';

const TH = { region: 'TH' as const };
const brief = (body: string, platform = 'whatsapp') => findMentions(body, platform, TH).map((m) => ({ kind: m.id.kind, value: m.id.value, valid: m.id.valid, raw: m.raw, cue: m.cue, name: m.name }));

describe('identifiers mentioned in message text', () => {
  it('a first-person statement is a self cue, with the raw text exactly as written', () => {
    expect(brief('my new number is 089-123-4502')).toEqual([{ kind: 'phone', value: '+66891234502', valid: true, raw: '089-123-4502', cue: 'self', name: null }]);
    expect(brief('call me at \u202A+66 89 123 4502\u202C')).toEqual([{ kind: 'phone', value: '+66891234502', valid: true, raw: '+66 89 123 4502', cue: 'self', name: null }]);
    expect(brief('เบอร์ใหม่ 095-432-1010 นะคะ')[0]).toMatchObject({ value: '+66954321010', cue: 'self' });
    expect(brief('我的新号码 +86 138 0013 8000')[0]).toMatchObject({ value: '+8613800138000', cue: 'self' });
  });

  it('someone else\'s identifier is not a self statement, even after "my"', () => {
    expect(brief("my boss's number is 0812345678")[0]!.cue).toBeNull();
    expect(brief('my friend uses 0812345678')[0]!.cue).toBeNull();
  });

  it('a name written beside the value is a named cue', () => {
    expect(brief('Sarah (USA) +1 312 555 0117 ready, send script')).toEqual([{ kind: 'phone', value: '+13125550117', valid: true, raw: '+1 312 555 0117', cue: 'named', name: 'Sarah' }]);
    expect(brief('Ploy: 064 111 2525')[0]).toMatchObject({ cue: 'named', name: 'Ploy' });
    expect(brief('Send 0812345678 the script')[0]!.cue).toBeNull();
  });

  it('finds e-mails, handles, profile links, wallets and IBANs, with the platform the words name', () => {
    const found = brief('mail Kwan.P@Example.com, add me on line @kenw88, t.me/boss_chen, pay TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t or GB82 WEST 1234 5698 7654 32');
    expect(found.map((f) => [f.kind, f.value])).toEqual([
      ['email', 'kwan.p@example.com'],
      ['username', 'line:@kenw88'],
      ['username', 'telegram:@boss_chen'],
      ['wallet', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'],
      ['iban', 'GB82WEST12345698765432'],
    ]);
    expect(brief('ping @boss_chen', 'telegram')[0]).toMatchObject({ value: 'telegram:@boss_chen' });
    expect(brief('ping @boss_chen', 'whatsapp')[0]).toMatchObject({ value: 'unknown:@boss_chen' });
    expect(brief('@66812345678 check this')[0]).toMatchObject({ kind: 'phone', value: '+66812345678' });
  });

  it('ignores amounts, dates, times and codes; keeps a typo\'d wallet as an invalid mention', () => {
    expect(brief('Target 1,250,000 THB by 2025-03-14 14:00, OTP 482913, order 20250314')).toEqual([]);
    expect(brief('send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x')).toEqual([{ kind: 'wallet', value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x', valid: false, raw: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x', cue: null, name: null }]);
  });

  it('stays linear on hostile text', () => {
    const started = Date.now();
    findMentions(`${'9 '.repeat(10_000)}${'@'.repeat(5000)}${'a.'.repeat(5000)}`, 'whatsapp', TH);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
