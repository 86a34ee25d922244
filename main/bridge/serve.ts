/**
 * `npm run serve -- [--case FILE] [--port N] [--evidence DIR]… [--cases DIR] [--examiner NAME]`: browser mode.
 * Starts the engine worker and the loopback bridge and prints the URL (token included) on ONE line starting
 * `URL ` — a contract other tools (the e2e suite, `npm start`'s fallback) read, so keep that line stable.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEngineWorker, type Engine } from './host/engine-client';
import { startBridge } from './http/server';

const USAGE = 'npm run serve -- [--case FILE] [--port N] [--evidence DIR]… [--cases DIR] [--reports DIR] [--examiner NAME] [--no-staging]';

/** The built renderer: dist/renderer beside the bundle, or under the repository when run from source. */
function defaultStaticRoot(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? resolve(dirname(here), '..', '..', 'dist', 'renderer') : resolve(dirname(here), '..', 'renderer');
}

export async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        case: { type: 'string' },
        port: { type: 'string' },
        evidence: { type: 'string', multiple: true },
        cases: { type: 'string' },
        reports: { type: 'string' },
        examiner: { type: 'string' },
        static: { type: 'string' },
        'no-staging': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    process.stderr.write(`error: BAD_ARGUMENT ${(err as Error).message}\n  → Usage: ${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`error: BAD_ARGUMENT --port "${String(values.port)}" is not a port number.\n  → Use e.g. --port 8790, or leave it out to pick a free port.\n`);
    return 2;
  }
  const caseFile = typeof values.case === 'string' ? resolve(values.case) : undefined;
  const casesFolder = typeof values.cases === 'string' ? resolve(values.cases) : caseFile ? dirname(caseFile) : resolve('out', 'cases');
  const evidenceRoots = ((values.evidence as string[] | undefined) ?? []).map((p) => resolve(p));
  for (const r of evidenceRoots) {
    if (!existsSync(r)) {
      process.stderr.write(`error: SOURCE_NOT_FOUND --evidence ${r} does not exist.\n  → Check the path and that the evidence drive is mounted.\n`);
      return 1;
    }
  }
  const staticRoot = typeof values.static === 'string' ? resolve(values.static) : defaultStaticRoot();
  if (!existsSync(join(staticRoot, 'index.html'))) {
    process.stderr.write(`error: the renderer is not built (${staticRoot} has no index.html).\n  → Run \`npm run build\`, then \`npm run serve\` again.\n`);
    return 1;
  }
  const staging = values['no-staging'] !== true;
  let engine: Engine;
  try {
    engine = await startEngineWorker({
      config: {
        mode: 'browser',
        casesFolder,
        evidenceRoots,
        staging,
        ...(caseFile ? { openCase: caseFile } : {}),
        ...(typeof values.examiner === 'string' ? { examiner: values.examiner } : {}),
        ...(typeof values.reports === 'string' ? { reportsFolder: resolve(values.reports) } : {}),
      },
    });
  } catch (err) {
    const info = (err as { info?: { code: string; message: string; hint?: string } }).info;
    process.stderr.write(info ? `error: ${info.code} ${info.message}${info.hint ? `\n  → ${info.hint}` : ''}\n` : `error: ${(err as Error).message}\n`);
    return 1;
  }
  const bridge = await startBridge({ engine, staticRoot, port, stagingFolder: staging ? join(casesFolder, 'staging') : null });
  // The one line other tools read. Nothing else is printed before it.
  process.stdout.write(`URL ${bridge.url}\n`);
  process.stdout.write(`Threadline browser mode on ${bridge.origin} (127.0.0.1 only). Cases folder: ${casesFolder}. Press Ctrl+C to stop.\n`);

  await new Promise<void>((done) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void bridge
        .close()
        .then(() => engine.close())
        .finally(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

const entry = process.argv[1] ? resolve(process.argv[1]) : '';
if (entry === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
