/**
 * Vitest setup file (every unit-test worker): any socket to a destination outside loopback throws, so a test — or
 * code under test — that reaches for the network fails instead of quietly leaving the machine. Unix sockets and
 * 127.0.0.0/8, ::1 and `localhost` stay allowed (the loopback bridge, child-process pipes).
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

export class OffHostConnectionError extends Error {
  constructor(what: string, dest: string) {
    super(`Threadline tests are offline: ${what} to ${dest} was blocked (only loopback is allowed).`);
    this.name = 'OffHostConnectionError';
  }
}

/** True for destinations that never leave the machine. */
export function isLoopbackHost(host: string | undefined | null): boolean {
  if (host === undefined || host === null || host === '') return true; // Node defaults to localhost
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(h)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function hostOfConnectArgs(args: unknown[]): { host?: string; path?: string } {
  const a0 = args[0];
  if (Array.isArray(a0)) return hostOfConnectArgs(a0 as unknown[]); // internal normalised form [options, cb]
  if (a0 && typeof a0 === 'object') {
    const o = a0 as { host?: string; path?: string };
    return { ...(o.host !== undefined ? { host: o.host } : {}), ...(o.path !== undefined ? { path: o.path } : {}) };
  }
  if (typeof a0 === 'string' && !/^\d+$/.test(a0)) return { path: a0 }; // connect(path): a Unix socket
  return typeof args[1] === 'string' ? { host: args[1] } : {};
}

const GUARD = Symbol.for('threadline.networkGuard');

export function installNetworkGuard(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[GUARD]) return;
  g[GUARD] = true;

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const { host, path } = hostOfConnectArgs(args);
    if (path === undefined && !isLoopbackHost(host)) throw new OffHostConnectionError('a TCP connection', String(host));
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;

  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function guardedSend(this: dgram.Socket, ...args: unknown[]) {
    // send(msg, [offset, length,] port, address, cb): the address is the first string after the port.
    const address = args.slice(1).find((a) => typeof a === 'string') as string | undefined;
    if (address !== undefined && !isLoopbackHost(address)) throw new OffHostConnectionError('a UDP datagram', address);
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as typeof send;
  const dconnect = dgram.Socket.prototype.connect;
  dgram.Socket.prototype.connect = function guardedDgramConnect(this: dgram.Socket, ...args: unknown[]) {
    const address = typeof args[1] === 'string' ? args[1] : undefined;
    if (!isLoopbackHost(address)) throw new OffHostConnectionError('a UDP connection', String(address));
    return (dconnect as (...a: unknown[]) => void).apply(this, args);
  } as typeof dconnect;

  const guardRequest = <T extends (...a: never[]) => unknown>(mod: string, fn: T): T =>
    function guardedRequest(this: unknown, ...args: unknown[]) {
      const target = args[0];
      let host: string | undefined;
      if (typeof target === 'string') host = new URL(target).hostname;
      else if (target instanceof URL) host = target.hostname;
      else if (target && typeof target === 'object') {
        const o = target as { hostname?: string; host?: string; socketPath?: string };
        if (o.socketPath) return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args);
        host = o.hostname ?? o.host?.replace(/:\d+$/, '');
      }
      if (!isLoopbackHost(host)) throw new OffHostConnectionError(`${mod} request`, String(host));
      return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args);
    } as unknown as T;
  http.request = guardRequest('http', http.request);
  http.get = guardRequest('http', http.get);
  https.request = guardRequest('https', https.request);
  https.get = guardRequest('https', https.get);

  const tlsConnect = tls.connect;
  tls.connect = function guardedTls(this: unknown, ...args: unknown[]) {
    const { host } = hostOfConnectArgs(args);
    const opts = args.find((a) => a && typeof a === 'object') as { host?: string; servername?: string } | undefined;
    const h = host ?? opts?.host;
    if (!isLoopbackHost(h)) throw new OffHostConnectionError('a TLS connection', String(h));
    return (tlsConnect as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof tls.connect;

  // A name lookup is itself a packet to a resolver: only loopback names may be looked up.
  const lookup = dns.lookup;
  dns.lookup = function guardedLookup(this: unknown, hostname: string, ...rest: unknown[]) {
    if (!isLoopbackHost(hostname)) throw new OffHostConnectionError('a DNS lookup', hostname);
    return (lookup as (...a: unknown[]) => unknown).call(this, hostname, ...rest);
  } as typeof dns.lookup;
  const plookup = dns.promises.lookup;
  dns.promises.lookup = function guardedPLookup(this: unknown, hostname: string, ...rest: unknown[]) {
    if (!isLoopbackHost(hostname)) return Promise.reject(new OffHostConnectionError('a DNS lookup', hostname));
    return (plookup as (...a: unknown[]) => unknown).call(this, hostname, ...rest);
  } as typeof dns.promises.lookup;
  for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveMx', 'resolveTxt', 'resolveSrv', 'resolveNs', 'resolveCname', 'reverse'] as const) {
    const orig = dns[name] as (...a: unknown[]) => unknown;
    (dns as unknown as Record<string, unknown>)[name] = function guardedResolve(this: unknown, hostname: string, ...rest: unknown[]) {
      if (!isLoopbackHost(hostname)) throw new OffHostConnectionError(`dns.${name}`, hostname);
      return orig.call(this, hostname, ...rest);
    };
  }

  // fetch (undici) dials through net.Socket.prototype.connect too; check the URL up front for a clearer error.
  const f = globalThis.fetch;
  if (typeof f === 'function') {
    globalThis.fetch = function guardedFetch(input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const u = new URL(url);
      if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') && !isLoopbackHost(u.hostname)) {
        return Promise.reject(new OffHostConnectionError('fetch', u.hostname));
      }
      return f(input, init);
    };
  }
  // ESM `import { request } from 'node:http'` bindings follow the patched CommonJS exports after this.
  syncBuiltinESMExports();
}

installNetworkGuard();
