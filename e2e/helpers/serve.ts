/**
 * Runs browser mode the way an examiner (or `npm start`) does — `node dist/bridge/serve.mjs …` — and reads the
 * one `URL ` line it prints. Stopped by its process id. Used by the e2e specs and by the browser benches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Served {
  url: string;
  origin: string;
  proc: ChildProcess;
  output: () => string;
  /** ms from spawning the server to its URL line (the engine opening the case, quick_check included). */
  startMs: number;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Let the server's standard error through to ours (a bench shows it as it comes) instead of keeping it in output(). */
  inheritStderr?: boolean;
}

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function serve(args: string[], timeoutMs = 60_000, options: ServeOptions = {}): Promise<Served> {
  const t0 = Date.now();
  const proc = spawn(process.execPath, [resolve(ROOT, 'dist', 'bridge', 'serve.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', options.inheritStderr ? 'inherit' : 'pipe'] });
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
          startMs: Date.now() - t0,
          stop: () =>
            new Promise<void>((done) => {
              // Killed by a signal, a process has no exit code: waiting for another 'exit' would never end.
              if (proc.exitCode !== null || proc.signalCode !== null) return done();
              proc.once('exit', () => done());
              proc.kill('SIGTERM');
            }),
        });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr?.on('data', (b: Buffer) => (out += b.toString('utf8')));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}
