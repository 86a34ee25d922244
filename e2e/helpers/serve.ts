/**
 * Runs browser mode the way an examiner (or `npm start`) does — `node dist/bridge/serve.mjs …` — and reads the
 * one `URL ` line it prints. Stopped by its process id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Served {
  url: string;
  origin: string;
  proc: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function serve(args: string[], timeoutMs = 60_000): Promise<Served> {
  const proc = spawn(process.execPath, [resolve(ROOT, 'dist', 'bridge', 'serve.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise<Served>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL line within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('URL '));
      if (line) {
        clearTimeout(timer);
        const url = line.slice(4).trim();
        ok({
          url,
          origin: new URL(url).origin,
          proc,
          output: () => out,
          stop: () =>
            new Promise<void>((done) => {
              if (proc.exitCode !== null) return done();
              proc.once('exit', () => done());
              proc.kill('SIGTERM');
            }),
        });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}
