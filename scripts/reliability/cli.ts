/** The `threadline` command run in-process with its output captured (the same code path as the binary, minus the spawn). */
import { run } from '../../main/cli/main';
import type { Out } from '../../main/cli/output';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out: Out = {
    line: (s = '') => {
      stdout += `${s}\n`;
    },
    json: (v) => {
      stdout += `${JSON.stringify(v, null, 2)}\n`;
    },
    err: (s) => {
      stderr += `${s}\n`;
    },
  };
  const code = await run(argv, out);
  return { code, stdout, stderr };
}

/** Run and require exit code 0, returning stdout. */
export async function cliOk(argv: string[]): Promise<string> {
  const r = await cli(argv);
  if (r.code !== 0) throw new Error(`threadline ${argv.slice(0, 2).join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  return r.stdout;
}
