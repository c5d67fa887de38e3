/**
 * The credit ledger: reserve before the provider call, settle on success, release on failure.
 * Each step is one small Firestore transaction, so the monthly limit holds under any
 * concurrency and a failed call costs nothing.
 *
 * Model: `usage.used` counts settled AND reserved credits, so the limit check needs only the
 * usage document; settle then touches only the request, and release gives the credit back.
 */
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import {
  aiRateWindowRef,
  aiRateWindowSchema,
  aiRequestSchema,
  aiRequests,
  aiUsageRef,
  aiUsageSchema,
  roleLimitsRef,
  roleLimitsSchema,
  userRef,
  type AiRequest,
} from "../../common/collections.js";
import { DomainError, invalidArgument, notFound } from "../../common/errors.js";
import { db } from "../../common/firebase.js";
import { limitForRole, withDefaultLimits } from "../../identity/roles.js";
import type { CallTrace } from "../trace.js";
import { periodEnd, periodOf } from "./period.js";

/** A reservation older than this was left by a function that died (longer than any AI call may run). */
export const RESERVATION_STALE_MS = 6 * 60_000;
/** Settled and released requests are kept this long (Firestore TTL on `expiresAt`). */
const REQUEST_RETENTION_MS = 30 * 24 * 60 * 60_000;
/** Results up to this size are kept on the request, so that a retry replays them. */
const MAX_STORED_RESULT_CHARS = 200_000;
/** Transactions on one user's usage document queue up under concurrency: give them room. */
const MAX_TX_ATTEMPTS = 50;

export interface ReserveRequest {
  uid: string;
  requestId: string;
  operation: string;
  inputHash: string;
  cost: number;
  ratePerMinute: number;
}

/** What reserving found: a fresh lease to run the call, a finished result, or a twin in flight. */
export type ReserveOutcome =
  | { kind: "reserved"; leaseId: string; period: string }
  | { kind: "completed"; result: unknown }
  | { kind: "inFlight" };

const untyped = <T>(ref: DocumentReference<T>) => ref.withConverter(null) as DocumentReference<DocumentData>;

function creditLimitError(used: number, limit: number, period: string): DomainError {
  return new DomainError("permission-denied", "AI credit limit reached", {
    reason: "ai-credit-limit",
    used,
    limit,
    resetsAt: periodEnd(period).toISOString(),
  });
}

function minuteOf(at: Date): string {
  return at.toISOString().slice(0, 16);
}

/**
 * Reserves `cost` credits for one call, or finds what an earlier call with the same
 * `requestId` did. Throws the credit error, the rate-limit error, or invalid-argument when the
 * requestId was used for a different request.
 */
export async function reserve(request: ReserveRequest, trace: CallTrace): Promise<ReserveOutcome> {
  const { uid, requestId, cost } = request;
  return db().runTransaction(
    async (tx) => {
      const now = new Date();
      const period = periodOf(now);
      const requestRef = untyped(aiRequests(uid).doc(requestId));
      const usageRef = untyped(aiUsageRef(uid, period));
      const rateRef = untyped(aiRateWindowRef(uid));
      const [userSnap, usageSnap, requestSnap, rateSnap, rolesSnap] = await trace.trip(
        tx.getAll(untyped(userRef(uid)), usageRef, requestRef, rateRef, untyped(roleLimitsRef())),
      );
      trace.firestoreRoundTrips += 1; // the commit

      if (requestSnap.exists) {
        const previous = aiRequestSchema.parse(requestSnap.data());
        if (previous.operation !== request.operation || previous.inputHash !== request.inputHash) {
          throw invalidArgument("requestId: already used for a different request; use a new requestId.");
        }
        if (previous.status === "settled") return completedOutcome(previous);
        if (previous.status === "reserved" && now.getTime() - previous.createdAt.toMillis() < RESERVATION_STALE_MS) {
          return { kind: "inFlight" } as const;
        }
        if (previous.status === "reserved") {
          // Left by a function that died: take the lease over, keeping the credit it holds.
          const leaseId = randomUUID();
          tx.update(requestRef, { leaseId, createdAt: FieldValue.serverTimestamp(), updatedAt: FieldValue.serverTimestamp() });
          return { kind: "reserved", leaseId, period: previous.period } as const;
        }
      }

      if (!userSnap.exists) throw notFound("Your profile");
      const role = String(userSnap.get("role") ?? "free");
      const limit = limitForRole(withDefaultLimits(rolesSnap.exists ? roleLimitsSchema.parse(rolesSnap.data()) : undefined), role);
      const used = usageSnap.exists ? aiUsageSchema.parse(usageSnap.data()).used : 0;
      if (limit !== null && used + cost > limit) throw creditLimitError(used, limit, period);

      const minute = minuteOf(now);
      const window = rateSnap.exists ? aiRateWindowSchema.parse(rateSnap.data()) : null;
      const count = window?.minute === minute ? window.count : 0;
      if (count >= request.ratePerMinute) {
        throw new DomainError("resource-exhausted", `Too many AI requests: at most ${request.ratePerMinute} a minute. Try again shortly.`, {
          reason: "ai-rate-limit",
          limitPerMinute: request.ratePerMinute,
        });
      }

      const leaseId = randomUUID();
      const serverNow = FieldValue.serverTimestamp();
      tx.set(usageRef, { used: used + cost, limit, period, updatedAt: serverNow });
      tx.set(rateRef, { minute, count: count + 1 });
      tx.set(requestRef, {
        operation: request.operation,
        inputHash: request.inputHash,
        status: "reserved",
        cost,
        period,
        leaseId,
        createdAt: serverNow,
        updatedAt: serverNow,
        expiresAt: Timestamp.fromMillis(now.getTime() + REQUEST_RETENTION_MS),
      });
      return { kind: "reserved", leaseId, period } as const;
    },
    { maxAttempts: MAX_TX_ATTEMPTS },
  );
}

function completedOutcome(previous: AiRequest): ReserveOutcome {
  if (previous.result === undefined) {
    throw new DomainError("failed-precondition", "This request was already completed and its result is too large to send again; use a new requestId.", {
      reason: "ai-request-completed",
    });
  }
  return { kind: "completed", result: previous.result };
}

function storableResult(result: unknown): unknown {
  const json = JSON.stringify(result);
  return json !== undefined && json.length <= MAX_STORED_RESULT_CHARS ? JSON.parse(json) : undefined;
}

/**
 * Marks the call as done and charges `actualCost` (≤ the reserved cost; the rest goes back).
 * If the sweeper released the reservation meanwhile, the credit is charged again.
 */
export async function settle(
  uid: string,
  requestId: string,
  leaseId: string,
  actualCost: number,
  result: unknown,
  trace: CallTrace,
): Promise<void> {
  const requestRef = untyped(aiRequests(uid).doc(requestId));
  const stored = storableResult(result);
  await db().runTransaction(
    async (tx) => {
      const snap = await trace.trip(tx.get(requestRef));
      trace.firestoreRoundTrips += 1; // the commit
      if (!snap.exists) return;
      const current = aiRequestSchema.parse(snap.data());
      if (current.leaseId !== leaseId || current.status === "settled") return;
      const usageRef = untyped(aiUsageRef(uid, current.period));
      const adjustment = current.status === "released" ? actualCost : actualCost - current.cost;
      if (adjustment !== 0) tx.update(usageRef, { used: FieldValue.increment(adjustment), updatedAt: FieldValue.serverTimestamp() });
      tx.update(requestRef, {
        status: "settled",
        cost: actualCost,
        updatedAt: FieldValue.serverTimestamp(),
        firestoreRoundTrips: trace.firestoreRoundTrips,
        ...(stored !== undefined && { result: stored }),
      });
    },
    { maxAttempts: MAX_TX_ATTEMPTS },
  );
}

/** Who may release: the lease holder, or the sweeper for a reservation made before `createdBefore` (ms). */
export type ReleaseGuard = { leaseId: string } | { createdBefore: number };

/** Gives the reserved credits back (the call failed or its function died). */
export async function release(uid: string, requestId: string, guard: ReleaseGuard): Promise<boolean> {
  const requestRef = untyped(aiRequests(uid).doc(requestId));
  return db().runTransaction(
    async (tx) => {
      const snap = await tx.get(requestRef);
      if (!snap.exists) return false;
      const current = aiRequestSchema.parse(snap.data());
      if (current.status !== "reserved") return false;
      if ("leaseId" in guard ? current.leaseId !== guard.leaseId : current.createdAt.toMillis() >= guard.createdBefore) return false;
      tx.update(untyped(aiUsageRef(uid, current.period)), { used: FieldValue.increment(-current.cost), updatedAt: FieldValue.serverTimestamp() });
      tx.update(requestRef, { status: "released", updatedAt: FieldValue.serverTimestamp() });
      return true;
    },
    { maxAttempts: MAX_TX_ATTEMPTS },
  );
}
