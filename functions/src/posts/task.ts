/**
 * The publishing task (`posts-publishTask`, Cloud Tasks). A task is a hint, never an order: it
 * re-reads the post and does nothing when the post was rescheduled, cancelled, deleted or already
 * handled. A task that comes early (Cloud Tasks may deliver early or twice; the emulator ignores
 * schedule times altogether) waits when the post is due within EARLY_WAIT_MS, and otherwise goes
 * back on the queue for the post's time (production) or is left to the local harness (emulator).
 */
import { onTaskDispatched } from "firebase-functions/v2/tasks";
import { scheduledPostRef } from "../common/collections/campaign.js";
import { scheduledPostSchema } from "../models/campaign.js";
import { isEmulator } from "../common/firebase.js";
import { logInfo, logWarn } from "../common/logs.js";
import { PLATFORM_SECRETS } from "../connections/endpoints.js";
import { publishMaxConcurrentDispatches, publishMaxDispatchesPerSecond } from "../common/params.js";
import { claimPost, dueAt, type SkipReason } from "./claim.js";
import { publishClaimed, type PublishSummary } from "./publish.js";
import { publishTaskSchema, requeueEarlyTask, type PublishTask } from "./queue.js";
import { EARLY_WAIT_MS, TASK_TIMEOUT_SECONDS } from "./timing.js";
import { sleep } from "../common/time.js";

export type TaskResult =
  | { handled: "published" | "failed" | "rate-limited" }
  | { handled: "skipped"; reason: SkipReason | "bad-task" }
  | { handled: "requeued" | "deferred"; dueAt: number };

const summaryResult = (summary: PublishSummary): TaskResult => ({ handled: summary.kind });

/** Reads the post outside a transaction to decide whether this task is early, stale or on time. */
async function timing(task: PublishTask): Promise<{ skip: SkipReason } | { dueAt: number }> {
  const snapshot = await scheduledPostRef(task.teamId, task.postId).withConverter(null).get();
  if (!snapshot.exists) return { skip: "missing" };
  const parsed = scheduledPostSchema.safeParse(snapshot.data());
  // An unreadable post goes on to the claim, which fails it with a message the user sees.
  if (!parsed.success) return { dueAt: 0 };
  const post = parsed.data;
  if (post.status !== "scheduled") return { skip: "not-scheduled" };
  if (post.scheduledAt.toMillis() !== task.scheduledAt) return { skip: "rescheduled" };
  return { dueAt: dueAt(post) };
}

export async function handlePublishTask(data: unknown): Promise<TaskResult> {
  const parsed = publishTaskSchema.safeParse(data);
  if (!parsed.success) {
    logWarn("posts.badTask", { issues: parsed.error.issues.length });
    return { handled: "skipped", reason: "bad-task" };
  }
  const task = parsed.data;
  const when = await timing(task);
  if ("skip" in when) {
    logInfo("posts.taskSkipped", { teamId: task.teamId, postId: task.postId, reason: when.skip, source: task.source });
    return { handled: "skipped", reason: when.skip };
  }
  const early = when.dueAt - Date.now();
  if (early > EARLY_WAIT_MS) {
    if (isEmulator()) {
      logInfo("posts.taskDeferred", { teamId: task.teamId, postId: task.postId, earlyMs: early });
      return { handled: "deferred", dueAt: when.dueAt };
    }
    const next = await requeueEarlyTask(task, when.dueAt);
    logInfo("posts.taskRequeued", {
      teamId: task.teamId,
      postId: task.postId,
      earlyMs: early,
      hop: task.hop ?? 0,
      enqueued: next.enqueued,
    });
    return { handled: "requeued", dueAt: when.dueAt };
  }
  if (early > 0) await sleep(early);
  const claim = await claimPost({
    teamId: task.teamId,
    postId: task.postId,
    by: `task:${task.source}`,
    expectScheduledAt: task.scheduledAt,
    requireDue: true,
  });
  if (!claim.claimed) {
    logInfo("posts.taskSkipped", { teamId: task.teamId, postId: task.postId, reason: claim.reason, source: task.source });
    return { handled: "skipped", reason: claim.reason };
  }
  return summaryResult(await publishClaimed(task.teamId, task.postId, claim.post, claim.leaseId));
}

/**
 * The queue's settings (docs/publishing.md, "Queue settings"): retries only cover failures before
 * a claim (Firestore unavailable); after a claim every outcome is recorded and the task succeeds.
 */
export const publishTask = onTaskDispatched(
  {
    retryConfig: { maxAttempts: 5, minBackoffSeconds: 5, maxBackoffSeconds: 300, maxDoublings: 4 },
    rateLimits: { maxConcurrentDispatches: publishMaxConcurrentDispatches, maxDispatchesPerSecond: publishMaxDispatchesPerSecond },
    timeoutSeconds: TASK_TIMEOUT_SECONDS,
    cpu: 1,
    concurrency: 80,
    memory: "512MiB",
    // A 401 refreshes the account's token, which needs the platform's OAuth client secret.
    secrets: PLATFORM_SECRETS,
  },
  async (request) => {
    await handlePublishTask(request.data);
  },
);
