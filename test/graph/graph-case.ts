/**
 * The small case every graph test reads: two devices, a one-to-one chat, a group chat, a call, a transfer, and a
 * second device whose owner is linked to a group member by phone number. Expected edges are listed in graph.test.ts.
 */
import type { ImportRecord } from '../../main/engine/model/records';
import { account, at, caseWith, chat, msg, type BuiltCase } from '../timeline/case-builder';

export const PHONE = { owner: '+66812345671', bob: '+66812345672', dan: '+66812345673' };

export function graphRecords(o: { annName?: string } = {}): ImportRecord[][] {
  const e1: ImportRecord[] = [
    chat('d1', 'Ann'),
    chat('g', 'Team', 'private_group'),
    account('Owner', { phone: PHONE.owner, owner: true, chats: ['d1', 'g'] }),
    { type: 'account', key: 'Ann', platform: 'whatsapp', display: o.annName ?? 'Ann', identifiers: [], chats: ['d1', 'g'], prov: { line: 1 } },
    account('Bob', { phone: PHONE.bob, chats: ['g'] }),
    account('Cat', { chats: ['g'] }),
    msg('2025-01-01T10:00:00Z', 'hi', { chat: 'd1', sender: 'Ann' }),
    msg('2025-01-01T10:01:00Z', 'there', { chat: 'd1', sender: 'Ann' }),
    msg('2025-01-01T10:02:00Z', 'yo', { chat: 'd1', sender: 'Owner' }),
    msg('2025-02-01T10:00:00Z', 'team 1', { chat: 'g', sender: 'Bob' }),
    msg('2025-02-01T10:01:00Z', 'team 2', { chat: 'g', sender: 'Bob' }),
    msg('2025-02-02T10:00:00Z', 'team 3', { chat: 'g', sender: 'Ann' }),
    { type: 'call', time: at('2025-03-01T10:00:00Z'), direction: 'outgoing', durationS: 30, media: 'voice', counterpart: PHONE.bob, accountKey: 'Bob', prov: { line: 90 }, raw: 'call' },
    {
      type: 'transaction',
      time: at('2025-04-01T10:00:00Z'),
      amount: '100',
      currency: 'USDT',
      from: { name: 'Owner', identifiers: [{ kind: 'phone', value: PHONE.owner }] },
      to: { name: 'Dan', identifiers: [{ kind: 'phone', value: PHONE.dan }] },
      prov: { line: 91 },
      raw: 'tx',
    },
  ];
  const e2: ImportRecord[] = [
    chat('d2', 'Cy'),
    account('Bob', { phone: PHONE.bob, owner: true, chats: ['d2'] }),
    account('Cy', { chats: ['d2'] }),
    msg('2025-05-01T10:00:00Z', 'hello Cy', { chat: 'd2', sender: 'Bob' }),
    msg('2025-05-02T10:00:00Z', 'hello Bob', { chat: 'd2', sender: 'Cy' }),
  ];
  return [e1, e2];
}

export async function graphCase(o: { annName?: string } = {}): Promise<BuiltCase> {
  return caseWith(graphRecords(o), { tz: 'UTC', region: 'TH' });
}

/** Entity of an account, by evidence item and account key. */
export function entityOf(b: BuiltCase, evidence: number, key: string): number {
  const r = b.c.db
    .prepare('SELECT n.entity_id FROM identity_nodes n JOIN accounts a ON a.id = n.account_id WHERE a.evidence_id = ? AND a.key = ?')
    .get(evidence, key) as { entity_id: number } | undefined;
  if (!r) throw new Error(`no entity for E${evidence} ${key}`);
  return r.entity_id;
}

export function entityOfPhone(b: BuiltCase, phone: string): number {
  const r = b.c.db.prepare("SELECT entity_id FROM identity_nodes WHERE kind = 'phone' AND value = ?").get(phone) as { entity_id: number } | undefined;
  if (!r) throw new Error(`no entity for ${phone}`);
  return r.entity_id;
}
