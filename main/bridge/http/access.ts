/**
 * Who may talk to the loopback bridge: only this machine (127.0.0.1), only under the printed host name (no DNS
 * rebinding), only with this run's random token — from the `?token=` of the printed URL, kept afterwards in a
 * same-site, HTTP-only cookie — and only from the bridge's own origin. Pure functions, unit-tested.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Cookies are shared by every port of a host, so the name carries the port: two sessions never clobber each other. */
export function cookieName(port: number): string {
  return `tl_session_${port}`;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function isLoopbackAddress(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::ffff:127.0.0.1';
}

/** The Host header must name the bridge exactly as printed (a rebinding attack sends its own host name). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}`;
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/.exec(header ?? '');
  return m ? m[1]! : null;
}

export interface RequestFacts {
  remoteAddress: string | undefined;
  host: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403 | 421; why: string };

/** Whether a request (other than the token bootstrap) may proceed. */
export function checkAccess(r: RequestFacts, port: number, token: string): AccessDecision {
  if (!isLoopbackAddress(r.remoteAddress)) return { ok: false, status: 403, why: 'not from this machine' };
  if (!hostAllowed(r.host, port)) return { ok: false, status: 421, why: 'wrong host name' };
  if (r.origin !== undefined && r.origin !== `http://127.0.0.1:${port}`) return { ok: false, status: 403, why: 'cross-origin request' };
  if (r.secFetchSite !== undefined && r.secFetchSite !== 'same-origin' && r.secFetchSite !== 'none') return { ok: false, status: 403, why: 'cross-site request' };
  if (sameToken(bearer(r.authorization), token) || sameToken(cookieValue(r.cookie, cookieName(port)), token)) return { ok: true };
  return { ok: false, status: 401, why: 'missing or wrong token' };
}

export function sessionCookie(token: string, port: number): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
