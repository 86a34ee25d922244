import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Case } from '../../main/engine/case';
import { APPLICATION_ID } from '../../main/engine/db/case-db';
import { MIGRATIONS, SCHEMA_VERSION } from '../../main/engine/db/migrations';
import { ThreadlineError } from '../../main/engine/errors';
import { tempDir } from '../helpers/tmp';

function newCase(dir: string, name = 'c.case') {
  return Case.create(join(dir, name), { caseNumber: 'TH-1', examiner: 'Examiner A', tz: 'Asia/Bangkok', region: 'th', title: 'Test' });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as ThreadlineError).code;
  }
  return undefined;
}

describe('case file', () => {
  it('creates a case with the durability pragmas, schema version and an audited creation', () => {
    const dir = tempDir();
    const c = newCase(dir);
    expect(c.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(c.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(c.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(c.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(c.info.region).toBe('TH');
    const actions = c.db.prepare('SELECT action FROM audit_log ORDER BY seq').all().map((r) => (r as { action: string }).action);
    expect(actions).toEqual([...MIGRATIONS.map(() => 'schema-migrated'), 'case-created']);
    c.close();
  });

  it('refuses to overwrite, bad zones, missing fields', () => {
    const dir = tempDir();
    newCase(dir).close();
    expect(codeOf(() => newCase(dir))).toBe('CASE_EXISTS');
    expect(codeOf(() => Case.create(join(dir, 'x.case'), { caseNumber: 'A', examiner: 'B', tz: 'Mars/Olympus' }))).toBe('TIMEZONE_INVALID');
    expect(codeOf(() => Case.create(join(dir, 'y.case'), { caseNumber: '', examiner: 'B' }))).toBe('BAD_ARGUMENT');
    expect(codeOf(() => Case.create(join(dir, 'z.case'), { caseNumber: 'A', examiner: 'B', region: 'XX' }))).toBe('BAD_ARGUMENT');
  });

  it('refuses files that are not cases, and cases from a newer schema', () => {
    const dir = tempDir();
    const junk = join(dir, 'junk.case');
    writeFileSync(junk, Buffer.alloc(8192, 7));
    expect(codeOf(() => Case.open(junk))).toBe('CASE_NOT_A_CASE');
    const other = join(dir, 'other.sqlite');
    const d = new Database(other);
    d.exec('CREATE TABLE t(x)');
    d.close();
    expect(codeOf(() => Case.open(other))).toBe('CASE_NOT_A_CASE');
    expect(codeOf(() => Case.open(join(dir, 'absent.case')))).toBe('CASE_NOT_FOUND');
    const c = newCase(dir);
    c.db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    c.close();
    expect(codeOf(() => Case.open(join(dir, 'c.case')))).toBe('CASE_TOO_NEW');
  });

  it('holds an exclusive lock: a second opener in this process gets CASE_IN_USE', () => {
    const dir = tempDir();
    const c = newCase(dir);
    expect(codeOf(() => Case.open(join(dir, 'c.case')))).toBe('CASE_IN_USE');
    c.close();
    const again = Case.open(join(dir, 'c.case'));
    expect(again.info.case_number).toBe('TH-1');
    again.close();
  });

  it('a second process gets CASE_IN_USE while the case is open', async () => {
    const dir = tempDir();
    const file = join(dir, 'c.case');
    newCase(dir).close();
    // A child process opens the case and holds it until told to stop.
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { Case } = await import(${JSON.stringify(join(process.cwd(), 'main/engine/case.ts'))});
      const c = Case.open(${JSON.stringify(file)});
      process.stdout.write('open\\n');
      process.stdin.on('data', () => { c.close(); process.exit(0); });
    `], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && res());
      child.on('exit', (code) => rej(new Error(`child exited ${code}`)));
    });
    try {
      expect(codeOf(() => Case.open(file))).toBe('CASE_IN_USE');
    } finally {
      child.stdin.write('x');
      await new Promise((r) => child.on('exit', r));
    }
    const c = Case.open(file);
    c.close();
  });

  // Root ignores file permissions, so the read-only case runs as `nobody` through setpriv (as the harness does).
  const canDropRoot = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(!canDropRoot)('a 0444 case in a 0555 folder, opened by a user who cannot write it: CASE_READ_ONLY with a hint, not "disk I/O error"', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const folder = join(dir, 'ro');
    mkdirSync(folder);
    newCase(folder).close();
    const file = join(folder, 'c.case');
    chmodSync(file, 0o444);
    chmodSync(folder, 0o555);
    try {
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, '--import', 'tsx', '-e', `
        const { Case } = await import(${JSON.stringify(join(process.cwd(), 'main/engine/case.ts'))});
        try { Case.open(${JSON.stringify(file)}); console.log('opened'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, hint: e.hint })); }
      `], { encoding: 'utf8', cwd: process.cwd() });
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { code: string; message: string; hint: string };
      expect(out.code).toBe('CASE_READ_ONLY');
      expect(out.message).toContain('permission denied');
      expect(out.hint).toContain('Copy the case to writable storage');
    } finally {
      chmodSync(folder, 0o755);
    }
  });

  it('the audit log refuses UPDATE and DELETE', () => {
    const dir = tempDir();
    const c = newCase(dir);
    expect(() => c.db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => c.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
    c.close();
  });
});

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  for (const m of MIGRATIONS) {
    it(`migration ${m.version} (${m.name}) applies on top of its predecessors and records its version`, () => {
      const db = new Database(':memory:');
      db.pragma('foreign_keys = ON');
      for (const earlier of MIGRATIONS.filter((x) => x.version < m.version)) db.exec(earlier.sql);
      const before = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index','trigger')").all() as { name: string }[]).map((r) => r.name));
      db.exec(m.sql);
      const after = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index','trigger')").all() as { name: string }[]).map((r) => r.name);
      expect(after.filter((n) => !before.has(n)).length).toBeGreaterThan(0);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('an older case is migrated on open and the migration is audited', () => {
    const dir = tempDir();
    const file = join(dir, 'old.case');
    const c = newCase(dir, 'old.case');
    const n = (c.db.prepare("SELECT COUNT(*) n FROM audit_log WHERE action = 'schema-migrated'").get() as { n: number }).n;
    expect(n).toBe(MIGRATIONS.length);
    c.close();
    const again = Case.open(file);
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });
});
