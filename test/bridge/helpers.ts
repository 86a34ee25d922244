/** A bridge over an in-process engine on a temp folder, and a small HTTP client that can set any header. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Result } from '../../shared/errors';
import { inProcessEngine } from '../../main/bridge/host/in-process-engine';
import type { Engine } from '../../main/bridge/host/engine-client';
import { startBridge, type Bridge } from '../../main/bridge/http/server';
import { tempDir } from '../helpers/tmp';

export interface Rig {
  dir: string;
  evidence: string;
  engine: Engine;
  bridge: Bridge;
}

export async function rig(opts: { staging?: boolean } = {}): Promise<Rig> {
  const dir = tempDir('threadline-bridge-');
  const evidence = join(dir, 'evidence');
  const web = join(dir, 'web');
  mkdirSync(join(evidence, 'phone'), { recursive: true });
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder');
  const engine = inProcessEngine({ mode: 'browser', casesFolder: join(dir, 'cases'), evidenceRoots: [evidence], staging: opts.staging !== false });
  const bridge = await startBridge({ engine, staticRoot: web, stagingFolder: opts.staging === false ? null : join(dir, 'cases', 'staging') });
  return { dir, evidence, engine, bridge };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = unknown>(): Result<T>;
}

export function http(r: Rig, method: string, path: string, o: { headers?: Record<string, string>; body?: string | Buffer; auth?: boolean } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Host: `127.0.0.1:${r.bridge.port}`, ...(o.auth === false ? {} : { Authorization: `Bearer ${r.bridge.token}` }), ...o.headers };
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: r.bridge.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        ok({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as Result<T> });
      });
    });
    req.on('error', fail);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

export function api<T = unknown>(r: Rig, channel: string, payload: unknown, headers: Record<string, string> = {}): Promise<Result<T>> {
  return http(r, 'POST', `/api/${channel}`, { headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(payload) }).then((x) => x.json<T>());
}
