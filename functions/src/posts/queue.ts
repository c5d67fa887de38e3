/**
 * Enqueues publishing tasks on the `posts-publishTask` queue (Cloud Tasks). Task ids are hashes of
 * what the task is for, so that a trigger delivered twice enqueues one task, and spread evenly over
 * the key space (Cloud Tasks advises against sequential names).
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { enqueueTask } from "../common/tasks.js";
import { MAX_SCHEDULE_AHEAD_MS, TASK_TIMEOUT_SECONDS } from "./timing.js";

export const PUBLISH_TASK_FUNCTION = "posts-publishTask";

/** What a publishing task carries: the post, and the `scheduledAt` it was enqueued for. */
export const publishTaskSchema = z.object({
  teamId: z.string().min(1),
  postId: z.string().min(1),
  /** `scheduledAt` in epoch milliseconds when enqueued; a post rescheduled since ignores the task. */
  scheduledAt: z.number().int(),
  /** `sweeper` for a late post the sweeper found, `rate-limit` for a retry after a 429. */
  source: z.enum(["schedule", "sweeper", "rate-limit", "deferred"]).default("schedule"),
});
export type PublishTask = z.infer<typeof publishTaskSchema>;

/** A stable, evenly spread task id for `task` and a discriminator (e.g. the sweep minute). */
export function taskId(task: PublishTask, discriminator: string): string {
  return createHash("sha256")
    .update(`${task.teamId}/${task.postId}/${task.scheduledAt}/${task.source}/${discriminator}`)
    .digest("hex")
    .slice(0, 40);
}

/**
 * Enqueues `task` to run at `runAt` (capped at Cloud Tasks' 30-day limit; a task that comes before
 * its post's time re-enqueues itself). A task with the same id already enqueued counts as success.
 */
export async function enqueuePublishTask(task: PublishTask, runAt: number, discriminator = ""): Promise<void> {
  const scheduleTime = new Date(Math.min(Math.max(runAt, Date.now()), Date.now() + MAX_SCHEDULE_AHEAD_MS));
  await enqueueTask(PUBLISH_TASK_FUNCTION, task, {
    id: taskId(task, discriminator),
    scheduleTime,
    dispatchDeadlineSeconds: TASK_TIMEOUT_SECONDS,
  });
}
