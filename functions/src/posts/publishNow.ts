/**
 * `posts-publishNow { teamId, postId }` (members): publishes a `scheduled` post at once, through
 * the same claim as the tasks, so it can never publish a post a task is publishing.
 */
import type { z } from "zod";
import { validatedOnCall } from "../common/callable.js";
import { scheduledPostRef } from "../common/collections/campaign.js";
import { scheduledPostSchema } from "../models/campaign.js";
import { failedPrecondition, notFound } from "../common/errors.js";
import { PLATFORM_SECRETS } from "../connections/endpoints.js";
import { publishNowInput, type PublishNowResponse } from "../models/posts.js";
import { requireTeamMember } from "./access.js";
import { claimPost } from "./claim.js";
import { publishClaimed } from "./publish.js";
import { TASK_TIMEOUT_SECONDS } from "./timing.js";

export type PostRequest = z.output<typeof publishNowInput>;

export async function handlePublishNow(uid: string, { teamId, postId }: PostRequest): Promise<PublishNowResponse> {
  await requireTeamMember(teamId, uid);
  const claim = await claimPost({ teamId, postId, by: `publishNow:${uid}`, requireDue: false });
  if (!claim.claimed) {
    if (claim.reason === "missing") throw notFound("Scheduled post");
    if (claim.reason === "in-progress") throw failedPrecondition("This post is being published right now.", { reason: "publishing" });
    if (claim.reason === "lease-expired") {
      throw failedPrecondition("An earlier attempt stopped before the platform confirmed it; the post is now failed (unknown-outcome).", {
        reason: "unknown-outcome",
      });
    }
    throw failedPrecondition(`Only a scheduled post can be published now; this one is ${claim.status ?? "not scheduled"}.`, {
      reason: "not-scheduled",
    });
  }
  await publishClaimed(teamId, postId, claim.post, claim.leaseId);
  const post = scheduledPostSchema.safeParse((await scheduledPostRef(teamId, postId).withConverter(null).get()).data());
  if (!post.success) throw notFound("Scheduled post");
  const { status, platformPostId, permalink, failure } = post.data;
  return { status, ...(platformPostId ? { platformPostId } : {}), ...(permalink ? { permalink } : {}), ...(failure ? { failure } : {}) };
}

export const publishNow = validatedOnCall("posts-publishNow", publishNowInput, ({ uid, data }) => handlePublishNow(uid, data), {
  timeoutSeconds: TASK_TIMEOUT_SECONDS,
  secrets: PLATFORM_SECRETS,
});
