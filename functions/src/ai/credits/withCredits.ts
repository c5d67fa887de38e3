import { createHash, randomUUID } from "node:crypto";
import { DomainError } from "../../common/errors.js";
import { logInfo, logWarn } from "../../common/logs.js";
import { aiRateLimitPerMinute } from "../../common/params.js";
import type { CallTrace } from "../trace.js";
import { readReservation, release, reserve, settle } from "./ledger.js";

/** How long a retry waits for its twin (same requestId) that is still running. */
const MAX_TWIN_WAIT_MS = 100_000;
const TWIN_POLL_MS = 200;

export interface CreditedCall {
  uid: string;
  /** The callable's name; a requestId belongs to one operation and one input. */
  operation: string;
  /** The client's idempotency key; absent → a fresh id (no replay). */
  requestId?: string;
  /** The request as the client sent it, without requestId: a requestId reused with other input is refused. */
  input: unknown;
  /** Credits to reserve (1, or the number of images). */
  cost: number;
  trace: CallTrace;
}

/** What a credited call produced; `cost` below the reserved cost gives the difference back. */
export interface CallOutcome<R> {
  result: R;
  cost?: number;
  /** false: do not keep the result for retries (e.g. the partial text of an aborted stream). */
  keepResult?: boolean;
}

/** `replayed` when the result comes from an earlier call with the same requestId. */
export type CreditedResult<R> = { result: R; replayed: boolean };

function hashOf(operation: string, input: unknown): string {
  return createHash("sha256").update(JSON.stringify([operation, input])).digest("base64url");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` under the credit ledger: `prepare` (alongside the reservation's read), reserve,
 * run, then settle on success or release on failure. A call with a requestId that already succeeded returns the stored result without
 * a provider call or a charge; one that is still running is waited for.
 */
export async function withCredits<P, R>(
  credited: CreditedCall,
  prepare: () => Promise<P>,
  call: (prepared: P) => Promise<CallOutcome<R>>,
): Promise<CreditedResult<R>> {
  const requestId = credited.requestId ?? randomUUID();
  const request = {
    uid: credited.uid,
    requestId,
    operation: credited.operation,
    inputHash: hashOf(credited.operation, credited.input),
    cost: credited.cost,
    ratePerMinute: aiRateLimitPerMinute.value(),
  };

  // The reservation's read runs while `prepare` (e.g. resolving the provider) does; if
  // prepare fails, nothing has been written and the read is simply dropped.
  const firstRead = readReservation(request, credited.trace);
  firstRead.catch(() => undefined);
  const prepared = await prepare();

  const deadline = Date.now() + MAX_TWIN_WAIT_MS;
  let outcome = await reserve(request, credited.trace, firstRead);
  while (outcome.kind === "inFlight") {
    if (Date.now() > deadline) {
      throw new DomainError("unavailable", "The same request is still running; try again shortly.", { reason: "ai-request-in-flight" });
    }
    await sleep(TWIN_POLL_MS);
    outcome = await reserve(request, credited.trace);
  }
  if (outcome.kind === "completed") {
    logInfo("ai.replayed", { uid: credited.uid, operation: credited.operation, requestId });
    return { result: outcome.result as R, replayed: true };
  }

  const { leaseId } = outcome;
  let produced: CallOutcome<R>;
  try {
    produced = await call(prepared);
  } catch (error) {
    await release(credited.uid, requestId, { leaseId }).catch((releaseError: unknown) =>
      logWarn("ai.releaseFailed", { uid: credited.uid, requestId, message: String(releaseError) }),
    );
    throw error;
  }
  const cost = Math.min(produced.cost ?? credited.cost, credited.cost);
  await settle(credited.uid, requestId, outcome, cost, produced.keepResult === false ? undefined : produced.result, credited.trace);
  logInfo("ai.settled", { uid: credited.uid, operation: credited.operation, requestId, cost, firestoreRoundTrips: credited.trace.firestoreRoundTrips });
  return { result: produced.result, replayed: false };
}
