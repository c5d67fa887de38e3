/**
 * The post's state machine on the server, each step one transaction: claim (`scheduled` →
 * `publishing` with a lease), finish (`published` / `failed`), release after a 429 (back to
 * `scheduled` with `retryAt`), and expire a dead claim (`failed` / `unknown-outcome`). Every step
 * re-reads the post, so a duplicate task, the sweeper and `posts-publishNow` racing for the same
 * post leave exactly one holder, and a holder whose lease is gone writes nothing.
 */
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp, type Transaction } from "firebase-admin/firestore";
import { scheduledPostRef } from "../common/collections/campaign.js";
import { serverNow } from "../common/collections/typed.js";
import { scheduledPostSchema, type PublishFailure, type ScheduledPost } from "../models/campaign.js";
import { logInfo, logWarn } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { LEASE_MS } from "./timing.js";

/** When a scheduled post may go out: its time, or later when a platform asked us to wait. */
export function dueAt(post: Pick<ScheduledPost, "scheduledAt" | "retryAt">): number {
  return Math.max(post.scheduledAt.toMillis(), post.retryAt?.toMillis() ?? 0);
}

export type SkipReason = "missing" | "unreadable" | "not-scheduled" | "rescheduled" | "not-due" | "in-progress" | "lease-expired";

export interface ClaimRequest {
  teamId: string;
  postId: string;
  /** Who claims (`task`, `sweeper`, `publishNow:<uid>`), kept on the lease for diagnostics. */
  by: string;
  /** The `scheduledAt` (ms) a task was enqueued for; a post rescheduled since is not claimed. */
  expectScheduledAt?: number;
  /** Claim only once `dueAt` has come (tasks); `posts-publishNow` claims at any time. */
  requireDue: boolean;
  now?: number;
}

export type ClaimResult =
  { claimed: true; post: ScheduledPost; leaseId: string } | { claimed: false; reason: SkipReason; status?: string; dueAt?: number };

/** A small grace for clock skew between Cloud Tasks and the function. */
const DUE_GRACE_MS = 1000;

const rawRef = (teamId: string, postId: string) => scheduledPostRef(teamId, postId).withConverter(null);

/** Sets a `publishing` post whose lease has run out to `failed` / `unknown-outcome`. */
function expireLease(tx: Transaction, teamId: string, postId: string): void {
  const failure: PublishFailure = {
    reason: "unknown-outcome",
    message:
      "Publishing stopped before the platform confirmed it. The post may or may not be online: check the platform, then retry if it is not there.",
    retryable: true,
  };
  tx.update(scheduledPostRef(teamId, postId), { status: "failed", failure, lease: FieldValue.delete(), updatedAt: serverNow() });
}

export async function claimPost(request: ClaimRequest): Promise<ClaimResult> {
  const { teamId, postId } = request;
  const result = await runTransaction(async (tx): Promise<ClaimResult> => {
    const now = request.now ?? Date.now();
    const snapshot = await tx.get(rawRef(teamId, postId));
    if (!snapshot.exists) return { claimed: false, reason: "missing" };
    const status = snapshot.get("status") as unknown;
    if (status === "publishing") {
      const expiresAt = snapshot.get("lease.expiresAt") as unknown;
      if (expiresAt instanceof Timestamp && expiresAt.toMillis() > now) return { claimed: false, reason: "in-progress", status };
      expireLease(tx, teamId, postId);
      return { claimed: false, reason: "lease-expired", status };
    }
    if (status !== "scheduled") return { claimed: false, reason: "not-scheduled", status: String(status) };
    const parsed = scheduledPostSchema.safeParse(snapshot.data());
    if (!parsed.success) {
      const failure: PublishFailure = {
        reason: "content-invalid",
        message: "This post could not be read. Create it again.",
        retryable: false,
      };
      tx.update(scheduledPostRef(teamId, postId), { status: "failed", failure, updatedAt: serverNow() });
      return { claimed: false, reason: "unreadable" };
    }
    const post = parsed.data;
    if (request.expectScheduledAt !== undefined && post.scheduledAt.toMillis() !== request.expectScheduledAt) {
      return { claimed: false, reason: "rescheduled", status };
    }
    if (request.requireDue && dueAt(post) > now + DUE_GRACE_MS) return { claimed: false, reason: "not-due", status, dueAt: dueAt(post) };
    const leaseId = randomUUID();
    const lease = { id: leaseId, expiresAt: Timestamp.fromMillis(now + LEASE_MS), by: request.by };
    tx.update(scheduledPostRef(teamId, postId), { status: "publishing", lease, updatedAt: serverNow() });
    return { claimed: true, post: { ...post, status: "publishing", lease }, leaseId };
  });
  if (result.claimed) logInfo("posts.claimed", { teamId, postId, by: request.by });
  else if (result.reason === "lease-expired") logWarn("posts.leaseExpired", { teamId, postId });
  return result;
}

export type PublishOutcome =
  { kind: "published"; platformPostId: string; permalink?: string } | { kind: "failed"; failure: PublishFailure };

/**
 * Records the outcome of a claim. A failure is written only while the claim still holds; a
 * success is written also over an `unknown-outcome` the sweeper set meanwhile, since the
 * platform's answer is the truth. Returns false when nothing was written.
 */
export async function finishPost(teamId: string, postId: string, leaseId: string, outcome: PublishOutcome): Promise<boolean> {
  const written = await runTransaction(async (tx) => {
    const snapshot = await tx.get(rawRef(teamId, postId));
    if (!snapshot.exists) return false;
    const holds = snapshot.get("status") === "publishing" && snapshot.get("lease.id") === leaseId;
    const ref = scheduledPostRef(teamId, postId);
    const cleared = { lease: FieldValue.delete(), retryAt: FieldValue.delete(), rateLimitedAttempts: FieldValue.delete() };
    if (outcome.kind === "published") {
      const overUnknown = snapshot.get("status") === "failed" && snapshot.get("failure.reason") === "unknown-outcome";
      if (!holds && !overUnknown) return false;
      tx.update(ref, {
        status: "published",
        publishedAt: serverNow(),
        platformPostId: outcome.platformPostId,
        ...(outcome.permalink ? { permalink: outcome.permalink } : {}),
        failure: FieldValue.delete(),
        ...cleared,
        updatedAt: serverNow(),
      });
      return true;
    }
    if (!holds) return false;
    tx.update(ref, { status: "failed", failure: outcome.failure, ...cleared, updatedAt: serverNow() });
    return true;
  });
  if (!written) logWarn("posts.finishIgnored", { teamId, postId, outcome: outcome.kind });
  else if (outcome.kind === "published") logInfo("posts.published", { teamId, postId, platformPostId: outcome.platformPostId });
  else logInfo("posts.failed", { teamId, postId, reason: outcome.failure.reason });
  return written;
}

/** After a 429: back to `scheduled`, not before `retryAt`. Returns false when the claim no longer holds. */
export async function releaseForRetry(
  teamId: string,
  postId: string,
  leaseId: string,
  retryAt: number,
  attempts: number,
): Promise<boolean> {
  return runTransaction(async (tx) => {
    const snapshot = await tx.get(rawRef(teamId, postId));
    if (!snapshot.exists || snapshot.get("status") !== "publishing" || snapshot.get("lease.id") !== leaseId) return false;
    tx.update(scheduledPostRef(teamId, postId), {
      status: "scheduled",
      lease: FieldValue.delete(),
      retryAt: Timestamp.fromMillis(retryAt),
      rateLimitedAttempts: attempts,
      updatedAt: serverNow(),
    });
    return true;
  });
}

/** The sweeper's half of the lease: fails a `publishing` post whose lease has run out. */
export async function expireStaleClaim(teamId: string, postId: string, now = Date.now()): Promise<boolean> {
  return runTransaction(async (tx) => {
    const snapshot = await tx.get(rawRef(teamId, postId));
    const expiresAt = snapshot.get("lease.expiresAt") as unknown;
    if (!snapshot.exists || snapshot.get("status") !== "publishing") return false;
    if (expiresAt instanceof Timestamp && expiresAt.toMillis() > now) return false;
    expireLease(tx, teamId, postId);
    return true;
  });
}
