/**
 * The credit ledger: reserve before the provider call, settle on success, release on failure.
 * Each step is atomic and isolated — reserve: an optimistic transaction (one consistent read,
 * one batch guarded by preconditions); settle: a batch guarded by the reservation's write time,
 * else a transaction; release: a transaction — so the monthly limit holds under any
 * concurrency and a failed call costs nothing.
 *
 * Model: `usage.used` counts settled AND reserved credits, so the limit check needs only the
 * usage document; settle then touches only the request, and release gives the credit back.
 */
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp, type DocumentData, type DocumentReference, type DocumentSnapshot } from "firebase-admin/firestore";
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
import type { CreditLimitDetails } from "../../models/errors.js";
import type { CallTrace } from "../trace.js";
import { periodEnd, periodOf } from "./period.js";

/** A reservation older than this was left by a function that died (longer than any AI call may run). */
export const RESERVATION_STALE_MS = 6 * 60_000;
/** Settled and released requests are kept this long (Firestore TTL on `expiresAt`). */
const REQUEST_RETENTION_MS = 30 * 24 * 60 * 60_000;
/** Results up to this size are kept on the request, so that a retry replays them. */
const MAX_STORED_RESULT_CHARS = 200_000;
/** Settle and release touch one request document: little contention, the SDK's retries suffice. */
const MAX_TX_ATTEMPTS = 10;

export interface ReserveRequest {
  uid: string;
  requestId: string;
  operation: string;
  inputHash: string;
  cost: number;
  ratePerMinute: number;
}

/** A held reservation: what settle and release need. */
export interface Lease {
  leaseId: string;
  period: string;
  /** Credits held. */
  cost: number;
  /** When the reservation was written: settle's fast path requires the request unchanged since. */
  writeTime: Timestamp;
}

/** What reserving found: a fresh lease to run the call, a finished result, or a twin in flight. */
export type ReserveOutcome =
  | ({ kind: "reserved" } & Lease)
  | { kind: "completed"; result: unknown }
  | { kind: "inFlight" };

const untyped = <T>(ref: DocumentReference<T>) => ref.withConverter(null) as DocumentReference<DocumentData>;

function creditLimitError(used: number, limit: number, period: string): DomainError {
  const details: CreditLimitDetails = { reason: "ai-credit-limit", used, limit, resetsAt: periodEnd(period).toISOString() };
  return new DomainError("permission-denied", "AI credit limit reached", details);
}

function minuteOf(at: Date): string {
  return at.toISOString().slice(0, 16);
}

/** A guarded write lost a race: read again and retry. */
const CONFLICT = Symbol("conflict");
/** Firestore codes of a lost race: ALREADY_EXISTS (create), FAILED_PRECONDITION (lastUpdateTime), ABORTED. */
const RACE_CODES = new Set([6, 9, 10]);
const MAX_RESERVE_ATTEMPTS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" && RACE_CODES.has(code);
}

/**
 * Reserves `cost` credits for one call, or finds what an earlier call with the same
 * `requestId` did. Throws the credit error, the rate-limit error, or invalid-argument when the
 * requestId was used for a different request.
 *
 * This is an optimistic transaction: one consistent read of every document involved (`getAll`)
 * and one atomic batch whose writes are guarded by preconditions (`create` for new documents,
 * `lastUpdateTime` for existing ones), so nothing is written if the usage or request document
 * changed since the read. A lost race is retried at once with a few ms of jitter. (The Admin
 * SDK's `runTransaction` backs off from 1 s up to 60 s between attempts: with 50 calls racing
 * for one usage document that took over a minute.)
 */
export async function reserve(request: ReserveRequest, trace: CallTrace, firstRead?: Promise<ReservationRead>): Promise<ReserveOutcome> {
  for (let attempt = 1; ; attempt++) {
    const read = attempt === 1 && firstRead ? await firstRead : await readReservation(request, trace);
    const outcome = await tryReserve(request, trace, read);
    if (outcome !== CONFLICT) return outcome;
    if (attempt >= MAX_RESERVE_ATTEMPTS) {
      throw new DomainError("unavailable", "Too many simultaneous AI requests; try again shortly.", { reason: "ai-contention" });
    }
    await sleep(Math.random() * Math.min(5 * 2 ** attempt, 200));
  }
}

/** What one reservation attempt decides on: the documents involved, read in one consistent `getAll`. */
export interface ReservationRead {
  now: Date;
  period: string;
  snapshots: DocumentSnapshot[];
}

function reservationRefs(request: ReserveRequest, period: string) {
  return {
    user: untyped(userRef(request.uid)),
    usage: untyped(aiUsageRef(request.uid, period)),
    request: untyped(aiRequests(request.uid).doc(request.requestId)),
    rate: untyped(aiRateWindowRef(request.uid)),
    roles: untyped(roleLimitsRef()),
  };
}

/**
 * Reads what a reservation depends on. Reading early is safe: the reservation's writes are
 * guarded by preconditions, so a read that went stale makes the commit lose and re-read.
 */
export async function readReservation(request: ReserveRequest, trace: CallTrace): Promise<ReservationRead> {
  const now = new Date();
  const period = periodOf(now);
  const refs = reservationRefs(request, period);
  const snapshots = await trace.trip(db().getAll(refs.user, refs.usage, refs.request, refs.rate, refs.roles));
  return { now, period, snapshots };
}

async function tryReserve(request: ReserveRequest, trace: CallTrace, read: ReservationRead): Promise<ReserveOutcome | typeof CONFLICT> {
  const { cost } = request;
  const { now, period } = read;
  const refs = reservationRefs(request, period);
  const requestRef = refs.request;
  const usageRef = refs.usage;
  const rateRef = refs.rate;
  const [userSnap, usageSnap, requestSnap, rateSnap, rolesSnap] = read.snapshots;
  const batch = db().batch();
  const serverNow = FieldValue.serverTimestamp();
  const commit = async (lease: Omit<Lease, "writeTime">): Promise<ReserveOutcome | typeof CONFLICT> => {
    try {
      const written = await trace.trip(batch.commit());
      return { kind: "reserved", ...lease, writeTime: written[written.length - 1].writeTime };
    } catch (error) {
      if (isRace(error)) return CONFLICT;
      throw error;
    }
  };

  if (requestSnap.exists) {
    const previous = aiRequestSchema.parse(requestSnap.data());
    if (previous.operation !== request.operation || previous.inputHash !== request.inputHash) {
      throw invalidArgument("requestId: already used for a different request; use a new requestId.");
    }
    if (previous.status === "settled") return completedOutcome(previous);
    if (previous.status === "reserved" && now.getTime() - previous.createdAt.toMillis() < RESERVATION_STALE_MS) {
      return { kind: "inFlight" };
    }
    if (previous.status === "reserved") {
      // Left by a function that died: take the lease over, keeping the credit it holds.
      const leaseId = randomUUID();
      batch.update(requestRef, { leaseId, createdAt: serverNow, updatedAt: serverNow }, { lastUpdateTime: requestSnap.updateTime });
      return commit({ leaseId, period: previous.period, cost: previous.cost });
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
  const usage = { used: used + cost, limit, period, updatedAt: serverNow };
  if (usageSnap.exists) batch.update(usageRef, usage, { lastUpdateTime: usageSnap.updateTime });
  else batch.create(usageRef, usage);
  // Every rate-window write goes with a guarded usage write, so it needs no guard of its own.
  batch.set(rateRef, { minute, count: count + 1 });
  const reservation = {
    operation: request.operation,
    inputHash: request.inputHash,
    status: "reserved",
    cost,
    period,
    leaseId,
    createdAt: serverNow,
    updatedAt: serverNow,
    expiresAt: Timestamp.fromMillis(now.getTime() + REQUEST_RETENTION_MS),
  };
  if (requestSnap.exists) batch.update(requestRef, reservation, { lastUpdateTime: requestSnap.updateTime });
  else batch.create(requestRef, reservation);
  return commit({ leaseId, period, cost });
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
 * Fast path: one batch guarded by the reservation's write time. If the request changed since
 * (the sweeper released it, or a retry took the lease over), a transaction decides: a released
 * reservation is charged again; one taken over is left to its new holder.
 */
export async function settle(uid: string, requestId: string, lease: Lease, actualCost: number, result: unknown, trace: CallTrace): Promise<void> {
  const requestRef = untyped(aiRequests(uid).doc(requestId));
  const stored = storableResult(result);
  const settled = (roundTrips: number) => ({
    status: "settled",
    cost: actualCost,
    updatedAt: FieldValue.serverTimestamp(),
    firestoreRoundTrips: roundTrips,
    ...(stored !== undefined && { result: stored }),
  });

  const batch = db().batch();
  batch.update(requestRef, settled(trace.firestoreRoundTrips + 1), { lastUpdateTime: lease.writeTime });
  if (actualCost !== lease.cost) {
    batch.update(untyped(aiUsageRef(uid, lease.period)), { used: FieldValue.increment(actualCost - lease.cost), updatedAt: FieldValue.serverTimestamp() });
  }
  try {
    await trace.trip(batch.commit());
    return;
  } catch (error) {
    if (!isRace(error)) throw error;
  }

  await db().runTransaction(
    async (tx) => {
      const snap = await trace.trip(tx.get(requestRef));
      trace.firestoreRoundTrips += 1; // the commit
      if (!snap.exists) return;
      const current = aiRequestSchema.parse(snap.data());
      if (current.leaseId !== lease.leaseId || current.status === "settled") return;
      const adjustment = current.status === "released" ? actualCost : actualCost - current.cost;
      if (adjustment !== 0) {
        tx.update(untyped(aiUsageRef(uid, current.period)), { used: FieldValue.increment(adjustment), updatedAt: FieldValue.serverTimestamp() });
      }
      tx.update(requestRef, settled(trace.firestoreRoundTrips));
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
