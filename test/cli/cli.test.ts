import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../main/cli/main';
import type { Out } from '../../main/cli/output';
import { tempDir } from '../helpers/tmp';

function capture() {
  const lines: string[] = [];
  const errs: string[] = [];
  const out: Out = { line: (s = '') => lines.push(s), json: (v) => lines.push(JSON.stringify(v)), err: (s) => errs.push(s) };
  return { out, lines, errs, text: () => lines.join('\n'), json: <T>() => JSON.parse(lines.join('\n')) as T };
}

const CHAT = [
  '14/03/2025, 21:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
  '14/03/2025, 21:01 - Boss Chen: Send the USDT to the new wallet tonight',
  '14/03/2025, 21:02 - +66 81 234 5678: ok boss',
  'second line of the reply',
  '15/03/2025, 09:15 - Boss Chen: <script>alert(1)</script>',
  '',
].join('\n');

async function newCase(dir: string) {
  const c = capture();
  const file = join(dir, 'case.tl');
  expect(await run(['new', file, '--examiner', 'Insp. K', '--case-number', 'TH-1', '--tz', 'Asia/Bangkok', '--region', 'TH'], c.out)).toBe(0);
  return file;
}

describe('threadline CLI', () => {
  it('new → import → info → timeline → audit → verify', async () => {
    const dir = tempDir();
    const file = await newCase(dir);
    const chat = join(dir, 'WhatsApp Chat with Boss Chen.txt');
    writeFileSync(chat, CHAT);

    const imp = capture();
    expect(await run(['import', file, chat, '--json'], imp.out)).toBe(0);
    const [res] = imp.json<{ ok: boolean; evidenceId: number; format: string; accounting: { seen: number; parsed: number } }[]>();
    expect(res).toMatchObject({ ok: true, evidenceId: 1, format: 'whatsapp' });
    expect(res!.accounting.seen).toBe(5);

    const info = capture();
    expect(await run(['info', file, '--json'], info.out)).toBe(0);
    const i = info.json<{ case: { caseNumber: string; tz: string }; evidence: { sha256: string; format: string; tz: string; counts: { messages: number } }[]; audit: { entries: number; head: string } }>();
    expect(i.case).toMatchObject({ caseNumber: 'TH-1', tz: 'Asia/Bangkok' });
    expect(i.evidence[0]).toMatchObject({ format: 'whatsapp', tz: 'Asia/Bangkok' });
    expect(i.evidence[0]!.counts.messages).toBe(4);
    expect(i.audit.head).toMatch(/^[0-9a-f]{64}$/);

    const tl = capture();
    expect(await run(['timeline', file, '--json', '--limit', '10'], tl.out)).toBe(0);
    const events = tl.json<{ ts: string; kind: string; evidence: number; from: string | null; text: string; source: string }[]>();
    expect(events.map((e) => e.ts)).toEqual(['2025-03-14T14:00:00.000Z', '2025-03-14T14:01:00.000Z', '2025-03-14T14:02:00.000Z', '2025-03-15T02:15:00.000Z']);
    expect(events[2]).toMatchObject({ kind: 'message', evidence: 1, from: '+66 81 234 5678', text: 'ok boss\nsecond line of the reply', source: 'WhatsApp Chat with Boss Chen.txt:3-4' });
    expect(events.every((e) => e.ts.endsWith('Z'))).toBe(true);

    const human = capture();
    expect(await run(['timeline', file, '--display-tz', 'Asia/Yangon'], human.out)).toBe(0);
    expect(human.text()).toContain('Times shown in Asia/Yangon');
    expect(human.text()).toContain('2025-03-14 20:31:00 +06:30');

    const from = capture();
    expect(await run(['timeline', file, '--json', '--from', '2025-03-15T00:00:00Z'], from.out)).toBe(0);
    expect(from.json<unknown[]>().length).toBe(1);

    const audit = capture();
    expect(await run(['audit', file, '--json'], audit.out)).toBe(0);
    const actions = audit.json<{ action: string }[]>().map((a) => a.action);
    expect(actions).toContain('case-created');
    expect(actions).toContain('evidence-imported');

    const v = capture();
    expect(await run(['verify', file, '--json'], v.out)).toBe(0);
    expect(v.json<{ ok: boolean; sources: { status: string }[] }>()).toMatchObject({ ok: true, sources: [{ status: 'match' }] });

    // A changed source is a verification failure (exit 3), naming the item.
    writeFileSync(chat, CHAT.replace('ok boss', 'ok bos'));
    const bad = capture();
    expect(await run(['verify', file], bad.out)).toBe(3);
    expect(bad.text()).toContain('MISMATCH');
  });

  it('errors name the code, the file and what to do next; exit codes distinguish usage errors', async () => {
    const dir = tempDir();
    const file = await newCase(dir);
    const ambiguous = join(dir, 'amb.txt');
    writeFileSync(ambiguous, '01/02/2025, 10:00 - A: hi\n03/04/2025, 11:00 - B: yo\n05/06/2025, 12:00 - A: ok\n');
    const c = capture();
    expect(await run(['import', file, ambiguous], c.out)).toBe(1);
    expect(c.errs.join('\n')).toMatch(/DATE_ORDER_AMBIGUOUS .*amb\.txt/);
    expect(c.errs.join('\n')).toContain('--date-order');
    const c2 = capture();
    expect(await run(['import', file, ambiguous, '--date-order', 'dmy', '--json'], c2.out)).toBe(0);
    expect(c2.json<{ dateOrder: string }[]>()[0]!.dateOrder).toBe('dmy');

    const u = capture();
    expect(await run(['timeline', file, '--limit', 'lots'], u.out)).toBe(2);
    expect(await run(['frobnicate'], capture().out)).toBe(2);
    const missing = capture();
    expect(await run(['info', join(dir, 'nope.tl')], missing.out)).toBe(1);
    expect(missing.errs.join('\n')).toContain('CASE_NOT_FOUND');
  });

  it('hostile text is shown visibly in human output, never as terminal controls', async () => {
    const dir = tempDir();
    const file = await newCase(dir);
    const chat = join(dir, 'WhatsApp Chat with X.txt');
    writeFileSync(chat, '14/03/2025, 21:00 - Ev\u202Eil: \u001b[2Jcleared?\n15/03/2025, 21:00 - B: ok\n');
    expect(await run(['import', file, chat], capture().out)).toBe(0);
    const tl = capture();
    await run(['timeline', file], tl.out);
    expect(tl.text()).not.toContain('\u001b');
    expect(tl.text()).not.toContain('\u202E');
    expect(tl.text()).toContain('<U+202E>');
    expect(tl.text()).toContain('<U+001B>');
  });

  it('the built `threadline` bin runs (npx threadline after the README set-up)', () => {
    if (!existsSync(join(process.cwd(), 'dist', 'cli.mjs'))) {
      execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore' });
    }
    const r = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'threadline.cjs'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^threadline \d+\.\d+\.\d+\+/);
  });
});
