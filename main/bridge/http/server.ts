/**
 * The loopback bridge for browser mode and end-to-end tests: serves the built renderer and the same typed
 * contract the Electron preload speaks (`POST /api/<channel>` with a JSON payload, a Result back), bound to
 * 127.0.0.1 only and guarded by a random per-run token. The one module allowed to use http.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isChannel } from '../../../shared/channels';
import type { ErrorInfo, Result } from '../../../shared/errors';
import { contentType, resolveAppPath } from '../../app/security/app-protocol';
import { contentSecurityPolicy } from '../../app/security/csp';
import type { Engine } from '../host/engine-client';
import { checkAccess, isLoopbackAddress, hostAllowed, newToken, sameToken, sessionCookie } from './access';

export interface BridgeOptions {
  engine: Engine;
  /** The built renderer (dist/renderer); null serves the API only. */
  staticRoot: string | null;
  /** 0 (default) picks a free port. */
  port?: number;
  token?: string;
  /** Where dropped files are copied before import; null disables uploads. */
  stagingFolder?: string | null;
  /** Largest JSON request body. */
  maxJsonBytes?: number;
  /** Largest uploaded file. */
  maxUploadBytes?: number;
}

export interface Bridge {
  /** The URL to open, token included: printed on one line starting `URL `. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
};

function sendJson(res: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function fail(res: ServerResponse, status: number, error: ErrorInfo): void {
  sendJson(res, status, { ok: false, error });
}

class TooLarge extends Error {}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > max) throw new TooLarge();
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** A dropped file's name as the browser gave it, reduced to a safe plain name for the staging folder. */
export function stagedName(raw: string): string {
  const name = basename(raw.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 200);
  return name || 'upload';
}

export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const token = o.token ?? newToken();
  const maxJson = o.maxJsonBytes ?? 1 << 20;
  const maxUpload = o.maxUploadBytes ?? 4 * 1024 ** 3;
  let port = 0;
  let origin = '';
  let csp = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      // Never echo internals: the engine's own errors already arrive as Results.
      if (!res.headersSent) fail(res, 500, { code: 'INTERNAL', message: 'The bridge failed to answer.', hint: 'Restart `npm run serve`.' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const facts = {
      remoteAddress: req.socket.remoteAddress,
      host: req.headers.host,
      cookie: req.headers.cookie,
      authorization: req.headers.authorization,
      origin: req.headers.origin,
      secFetchSite: req.headers['sec-fetch-site'] as string | undefined,
    };

    // Bootstrap: the printed URL carries the token once; it becomes a cookie and leaves the address bar.
    const given = url.searchParams.get('token');
    if (req.method === 'GET' && given !== null && !url.pathname.startsWith('/api/')) {
      if (!isLoopbackAddress(facts.remoteAddress) || !hostAllowed(facts.host, port) || !sameToken(given, token)) {
        res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('This link is not valid for the running Threadline session. Use the URL printed by `npm run serve`.\n');
        return;
      }
      url.searchParams.delete('token');
      res.writeHead(303, { ...SECURITY_HEADERS, 'Set-Cookie': sessionCookie(token, port), Location: url.pathname + (url.search || '') });
      res.end();
      return;
    }

    const access = checkAccess(facts, port, token);
    if (!access.ok) {
      if (url.pathname.startsWith('/api/')) fail(res, access.status, { code: 'UNAUTHORIZED', message: `Request refused: ${access.why}.`, hint: 'Open the URL printed by `npm run serve` (it carries the session token).' });
      else {
        res.writeHead(access.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`Request refused: ${access.why}. Open the URL printed by \`npm run serve\`.\n`);
      }
      return;
    }

    if (url.pathname === '/api/upload') return upload(req, res, url);
    if (url.pathname.startsWith('/api/')) return api(req, res, url.pathname.slice('/api/'.length));
    return serveStatic(req, res, url.pathname);
  }

  async function api(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (!isChannel(channel)) {
      fail(res, 404, { code: 'NOT_FOUND', message: `There is no channel "${channel.slice(0, 80)}".`, hint: 'The page and the bridge are from different versions; reload the page.' });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      fail(res, 405, { code: 'BAD_ARGUMENT', message: 'Channels are called with POST.', hint: 'Use the Threadline window.' });
      return;
    }
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      fail(res, 415, { code: 'BAD_ARGUMENT', message: 'Requests must be JSON.', hint: 'Send Content-Type: application/json.' });
      return;
    }
    let payload: unknown;
    try {
      const body = await readBody(req, maxJson);
      payload = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (err) {
      if (err instanceof TooLarge) fail(res, 413, { code: 'LIMIT_EXCEEDED', message: 'The request is too large.', hint: 'Narrow the request.' });
      else fail(res, 400, { code: 'BAD_ARGUMENT', message: 'The request body is not valid JSON.', hint: 'This is a bug in the Threadline window; reload it.' });
      return;
    }
    sendJson(res, 200, await o.engine.call(channel, payload));
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      fail(res, 405, { code: 'BAD_ARGUMENT', message: 'Uploads are sent with POST.', hint: 'Drop the file onto the Evidence view.' });
      return;
    }
    if (!o.stagingFolder) {
      fail(res, 403, { code: 'BAD_ARGUMENT', message: 'This session does not accept dropped files.', hint: 'Start `npm run serve` with --cases DIR, or pass the folder with --evidence DIR.' });
      return;
    }
    const name = stagedName(url.searchParams.get('name') ?? '');
    const dir = join(o.stagingFolder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    const path = join(dir, name);
    let n = 0;
    try {
      await pipeline(
        req,
        async function* (src: AsyncIterable<Buffer>) {
          for await (const c of src) {
            n += c.length;
            if (n > maxUpload) throw new TooLarge();
            yield c;
          }
        },
        // 'wx': never overwrite anything (the folder is new, so this only guards against surprises).
        createWriteStream(path, { flags: 'wx' }),
      );
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      if (err instanceof TooLarge) fail(res, 413, { code: 'LIMIT_EXCEEDED', message: 'The file is larger than the upload limit.', hint: 'Start Threadline with --evidence pointing at the folder that holds it instead.' });
      else fail(res, 400, { code: 'SOURCE_NOT_FOUND', message: 'The upload was interrupted.', hint: 'Drop the file again.' });
      return;
    }
    const size = (await stat(path)).size;
    sendJson(res, 200, await o.engine.op('registerStaged', { path, size, name }));
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET' });
      res.end();
      return;
    }
    const file = o.staticRoot ? resolveAppPath(o.staticRoot, pathname) : null;
    let body: Buffer | null = null;
    if (file) body = await readFile(file).catch(() => null);
    if (!file || !body) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(o.staticRoot ? 'Not found.\n' : 'The renderer is not built: run `npm run build`.\n');
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Security-Policy': csp, 'Content-Type': contentType(file), 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: never all interfaces, never a name that could resolve elsewhere.
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('the bridge has no TCP address');
  port = addr.port;
  origin = `http://127.0.0.1:${port}`;
  csp = contentSecurityPolicy({ self: origin, connectSelf: true });
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
