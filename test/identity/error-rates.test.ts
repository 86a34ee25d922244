import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { AUTOMATIC_LINKING, LINK_RULE_RATES, RATES_CORPUS, SUGGESTION_RULE_RATES } from '../../main/engine/identity/error-rates';
import { AUTO_RULES, SUGGESTION_RULES } from '../../main/engine/identity/rules';
import { tempDir } from '../helpers/tmp';
import { importSeizure } from './seizure';
import { labelNodes, pairScore, recallBound, round4, scoredItems, structuralTies } from './score';

/** Measures every rule on the labelled seizure, in the shape error-rates.ts publishes. */
async function measure() {
  const dir = tempDir();
  const c = Case.create(join(dir, 'c.case'), { caseNumber: 'RATES', examiner: 'E', tz: 'Asia/Bangkok', region: 'TH' });
  await importSeizure(c, dir);
  const person = new Map(labelNodes(c.db).map((n) => [n.node, n.person]));
  const same = (a: number, b: number) => person.get(a) !== undefined && person.get(a) === person.get(b);
  const items = scoredItems(c.db);
  const s = pairScore(items);
  const bound = recallBound(items, structuralTies().root);
  const links = Object.fromEntries(
    Object.keys(AUTO_RULES).map((rule) => {
      const edges = c.db.prepare('SELECT a, b FROM identity_edges WHERE rule = ? AND active = 1').all(rule) as { a: number; b: number }[];
      return [rule, { edges: edges.length, precision: edges.length ? round4(edges.filter((e) => same(e.a, e.b)).length / edges.length) : null }];
    }),
  );
  const suggestions = Object.fromEntries(
    Object.keys(SUGGESTION_RULES).map((rule) => {
      const rows = c.db.prepare('SELECT a_node, b_node FROM identity_suggestions WHERE rule = ?').all(rule) as { a_node: number; b_node: number }[];
      return [rule, { raised: rows.length, precision: rows.length ? round4(rows.filter((r) => same(r.a_node, r.b_node)).length / rows.length) : null }];
    }),
  );
  const people = new Set([...person.values()].filter((p): p is string => !!p));
  c.close();
  return {
    corpus: {
      people: [...people].filter((p) => p.startsWith('P')).length,
      decoys: [...people].filter((p) => p.startsWith('D')).length,
      itemsLabelled: items.length,
      truePairs: s.truePairs,
    },
    links,
    automatic: { precision: round4(s.precision), recall: round4(s.recall), recallBound: round4(bound) },
    suggestions,
  };
}

describe('published error rates', () => {
  it('match what the rules measure on the labelled corpus today', async () => {
    const m = await measure();
    expect(m.corpus).toEqual({ people: RATES_CORPUS.people, decoys: RATES_CORPUS.decoys, itemsLabelled: RATES_CORPUS.itemsLabelled, truePairs: RATES_CORPUS.truePairs });
    expect(m.links).toEqual(LINK_RULE_RATES);
    expect(m.automatic).toEqual(AUTOMATIC_LINKING);
    expect(m.suggestions).toEqual(SUGGESTION_RULE_RATES);
    // Automatic rules must never join two people on this corpus.
    for (const r of Object.values(LINK_RULE_RATES)) if (r.precision !== null) expect(r.precision).toBe(1);
  });
});
