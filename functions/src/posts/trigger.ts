/**
 * Enqueues a post's publication whenever it becomes due at a new time: created `scheduled`,
 * rescheduled, sent back by `posts-retry`, or released after a 429 (its `retryAt` moved).
 */
import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { scheduledPostSchema } from "../models/campaign.js";
import { logInfo } from "../common/logs.js";
import { dueAt } from "./claim.js";
import { enqueuePublishTask } from "./queue.js";

/** The time to enqueue for, or null when this write changes nothing about when the post goes out. */
export function publicationDue(before: unknown, after: unknown): { scheduledAt: number; dueAt: number } | null {
  const next = scheduledPostSchema.safeParse(after);
  if (!next.success || next.data.status !== "scheduled") return null;
  const previous = scheduledPostSchema.safeParse(before);
  const due = dueAt(next.data);
  if (previous.success && previous.data.status === "scheduled" && dueAt(previous.data) === due) return null;
  return { scheduledAt: next.data.scheduledAt.toMillis(), dueAt: due };
}

export async function handlePostWritten(teamId: string, postId: string, before: unknown, after: unknown): Promise<boolean> {
  const due = publicationDue(before, after);
  if (!due) return false;
  await enqueuePublishTask({ teamId, postId, scheduledAt: due.scheduledAt, source: "schedule" }, due.dueAt, String(due.dueAt));
  logInfo("posts.enqueued", { teamId, postId, dueAt: due.dueAt });
  return true;
}

export const onPostWritten = onDocumentWritten({ document: "teams/{teamId}/scheduledPosts/{postId}", retry: true }, async (event) => {
  await handlePostWritten(event.params.teamId, event.params.postId, event.data?.before.data(), event.data?.after.data());
});
