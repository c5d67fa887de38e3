/**
 * Publishing (CONTRACT §6): the `posts-*` callables (functions/src/posts/). The `scheduledPosts`
 * document, with the publisher's fields, is in `campaign.ts`.
 */
import * as z from "zod";
import type { PublishFailure, ScheduledPostStatus } from "./campaign.js";
import { documentId } from "./shared.js";

/** `posts-publishNow { teamId, postId }` (members): publish a scheduled post now. */
export const publishNowInput = z.strictObject({ teamId: documentId, postId: documentId });

/** `posts-retry { teamId, postId }` (members): a failed post goes back to `scheduled` for now. */
export const retryPostInput = z.strictObject({ teamId: documentId, postId: documentId });

/** What `posts-publishNow` answers once the platform call is over. */
export interface PublishNowResponse {
  status: ScheduledPostStatus;
  platformPostId?: string;
  permalink?: string;
  failure?: PublishFailure;
}
