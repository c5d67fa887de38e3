/**
 * Enqueuing Cloud Tasks for the task-queue functions (`onTaskDispatched`): chunked jobs (the
 * monthly usage reset, big deletions) and publishing. Task ids are hashes of the work a task
 * does, so that a retried step that enqueues its successor again, or an event delivered twice,
 * enqueues nothing new; a hash also spreads the ids over the key space, as Cloud Tasks asks
 * (sequential ids slow a queue down).
 */
import { createHash } from "node:crypto";
import { getApps, initializeApp, type App } from "firebase-admin/app";
import type { TaskOptions } from "firebase-admin/functions";
import type { z } from "zod";
import { app, isEmulator } from "./firebase.js";
import { logWarn } from "./logs.js";
import { region } from "./params.js";

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
    getApps().find((candidate) => candidate.name === "tasks") ??
    initializeApp({ projectId: process.env.GCLOUD_PROJECT, serviceAccountId: EMULATED_TASKS_ACCOUNT }, "tasks")
  );
}

/** A stable task id for the work `parts` describe: a 40-character hash, then `suffix` if given. */
export function hashedTaskId(parts: readonly unknown[], suffix = ""): string {
  const hash = createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 40);
  return suffix ? `${hash}-${suffix}` : hash;
}

/**
 * Enqueues `data` on the queue of the task function `functionName` (its deployed name, e.g.
 * `ai-resetUsagePage`). A task with the same id enqueued before counts as enqueued: the answer is
 * then false, true for a new task.
 */
export async function enqueueTask(
  functionName: string,
  data: Record<string, unknown>,
  options: TaskOptions & { id: string },
): Promise<boolean> {
  const { getFunctions } = await import("firebase-admin/functions");
  const queue = getFunctions(tasksApp()).taskQueue(`locations/${region.value()}/functions/${functionName}`);
  try {
    await queue.enqueue(data, options);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== "functions/task-already-exists") throw error;
    return false;
  }
}

/**
 * A task's data parsed with `schema`, or null (logged as `badTaskEvent`) for data that does not
 * fit: the handler then drops the task, since retrying cannot fix it.
 */
export function parseTask<T>(schema: z.ZodType<T>, data: unknown, badTaskEvent: string): T | null {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  logWarn(badTaskEvent, { issues: parsed.error.issues.map((issue) => issue.path.join(".")) });
  return null;
}
