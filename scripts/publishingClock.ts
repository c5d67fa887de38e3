/**
 * The local stand-in for what Cloud Tasks does in production and the emulator does not: honour a
 * task's schedule time (firebase-tools issue #8254: the emulator dispatches at once). It watches
 * the scheduled posts and, when a post is due, enqueues the same publishing task production's
 * queue would deliver then; it also runs the `posts-sweep` schedule every minute (the emulator
 * runs no schedules). Used by `npm start` (scripts/localPublishing.ts) and by the benchmark.
 *
 * Posts due within EARLY_WAIT_MS when first seen need nothing from it: their trigger's task waits
 * in the function. Later posts get a timer here; their trigger's task, dispatched at once, finds
 * them early and leaves them to this clock (docs/emulators.md, "Cloud Tasks").
 */
import type { App } from "firebase-admin/app";
import { getFirestore, Timestamp } from "firebase-admin/firestore";
import { getFunctions } from "firebase-admin/functions";
import { taskId, PUBLISH_TASK_FUNCTION } from "../functions/src/posts/queue.js";
import { EARLY_WAIT_MS } from "../functions/src/posts/timing.js";

export interface PublishingClock {
  stop(): void;
  /** Tasks this clock enqueued (for the benchmark). */
  enqueued(): number;
}

export interface ClockOptions {
  app: App;
  /** `http://host:port` of the functions emulator, for the sweeper's trigger URL. */
  functionsOrigin: string;
  projectId: string;
  region?: string;
  log?: (message: string) => void;
}

export function startPublishingClock(options: ClockOptions): PublishingClock {
  const region = options.region ?? "us-central1";
  const queue = getFunctions(options.app).taskQueue(`locations/${region}/functions/${PUBLISH_TASK_FUNCTION}`);
  const timers = new Map<string, NodeJS.Timeout>();
  let enqueued = 0;

  const enqueue = async (teamId: string, postId: string, scheduledAt: number, dueAt: number) => {
    const task = { teamId, postId, scheduledAt, source: "deferred" as const };
    try {
      await queue.enqueue(task, { id: taskId(task, `clock-${dueAt}`) });
      enqueued += 1;
    } catch (error) {
      if ((error as { code?: string }).code !== "functions/task-already-exists")
        options.log?.(`could not enqueue ${postId}: ${String(error)}`);
    }
  };

  const unsubscribe = getFirestore(options.app)
    .collectionGroup("scheduledPosts")
    .where("status", "==", "scheduled")
    .onSnapshot((snapshot) => {
      for (const change of snapshot.docChanges()) {
        const key = change.doc.ref.path;
        clearTimeout(timers.get(key));
        timers.delete(key);
        if (change.type === "removed") continue;
        const scheduledAt = change.doc.get("scheduledAt") as unknown;
        const retryAt = change.doc.get("retryAt") as unknown;
        const teamId = change.doc.ref.parent.parent?.id;
        if (!(scheduledAt instanceof Timestamp) || !teamId) continue;
        const dueAt = Math.max(scheduledAt.toMillis(), retryAt instanceof Timestamp ? retryAt.toMillis() : 0);
        const wait = dueAt - Date.now();
        if (wait <= EARLY_WAIT_MS) continue;
        timers.set(
          key,
          setTimeout(() => {
            timers.delete(key);
            void enqueue(teamId, change.doc.id, scheduledAt.toMillis(), dueAt);
          }, wait),
        );
      }
    });

  const sweepUrl = `${options.functionsOrigin}/functions/projects/${options.projectId}/triggers/${region}-posts-sweep-0`;
  const sweeper = setInterval(() => {
    fetch(sweepUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch((error: unknown) =>
      options.log?.(`sweeper run failed: ${String(error)}`),
    );
  }, 60_000);

  return {
    stop() {
      unsubscribe();
      clearInterval(sweeper);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
    enqueued: () => enqueued,
  };
}
