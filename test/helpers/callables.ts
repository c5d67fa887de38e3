import { expect } from "chai";
import { FirebaseError } from "firebase/app";
import type { FunctionsError } from "firebase/functions";

/**
 * Awaits a callable that must fail with `functions/<code>` (and, when given, a message matching
 * `message`), and returns the error for further checks of its message or `details`.
 */
export async function expectCallError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<FunctionsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(FirebaseError);
    const callError = error as FunctionsError;
    expect(callError.code, callError.message).to.equal(`functions/${code}`);
    if (message) expect(callError.message).to.match(message);
    return callError;
  }
  return expect.fail(`expected the call to fail with ${code}`);
}
