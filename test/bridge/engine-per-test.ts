/** For bridge tests: the value of a channel's Result (or a thrown error naming its code), and engines closed after each test. */
import { afterEach } from 'vitest';
import type { Result } from '../../shared/errors';
import type { Engine } from '../../main/bridge/host/engine-client';

export function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Call at the top of a test file; wrap each engine a test starts so it is closed when that test ends, pass or fail. */
export function closeEnginesAfterEach(): <E extends Engine>(e: E) => E {
  const open: Engine[] = [];
  afterEach(async () => {
    for (const e of open.splice(0)) await e.close();
  });
  return (e) => {
    open.push(e);
    return e;
  };
}
