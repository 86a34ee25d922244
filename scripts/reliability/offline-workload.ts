/**
 * What the offline proof runs inside its network namespace: the whole examiner workflow on the demo seizure —
 * `new`, `import` of every MANIFEST file with its declared options, `link`, `entities`, `timeline`, `histogram`,
 * `search`, `report` in every format, `verify` — and then browser mode (`npm run serve` + Chromium) on the case:
 * timeline and search views. Prints one `step NAME ok|FAIL` line per step.
 *
 *   node --import tsx scripts/reliability/offline-workload.ts WORK [--demo DIR] [--ui quick|full|none]
 *
 * With --demo the evidence is read from DIR (the proof mounts it read-only); otherwise from a copy under WORK.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import buildIfStale from '../../e2e/helpers/global-setup';
import { cli } from './cli';
import { copyDemo, demoManifest, importArgs, newCaseArgs, ROOT } from './demo-seizure';

const say = (s: string) => process.stdout.write(`${s}\n`);
let failed = 0;

async function step(name: string, argv: string[], check?: (stdout: string) => boolean): Promise<string> {
  const r = await cli(argv);
  const ok = r.code === 0 && (!check || check(r.stdout));
  if (!ok) failed++;
  say(`step ${name} ${ok ? 'ok' : `FAIL (exit ${r.code}) ${r.stderr.split('\n')[0]?.slice(0, 200) ?? ''}`}`);
  return r.stdout;
}

async function browser(caseFile: string, demoDir: string, mode: 'quick' | 'full'): Promise<void> {
  if (mode === 'full') {
    // The browser-mode end-to-end suite (it builds dist/ first when stale) — every view, as an examiner works.
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.e2e.config.ts', 'e2e/demo.spec.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    if (r.status !== 0) failed++;
    say(`step ui-e2e-demo ${r.status === 0 ? 'ok' : `FAIL ${(r.stdout + r.stderr).split('\n').filter((l) => /FAIL|Error/.test(l)).slice(0, 2).join(' / ').slice(0, 300)}`}`);
    return;
  }
  const serveEntry = join(ROOT, 'dist', 'bridge', 'serve.mjs');
  if (!existsSync('/usr/bin/chromium')) {
    say('step ui-serve skipped (no /usr/bin/chromium)');
    return;
  }
  // Build dist/ when it is missing or older than the sources (inside the namespace: the build is offline too).
  try {
    buildIfStale();
    say('step ui-build ok');
  } catch (err) {
    failed++;
    say(`step ui-build FAIL ${(err as Error).message}`);
    return;
  }
  const serve = spawn(process.execPath, [serveEntry, '--case', caseFile, '--evidence', demoDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      const t = setTimeout(() => fail(new Error(`serve printed no URL: ${out}`)), 90_000);
      serve.stdout!.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        const line = out.split('\n').find((l) => l.startsWith('URL '));
        if (line) {
          clearTimeout(t);
          done(line.slice(4).trim());
        }
      });
      serve.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
      serve.once('exit', (code) => fail(new Error(`serve exited ${code}: ${out}`)));
    });
    say('step ui-serve ok');
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
    try {
      const page = await b.newPage();
      page.setDefaultTimeout(60_000);
      const foreign: string[] = [];
      const origin = new URL(url).origin;
      page.on('request', (r) => {
        if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) foreign.push(r.url());
      });
      await page.goto(url);
      const tab = (name: string) => page.locator('nav.views').getByRole('button', { name, exact: true });
      await tab('Timeline').click();
      await page.locator('.row[data-key]').first().waitFor();
      say('step ui-timeline ok');
      await tab('Search').click();
      await page.getByLabel('Search', { exact: true }).fill('passports');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=search-hit]').first().waitFor();
      say('step ui-search ok');
      if (foreign.length) {
        failed++;
        say(`step ui-foreign-requests FAIL ${foreign.slice(0, 3).join(' ')}`);
      } else say('step ui-foreign-requests ok');
    } finally {
      await b.close();
    }
  } catch (err) {
    failed++;
    say(`step ui FAIL ${(err as Error).message.split('\n')[0]}`);
  } finally {
    serve.kill('SIGTERM');
    await new Promise((done) => (serve.exitCode !== null ? done(null) : serve.once('exit', done)));
  }
}

async function main(argv: string[]): Promise<number> {
  const work = argv[0];
  if (!work) throw new Error('usage: offline-workload.ts WORK [--ui quick|full|none]');
  const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const ui = (opt('--ui') ?? 'quick') as 'quick' | 'full' | 'none';
  mkdirSync(work, { recursive: true });
  const m = demoManifest();
  const demoDir = opt('--demo') ?? copyDemo(join(work, 'demo'));
  const caseFile = join(work, 'offline.tl');
  await step('new', newCaseArgs(caseFile, m));
  for (const f of m.files) await step(`import ${f.path.slice(f.path.lastIndexOf('/') + 1)}`, importArgs(caseFile, demoDir, f));
  await step('link', ['link', caseFile, '--recompute']);
  await step('entities', ['entities', caseFile, '--json'], (s) => (JSON.parse(s) as unknown[]).length > 0);
  await step('suggestions', ['suggestions', caseFile, '--json']);
  await step('timeline', ['timeline', caseFile, '--limit', '200', '--json']);
  await step('histogram', ['histogram', caseFile, '--bucket', 'day', '--json']);
  await step('search', ['search', caseFile, 'passports', '--json']);
  await step('search-identifier', ['search', caseFile, '091 585 7380', '--mode', 'identifier', '--json']);
  mkdirSync(join(work, 'reports'), { recursive: true });
  for (const ext of ['pdf', 'html', 'xlsx', 'csv']) await step(`report ${ext}`, ['report', caseFile, '--out', join(work, 'reports', `demo.${ext}`), '--sources', demoDir, '--include-audit']);
  await step('verify', ['verify', caseFile, '--sources', demoDir]);
  if (ui !== 'none') await browser(caseFile, demoDir, ui);
  say(`workload ${failed === 0 ? 'ok' : `${failed} steps failed`}`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`offline workload: ${String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  },
);
