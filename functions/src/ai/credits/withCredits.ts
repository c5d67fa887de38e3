import { createHash, randomUUID } from "node:crypto";
import { DomainError } from "../../common/errors.js";
import { logInfo, logWarn } from "../../common/logs.js";
import { aiRateLimitPerMinute, maxConcurrentAiCalls } from "../../common/params.js";
import type { DocumentReference } from "firebase-admin/firestore";
import type { CallTrace } from "../trace.js";
import {
  finishedOutcome,
  readCallStart,
  release,
  reserve,
  settle,
  type CallStart,
  type ReserveOutcome,
  type StoredFailure,
} from "./ledger.js";

/** What a retry of a request that is still running is told to wait before trying again. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 2;

export interface CreditedCall<P> {
  uid: string;
  /** The callable's name; a requestId belongs to one operation and one input. */
  operation: string;
  /** The client's idempotency key; absent → a fresh id (no replay). */
  requestId?: string;
  /** The request as the client sent it, without requestId: a requestId reused with other input is refused. */
  input: unknown;
  /** Credits to reserve, known once `prepare` has run (it depends on whose key pays). */
  cost: (prepared: P) => number;
  /** Documents `prepare` needs, read in the call's first round trip (handed to it in `CallStart.extra`). */
  prefetch: DocumentReference[];
  trace: CallTrace;
}

/** What a credited call produced; `cost` below the reserved cost gives the difference back. */
export interface CallOutcome<R> {
  result: R;
  cost?: number;
  /** false: do not keep the result for retries (e.g. the partial text of an aborted stream). */
  keepResult?: boolean;
  /** Provider calls made (a JSON retry makes 2); every one counts toward the rate limit. */
  providerCalls?: number;
}

/**
 * A failure that is charged: the provider did the work (e.g. JSON that never validated), so the
 * call's credits are used and the error is stored, so a retry with the same requestId gets the
 * same error without a second charge.
 */
export class ChargedFailure extends Error {
  constructor(
    readonly failure: StoredFailure,
    readonly providerCalls = 1,
  ) {
    super(failure.message);
    this.name = "ChargedFailure";
  }
}

/** The error the client gets for a charged failure, first time and on every replay. */
function errorOf(failure: StoredFailure): DomainError {
  return new DomainError(failure.code, failure.message, { reason: failure.reason, charged: true });
}

/** `replayed` when the result comes from an earlier call with the same requestId. */
export type CreditedResult<R> = { result: R; replayed: boolean };

function hashOf(operation: string, input: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([operation, input]))
    .digest("base64url");
}

/** A finished request's stored answer: its result, or its charged failure thrown again. */
function replay<R>(
  outcome: Extract<ReserveOutcome, { kind: "completed" | "failed" }>,
  fields: { uid: string; operation: string; requestId: string },
): CreditedResult<R> {
  logInfo("ai.replayed", fields);
  if (outcome.kind === "failed") throw errorOf(outcome.failure);
  return { result: outcome.result as R, replayed: true };
}

/**
 * Runs `call` under the credit ledger: one read of everything the start needs (profile,
 * `config/roles`, the ledger's documents, `prefetch`), `prepare` on it, reserve, run, then
 * settle on success (or on a charged failure) or release on failure. A call with a requestId
 * that already succeeded returns the stored result without a provider call or a charge; one
 * that is still running is answered at once with `unavailable` and a retry hint (it counts
 * toward the rate limit; nothing waits).
 */
export async function withCredits<P, R>(
  credited: CreditedCall<P>,
  prepare: (start: CallStart) => Promise<P>,
  call: (prepared: P) => Promise<CallOutcome<R>>,
): Promise<CreditedResult<R>> {
  const fresh = credited.requestId === undefined;
  const requestId = credited.requestId ?? randomUUID();
  const { uid, operation, trace } = credited;

  const start = await readCallStart({ uid, requestId }, fresh, credited.prefetch, trace);
  const inputHash = hashOf(operation, credited.input);
  // A retry of a finished request replays before `prepare`: its provider, key and address need
  // not resolve any more (the user may have removed the key since).
  const finished = finishedOutcome(start.ledger, { operation, inputHash });
  if (finished) return replay(finished, { uid, operation, requestId });
  const prepared = await prepare(start);
  const request = {
    uid,
    requestId,
    operation,
    inputHash,
    cost: credited.cost(prepared),
    ratePerMinute: aiRateLimitPerMinute.value(),
    maxConcurrent: maxConcurrentAiCalls.value(),
  };

  const outcome = await reserve(request, trace, start, fresh);
  if (outcome.kind === "inFlight") {
    throw new DomainError(
      "unavailable",
      `This request is still running; try again in ${IN_FLIGHT_RETRY_AFTER_SECONDS} seconds with the same requestId to get its result.`,
      {
        reason: "ai-request-in-flight",
        retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS,
      },
    );
  }
  if (outcome.kind === "completed" || outcome.kind === "failed") return replay(outcome, { uid, operation, requestId });

  let produced: CallOutcome<R>;
  try {
    produced = await call(prepared);
  } catch (error) {
    if (error instanceof ChargedFailure) {
      await settle(
        uid,
        requestId,
        outcome,
        { cost: request.cost, failure: error.failure, extraProviderCalls: error.providerCalls - 1 },
        trace,
      );
      logInfo("ai.chargedFailure", { uid, operation, requestId, cost: request.cost, reason: error.failure.reason });
      throw errorOf(error.failure);
    }
    await release(uid, requestId, outcome).catch((releaseError: unknown) =>
      logWarn("ai.releaseFailed", { uid, requestId, message: String(releaseError) }),
    );
    throw error;
  }
  const cost = Math.min(produced.cost ?? request.cost, request.cost);
  await settle(
    uid,
    requestId,
    outcome,
    { cost, result: produced.keepResult === false ? undefined : produced.result, extraProviderCalls: (produced.providerCalls ?? 1) - 1 },
    trace,
  );
  logInfo("ai.settled", { uid, operation, requestId, cost, firestoreRoundTrips: trace.firestoreRoundTrips });
  return { result: produced.result, replayed: false };
}
