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
  /**
   * How often an early task was put back on the queue for this post's time (Cloud Tasks schedules
   * at most 30 days ahead, so a post further out takes several hops); absent on the first task.
   */
  hop: z.number().int().min(1).optional(),
});
export type PublishTask = z.infer<typeof publishTaskSchema>;

/**
 * A stable, evenly spread task id for `task` and a discriminator (e.g. the sweep minute). The hop
 * is part of it: Cloud Tasks refuses an id that a task still holds or held within about an hour,
 * and the task that enqueues the next hop is still running under its own id.
 */
export function taskId(task: PublishTask, discriminator: string): string {
  const hop = task.hop ? `/hop-${task.hop}` : "";
  return createHash("sha256")
    .update(`${task.teamId}/${task.postId}/${task.scheduledAt}/${task.source}/${discriminator}${hop}`)
    .digest("hex")
    .slice(0, 40);
}

export interface EnqueuedPublishTask {
  id: string;
  /** Epoch milliseconds the task is scheduled for. */
  scheduleTime: number;
  /** False when a task with this id was enqueued before (a retried step, an event delivered twice). */
  enqueued: boolean;
}

/**
 * Enqueues `task` to run at `runAt`, capped at Cloud Tasks' 30-day limit (a task that comes
 * before its post's time re-enqueues itself: `requeueEarlyTask`). A task with the same id
 * already enqueued counts as success. `now` is the clock the schedule time is capped by.
 */
export async function enqueuePublishTask(
  task: PublishTask,
  runAt: number,
  discriminator = "",
  now = Date.now(),
): Promise<EnqueuedPublishTask> {
  const scheduleTime = Math.min(Math.max(runAt, now), now + MAX_SCHEDULE_AHEAD_MS);
  const id = taskId(task, discriminator);
  const enqueued = await enqueueTask(PUBLISH_TASK_FUNCTION, task, {
    id,
    scheduleTime: new Date(scheduleTime),
    dispatchDeadlineSeconds: TASK_TIMEOUT_SECONDS,
  });
  return { id, scheduleTime, enqueued };
}

/**
 * Puts a task that came too early back on the queue for its post's time `dueAt`, as the next hop
 * of the chain: a post 70 days ahead takes the first task (29 days), then hop 1 (58 days), then
 * hop 2 (its time). Each hop has its own id, and a retry of one hop (Cloud Tasks delivers at
 * least once) computes the same id as the first attempt, so it enqueues nothing new.
 */
export async function requeueEarlyTask(
  task: PublishTask,
  dueAt: number,
  now = Date.now(),
): Promise<EnqueuedPublishTask & { task: PublishTask }> {
  const next: PublishTask = { ...task, source: "deferred", hop: (task.hop ?? 0) + 1 };
  return { ...(await enqueuePublishTask(next, dueAt, String(dueAt), now)), task: next };
}
