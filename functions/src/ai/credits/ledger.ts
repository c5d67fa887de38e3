/**
 * The credit ledger: reserve before the provider call, settle on success, release on failure.
 *
 * Model (docs/ai.md, "Credits"): the month's usage document `users/{uid}/usage/{YYYY-MM}` holds
 * everything a reservation decides on and changes — `used` (settled AND reserved credits), the
 * per-minute call counter, and `inFlight`, the calls running now, each entry being the
 * reservation itself (lease, cost, time, operation, input hash). So one guarded write of one
 * document reserves a call, and settling writes that document back plus the finished request
 * (`users/{uid}/aiRequests/{requestId}`, kept for replay). Every write of the usage document is
 * guarded by its `lastUpdateTime`: of two racing writers one re-reads, so the monthly limit, the
 * rate limit and the concurrency cap hold under any concurrency.
 */
import { createHash, randomUUID } from "node:crypto";
import {
  FieldValue,
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type DocumentSnapshot,
  type WriteBatch,
} from "firebase-admin/firestore";
import { aiRequests, aiUsageRef } from "../../common/collections/ai.js";
import { roleLimitsRef, userRef } from "../../common/collections/identity.js";
import { DomainError, invalidArgument, notFound } from "../../common/errors.js";
import { db } from "../../common/firebase.js";
import { logWarn } from "../../common/logs.js";
import { limitForRole, roleLimitsOf } from "../../identity/roles.js";
import { aiInFlightEntrySchema, aiRequestSchema, aiUsageLedgerSchema, type AiInFlightEntry, type AiRequest } from "../../models/ai.js";
import type { CreditLimitDetails } from "../../models/errors.js";
import type { CallTrace } from "../trace.js";
import { commitGuarded, CONFLICT, optimistic } from "./guardedWrite.js";
import { periodEnd, periodOf } from "./period.js";

/** A reservation older than this was left by a function that died (longer than any AI call may run). */
export const RESERVATION_STALE_MS = 6 * 60_000;
/** Settled requests are kept this long (Firestore TTL on `expiresAt`). */
const REQUEST_RETENTION_MS = 30 * 24 * 60 * 60_000;
/** Results up to this size (JSON characters: at most 600 KB of UTF-8) are kept on the request, so that a retry replays them. */
const MAX_STORED_RESULT_CHARS = 200_000;
/** `sweepKey` prefixes: the sweeper's index entries spread over this many ranges (docs/scale.md). */
export const SWEEP_SHARDS = 10;

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

/** One usage document as the ledger reads and writes it. */
interface UsageState {
  period: string;
  /** The document's update time when read; absent when it does not exist. */
  updateTime?: Timestamp;
  used: number;
  limit: number | null;
  minute: string;
  count: number;
  inFlight: Record<string, AiInFlightEntry>;
}

/** A held reservation: what settle and release need. */
export interface Lease {
  leaseId: string;
  period: string;
  /** Credits held. */
  cost: number;
  /** The usage document as this reservation left it: settle's fast path writes it back without reading, guarded by `updateTime`. */
  written: UsageState;
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

export function minuteOf(at: Date): string {
  return at.toISOString().slice(0, 16);
}

function rateLimitError(ratePerMinute: number): DomainError {
  return new DomainError("resource-exhausted", `Too many AI requests: at most ${ratePerMinute} a minute. Try again shortly.`, {
    reason: "ai-rate-limit",
    limitPerMinute: ratePerMinute,
  });
}

function tooManyInFlightError(maxConcurrent: number): DomainError {
  return new DomainError(
    "resource-exhausted",
    `Too many AI requests at once: at most ${maxConcurrent} may run at the same time. Try again when one has finished.`,
    { reason: "ai-too-many-in-flight", maxConcurrent },
  );
}

/**
 * Reads one usage document. `used` enforces the limit, so a document whose counters cannot be
 * read is an error, never 0; a malformed `inFlight` entry (only functions write them) is left
 * out, and dropped when the document is next written.
 */
function usageStateOf(snapshot: DocumentSnapshot, period: string): UsageState {
  if (!snapshot.exists) return { period, used: 0, limit: null, minute: "", count: 0, inFlight: {} };
  const usage = aiUsageLedgerSchema.parse(snapshot.data());
  const inFlight: Record<string, AiInFlightEntry> = {};
  for (const [requestId, raw] of Object.entries(usage.inFlight ?? {})) {
    const entry = aiInFlightEntrySchema.safeParse(raw);
    if (entry.success) inFlight[requestId] = entry.data;
    else logWarn("ai.inFlightEntryUnreadable", { path: snapshot.ref.path, requestId });
  }
  return {
    period,
    updateTime: snapshot.updateTime,
    used: usage.used,
    limit: usage.limit,
    minute: usage.minute ?? "",
    count: usage.count ?? 0,
    inFlight,
  };
}

/**
 * `<shard>/<minute>` from which the oldest running call is stale (the minute rounded up, so
 * that at that minute the sweeper finds it stale), or undefined when nothing runs. The shard
 * (from the uid) spreads the index entries of one minute over SWEEP_SHARDS key ranges.
 */
export function sweepKeyOf(uid: string, inFlight: Record<string, { at: number }>): string | undefined {
  const times = Object.values(inFlight).map((entry) => entry.at);
  if (times.length === 0) return undefined;
  const shard = createHash("sha256").update(uid).digest()[0] % SWEEP_SHARDS;
  return `${shard}/${minuteOf(new Date(Math.min(...times) + RESERVATION_STALE_MS + 59_999))}`;
}

/** Writes `state` as the usage document, guarded: created if it was missing, else updated only if unchanged since read. */
function writeUsage(batch: WriteBatch, uid: string, state: UsageState): void {
  const ref = untyped(aiUsageRef(uid, state.period));
  const sweepKey = sweepKeyOf(uid, state.inFlight);
  const data: DocumentData = {
    used: state.used,
    limit: state.limit,
    period: state.period,
    updatedAt: FieldValue.serverTimestamp(),
    minute: state.minute,
    count: state.count,
    inFlight: state.inFlight,
  };
  if (state.updateTime) batch.update(ref, { ...data, sweepKey: sweepKey ?? FieldValue.delete() }, { lastUpdateTime: state.updateTime });
  else batch.create(ref, { ...data, ...(sweepKey && { sweepKey }) });
}

/** `state` with the call `requestId` gone: its credits adjusted by `costChange`, its extra provider calls counted. */
function withoutCall(state: UsageState, requestId: string, costChange: number, extraProviderCalls = 0, now = new Date()): UsageState {
  const inFlight = Object.fromEntries(Object.entries(state.inFlight).filter(([id]) => id !== requestId));
  const next = { ...state, used: Math.max(0, state.used + costChange), inFlight };
  if (extraProviderCalls <= 0) return next;
  const minute = minuteOf(now);
  return { ...next, minute, count: (state.minute === minute ? state.count : 0) + extraProviderCalls };
}

/** What the start of a call read in one round trip: the ledger's documents plus whatever the caller asked for. */
export interface CallStart {
  now: Date;
  period: string;
  user: DocumentSnapshot;
  roles: DocumentSnapshot;
  ledger: LedgerRead;
  /** The caller's own documents (`extra` of readCallStart), in order. */
  extra: DocumentSnapshot[];
}

/** The documents a reservation attempt decides on. */
interface LedgerRead {
  usage: DocumentSnapshot;
  /** Last month's usage, read in the first minutes of a month only: calls reserved there may still run. */
  previous?: DocumentSnapshot;
  /** The finished request with this id, if any; not read for a requestId generated here (it cannot exist). */
  request?: DocumentSnapshot;
}

function ledgerRefs(key: RequestKey, fresh: boolean, now: Date) {
  const period = periodOf(now);
  const previousPeriod = periodOf(new Date(now.getTime() - RESERVATION_STALE_MS));
  return {
    period,
    usage: untyped(aiUsageRef(key.uid, period)),
    previous: previousPeriod === period ? undefined : untyped(aiUsageRef(key.uid, previousPeriod)),
    request: fresh ? undefined : untyped(aiRequests(key.uid).doc(key.requestId)),
  };
}

async function readLedger(key: RequestKey, fresh: boolean, now: Date, trace: CallTrace): Promise<LedgerRead> {
  const refs = ledgerRefs(key, fresh, now);
  const optional = [refs.previous, refs.request].filter((ref) => ref !== undefined);
  const [usage, ...rest] = await trace.trip(db().getAll(refs.usage, ...optional));
  return { usage, previous: refs.previous && rest.shift(), request: refs.request && rest.shift() };
}

/**
 * Reads, in one round trip, what the call's start needs: the profile (read once, for the
 * provider and the plan role), `config/roles`, the ledger's documents, and `extra` (the provider
 * resolution's documents). `fresh`: the requestId was generated for this call.
 */
export async function readCallStart(key: RequestKey, fresh: boolean, extra: DocumentReference[], trace: CallTrace): Promise<CallStart> {
  const now = new Date();
  const refs = ledgerRefs(key, fresh, now);
  const optional = [refs.previous, refs.request].filter((ref) => ref !== undefined);
  const [user, roles, usage, ...rest] = await trace.trip(
    db().getAll(untyped(userRef(key.uid)), untyped(roleLimitsRef()), refs.usage, ...optional, ...extra),
  );
  const ledger = { usage, previous: refs.previous && rest.shift(), request: refs.request && rest.shift() };
  return { now, period: refs.period, user, roles, ledger, extra: rest };
}

/**
 * Reserves `cost` credits for one call, or finds what an earlier call with the same
 * `requestId` did. Throws the credit error, the rate-limit error, the concurrency error, or
 * invalid-argument when the requestId was used for a different request.
 *
 * An optimistic transaction on the usage document (guardedWrite.ts): decide on the read, then
 * one write guarded by the document's `lastUpdateTime` (or `create`). A lost race re-reads the
 * ledger's documents only (the profile and `config/roles` of the first read stand).
 */
export async function reserve(request: ReserveRequest, trace: CallTrace, start: CallStart, fresh: boolean): Promise<ReserveOutcome> {
  if (!start.user.exists) throw notFound("Your profile");
  const role = String(start.user.get("role") ?? "free");
  const limit = limitForRole(roleLimitsOf(start.roles.data()), role);
  return optimistic(async (round) => {
    const now = round === 1 ? start.now : new Date();
    const ledger = round === 1 ? start.ledger : await readLedger(request, fresh, now, trace);
    return tryReserve(request, limit, now, ledger, trace);
  });
}

async function tryReserve(
  request: ReserveRequest,
  limit: number | null,
  now: Date,
  ledger: LedgerRead,
  trace: CallTrace,
): Promise<ReserveOutcome | typeof CONFLICT> {
  const { uid, requestId, cost } = request;
  const period = periodOf(now);
  const current = usageStateOf(ledger.usage, period);
  const previous = ledger.previous ? usageStateOf(ledger.previous, ledger.previous.id) : undefined;
  const minute = minuteOf(now);
  const count = current.minute === minute ? current.count : 0;
  const isStale = (entry: AiInFlightEntry) => now.getTime() - entry.at >= RESERVATION_STALE_MS;
  const sameRequest = (found: { operation: string; inputHash: string }) => requireSameRequest(found, request);
  const batch = db().batch();
  const reserved = async (state: UsageState, lease: { leaseId: string; cost: number }): Promise<ReserveOutcome | typeof CONFLICT> => {
    writeUsage(batch, uid, state);
    const writeTime = await commitGuarded(batch, trace);
    if (writeTime === CONFLICT) return CONFLICT;
    return { kind: "reserved", ...lease, period: state.period, written: { ...state, updateTime: writeTime } };
  };

  const finished = finishedOutcome(ledger, request);
  if (finished) return finished;

  const holder = [current, previous].find((state) => state?.inFlight[requestId]);
  const twin = holder?.inFlight[requestId];
  if (holder && twin) {
    sameRequest(twin);
    if (!isStale(twin)) {
      // A retry of a call still running: it counts toward the rate limit, and is answered at once.
      if (count >= request.ratePerMinute) throw rateLimitError(request.ratePerMinute);
      writeUsage(batch, uid, { ...current, limit, minute, count: count + 1 });
      return (await commitGuarded(batch, trace)) === CONFLICT ? CONFLICT : { kind: "inFlight" };
    }
    // Left by a function that died: take the lease over, reserved again at this call's cost (the
    // key that pays, and so the cost, may have changed), within the limit like any reservation.
    const used = Math.max(0, holder.used - twin.cost);
    if (limit !== null && used + cost > limit) throw creditLimitError(used, limit, holder.period);
    const leaseId = randomUUID();
    const entry = { ...twin, leaseId, cost, at: now.getTime() };
    // This month's document shows the limit just checked; last month's keeps its own.
    const shownLimit = holder === current ? limit : holder.limit;
    const inFlight = { ...holder.inFlight, [requestId]: entry };
    return reserved({ ...holder, limit: shownLimit, used: used + cost, inFlight }, { leaseId, cost });
  }

  // Reservations older than the sweeper's cutoff belong to dead functions: released here as the sweeper would.
  const running = Object.fromEntries(Object.entries(current.inFlight).filter(([, entry]) => !isStale(entry)));
  const refund = Object.values(current.inFlight)
    .filter(isStale)
    .reduce((sum, entry) => sum + entry.cost, 0);
  const used = Math.max(0, current.used - refund);
  if (limit !== null && used + cost > limit) throw creditLimitError(used, limit, period);
  if (count >= request.ratePerMinute) throw rateLimitError(request.ratePerMinute);
  const runningBefore = Object.values(previous?.inFlight ?? {}).filter((entry) => !isStale(entry)).length;
  if (Object.keys(running).length + runningBefore >= request.maxConcurrent) throw tooManyInFlightError(request.maxConcurrent);

  const leaseId = randomUUID();
  const entry: AiInFlightEntry = { leaseId, cost, at: now.getTime(), operation: request.operation, inputHash: request.inputHash };
  return reserved(
    { ...current, used: used + cost, limit, minute, count: count + 1, inFlight: { ...running, [requestId]: entry } },
    { leaseId, cost },
  );
}

function requireSameRequest(found: { operation: string; inputHash: string }, request: { operation: string; inputHash: string }): void {
  if (found.operation !== request.operation || found.inputHash !== request.inputHash) {
    throw invalidArgument("requestId: already used for a different request; use a new requestId.");
  }
}

/**
 * The stored outcome of a request with this id that already finished (its result, or its charged
 * failure), if the start's read found one; refused when the id was used for another request.
 */
export function finishedOutcome(
  ledger: LedgerRead,
  request: { operation: string; inputHash: string },
): Extract<ReserveOutcome, { kind: "completed" | "failed" }> | undefined {
  const finished = ledger.request?.exists ? aiRequestSchema.safeParse(ledger.request.data()) : undefined;
  if (!finished?.success || finished.data.status !== "settled") return undefined;
  requireSameRequest(finished.data, request);
  return finished.data.failure ? { kind: "failed", failure: finished.data.failure } : completedOutcome(finished.data);
}

function completedOutcome(previous: AiRequest): Extract<ReserveOutcome, { kind: "completed" }> {
  const result = previous.resultJson === undefined ? previous.result : (JSON.parse(previous.resultJson) as unknown);
  if (result === undefined) {
    throw new DomainError(
      "failed-precondition",
      "This request was already completed and its result is too large to send again; use a new requestId.",
      { reason: "ai-request-completed" },
    );
  }
  return { kind: "completed", result };
}

/**
 * The result as the finished request keeps it: its JSON text (undefined when too large). Text,
 * not a map: an answer may hold what Firestore refuses in a document (an array directly inside
 * an array, an empty key, nesting deeper than 20 levels), and a refused write would fail the call
 * after the provider did the work and leave its reservation to the sweeper.
 */
function storedResultJson(result: unknown): string | undefined {
  const json = JSON.stringify(result);
  return json !== undefined && json.length <= MAX_STORED_RESULT_CHARS ? json : undefined;
}

/** What settling records besides the charge. */
export interface Settlement {
  /** Credits the call used; settle charges at most the lease's cost (what the limit was checked for), the rest goes back. */
  cost: number;
  /** The response, kept for replay when small; undefined keeps none. */
  result?: unknown;
  /** A charged failure: replayed as this error. */
  failure?: StoredFailure;
  /** Provider calls beyond the first (a JSON retry): each counts toward the rate limit. */
  extraProviderCalls?: number;
}

/**
 * Ends a lease: `decide` turns the usage document's state (with the lease's entry, or undefined
 * when it is gone) into the state to write, or null to write nothing. Fast path: the state this
 * reservation wrote, written back under its `updateTime` guard without a read (one round trip
 * when nothing else touched the document since); after a lost race, read and decide again.
 * `finished`, when given, is read with the usage document: once it is settled (by a retry that
 * took the lease over), nothing is left to do.
 */
async function endLease(
  uid: string,
  requestId: string,
  lease: Lease,
  decide: (state: UsageState, entry: AiInFlightEntry | undefined) => UsageState | null,
  addWrites: (batch: WriteBatch) => void,
  options: { trace?: CallTrace; finished?: DocumentReference } = {},
): Promise<void> {
  const { trace, finished } = options;
  const usageRef = untyped(aiUsageRef(uid, lease.period));
  await optimistic(async (round) => {
    let state = lease.written;
    if (round > 1) {
      const read = db().getAll(usageRef, ...(finished ? [finished] : []));
      const [snapshot, finishedSnap] = await (trace ? trace.trip(read) : read);
      if (finishedSnap?.exists && finishedSnap.get("status") === "settled") return null;
      state = usageStateOf(snapshot, lease.period);
    }
    const entry = state.inFlight[requestId];
    if (entry && entry.leaseId !== lease.leaseId) return null; // taken over: its new holder ends it
    const next = decide(state, entry);
    if (!next) return null;
    const batch = db().batch();
    writeUsage(batch, uid, next);
    addWrites(batch);
    return (await commitGuarded(batch, trace)) === CONFLICT ? CONFLICT : null;
  });
}

/**
 * Marks the call as done and charges `settlement.cost`, never more than the lease holds (the
 * limit was checked for that): one batch of the usage document (the entry removed, unused
 * credits given back) and the finished request. If the reservation is gone (the sweeper
 * released it: its credit went back and may have been spent since), the call is charged again
 * only within the monthly limit; otherwise the result is refused with the credit error. A
 * reservation taken over by a retry is left to its new holder.
 */
export async function settle(uid: string, requestId: string, lease: Lease, settlement: Settlement, trace: CallTrace): Promise<void> {
  const cost = Math.min(settlement.cost, lease.cost);
  const resultJson = settlement.result === undefined ? undefined : storedResultJson(settlement.result);
  const now = Timestamp.now();
  const requestRef = untyped(aiRequests(uid).doc(requestId));
  let overLimit: DomainError | null = null;
  await endLease(
    uid,
    requestId,
    lease,
    (state, entry) => {
      if (entry) return withoutCall(state, requestId, cost - entry.cost, settlement.extraProviderCalls);
      if (state.limit !== null && state.used + cost > state.limit) {
        overLimit = creditLimitError(state.used, state.limit, state.period);
        return null;
      }
      return withoutCall(state, requestId, cost, settlement.extraProviderCalls);
    },
    (batch) =>
      batch.set(requestRef, {
        operation: lease.written.inFlight[requestId]?.operation ?? "",
        inputHash: lease.written.inFlight[requestId]?.inputHash ?? "",
        status: "settled",
        cost,
        period: lease.period,
        createdAt: FieldValue.serverTimestamp(),
        updatedAt: FieldValue.serverTimestamp(),
        expiresAt: Timestamp.fromMillis(now.toMillis() + REQUEST_RETENTION_MS),
        ...(resultJson !== undefined && { resultJson }),
        ...(settlement.failure && { failure: settlement.failure }),
      }),
    { trace, finished: requestRef },
  );
  if (overLimit) throw overLimit;
}

/** Gives the reserved credits back (the call failed): only while this lease still holds them. */
export async function release(uid: string, requestId: string, lease: Lease): Promise<void> {
  await endLease(
    uid,
    requestId,
    lease,
    (state, entry) => (entry ? withoutCall(state, requestId, -entry.cost) : null),
    () => undefined,
  );
}

/**
 * The sweeper's step for one usage document: releases the reservations made at or before
 * `cutoff` (ms), re-checked on a fresh read under the write guard, so a reservation taken over
 * meanwhile is left alone. A malformed document is logged and skipped, never blocking the sweep.
 * @returns how many reservations were released.
 */
export async function releaseStale(ref: DocumentReference, cutoff: number): Promise<number> {
  const uid = ref.parent.parent?.id;
  if (!uid || ref.parent.parent?.parent.id !== "users") return 0;
  const usageRef = untyped(aiUsageRef(uid, ref.id));
  return optimistic(async () => {
    const snapshot = await usageRef.get();
    let state: UsageState;
    try {
      state = usageStateOf(snapshot, ref.id);
    } catch (error) {
      logWarn("ai.usageUnreadable", { path: ref.path, errorMessage: String(error) });
      return 0;
    }
    const stale = Object.entries(state.inFlight).filter(([, entry]) => entry.at <= cutoff);
    if (!snapshot.exists || (stale.length === 0 && snapshot.get("sweepKey") === sweepKeyOf(uid, state.inFlight))) return 0;
    const refund = stale.reduce((sum, [, entry]) => sum + entry.cost, 0);
    const inFlight = Object.fromEntries(Object.entries(state.inFlight).filter(([, entry]) => entry.at > cutoff));
    const batch = db().batch();
    writeUsage(batch, uid, { ...state, used: Math.max(0, state.used - refund), inFlight });
    return (await commitGuarded(batch)) === CONFLICT ? CONFLICT : stale.length;
  });
}
