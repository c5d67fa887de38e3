/**
 * Enqueues publishing tasks on the `posts-publishTask` queue (Cloud Tasks). Task ids are hashes of
 * what the task is for, so that a trigger delivered twice enqueues one task, and spread evenly over
 * the key space (Cloud Tasks advises against sequential names).
 */
import { createHash } from "node:crypto";
import { getApps, initializeApp, type App } from "firebase-admin/app";
import { z } from "zod";
import { app, isEmulator } from "../common/firebase.js";
import { region } from "../common/params.js";
import { MAX_SCHEDULE_AHEAD_MS, TASK_TIMEOUT_SECONDS } from "./timing.js";

export const PUBLISH_TASK_FUNCTION = "posts-publishTask";

/** The account the emulator's tasks claim to come from (there is no OIDC check in the emulator). */
export const EMULATED_TASKS_ACCOUNT = "tasks@demo-pixasocial.iam.gserviceaccount.com";

/**
 * The app that enqueues. The Admin SDK asks the metadata server for the service account on every
 * enqueue unless the app names one; the emulator has no metadata server, so each enqueue waited
 * seconds for that lookup to fail. Locally an app that names one is used; production uses the
 * default app (and the function's own service account).
 */
function tasksApp(): App {
  if (!isEmulator()) return app();
  return (
    getApps().find((candidate) => candidate.name === "posts-tasks") ??
    initializeApp({ projectId: process.env.GCLOUD_PROJECT, serviceAccountId: EMULATED_TASKS_ACCOUNT }, "posts-tasks")
  );
}

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
  const { getFunctions } = await import("firebase-admin/functions");
  const queue = getFunctions(tasksApp()).taskQueue(`locations/${region.value()}/functions/${PUBLISH_TASK_FUNCTION}`);
  const scheduleTime = new Date(Math.min(Math.max(runAt, Date.now()), Date.now() + MAX_SCHEDULE_AHEAD_MS));
  try {
    await queue.enqueue(task, {
      id: taskId(task, discriminator),
      scheduleTime,
      dispatchDeadlineSeconds: TASK_TIMEOUT_SECONDS,
    });
  } catch (error) {
    if ((error as { code?: string }).code === "functions/task-already-exists") return;
    throw error;
  }
}
