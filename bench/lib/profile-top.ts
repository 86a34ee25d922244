/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and prints the functions with the most self time and the
 * most total (inclusive) time, so a benchmark run can say where the time goes.
 *
 *   node --import tsx bench/lib/profile-top.ts PROFILE.cpuprofile [--top 30] [--filter TEXT]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
  return `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
}

/** Self and inclusive time per function (a function counted once per sample even when recursive). */
export function summariseProfile(p: Profile): { total: number; fns: FunctionTime[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  for (const [id, us] of selfUs) {
    all += us;
    const node = byId.get(id)!;
    const l = label(node);
    self.set(l, (self.get(l) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cl = label(byId.get(cur)!);
      if (seen.has(cl)) continue;
      seen.add(cl);
      total.set(cl, (total.get(cl) ?? 0) + us);
    }
  }
  const fns = [...total.keys()].map((name) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: total.get(name)! / 1000 }));
  return { total: all / 1000, fns };
}

function main(): void {
  const argv = process.argv.slice(2);
  const file = argv[0];
  if (!file) throw new Error('usage: profile-top.ts PROFILE.cpuprofile [--top N] [--filter TEXT]');
  const top = argv.includes('--top') ? Number(argv[argv.indexOf('--top') + 1]) : 30;
  const filter = argv.includes('--filter') ? argv[argv.indexOf('--filter') + 1]! : '';
  const { total, fns } = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const pick = (xs: FunctionTime[]) => xs.filter((f) => f.name.includes(filter)).slice(0, top);
  console.log(`sampled ${total.toFixed(0)} ms`);
  console.log('\nself ms   self %   function');
  for (const f of pick([...fns].sort((a, b) => b.selfMs - a.selfMs))) console.log(`${f.selfMs.toFixed(0).padStart(7)}  ${((100 * f.selfMs) / total).toFixed(1).padStart(6)}   ${f.name}`);
  console.log('\ntotal ms  total %  function');
  for (const f of pick([...fns].sort((a, b) => b.totalMs - a.totalMs))) console.log(`${f.totalMs.toFixed(0).padStart(7)}  ${((100 * f.totalMs) / total).toFixed(1).padStart(6)}   ${f.name}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
