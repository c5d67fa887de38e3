/**
 * What a member leaves behind once the membership transaction has removed them: the documents
 * below their membership and each domain's member cleanup. Apart from membership.ts, whose
 * transaction writes joining a team (invitations-accept) also uses, so that joining does not load
 * the other domains' cleanup.
 *
 * The cleanup is owed from the moment the member is out, so it is recorded in the removal's own
 * transaction (`queueMemberCleanup`, a `memberCleanups/{id}` marker) and retried the way an
 * account deletion's steps are: the callable runs it at once, the marker's trigger
 * (memberCleanupTrigger.ts, retried on failure) runs it too, and the daily reconciler retries the
 * markers whose `retryAt` has passed. Whichever run finishes deletes the marker.
 */
import { FieldValue, Timestamp, type DocumentReference, type Transaction } from "firebase-admin/firestore";
import type { MemberCleanupStep } from "../common/cleanup.js";
import { memberCleanups, memberRef } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import { GrpcStatus, grpcCode } from "../common/grpcStatus.js";
import { logError, logInfo } from "../common/logs.js";
import { inParallel } from "../common/parallel.js";
import { removeAccountsOfMember } from "../connections/cleanup.js";
import type { MemberCleanup } from "../models/teams.js";

/** Every domain's member cleanup; a domain adds its own here. */
export const MEMBER_CLEANUP_STEPS: MemberCleanupStep[] = [{ name: "connections", run: removeAccountsOfMember }];

/** When the reconciler may retry a cleanup: the trigger's own retries come first. */
const RETRY_DELAY_MS = 60 * 60_000;
/** Cleanups run side by side by the reconciler, at most this many at once. */
const RETRY_CONCURRENCY = 8;

/**
 * Records in `tx`, the transaction that removes `uid` from the team, the cleanup their removal
 * owes; returns the marker's id, for the caller's own run (`runMemberCleanup`) after the commit.
 */
export function queueMemberCleanup(tx: Transaction, teamId: string, uid: string): string {
  const ref = memberCleanups().doc();
  const now = serverNow();
  tx.set(ref, { teamId, uid, attempts: 0, retryAt: Timestamp.fromMillis(Date.now() + RETRY_DELAY_MS), createdAt: now, updatedAt: now });
  return ref.id;
}

/**
 * Deletes what a former member leaves below their membership (e.g. chat read markers), then
 * runs each domain's member cleanup.
 */
export async function deleteMembershipLeftovers(teamId: string, uid: string): Promise<void> {
  const ref = memberRef(teamId, uid);
  if ((await ref.get()).exists) return; // they joined again meanwhile
  for (const collection of await ref.listCollections()) await ref.firestore.recursiveDelete(collection);
  for (const step of MEMBER_CLEANUP_STEPS) await step.run(teamId, uid);
}

/** Records a failed run on the marker, for the next run; a marker another run deleted stays gone. */
async function recordFailure(ref: DocumentReference, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message.slice(0, 500) : "unknown error";
  try {
    await ref.update({
      attempts: FieldValue.increment(1),
      retryAt: Timestamp.fromMillis(Date.now() + RETRY_DELAY_MS),
      lastError: { message },
      updatedAt: serverNow(),
    });
  } catch (updateError) {
    if (grpcCode(updateError) !== GrpcStatus.NOT_FOUND)
      logError("teams.memberCleanupFailureNotRecorded", updateError, { cleanupId: ref.id });
  }
}

/**
 * Runs the cleanup the marker `cleanupId` records, then deletes the marker. Never throws: a
 * failure is logged and recorded on the marker (`attempts`, `lastError`, a later `retryAt`), and
 * the result is false while the cleanup is still owed. A marker already gone is a cleanup another
 * run finished. Safe beside another run of the same marker: every step is idempotent.
 */
export async function runMemberCleanup(cleanupId: string): Promise<boolean> {
  const ref = memberCleanups().doc(cleanupId);
  let owed: MemberCleanup | undefined;
  try {
    owed = (await ref.get()).data();
    if (!owed) return true;
    await deleteMembershipLeftovers(owed.teamId, owed.uid);
    await ref.delete();
  } catch (error) {
    logError("teams.memberCleanupFailed", error, { cleanupId, teamId: owed?.teamId, uid: owed?.uid });
    await recordFailure(ref, error);
    return false;
  }
  logInfo("teams.memberCleanedUp", { cleanupId, teamId: owed.teamId, uid: owed.uid, failedRuns: owed.attempts });
  return true;
}

/**
 * Runs the member cleanups whose `retryAt` has passed, oldest first, up to `limit` (the
 * reconciler's pass: what the trigger's retries did not finish).
 */
export async function retryDueMemberCleanups(now: Date, limit: number): Promise<{ retried: number; completed: number }> {
  const due = await memberCleanups().where("retryAt", "<=", Timestamp.fromDate(now)).orderBy("retryAt").limit(limit).select().get();
  const done = await inParallel(due.docs, RETRY_CONCURRENCY, (doc) => runMemberCleanup(doc.id));
  return { retried: due.size, completed: done.filter(Boolean).length };
}
