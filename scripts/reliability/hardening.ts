/**
 * Electron hardening checks that need no Electron: the layer rules (dependency-cruiser, zero violations, and a
 * planted violation proving the network rule fires), forbidden APIs nowhere in the sources, and the fuses the
 * packaging config flips equal to the security policy's.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FUSES } from '../../main/app/security/fuses';
import { ROOT } from './demo-seizure';

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Run dependency-cruiser over `paths` (relative to `cwd`) with the project's rules; every violation found. */
export function depcruise(paths: string[] = ['main', 'renderer', 'shared'], cwd = ROOT): { ok: boolean; violations: Violation[]; error?: string } {
  const bin = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const r = spawnSync(process.execPath, [bin, ...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (!r.stdout) return { ok: false, violations: [], error: r.stderr.slice(0, 500) };
  const out = JSON.parse(r.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  const violations = out.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  return { ok: violations.length === 0, violations };
}

/**
 * The network rule must fire: in a scratch tree laid out like the repository (same rules file and tsconfig), an
 * engine file imports node:net and an app file node:https. Planted there, not in main/, so parallel lint runs
 * never see them.
 */
export function plantedViolations(): { fired: string[]; error?: string } {
  const tree = mkdtempSync(join(tmpdir(), 'threadline-planted-'));
  try {
    for (const f of ['.dependency-cruiser.cjs', 'tsconfig.main.json', 'tsconfig.base.json']) copyFileSync(join(ROOT, f), join(tree, f));
    mkdirSync(join(tree, 'main', 'engine'), { recursive: true });
    mkdirSync(join(tree, 'main', 'app'), { recursive: true });
    writeFileSync(join(tree, 'main', 'engine', 'planted.ts'), "import { connect } from 'node:net';\nexport const planted = connect;\n");
    writeFileSync(join(tree, 'main', 'app', 'planted.ts'), "import https from 'node:https';\nexport const planted = https;\n");
    const r = depcruise(['main'], tree);
    return { fired: r.violations.filter((v) => v.rule === 'no-network-in-engine-or-app').map((v) => `${v.from} -> ${v.to}`), ...(r.error ? { error: r.error } : {}) };
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

function sources(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx|js|mjs|cjs|html)$/.test(n)) out.push(p);
  }
  return out;
}

// Built from pieces so this file does not match itself.
export const FORBIDDEN_APIS = [
  ['dangerously', 'SetInnerHTML'],
  ['shell', '.openExternal'],
  ['shell', '.openPath'],
  ['shell', '.showItemInFolder'],
  ['inner', 'HTML ='],
  ['outer', 'HTML ='],
  ['insertAdjacent', 'HTML('],
  ['document', '.write('],
  ['new ', 'Function('],
  ['ev', 'al('],
  ['nodeIntegration', ': true'],
  ['contextIsolation', ': false'],
  ['webSecurity', ': false'],
  ['allowRunningInsecure', 'Content: true'],
].map((p) => p.join(''));

/** Forbidden API names found in main/, renderer/, shared/ (empty = clean). */
export function forbiddenApiHits(): string[] {
  const hits: string[] = [];
  for (const f of ['main', 'renderer', 'shared'].flatMap((d) => sources(join(ROOT, d)))) {
    const text = readFileSync(f, 'utf8');
    for (const api of FORBIDDEN_APIS) if (text.includes(api)) hits.push(`${relative(ROOT, f)}: ${api}`);
  }
  return hits;
}

/** The electronFuses block of electron-builder.yml (flat `key: value` lines). */
export function builderFuses(): Record<string, boolean> {
  const text = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
  const block = /^electronFuses:\n((?: {2}\w+: \w+\n)+)/m.exec(text);
  if (!block) return {};
  const out: Record<string, boolean> = {};
  for (const line of block[1]!.trim().split('\n')) {
    const [k, v] = line.trim().split(': ');
    out[k!] = v === 'true';
  }
  return out;
}

/** Fuse problems: the policy itself (no Node escape hatches, ASAR integrity) and the packaging config matching it. */
export function fuseProblems(): string[] {
  const problems: string[] = [];
  const want = { runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false } as const;
  for (const [k, v] of Object.entries(want)) if ((FUSES as Record<string, unknown>)[k] !== v) problems.push(`policy fuse ${k} is ${String((FUSES as Record<string, unknown>)[k])}, want ${v}`);
  const built = builderFuses();
  const { version: _v, ...policy } = FUSES;
  for (const [k, v] of Object.entries(policy)) if (built[k] !== v) problems.push(`electron-builder.yml fuse ${k} is ${String(built[k])}, policy says ${v}`);
  for (const k of Object.keys(built)) if (!(k in policy)) problems.push(`electron-builder.yml flips ${k}, which the policy does not declare`);
  return problems;
}

/** All hardening checks as one list of problems (empty = hardened). */
export function hardeningProblems(): { checks: number; problems: string[] } {
  const problems: string[] = [];
  const d = depcruise();
  if (d.error) problems.push(`dependency-cruiser failed: ${d.error}`);
  problems.push(...d.violations.map((v) => `layer rule ${v.rule}: ${v.from} -> ${v.to}`));
  const planted = plantedViolations();
  if (planted.fired.length !== 2) problems.push(`the network rule did not fire on planted imports (fired: ${planted.fired.join('; ') || 'none'})`);
  problems.push(...forbiddenApiHits().map((h) => `forbidden API ${h}`));
  problems.push(...fuseProblems());
  return { checks: 4, problems };
}
