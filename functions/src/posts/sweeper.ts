/**
 * The safety net, every minute: posts more than SWEEP_LATE_MS late that no task published (a lost
 * task, an outage) are enqueued again, and `publishing` posts whose lease ran out (the function
 * died during the platform call) fail with `unknown-outcome`.
 */
import { Timestamp, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { allScheduledPosts } from "../common/collections/campaign.js";
import { scheduledPostSchema } from "../models/campaign.js";
import { logError, logInfo } from "../common/logs.js";
import { dueAt, expireStaleClaim } from "./claim.js";
import { enqueuePublishTask } from "./queue.js";
import { SWEEP_LATE_MS } from "./timing.js";

const PAGE_SIZE = 500;
/** Stop paging after this long; the next run goes on. */
const RUN_BUDGET_MS = 45_000;

const teamOf = (doc: QueryDocumentSnapshot) => doc.ref.parent.parent?.id ?? "";

export interface SweepResult {
  requeued: number;
  expired: number;
}

async function requeueLatePosts(now: number, deadline: number): Promise<number> {
  const minute = String(Math.floor(now / 60_000));
  let requeued = 0;
  let cursor: QueryDocumentSnapshot | undefined;
  while (Date.now() < deadline) {
    let query = allScheduledPosts()
      .withConverter(null)
      .where("status", "==", "scheduled")
      .where("scheduledAt", "<", Timestamp.fromMillis(now - SWEEP_LATE_MS))
      .orderBy("scheduledAt")
      .limit(PAGE_SIZE);
    if (cursor) query = query.startAfter(cursor);
    const page = await query.get();
    await Promise.all(
      page.docs.map(async (doc) => {
        const post = scheduledPostSchema.safeParse(doc.data());
        // A post waiting for a platform's rate-limit reset is not late until then.
        if (post.success && dueAt(post.data) > now - SWEEP_LATE_MS) return;
        const scheduledAt = post.success ? post.data.scheduledAt.toMillis() : 0;
        try {
          await enqueuePublishTask({ teamId: teamOf(doc), postId: doc.id, scheduledAt, source: "sweeper" }, now, minute);
          requeued += 1;
        } catch (error) {
          logError("posts.sweepEnqueueFailed", error, { teamId: teamOf(doc), postId: doc.id });
        }
      }),
    );
    if (page.size < PAGE_SIZE) break;
    cursor = page.docs[page.docs.length - 1];
  }
  return requeued;
}

async function expireStaleLeases(now: number): Promise<number> {
  const publishing = await allScheduledPosts().withConverter(null).where("status", "==", "publishing").get();
  const stale = publishing.docs.filter((doc) => {
    const expiresAt = doc.get("lease.expiresAt") as unknown;
    return !(expiresAt instanceof Timestamp) || expiresAt.toMillis() <= now;
  });
  const results = await Promise.all(stale.map((doc) => expireStaleClaim(teamOf(doc), doc.id, now)));
  return results.filter(Boolean).length;
}

export async function sweepPosts(now = Date.now()): Promise<SweepResult> {
  const [requeued, expired] = await Promise.all([requeueLatePosts(now, Date.now() + RUN_BUDGET_MS), expireStaleLeases(now)]);
  logInfo("posts.swept", { requeued, expired });
  return { requeued, expired };
}

export const sweep = onSchedule({ schedule: "every 1 minutes", timeZone: "UTC", timeoutSeconds: 120 }, async () => {
  await sweepPosts();
});
