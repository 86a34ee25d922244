import { describe, expect, it } from 'vitest';
import { bearer, checkAccess, cookieValue, hostAllowed, isLoopbackAddress, newToken, sameToken, sessionCookie } from '../../main/bridge/http/access';

const T = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const ok = { remoteAddress: '127.0.0.1', host: '127.0.0.1:4000', cookie: undefined, authorization: `Bearer ${T}`, origin: undefined, secFetchSite: undefined };

describe('who may use the loopback bridge', () => {
  it('a fresh token is long and random', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('accepts this machine with the token in a header or the session cookie', () => {
    expect(checkAccess(ok, 4000, T)).toEqual({ ok: true });
    expect(checkAccess({ ...ok, authorization: undefined, cookie: `other=1; tl_session_4000=${T}` }, 4000, T)).toEqual({ ok: true });
    expect(checkAccess({ ...ok, remoteAddress: '::ffff:127.0.0.1', secFetchSite: 'same-origin', origin: 'http://127.0.0.1:4000' }, 4000, T)).toEqual({ ok: true });
  });

  it('refuses a missing or wrong token', () => {
    expect(checkAccess({ ...ok, authorization: undefined }, 4000, T)).toMatchObject({ ok: false, status: 401 });
    expect(checkAccess({ ...ok, authorization: `Bearer ${T}x` }, 4000, T)).toMatchObject({ ok: false, status: 401 });
    expect(checkAccess({ ...ok, authorization: T }, 4000, T)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses other machines, other host names (DNS rebinding), other origins and cross-site requests even with the token', () => {
    expect(checkAccess({ ...ok, remoteAddress: '192.168.1.5' }, 4000, T)).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess({ ...ok, host: 'evil.example:4000' }, 4000, T)).toMatchObject({ ok: false, status: 421 });
    expect(checkAccess({ ...ok, host: 'localhost:4000' }, 4000, T)).toMatchObject({ ok: false, status: 421 });
    expect(checkAccess({ ...ok, origin: 'http://evil.example' }, 4000, T)).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess({ ...ok, secFetchSite: 'cross-site' }, 4000, T)).toMatchObject({ ok: false, status: 403 });
  });

  it('parses headers strictly', () => {
    expect(cookieValue('a=1; tl_session=xyz; b=2', 'tl_session')).toBe('xyz');
    expect(cookieValue('tl_sessionx=1', 'tl_session')).toBeNull();
    expect(cookieValue(undefined, 'tl_session')).toBeNull();
    expect(bearer('Bearer abc')).toBe('abc');
    expect(bearer('Basic abc')).toBeNull();
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abd', 'abc')).toBe(false);
    expect(sameToken(null, 'abc')).toBe(false);
    expect(isLoopbackAddress('::1')).toBe(false);
    expect(hostAllowed('127.0.0.1:4000', 4000)).toBe(true);
    expect(hostAllowed('127.0.0.1:4001', 4000)).toBe(false);
  });

  it('keeps the session cookie away from scripts and other sites, one cookie per port', () => {
    expect(sessionCookie(T, 4000)).toBe(`tl_session_4000=${T}; HttpOnly; SameSite=Strict; Path=/`);
    // A session on another port on the same machine does not open this one.
    expect(checkAccess({ ...ok, authorization: undefined, cookie: `tl_session_4001=${T}` }, 4000, T)).toMatchObject({ ok: false, status: 401 });
  });
});
