/**
 * Worker-thread entry that runs one importer's parse() for the import job (parse-in-worker.ts), so parsing and
 * the database writes overlap on two cores. It opens its own read-only SourceFile, posts the batches in order,
 * at most `credit` ahead of what the job has written, and ends with `done` or the parser's error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ThreadlineError } from '../errors';
import { importerById } from '../importers/registry';
import { SourceFile } from '../intake/source';
import { compactBytes, errorToWire, type FromParseWorker, type ParseWorkerData, type ToParseWorker } from './parse-wire';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs only as a worker thread (started by parse-in-worker.ts).');
const data = workerData as ParseWorkerData;
const controller = new AbortController();
let credit = data.credit;
let wake: (() => void) | null = null;

port.on('message', (m: ToParseWorker) => {
  if (m.type === 'credit') credit += m.n;
  else controller.abort();
  const w = wake;
  wake = null;
  w?.();
});

const send = (m: FromParseWorker) => port.postMessage(m);
// Every module (importers, their packages) has loaded: from here on a failure is the parser's, not the start-up's.
send({ type: 'ready' });

async function run(): Promise<FromParseWorker | null> {
  const file = new SourceFile(data.path, data.size);
  try {
    const importer = importerById(data.importerId);
    if (!importer) throw new ThreadlineError('INTERNAL', `The parse worker has no importer "${data.importerId}".`, { hint: 'This is a bug in Threadline; report it with the audit log entry.' });
    for await (const batch of importer.parse({ file, options: data.options, sniff: data.sniff, signal: controller.signal })) {
      while (credit <= 0 && !controller.signal.aborted) await new Promise<void>((r) => (wake = r));
      // The job stopped reading (cancelled, or it failed writing): leaving the loop closes the parser's streams.
      if (controller.signal.aborted) return null;
      credit--;
      compactBytes(batch);
      send({ type: 'batch', records: batch });
    }
    return { type: 'done' };
  } catch (err) {
    return controller.signal.aborted ? null : { type: 'error', error: errorToWire(err) };
  } finally {
    await file.close();
  }
}

void run().then((last) => {
  if (last) send(last);
  // Nothing more from the job matters now: let the thread end once its port is drained.
  port.unref();
});
