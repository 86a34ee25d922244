/**
 * Scoring the linker against the synthetic seizure's truth: labels every node with its person, counts pairs
 * (precision/recall), and computes — independently of the engine, with a reference normaliser for the forms
 * the seizure writes — the recall bound: what its structured records allow when nothing is linked by content.
 */
import type { SqlDb } from '../../main/engine/db/case-db';
import type { ImportRecord, RawIdentifier } from '../../main/engine/model/records';
import { accountTruth, identifierTruth, seizureItems, type SynthItem } from './seizure';

const THAI = '๐๑๒๓๔๕๖๗๘๙';

/** The canonical form of a raw identifier as the seizure writes them (not the engine's code), or null. */
export function referenceCanon(kind: string, raw: string, platform?: string): string | null {
  const truth = identifierTruth();
  let c: string | null = null;
  const s = raw.replace(/[\u202A-\u202E\u200B-\u200F]/g, '').trim();
  switch (kind) {
    case 'phone': {
      const plus = s.startsWith('+');
      let d = s.replace(/[๐-๙]/g, (x) => String(THAI.indexOf(x))).replace(/\(0\)/, '').replace(/\D/g, '');
      if (plus) c = `+${d}`;
      else if (d.startsWith('00')) c = `+${d.slice(2)}`;
      else if (d.startsWith('66') && d.length === 11) c = `+${d}`;
      else if (d.startsWith('0')) c = `+66${d.slice(1)}`;
      else d = '';
      break;
    }
    case 'email':
      c = s.toLowerCase();
      break;
    case 'username':
      c = `${platform ?? 'unknown'}:@${s.replace(/^@/, '').toLowerCase()}`;
      break;
    case 'user-id':
      c = `${platform ?? 'unknown'}:${s.toLowerCase().replace(/^user(?=\d+$)/, '')}`;
      break;
    case 'wallet':
      c = s.startsWith('0x') ? s.toLowerCase() : s;
      break;
    case 'iban':
      c = s.replace(/\s/g, '').toUpperCase();
      break;
    default:
      c = null;
  }
  return c !== null && truth.has(c) ? c : null;
}

const looksPhone = (s: string) => /^[\s+\d()\u202A-\u202E\u00A0\u2011-]+$/.test(s) && s.replace(/\D/g, '').length >= 8;

/** Every labelled item the records show in use, and the structural ties between them (the recall bound). */
export function structuralTies(items: SynthItem[] = seizureItems()): { used: Set<string>; root: (k: string) => string } {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    if (!parent.has(k)) parent.set(k, k);
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const tie = (keys: string[]) => {
    for (const k of keys.slice(1)) parent.set(find(k), find(keys[0]!));
  };
  const used = new Set<string>();
  const idKey = (r: RawIdentifier, platform?: string) => {
    const c = referenceCanon(r.kind, r.value, r.platform ?? platform);
    if (c) used.add(`id:${c}`);
    return c ? `id:${c}` : null;
  };
  for (const it of items) {
    const acc = (key: string) => {
      const k = `acct:${it.file}|${key}`;
      used.add(k);
      return k;
    };
    const owners: string[] = [];
    for (const r of it.records as ImportRecord[]) {
      if (r.type === 'account') {
        const a = acc(r.key);
        if (r.isOwner) owners.push(a);
        tie([a, ...r.identifiers.map((i) => idKey(i, r.platform)).filter((x): x is string => !!x)]);
      } else if (r.type === 'message') {
        if (r.senderKey) acc(r.senderKey);
        if (r.sender && r.senderKey && looksPhone(r.sender)) {
          const k = idKey({ kind: 'phone', value: r.sender });
          if (k) tie([acc(r.senderKey), k]);
        }
        for (const x of r.recipients ?? []) idKey({ kind: 'phone', value: x });
      } else if (r.type === 'call') {
        if (r.accountKey) acc(r.accountKey);
        const k = r.counterpart ? idKey({ kind: 'phone', value: r.counterpart }) : null;
        if (k && r.accountKey && !r.chatKey) tie([acc(r.accountKey), k]);
      } else if (r.type === 'contact') {
        tie(r.identifiers.map((i) => idKey(i)).filter((x): x is string => !!x));
      } else if (r.type === 'transaction') {
        for (const p of [r.from, r.to]) if (p) tie(p.identifiers.map((i) => idKey(i)).filter((x): x is string => !!x));
      }
    }
    if (it.owner) {
      const k = idKey({ kind: 'phone', value: it.owner });
      if (k) for (const o of owners) tie([o, k]);
    }
  }
  return { used, root: find };
}

export interface LabelledNode {
  node: number;
  key: string;
  person: string | undefined;
  entity: number;
  used: boolean;
  valid: boolean;
}

/** Every node with its item key (`id:<value>` / `acct:<file>|<key>`) and the person it belongs to. */
export function labelNodes(db: SqlDb): LabelledNode[] {
  const ids = identifierTruth();
  const accs = accountTruth();
  const rows = db
    .prepare(
      `SELECT n.id, n.type, n.value, n.valid, n.used, n.entity_id, a.key, e.file_name FROM identity_nodes n
       LEFT JOIN accounts a ON a.id = n.account_id LEFT JOIN evidence e ON e.id = a.evidence_id ORDER BY n.id`,
    )
    .all() as { id: number; type: string; value: string | null; valid: number; used: number; entity_id: number; key: string | null; file_name: string | null }[];
  return rows.map((r) => {
    const key = r.type === 'account' ? `acct:${r.file_name}|${r.key}` : `id:${r.value}`;
    const person = r.type === 'account' ? accs.get(`${r.file_name}|${r.key}`) : ids.get(r.value!);
    return { node: r.id, key, person, entity: r.entity_id, used: r.type === 'account' || r.used === 1, valid: r.valid === 1 };
  });
}

/** The items scored: accounts and valid identifiers seen in use (invalid ones are never linked; mention-only ones are not in use). */
export function scoredItems(db: SqlDb): LabelledNode[] {
  return labelNodes(db).filter((n) => n.used && n.valid);
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function countPairs<T>(items: T[], key: (t: T) => string): number {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  let s = 0;
  for (const v of m.values()) s += pairs(v);
  return s;
}

export interface PairScore {
  truePairs: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
}

export function pairScore(items: LabelledNode[]): PairScore {
  const truePairs = countPairs(items, (n) => n.person!);
  const predicted = countPairs(items, (n) => String(n.entity));
  const correct = countPairs(items, (n) => `${n.entity}|${n.person}`);
  return { truePairs, predicted, correct, precision: predicted ? correct / predicted : 1, recall: truePairs ? correct / truePairs : 1 };
}

/** The recall the structured records allow: true pairs joined by structural ties alone. */
export function recallBound(items: LabelledNode[], root: (k: string) => string): number {
  const truePairs = countPairs(items, (n) => n.person!);
  const reachable = countPairs(items, (n) => `${root(n.key)}|${n.person}`);
  return reachable / truePairs;
}

export const round4 = (x: number) => Math.round(x * 10000) / 10000;
