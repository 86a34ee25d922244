import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../main/cli/main';
import type { Out } from '../../main/cli/output';
import { Case } from '../../main/engine/case';
import { tempDir } from '../helpers/tmp';
import { importSeizure } from './seizure';

function capture() {
  const lines: string[] = [];
  const errs: string[] = [];
  const out: Out = { line: (s = '') => lines.push(s), json: (v) => lines.push(JSON.stringify(v)), err: (s) => errs.push(s) };
  return { out, lines, errs, json: <T>() => JSON.parse(lines.join('\n')) as T };
}

async function cli(...argv: string[]) {
  const c = capture();
  const code = await run(argv, c.out);
  return { code, ...c };
}

async function seizureFile() {
  const dir = tempDir();
  const file = join(dir, 'c.case');
  const c = Case.create(file, { caseNumber: 'TH-CLI', examiner: 'Examiner A', tz: 'Asia/Bangkok', region: 'TH' });
  await importSeizure(c, dir);
  c.close();
  return file;
}

interface EntityJson {
  id: number;
  name: string;
  identifiers: { kind: string; value: string; raw: string[] }[];
  evidence: number[];
  links: { id: number; rule: string; a: { value: string }; b: { value: string }; evidence: number | null; source: string | null; count: number }[];
}

describe('identity commands', () => {
  it('entities --json follows the contract: id, name, identifiers {kind, value, raw}, evidence, links', async () => {
    const file = await seizureFile();
    const r = await cli('entities', file, '--json');
    expect(r.code).toBe(0);
    const list = r.json<EntityJson[]>();
    const jay = list.find((e) => e.identifiers.some((i) => i.value === '+66921234504'))!;
    expect(jay).toMatchObject({ name: 'Jay', evidence: [1, 6] });
    expect(jay.identifiers).toEqual([
      expect.objectContaining({ kind: 'phone', value: '+66891234504', raw: ['+66 89 123 4504', '089-123-4504'] }),
      expect.objectContaining({ kind: 'phone', value: '+66921234504', raw: ['092-123-4504'] }),
    ]);
    expect(jay.links.map((l) => [l.rule, l.a.value, l.b.value, l.evidence, l.source, l.count]).sort()).toEqual([
      ['contact-card', '+66891234504', '+66921234504', 6, 'contacts.vcf:7-11', 1],
      ['sender-identifier', 'account:4', '+66891234504', 1, 'WhatsApp Chat with Team A.txt:5', 1],
    ]);
    for (const e of list) for (const i of e.identifiers) expect(['phone', 'email', 'username', 'wallet', 'iban', 'user-id', 'account']).toContain(i.kind);
    const linked = await cli('entities', file, '--json', '--linked');
    expect(linked.json<EntityJson[]>().every((e) => e.identifiers.length + e.links.length > 1)).toBe(true);
  });

  it('suggestions, decide and explain: a confirm is audited, explained and undoable from the command line', async () => {
    const file = await seizureFile();
    const s = (await cli('suggestions', file, '--json', '--rule', 'self-statement')).json<{ id: number; entities: [number, number]; reasons: string[] }[]>();
    const kwan = s.find((x) => x.reasons[0]!.includes('Kwan.P@Example.com'))!;
    expect(kwan.reasons[0]).toBe('[LINE] Chat in Shift B.txt:5: the sender writes "my email is Kwan.P@Example.com" — stating kwan.p@example.com as their own');

    expect((await cli('decide', file, '--confirm', String(kwan.id))).code).toBe(2); // no --why
    const d = await cli('decide', file, '--confirm', String(kwan.id), '--why', 'LINE owner states the e-mail on her vCard', '--json');
    expect(d.code).toBe(0);
    const decision = d.json<{ decision: number; after: number[] }>();
    const x = (await cli('explain', file, String(decision.after[0]), '--json')).json<{ name: string; links: { rule: string; decision: { why: string } | null }[]; evidence: number[] }>();
    expect(x.name).toBe('Kwan');
    expect(x.evidence).toEqual([3, 6]);
    expect(x.links.find((l) => l.rule === 'examiner-confirmed')!.decision!.why).toBe('LINE owner states the e-mail on her vCard');
    const text = await cli('explain', file, String(decision.after[0]));
    expect(text.lines.join('\n')).toContain('examiner-confirmed');
    expect(text.lines.join('\n')).toContain('"LINE owner states the e-mail on her vCard"');

    const audit = (await cli('audit', file, '--json')).json<{ action: string; details: { why?: string } }[]>();
    expect(audit.filter((a) => a.action.startsWith('identity-')).map((a) => [a.action, a.details.why])).toEqual([['identity-confirmed', 'LINE owner states the e-mail on her vCard']]);

    const u = await cli('decide', file, '--undo', String(decision.decision), '--why', 'wrong Kwan');
    expect(u.code).toBe(0);
    expect(u.lines[0]).toBe(`Decision ${decision.decision + 1} (undo) recorded in the audit log.`);
    expect((await cli('suggestions', file, '--json', '--rule', 'self-statement')).json<{ id: number }[]>().map((y) => y.id)).toContain(kwan.id);
  });

  it('merge, split and name take their second argument positionally; bad input is a usage error', async () => {
    const file = await seizureFile();
    const list = (await cli('entities', file, '--json')).json<EntityJson[]>();
    const nok = list.filter((e) => e.name === 'Nok').map((e) => e.id);
    const m = await cli('decide', file, '--merge', String(nok[0]), String(nok[1]), '--why', 'test merge', '--json');
    expect(m.code).toBe(0);
    expect(m.json<{ after: number[] }>().after).toEqual([Math.min(nok[0]!, nok[1]!)]);
    const jay = list.find((e) => e.name === 'Jay')!;
    const sp = await cli('decide', file, '--split', String(jay.id), '0921234504', '--why', 'driver\'s SIM', '--json');
    expect(sp.code).toBe(0);
    expect(sp.json<{ after: number[] }>().after).toHaveLength(2);
    expect((await cli('decide', file, '--name', String(jay.id), 'Jay T.', '--why', 'charge sheet')).code).toBe(0);
    expect((await cli('entities', file, '--json')).json<EntityJson[]>().find((e) => e.id === jay.id)!.name).toBe('Jay T.');
    expect((await cli('decide', file, '--confirm', '1', '--reject', '2', '--why', 'x')).code).toBe(2);
    expect((await cli('explain', file, 'abc')).code).toBe(2);
    const missing = await cli('explain', file, '99999', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.errs[0]!)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('link reports nothing to do once every item is linked, and --recompute finds the labels consistent', async () => {
    const file = await seizureFile();
    const r = await cli('link', file, '--recompute', '--json');
    expect(r.code).toBe(0);
    expect(r.json<{ linked: unknown[]; recompute: { relabelled: number } }>()).toMatchObject({ linked: [], recompute: { relabelled: 0 } });
    const t = await cli('link', file);
    expect(t.lines).toEqual(['Every evidence item is already linked.']);
  });

  it('shows hostile text safely in the human output', async () => {
    const file = await seizureFile();
    const e = (await cli('entities', file, '--json')).json<EntityJson[]>().find((x) => x.identifiers.some((i) => i.value === '+66891234503'))!;
    expect(e.identifiers[0]!.raw).toEqual(['\u202A+66 89 123 4503\u202C']); // JSON keeps the raw form exactly
    const text = (await cli('explain', file, String(e.id))).lines.join('\n');
    expect(text).toContain('"<U+202A>+66 89 123 4503<U+202C>"');
    expect(text).not.toContain('\u202A');
  });
});
