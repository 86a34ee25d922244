import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/model';
import { stagedName } from '../../main/bridge/http/server';
import { api, http, rig, type Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.bridge.close();
  await r?.engine.close();
  r = undefined;
});

describe('the loopback bridge', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying a random token', async () => {
    r = await rig();
    expect(r.bridge.origin).toBe(`http://127.0.0.1:${r.bridge.port}`);
    expect(r.bridge.url).toBe(`http://127.0.0.1:${r.bridge.port}/?token=${r.bridge.token}`);
    expect(r.bridge.port).toBeGreaterThan(0);
  });

  it('requires the token on every API request', async () => {
    r = await rig();
    const res = await http(r, 'POST', '/api/app.info', { auth: false, headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const ok = await api<{ mode: string }>(r, 'app.info', {});
    expect(ok).toMatchObject({ ok: true, value: { mode: 'browser', caseOpen: false } });
  });

  it('turns the token in the printed URL into a strict session cookie, and refuses a wrong one', async () => {
    r = await rig();
    const boot = await http(r, 'GET', `/?token=${r.bridge.token}`, { auth: false });
    expect(boot.status).toBe(303);
    expect(boot.headers.location).toBe('/');
    const cookie = String(boot.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await http(r, 'GET', '/', { auth: false, headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    const wrong = await http(r, 'GET', '/?token=nope', { auth: false });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses another host name (DNS rebinding) and cross-origin calls even with the token', async () => {
    r = await rig();
    const rebound = await http(r, 'POST', '/api/app.info', { headers: { Host: `attacker.example:${r.bridge.port}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(rebound.status).toBe(421);
    const cross = await api(r, 'app.info', {}, { Origin: 'http://attacker.example' });
    expect(cross).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('answers an unknown channel with 404 and a NOT_FOUND Result', async () => {
    r = await rig();
    const res = await http(r, 'POST', '/api/case.delete', { headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('returns payload validation failures as Result errors naming the field', async () => {
    r = await rig();
    const bad = await api(r, 'timeline.page', { filter: { kinds: ['letter'] }, displayTz: 'UTC', limit: 10, position: { type: 'start' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('BAD_ARGUMENT');
      expect(bad.error.message).toContain('filter.kinds.0');
    }
    const extra = await api(r, 'case.summary', { sneaky: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    const path = await api(r, 'case.create', { fileName: '../../etc/passwd', caseNumber: 'X', examiner: 'Y', tz: 'UTC' });
    expect(path).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
  });

  it('refuses bodies that are not JSON, the wrong content type and the wrong method', async () => {
    r = await rig();
    expect((await http(r, 'POST', '/api/app.info', { headers: { 'Content-Type': 'application/json' }, body: '{nope' })).status).toBe(400);
    expect((await http(r, 'POST', '/api/app.info', { headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await http(r, 'GET', '/api/app.info')).status).toBe(405);
  });

  it('serves the renderer with the CSP and never a file outside it', async () => {
    r = await rig();
    const page = await http(r, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await http(r, 'GET', p);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('outside the renderer folder');
    }
  });

  it('copies a dropped file into the staging folder under a safe name and offers it as a staged source', async () => {
    r = await rig();
    const res = await http(r, 'POST', `/api/upload?name=${encodeURIComponent('../../evil chat.txt')}`, { headers: { 'Content-Type': 'application/octet-stream' }, body: 'hello\n' });
    expect(res.status).toBe(200);
    const entry = res.json<SourceEntry>();
    expect(entry).toMatchObject({ ok: true, value: { name: 'evil chat.txt', staged: true, size: 6, root: 'staging' } });
    if (!entry.ok) return;
    expect(isAbsolute(entry.value.label)).toBe(false);
    expect(entry.value.id).toMatch(/^s[0-9a-f]{24}$/);
    // The copy is inside the staging folder and holds the bytes sent.
    const sources = JSON.stringify(entry.value);
    expect(sources).not.toContain(r.dir);
    expect(readFileSync(join(r.dir, 'cases', 'staging', readdirOne(join(r.dir, 'cases', 'staging')), 'evil chat.txt'), 'utf8')).toBe('hello\n');
  });

  it('names staged files safely', () => {
    expect(stagedName('../../a.txt')).toBe('a.txt');
    expect(stagedName('C:\\Users\\x\\chat.txt')).toBe('chat.txt');
    expect(stagedName('.hidden')).toBe('_hidden');
    expect(stagedName('a<b>:c|d?.txt')).toBe('a_b__c_d_.txt');
    expect(stagedName('')).toBe('upload');
  });
});

function readdirOne(dir: string): string {
  const names = readdirSync(dir);
  expect(names).toHaveLength(1);
  return names[0]!;
}
