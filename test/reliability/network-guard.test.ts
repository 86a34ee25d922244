/** The unit-test network guard (test/reliability/setup/network-guard.ts, loaded for every test file) blocks off-host sockets and allows loopback. */
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { request as esmRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './setup/network-guard';

const BLOCKED = /Threadline tests are offline/;

describe('network guard', () => {
  it('classifies loopback destinations', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1', 'api.localhost', undefined]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['192.0.2.1', '10.0.0.1', '0.0.0.0', 'example.com', '2001:db8::1', '128.0.0.1', 'localhost.evil.example']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('blocks TCP, TLS-less HTTP(S), UDP, DNS and fetch to off-host destinations', async () => {
    expect(() => net.connect(80, '192.0.2.1')).toThrow(BLOCKED);
    expect(() => net.createConnection({ host: 'example.com', port: 443 })).toThrow(BLOCKED);
    expect(() => http.request('http://example.com/')).toThrow(BLOCKED);
    expect(() => http.get({ hostname: '192.0.2.7', path: '/' })).toThrow(BLOCKED);
    expect(() => https.request(new URL('https://example.com/'))).toThrow(BLOCKED);
    // ESM named imports see the patched function too.
    expect(() => esmRequest('http://192.0.2.9/')).toThrow(BLOCKED);
    const sock = dgram.createSocket('udp4');
    try {
      expect(() => sock.send(Buffer.from('x'), 53, '192.0.2.53')).toThrow(BLOCKED);
    } finally {
      sock.close();
    }
    expect(() => dns.lookup('example.com', () => undefined)).toThrow(BLOCKED);
    await expect(dns.promises.lookup('example.com')).rejects.toThrow(BLOCKED);
    await expect(fetch('https://example.com/')).rejects.toThrow(BLOCKED);
  });

  it('lets loopback through: a local server answers', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as net.AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(await res.text()).toBe('ok');
      const body = await new Promise<string>((done, fail) => {
        http.get({ host: '127.0.0.1', port, path: '/' }, (r) => {
          let s = '';
          r.on('data', (c: Buffer) => (s += c.toString()));
          r.on('end', () => done(s));
        }).on('error', fail);
      });
      expect(body).toBe('ok');
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
