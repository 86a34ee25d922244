/** Entry point of the built CLI bundle. */
import { run } from './main';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: INTERNAL ${String(err)}\n`);
    process.exitCode = 1;
  },
);
