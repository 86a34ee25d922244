import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Case } from '../../main/engine/case';
import { importEvidence } from '../../main/engine/jobs/import';
const root = '/work/main/resources/demo';
const m = JSON.parse(readFileSync(join(root, 'MANIFEST.json'), 'utf8'));
const gt = JSON.parse(readFileSync(join(root, 'ground-truth.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'demo-'));
const c = Case.create(join(dir, 'c.case'), { caseNumber: m.case.caseNumber, examiner: 'E', tz: m.case.tz, region: m.case.region });
for (const f of m.files) {
  try {
    const r = await importEvidence(c, { path: join(root, f.path), ...f.import });
    console.log('OK', f.path, JSON.stringify(r.identity.links), r.identity.occurrences, JSON.stringify(r.identity.suggestions));
  } catch (e) { console.log('FAIL', f.path, (e as Error).message); }
}
const person = new Map<string, string>();
for (const p of gt.persons) for (const i of p.identifiers) person.set(i.value, p.id);
const nodes = c.db.prepare("SELECT value, entity_id, used FROM identity_nodes WHERE type='identifier' AND valid=1").all() as { value: string; entity_id: number; used: number }[];
const found = nodes.filter((n) => person.has(n.value));
const missing = [...person.keys()].filter((v) => !nodes.some((n) => n.value === v));
console.log('truth identifiers', person.size, 'found', found.length, 'missing', missing);
const unl = nodes.filter((n) => !person.has(n.value) && n.used).map((n) => n.value);
console.log('unlabelled used nodes', unl.length, unl.slice(0, 30));
let tp = 0, pred = 0, truth = 0;
for (let i = 0; i < found.length; i++) for (let j = i + 1; j < found.length; j++) {
  const a = found[i]!, b = found[j]!;
  const same = person.get(a.value) === person.get(b.value);
  const linked = a.entity_id === b.entity_id;
  if (same) truth++; if (linked) pred++; if (same && linked) tp++;
  if (linked && !same) console.log('FALSE LINK', a.value, b.value);
}
console.log({ truth, pred, tp, precision: tp / pred, recall: tp / truth, expected: gt.expected.structuredOnly.recall, expectedPairs: gt.expected.truePairs });
c.close();
const c2 = Case.open(join(dir, 'c.case'), { examiner: 'E' });
console.log(c2.db.prepare("SELECT from_json, to_json, raw FROM transactions t JOIN evidence e ON e.id = t.evidence_id WHERE e.file_name LIKE 'transfers%' LIMIT 3").all());
console.log(JSON.parse((c2.db.prepare("SELECT facts_json FROM evidence WHERE file_name LIKE 'transfers%'").get() as {facts_json: string}).facts_json));
console.log(c2.db.prepare("SELECT name, identifiers_json FROM contacts c JOIN evidence e ON e.id = c.evidence_id WHERE e.file_name LIKE '%xlsx' LIMIT 3").all());
c2.close();
