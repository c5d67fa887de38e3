/**
 * The credit ledger: reserve before the provider call, settle on success, release on failure.
 * Each step is atomic and isolated — reserve: an optimistic transaction (one consistent read,
 * one batch guarded by preconditions); settle: a batch guarded by the reservation's write time,
 * else a transaction; release: a transaction — so the monthly limit holds under any
 * concurrency and a failed call costs nothing.
 *
 * Model: `usage.used` counts settled AND reserved credits, so the limit check needs only the
 * usage document; settle then touches only the request, and release gives the credit back.
 * The rate window document also lists the calls running now (`inFlight`), which caps a user's
 * concurrent calls; reserve adds the request, settle and release remove it.
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
import { sleep } from "../../common/time.js";
import { GrpcStatus } from "../../common/grpcStatus.js";

/** A reservation older than this was left by a function that died (longer than any AI call may run). */
export const RESERVATION_STALE_MS = 6 * 60_000;
/** Settled and released requests are kept this long (Firestore TTL on `expiresAt`). */
const REQUEST_RETENTION_MS = 30 * 24 * 60 * 60_000;
/** Results up to this size are kept on the request, so that a retry replays them. */
const MAX_STORED_RESULT_CHARS = 200_000;
/** Settle and release touch one request document: little contention, the SDK's retries suffice. */
const MAX_TX_ATTEMPTS = 10;

/** What identifies a request: enough to read its reservation before its cost is known. */
export interface RequestKey {
  uid: string;
  requestId: string;
}

export interface ReserveRequest extends RequestKey {
  operation: string;
  inputHash: string;
  cost: number;
  ratePerMinute: number;
  /** Most calls of this user that may run at once. */
  maxConcurrent: number;
}

/** What a charged failure stored: a retry with the same requestId gets the same error, uncharged. */
export type StoredFailure = NonNullable<AiRequest["failure"]>;

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
  | { kind: "failed"; failure: StoredFailure }
  | { kind: "inFlight" };

const untyped = <T>(ref: DocumentReference<T>) => ref.withConverter(null) as DocumentReference<DocumentData>;

function creditLimitError(used: number, limit: number, period: string): DomainError {
  const details: CreditLimitDetails = { reason: "ai-credit-limit", used, limit, resetsAt: periodEnd(period).toISOString() };
  return new DomainError("permission-denied", "AI credit limit reached", details);
}

function minuteOf(at: Date): string {
  return at.toISOString().slice(0, 16);
}

function rateLimitError(ratePerMinute: number): DomainError {
  return new DomainError("resource-exhausted", `Too many AI requests: at most ${ratePerMinute} a minute. Try again shortly.`, {
    reason: "ai-rate-limit",
    limitPerMinute: ratePerMinute,
  });
}

/** A guarded write lost a race: read again and retry. */
const CONFLICT = Symbol("conflict");
/** Firestore codes of a lost race: ALREADY_EXISTS (create), FAILED_PRECONDITION (lastUpdateTime), ABORTED. */
const RACE_CODES = new Set<unknown>([GrpcStatus.ALREADY_EXISTS, GrpcStatus.FAILED_PRECONDITION, GrpcStatus.ABORTED]);
const MAX_RESERVE_ATTEMPTS = 100;

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

function reservationRefs(request: RequestKey, period: string) {
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
export async function readReservation(request: RequestKey, trace: CallTrace): Promise<ReservationRead> {
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

  const minute = minuteOf(now);
  const parsedWindow = rateSnap.exists ? aiRateWindowSchema.safeParse(rateSnap.data()) : null;
  const window = parsedWindow?.success ? parsedWindow.data : null;
  const count = window?.minute === minute ? window.count : 0;
  // Same minute: an increment, so that a settle's count of extra provider calls is not lost.
  const counted = window?.minute === minute ? { count: FieldValue.increment(1) } : { minute, count: 1 };

  if (requestSnap.exists) {
    const previous = aiRequestSchema.parse(requestSnap.data());
    if (previous.operation !== request.operation || previous.inputHash !== request.inputHash) {
      throw invalidArgument("requestId: already used for a different request; use a new requestId.");
    }
    if (previous.status === "settled") return previous.failure ? { kind: "failed", failure: previous.failure } : completedOutcome(previous);
    if (previous.status === "reserved" && now.getTime() - previous.createdAt.toMillis() < RESERVATION_STALE_MS) {
      // A retry of a call still running: it counts toward the rate limit, and is answered at once.
      if (count >= request.ratePerMinute) throw rateLimitError(request.ratePerMinute);
      if (rateSnap.exists) batch.update(rateRef, counted, { lastUpdateTime: rateSnap.updateTime });
      else batch.create(rateRef, counted);
      const committed = await commit({ leaseId: "", period, cost: 0 });
      return committed === CONFLICT ? CONFLICT : { kind: "inFlight" };
    }
    if (previous.status === "reserved") {
      // Left by a function that died: take the lease over, keeping the credit it holds.
      const leaseId = randomUUID();
      batch.update(requestRef, { leaseId, createdAt: serverNow, updatedAt: serverNow }, { lastUpdateTime: requestSnap.updateTime });
      batch.set(rateRef, { inFlight: { [request.requestId]: now.getTime() } }, { merge: true });
      return commit({ leaseId, period: previous.period, cost: previous.cost });
    }
  }

  if (!userSnap.exists) throw notFound("Your profile");
  const role = String(userSnap.get("role") ?? "free");
  const limit = limitForRole(withDefaultLimits(rolesSnap.exists ? roleLimitsSchema.parse(rolesSnap.data()) : undefined), role);
  const used = usageSnap.exists ? aiUsageSchema.parse(usageSnap.data()).used : 0;
  if (limit !== null && used + cost > limit) throw creditLimitError(used, limit, period);
  if (count >= request.ratePerMinute) throw rateLimitError(request.ratePerMinute);

  // Reservations older than the sweeper's cutoff belong to dead functions: they no longer count.
  const inFlight = Object.entries(window?.inFlight ?? {});
  const running = inFlight.filter(([, at]) => now.getTime() - at < RESERVATION_STALE_MS);
  if (running.length >= request.maxConcurrent) {
    throw new DomainError(
      "resource-exhausted",
      `Too many AI requests at once: at most ${request.maxConcurrent} may run at the same time. Try again when one has finished.`,
      {
        reason: "ai-too-many-in-flight",
        maxConcurrent: request.maxConcurrent,
      },
    );
  }
  const forgotten = Object.fromEntries(inFlight.filter((entry) => !running.includes(entry)).map(([id]) => [id, FieldValue.delete()]));

  const leaseId = randomUUID();
  const usage = { used: used + cost, limit, period, updatedAt: serverNow };
  if (usageSnap.exists) batch.update(usageRef, usage, { lastUpdateTime: usageSnap.updateTime });
  else batch.create(usageRef, usage);
  // Every rate-window write here goes with a guarded usage write, so it needs no guard of its
  // own; merging touches only this request's entry, so a concurrent settle's removal stays.
  batch.set(rateRef, { ...counted, inFlight: { ...forgotten, [request.requestId]: now.getTime() } }, { merge: true });
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
    throw new DomainError(
      "failed-precondition",
      "This request was already completed and its result is too large to send again; use a new requestId.",
      {
        reason: "ai-request-completed",
      },
    );
  }
  return { kind: "completed", result: previous.result };
}

function storableResult(result: unknown): unknown {
  const json = JSON.stringify(result);
  return json !== undefined && json.length <= MAX_STORED_RESULT_CHARS ? JSON.parse(json) : undefined;
}

/** What settling records besides the charge. */
export interface Settlement {
  /** Credits the call used (≤ the reserved cost; the rest goes back). */
  cost: number;
  /** The response, kept for replay when small; undefined keeps none. */
  result?: unknown;
  /** A charged failure: replayed as this error. */
  failure?: StoredFailure;
  /** Provider calls beyond the first (a JSON retry): each counts toward the rate limit. */
  extraProviderCalls?: number;
}

/** The rate window's part of settling or releasing: the call no longer runs; extra provider calls count. */
function windowAfterCall(requestId: string, extraProviderCalls = 0): DocumentData {
  return {
    inFlight: { [requestId]: FieldValue.delete() },
    ...(extraProviderCalls > 0 && { count: FieldValue.increment(extraProviderCalls) }),
  };
}

/**
 * Marks the call as done and charges `settlement.cost`. Fast path: one batch guarded by the
 * reservation's write time. If the request changed since (the sweeper released it, or a retry
 * took the lease over), a transaction decides: one taken over is left to its new holder; a
 * released one gave its credit back, possibly spent since, so it is charged again only within
 * the monthly limit, and otherwise the result is refused with the credit error.
 */
export async function settle(uid: string, requestId: string, lease: Lease, settlement: Settlement, trace: CallTrace): Promise<void> {
  const requestRef = untyped(aiRequests(uid).doc(requestId));
  const rateRef = untyped(aiRateWindowRef(uid));
  const actualCost = settlement.cost;
  const stored = settlement.result === undefined ? undefined : storableResult(settlement.result);
  const settled = (roundTrips: number) => ({
    status: "settled",
    cost: actualCost,
    updatedAt: FieldValue.serverTimestamp(),
    firestoreRoundTrips: roundTrips,
    ...(stored !== undefined && { result: stored }),
    ...(settlement.failure && { failure: settlement.failure }),
  });

  const batch = db().batch();
  batch.update(requestRef, settled(trace.firestoreRoundTrips + 1), { lastUpdateTime: lease.writeTime });
  batch.set(rateRef, windowAfterCall(requestId, settlement.extraProviderCalls), { merge: true });
  if (actualCost !== lease.cost) {
    batch.update(untyped(aiUsageRef(uid, lease.period)), {
      used: FieldValue.increment(actualCost - lease.cost),
      updatedAt: FieldValue.serverTimestamp(),
    });
  }
  try {
    await trace.trip(batch.commit());
    return;
  } catch (error) {
    if (!isRace(error)) throw error;
  }

  const overLimit = await db().runTransaction(
    async (tx): Promise<DomainError | null> => {
      const snap = await trace.trip(tx.get(requestRef));
      if (!snap.exists) return null;
      const current = aiRequestSchema.parse(snap.data());
      if (current.leaseId !== lease.leaseId || current.status === "settled") return null;
      const usageRef = untyped(aiUsageRef(uid, current.period));
      if (current.status === "released") {
        const usageSnap = await trace.trip(tx.get(usageRef));
        const usage = usageSnap.exists ? aiUsageSchema.parse(usageSnap.data()) : { used: 0, limit: null };
        if (usage.limit !== null && usage.used + actualCost > usage.limit) return creditLimitError(usage.used, usage.limit, current.period);
      }
      trace.firestoreRoundTrips += 1; // the commit
      const adjustment = current.status === "released" ? actualCost : actualCost - current.cost;
      if (adjustment !== 0) tx.update(usageRef, { used: FieldValue.increment(adjustment), updatedAt: FieldValue.serverTimestamp() });
      tx.set(rateRef, windowAfterCall(requestId, settlement.extraProviderCalls), { merge: true });
      tx.update(requestRef, settled(trace.firestoreRoundTrips));
      return null;
    },
    { maxAttempts: MAX_TX_ATTEMPTS },
  );
  if (overLimit) throw overLimit;
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
      tx.update(untyped(aiUsageRef(uid, current.period)), {
        used: FieldValue.increment(-current.cost),
        updatedAt: FieldValue.serverTimestamp(),
      });
      tx.update(requestRef, { status: "released", updatedAt: FieldValue.serverTimestamp() });
      tx.set(untyped(aiRateWindowRef(uid)), windowAfterCall(requestId), { merge: true });
      return true;
    },
    { maxAttempts: MAX_TX_ATTEMPTS },
  );
}
