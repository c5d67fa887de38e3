/**
 * `posts-retry { teamId, postId }` (members): a `failed` post goes back to `scheduled` for now;
 * the trigger enqueues it like any newly scheduled post. Retrying an `unknown-outcome` failure is
 * the user's decision (they checked the platform).
 */
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { validatedOnCall } from "../common/callable.js";
import { scheduledPostRef } from "../common/collections/campaign.js";
import { serverNow } from "../common/collections/typed.js";
import { failedPrecondition, notFound } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { requireTeamMember } from "./access.js";
import { retryPostInput } from "../models/posts.js";
import type { PostRequest } from "./publishNow.js";

export async function handleRetry(uid: string, { teamId, postId }: PostRequest): Promise<Record<string, never>> {
  await requireTeamMember(teamId, uid);
  await runTransaction(async (tx) => {
    const snapshot = await tx.get(scheduledPostRef(teamId, postId).withConverter(null));
    if (!snapshot.exists) throw notFound("Scheduled post");
    const status = snapshot.get("status") as unknown;
    if (status !== "failed")
      throw failedPrecondition(`Only a failed post can be retried; this one is ${String(status)}.`, { reason: "not-failed" });
    tx.update(scheduledPostRef(teamId, postId), {
      status: "scheduled",
      scheduledAt: Timestamp.now(),
      failure: FieldValue.delete(),
      retryAt: FieldValue.delete(),
      rateLimitedAttempts: FieldValue.delete(),
      updatedAt: serverNow(),
    });
  });
  logInfo("posts.retried", { teamId, postId, uid });
  return {};
}

export const retry = validatedOnCall("posts-retry", retryPostInput, ({ uid, data }) => handleRetry(uid, data));
