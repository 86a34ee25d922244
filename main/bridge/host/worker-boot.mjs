// Starts the engine worker from TypeScript source (tests, `node --import tsx`): registers tsx in this thread,
// then loads the module named in workerData. Built bundles (dist/) start their .mjs worker directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
