/** The ThreadlineError a promise rejects with; any other outcome (success, another kind of error) fails the test. */
import { ThreadlineError } from '../../main/engine/errors';

export async function failure(p: Promise<unknown>): Promise<ThreadlineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ThreadlineError) return e;
    throw e;
  }
  throw new Error('expected a ThreadlineError, but it succeeded');
}
