import { describe, expect, it } from 'vitest';
import { looksLikeIdentifier, searchIdentifier } from '../../main/engine/search/identifiers';
import { searchNames } from '../../main/engine/search/names';
import { timelinePage } from '../../main/engine/timeline/page';
import { account, call, caseWith, chat, contact, msg, transfer } from '../timeline/case-builder';

async function people() {
  return caseWith([
    [
      chat('c', 'Ann'),
      account('Me', { owner: true, chats: ['c'] }),
      account('Ann', { phone: '+66812345678', chats: ['c'] }),
      msg('2025-03-14T10:00:00Z', 'hello', { sender: 'Ann' }),
      call('2025-03-14T11:00:00Z', '081-234-5678', 'missed', { accountKey: 'Ann' }),
      contact('Somchai Jaidee', '+66 81 234 5678'),
    ],
    [chat('c', 'Boss'), account('Ann2', { phone: '0812345678', chats: ['c'] }), msg('2025-03-15T10:00:00Z', 'second device', { sender: 'Ann2' }), transfer('2025-03-15T12:00:00Z', '100', 'wallet payment')],
  ]);
}

describe('identifier search', () => {
  it('any surface form of a number finds the normalised identifier, every raw form and everything linked to it', async () => {
    const { c } = await people();
    for (const q of ['081 234 5678', '+66 81 234 5678', '0812345678', '(081) 234-5678', '+66812345678']) {
      const r = searchIdentifier(c.db, q);
      expect(r.readAs[0]).toMatchObject({ kind: 'phone', value: '+66812345678', valid: true });
      const [hit] = r.hits;
      expect(hit!.node).not.toBeNull();
      expect(hit!.accounts.map((a) => a.display).sort()).toEqual(['Ann', 'Ann2']);
      expect(new Set(hit!.written.map((w) => w.raw))).toEqual(new Set(['+66812345678', '0812345678', '081-234-5678', '+66 81 234 5678']));
      // Ann: her message, the call, and Me's side of the conversation; Ann2: one message.
      expect(hit!.events).toBe(timelinePage(c.db, { displayTz: 'UTC', filter: { entities: [hit!.entity!] } }).events.length);
    }
    expect(looksLikeIdentifier('081 234 5678')).toBe(true);
    expect(looksLikeIdentifier('Somchai')).toBe(false);
    c.close();
  });

  it('wallets are found by their address; unknown and invalid values say so', async () => {
    const { c } = await people();
    const w = searchIdentifier(c.db, 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
    expect(w.hits[0]).toMatchObject({ kind: 'wallet', value: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t' });
    expect(w.hits[0]!.occurrences).toBeGreaterThan(0);
    const unknown = searchIdentifier(c.db, '+66 99 999 0000');
    expect(unknown.hits).toEqual([expect.objectContaining({ node: null, accounts: [] })]);
    expect(searchIdentifier(c.db, 'just a name').notes[0]).toContain('does not look like');
    c.close();
  });
});

describe('fuzzy names', () => {
  it('finds names despite typos, from accounts and contacts, with their accounts and events', async () => {
    const { c } = await people();
    const r = searchNames(c.db, 'somchay jaide');
    expect(r[0]).toMatchObject({ name: 'Somchai Jaidee', contacts: [{ id: 1, evidence: 1 }] });
    const ann = searchNames(c.db, 'Anne');
    expect(ann.map((n) => n.name).slice(0, 2).sort()).toEqual(['Ann', 'Ann2']);
    expect(ann.find((n) => n.name === 'Ann')!.accounts[0]).toMatchObject({ display: 'Ann', evidence_id: 1 });
    expect(ann.find((n) => n.name === 'Ann')!.accounts[0]!.events).toBeGreaterThan(0);
    // Two letters: too short for trigrams, still found by substring; invisible marks in the query are ignored.
    expect(searchNames(c.db, 'Me').map((n) => n.name)).toContain('Me');
    expect(searchNames(c.db, 'Som\u200Bchai')[0]!.name).toBe('Somchai Jaidee');
    expect(searchNames(c.db, 'zzqqxx')).toEqual([]);
    c.close();
  });
});
