import { CallTrace } from "./trace.js";
import { providerFailure } from "./providers/errors.js";
import { resolveProvider, type ResolvedProvider } from "./providers/resolve.js";
import { withCredits, type CallOutcome } from "./credits/withCredits.js";

export interface AiCall<Input extends { requestId?: string }> {
  uid: string;
  operation: string;
  data: Input;
  cost: number;
}

/**
 * The path every AI callable takes: resolve the caller's provider (no key → failed-precondition
 * before any credit moves; the reservation's read runs meanwhile), then run `run` under the
 * credit ledger, mapping provider errors.
 */
export async function runAiCall<Input extends { requestId?: string }, R>(
  call: AiCall<Input>,
  run: (resolved: ResolvedProvider) => Promise<CallOutcome<R>>,
): Promise<{ result: R; replayed: boolean }> {
  const trace = new CallTrace();
  const { requestId, ...input } = call.data;
  return withCredits(
    { uid: call.uid, operation: call.operation, requestId, input, cost: call.cost, trace },
    () => resolveProvider(call.uid, trace),
    async (resolved) => {
      try {
        return await run(resolved);
      } catch (error) {
        throw providerFailure(resolved.providerId, error);
      }
    },
  );
}
